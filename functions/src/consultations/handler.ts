import { displayName } from '../communities/community-context';
import { Types } from 'mongoose';
import {
  COLLECT_DAYS,
  COMMENTABLE_STATUSES,
  CONSULTATION_REFUSAL_MESSAGES,
  api,
  ballotProblem,
  consultationTransition,
  hasAnyRole,
  type ConsultationMove,
  type ConsultationStatus,
  type VotingSettingsInput,
} from '@linli/shared';
import { apiHandler, route } from '../api';
import { ApiError, conflict, forbidden, notFound, validationFailed } from '../lib/errors';
import { checkText } from '../lib/wechat';
import type { CommunityContext } from '../communities/community-context';
import type { UserDoc } from '../auth/user.model';
import { attachPhotos } from '../uploads/photos';
import { CommentModel, ConsultationModel, ElectorModel, ParticipationModel, SupportModel, type ConsultationDoc } from './consultation.model';
import { livesInScope, loadWorld, resolveScope, type ScopeWorld } from './consultation.scope';
import { commentView, commentVisible, consultationViews, type Viewer } from './consultation.view';
import { deliverTopicOutbox, topicNotice } from './consultation.notify';
import { cast, closeVoting, event, openVoting, type VotingSettings } from './voting';
import { catchUp } from './time-rules';
import { configuredThreshold, reachIfMet, syncThresholds, thresholdsFor } from './threshold';

const DEFAULT_OPTIONS = ['同意', '不同意', '弃权'];
const DEFAULT_VOTING_DAYS = 7;

const STAGES: Record<'active' | 'following' | 'ended' | 'held', ConsultationStatus[]> = {
  active: ['collecting', 'review', 'discussion', 'voting'],
  following: ['decided', 'implementing'],
  ended: ['done', 'lapsed', 'rejected', 'merged'],
  held: ['proposed'],
};

function viewerOf(user: UserDoc, community: CommunityContext): Viewer {
  return { userId: user._id, isStaff: hasAnyRole(community.roles, ['staff']), membership: community.membership };
}
const world = (community: CommunityContext) => loadWorld(community.communityId, community.community.name);

/** Time rules, then the support threshold of topics still collecting by the current rule and setting (threshold.ts). */
async function current(community: CommunityContext, docs: ConsultationDoc[], w: ScopeWorld, now: Date): Promise<ConsultationDoc[]> {
  const caughtUp = await Promise.all(docs.map((d) => catchUp(d, now)));
  return syncThresholds(caughtUp, w, configuredThreshold(community.community.settings), now);
}

/** User text goes through WeChat content security before it is stored (scene 3: forum posts). */
async function screenText(text: string, user: UserDoc, field: string): Promise<'pass' | 'review'> {
  const verdict = await checkText(text, user.openid, 3);
  if (verdict === 'risky') throw new ApiError('CONTENT_REJECTED', undefined, [{ path: field, message: '内容包含不适宜发布的信息' }]);
  return verdict;
}

/** A topic the viewer may see: held proposals only by their author and staff; anything else is 404. */
async function loadVisible(community: CommunityContext, viewer: Viewer, id: string): Promise<ConsultationDoc> {
  const doc = await community.scope.findById(ConsultationModel, id);
  if (!doc || (doc.status === 'proposed' && !viewer.isStaff && !doc.authorId.equals(viewer.userId))) throw notFound('议题不存在');
  return doc;
}

async function view(community: CommunityContext, viewer: Viewer, doc: ConsultationDoc, w?: ScopeWorld) {
  return (await consultationViews([doc], viewer, w ?? (await world(community))))[0]!;
}

