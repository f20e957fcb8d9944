import {
  CASE_LEVEL_LABELS,
  CASE_REFUSAL_MESSAGES,
  CASE_STATUS_LABELS,
  MEDIATION_TYPE_LABELS,
  RISK_LEVEL_LABELS,
  ROLE_LABELS,
  SUCCEEDED_CASE_STATUSES,
  api,
  caseNumber,
  mediationStats,
  shanghaiDate,
  type CaseRefusal,
  type MediationStatsQuery,
} from '@linli/shared';
import { apiHandler, route } from '../api';
import { GridModel } from '../communities/community.model';
import { ApiError, conflict, forbidden, notFound, validationFailed } from '../lib/errors';
import { orRefuse } from '../lib/outcome';
import { CaseModel, type CaseDoc } from './case.model';
import { auditContentsRead, caseView } from './mediation.view';
import {
  addMediator,
  caseCallerOf,
  conclude,
  confirm,
  createCase,
  endCase,
  escalate,
  followUp,
  listCases,
  loadVisible,
  mediatorCandidates,
  partyCandidates,
  recordSession,
  recordSignature,
  refer,
  removeMediator,
  type CaseCaller,
  type MoveRefusal,
} from './use-cases';

// The routes of 矛盾纠纷调处: each runs one use case (use-cases.ts) and answers with the caller's view of the case
// (mediation.view.ts), after writing the read of any contents into the audit log; every refusal gets its HTTP
// answer here.

const NOT_FOUND = () => notFound('调解案件不存在');
const STATE = (reason: CaseRefusal) => () => conflict(CASE_REFUSAL_MESSAGES[reason]);

/** Every refusal of a move, by reason. A move the state no longer allows (someone else came first) is 409. */
const MOVE: { [K in MoveRefusal]: (detail: Record<string, unknown>) => ApiError } = {
  not_found: NOT_FOUND,
  not_permitted: () => forbidden('您不是本案调解员，不能进行此操作'),
  busy: () => conflict('案件已被他人处理，请刷新'),
  stale: () => conflict('案件状态已变化，请刷新后再操作'),
  already_confirmed: () => conflict('已确认过调解协议'),
  party_not_found: () => notFound('当事人不存在'),
  has_account: () => conflict('该当事人使用小程序，请由本人在手机上确认'),
  bad_mediator: () => validationFailed([{ path: 'userId', message: '请选择本社区的网格员、社区工作者或人民调解员' }]),
  last_mediator: () => conflict('案件至少需要一名调解员'),
  not_mediating: STATE('not_mediating'),
  not_agreed: STATE('not_agreed'),
  not_failed: STATE('not_failed'),
  not_confirmed: STATE('not_confirmed'),
  top_level: STATE('top_level'),
  finished: STATE('finished'),
  all_confirmed: STATE('all_confirmed'),
};

/** The caller's views of cases, the read of their contents audited first (no entry, no answer). */
async function answer(c: CaseCaller, via: string, requestId: string, docs: CaseDoc[]) {
  const views = docs.map((d) => caseView(d, c.actor));
  await auditContentsRead(views, { actor: c.actor, community: c.community, via, requestId, now: c.now });
  return views;
}
const answerOne = async (c: CaseCaller, via: string, requestId: string, doc: CaseDoc) => (await answer(c, via, requestId, [doc]))[0]!;

const create = route(api.mediation.create, async ({ user, community, body, now, requestId }) => {
  const c = caseCallerOf(user, community, now);
  const doc = orRefuse(await createCase(c, body), {
    not_found: NOT_FOUND,
    bad_party: (d) => validationFailed([{ path: `parties.${String(d.index)}`, message: '请选择本社区已加入的居民，或填写当事人姓名' }]),
    too_few_parties: () => validationFailed([{ path: 'parties', message: '调解案件至少需要两方当事人' }]),
    bad_request: (d) => validationFailed([{ path: 'requestId', message: String(d.message ?? '诉求不能转调解') }]),
    request_taken: () => conflict('该诉求已转调解'),
    bad_visit: () => validationFailed([{ path: 'visitId', message: '走访记录不存在或不在您负责的范围' }]),
  });
  return answerOne(c, api.mediation.create.id, requestId, doc);
});

