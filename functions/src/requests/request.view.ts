import { OPEN_STATUSES, ROLE_LABELS, availableRequestActions, hasAnyRole, type ReportRewardSettings, type RequestView, type Role, requestTypeOf } from '@linli/shared';
import type { Types } from 'mongoose';
import { BuildingModel, MembershipModel } from '../communities/community.model';
import { UserModel } from '../auth/user.model';
import { canOnRequest, type RequestActor } from './request.permissions';
import { RequestModel, type RequestDoc } from './request.model';
import { audienceOf, contactFor, coordinatesFor, noteAudience, sees, seesFilerName, seesNote } from './request.visibility';
import { loadPhotos, ownKeys, photoViews, voiceView } from '../uploads/photos';
import { rewardOffer, rewardView } from './report-reward';
import { needsStreetApproval, SEND_BACK_REASON_LABELS, dispatchActionsOffered, holderOf } from '@linli/shared';
import type { RequestAudience } from './request.visibility';

/**
 * 延期申请 and 回访 as this audience may see them (request.visibility.ts): handlers all of it; the filer that an
 * extension was approved and the new deadline, and that a call-back was made and when — never the reason, the
 * decision's note or what was said on the call.
 */
function extensionAndCallBack(d: RequestDoc, audience: RequestAudience): Pick<RequestView, 'extension' | 'extensionCount' | 'callBack' | 'callBackDue'> {
  const e = d.extension;
  const cb = d.callBack;
  const full = sees(audience, 'extension');
  const extension: RequestView['extension'] = !e
    ? undefined
    : full
      ? {
          status: e.status,
          proposedResolveBy: e.proposedResolveBy.toISOString(),
          reason: e.reason,
          requesterKind: e.requesterKind,
          requesterName: e.requesterName ?? undefined,
          at: e.at.toISOString(),
          decidedAt: e.decidedAt?.toISOString(),
          decisionNote: e.decisionNote ?? undefined,
          needsStreet: e.status === 'requested' && needsStreetApproval(d) ? true : undefined,
        }
      : sees(audience, 'extensionOutcome') && e.status === 'approved'
        ? { status: e.status, proposedResolveBy: e.proposedResolveBy.toISOString(), decidedAt: e.decidedAt?.toISOString() }
        : undefined;
  const callBack: RequestView['callBack'] = !cb
    ? undefined
    : sees(audience, 'callBack')
      ? { at: cb.at.toISOString(), reached: cb.reached, result: cb.result ?? undefined, note: cb.note ?? undefined, byName: cb.byName ?? undefined }
      : sees(audience, 'callBackMade')
        ? { at: cb.at.toISOString() }
        : undefined;
  return {
    extension,
    extensionCount: sees(audience, 'extensionOutcome') ? (d.extensionCount ?? 0) : undefined,
    callBack,
    callBackDue: sees(audience, 'callBack') && d.callBackDue ? true : undefined,
  };
}

const ACTOR_LABELS: Record<string, string> = { ...ROLE_LABELS, system: '系统', unit: '承办单位' };

/**
 * 吹哨报到 as this audience may see it: who holds the request now (谁在办: every viewer; a person by name only to
 * those who see the assignee), the hand-offs and the dispatches (which units, in which role, how far: every viewer,
 * the resident follows each hand-off); the pending send-back and 督办 to handlers and the units (request.visibility.ts).
 */