/** Voting fields from staff input, completed from what the topic already has and sensible defaults. */
function votingSettings(input: VotingSettingsInput, existing: Partial<ConsultationDoc> | undefined, now: Date, requireFuture: boolean): VotingSettings {
  const options =
    input.options?.map((o) => ({ _id: new Types.ObjectId(), label: o.label })) ??
    (existing?.options?.length ? existing.options : DEFAULT_OPTIONS.map((label) => ({ _id: new Types.ObjectId(), label })));
  const maxChoices = input.maxChoices ?? existing?.maxChoices ?? 1;
  if (maxChoices > options.length) throw validationFailed([{ path: 'maxChoices', message: '可选项数不能超过选项总数' }]);
  const endsAt = input.votingEndsAt ? new Date(input.votingEndsAt) : existing?.votingEndsAt ?? new Date(now.getTime() + DEFAULT_VOTING_DAYS * 86_400_000);
  if (requireFuture && endsAt.getTime() <= now.getTime() + 60_000) throw validationFailed([{ path: 'votingEndsAt', message: '投票截止时间须晚于现在' }]);
  return { voteRule: input.voteRule ?? existing?.voteRule ?? 'per_resident', options, maxChoices, quorum: input.quorum ?? existing?.quorum, votingEndsAt: endsAt };
}

const VOTING_FIELDS = ['voteRule', 'options', 'maxChoices', 'quorum', 'votingEndsAt', 'stage'] as const;

const create = route(api.consultations.create, async ({ user, community, body, now }) => {
  const viewer = viewerOf(user, community);
  const w = await world(community);
  const scope = resolveScope(w, body.scope);
  if (!viewer.isStaff) {
    const extra = VOTING_FIELDS.filter((f) => body[f] !== undefined);
    if (extra.length) throw forbidden('投票事项（选项、规则、截止时间等）由社区工作者设置');
    if (!livesInScope(w, scope, community.membership)) throw forbidden('只有居住在该范围内的认证居民可以提出议题');
  }
  const verdict = await screenText(`${body.title}\n${body.body}`, user, 'body');
  const staffStage = viewer.isStaff ? (body.stage ?? 'discussion') : undefined;
  const voting = staffStage ? votingSettings(body, undefined, now, staffStage === 'voting') : undefined;
  const status: ConsultationStatus = viewer.isStaff ? 'discussion' : verdict === 'pass' ? 'collecting' : 'proposed';
  const doc = await community.scope.create(ConsultationModel, {
    title: body.title,
    body: body.body,
    status,
    scope,
    authorId: user._id,
    authorName: displayName(user, community),
    byStaff: viewer.isStaff,
    contentStatus: verdict,
    supportCount: 0,
    supportThreshold: viewer.isStaff ? 0 : (await thresholdsFor(w, configuredThreshold(community.community.settings), [{ scope, authorId: user._id }]))[0]!.threshold,
    collectUntil: viewer.isStaff ? undefined : new Date(now.getTime() + COLLECT_DAYS * 86_400_000),
    textLocked: false,
    voteRule: voting?.voteRule ?? 'per_resident',
    options: voting && body.options ? voting.options : [],
    maxChoices: voting?.maxChoices ?? 1,
    quorum: voting?.quorum,
    votingEndsAt: body.votingEndsAt ? voting?.votingEndsAt : undefined,
    openBallots: [],
    progress: 0,
    updates: [],
    commentCounts: { for: 0, against: 0, neutral: 0 },
    outbox: [],
    rev: 0,
    timeline: [
      event(
        viewer.isStaff ? 'created_by_staff' : 'proposed',
        user._id,
        displayName(user, community),
        now,
        verdict === 'review' ? '内容待审核，审核通过后开始征集附议' : undefined,
      ),
    ],
  });
  if (staffStage === 'voting') {
    const opened = await openVoting(w, doc._id, voting!, { id: user._id, name: displayName(user, community) }, now, ['discussion']);
    return view(community, viewer, opened, w);
  }
  return view(community, viewer, doc, w);
});

