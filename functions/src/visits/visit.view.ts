import { Types } from 'mongoose';
import {
  ANONYMISED_PERSON_LABEL,
  ERASED_OCCUPANT_LABEL,
  REFUSED_GUEST_LABEL,
  REFUSED_PERSON_LABEL,
  REQUEST_CATEGORY_LABELS,
  VOICE_ONLY_TEXT,
  caseNumber,
  followUpOverdue,
  householdAddress,
  noticeSummary,
  type FollowUpView,
  type MetView,
  type VisitTopic,
  type VisitView,
} from '@linli/shared';
import type { CommunityContext } from '../communities/community-context';
import { BuildingModel } from '../communities/community.model';
import { writeReadAudit } from '../lib/audit';
import { HouseholdModel, type HouseholdRecordDoc } from '../households/household.model';
import { RequestModel } from '../requests/request.model';
import { CaseModel } from '../mediation/case.model';
import { canOnRequest } from '../requests/request.permissions';
import { canOnVisit, type VisitActor } from './visit.permissions';
import { FollowUpModel, VisitModel, type FollowUpDoc, type MetDoc, type VisitDoc } from './visit.model';

/** The households and buildings a page of visits or follow-ups names (a page reads each once). */
async function placesOf(community: CommunityContext, householdIds: Types.ObjectId[]) {
  const households = householdIds.length
    ? await community.scope.find(HouseholdModel, { _id: { $in: householdIds } }).select({ buildingId: 1, unit: 1, room: 1, occupants: 1 }).lean<HouseholdRecordDoc[]>()
    : [];
  const buildingIds = [...new Set(households.map((h) => h.buildingId.toHexString()))].map((id) => new Types.ObjectId(id));
  const buildings = buildingIds.length ? await community.scope.find(BuildingModel, { _id: { $in: buildingIds } }).select({ name: 1, gridId: 1 }).lean() : [];
  const household = (id: Types.ObjectId) => households.find((h) => h._id.equals(id));
  const building = (id: Types.ObjectId) => buildings.find((b) => b._id.equals(id));
  return {
    household,
    address: (id: Types.ObjectId) => {
      const h = household(id);
      return h ? householdAddress(building(h.buildingId)?.name ?? '', h.unit, h.room) : '';
    },
    /** The grid the household's building is in now: what the permission table judges by. */
    gridNow: (buildingId: Types.ObjectId) => building(buildingId)?.gridId,
  };
}

type Places = Awaited<ReturnType<typeof placesOf>>;

function followUpView(f: FollowUpDoc, actor: VisitActor, places: Places, buildingId: Types.ObjectId | undefined, now: Date): FollowUpView {
  return {
    id: f._id.toHexString(),
    visitId: f.visitId.toHexString(),
    householdId: f.householdId.toHexString(),
    address: places.address(f.householdId),
    gridId: f.gridId?.toHexString(),
    text: f.text,
    dueOn: f.dueOn,
    status: f.status,
    overdue: f.status === 'open' && followUpOverdue(f.dueOn, now),
    doneAt: f.doneAt?.toISOString(),
    doneByName: f.doneByName ?? undefined,
    doneNote: f.doneNote ?? undefined,
    canComplete: f.status === 'open' && !!buildingId && canOnVisit('complete_follow_up', actor, { gridId: places.gridNow(buildingId) }),
  };
}

/**
 * A person met as the visit shows them: the register's name while their entry is there (erasing the entry takes the
 * name off every visit), the name given by someone not on the register, or a placeholder — refused, erased, deleted.
 */
function metView(m: MetDoc, household: HouseholdRecordDoc | undefined): MetView {
  const base = { consent: m.consent, consentAt: m.consentAt?.toISOString() };
  if (m.anonymised) return { ...base, label: ANONYMISED_PERSON_LABEL };
  if (m.consent === 'refused') return { ...base, label: m.kind === 'other' ? REFUSED_GUEST_LABEL : REFUSED_PERSON_LABEL };
  if (m.kind === 'other') return { ...base, label: m.name ?? REFUSED_GUEST_LABEL, relation: m.relation ?? undefined };
  const o = m.occupantId ? household?.occupants.find((x) => x._id.equals(m.occupantId!)) : undefined;
  return o ? { ...base, occupantId: o._id.toHexString(), label: o.name, relation: o.relation ?? undefined } : { ...base, label: ERASED_OCCUPANT_LABEL };
}

/**
 * Visits as this caller sees them — only ever given to those the permission table lets see them (the routes load
 * them through it): notes, the people met, follow-ups, and with `detail` (one visit's page) the requests filed from
 * it, read through their link (requests.visitId: only the request names it) and shown where the caller may see them,
 * and the dispute cases opened from it (cases.visitId) by number and state only: a case's contents are for its
 * mediators and parties (the case page decides), while that a visit led to a case, and how far it got, is the
 * visit's own record for the grid workers and staff who read it (staff list the community's cases anyway).
 */
