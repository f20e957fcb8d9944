import { Types } from 'mongoose';
import { COLLECT_DAYS, type Stance, type VoteRule } from '@linli/shared';
import type { CommentDoc, ConsultationDoc, ConsultationEventDoc } from './consultation.model';
import type { TopicScope } from './consultation.scope';

/** What is known when a topic is put forward, by a resident (to 附议) or by staff (straight to discussion). */
export interface TopicProposal {
  _id?: Types.ObjectId;
  communityId: Types.ObjectId;
  title: string;
  body: string;
  scope: TopicScope;
  authorId: Types.ObjectId;
  authorName: string;
  /** Initiated by whoever runs the process (staff): no 附议, straight into discussion. */
  initiated: boolean;
  /** The content-security verdict on the text: a held resident proposal waits as `proposed`. */
  contentStatus: 'pass' | 'review';
  /** Supports a resident's proposal needs (threshold.ts); none for an initiated topic. */
  supportThreshold?: number;
  /** Voting fields staff set when they initiate a topic. */
  voting?: { voteRule?: VoteRule; options?: { _id: Types.ObjectId; label: string }[]; maxChoices?: number; quorum?: number; votingEndsAt?: Date };
  /** The first timeline entry (proposed, or created by staff); none for topics a seeder writes with their history. */
  firstEvent?: ConsultationEventDoc;
}

/** A topic as first stored, without the timestamps mongoose adds. */
export type NewConsultationDoc = Omit<ConsultationDoc, 'createdAt' | 'updatedAt'>;

/**
 * The one constructor of a topic document, used by the handler, the seeders and the bench: an initiated topic
 * starts in discussion; a resident's proposal collects supports for COLLECT_DAYS, or waits as `proposed` while
 * content security holds its text.
 */
export function newConsultationDoc(p: TopicProposal, now: Date): NewConsultationDoc {
  const doc: NewConsultationDoc = {
    _id: p._id ?? new Types.ObjectId(),
    communityId: p.communityId,
    title: p.title,
    body: p.body,
    status: p.initiated ? 'discussion' : p.contentStatus === 'pass' ? 'collecting' : 'proposed',
    scope: p.scope,
    authorId: p.authorId,
    authorName: p.authorName,
    byStaff: p.initiated,
    contentStatus: p.contentStatus,
    supportCount: 0,
    supportThreshold: p.initiated ? 0 : (p.supportThreshold ?? 0),
    collectUntil: p.initiated ? undefined : new Date(now.getTime() + COLLECT_DAYS * 86_400_000),
    textLocked: false,
    voteRule: p.voting?.voteRule ?? 'per_resident',
    options: p.voting?.options ?? [],
    maxChoices: p.voting?.maxChoices ?? 1,
    quorum: p.voting?.quorum,
    votingEndsAt: p.voting?.votingEndsAt,
    openBallots: [],
    progress: 0,
    updates: [],
    commentCounts: { for: 0, against: 0, neutral: 0 },
    outbox: [],
    rev: 0,
    timeline: p.firstEvent ? [p.firstEvent] : [],
  };
  // Keys left undefined are left out, so a raw insert (seeders, bench) stores what mongoose would.
  return Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined)) as NewConsultationDoc;
}

/** What is known when someone comments on a topic (or answers a comment). */
export interface NewComment {
  _id?: Types.ObjectId;
  communityId: Types.ObjectId;
  consultationId: Types.ObjectId;
  /** The thread's first comment, for an answer (one level of replies). */
  parentId?: Types.ObjectId;
  authorId: Types.ObjectId;
  authorName: string;
  /** Written in a staff role: the app marks it as the community's answer. */
  byStaff: boolean;
  stance: Stance;
  body: string;
  contentStatus: 'pass' | 'review';
}

/** The one constructor of a comment document (the handler and the seeder). */
export function newCommentDoc(c: NewComment, now: Date): CommentDoc {
  const doc: CommentDoc = { ...c, _id: c._id ?? new Types.ObjectId(), reporters: [], createdAt: now };
  return Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined)) as CommentDoc;
}
