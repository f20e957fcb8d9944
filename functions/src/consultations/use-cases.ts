/**
 * What can be done in 议事协商, one named function per use case, each with explicit outcomes: `{ ok: true, value }`
 * or `{ ok: false, reason }`. handler.ts is the list of routes and the one place that maps reasons to HTTP. Who may
 * do what is consultation.permissions.ts; which stage allows what is shared consultation.rules.ts.
 */
import { Types } from 'mongoose';
import type { OutcomeOf } from '../lib/outcome';
import {
  ballotProblem,
  consultationTransition,
  type ConsultationActionInput,
  type ConsultationMove,
  type ConsultationRefusal,
  type ConsultationStatus,
  type CreateConsultationInput,
  type VotingSettingsInput,
} from '@linli/shared';
import { checkText } from '../lib/wechat';
import { displayName, type CommunityContext } from '../communities/community-context';
import type { UserDoc } from '../auth/user.model';
import { attachPhotos } from '../uploads/photos';
import { ConsultationModel, ElectorModel, ParticipationModel, SupportModel, type ConsultationDoc } from './consultation.model';
import { newConsultationDoc } from './consultation.factory';
import { canOnConsultation, type ConsultationActor } from './consultation.permissions';
import { livesInScope, loadWorld, resolveScope, type ScopeWorld } from './consultation.scope';
import { deliverTopicOutbox, topicNotice } from './consultation.notify';
import { cast, closeVoting, event, openVoting, type VotingSettings } from './voting';
import { catchUp } from './time-rules';
import { configuredThreshold, reachIfMet, syncThresholds, thresholdsFor } from './threshold';

/** Who acts, where, and when. */
export interface ConsultationCaller {
  user: UserDoc;
  community: CommunityContext;
  actor: ConsultationActor;
  now: Date;
}

export function callerOf(user: UserDoc, community: CommunityContext, now: Date): ConsultationCaller {
  return { user, community, now, actor: { userId: user._id, roles: community.roles } };
}

/** Why a use case did not happen. */
export type ConsultationUseCaseRefusal =
  | { reason: 'not_found' }
  | { reason: 'comment_not_found' }
  /** Voting fields and stages are set by whoever runs the process. */
  | { reason: 'voting_fields_reserved' }
  | { reason: 'not_in_scope'; to: 'propose' | 'support' | 'comment' }
  | { reason: 'not_author' }
  | { reason: 'own_proposal' }
  /** The permission table refuses a move of the process or a moderation. */
  | { reason: 'not_permitted' }
  /** The author's text is fixed: someone supported it, or it left 附议. */
  | { reason: 'text_locked' }
  | { reason: 'not_collecting'; lapsed: boolean }
  | { reason: 'already_supported' }
  | { reason: 'not_commentable' }
  /** The state machine says no (`voting_over` when closing a vote that has closed). */
  | { reason: 'stage'; refusal: ConsultationRefusal | 'voting_over' }
  | { reason: 'voting_over' }
  | { reason: 'voting_not_started' }
  | { reason: 'outside_voting_hours' }
  /** Not on the frozen list: moved in (or was approved) after voting opened, or does not live in the scope. */
  | { reason: 'not_on_roll'; livesInScope: boolean }
  | { reason: 'already_voted'; household: boolean }
  /** Someone else moved the topic meanwhile. */
  | { reason: 'busy' }
  | { reason: 'content_rejected'; path: string }
  /** The input names or sets something that cannot be used (a scope, an option count, a target, an upload). */
  | { reason: 'invalid'; path: string; message: string };

export type Outcome<T> = OutcomeOf<T, ConsultationUseCaseRefusal>;

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const no = <T>(r: ConsultationUseCaseRefusal): Outcome<T> => ({ ok: false, ...r });
export const isRefusal = (x: unknown): x is ConsultationUseCaseRefusal => !!x && typeof x === 'object' && 'reason' in x && !('_id' in x);

const DEFAULT_OPTIONS = ['同意', '不同意', '弃权'];
const DEFAULT_VOTING_DAYS = 7;

