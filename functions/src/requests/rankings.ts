/**
 * 考核排名: a month's communities, grids or units ranked by 响应率, 解决率, 满意率, 按期办结率, 退单率, 延期率 and
 * (units) the communities' rating of their handling. Street staff rank their street (the community of the call
 * names it); community staff their own community (its grids, the units serving it).
 * - Communities and grids read the 三率 counters (request-stats: one document per community and month, by `_id`),
 *   never the requests, and count 居民反映 only, as the board does.
 * - Units read the month's dispatches through one `$group` counting records (`$sum: 1`) keyed by unit, status and
 *   every 0/1 figure and the rating score: the sums are then key × count. Counting is the one accumulator every
 *   engine answers alike (the embedded FerretDB sums a field as 0), and the keys are few (a unit's month has at
 *   most a few dozen distinct combinations), so resolutions and ratings of 4–5 come out of the keys too.
 * The figures are shared's pure ranking rules (ranking.rules.ts); this file only gathers the sums.
 */
import type { Types } from 'mongoose';
import {
  RANKING_KEY_LABELS,
  RANKING_SUBJECT_LABELS,
  UNIT_TYPE_LABELS,
  api,
  formatRankingValue,
  rankRows,
  requestRankingFigures,
  shanghaiMonth,
  unitRankingFigures,
  type RankingKey,
  type RankingRow,
  type RankingSubject,
  type Rankings,
  type RequestRankingSums,
  type UnitRankingSums,
  type UnitType,
} from '@linli/shared';
import { route } from '../api';
import { CommunityModel, GridModel, StreetModel } from '../communities/community.model';
import type { CommunityContext } from '../communities/community-context';
import { UnitModel } from '../units/unit.model';
import { DispatchModel } from './dispatch.model';
import { RequestStatsModel, addCounters, cellParts, emptyCounters, statsKey, type Counters } from './request-stats';

const DEFAULT_SORT: RankingKey = 'resolutionRate';

/** The communities a caller ranks: their street's (street staff) or their own (community staff). */
async function scopeOf(community: CommunityContext): Promise<{ kind: 'street' | 'community'; name: string; communities: { _id: Types.ObjectId; name: string }[] }> {
  if (community.roles.includes('street_staff')) {
    const streetId = community.community.streetId;
    const [street, communities] = await Promise.all([StreetModel.findById(streetId).lean(), CommunityModel.find({ streetId }).select({ name: 1 }).sort({ name: 1 }).lean()]);
    return { kind: 'street', name: street?.name ?? '', communities };
  }
  return { kind: 'community', name: community.community.name, communities: [{ _id: community.communityId, name: community.community.name }] };
}

const sumsOf = (c: Counters): RequestRankingSums => ({
  total: c.total,
  eligible: c.eligible,
  resolved: c.resolved,
  onTime: c.onTime,
  late: c.late,
  overdue: c.overdue,
  ratings: c.ratings,
  satisfied: c.satisfied,
  resolvedOnTime: c.resolvedOnTime,
  sentBack: c.sentBack,
  extended: c.extended,
});

type Unranked = Omit<RankingRow, 'rank'>;

/** Communities or grids from the month's counter documents (residents' requests). */
async function requestRows(of: 'community' | 'grid', communities: { _id: Types.ObjectId; name: string }[], month: string): Promise<Unranked[]> {
  const ids = communities.map((c) => c._id);
  const [docs, grids] = await Promise.all([
    Promise.all(ids.map((id) => RequestStatsModel.findById(statsKey(id, month), { cells: 1, communityId: 1 }).lean())),
    of === 'grid' ? GridModel.find({ communityId: { $in: ids } }).select({ name: 1, communityId: 1 }).lean() : Promise.resolve([]),
  ]);
  const sums = new Map<string, Counters>();
  for (const doc of docs) {
    if (!doc) continue;
    for (const [cell, c] of Object.entries(doc.cells ?? {})) {
      const { grid, source } = cellParts(cell);
      if (source !== 'resident') continue;
      const key = of === 'community' ? String(doc.communityId) : grid;
      addCounters(sums.get(key) ?? sums.set(key, emptyCounters()).get(key)!, c);
    }
  }
  const figuresOf = (key: string) => requestRankingFigures(sumsOf(sums.get(key) ?? emptyCounters()));
  if (of === 'community') return communities.map((c) => ({ key: String(c._id), label: c.name, ...figuresOf(String(c._id)) }));
  const communityName = new Map(communities.map((c) => [String(c._id), c.name]));
  // Every grid is listed, those without requests unranked; requests with no grid rank no grid.
  return grids.map((g) => ({ key: String(g._id), label: g.name, detail: communities.length > 1 ? communityName.get(String(g.communityId)) : undefined, ...figuresOf(String(g._id)) }));
}

interface DispatchGroup {
  _id: { unitId: Types.ObjectId; status: string; ackOnTime?: number | null; resolvedOnTime?: number | null; sentBack?: number | null; extended?: number | null; rated?: number | null; score?: number | null };
  n: number;
}

