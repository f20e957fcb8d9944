import { Schema, Types, model, models, type Model } from 'mongoose';
import { hasAnyRole, type Endpoint, type Role } from '@linli/shared';
import { log } from './logger';
import type { DocOf } from './doc-type';

/**
 * The audit log: every staff and admin action, append-only (this module only ever inserts; nothing in the
 * product updates an entry, and only the retention job deletes one, three years after its `at`). Actor, time,
 * what was called on what, and the state before and after.
 */
const auditDefinition = {
  communityId: Schema.Types.ObjectId,
  actorId: Schema.Types.ObjectId,
  actorName: String,
  actorRoles: { type: [String], default: [] },
  action: { type: String, required: true },
  target: Schema.Types.Mixed,
  before: Schema.Types.Mixed,
  after: Schema.Types.Mixed,
  status: { type: Number, required: true },
  requestId: String,
  at: { type: Date, required: true },
};
/** Narrowed: the Mixed paths (the route parameters named; the audited fields, whatever they hold). */
export type AuditDoc = DocOf<typeof auditDefinition, { target?: Record<string, string>; before?: unknown; after?: unknown }>;
const AuditSchema = new Schema<AuditDoc>(auditDefinition, { collection: 'audit_log', versionKey: false, minimize: false });
AuditSchema.index({ communityId: 1, _id: -1 });
AuditSchema.index({ communityId: 1, action: 1, _id: -1 });
// Retention (functions/src/system/retention.ts): entries past three years, of every community and of none.
AuditSchema.index({ at: 1 });
export const AuditModel = (models.Audit as Model<AuditDoc>) ?? model<AuditDoc>('Audit', AuditSchema);

const HANDLER_ROLES: readonly Role[] = ['staff', 'grid_worker', 'street_staff', 'merchant'];
/** Endpoints open to residents whose calls are audited when staff make them (transitions, 代办, topics created by staff). */
const AUDITED_WHEN_HANDLER = new Set(['requests.act', 'requests.create', 'consultations.create']);
/** Never audited: a ballot must not be tied to anyone, not even in the audit log. */
const NEVER = new Set(['consultations.vote']);

/** Whether a successful call of `endpoint` by someone with `roles` goes into the audit log. */
export function isAudited(endpoint: Endpoint, roles: readonly Role[]): boolean {
  if (endpoint.method === 'GET' || NEVER.has(endpoint.id) || !Array.isArray(endpoint.access)) return false;
  const access = endpoint.access as readonly Role[];
  if (!access.includes('resident')) return true; // staff, admin, merchant or grid worker tools
  return AUDITED_WHEN_HANDLER.has(endpoint.id) && hasAnyRole(roles, HANDLER_ROLES);
}

/** Keeps an audit record readable and bounded: long texts cut, secrets never stored. */
function compact(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'string') return value.length > 300 ? `${value.slice(0, 300)}…` : value;
  if (typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Types.ObjectId) return value.toHexString();
  if (depth > 4) return '…';
  if (Array.isArray(value)) return value.slice(0, 20).map((v) => compact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (/token|secret|password|apiKey|open311ApiKey|openid|phone|receipt/i.test(k)) out[k] = v === undefined ? undefined : '***';
    else if (k === 'timeline' || k === 'history' || k === 'outbox') out[k] = Array.isArray(v) ? `(${v.length})` : '…';
    else out[k] = compact(v, depth + 1);
  }
  return out;
}

/**
 * What an audited call changes is named by its path parameter (membershipId, requestId, …): each feature
 * registers the model and the fields worth recording, and the pipeline snapshots them before the handler runs.
 */
const targets = new Map<string, { model: Model<any>; fields: string; by?: string }>();
export function registerAuditTarget(param: string, model: Model<any>, fields: string, by = '_id'): void {
  targets.set(param, { model, fields, by });
}

export async function snapshotBefore(params: Record<string, string>, communityId: Types.ObjectId): Promise<unknown> {
  for (const [param, value] of Object.entries(params)) {
    const t = targets.get(param);
    if (!t) continue;
    const key = t.by === '_id' ? (Types.ObjectId.isValid(value) ? new Types.ObjectId(value) : null) : value;
    if (key === null) return undefined;
    const doc = await t.model.findOne({ [t.by!]: key, communityId }, t.fields).lean();
    return doc ?? undefined;
  }
  return undefined;
}

/**
 * A read of sensitive personal information (a household's care flags): one entry per answer, naming every record
 * read (`target.ids`, comma-separated), so a list of twenty households is one entry, not twenty. Unlike a write's
 * entry it is written before the answer goes and is not best-effort: when it cannot be written the read fails,
 * since an unrecorded read of such data must not happen.
 */
export async function writeReadAudit(entry: {
  communityId: Types.ObjectId;
  actorId: Types.ObjectId;
  actorName?: string;
  actorRoles: readonly Role[];
  /** What was read, e.g. `households.careFlags.read`. */
  action: string;
  /** The endpoint that answered with it. */
  via: string;
  ids: readonly string[];
  requestId?: string;
  at: Date;
}): Promise<void> {
  if (!entry.ids.length) return;
  await AuditModel.create({
    communityId: entry.communityId,
    actorId: entry.actorId,
    actorName: entry.actorName,
    actorRoles: [...entry.actorRoles],
    action: entry.action,
    target: { via: entry.via, ids: entry.ids.join(',') },
    status: 200,
    requestId: entry.requestId,
    at: entry.at,
  });
}

export async function writeAudit(entry: Omit<AuditDoc, '_id'>): Promise<void> {
  try {
    await AuditModel.create({ ...entry, before: compact(entry.before), after: compact(entry.after) });
  } catch (err) {
    // The action itself succeeded; a failed audit write is logged loudly rather than failing it.
    log('error', 'audit write failed', { action: entry.action, error: String((err as Error).message) });
  }
}
