/**
 * The routes of 吹哨报到 (served by the requests function): the dispatch picker, in the request's community, and the
 * unit side — a unit member's queue, a request dispatched to their unit, and their moves on it. Unit routes are
 * street-scoped (`signedIn`, no X-Community-Id): the caller's units are looked up here, and a request not dispatched
 * to one of them is 404, with no hint that it exists. They act through the requests feature's machinery with a caller
 * built for the request's community (no roles there: the unit audience of request.visibility.ts decides the fields).
 */
import { Types } from 'mongoose';
import { api, type DispatchStatus, type DispatchView, type UnitAction, type UnitRequestItem } from '@linli/shared';
import { route } from '../api';
import { orThrow } from '../lib/outcome';
import { forbidden, notFound, type ApiError } from '../lib/errors';
import { writeAudit } from '../lib/audit';
import { CommunityScope } from '../lib/scope';
import type { UserDoc } from '../auth/user.model';
import { BuildingModel, CommunityModel } from '../communities/community.model';
import type { CommunityContext } from '../communities/community-context';
import { unitContextOf } from '../units/unit-context';
import { grantRequestPhotoUpload } from '../uploads/photos';
import { DispatchModel, type DispatchDoc } from './dispatch.model';
import { RequestModel, type RequestDoc } from './request.model';
import { unitRole, type RequestActor } from './request.permissions';
import { requestViews } from './request.view';
import { dispatchOptions, unitActionsOffered, unitDispatchOf, unitMove } from './dispatch';
import { requestExtension } from './extensions';
import { callerOf, settingsOf, type Outcome, type RequestCaller, type RequestUseCaseRefusal } from './use-cases';

/**
 * Unit-side moves beyond dispatch.ts's own, by action name: EXTCALL plugs `request_extension` (the lead unit asks
 * for more time) in here, with its input in dispatch.schema.ts `UNIT_EXTRA_ACTION_INPUTS`.
 */
export const UNIT_EXTRA_MOVES: Partial<Record<UnitAction, (c: RequestCaller, id: string, input: never) => Promise<Outcome<RequestDoc>>>> = {
  // 延期申请 by the lead unit (extensions.ts): the same use case as a person holder's.
  request_extension: requestExtension,
};

const ACTIVE: DispatchStatus[] = ['dispatched', 'acknowledged'];
const STATUS_FILTER: Record<string, DispatchStatus[] | null> = {
  active: ACTIVE,
  dispatched: ['dispatched'],
  acknowledged: ['acknowledged'],
  resolved: ['resolved'],
  sent_back: ['sent_back'],
  all: null,
};

/** A caller of the unit side, for one request: 404 unless it was dispatched to one of the caller's units. */
async function unitCaller(user: UserDoc, requestId: string, now: Date): Promise<{ c: RequestCaller; doc: RequestDoc }> {
  const { units } = await unitContextOf(user);
  const actor: RequestActor = { userId: user._id, roles: [], gridIds: [], unitIds: units.map((u) => u._id) };
  const doc = units.length && Types.ObjectId.isValid(requestId) ? await RequestModel.findById(requestId) : null;
  if (!doc || !unitRole(actor, doc)) throw notFound('诉求不存在');
  const community = await CommunityModel.findById(doc.communityId);
  if (!community) throw notFound('诉求不存在');
  const context: CommunityContext = { communityId: community._id, community, membership: undefined, roles: [], scope: new CommunityScope(community._id) };
  return { c: { user, community: context, now, actor }, doc };
}

/** A dispatch as its unit and the request's handlers see it; its status as the request says (the arbiter). */
function dispatchView(d: DispatchDoc, status: DispatchStatus, communityName?: string): DispatchView {
  return {
    dispatchId: d._id.toHexString(),
    unitId: d.unitId.toHexString(),
    unitName: d.unitName,
    unitType: d.unitType,
    role: d.role,
    status,
    requestId: d.requestId.toHexString(),
    communityId: d.communityId.toHexString(),
    communityName,
    dispatcherLevel: d.dispatcherLevel,
    dispatchedAt: d.dispatchedAt.toISOString(),
    respondBy: d.respondBy.toISOString(),
    resolveBy: d.resolveBy.toISOString(),
    acknowledgedAt: d.acknowledgedAt?.toISOString(),
    resolvedAt: d.resolvedAt?.toISOString(),
    note: d.note ?? undefined,
    sendBack: d.sendBack?.reason && d.sendBack.at ? { reason: d.sendBack.reason, note: d.sendBack.note ?? undefined, at: d.sendBack.at.toISOString() } : undefined,
    rating: d.rating?.score && d.rating.at ? { score: d.rating.score, note: d.rating.note ?? undefined, at: d.rating.at.toISOString() } : undefined,
    extensions: d.extensions ?? 0,
  };
}

const statusOn = (doc: Pick<RequestDoc, 'dispatches'>, d: DispatchDoc): DispatchStatus => doc.dispatches?.find((e) => e.dispatchId.equals(d._id))?.status ?? d.status;

/** What a unit member gets for a request: the request's view (unit audience), their dispatch and their moves. */
async function unitView(c: RequestCaller, doc: RequestDoc) {
  const mine = unitDispatchOf(c, doc)!;
  const [view] = await requestViews([doc], c.actor, true, c.now, settingsOf(c.community).reportRewards);
  const record = await DispatchModel.findById(mine.dispatchId).lean<DispatchDoc>();
  if (!record) throw notFound('派单不存在'); // step 2 of the dispatch not finished yet: repair finishes it
  const extra = (Object.keys(UNIT_EXTRA_MOVES) as UnitAction[]).filter((a) => view!.actions.includes(a as never));
  return {
    request: view!,
    dispatch: dispatchView(record, mine.status, c.community.community.name),
    unitActions: [...unitActionsOffered(c, doc), ...extra],
  };
}