const list = route(api.consultations.list, async ({ user, community, query, now }) => {
  const viewer = viewerOf(user, community);
  const and: Record<string, unknown>[] = [];
  if (query.status) and.push({ status: query.status });
  if (query.stage) and.push({ status: { $in: STAGES[query.stage] } });
  if (query.scope) {
    const [level, id] = query.scope.split(':');
    and.push(level === 'community' ? { 'scope.level': 'community' } : { 'scope.level': level, 'scope.id': new Types.ObjectId(id) });
  }
  // Held proposals: their author and staff only.
  if (!viewer.isStaff) and.push({ $or: [{ status: { $ne: 'proposed' } }, { authorId: user._id }] });
  if (query.cursor) and.push({ _id: { $lt: new Types.ObjectId(query.cursor) } });
  const docs = await community.scope.find(ConsultationModel, and.length ? { $and: and } : {}).sort({ _id: -1 }).limit(query.limit + 1);
  const w = await world(community);
  const pageDocs = await current(community, docs.slice(0, query.limit), w, now);
  return {
    items: await consultationViews(pageDocs, viewer, w),
    nextCursor: docs.length > query.limit ? pageDocs[pageDocs.length - 1]!._id.toHexString() : null,
  };
});

const get = route(api.consultations.get, async ({ user, community, params, now }) => {
  const viewer = viewerOf(user, community);
  const w = await world(community);
  const [doc] = await current(community, [await loadVisible(community, viewer, params.consultationId)], w, now);
  return view(community, viewer, doc!, w);
});

const edit = route(api.consultations.edit, async ({ user, community, params, body }) => {
  const viewer = viewerOf(user, community);
  const doc = await loadVisible(community, viewer, params.consultationId);
  if (!doc.authorId.equals(user._id)) throw forbidden('只有提出人可以修改议题');
  if (!body.title && !body.body) throw validationFailed([{ path: 'body', message: '请填写要修改的内容' }]);
  const verdict = await screenText(`${body.title ?? doc.title}\n${body.body ?? doc.body}`, user, 'body');
  // Conditional on nobody having started to support it (and on the stage): the text people support is fixed.
  const updated = await community.scope.findOneAndUpdate(
    ConsultationModel,
    { _id: doc._id, textLocked: false, status: { $in: ['proposed', 'collecting'] } },
    {
      $set: {
        ...(body.title ? { title: body.title } : {}),
        ...(body.body ? { body: body.body } : {}),
        contentStatus: verdict,
        ...(verdict === 'review' && doc.status === 'collecting' ? { status: 'proposed' } : {}),
      },
      $push: { timeline: event('edited', user._id, displayName(user, community), new Date()) },
      $inc: { rev: 1 },
    },
  );
  if (!updated) throw conflict('已有居民附议或议题已进入下一阶段，内容不能再修改');
  return view(community, viewer, updated);
});

const support = route(api.consultations.support, async ({ user, community, params, now }) => {
  const viewer = viewerOf(user, community);
  const w = await world(community);
  // The threshold by the current rule first: a lowered setting may already have sent the topic to review.
  const [doc] = (await current(community, [await loadVisible(community, viewer, params.consultationId)], w, now)) as [ConsultationDoc];
  // Who may support comes before when: someone who may never support is told so (403) whatever the stage.
  if (doc.authorId.equals(user._id)) throw forbidden('不能附议自己的提案');
  if (!livesInScope(w, doc.scope, community.membership)) throw forbidden('只有居住在该范围内的认证居民可以附议');
  if (doc.status !== 'collecting') throw conflict(doc.status === 'lapsed' ? '附议期已结束' : '该议题不在征集附议阶段');
  // From the first support on, the author can no longer change the text being supported.
  await ConsultationModel.updateOne({ _id: doc._id, status: 'collecting', textLocked: false }, { $set: { textLocked: true } });
  try {
    await SupportModel.create({ communityId: community.communityId, consultationId: doc._id, userId: user._id, createdAt: now });
  } catch (err) {
    if ((err as { code?: number }).code === 11000) throw conflict('您已经附议过了');
    throw err;
  }
  // The count is recounted from the support records, so concurrent supports and retries never drift. The write
  // returns the topic as it is after it, with the threshold a concurrent recount may just have set: whichever of
  // the two writes comes last sees both and moves the topic, once (reachIfMet is conditional).
  const count = await SupportModel.countDocuments({ consultationId: doc._id });
  const counted = await ConsultationModel.findOneAndUpdate({ _id: doc._id }, { $max: { supportCount: count }, $inc: { rev: 1 } }, { new: true });
  const after = counted ? await reachIfMet(counted, now, user._id) : doc;
  return view(community, viewer, after, w);
});