const list = route(api.mediation.list, async ({ user, community, query, now, requestId }) => {
  const c = caseCallerOf(user, community, now);
  const page = orRefuse(await listCases(c, query), {
    forbidden: () => forbidden('您无权查看这些调解案件'),
    bad_query: (d) => validationFailed([{ path: String(d.path), message: String(d.message) }]),
  });
  return { items: await answer(c, api.mediation.list.id, requestId, page.docs), nextCursor: page.nextCursor };
});

const candidates = route(api.mediation.candidates, async ({ user, community, query, now }) => ({ items: await partyCandidates(caseCallerOf(user, community, now), query.q) }));

const mediators = route(api.mediation.mediatorCandidates, async ({ user, community, now }) => ({
  items: (await mediatorCandidates(caseCallerOf(user, community, now))).map((m) => ({ userId: m.userId, name: m.name, roleLabel: ROLE_LABELS[m.role] })),
}));

const get = route(api.mediation.get, async ({ user, community, params, now, requestId }) => {
  const c = caseCallerOf(user, community, now);
  return answerOne(c, api.mediation.get.id, requestId, orRefuse(await loadVisible(c, params.caseId), { not_found: NOT_FOUND }));
});

/** A move's answer: its refusals mapped, the caller's view of the case. */
async function moved(c: CaseCaller, via: string, requestId: string, outcome: Awaited<ReturnType<typeof confirm>>) {
  return answerOne(c, via, requestId, orRefuse(outcome, MOVE));
}

const session = route(api.mediation.recordSession, async ({ user, community, params, body, now, requestId }) => {
  const c = caseCallerOf(user, community, now);
  return moved(c, api.mediation.recordSession.id, requestId, await recordSession(c, params.caseId, body));
});
const concludeRoute = route(api.mediation.conclude, async ({ user, community, params, body, now, requestId }) => {
  const c = caseCallerOf(user, community, now);
  return moved(c, api.mediation.conclude.id, requestId, await conclude(c, params.caseId, body));
});
const confirmRoute = route(api.mediation.confirm, async ({ user, community, params, now, requestId }) => {
  const c = caseCallerOf(user, community, now);
  return moved(c, api.mediation.confirm.id, requestId, await confirm(c, params.caseId));
});
const signature = route(api.mediation.recordSignature, async ({ user, community, params, body, now, requestId }) => {
  const c = caseCallerOf(user, community, now);
  return moved(c, api.mediation.recordSignature.id, requestId, await recordSignature(c, params.caseId, params.partyId, body.note));
});
const escalateRoute = route(api.mediation.escalate, async ({ user, community, params, body, now, requestId }) => {
  const c = caseCallerOf(user, community, now);
  return moved(c, api.mediation.escalate.id, requestId, await escalate(c, params.caseId, body.note));
});
const referRoute = route(api.mediation.refer, async ({ user, community, params, body, now, requestId }) => {
  const c = caseCallerOf(user, community, now);
  return moved(c, api.mediation.refer.id, requestId, await refer(c, params.caseId, body));
});
const endRoute = route(api.mediation.end, async ({ user, community, params, body, now, requestId }) => {
  const c = caseCallerOf(user, community, now);
  return moved(c, api.mediation.end.id, requestId, await endCase(c, params.caseId, body.reason));
});
const followUpRoute = route(api.mediation.followUp, async ({ user, community, params, body, now, requestId }) => {
  const c = caseCallerOf(user, community, now);
  return moved(c, api.mediation.followUp.id, requestId, await followUp(c, params.caseId, body));
});
const add = route(api.mediation.addMediator, async ({ user, community, params, body, now, requestId }) => {
  const c = caseCallerOf(user, community, now);
  return moved(c, api.mediation.addMediator.id, requestId, await addMediator(c, params.caseId, body.userId));
});
const remove = route(api.mediation.removeMediator, async ({ user, community, params, now, requestId }) => {
  const c = caseCallerOf(user, community, now);
  return moved(c, api.mediation.removeMediator.id, requestId, await removeMediator(c, params.caseId, params.userId));
});

