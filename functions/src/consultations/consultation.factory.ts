import { Types } from 'mongoose';
import { COLLECT_DAYS } from '@linli/shared';
import type { CommentDoc, ConsultationDoc, ConsultationEventDoc } from './consultation.model';

/**
 * What is known when a topic is put forward, by a resident (to 附议) or by staff (straight to discussion): the stored
 * fields it gives, typed from ConsultationDoc so they cannot drift from the schema, and how it starts.
 */
export type TopicProposal = Pick<ConsultationDoc, 'communityId' | 'title' | 'body' | 'scope' | 'authorId' | 'authorName' | 'contentStatus'> &
  Partial<Pick<ConsultationDoc, '_id' | 'supportThreshold' | 'fromRequestIds'>> & {
    /** Initiated by whoever runs the process (staff): no 附议, straight into discussion. A held resident proposal waits as `proposed`. */
    initiated: boolean;
    /** Voting fields staff set when they initiate a topic. */
    voting?: Partial<Pick<ConsultationDoc, 'voteRule' | 'options' | 'maxChoices' | 'quorum' | 'votingEndsAt'>>;
    /** The first timeline entry (proposed, or created by staff); none for topics a seeder writes with their history. */
    firstEvent?: ConsultationEventDoc;
  };

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
    fromRequestIds: p.fromRequestIds?.length ? p.fromRequestIds : undefined,
  };
  // Keys left undefined are left out, so a raw insert (seeders, bench) stores what mongoose would.
  return Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined)) as NewConsultationDoc;
}

/** What is known when someone comments on a topic (or answers a comment with `parentId`), typed from CommentDoc. */
export type NewComment = Pick<CommentDoc, 'communityId' | 'consultationId' | 'authorId' | 'authorName' | 'byStaff' | 'stance' | 'body' | 'contentStatus'> &
  Partial<Pick<CommentDoc, '_id' | 'parentId'>>;

/** The one constructor of a comment document (the handler and the seeder). */
export function newCommentDoc(c: NewComment, now: Date): CommentDoc {
  const doc: CommentDoc = { ...c, _id: c._id ?? new Types.ObjectId(), reporters: [], createdAt: now };
  return Object.fromEntries(Object.entries(doc).filter(([, v]) => v !== undefined)) as CommentDoc;
}
