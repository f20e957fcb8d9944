/** The comments of a topic: reading, posting, reporting and moderating, with explicit outcomes as in use-cases.ts. */
import { Types } from 'mongoose';
import { COMMENTABLE_STATUSES, type Stance } from '@linli/shared';
import { displayName } from '../communities/community-context';
import { CommentModel, ConsultationModel, type CommentDoc } from './consultation.model';
import { newCommentDoc } from './consultation.factory';
import { canOnConsultation, runsProcess } from './consultation.permissions';
import { catchUp } from './time-rules';
import { inScope, isRefusal, loadVisible, no, ok, screen, worldOf, type ConsultationCaller, type Outcome } from './use-cases';

/** A page of a topic's comments the caller may see (held ones: their author and moderators). */
export async function listComments(c: ConsultationCaller, id: string, query: { cursor?: string; limit: number }): Promise<Outcome<{ docs: CommentDoc[]; nextCursor: string | null }>> {
  const loaded = await loadVisible(c, id);
  if (!loaded.ok) return loaded;
  const filter: Record<string, unknown> = { consultationId: loaded.value._id };
  if (query.cursor) filter._id = { $gt: new Types.ObjectId(query.cursor) };
  const docs = await c.community.scope.find(CommentModel, filter).sort({ _id: 1 }).limit(query.limit + 1);
  const pageDocs = docs.slice(0, query.limit);
  return ok({
    docs: pageDocs.filter((x) => canOnConsultation('view_comment', c.actor, x)),
    nextCursor: docs.length > query.limit ? pageDocs[pageDocs.length - 1]!._id.toHexString() : null,
  });
}

/** Comment counts per stance, recounted from the comments (visible ones) after each change. */
async function recountComments(consultationId: Types.ObjectId) {
  const counts = { for: 0, against: 0, neutral: 0 };
  for (const stance of ['for', 'against', 'neutral'] as const)
    counts[stance] = await CommentModel.countDocuments({ consultationId, stance, parentId: null, contentStatus: 'pass', hidden: null });
  await ConsultationModel.updateOne({ _id: consultationId }, { $set: { commentCounts: counts } });
}

/** Someone of the scope (or staff) comments on a topic in deliberation, or answers a comment. */
export async function postComment(c: ConsultationCaller, id: string, body: { body: string; stance: Stance; parentId?: string }): Promise<Outcome<CommentDoc>> {
  const loaded = await loadVisible(c, id);
  if (!loaded.ok) return loaded;
  const doc = await catchUp(loaded.value, c.now);
  if (!COMMENTABLE_STATUSES.includes(doc.status)) return no({ reason: 'not_commentable' });
  const w = await worldOf(c);
  if (!canOnConsultation('comment', c.actor, { inScope: inScope(c, w, doc.scope) })) return no({ reason: 'not_in_scope', to: 'comment' });
  let parentId: Types.ObjectId | undefined;
  if (body.parentId) {
    const parent = await c.community.scope.findOne(CommentModel, { _id: new Types.ObjectId(body.parentId), consultationId: doc._id });
    if (!parent) return no({ reason: 'invalid', path: 'parentId', message: '要回复的评论不存在' });
    // One level of replies: answering a reply answers its thread.
    parentId = parent.parentId ?? parent._id;
  }
  const verdict = await screen(c, body.body, 'body');
  if (isRefusal(verdict)) return no(verdict);
  const created = await c.community.scope.create(
    CommentModel,
    newCommentDoc(
      {
        communityId: c.community.communityId,
        consultationId: doc._id,
        parentId,
        authorId: c.user._id,
        authorName: displayName(c.user, c.community),
        byStaff: runsProcess(c.actor),
        stance: body.stance,
        body: body.body,
        contentStatus: verdict,
      },
      c.now,
    ),
  );
  await recountComments(doc._id);
  return ok(created);
}

async function loadComment(c: ConsultationCaller, consultationId: string, commentId: string): Promise<Outcome<CommentDoc>> {
  const loaded = await loadVisible(c, consultationId);
  if (!loaded.ok) return loaded;
  const comment = await c.community.scope.findOne(CommentModel, { _id: new Types.ObjectId(commentId), consultationId: loaded.value._id });
  return comment && canOnConsultation('view_comment', c.actor, comment) ? ok(comment) : no({ reason: 'comment_not_found' });
}

/** Someone reports another's comment (each person counts once). */
export async function reportComment(c: ConsultationCaller, consultationId: string, commentId: string): Promise<Outcome<CommentDoc>> {
  const loaded = await loadComment(c, consultationId, commentId);
  if (!loaded.ok) return loaded;
  if (!canOnConsultation('report_comment', c.actor, loaded.value)) return no({ reason: 'invalid', path: 'commentId', message: '不能举报自己的评论' });
  const updated = await c.community.scope.findOneAndUpdate(CommentModel, { _id: loaded.value._id }, { $addToSet: { reporters: c.user._id } });
  return ok(updated!);
}

/** A moderator hides a comment (with a reason everyone sees) or approves one content security held. */
export async function moderateComment(
  c: ConsultationCaller,
  consultationId: string,
  commentId: string,
  body: { action: 'hide'; reason: string } | { action: 'approve' },
): Promise<Outcome<CommentDoc>> {
  const loaded = await loadComment(c, consultationId, commentId);
  if (!loaded.ok) return loaded;
  if (!canOnConsultation('moderate_comment', c.actor, loaded.value)) return no({ reason: 'not_permitted' });
  const update = body.action === 'hide' ? { $set: { hidden: { reason: body.reason, by: c.user._id, at: c.now } } } : { $set: { contentStatus: 'pass' } };
  const updated = await c.community.scope.findOneAndUpdate(CommentModel, { _id: loaded.value._id }, update);
  await recountComments(loaded.value.consultationId);
  return ok(updated!);
}
