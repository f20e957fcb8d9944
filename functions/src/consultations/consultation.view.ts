import type { Types } from 'mongoose';
import { COMMENTABLE_STATUSES, type CommentView, type ConsultationView } from '@linli/shared';
import type { MembershipDoc } from '../communities/community.model';
import { photoViews } from '../uploads/photos';
import {
  ElectorModel,
  ParticipationModel,
  SupportModel,
  type CommentDoc,
  type ConsultationDoc,
} from './consultation.model';
import { livesInScope, scopeName, type ScopeWorld } from './consultation.scope';

/** Who is looking: what the view may show and which buttons it offers (the handlers check again). */
export interface Viewer {
  userId: Types.ObjectId;
  isStaff: boolean;
  membership?: MembershipDoc;
}

const iso = (d?: Date | null) => (d ? d.toISOString() : undefined);

/** Views of many topics with a fixed number of queries (supports, frozen list and participation by _id). */
export async function consultationViews(docs: ConsultationDoc[], viewer: Viewer, world: ScopeWorld): Promise<ConsultationView[]> {
  if (!docs.length) return [];
  const ids = docs.map((d) => d._id);
  const uid = viewer.userId.toHexString();
  const [supports, electors] = await Promise.all([
    SupportModel.find({ consultationId: { $in: ids }, userId: viewer.userId }, { consultationId: 1 }).lean(),
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
      const isAuthor = d.authorId.equals(viewer.userId);
      const inScope = livesInScope(world, d.scope, viewer.membership);
      const votingOpen = d.status === 'voting' && !!d.votingEndsAt && d.votingEndsAt.getTime() > now;
      const updates = await Promise.all(
        (d.updates ?? []).map(async (u) => ({
          id: u._id.toHexString(),
          note: u.note,
          progress: u.progress,
          at: u.at.toISOString(),
          authorName: u.authorName,
          photos: (await photoViews(u.photoKeys ?? [], { userId: viewer.userId, seesHeld: viewer.isStaff })).map((p) => ({ key: p.key, url: p.url })),
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
          isAuthor,
          inScope,
          supported: supported.has(id),
          canSupport: d.status === 'collecting' && inScope && !isAuthor && !supported.has(id),
          canEdit: isAuthor && !d.textLocked && (d.status === 'proposed' || d.status === 'collecting'),
          canComment: COMMENTABLE_STATUSES.includes(d.status) && (inScope || viewer.isStaff),
          canVote: votingOpen && ballotKeyOf.has(id) && !voted.has(id),
          voted: voted.has(id),
          isStaff: viewer.isStaff,
        },
      };
    }),
  );
}

export function commentView(c: CommentDoc, viewer: Viewer): CommentView {
  const mine = c.authorId.equals(viewer.userId);
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
    reportCount: viewer.isStaff ? c.reporters.length : undefined,
    reportedByMe: c.reporters.some((r) => r.equals(viewer.userId)),
    createdAt: c.createdAt.toISOString(),
  };
}

/** Held comments are shown to their author and staff only. */
export const commentVisible = (c: CommentDoc, viewer: Viewer) => c.contentStatus === 'pass' || viewer.isStaff || c.authorId.equals(viewer.userId);
