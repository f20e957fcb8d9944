import { OPEN_STATUSES, ROLE_LABELS, availableRequestActions, hasAnyRole, type ReportRewardSettings, type RequestView, type Role } from '@linli/shared';
import type { Types } from 'mongoose';
import { BuildingModel, MembershipModel } from '../communities/community.model';
import { UserModel } from '../auth/user.model';
import { canOnRequest, type RequestActor } from './request.permissions';
import { RequestModel, type RequestDoc } from './request.model';
import { audienceOf, coordinatesFor, noteAudience, sees, seesNote } from './request.visibility';
import { loadPhotos, ownKeys, photoViews, voiceView } from '../uploads/photos';
import { rewardOffer, rewardView } from './report-reward';

const ACTOR_LABELS: Record<string, string> = { ...ROLE_LABELS, system: '系统' };

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
        filerName: sees(audience, 'filerName') ? d.filerName : undefined,
        household: sees(audience, 'household') && d.household ? `${buildingName(d.household.buildingId)} ${d.household.unit}单元 ${d.household.room}` : undefined,
        contact: sees(audience, 'contact') && (d.onBehalf || d.contactPhone) ? { name: d.filerName, phone: d.contactPhone ?? undefined } : undefined,
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
          { status: d.status, level: d.level, reopenCount: d.reopenCount, source: d.source, resolvedAt: d.resolvedAt, contentHeld: d.contentStatus === 'review' || d.timeline.some((t) => t.hidden) },
          (a) => canOnRequest(a, actor, d),
          now,
        ),
        duplicateOf: original && d === one ? originalLink(original as unknown as RequestDoc, actor) : undefined,
        duplicateCount: d === one && duplicateCount > 0 ? duplicateCount : undefined,
        reward: sees(audience, 'reward') ? rewardView(d.reward ?? undefined) : undefined,
        rewardOffer: rewards && handler && OPEN_STATUSES.includes(d.status) ? rewardOffer(rewards, d, actor.userId) : undefined,
        mediationCaseId: sees(audience, 'mediation') ? d.mediationCaseId?.toHexString() : undefined,
        mediationOffer: handler && d.category === 'dispute' && !d.mediationCaseId && OPEN_STATUSES.includes(d.status) && hasAnyRole(actor.roles, ['grid_worker', 'staff']) ? true : undefined,
        createdAt: d.createdAt.toISOString(),
        updatedAt: d.updatedAt.toISOString(),
        timeline,
      };
    }),
  );
}