/** The stage groups of the app's tabs. */
const STAGES: Record<'active' | 'following' | 'ended' | 'held', ConsultationStatus[]> = {
  active: ['collecting', 'review', 'discussion', 'voting'],
  following: ['decided', 'implementing'],
  ended: ['done', 'lapsed', 'rejected', 'merged'],
  held: ['proposed'],
};

export const worldOf = (c: ConsultationCaller) => loadWorld(c.community.communityId, c.community.community.name);

/** Whether the caller is an approved resident living in the scope. */
export const inScope = (c: ConsultationCaller, w: ScopeWorld, scope: ConsultationDoc['scope']) => livesInScope(w, scope, c.community.membership);

/** Time rules, then the support threshold of topics still collecting by the current rule and setting (threshold.ts). */
async function current(c: ConsultationCaller, docs: ConsultationDoc[], w: ScopeWorld): Promise<ConsultationDoc[]> {
  const caughtUp = await Promise.all(docs.map((d) => catchUp(d, c.now)));
  return syncThresholds(caughtUp, w, configuredThreshold(c.community.community.settings), c.now);
}

/** User text goes through WeChat content security before it is stored (scene 3: forum posts). */
export async function screen(c: ConsultationCaller, text: string, path: string): Promise<'pass' | 'review' | ConsultationUseCaseRefusal> {
  const verdict = await checkText(text, c.user.openid, 3);
  return verdict === 'risky' ? { reason: 'content_rejected', path } : verdict;
}

/** A topic the caller may see: held proposals only by their author and staff; anything else is not found. */
export async function loadVisible(c: ConsultationCaller, id: string): Promise<Outcome<ConsultationDoc>> {
  const doc = await c.community.scope.findById(ConsultationModel, id);
  return doc && canOnConsultation('view', c.actor, doc) ? ok(doc) : no({ reason: 'not_found' });
}

/** A visible topic brought up to date: time rules applied and its threshold by the current setting. */
async function loadCurrent(c: ConsultationCaller, id: string, w: ScopeWorld): Promise<Outcome<ConsultationDoc>> {
  const loaded = await loadVisible(c, id);
  if (!loaded.ok) return loaded;
  const [doc] = await current(c, [loaded.value], w);
  return ok(doc!);
}

/** Voting fields from staff input, completed from what the topic already has and sensible defaults. */
function votingSettings(input: VotingSettingsInput, existing: Partial<ConsultationDoc> | undefined, now: Date, requireFuture: boolean): VotingSettings | ConsultationUseCaseRefusal {
  const options =
    input.options?.map((o) => ({ _id: new Types.ObjectId(), label: o.label })) ??
    (existing?.options?.length ? existing.options : DEFAULT_OPTIONS.map((label) => ({ _id: new Types.ObjectId(), label })));
  const maxChoices = input.maxChoices ?? existing?.maxChoices ?? 1;
  if (maxChoices > options.length) return { reason: 'invalid', path: 'maxChoices', message: '可选项数不能超过选项总数' };
  const endsAt = input.votingEndsAt ? new Date(input.votingEndsAt) : (existing?.votingEndsAt ?? new Date(now.getTime() + DEFAULT_VOTING_DAYS * 86_400_000));
  if (requireFuture && endsAt.getTime() <= now.getTime() + 60_000) return { reason: 'invalid', path: 'votingEndsAt', message: '投票截止时间须晚于现在' };
  return { voteRule: input.voteRule ?? existing?.voteRule ?? 'per_resident', options, maxChoices, quorum: input.quorum ?? existing?.quorum ?? undefined, votingEndsAt: endsAt };
}

const VOTING_FIELDS = ['voteRule', 'options', 'maxChoices', 'quorum', 'votingEndsAt', 'stage'] as const;

// ---- topics ------------------------------------------------------------------------------------------------

/**
 * A resident proposes a topic for 附议, or staff initiate one straight into discussion or voting; `fromRequestIds`
 * links a topic staff open from 每月一题 (requests/hotspots.ts) to the requests it came from.
 */
