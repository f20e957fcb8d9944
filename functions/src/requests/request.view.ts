import { ROLE_LABELS, type RequestView, type Role } from '@linli/shared';
import type { Types } from 'mongoose';
import { BuildingModel, MembershipModel } from '../communities/community.model';
import { canOnRequest, type RequestActor } from './request.permissions';
import type { RequestDoc } from './request.model';
import { loadPhotos, photoViews } from '../uploads/photos';

const ACTOR_LABELS: Record<string, string> = { ...ROLE_LABELS, system: '系统' };

/**
 * A request as this actor may see it: personal data (filer, household, who acted as a resident) only for the
 * filer and those who handle it; texts held for review only for handlers; anonymous requests never name the filer
 * to anyone but handlers.
 */
export async function requestViews(docs: RequestDoc[], actor: RequestActor, withTimeline: boolean): Promise<RequestView[]> {
  // Names are stored at assignment; only requests assigned before that need the membership.
  const assigneeIds = [...new Set(docs.flatMap((d) => (d.assigneeId && d.assigneeName == null ? [d.assigneeId.toHexString()] : [])))];
  const buildingIds = [...new Set(docs.flatMap((d) => (d.household ? [d.household.buildingId.toHexString()] : [])))];
  const [assignees, buildings, photos] = await Promise.all([
    assigneeIds.length && docs[0] ? MembershipModel.find({ communityId: docs[0].communityId, userId: { $in: assigneeIds } }, { userId: 1, name: 1 }).lean() : [],
    // One building (a request's page) by `_id` alone: FerretDB on SQLite reads one row for that, every row for `$in`.
    buildingIds.length === 1
      ? BuildingModel.findById(buildingIds[0], { name: 1 }).lean().then((b) => (b ? [b] : []))
      : buildingIds.length
        ? BuildingModel.find({ _id: { $in: buildingIds } }, { name: 1 }).lean()
        : [],
    loadPhotos(docs.flatMap((d) => [...d.photoKeys, ...(withTimeline ? d.timeline.flatMap((t) => t.photoKeys ?? []) : [])])),
  ]);
  const nameOf = (id?: Types.ObjectId) => (id ? assignees.find((a) => a.userId.equals(id))?.name : undefined);
  const buildingName = (id: Types.ObjectId) => buildings.find((b) => b._id.equals(id))?.name ?? '';

  return Promise.all(docs.map(async (d) => {
    const personal = canOnRequest('view_personal', actor, d);
    const handler = canOnRequest('accept', actor, d);
    const last = d.ratings[d.ratings.length - 1];
    return {
      id: d._id.toHexString(),
      communityId: d.communityId.toHexString(),
      category: d.category,
      title: d.title ?? undefined,
      description: d.description,
      status: d.status,
      level: d.level,
      urgency: d.urgency,
      anonymous: d.anonymous,
      public: d.public,
      gridId: d.gridId?.toHexString(),
      buildingId: d.buildingId?.toHexString(),
      address: personal ? d.address ?? undefined : undefined,
      photoKeys: d.photoKeys,
      photos: await photoViews(d.photoKeys, personal, photos),
      assigneeId: d.assigneeId?.toHexString(),
      assigneeName: d.assigneeName ?? nameOf(d.assigneeId),
      filerName: personal && (!d.anonymous || handler || d.filerId?.equals(actor.userId)) ? d.filerName : undefined,
      household: personal && d.household ? `${buildingName(d.household.buildingId)} ${d.household.unit}单元 ${d.household.room}` : undefined,
      filedOnBehalf: d.onBehalf,
      respondBy: d.respondBy.toISOString(),
      resolveBy: d.resolveBy.toISOString(),
      meTooCount: d.meTooCount,
      reopenCount: d.reopenCount,
      rating: last && personal ? { satisfied: last.satisfied, score: last.score, comment: last.comment ?? undefined, at: last.at.toISOString() } : undefined,
      contentStatus: d.contentStatus,
      viewer: { isFiler: !!d.filerId?.equals(actor.userId), isHandler: handler },
      createdAt: d.createdAt.toISOString(),
      updatedAt: d.updatedAt.toISOString(),
      timeline: withTimeline
        ? d.timeline
            .filter((t) => handler || !t.hidden || t.actorId.equals(actor.userId))
            .map((t) => ({
              id: t._id.toHexString(),
              type: t.type,
              actorLabel: t.actorRole === 'resident' ? (d.anonymous && !handler ? '匿名居民' : '居民') : ACTOR_LABELS[t.actorRole as Role] ?? '工作人员',
              actorId: personal ? t.actorId.toHexString() : undefined,
              at: t.at.toISOString(),
              note: t.note ?? undefined,
              photos: t.photoKeys?.length ? t.photoKeys : undefined,
              pendingReview: t.hidden ? true : undefined,
            }))
        : undefined,
    };
  })).then((views) =>
    Promise.all(
      views.map(async (v) => ({
        ...v,
        timeline: v.timeline
          ? await Promise.all(v.timeline.map(async (e) => ({ ...e, photos: e.photos ? await photoViews(e.photos, true, photos) : undefined })))
          : undefined,
      })),
    ),
  );
}