const comments = route(api.consultations.comments, async ({ user, community, params, query }) => {
  const viewer = viewerOf(user, community);
  const doc = await loadVisible(community, viewer, params.consultationId);
  const filter: Record<string, unknown> = { consultationId: doc._id };
  if (query.cursor) filter._id = { $gt: new Types.ObjectId(query.cursor) };
  const docs = await community.scope.find(CommentModel, filter).sort({ _id: 1 }).limit(query.limit + 1);
  const pageDocs = docs.slice(0, query.limit);
  return {
    items: pageDocs.filter((c) => commentVisible(c, viewer)).map((c) => commentView(c, viewer)),
    nextCursor: docs.length > query.limit ? pageDocs[pageDocs.length - 1]!._id.toHexString() : null,
  };
});

/** Comment counts per stance, recounted from the comments (visible ones) after each change. */
async function recountComments(consultationId: Types.ObjectId) {
  const counts = { for: 0, against: 0, neutral: 0 };
  for (const stance of ['for', 'against', 'neutral'] as const)
    counts[stance] = await CommentModel.countDocuments({ consultationId, stance, parentId: null, contentStatus: 'pass', hidden: null });
  await ConsultationModel.updateOne({ _id: consultationId }, { $set: { commentCounts: counts } });
}

const comment = route(api.consultations.comment, async ({ user, community, params, body, now }) => {
  const viewer = viewerOf(user, community);
  const doc = await catchUp(await loadVisible(community, viewer, params.consultationId), now);
  if (!COMMENTABLE_STATUSES.includes(doc.status)) throw conflict('议题当前阶段不能评论');
  const w = await world(community);
  if (!viewer.isStaff && !livesInScope(w, doc.scope, community.membership)) throw forbidden('只有居住在该范围内的认证居民可以评论');
  let parentId: Types.ObjectId | undefined;
  if (body.parentId) {
    const parent = await community.scope.findOne(CommentModel, { _id: new Types.ObjectId(body.parentId), consultationId: doc._id });
    if (!parent) throw validationFailed([{ path: 'parentId', message: '要回复的评论不存在' }]);
    // One level of replies: answering a reply answers its thread.
    parentId = parent.parentId ?? parent._id;
  }
  const verdict = await screenText(body.body, user, 'body');
  const created = await community.scope.create(CommentModel, {
    consultationId: doc._id,
    parentId,
    authorId: user._id,
    authorName: displayName(user, community),
    byStaff: viewer.isStaff,
    stance: body.stance,
    body: body.body,
    contentStatus: verdict,
    reporters: [],
    createdAt: now,
  });
  await recountComments(doc._id);
  return commentView(created, viewer);
});

async function loadComment(community: CommunityContext, viewer: Viewer, consultationId: string, commentId: string) {
  const doc = await loadVisible(community, viewer, consultationId);
  const c = await community.scope.findOne(CommentModel, { _id: new Types.ObjectId(commentId), consultationId: doc._id });
  if (!c || !commentVisible(c, viewer)) throw notFound('评论不存在');
  return c;
}

const report = route(api.consultations.report, async ({ user, community, params }) => {
  const viewer = viewerOf(user, community);
  const c = await loadComment(community, viewer, params.consultationId, params.commentId);
  if (c.authorId.equals(user._id)) throw validationFailed([{ path: 'commentId', message: '不能举报自己的评论' }]);
  const updated = await community.scope.findOneAndUpdate(CommentModel, { _id: c._id }, { $addToSet: { reporters: user._id } });
  return commentView(updated!, viewer);
});