export async function propose(c: ConsultationCaller, body: CreateConsultationInput, w: ScopeWorld, fromRequestIds?: Types.ObjectId[]): Promise<Outcome<ConsultationDoc>> {
  const { user, community, actor, now } = c;
  const scope = resolveScope(w, body.scope);
  const initiated = canOnConsultation('initiate', actor);
  if (!initiated && VOTING_FIELDS.some((f) => body[f] !== undefined)) return no({ reason: 'voting_fields_reserved' });
  if (!canOnConsultation('propose', actor, { inScope: inScope(c, w, scope) })) return no({ reason: 'not_in_scope', to: 'propose' });
  const verdict = await screen(c, `${body.title}\n${body.body}`, 'body');
  if (isRefusal(verdict)) return no(verdict);
  const stage = initiated ? (body.stage ?? 'discussion') : undefined;
  const voting = stage ? votingSettings(body, undefined, now, stage === 'voting') : undefined;
  if (isRefusal(voting)) return no(voting);
  const authorName = displayName(user, community);
  const doc = await community.scope.create(
    ConsultationModel,
    newConsultationDoc(
      {
        communityId: community.communityId,
        title: body.title,
        body: body.body,
        scope,
        authorId: user._id,
        authorName,
        initiated,
        contentStatus: verdict,
        fromRequestIds,
        supportThreshold: initiated ? 0 : (await thresholdsFor(w, configuredThreshold(community.community.settings), [{ scope, authorId: user._id }]))[0]!.threshold,
        voting: voting && {
          voteRule: voting.voteRule,
          // Only what staff set: the defaults are filled in when voting opens.
          options: body.options ? voting.options : undefined,
          maxChoices: voting.maxChoices,
          quorum: voting.quorum,
          votingEndsAt: body.votingEndsAt ? voting.votingEndsAt : undefined,
        },
        firstEvent: event(initiated ? 'created_by_staff' : 'proposed', user._id, authorName, now, verdict === 'review' ? '内容待审核，审核通过后开始征集附议' : undefined),
      },
      now,
    ),
  );
  if (stage === 'voting') return ok(await openVoting(w, doc._id, voting!, { id: user._id, name: authorName }, now, ['discussion']));
  return ok(doc);
}

/** A page of topics by stage and scope (held proposals: their author and staff only), brought up to date. */
export async function listTopics(
  c: ConsultationCaller,
  query: { status?: ConsultationStatus; stage?: keyof typeof STAGES; scope?: string; cursor?: string; limit: number },
  w: ScopeWorld,
): Promise<{ docs: ConsultationDoc[]; nextCursor: string | null }> {
  const and: Record<string, unknown>[] = [];
  if (query.status) and.push({ status: query.status });
  if (query.stage) and.push({ status: { $in: STAGES[query.stage] } });
  if (query.scope) {
    const [level, id] = query.scope.split(':');
    and.push(level === 'community' ? { 'scope.level': 'community' } : { 'scope.level': level, 'scope.id': new Types.ObjectId(id) });
  }
  if (!canOnConsultation('view_held', c.actor)) and.push({ $or: [{ status: { $ne: 'proposed' } }, { authorId: c.user._id }] });
  if (query.cursor) and.push({ _id: { $lt: new Types.ObjectId(query.cursor) } });
  const docs = await c.community.scope.find(ConsultationModel, and.length ? { $and: and } : {}).sort({ _id: -1 }).limit(query.limit + 1);
  const pageDocs = await current(c, docs.slice(0, query.limit), w);
  return { docs: pageDocs, nextCursor: docs.length > query.limit ? pageDocs[pageDocs.length - 1]!._id.toHexString() : null };
}

/** One topic, brought up to date. */
export const getTopic = (c: ConsultationCaller, id: string, w: ScopeWorld) => loadCurrent(c, id, w);