/** The community's cases of a period (by the month opened), with what the figures and the CSV need only. */
async function casesOf(community: CaseCaller['community'], q: MediationStatsQuery) {
  const filter: Record<string, unknown> = {};
  if (q.from || q.to) filter.month = { ...(q.from ? { $gte: q.from } : {}), ...(q.to ? { $lte: q.to } : {}) };
  return community.scope
    .find(CaseModel, filter)
    .select({ type: 1, risk: 1, status: 1, level: 1, gridId: 1, escalated: 1, gridLevel: 1, createdAt: 1, concludedAt: 1, followUpsHeld: 1, followUpsBroken: 1, followUps: 1, communityId: 1 })
    .limit(50_000)
    .lean<CaseDoc[]>();
}

const stats = route(api.mediation.stats, async ({ community, query }) =>
  mediationStats(
    (await casesOf(community, query)).map((d) => ({
      type: d.type,
      risk: d.risk,
      status: d.status,
      escalated: !!d.escalated,
      gridLevel: !!d.gridLevel,
      createdAt: d.createdAt,
      concludedAt: d.concludedAt,
      followUpsHeld: d.followUpsHeld ?? 0,
      followUpsBroken: d.followUpsBroken ?? 0,
    })),
  ),
);

/** A CSV field: quoted, quotes doubled, and formula-looking text defused for Excel. */
function csv(value: unknown): string {
  let s = value === undefined || value === null ? '' : String(value);
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

const exportStats = route(api.mediation.exportStats, async ({ community, query }) => {
  // One row per case with what staff's list shows: never a party, a place or what was said.
  const [docs, grids] = await Promise.all([casesOf(community, query), community.scope.find(GridModel).lean()]);
  const gridName = new Map(grids.map((g) => [String(g._id), g.name]));
  const header = ['编号', '类型', '风险等级', '状态', '层级', '网格', '开案日期', '结案日期', '结果', '回访结果'];
  const outcome = (d: CaseDoc) => (SUCCEEDED_CASE_STATUSES.includes(d.status) ? '调解成功' : d.status === 'referred' ? '转出' : d.status === 'ended' ? '调解不成（终止）' : d.status === 'failed' ? '调解不成' : '');
  const followUp = (d: CaseDoc) => {
    const last = d.followUps?.[d.followUps.length - 1];
    return last ? (last.holds ? '协议履行' : '协议未履行') : '';
  };
  const rows = docs
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .map((d) =>
      [
        caseNumber(String(d._id)),
        MEDIATION_TYPE_LABELS[d.type],
        RISK_LEVEL_LABELS[d.risk],
        CASE_STATUS_LABELS[d.status],
        CASE_LEVEL_LABELS[d.level],
        d.gridId ? (gridName.get(String(d.gridId)) ?? '') : '',
        shanghaiDate(d.createdAt),
        d.concludedAt ? shanghaiDate(d.concludedAt) : '',
        outcome(d),
        followUp(d),
      ]
        .map(csv)
        .join(','),
    );
  // The BOM makes Excel read the file as UTF-8; CRLF as Excel expects.
  return '\uFEFF' + [header.map(csv).join(','), ...rows].join('\r\n') + '\r\n';
});

export const handler = apiHandler([create, list, candidates, mediators, stats, exportStats, get, session, concludeRoute, confirmRoute, signature, escalateRoute, referRoute, endRoute, followUpRoute, add, remove]);
