import { AUTO_CLOSE_DAYS, CALL_BACK_REFUSAL_MESSAGES, EXTENSION_REFUSAL_MESSAGES, REQUEST_REFUSAL_MESSAGES, api, type RequestSource } from '@linli/shared';
import { orThrow } from '../lib/outcome';
import { apiHandler, route } from '../api';
import { ApiError, conflict, forbidden, notFound, validationFailed } from '../lib/errors';
import type { RequestDoc } from './request.model';
import { requestViews } from './request.view';
import { deliverOutbox } from './notify';
import { countRequestChange } from './request-stats';
import {
  accept,
  approveContent,
  approvePhoto,
  assign,
  callerOf,
  escalate,
  fileRequest,
  loadVisible,
  markDuplicate,
  setType,
  meToo,
  rate,
  reject,
  reopen,
  reply,
  resolve,
  setPublic,
  settingsOf,
  withdraw,
  type Outcome,
  type RequestCaller,
  type RequestUseCaseRefusal,
} from './use-cases';
import { duplicateCandidates, listRequests, replyTemplatesOf, similarRequests } from './queries';
import { canOnRequest } from './request.permissions';
import { dispatchRequest, rateUnit, recallDispatch, rejectSendBack, sendBackByPerson } from './dispatch';
import { dispatchRoutes } from './dispatch-handler';
import { decideExtension, requestExtension } from './extensions';
import { callBack, callBacksDue } from './call-backs';

// The routes of requests: each parses nothing itself (the shared definition did), runs one use case (use-cases.ts)
// and answers with the caller's view of the request. Refusals become HTTP answers here, in one place.

/** Why a filing with this source is not the caller's to make. */
const NOT_FINDER: Record<RequestSource, string> = {
  resident: '流动网格员请选择“流动网格员上报”反映问题',
  patrol: '只有网格员和社区工作者可以上报巡查发现的问题',
  mobile_grid: '只有经社区审核的流动网格员可以以流动网格员身份上报',
  proactive: '主动治理任务由“每月一题”发起',
};

/** The one mapping from a use case's refusal to the HTTP answer. */
function refusalError(r: RequestUseCaseRefusal): ApiError {
  switch (r.reason) {
    case 'not_found':
      return notFound('诉求不存在');
    case 'not_found_or_finished':
      return notFound('诉求不存在或已办结');
    case 'photo_not_found':
      return notFound('照片不存在');
    case 'not_permitted':
      return forbidden(r.permission === 'rate' ? '只有提出诉求的居民可以评价' : '您无权对该诉求进行此操作');
    case 'not_on_behalf':
      return forbidden('只有网格员和社区工作者可以代办');
    case 'not_finder':
      return forbidden(NOT_FINDER[r.source]);
    case 'patrol_ended':
      return conflict('该巡查已结束，请开始新的巡查后再上报');
    case 'refused':
      return conflict(REQUEST_REFUSAL_MESSAGES[r.refusal]);
    case 'extension_refused':
      return r.refusal === 'not_later' || r.refusal === 'too_far'
        ? validationFailed([{ path: 'proposedResolveBy', message: EXTENSION_REFUSAL_MESSAGES[r.refusal] }])
        : r.refusal === 'street_decides' || r.refusal === 'own_extension'
          ? forbidden(EXTENSION_REFUSAL_MESSAGES[r.refusal])
          : conflict(EXTENSION_REFUSAL_MESSAGES[r.refusal]);
    case 'call_back_refused':
      return conflict(CALL_BACK_REFUSAL_MESSAGES[r.refusal]);
    case 'dispatch_refused':
      return conflict(r.message);
    case 'rating_period_over':
      return conflict(`办结已超过${AUTO_CLOSE_DAYS}天，诉求已关闭`);
    case 'busy':
      return conflict('该诉求正在被他人处理，请刷新后重试');
    case 'content_rejected':
      return new ApiError('CONTENT_REJECTED', undefined, [{ path: r.path, message: '内容包含不适宜发布的信息' }]);
    case 'invalid':
      return validationFailed([{ path: r.path, message: r.message }]);
  }
}

const unwrap = <T>(o: Outcome<T>): T => orThrow(o, refusalError);

/** The request as this caller sees it, with the moves they may make now. */
const viewOf = async (c: RequestCaller, doc: RequestDoc) => (await requestViews([doc], c.actor, true, c.now, settingsOf(c.community).reportRewards))[0]!;

const create = route(api.requests.create, async ({ user, community, body, now }) => {
  const c = callerOf(user, community, now);
  const doc = unwrap(await fileRequest(c, body));
  // Notices, counters and the view are independent reads and writes after the save: all in parallel, so a database
  // that goes away right after the save costs one server-selection wait, not one per step (faults.test.ts).
  const [, view] = await Promise.all([Promise.all([deliverOutbox(doc), countRequestChange(doc)]), viewOf(c, doc)]);
  return view;
});