/** The author changes the text, until someone supports it. */
export async function editTopic(c: ConsultationCaller, id: string, body: { title?: string; body?: string }): Promise<Outcome<ConsultationDoc>> {
  const loaded = await loadVisible(c, id);
  if (!loaded.ok) return loaded;
  const doc = loaded.value;
  if (!canOnConsultation('edit', c.actor, doc)) return no({ reason: 'not_author' });
  if (!body.title && !body.body) return no({ reason: 'invalid', path: 'body', message: '请填写要修改的内容' });
  const verdict = await screen(c, `${body.title ?? doc.title}\n${body.body ?? doc.body}`, 'body');
  if (isRefusal(verdict)) return no(verdict);
  // Conditional on nobody having started to support it (and on the stage): the text people support is fixed.
  const updated = await c.community.scope.findOneAndUpdate(
    ConsultationModel,
    { _id: doc._id, textLocked: false, status: { $in: ['proposed', 'collecting'] } },
    {
      $set: {
        ...(body.title ? { title: body.title } : {}),
        ...(body.body ? { body: body.body } : {}),
        contentStatus: verdict,
        ...(verdict === 'review' && doc.status === 'collecting' ? { status: 'proposed' } : {}),
      },
      $push: { timeline: event('edited', c.user._id, displayName(c.user, c.community), new Date()) },
      $inc: { rev: 1 },
    },
  );
  return updated ? ok(updated) : no({ reason: 'text_locked' });
}

/** A resident of the scope supports a proposal (附议), once; reaching the threshold sends it to review. */
export async function support(c: ConsultationCaller, id: string, w: ScopeWorld): Promise<Outcome<ConsultationDoc>> {
  // The threshold by the current rule first: a lowered setting may already have sent the topic to review.
  const loaded = await loadCurrent(c, id, w);
  if (!loaded.ok) return loaded;
  const doc = loaded.value;
  // Who may support comes before when: someone who may never support is told so (403) whatever the stage.
  if (!canOnConsultation('support', c.actor, { authorId: doc.authorId, inScope: inScope(c, w, doc.scope) }))
    return no(doc.authorId.equals(c.user._id) ? { reason: 'own_proposal' } : { reason: 'not_in_scope', to: 'support' });
  if (doc.status !== 'collecting') return no({ reason: 'not_collecting', lapsed: doc.status === 'lapsed' });
  // From the first support on, the author can no longer change the text being supported.
  await ConsultationModel.updateOne({ _id: doc._id, status: 'collecting', textLocked: false }, { $set: { textLocked: true } });
  try {
    await SupportModel.create({ communityId: c.community.communityId, consultationId: doc._id, userId: c.user._id, createdAt: c.now });
  } catch (err) {
    if ((err as { code?: number }).code === 11000) return no({ reason: 'already_supported' });
    throw err;
  }
  // The count is recounted from the support records, so concurrent supports and retries never drift. The write
  // returns the topic as it is after it, with the threshold a concurrent recount may just have set: whichever of
  // the two writes comes last sees both and moves the topic, once (reachIfMet is conditional).
  const count = await SupportModel.countDocuments({ consultationId: doc._id });
  const counted = await ConsultationModel.findOneAndUpdate({ _id: doc._id }, { $max: { supportCount: count }, $inc: { rev: 1 } }, { new: true });
  return ok(counted ? await reachIfMet(counted, c.now, c.user._id) : doc);
}

// ---- the process (staff) -----------------------------------------------------------------------------------

/** Applies a move of the state machine conditional on the status read; a concurrent move is `busy`. */
async function move(
  doc: ConsultationDoc,
  m: ConsultationMove,
  update: { $set?: Record<string, unknown>; $push?: Record<string, unknown> },
): Promise<Outcome<ConsultationDoc>> {
  const t = consultationTransition(doc.status, m);
  if (!t.ok) return no({ reason: 'stage', refusal: t.reason });
  const updated = await ConsultationModel.findOneAndUpdate(
    { _id: doc._id, status: doc.status, rev: doc.rev },
    { ...update, $set: { ...update.$set, status: t.to }, $inc: { rev: 1 } },
    { new: true },
  );
  if (!updated) return no({ reason: 'busy' });
  await deliverTopicOutbox(updated);
  return ok(updated);
}