const moderate = route(api.consultations.moderate, async ({ user, community, params, body, now }) => {
  const viewer = viewerOf(user, community);
  const c = await loadComment(community, viewer, params.consultationId, params.commentId);
  const update =
    body.action === 'hide'
      ? { $set: { hidden: { reason: body.reason, by: user._id, at: now } } }
      : { $set: { contentStatus: 'pass' } };
  const updated = await community.scope.findOneAndUpdate(CommentModel, { _id: c._id }, update);
  await recountComments(c.consultationId);
  return commentView(updated!, viewer);
});

/** Applies a staff move conditional on the status read; a concurrent move makes it 409. */
async function move(
  doc: ConsultationDoc,
  m: ConsultationMove,
  update: { $set?: Record<string, unknown>; $push?: Record<string, unknown> },
): Promise<ConsultationDoc> {
  const t = consultationTransition(doc.status, m);
  if (!t.ok) throw conflict(CONSULTATION_REFUSAL_MESSAGES[t.reason]);
  const updated = await ConsultationModel.findOneAndUpdate(
    { _id: doc._id, status: doc.status, rev: doc.rev },
    { ...update, $set: { ...update.$set, status: t.to }, $inc: { rev: 1 } },
    { new: true },
  );
  if (!updated) throw conflict('议题刚刚被他人处理，请刷新后重试');
  await deliverTopicOutbox(updated);
  return updated;
}

const act = route(api.consultations.act, async ({ user, community, params, body, now }) => {
  const viewer = viewerOf(user, community);
  const actorName = displayName(user, community);
  const w = await world(community);
  const [doc] = (await current(community, [await loadVisible(community, viewer, params.consultationId)], w, now)) as [ConsultationDoc];
  let result: ConsultationDoc;
  switch (body.action) {
    case 'approve': {
      const fromHeld = doc.status === 'proposed';
      const voting = fromHeld ? undefined : votingSettings(body, doc, now, !!body.votingEndsAt);
      result = await move(doc, 'approve', {
        $set: fromHeld
          ? { contentStatus: 'pass' }
          : {
              voteRule: voting!.voteRule,
              options: body.options ? voting!.options : doc.options,
              maxChoices: voting!.maxChoices,
              quorum: voting!.quorum,
              ...(body.votingEndsAt ? { votingEndsAt: voting!.votingEndsAt } : {}),
            },
        $push: {
          timeline: event(fromHeld ? 'content_approved' : 'approved', user._id, actorName, now, fromHeld ? '内容审核通过，开始征集附议' : '社区审核通过，进入讨论'),
          outbox: topicNotice('approved', 'author', fromHeld ? '您的提案已通过审核，开始征集附议' : '您的提案已通过社区审核，进入讨论', doc, now),
        },
      });
      break;
    }
    case 'reject':
      result = await move(doc, 'reject', {
        $set: { reason: body.reason },
        $push: {
          timeline: event('rejected', user._id, actorName, now, body.reason),
          outbox: topicNotice('rejected', 'author', '您的提案未被采纳', doc, now),
        },
      });
      break;
    case 'send_to_review':
      // Before the threshold is reached, when the 党组织 or 居委会 consider the topic necessary: said to everyone.
      result = await move(doc, 'staff_review', {
        $set: { reviewReason: body.reason },
        $push: {
          timeline: event('sent_to_review', user._id, actorName, now, body.reason),
          outbox: topicNotice('sent_to_review', 'author', '社区已将您的提案提交审核', doc, now),
        },
      });
      break;
    case 'merge': {
      if (body.targetId === doc._id.toHexString()) throw validationFailed([{ path: 'targetId', message: '不能合并到自身' }]);
      const target = await community.scope.findById(ConsultationModel, body.targetId);
      if (!target || ['done', 'lapsed', 'rejected', 'merged'].includes(target.status))
        throw validationFailed([{ path: 'targetId', message: '请选择本社区进行中的议题' }]);
      result = await move(doc, 'merge', {
        $set: { mergedInto: target._id, reason: body.reason },
        $push: {
          timeline: event('merged', user._id, actorName, now, `合并至「${target.title}」${body.reason ? `：${body.reason}` : ''}`),
          outbox: topicNotice('merged', 'author', '您的提案已与相似议题合并', doc, now),
        },
      });
      await ConsultationModel.updateOne({ _id: target._id }, { $push: { timeline: event('merged_in', user._id, actorName, now, `合并了「${doc.title}」`) }, $inc: { rev: 1 } });
      break;
    }
    case 'open_voting': {
      const t = consultationTransition(doc.status, 'open_voting');
      if (!t.ok) throw conflict(CONSULTATION_REFUSAL_MESSAGES[t.reason]);
      result = await openVoting(w, doc._id, votingSettings(body, doc, now, true), { id: user._id, name: actorName }, now);
      break;
    }
    case 'close_voting': {
      const t = consultationTransition(doc.status, 'close_voting');
      if (!t.ok) throw conflict(doc.status === 'decided' ? '投票已结束' : CONSULTATION_REFUSAL_MESSAGES[t.reason]);
      const closed = await closeVoting(doc._id, { id: user._id, name: actorName }, now);
      if (!closed) throw notFound('议题不存在');
      result = closed;
      break;
    }
    case 'post_update':
    case 'complete': {
      const photoKeys = body.action === 'post_update' ? (body.photoKeys ?? []) : [];
      if (photoKeys.length) {
        const bad = await attachPhotos(photoKeys, community.communityId, user._id, doc._id, user.openid, true, 'consultation');
        if (bad !== null) throw validationFailed([{ path: `photoKeys.${bad}`, message: '照片未上传成功，请重新上传' }]);
      }
      const progress = body.action === 'complete' ? 100 : body.progress;
      const note = body.action === 'complete' ? (body.note ?? '决议已落实完成') : body.note;
      result = await move(doc, body.action, {
        $set: { progress },
        $push: {
          updates: { _id: new Types.ObjectId(), note, progress, at: now, authorId: user._id, authorName: actorName, photoKeys },
          timeline: event(body.action === 'complete' ? 'completed' : 'progress', user._id, actorName, now, `${progress}%：${note}`),
        },
      });
      break;
    }
  }
  return view(community, viewer, result!, w);
});