export async function visitViews(docs: VisitDoc[], actor: VisitActor, community: CommunityContext, now: Date, detail: boolean): Promise<VisitView[]> {
  if (!docs.length) return [];
  const ids = docs.map((d) => d._id);
  const [places, items, requests, cases] = await Promise.all([
    placesOf(community, [...new Set(docs.map((d) => d.householdId.toHexString()))].map((id) => new Types.ObjectId(id))),
    community.scope.find(FollowUpModel, { visitId: ids.length === 1 ? ids[0] : { $in: ids } }).sort({ _id: 1 }).lean<FollowUpDoc[]>(),
    detail && docs.length === 1 ? community.scope.find(RequestModel, { visitId: docs[0]!._id }).sort({ _id: -1 }).select({ timeline: 0, outbox: 0 }).lean() : [],
    detail && docs.length === 1 ? community.scope.find(CaseModel, { visitId: docs[0]!._id }).sort({ _id: -1 }).select({ status: 1 }).lean() : [],
  ]);
  // A visit whose household record is gone (erased, and the visits' removal interrupted) is shown to nobody.
  return docs.flatMap((d) => {
    const household = places.household(d.householdId);
    if (!household) return [];
    const view: VisitView = {
      id: d._id.toHexString(),
      communityId: d.communityId.toHexString(),
      householdId: d.householdId.toHexString(),
      address: places.address(d.householdId),
      gridId: d.gridId?.toHexString(),
      date: d.visitedOn,
      recordedAt: d.createdAt.toISOString(),
      recorderId: d.recordedBy.toHexString(),
      recorderName: d.recorderName,
      topics: d.topics as VisitTopic[],
      notes: d.notes ?? undefined,
      met: d.met.map((m) => metView(m, household)),
      metCount: d.met.length,
      followUps: items.filter((f) => f.visitId.equals(d._id)).map((f) => followUpView(f, actor, places, d.buildingId, now)),
      requests: detail
        ? requests
            .filter((r) => canOnRequest('view', actor, r))
            .map((r) => ({ id: r._id.toHexString(), title: r.title || noticeSummary(REQUEST_CATEGORY_LABELS[r.category], r.description || VOICE_ONLY_TEXT), status: r.status }))
        : undefined,
      cases: detail ? cases.map((k) => ({ id: k._id.toHexString(), number: caseNumber(k._id.toHexString()), status: k.status })) : undefined,
      actions: canOnVisit('file_request', actor, { gridId: places.gridNow(d.buildingId) }) ? ['file_request' as const] : [],
    };
    return [view];
  });
}

/**
 * Open follow-ups as a list shows them, with where each is to be done. Items whose visit was never written (a crash
 * between the two writes, use-cases `createVisit`) are left out.
 */
export async function followUpViews(items: FollowUpDoc[], actor: VisitActor, community: CommunityContext, now: Date): Promise<FollowUpView[]> {
  if (!items.length) return [];
  const visitIds = [...new Set(items.map((f) => f.visitId.toHexString()))].map((id) => new Types.ObjectId(id));
  const [visits, places] = await Promise.all([
    community.scope.find(VisitModel, { _id: { $in: visitIds } }).select({ buildingId: 1 }).lean(),
    placesOf(community, [...new Set(items.map((f) => f.householdId.toHexString()))].map((id) => new Types.ObjectId(id))),
  ]);
  return items.flatMap((f) => {
    const v = visits.find((x) => x._id.equals(f.visitId));
    return v ? [followUpView(f, actor, places, v.buildingId, now)] : [];
  });
}

/** One follow-up as its own answer (after marking it done). */
export async function followUpViewOf(f: FollowUpDoc, actor: VisitActor, community: CommunityContext, now: Date): Promise<FollowUpView> {
  return (await followUpViews([f], actor, community, now))[0]!;
}

/**
 * Records in the audit log that this answer showed visits' notes and people met (one entry per answer, naming the
 * visits; the entry holds ids, not the notes). Run by every route answering visits, before the answer goes: when
 * the entry cannot be written, the answer is refused (fail-closed), as for care flags.
 */
export async function auditVisitRead(views: readonly VisitView[], ctx: { actor: VisitActor; community: CommunityContext; via: string; requestId?: string; now: Date }): Promise<void> {
  await writeReadAudit({
    communityId: ctx.community.communityId,
    actorId: ctx.actor.userId,
    actorName: ctx.community.membership?.name ?? undefined,
    actorRoles: ctx.actor.roles,
    action: 'visits.notes.read',
    via: ctx.via,
    ids: views.map((v) => v.id),
    requestId: ctx.requestId,
    at: ctx.now,
  });
}