export function dispatchRoutes(refusalError: (r: RequestUseCaseRefusal) => ApiError) {
  const unwrap = <T>(o: Outcome<T>): T => orThrow(o, refusalError);

  const options = route(api.requests.dispatchOptions, async ({ user, community, params, now }) => unwrap(await dispatchOptions(callerOf(user, community, now), params.requestId)));

  /** The caller's units' dispatches: active ones due first; others newest first. */
  const unitList = route(api.requests.unitList, async ({ user, query, now }) => {
    const { units } = await unitContextOf(user);
    if (!units.length) throw forbidden('您还不是任何单位的工作人员');
    const mine = query.unitId ? units.filter((u) => u._id.equals(query.unitId!)) : units;
    if (!mine.length) throw notFound('单位不存在');
    const statuses = STATUS_FILTER[query.status];
    const dueFirst = query.status === 'active' || query.status === 'dispatched' || query.status === 'acknowledged';
    const lists = await Promise.all(
      mine.map((u) =>
        DispatchModel.find({ unitId: u._id, ...(statuses ? { status: { $in: statuses } } : {}) })
          .sort(dueFirst ? { resolveBy: 1 } : { _id: -1 })
          .limit(query.limit)
          .lean<DispatchDoc[]>(),
      ),
    );
    const records = lists
      .flat()
      .sort((a, b) => (dueFirst ? a.resolveBy.getTime() - b.resolveBy.getTime() : b._id.toHexString().localeCompare(a._id.toHexString())))
      .slice(0, query.limit);
    const requestIds = [...new Set(records.map((d) => d.requestId.toHexString()))];
    const requests = requestIds.length ? await RequestModel.find({ _id: { $in: requestIds } }).lean<RequestDoc[]>() : [];
    const buildingIds = [...new Set(requests.flatMap((r) => (r.buildingId ? [r.buildingId.toHexString()] : [])))];
    const communityIds = [...new Set(records.map((d) => d.communityId.toHexString()))];
    const [buildings, communities] = await Promise.all([
      buildingIds.length ? BuildingModel.find({ _id: { $in: buildingIds } }, { name: 1 }).lean() : [],
      Promise.all(communityIds.map((id) => CommunityModel.findById(id, { name: 1 }).lean())),
    ]);
    const items: UnitRequestItem[] = [];
    for (const d of records) {
      const r = requests.find((x) => x._id.equals(d.requestId));
      if (!r) continue;
      const status = statusOn(r, d);
      // The request says the dispatch moved on (step 2 still to follow): the filter is by what the request says.
      if (statuses && !statuses.includes(status)) continue;
      const due = status === 'dispatched' ? d.respondBy : d.resolveBy;
      items.push({
        dispatch: dispatchView(d, status, communities.find((c) => c?._id.equals(d.communityId))?.name),
        request: {
          id: r._id.toHexString(),
          category: r.category,
          title: r.title ?? undefined,
          excerpt: r.contentStatus === 'pass' ? r.description.slice(0, 60) : '（内容审核中）',
          status: r.status,
          buildingName: r.buildingId ? buildings.find((b) => b._id.equals(r.buildingId!))?.name : undefined,
          urgency: r.urgency,
          createdAt: r.createdAt.toISOString(),
          resolveBy: r.resolveBy.toISOString(),
        },
        overdue: ACTIVE.includes(status) && now > due,
      });
    }
    return { items };
  });

  const unitGet = route(api.requests.unitGet, async ({ user, params, now }) => {
    const { c, doc } = await unitCaller(user, params.requestId, now);
    return unitView(c, doc);
  });

  const unitAct = route(api.requests.unitAct, async ({ user, params, body, now, event }) => {
    const { c, doc: before } = await unitCaller(user, params.requestId, now);
    const extra = UNIT_EXTRA_MOVES[body.action];
    const outcome =
      body.action === 'acknowledge' || body.action === 'reply' || body.action === 'resolve' || body.action === 'done' || body.action === 'send_back'
        ? await unitMove(c, params.requestId, body)
        : extra
          ? await extra(c, params.requestId, body as never)
          : ({ ok: false, reason: 'not_found' } as const);
    const doc = unwrap(outcome);
    const mine = unitDispatchOf(c, before);
    // Unit-side calls carry no community role, so the pipeline does not audit them: every move is recorded here.
    await writeAudit({
      communityId: doc.communityId,
      actorId: user._id,
      actorName: mine?.unitName,
      actorRoles: ['unit'],
      action: `requests.unitAct.${body.action}`,
      target: { requestId: params.requestId, ...(mine ? { dispatchId: mine.dispatchId.toHexString(), unitId: mine.unitId.toHexString() } : {}) },
      before: { status: before.status, dispatch: mine?.status },
      after: { status: doc.status, dispatch: unitDispatchOf(c, doc)?.status, ...(body.action === 'send_back' ? { reason: body.reason } : {}) },
      status: 200,
      requestId: event.requestContext?.requestId,
      at: now,
    });
    return unitView(c, doc);
  });

  // 办结 photos of a unit member: granted in the request's community, only on a request dispatched to their unit
  // (unitCaller's 404 otherwise); the keys are then accepted by the unit's resolve (dispatch.ts unitMove).
  const unitPhotoUpload = route(api.requests.unitPhotoUpload, async ({ user, params, body, now }) => {
    const { c } = await unitCaller(user, params.requestId, now);
    return grantRequestPhotoUpload(c.community.scope, user._id, body.contentType, now);
  });

  return [options, unitList, unitGet, unitAct, unitPhotoUpload];
}