type Act<A extends ConsultationActionInput['action']> = (c: ConsultationCaller, doc: ConsultationDoc, body: Extract<ConsultationActionInput, { action: A }>, w: ScopeWorld) => Promise<Outcome<ConsultationDoc>>;

/** Staff clear a held proposal into 附议, or let a proposal that reached its threshold into discussion. */
const approve: Act<'approve'> = async (c, doc, body) => {
  const fromHeld = doc.status === 'proposed';
  const voting = fromHeld ? undefined : votingSettings(body, doc, c.now, !!body.votingEndsAt);
  if (isRefusal(voting)) return no(voting);
  const name = displayName(c.user, c.community);
  return move(doc, 'approve', {
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
      timeline: event(fromHeld ? 'content_approved' : 'approved', c.user._id, name, c.now, fromHeld ? '内容审核通过，开始征集附议' : '社区审核通过，进入讨论'),
      outbox: topicNotice('approved', 'author', fromHeld ? '您的提案已通过审核，开始征集附议' : '您的提案已通过社区审核，进入讨论', doc, c.now),
    },
  });
};

/**
 * Staff decide on a proposal with a stated reason: not adopted (reject), or sent to review before its support reached
 * the threshold, when the 党组织 or 居委会 consider it necessary (said to everyone). One use case, two decisions.
 */
const decideWithReason: Act<'reject' | 'send_to_review'> = async (c, doc, body) => {
  const rejecting = body.action === 'reject';
  return move(doc, rejecting ? 'reject' : 'staff_review', {
    $set: rejecting ? { reason: body.reason } : { reviewReason: body.reason },
    $push: {
      timeline: event(rejecting ? 'rejected' : 'sent_to_review', c.user._id, displayName(c.user, c.community), c.now, body.reason),
      outbox: topicNotice(rejecting ? 'rejected' : 'sent_to_review', 'author', rejecting ? '您的提案未被采纳' : '社区已将您的提案提交审核', doc, c.now),
    },
  });
};

/** Staff merge a proposal into a similar ongoing topic, which records that it took it in. */
const merge: Act<'merge'> = async (c, doc, body) => {
  if (body.targetId === doc._id.toHexString()) return no({ reason: 'invalid', path: 'targetId', message: '不能合并到自身' });
  const target = await c.community.scope.findById(ConsultationModel, body.targetId);
  if (!target || ['done', 'lapsed', 'rejected', 'merged'].includes(target.status)) return no({ reason: 'invalid', path: 'targetId', message: '请选择本社区进行中的议题' });
  const name = displayName(c.user, c.community);
  const moved = await move(doc, 'merge', {
    $set: { mergedInto: target._id, reason: body.reason },
    $push: {
      timeline: event('merged', c.user._id, name, c.now, `合并至「${target.title}」${body.reason ? `：${body.reason}` : ''}`),
      outbox: topicNotice('merged', 'author', '您的提案已与相似议题合并', doc, c.now),
    },
  });
  if (moved.ok) await ConsultationModel.updateOne({ _id: target._id }, { $push: { timeline: event('merged_in', c.user._id, name, c.now, `合并了「${doc.title}」`) }, $inc: { rev: 1 } });
  return moved;
};

/** Staff open the vote: the list of who may vote is frozen now (voting.ts). */
const startVote: Act<'open_voting'> = async (c, doc, body, w) => {
  const t = consultationTransition(doc.status, 'open_voting');
  if (!t.ok) return no({ reason: 'stage', refusal: t.reason });
  const voting = votingSettings(body, doc, c.now, true);
  if (isRefusal(voting)) return no(voting);
  return ok(await openVoting(w, doc._id, voting, { id: c.user._id, name: displayName(c.user, c.community) }, c.now));
};

/** Staff close the vote early; the results are counted from the sealed ballot box and published. */
const closeVote: Act<'close_voting'> = async (c, doc) => {
  const t = consultationTransition(doc.status, 'close_voting');
  if (!t.ok) return no({ reason: 'stage', refusal: doc.status === 'decided' ? 'voting_over' : t.reason });
  const closed = await closeVoting(doc._id, { id: c.user._id, name: displayName(c.user, c.community) }, c.now);
  return closed ? ok(closed) : no({ reason: 'not_found' });
};