const vote = route(api.consultations.vote, async ({ user, community, params, body, now }) => {
  const viewer = viewerOf(user, community);
  const doc = await catchUp(await loadVisible(community, viewer, params.consultationId), now);
  if (doc.status !== 'voting') throw conflict(['decided', 'implementing', 'done'].includes(doc.status) ? '投票已结束' : '投票尚未开始');
  if (!doc.votingEndsAt || doc.votingEndsAt <= now || (doc.votingStartsAt && doc.votingStartsAt > now)) throw conflict('不在投票时间内');
  const problem = ballotProblem(body.optionIds, doc.options.map((o) => ({ id: o._id.toHexString() })), doc.maxChoices);
  if (problem) throw validationFailed([{ path: 'optionIds', message: problem }]);
  const elector = await ElectorModel.findById(`${doc._id.toHexString()}:${user._id.toHexString()}`).lean();
  if (!elector) {
    const w = await world(community);
    throw forbidden(livesInScope(w, doc.scope, community.membership) ? '投票开始后入住或认证的居民不能参加本次投票' : '您不在本次投票的范围内');
  }
  if (await ParticipationModel.exists({ _id: `${doc._id.toHexString()}:${elector.ballotKey}` }))
    throw conflict(doc.voteRule === 'per_household' ? '您家已经投过票了' : '您已经投过票了');
  const receipt = await cast(doc, elector.ballotKey, body.optionIds);
  return { receipt, optionIds: body.optionIds };
});

export const handler = apiHandler([create, list, get, edit, support, comments, comment, report, moderate, act, vote]);
