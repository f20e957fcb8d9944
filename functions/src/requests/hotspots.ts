/**
 * 每月一题: the month's recurring problems — a community's requests grouped by category × building (or the place
 * marked on the map, for those with no building) — and the one-tap turn of one into a 议事 topic (consultations'
 * own use case) or a 主动治理 task (a request of source `proactive`, handled through the same loop, linked to the
 * requests it came from). A month of one community's requests is read once through its (communityId, createdAt)
 * index and grouped here: the ids of each cluster are part of the answer, which $group with $sum alone cannot give.
 */
import { Types } from 'mongoose';
import {
  HOTSPOT_MIN_REQUESTS,
  REQUEST_CATEGORY_LABELS,
  SHANGHAI_OFFSET_MS,
  api,
  hasAnyRole,
  hotspotKey,
  hotspotTrend,
  previousMonthOf,
  shanghaiMonth,
  type Hotspot,
  type HotspotActInput,
  type RequestCategory,
} from '@linli/shared';
import { route } from '../api';
import { ApiError, forbidden, validationFailed } from '../lib/errors';
import { BuildingModel } from '../communities/community.model';
import { displayName, type CommunityContext } from '../communities/community-context';
import type { UserDoc } from '../auth/user.model';
import { holidayCalendars } from '../system/holidays';
import { callerOf as consultationCallerOf, propose, worldOf } from '../consultations/use-cases';
import { canOnConsultation } from '../consultations/consultation.permissions';
import { RequestModel, type RequestDoc } from './request.model';
import { newRequestDoc } from './request.factory';
import { audienceOf, sees } from './request.visibility';
import { settingsOf } from './use-cases';
import { deliverOutbox } from './notify';
import { countRequestChange } from './request-stats';