/** Staff report how the decision is being carried out (with photos), or that it is done. */
const reportProgress: Act<'post_update' | 'complete'> = async (c, doc, body) => {
  const photoKeys = body.action === 'post_update' ? (body.photoKeys ?? []) : [];
  if (photoKeys.length) {
    const bad = await attachPhotos(photoKeys, c.community.communityId, c.user._id, doc._id, c.user.openid, true, 'consultation');
    if (bad !== null) return no({ reason: 'invalid', path: `photoKeys.${bad}`, message: '照片未上传成功，请重新上传' });
  }
  const progress = body.action === 'complete' ? 100 : body.progress;
  const note = body.action === 'complete' ? (body.note ?? '决议已落实完成') : body.note;
  const name = displayName(c.user, c.community);
  return move(doc, body.action, {
    $set: { progress },
    $push: {
      updates: { _id: new Types.ObjectId(), note, progress, at: c.now, authorId: c.user._id, authorName: name, photoKeys },
      timeline: event(body.action === 'complete' ? 'completed' : 'progress', c.user._id, name, c.now, `${progress}%：${note}`),
    },
  });
};

/** A move of the process by staff (`act`): permitted by the table, then the use case of that action. */
export async function runProcess(c: ConsultationCaller, id: string, body: ConsultationActionInput, w: ScopeWorld): Promise<Outcome<ConsultationDoc>> {
  const loaded = await loadCurrent(c, id, w);
  if (!loaded.ok) return loaded;
  const doc = loaded.value;
  if (!canOnConsultation(body.action, c.actor, doc)) return no({ reason: 'not_permitted' });
  switch (body.action) {
    case 'approve': return approve(c, doc, body, w);
    case 'reject':
    case 'send_to_review': return decideWithReason(c, doc, body, w);
    case 'merge': return merge(c, doc, body, w);
    case 'open_voting': return startVote(c, doc, body, w);
    case 'close_voting': return closeVote(c, doc, body, w);
    case 'post_update':
    case 'complete': return reportProgress(c, doc, body, w);
  }
}

// ---- voting ------------------------------------------------------------------------------------------------

/** A voter on the frozen list casts their secret ballot; the receipt is returned once and kept nowhere with them. */
export async function castBallot(c: ConsultationCaller, id: string, optionIds: string[]): Promise<Outcome<{ receipt: string; optionIds: string[] }>> {
  const loaded = await loadVisible(c, id);
  if (!loaded.ok) return loaded;
  const doc = await catchUp(loaded.value, c.now);
  if (doc.status !== 'voting') return no(['decided', 'implementing', 'done'].includes(doc.status) ? { reason: 'voting_over' } : { reason: 'voting_not_started' });
  if (!doc.votingEndsAt || doc.votingEndsAt <= c.now || (doc.votingStartsAt && doc.votingStartsAt > c.now)) return no({ reason: 'outside_voting_hours' });
  const problem = ballotProblem(optionIds, doc.options.map((o) => ({ id: o._id.toHexString() })), doc.maxChoices);
  if (problem) return no({ reason: 'invalid', path: 'optionIds', message: problem });
  const elector = await ElectorModel.findById(`${doc._id.toHexString()}:${c.user._id.toHexString()}`).lean();
  if (!canOnConsultation('vote', c.actor, { onRoll: !!elector })) return no({ reason: 'not_on_roll', livesInScope: inScope(c, await worldOf(c), doc.scope) });
  if (await ParticipationModel.exists({ _id: `${doc._id.toHexString()}:${elector!.ballotKey}` })) return no({ reason: 'already_voted', household: doc.voteRule === 'per_household' });
  // A vote racing this one for the same ballot key is refused inside `cast` (the participation record is unique).
  return ok({ receipt: await cast(doc, elector!.ballotKey, optionIds), optionIds });
}
