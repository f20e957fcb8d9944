import { CONSULTATION_REFUSAL_MESSAGES, api } from '@linli/shared';
import { orThrow } from '../lib/outcome';
import { apiHandler, route } from '../api';
import { ApiError, conflict, forbidden, notFound, validationFailed } from '../lib/errors';
import { commentView, consultationViews } from './consultation.view';
import type { ScopeWorld } from './consultation.scope';
import type { ConsultationDoc } from './consultation.model';
import {
  callerOf,
  castBallot,
  editTopic,
  getTopic,
  listTopics,
  propose,
  runProcess,
  support,
  worldOf,
  type ConsultationCaller,
  type ConsultationUseCaseRefusal,
  type Outcome,
} from './use-cases';
import { listComments, moderateComment, postComment, reportComment } from './comments';

// The routes of 议事协商: each runs one use case (use-cases.ts) and answers with the caller's view. Refusals become
// HTTP answers here, in one place.

const OUT_OF_SCOPE = { propose: '只有居住在该范围内的认证居民可以提出议题', support: '只有居住在该范围内的认证居民可以附议', comment: '只有居住在该范围内的认证居民可以评论' };

/** The one mapping from a use case's refusal to the HTTP answer. */
function refusalError(r: ConsultationUseCaseRefusal): ApiError {
  switch (r.reason) {
    case 'not_found':
      return notFound('议题不存在');
    case 'comment_not_found':
      return notFound('评论不存在');
    case 'voting_fields_reserved':
      return forbidden('投票事项（选项、规则、截止时间等）由社区工作者设置');
    case 'not_in_scope':
      return forbidden(OUT_OF_SCOPE[r.to]);
    case 'not_author':
      return forbidden('只有提出人可以修改议题');
    case 'own_proposal':
      return forbidden('不能附议自己的提案');
    case 'not_permitted':
      return forbidden('您无权进行此操作');
    case 'text_locked':
      return conflict('已有居民附议或议题已进入下一阶段，内容不能再修改');
    case 'not_collecting':
      return conflict(r.lapsed ? '附议期已结束' : '该议题不在征集附议阶段');
    case 'already_supported':
      return conflict('您已经附议过了');
    case 'not_commentable':
      return conflict('议题当前阶段不能评论');
    case 'stage':
      return conflict(r.refusal === 'voting_over' ? '投票已结束' : CONSULTATION_REFUSAL_MESSAGES[r.refusal]);
    case 'voting_over':
      return conflict('投票已结束');
    case 'voting_not_started':
      return conflict('投票尚未开始');
    case 'outside_voting_hours':
      return conflict('不在投票时间内');
    case 'not_on_roll':
      return forbidden(r.livesInScope ? '投票开始后入住或认证的居民不能参加本次投票' : '您不在本次投票的范围内');
    case 'already_voted':
      return conflict(r.household ? '您家已经投过票了' : '您已经投过票了');
    case 'busy':
      return conflict('议题刚刚被他人处理，请刷新后重试');
    case 'content_rejected':
      return new ApiError('CONTENT_REJECTED', undefined, [{ path: r.path, message: '内容包含不适宜发布的信息' }]);
    case 'invalid':
      return validationFailed([{ path: r.path, message: r.message }]);
  }
}

const unwrap = <T>(o: Outcome<T>): T => orThrow(o, refusalError);

/** The topic as this caller sees it, with the moves they may make now. */
const viewOf = async (c: ConsultationCaller, doc: ConsultationDoc, w: ScopeWorld) => (await consultationViews([doc], c, w))[0]!;

const create = route(api.consultations.create, async ({ user, community, body, now }) => {
  const c = callerOf(user, community, now);
  const w = await worldOf(c);
  return viewOf(c, unwrap(await propose(c, body, w)), w);
});

const list = route(api.consultations.list, async ({ user, community, query, now }) => {
  const c = callerOf(user, community, now);
  const w = await worldOf(c);
  const page = await listTopics(c, query, w);
  return { items: await consultationViews(page.docs, c, w), nextCursor: page.nextCursor };
});

const get = route(api.consultations.get, async ({ user, community, params, now }) => {
  const c = callerOf(user, community, now);
  const w = await worldOf(c);
  return viewOf(c, unwrap(await getTopic(c, params.consultationId, w)), w);
});

const edit = route(api.consultations.edit, async ({ user, community, params, body, now }) => {
  const c = callerOf(user, community, now);
  const doc = unwrap(await editTopic(c, params.consultationId, body));
  return viewOf(c, doc, await worldOf(c));
});

const supportRoute = route(api.consultations.support, async ({ user, community, params, now }) => {
  const c = callerOf(user, community, now);
  const w = await worldOf(c);
  return viewOf(c, unwrap(await support(c, params.consultationId, w)), w);
});

const comments = route(api.consultations.comments, async ({ user, community, params, query, now }) => {
  const c = callerOf(user, community, now);
  const page = unwrap(await listComments(c, params.consultationId, query));
  return { items: page.docs.map((x) => commentView(x, c.actor)), nextCursor: page.nextCursor };
});

const comment = route(api.consultations.comment, async ({ user, community, params, body, now }) => {
  const c = callerOf(user, community, now);
  return commentView(unwrap(await postComment(c, params.consultationId, body)), c.actor);
});

const report = route(api.consultations.report, async ({ user, community, params, now }) => {
  const c = callerOf(user, community, now);
  return commentView(unwrap(await reportComment(c, params.consultationId, params.commentId)), c.actor);
});

const moderate = route(api.consultations.moderate, async ({ user, community, params, body, now }) => {
  const c = callerOf(user, community, now);
  return commentView(unwrap(await moderateComment(c, params.consultationId, params.commentId, body)), c.actor);
});

/** POST /actions: the staff moves of the process, one use case each (use-cases.ts `runProcess`). */
const act = route(api.consultations.act, async ({ user, community, params, body, now }) => {
  const c = callerOf(user, community, now);
  const w = await worldOf(c);
  return viewOf(c, unwrap(await runProcess(c, params.consultationId, body, w)), w);
});

const vote = route(api.consultations.vote, async ({ user, community, params, body, now }) => unwrap(await castBallot(callerOf(user, community, now), params.consultationId, body.optionIds)));

export const handler = apiHandler([create, list, get, edit, supportRoute, comments, comment, report, moderate, act, vote]);