function dispatchFields(d: RequestDoc, audience: RequestAudience): Pick<RequestView, 'holder' | 'handOffCount' | 'dispatches' | 'sendBack' | 'supervisedAt'> {
  const list = d.dispatches ?? [];
  const sb = d.sendBack;
  const detail = sees(audience, 'handling');
  return {
    holder: holderOf(
      {
        status: d.status,
        level: d.level,
        levelSince: d.levelSince,
        levelRespondBy: d.levelRespondBy,
        levelResolveBy: d.levelResolveBy,
        respondBy: d.respondBy,
        resolveBy: d.resolveBy,
        dispatches: list,
        hasAssignee: !!d.assigneeId,
        assigneeName: d.assigneeName,
        assignedAt: d.assignedAt,
        assigneeRespondBy: d.assigneeRespondBy,
        assigneeResolveBy: d.assigneeResolveBy,
      },
      sees(audience, 'assignee'),
    ),
    handOffCount: d.handOffCount ?? 0,
    dispatches: list.map((e) => ({ dispatchId: e.dispatchId.toHexString(), unitId: e.unitId.toHexString(), unitName: e.unitName, unitType: e.unitType, role: e.role, status: e.status })),
    sendBack:
      detail && sb
        ? {
            kind: sb.kind,
            byName: sb.byName,
            reason: sb.reason,
            reasonLabel: SEND_BACK_REASON_LABELS[sb.reason],
            note: sb.note ?? undefined,
            duplicateOf: sb.duplicateOf?.toHexString(),
            dispatchId: sb.dispatchId?.toHexString(),
            at: sb.at.toISOString(),
          }
        : undefined,
    supervisedAt: detail ? d.supervisedAt?.toISOString() : undefined,
  };
}

/**
 * Where a duplicate's work goes on, as its viewer may see it: the original's status always (the filer follows the
 * work from their own request), its words only where the viewer may read that request (it may be another
 * resident's private one).
 */
function originalLink(o: RequestDoc, actor: RequestActor): NonNullable<RequestView['duplicateOf']> {
  const visible = canOnRequest('view', actor, o);
  return { id: o._id.toHexString(), status: o.status, title: visible && sees(audienceOf({ kind: 'member', actor }, o), 'text') ? (o.title ?? o.description.slice(0, 30)) : undefined, visible };
}

/**
 * Requests as this member may see them. Every field goes through the visibility rule (request.visibility.ts):
 * the audience the member belongs to for each request decides whether they get its words, names, household,
 * 代办 contact, notes (by the audience each note was written for), held texts and photos. A request the member
 * may not see at all must not be passed here (callers 404 first); if one is, it is reduced to nothing personal.
 */
