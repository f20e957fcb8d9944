import { api, type VisitView } from '@linli/shared';
import { apiHandler, route } from '../api';
import { conflict, notFound, validationFailed } from '../lib/errors';
import { orRefuse } from '../lib/outcome';
import type { VisitDoc } from './visit.model';
import { auditVisitRead, followUpViewOf, followUpViews, visitViews } from './visit.view';
import { completeFollowUp, coverage, createVisit, listOpenFollowUps, listVisits, loadVisible, visitCallerOf, type VisitCaller } from './use-cases';

// The routes of visits (走访, 民情日记): each runs one use case (use-cases.ts) and answers with the caller's view;
// every refusal gets its HTTP answer here. Requests from a visit are filed through POST /api/requests with
// `onBehalfOf` and `visitId` (requests/use-cases.ts `fileRequest`).

const NOT_FOUND = () => notFound('走访记录不存在');
const HOUSEHOLD_NOT_FOUND = () => notFound('住户档案不存在');

/**
 * The caller's view of visits, for an answer of `via`: it carries notes and the people met, so the read goes into
 * the audit log first (one entry naming the visits; no entry, no answer).
 */
async function answer(c: VisitCaller, via: string, requestId: string, docs: VisitDoc[], detail: boolean): Promise<VisitView[]> {
  const views = await visitViews(docs, c.actor, c.community, c.now, detail);
  await auditVisitRead(views, { actor: c.actor, community: c.community, via, requestId, now: c.now });
  return views;
}

const create = route(api.visits.create, async ({ user, community, body, now, requestId }) => {
  const c = visitCallerOf(user, community, now);
  const r = orRefuse(await createVisit(c, body), {
    not_found: HOUSEHOLD_NOT_FOUND,
    invalid: (d) => validationFailed([{ path: String(d.path), message: String(d.message) }]),
  });
  return { visit: (await answer(c, api.visits.create.id, requestId, [r.doc], true))[0]!, householdCreated: r.householdCreated };
});

const list = route(api.visits.list, async ({ user, community, query, now, requestId }) => {
  const c = visitCallerOf(user, community, now);
  const page = orRefuse(await listVisits(c, query), { not_found: HOUSEHOLD_NOT_FOUND });
  return { items: await answer(c, api.visits.list.id, requestId, page.docs, false), nextCursor: page.nextCursor };
});

const followUps = route(api.visits.followUps, async ({ user, community, query, now }) => {
  const c = visitCallerOf(user, community, now);
  const page = await listOpenFollowUps(c, query);
  return { items: await followUpViews(page.docs, c.actor, community, now), nextCursor: page.nextCursor };
});

const coverageRoute = route(api.visits.coverage, async ({ user, community, query, now }) => coverage(visitCallerOf(user, community, now), query.quarter));

const get = route(api.visits.get, async ({ user, community, params, now, requestId }) => {
  const c = visitCallerOf(user, community, now);
  const doc = orRefuse(await loadVisible(c, params.visitId), { not_found: NOT_FOUND });
  const [view] = await answer(c, api.visits.get.id, requestId, [doc], true);
  if (!view) throw NOT_FOUND();
  return view;
});

const complete = route(api.visits.completeFollowUp, async ({ user, community, params, body, now }) => {
  const c = visitCallerOf(user, community, now);
  const f = orRefuse(await completeFollowUp(c, params.visitId, params.followUpId, body), {
    not_found: () => notFound('待办事项不存在'),
    already_done: (d) => conflict(d.by ? `该待办已由${String(d.by)}标记完成` : '该待办已标记完成'),
  });
  return followUpViewOf(f, c.actor, community, now);
});

// The fixed paths before /api/visits/{visitId}, which would take them as an id.
export const handler = apiHandler([create, list, followUps, coverageRoute, get, complete]);
