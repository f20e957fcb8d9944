/** Reading requests: the lists a caller may see and the duplicates shown before filing. */
import { Types } from 'mongoose';
import { NOTICE_SUMMARY_CHARS, OPEN_STATUSES, VOICE_ONLY_TEXT, hasAnyRole, type RequestCategory, type RequestListQuery } from '@linli/shared';
import { RequestModel, type RequestDoc } from './request.model';
import { audienceOf, sees } from './request.visibility';
import { canOnRequest } from './request.permissions';
import { BuildingModel } from '../communities/community.model';
import { settingsOf, type RequestCaller } from './use-cases';

/** A page of requests: the caller's own, those assigned to them, or the community's part they may see. */
export async function listRequests(c: RequestCaller, query: RequestListQuery): Promise<{ docs: RequestDoc[]; nextCursor: string | null }> {
  const { user, community, actor } = c;
  const filter: Record<string, unknown> = {};
  if (query.scope === 'mine') filter.filerId = user._id;
  else if (query.scope === 'assigned') filter.assigneeId = user._id;
  else if (!hasAnyRole(community.roles, ['staff'])) {
    // Each handler sees their part of the community; everyone else only what staff made public.
    const or: Record<string, unknown>[] = [];
    if (community.roles.includes('grid_worker')) or.push({ gridId: { $in: actor.gridIds } });
    if (community.roles.includes('street_staff')) or.push({ level: 'street' });
    if (or.length === 0) or.push({ public: true, contentStatus: 'pass' });
    filter.$or = or;
  }
  if (query.status) filter.status = query.status;
  if (query.category) filter.category = query.category;
  if (query.gridId) filter.gridId = new Types.ObjectId(query.gridId);
  // Requests from before sources have none stored: they are residents'.
  if (query.source) filter.source = query.source === 'resident' ? { $in: ['resident', null] } : query.source;
  // Requests from before types have none stored (before `npm run upgrade`): they are 求助.
  if (query.type) filter.type = query.type === 'help' ? { $in: ['help', null] } : query.type;
  if (query.review) filter.$and = [{ $or: [{ contentStatus: 'review' }, { 'timeline.hidden': true }] }];
  if (query.cursor) filter._id = { $lt: new Types.ObjectId(query.cursor) };
  const docs = await community.scope.find(RequestModel, filter).sort({ _id: -1 }).limit(query.limit + 1);
  const pageDocs = docs.slice(0, query.limit);
  return { docs: pageDocs, nextCursor: docs.length > query.limit ? pageDocs[pageDocs.length - 1]!._id.toHexString() : null };
}

const DUPLICATE_WINDOW_MS = 30 * 86_400_000;

/**
 * Open requests of the same category in a building, before filing. Only what is safe for anyone in the community:
 * category, building, age, status and the number of 我也遇到 — and the words only where the caller may read them
 * (staff made the request public, or it is the caller's own or handled by them). `joinable` says where me-too
 * is possible: exactly the requests the caller may see.
 */
export async function similarRequests(c: RequestCaller, query: { buildingId?: string; category: RequestCategory }) {
  const { community, actor, now } = c;
  const buildingId = query.buildingId ?? community.membership?.household?.buildingId?.toHexString();
  if (!buildingId) return [];
  const docs = await community.scope
    .find(RequestModel, {
      buildingId: new Types.ObjectId(buildingId),
      category: query.category,
      createdAt: { $gte: new Date(now.getTime() - DUPLICATE_WINDOW_MS) },
      status: { $in: [...OPEN_STATUSES] },
      contentStatus: 'pass',
    })
    .sort({ createdAt: -1 })
    .limit(10)
    .lean();
  return docs.map((d) => {
    const audience = audienceOf({ kind: 'member', actor }, d as unknown as RequestDoc);
    return {
      id: d._id.toHexString(),
      category: d.category,
      buildingId: d.buildingId?.toHexString(),
      excerpt: sees(audience, 'text') ? (d.description || VOICE_ONLY_TEXT).slice(0, NOTICE_SUMMARY_CHARS) : undefined,
      createdAt: d.createdAt.toISOString(),
      status: d.status,
      meTooCount: d.meTooCount,
      joinable: audience !== 'none',
    };
  });
}

const CANDIDATE_WINDOW_MS = 60 * 86_400_000;
const CANDIDATE_STATUSES: readonly RequestDoc['status'][] = [...OPEN_STATUSES, 'resolved'];

/**
 * Requests a handler may name as the original of `doc` (标记为重复): the same category, filed in the last 60 days,
 * still open or just resolved, not duplicates themselves, and visible to the handler; those of the same building
 * first. The words are the handler's to read (they see every request offered here).
 */
export async function duplicateCandidates(c: RequestCaller, doc: RequestDoc) {
  const { community, actor, now } = c;
  const docs = await community.scope
    .find(RequestModel, { category: doc.category, createdAt: { $gte: new Date(now.getTime() - CANDIDATE_WINDOW_MS) } })
    .sort({ _id: -1 })
    .limit(100)
    .lean();
  const picked = (docs as unknown as RequestDoc[])
    .filter((d) => !d._id.equals(doc._id) && CANDIDATE_STATUSES.includes(d.status) && canOnRequest('view', actor, d))
    .map((d) => ({ d, sameBuilding: !!doc.buildingId && !!d.buildingId?.equals(doc.buildingId) }))
    .sort((a, b) => Number(b.sameBuilding) - Number(a.sameBuilding))
    .slice(0, 20);
  const buildingIds = [...new Set(picked.flatMap(({ d }) => (d.buildingId ? [d.buildingId.toHexString()] : [])))];
  const buildings = buildingIds.length ? await BuildingModel.find({ _id: { $in: buildingIds } }, { name: 1 }).lean() : [];
  return picked.map(({ d, sameBuilding }) => ({
    id: d._id.toHexString(),
    title: d.title ?? undefined,
    excerpt: (d.description || VOICE_ONLY_TEXT).slice(0, NOTICE_SUMMARY_CHARS),
    status: d.status,
    buildingName: d.buildingId ? buildings.find((b) => b._id.equals(d.buildingId!))?.name : undefined,
    sameBuilding,
    createdAt: d.createdAt.toISOString(),
  }));
}

/** The community's reply templates (常用回复). */
export const replyTemplatesOf = (c: RequestCaller) => settingsOf(c.community).replyTemplates;