/** Units from the month's dispatches: the street's (street staff) or those of the caller's community (staff). */
async function unitRows(scope: 'street' | 'community', community: CommunityContext, month: string): Promise<Unranked[]> {
  const match = scope === 'street' ? { streetId: community.community.streetId, month } : { communityId: community.communityId, month };
  const [groups, units] = await Promise.all([
    DispatchModel.aggregate<DispatchGroup>([
      { $match: match },
      {
        $group: {
          _id: { unitId: '$unitId', status: '$status', ackOnTime: '$ackOnTime', resolvedOnTime: '$resolvedOnTime', sentBack: '$sentBack', extended: '$extended', rated: '$rated', score: '$ratingScore' },
          n: { $sum: 1 },
        },
      },
    ]),
    (scope === 'street' ? UnitModel.find({ streetId: community.community.streetId }) : UnitModel.find({ communityIds: community.communityId })).select({ name: 1, type: 1, active: 1 }).lean(),
  ]);
  const sums = new Map<string, UnitRankingSums>();
  for (const g of groups) {
    // Taking a dispatch back is the dispatcher's doing, not the unit's.
    if (g._id.status === 'recalled') continue;
    const key = String(g._id.unitId);
    const s = sums.get(key) ?? sums.set(key, { dispatches: 0, ackOnTime: 0, resolved: 0, resolvedOnTime: 0, sentBack: 0, extended: 0, rated: 0, ratingScore: 0, satisfiedRatings: 0 }).get(key)!;
    const k = g._id;
    const rated = (k.rated ?? 0) * g.n;
    s.dispatches += g.n;
    s.ackOnTime += (k.ackOnTime ?? 0) * g.n;
    if (k.status === 'resolved') s.resolved += g.n;
    s.resolvedOnTime += (k.resolvedOnTime ?? 0) * g.n;
    s.sentBack += (k.sentBack ?? 0) * g.n;
    s.extended += (k.extended ?? 0) * g.n;
    s.rated += rated;
    s.ratingScore += (k.rated ? (k.score ?? 0) : 0) * g.n;
    if ((k.score ?? 0) >= 4) s.satisfiedRatings += rated;
  }
  // Units of the scope still active, and any other a dispatch of the month names.
  return units
    .filter((u) => u.active || sums.has(String(u._id)))
    .map((u) => {
      const s = sums.get(String(u._id)) ?? { dispatches: 0, ackOnTime: 0, resolved: 0, resolvedOnTime: 0, sentBack: 0, extended: 0, rated: 0, ratingScore: 0, satisfiedRatings: 0 };
      return { key: String(u._id), label: u.name, detail: UNIT_TYPE_LABELS[u.type as UnitType] ?? u.type, ...unitRankingFigures(s) };
    });
}

/** The ranking the query asks for. */
async function rankingsOf(community: CommunityContext, query: { month?: string; of: RankingSubject; sort?: RankingKey }, now: Date): Promise<Rankings> {
  const month = query.month ?? shanghaiMonth(now);
  // 社区评价 exists for units only; elsewhere the default figure ranks.
  const sort = query.sort === 'ratingAverage' && query.of !== 'unit' ? DEFAULT_SORT : (query.sort ?? DEFAULT_SORT);
  const scope = await scopeOf(community);
  const rows = query.of === 'unit' ? await unitRows(scope.kind, community, month) : await requestRows(query.of, scope.communities, month);
  return { month, of: query.of, sort, scope: scope.kind, scopeName: scope.name, rows: rankRows(rows, sort) };
}

const rankings = route(api.stats.rankings, async ({ community, query, now }) => rankingsOf(community, query, now));

/** A CSV field: quoted, quotes doubled, and formula-looking text defused for Excel. */
function csv(value: unknown): string {
  let s = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

const FIGURES: RankingKey[] = ['responseRate', 'resolutionRate', 'satisfactionRate', 'onTimeRate', 'sendBackRate', 'extensionRate', 'ratingAverage'];

const exportRankings = route(api.stats.exportRankings, async ({ community, query, now }) => {
  const r = await rankingsOf(community, query, now);
  const unit = r.of === 'unit';
  const figures = unit ? FIGURES : FIGURES.filter((k) => k !== 'ratingAverage');
  const header = [
    `排名（按${RANKING_KEY_LABELS[r.sort]}）`,
    RANKING_SUBJECT_LABELS[r.of],
    unit ? '类型' : r.of === 'grid' ? '所属社区' : '',
    unit ? '派单数' : '诉求数',
    ...figures.map((k) => RANKING_KEY_LABELS[k]),
    '按时响应',
    '应响应',
    '已办结',
    unit ? '派单数' : '有效诉求',
    '按期办结',
    '退单',
    '延期',
    unit ? '社区评价数' : '评价数',
  ].filter((h, i) => i !== 2 || h);
  const rows = r.rows.map((row) =>
    [
      row.rank ?? '—',
      row.label,
      ...(unit || r.of === 'grid' ? [row.detail ?? ''] : []),
      row.total,
      ...figures.map((k) => formatRankingValue(k, row[k])),
      row.counts.responded,
      row.counts.due,
      row.counts.resolved,
      row.counts.eligible,
      row.counts.resolvedOnTime,
      row.counts.sentBack,
      row.counts.extended,
      unit ? row.counts.unitRatings : row.counts.ratings,
    ]
      .map(csv)
      .join(','),
  );
  // The BOM makes Excel read UTF-8; CRLF as Excel expects.
  return '\uFEFF' + [header.map(csv).join(','), ...rows].join('\r\n') + '\r\n';
});

export const rankingRoutes = [rankings, exportRankings];