export async function requestViews(
  docs: RequestDoc[],
  actor: RequestActor,
  withTimeline: boolean,
  now = new Date(),
  /** The community's 随手拍有奖 settings, where a handler may be offered the 有效举报 toggle (a request's page). */
  rewards?: ReportRewardSettings,
): Promise<RequestView[]> {
  // Names are stored at assignment; only requests assigned before that need the membership.
  const assigneeIds = [...new Set(docs.flatMap((d) => (d.assigneeId && d.assigneeName == null ? [d.assigneeId.toHexString()] : [])))];
  const buildingIds = [...new Set(docs.flatMap((d) => [...(d.household ? [d.household.buildingId.toHexString()] : []), ...(d.buildingId ? [d.buildingId.toHexString()] : [])]))];
  // The work phone of the person holding a request, on its page only (one request; lists do without).
  const phoneOf = withTimeline && docs.length === 1 && docs[0]!.assigneeId ? docs[0]!.assigneeId : undefined;
  const [assignees, buildings, photos, holder] = await Promise.all([
    assigneeIds.length && docs[0] ? MembershipModel.find({ communityId: docs[0].communityId, userId: { $in: assigneeIds } }, { userId: 1, name: 1 }).lean() : [],
    // One building (a request's page) by `_id` alone: FerretDB on SQLite reads one row for that, every row for `$in`.
    buildingIds.length === 1
      ? BuildingModel.findById(buildingIds[0], { name: 1 }).lean().then((b) => (b ? [b] : []))
      : buildingIds.length
        ? BuildingModel.find({ _id: { $in: buildingIds } }, { name: 1 }).lean()
        : [],
    loadPhotos(docs.flatMap((d) => [...d.photoKeys, ...(d.voiceKey ? [d.voiceKey] : []), ...(withTimeline ? d.timeline.flatMap((t) => [...(t.photoKeys ?? []), ...(t.voiceKey ? [t.voiceKey] : [])]) : [])])),
    phoneOf ? UserModel.findById(phoneOf, { workPhone: 1 }).lean() : null,
  ]);
  // The duplicate's link to its original and the original's count of duplicates: on a request's page only.
  // Only for those the visibility rule shows them to (the filer and handlers): nothing is read for anyone else.
  const one = withTimeline && docs.length === 1 && sees(audienceOf({ kind: 'member', actor }, docs[0]!), 'duplicates') ? docs[0]! : undefined;
  const [original, duplicateCount] = await Promise.all([
    one?.duplicateOf ? RequestModel.findOne({ _id: one.duplicateOf, communityId: one.communityId }).lean() : null,
    one && one.status !== 'duplicate' ? RequestModel.countDocuments({ communityId: one.communityId, duplicateOf: one._id }) : 0,
  ]);
  const nameOf = (id?: Types.ObjectId) => (id ? assignees.find((a) => a.userId.equals(id))?.name : undefined);
  const buildingName = (id: Types.ObjectId) => buildings.find((b) => b._id.equals(id))?.name ?? '';

  return Promise.all(
    docs.map(async (d): Promise<RequestView> => {
      const audience = audienceOf({ kind: 'member', actor }, d);
      const handler = audience === 'handler';
      const filer = audience === 'filer';
      const photoViewer = { userId: actor.userId, seesHeld: sees(audience, 'heldContent') };
      const last = d.ratings[d.ratings.length - 1];
      const text = sees(audience, 'text');
      const point = coordinatesFor(audience, d);
      const timeline = withTimeline
        ? await Promise.all(
            d.timeline
              // Texts held by content security: handlers and their author only.
              .filter((t) => !t.hidden || handler || t.actorId.equals(actor.userId))
              .map(async (t) => {
                // A note (and the photos that go with it) only for the audience it was written for; the entry itself
                // (what happened, when, in which role) is shown to everyone who sees the request.
                const noteSeen = seesNote(audience, t) || t.actorId.equals(actor.userId);
                return {
                  id: t._id.toHexString(),
                  type: t.type,
                  actorLabel: t.actorRole === 'resident' ? (d.anonymous && !handler ? '匿名居民' : '居民') : (ACTOR_LABELS[t.actorRole as Role] ?? '工作人员'),
                  actorId: sees(audience, 'actorIds') ? t.actorId.toHexString() : undefined,
                  at: t.at.toISOString(),
                  note: noteSeen ? (t.note ?? undefined) : undefined,
                  audience: noteSeen && t.note ? noteAudience(t) : undefined,
                  photos: noteSeen && t.photoKeys?.length ? (await photoViews(t.photoKeys, photoViewer, photos)).map(({ key, url }) => ({ key, url })) : undefined,
                  voice: noteSeen && sees(audience, 'voice') ? await voiceView(t.voiceKey, photoViewer, photos) : undefined,
                  pendingReview: t.hidden ? true : undefined,
                };
              }),
          )
        : undefined;
      return {
        id: d._id.toHexString(),
        communityId: d.communityId.toHexString(),
        category: d.category,
        title: text ? (d.title ?? undefined) : undefined,
        description: text ? d.description : '',
        status: d.status,
        source: d.source ?? 'resident',
        type: requestTypeOf(d.type),
        resolvedOnSpot: d.resolvedOnSpot || undefined,
        patrolId: sees(audience, 'patrol') ? d.patrolId?.toHexString() : undefined,
        fromVisit: sees(audience, 'visit') && d.visitId ? true : undefined,
        visitId: sees(audience, 'visit') ? d.visitId?.toHexString() : undefined,
        level: d.level,
        urgency: d.urgency,
        anonymous: d.anonymous,
        public: d.public,
        gridId: d.gridId?.toHexString(),
        buildingId: d.buildingId?.toHexString(),
        buildingName: d.buildingId ? buildingName(d.buildingId) || undefined : undefined,
        address: sees(audience, 'address') ? (d.address ?? undefined) : undefined,
        place: sees(audience, 'address') ? (d.place ?? undefined) : undefined,
        lat: point?.lat,
        lng: point?.lng,
        coordinatesRounded: point?.rounded || undefined,
        photoKeys: ownKeys(d.photoKeys, actor.userId, photos),
        photos: await photoViews(d.photoKeys, photoViewer, photos),
        voice: sees(audience, 'voice') ? await voiceView(d.voiceKey, photoViewer, photos) : undefined,
        assigneeId: sees(audience, 'assignee') ? d.assigneeId?.toHexString() : undefined,
        assigneeName: sees(audience, 'assignee') ? (d.assigneeName ?? nameOf(d.assigneeId)) : undefined,
        // Anonymous requests name the filer to handlers (who must be able to call back) and to the filer only.
        filerName: seesFilerName(audience, d) ? d.filerName : undefined,
        household: sees(audience, 'household') && d.household ? `${buildingName(d.household.buildingId)} ${d.household.unit}单元 ${d.household.room}` : undefined,
        contact: contactFor(audience, d),
        assigneePhone: sees(audience, 'assignee') && holder && d.assigneeId?.equals(holder._id) ? holder.workPhone : undefined,
        filedOnBehalf: d.onBehalf,
        respondBy: d.respondBy.toISOString(),
        resolveBy: d.resolveBy.toISOString(),
        meTooCount: d.meTooCount,
        reopenCount: d.reopenCount,
        rating: last && sees(audience, 'rating') ? { satisfied: last.satisfied, score: last.score, comment: last.comment ?? undefined, at: last.at.toISOString() } : undefined,
        contentStatus: d.contentStatus,
        viewer: { isFiler: filer || !!d.filerId?.equals(actor.userId), isHandler: handler },
        // The buttons: what the permission table lets this caller do and the state machine allows now.
        actions: availableRequestActions(
          { status: d.status, level: d.level, reopenCount: d.reopenCount, source: d.source, resolvedAt: d.resolvedAt, extension: d.extension, extensionCount: d.extensionCount, contentHeld: d.contentStatus === 'review' || d.timeline.some((t) => t.hidden) },
          (a) => canOnRequest(a, actor, d),
          now,
        ).concat(
          // 吹哨报到's moves, decided with the request's dispatches (dispatch.rules.ts).
          dispatchActionsOffered({ status: d.status, dispatches: d.dispatches ?? [], assigned: !!d.assigneeId, pendingSendBack: !!d.sendBack }, (a) => canOnRequest(a, actor, d)),
        ),
        duplicateOf: original && d === one ? originalLink(original as unknown as RequestDoc, actor) : undefined,
        duplicateCount: d === one && duplicateCount > 0 ? duplicateCount : undefined,
        reward: sees(audience, 'reward') ? rewardView(d.reward ?? undefined) : undefined,
        rewardOffer: rewards && handler && OPEN_STATUSES.includes(d.status) ? rewardOffer(rewards, d, actor.userId) : undefined,
        mediationCaseId: sees(audience, 'mediation') ? d.mediationCaseId?.toHexString() : undefined,
        ...extensionAndCallBack(d, audience),
        mediationOffer: handler && d.category === 'dispute' && !d.mediationCaseId && OPEN_STATUSES.includes(d.status) && hasAnyRole(actor.roles, ['grid_worker', 'staff']) ? true : undefined,
        ...dispatchFields(d, audience),
        createdAt: d.createdAt.toISOString(),
        updatedAt: d.updatedAt.toISOString(),
        timeline,
      };
    }),
  );
}
