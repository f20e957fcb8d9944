import { PATROL_REFUSAL_MESSAGES, api } from '@linli/shared';
import { apiHandler, route } from '../api';
import { conflict, forbidden, notFound, validationFailed } from '../lib/errors';
import { orRefuse } from '../lib/outcome';
import { patrolView, patrolViews } from './patrol.view';
import { checkBuildings, endPatrol, listPatrols, loadVisible, patrolCallerOf, startPatrol, weekCoverage } from './use-cases';

// The routes of patrols (巡查): each runs one use case (use-cases.ts) and answers with the caller's view of the
// patrol; every refusal gets its HTTP answer here. Findings are filed through POST /api/requests with
// `source: 'patrol'` and the patrol's id (requests/use-cases.ts `fileRequest`).

const NOT_FOUND = () => notFound('巡查记录不存在');
const ENDED = () => conflict(PATROL_REFUSAL_MESSAGES.ended);

const start = route(api.patrols.start, async ({ user, community, body, now }) => {
  const c = patrolCallerOf(user, community, now);
  const p = orRefuse(await startPatrol(c, body), {
    no_grid: () => forbidden('您还没有负责的网格，请联系社区管理员'),
    choose_grid: () => validationFailed([{ path: 'gridId', message: '您负责多个网格，请选择本次巡查的网格' }]),
    not_permitted: () => forbidden('只能在您负责的网格巡查'),
    grid_not_found: () => validationFailed([{ path: 'gridId', message: '网格不存在' }]),
    already_ongoing: (detail) => conflict('您有一次巡查尚未结束，请先结束再开始新的巡查', detail.patrolId ? { patrolId: detail.patrolId } : undefined),
  });
  return patrolView(p, c.actor, community);
});

const list = route(api.patrols.list, async ({ user, community, query, now }) => {
  const c = patrolCallerOf(user, community, now);
  const page = await listPatrols(c, query);
  return { items: await patrolViews(page.docs, c.actor, community, false), nextCursor: page.nextCursor };
});

const coverage = route(api.patrols.coverage, async ({ user, community, query, now }) => weekCoverage(patrolCallerOf(user, community, now), query.week));

const get = route(api.patrols.get, async ({ user, community, params, now }) => {
  const c = patrolCallerOf(user, community, now);
  return patrolView(orRefuse(await loadVisible(c, params.patrolId), { not_found: NOT_FOUND }), c.actor, community);
});

const check = route(api.patrols.check, async ({ user, community, params, body, now }) => {
  const c = patrolCallerOf(user, community, now);
  const p = orRefuse(await checkBuildings(c, params.patrolId, body.buildingIds), {
    not_found: NOT_FOUND,
    not_permitted: () => forbidden('只有巡查的网格员本人可以打卡'),
    ended: ENDED,
    outside_grid: (detail) => validationFailed([{ path: `buildingIds.${String(detail.index)}`, message: '只能选择本次巡查网格内的楼栋' }]),
  });
  return patrolView(p, c.actor, community);
});

const end = route(api.patrols.end, async ({ user, community, params, now }) => {
  const c = patrolCallerOf(user, community, now);
  const p = orRefuse(await endPatrol(c, params.patrolId), { not_found: NOT_FOUND, not_permitted: () => forbidden('您无权结束该巡查') });
  return patrolView(p, c.actor, community);
});

export const handler = apiHandler([start, list, coverage, get, check, end]);