const list = route(api.requests.list, async ({ user, community, query, now }) => {
  const c = callerOf(user, community, now);
  const page = await listRequests(c, query);
  return { items: await requestViews(page.docs, c.actor, false, now), nextCursor: page.nextCursor };
});

const similar = route(api.requests.similar, async ({ user, community, query, now }) => ({ items: await similarRequests(callerOf(user, community, now), query) }));

const replyTemplates = route(api.requests.replyTemplates, async ({ user, community, now }) => ({ items: replyTemplatesOf(callerOf(user, community, now)) }));

const get = route(api.requests.get, async ({ user, community, params, now }) => {
  const c = callerOf(user, community, now);
  return viewOf(c, unwrap(await loadVisible(c, params.requestId)));
});

/** POST /actions: one use case per action of the state machine. */
const act = route(api.requests.act, async ({ user, community, params, body, now }) => {
  const c = callerOf(user, community, now);
  const id = params.requestId;
  let outcome: Outcome<RequestDoc>;
  switch (body.action) {
    case 'accept': outcome = await accept(c, id); break;
    case 'assign': outcome = await assign(c, id, body.assigneeId); break;
    case 'reply': outcome = await reply(c, id, body); break;
    case 'resolve': outcome = await resolve(c, id, body); break;
    case 'escalate': outcome = await escalate(c, id, body); break;
    case 'reject': outcome = await reject(c, id, body); break;
    case 'reopen': outcome = await reopen(c, id, body); break;
    case 'withdraw': outcome = await withdraw(c, id); break;
    case 'mark_duplicate': outcome = await markDuplicate(c, id, body); break;
    case 'request_extension': outcome = await requestExtension(c, id, body); break;
    case 'decide_extension': outcome = await decideExtension(c, id, body); break;
    case 'call_back': outcome = await callBack(c, id, body); break;
    case 'set_type': outcome = await setType(c, id, body); break;
    // 吹哨报到 (dispatch.ts)
    case 'dispatch': outcome = await dispatchRequest(c, id, body); break;
    case 'send_back': outcome = await sendBackByPerson(c, id, body); break;
    case 'reject_send_back': outcome = await rejectSendBack(c, id, body); break;
    case 'recall_dispatch': outcome = await recallDispatch(c, id, body); break;
    case 'rate_unit': outcome = await rateUnit(c, id, body); break;
  }
  return viewOf(c, unwrap(outcome));
});

const rateRoute = route(api.requests.rate, async ({ user, community, params, body, now }) => {
  const c = callerOf(user, community, now);
  return viewOf(c, unwrap(await rate(c, params.requestId, body)));
});

const meTooRoute = route(api.requests.meToo, async ({ user, community, params, now }) => unwrap(await meToo(callerOf(user, community, now), params.requestId)));

const approveContentRoute = route(api.requests.approveContent, async ({ user, community, params, now }) => {
  const c = callerOf(user, community, now);
  return viewOf(c, unwrap(await approveContent(c, params.requestId)));
});

const approvePhotoRoute = route(api.requests.approvePhoto, async ({ user, community, params, body, now }) => {
  const c = callerOf(user, community, now);
  return viewOf(c, unwrap(await approvePhoto(c, params.requestId, body.key)));
});

const setPublicRoute = route(api.requests.setPublic, async ({ user, community, params, body, now }) => {
  const c = callerOf(user, community, now);
  return viewOf(c, unwrap(await setPublic(c, params.requestId, body.public)));
});

/** GET /duplicate-candidates: the originals a handler of the request may name when marking it 重复. */
const duplicateCandidatesRoute = route(api.requests.duplicateCandidates, async ({ user, community, params, now }) => {
  const c = callerOf(user, community, now);
  const doc = unwrap(await loadVisible(c, params.requestId));
  if (!canOnRequest('mark_duplicate', c.actor, doc)) throw forbidden('只有办理该诉求的工作人员可以标记重复');
  return { items: await duplicateCandidates(c, doc) };
});

/** GET /call-backs-due: 待回访, for the community's staff who make the calls. */
const callBacksDueRoute = route(api.requests.callBacksDue, async ({ user, community, query, now }) => callBacksDue(callerOf(user, community, now), query));

export const handler = apiHandler([...dispatchRoutes(refusalError), create, list, similar, replyTemplates, callBacksDueRoute, get, act, rateRoute, meTooRoute, approveContentRoute, approvePhotoRoute, duplicateCandidatesRoute, setPublicRoute]);