/** The first instant of a Shanghai month. */
const monthStart = (month: string) => new Date(Date.parse(`${month}-01T00:00:00Z`) - SHANGHAI_OFFSET_MS);
const nextMonthOf = (month: string) => {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

/** Clusters with the most requests first; the answer lists this many at most. */
const MAX_HOTSPOTS = 20;
/** A month of one community's requests read at most (far above any community's month). */
const MAX_REQUESTS_READ = 20_000;

/** Requests that say nothing of a recurring problem: refused, withdrawn, and 主动治理 tasks themselves. */
const LEFT_OUT_STATUSES = new Set(['rejected', 'withdrawn']);

type ClusterRequest = Pick<RequestDoc, '_id' | 'category' | 'buildingId' | 'place' | 'status' | 'source' | 'month' | 'filerId' | 'assigneeId' | 'gridId' | 'level' | 'public' | 'contentStatus' | 'extension' | 'extensionCount'>;

interface Cluster {
  key: string;
  category: RequestCategory;
  buildingId?: Types.ObjectId;
  place?: string;
  ids: Types.ObjectId[];
  previous: number;
}

/**
 * The clusters of `month` with last month's number at the same spot. A place is the words of whoever filed, so it
 * names a cluster only where the caller may read the request's address (request.visibility `address`); a request
 * whose place they may not read counts among the category's 未注明地点.
 */
async function clustersOf(user: UserDoc, community: CommunityContext, month: string): Promise<Map<string, Cluster>> {
  const previousMonth = previousMonthOf(month);
  const actor = { userId: user._id, roles: community.roles, gridIds: community.membership?.gridIds ?? [] };
  const docs = await community.scope
    .find(RequestModel, { createdAt: { $gte: monthStart(previousMonth), $lt: monthStart(nextMonthOf(month)) } })
    .select({ category: 1, buildingId: 1, place: 1, status: 1, source: 1, month: 1, filerId: 1, assigneeId: 1, gridId: 1, level: 1, public: 1, contentStatus: 1, extension: 1, extensionCount: 1 })
    .limit(MAX_REQUESTS_READ)
    .lean<ClusterRequest[]>();
  const clusters = new Map<string, Cluster>();
  for (const r of docs) {
    if (LEFT_OUT_STATUSES.has(r.status) || r.source === 'proactive') continue;
    const place = !r.buildingId && r.place && sees(audienceOf({ kind: 'member', actor }, r), 'address') ? r.place.trim() : undefined;
    const key = hotspotKey(r.category, r.buildingId ? String(r.buildingId) : null, place);
    let c = clusters.get(key);
    if (!c) clusters.set(key, (c = { key, category: r.category, buildingId: r.buildingId ?? undefined, place, ids: [], previous: 0 }));
    if (r.month === month) c.ids.push(r._id);
    else c.previous++;
  }
  return clusters;
}

const hotspots = route(api.stats.hotspots, async ({ user, community, query, now }) => {
  const month = query.month ?? shanghaiMonth(now);
  const [clusters, buildings] = await Promise.all([clustersOf(user, community, month), community.scope.find(BuildingModel).select({ name: 1 }).lean()]);
  const buildingName = new Map(buildings.map((b) => [String(b._id), b.name]));
  const items: Hotspot[] = [...clusters.values()]
    .filter((c) => c.ids.length >= HOTSPOT_MIN_REQUESTS)
    .sort((a, b) => b.ids.length - a.ids.length || b.ids.length - b.previous - (a.ids.length - a.previous) || a.key.localeCompare(b.key))
    .slice(0, MAX_HOTSPOTS)
    .map((c) => ({
      key: c.key,
      category: c.category,
      categoryLabel: REQUEST_CATEGORY_LABELS[c.category],
      buildingId: c.buildingId ? String(c.buildingId) : undefined,
      place: c.place,
      where: c.buildingId ? (buildingName.get(String(c.buildingId)) ?? '楼栋') : (c.place ?? '未注明地点'),
      count: c.ids.length,
      previousCount: c.previous,
      trend: hotspotTrend(c.ids.length, c.previous),
      requestIds: c.ids.map(String),
    }));
  return { month, previousMonth: previousMonthOf(month), items };
});

/** The refusals of turning a cluster into something, each its HTTP answer. */
const noCluster = () => validationFailed([{ path: 'category', message: '本月这个位置没有这类诉求，请刷新后重试' }], '本月这个位置没有这类诉求');

/** A 议事 topic from the cluster: consultations' own use case, by whoever may start one there (staff). */
async function openTopic(user: UserDoc, community: CommunityContext, body: HotspotActInput, ids: Types.ObjectId[], now: Date) {
  const c = consultationCallerOf(user, community, now);
  if (!canOnConsultation('initiate', c.actor)) throw forbidden('发起议事需要社区工作者身份');
  const w = await worldOf(c);
  const scope = body.buildingId ? { level: 'building' as const, id: body.buildingId } : { level: 'community' as const };
  const made = await propose(c, { title: body.title, body: body.description, scope }, w, ids);
  if (!made.ok) {
    if (made.reason === 'content_rejected') throw validationFailed([{ path: 'description', message: '内容未通过安全检查，请修改后重试' }]);
    if (made.reason === 'invalid') throw validationFailed([{ path: made.path, message: made.message }]);
    throw new ApiError('CONFLICT', '暂时无法发起议事，请稍后重试');
  }
  return made.value._id;
}

/**
 * A 主动治理 task: a request of source `proactive` at the cluster's building (its grid handles it) or, without one,
 * at the community's level, filed by the caller in their own name, nobody asked to rate it (REQUEST_SOURCE_RATED).
 */
async function openTask(user: UserDoc, community: CommunityContext, body: HotspotActInput, ids: Types.ObjectId[], now: Date) {
  const building = body.buildingId ? await community.scope.findById(BuildingModel, body.buildingId) : null;
  if (body.buildingId && !building) throw validationFailed([{ path: 'buildingId', message: '请选择本社区的楼栋' }]);
  const staff = hasAnyRole(community.roles, ['staff']);
  const settings = settingsOf(community);
  const doc = await community.scope.create(
    RequestModel,
    newRequestDoc(
      {
        communityId: community.communityId,
        category: body.category,
        title: body.title,
        description: body.description,
        buildingId: building?._id,
        gridId: building?.gridId,
        level: building?.gridId ? 'grid' : 'community',
        place: body.place,
        filerName: displayName(user, community),
        filedBy: user._id,
        filedAs: staff ? 'staff' : 'street_staff',
        source: 'proactive',
        phoneConsent: false,
        fromRequestIds: ids,
        deadlineSettings: settings.requestDeadlines,
        typeDeadlines: settings.requestTypeDeadlines,
        calendars: await holidayCalendars(now),
        note: `由每月一题发起，关联诉求 ${ids.length} 件`,
        announce: '每月一题：新的主动治理任务',
      },
      now,
    ),
  );
  await Promise.all([deliverOutbox(doc), countRequestChange(doc)]);
  return doc._id;
}

const hotspotAct = route(api.stats.hotspotAct, async ({ user, community, body, now }) => {
  const clusters = await clustersOf(user, community, body.month);
  const cluster = clusters.get(hotspotKey(body.category, body.buildingId ?? null, body.place ?? null));
  if (!cluster || cluster.ids.length === 0) throw noCluster();
  const id = body.as === 'consultation' ? await openTopic(user, community, body, cluster.ids, now) : await openTask(user, community, body, cluster.ids, now);
  return { as: body.as, id: String(id), fromRequestIds: cluster.ids.map(String) };
});

export const hotspotRoutes = [hotspots, hotspotAct];
