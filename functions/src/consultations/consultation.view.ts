import { availableCommentActions, availableConsultationActions, type CommentView, type ConsultationView } from '@linli/shared';
import type { MembershipDoc } from '../communities/community.model';
import { photoViews } from '../uploads/photos';
import {
  ElectorModel,
  ParticipationModel,
  SupportModel,
  type CommentDoc,
  type ConsultationDoc,
} from './consultation.model';
import { COMMENT_PERMISSION, canOnConsultation, isAuthor, runsProcess, type ConsultationActor } from './consultation.permissions';
import { livesInScope, scopeName, type ScopeWorld } from './consultation.scope';

/** Who is looking: what the view may show and which moves it offers (the use cases check again). */
export interface Viewer {
  actor: ConsultationActor;
  community: { membership?: MembershipDoc };
}

const iso = (d?: Date | null) => (d ? d.toISOString() : undefined);

/** Views of many topics with a fixed number of queries (supports, frozen list and participation by _id). */
export async function consultationViews(docs: ConsultationDoc[], viewer: Viewer, world: ScopeWorld): Promise<ConsultationView[]> {
  if (!docs.length) return [];
  const { actor } = viewer;
  const ids = docs.map((d) => d._id);
  const uid = actor.userId.toHexString();
  const seesHeld = canOnConsultation('view_held', actor);
  const [supports, electors] = await Promise.all([
    SupportModel.find({ consultationId: { $in: ids }, userId: actor.userId }, { consultationId: 1 }).lean(),
    ElectorModel.find({ _id: { $in: ids.map((id) => `${id.toHexString()}:${uid}`) } }).lean(),
  ]);
  const supported = new Set(supports.map((s) => s.consultationId.toHexString()));
  const ballotKeyOf = new Map(electors.map((e) => [e.consultationId.toHexString(), e.ballotKey]));
  const participations = electors.length
    ? await ParticipationModel.find({ _id: { $in: electors.map((e) => `${e.consultationId.toHexString()}:${e.ballotKey}`) } }, { _id: 1 }).lean()
    : [];
  const voted = new Set(participations.map((p) => p._id.split(':')[0]!));
  // Live turnout only for topics in voting (a count, never who): one count per such topic.
  const turnouts = new Map<string, number>();
  await Promise.all(
    docs
      .filter((d) => d.status === 'voting')
      .map(async (d) => turnouts.set(d._id.toHexString(), await ParticipationModel.countDocuments({ consultationId: d._id }))),
  );
  const now = Date.now();

  return Promise.all(
    docs.map(async (d): Promise<ConsultationView> => {
      const id = d._id.toHexString();
      const author = isAuthor(actor, d);
      const inScope = livesInScope(world, d.scope, viewer.community.membership);
      const votingOpen = d.status === 'voting' && !!d.votingEndsAt && d.votingEndsAt.getTime() > now;
      // The buttons: what the permission table lets this caller do and the stage allows now. The booleans below
      // (canSupport, canEdit, …) are read from the same list, so the two can never disagree.
      const subject = { authorId: d.authorId, status: d.status, inScope, onRoll: ballotKeyOf.has(id) };
      const actions = availableConsultationActions(
        { status: d.status, textLocked: d.textLocked, votingOpen, supported: supported.has(id), voted: voted.has(id) },
        (a) => canOnConsultation(a, actor, subject),
      );
      const updates = await Promise.all(
        (d.updates ?? []).map(async (u) => ({
          id: u._id.toHexString(),
          note: u.note,
          progress: u.progress,
          at: u.at.toISOString(),
          authorName: u.authorName,
          photos: (await photoViews(u.photoKeys ?? [], { userId: actor.userId, seesHeld })).map((p) => ({ key: p.key, url: p.url })),
        })),
      );
      return {
        id,
        title: d.title,
        body: d.body,
        status: d.status,
        scope: { level: d.scope.level, id: d.scope.id.toHexString(), name: scopeName(world, d.scope) },
        authorName: d.authorName,
        byStaff: d.byStaff,
        createdAt: d.createdAt.toISOString(),
        contentStatus: d.contentStatus,
        supportCount: d.supportCount,
        supportThreshold: d.supportThreshold,
        collectUntil: iso(d.collectUntil),
        voteRule: d.voteRule,
        options: d.options.map((o) => ({ id: o._id.toHexString(), label: o.label })),
        maxChoices: d.maxChoices,
        quorum: d.quorum ?? undefined,
        votingStartsAt: iso(d.votingStartsAt),
        votingEndsAt: iso(d.votingEndsAt),
        eligible: d.eligibleCount ?? undefined,
        turnout: d.results ? d.results.turnout : turnouts.get(id),
        // Published only once voting has closed: during the vote nobody sees how it is going.
        results: d.results ?? undefined,
        progress: d.progress,
        updates,
        timeline: d.timeline.map((e) => ({ id: e._id.toHexString(), type: e.type, actorName: e.actorName, at: e.at.toISOString(), note: e.note })),
        commentCounts: { for: d.commentCounts?.for ?? 0, against: d.commentCounts?.against ?? 0, neutral: d.commentCounts?.neutral ?? 0 },
        mergedInto: d.mergedInto?.toHexString(),
        reason: d.reason,
        reviewReason: d.reviewReason ?? undefined,
        viewer: {
          isAuthor: author,
          inScope,
          supported: supported.has(id),
          canSupport: actions.includes('support'),
          canEdit: actions.includes('edit'),
          canComment: actions.includes('comment'),
          canVote: actions.includes('vote'),
          voted: voted.has(id),
          // The caller's role, for the app's staff screens (what they may do is `actions`).
          isStaff: runsProcess(actor),
        },
        actions,
      };
    }),
  );
}

/** A comment as this caller sees it, with the moves they may make on it now. */
export function commentView(c: CommentDoc, actor: ConsultationActor): CommentView {
  const mine = isAuthor(actor, c);
  const reportedByMe = c.reporters.some((r) => r.equals(actor.userId));
  return {
    id: c._id.toHexString(),
    parentId: c.parentId?.toHexString(),
    authorName: c.authorName,
    byStaff: c.byStaff,
    mine,
    stance: c.stance,
    body: c.hidden ? undefined : c.body,
    hidden: c.hidden ? { reason: c.hidden.reason } : undefined,
    pendingReview: c.contentStatus === 'review' || undefined,
    // Report counts are for whoever moderates.
    reportCount: canOnConsultation('moderate_comment', actor, c) ? c.reporters.length : undefined,
    reportedByMe,
    createdAt: c.createdAt.toISOString(),
    actions: availableCommentActions({ hidden: !!c.hidden, pendingReview: c.contentStatus === 'review', reportedByMe }, (a) => canOnConsultation(COMMENT_PERMISSION[a], actor, c)),
  };
}
