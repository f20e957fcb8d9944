import type { Types } from 'mongoose';
import { hasAnyRole, type CommentViewAction, type ConsultationStatus, type ConsultationViewAction, type Role } from '@linli/shared';

/**
 * Everything someone can do in 议事协商. The topic moves are the API's `actions` (shared
 * `CONSULTATION_VIEW_ACTIONS`), so a button is offered exactly when this table and the stage both allow it.
 * - view: see a topic (held proposals: their author and whoever sees held content);
 * - view_held: see what content security or the media check holds (proposals in lists, photos of progress updates);
 * - initiate: create a topic straight into discussion or voting, with its voting fields, without 附议;
 * - propose: put a topic forward for 附议;
 * - edit, support, comment, vote: the author's and the residents' part;
 * - approve … complete: running the process (`act`);
 * - view_comment, report_comment, moderate_comment: comments (moderators also see held comments and report counts).
 */
export type ConsultationPermission =
  | 'view'
  | 'view_held'
  | 'initiate'
  | 'propose'
  | ConsultationViewAction
  | 'view_comment'
  | 'report_comment'
  | 'moderate_comment';

export interface ConsultationActor {
  userId: Types.ObjectId;
  roles: readonly Role[];
}

/**
 * The topic or comment acted on, with what the table needs to know about the actor's relation to it that it
 * cannot work out itself (where they live, whether they are on the frozen voter list).
 */
export interface ConsultationSubject {
  /** The topic's or comment's author. */
  authorId?: Types.ObjectId;
  status?: ConsultationStatus;
  /** A comment's content-security verdict. */
  contentStatus?: 'pass' | 'review';
  /** The actor is an approved resident living in the topic's scope (consultation.scope.ts `livesInScope`). */
  inScope?: boolean;
  /** The actor (or their household) is on the list of voters frozen when voting opened. */
  onRoll?: boolean;
}

/** Staff run the process for the 居委会: they moderate, approve, open and close votes, report progress. */
export const runsProcess = (actor: ConsultationActor) => hasAnyRole(actor.roles, ['staff']);

/** Whether the actor wrote the topic or comment. */
export const isAuthor = (actor: ConsultationActor, s: ConsultationSubject) => !!s.authorId && s.authorId.equals(actor.userId);

/** The staff moves of `act`: each is running the process. */
const PROCESS_MOVES: ConsultationPermission[] = ['approve', 'reject', 'merge', 'send_to_review', 'open_voting', 'close_voting', 'post_update', 'complete'];

/**
 * The one permission table of 议事协商. Residents propose, support, comment and vote where they live; the author
 * edits until the first support; staff run the process and moderate. Letting grid workers moderate comments is a
 * change to the `moderate_comment` row (and the endpoint's role list).
 */
export function canOnConsultation(permission: ConsultationPermission, actor: ConsultationActor, s: ConsultationSubject = {}): boolean {
  const staff = runsProcess(actor);
  const author = isAuthor(actor, s);
  switch (permission) {
    case 'view':
      return s.status !== 'proposed' || author || canOnConsultation('view_held', actor);
    case 'view_held':
      return staff;
    case 'initiate':
      return staff;
    case 'propose':
      return staff || !!s.inScope;
    case 'edit':
      return author;
    case 'support':
      // Supporting one's own proposal would count the author twice.
      return !author && !!s.inScope;
    case 'comment':
      return staff || !!s.inScope;
    case 'vote':
      // Who may vote was decided when voting opened (voting.ts): the frozen list, not the roles of today.
      return !!s.onRoll;
    case 'view_comment':
      return s.contentStatus !== 'review' || author || canOnConsultation('moderate_comment', actor);
    case 'report_comment':
      return !author;
    case 'moderate_comment':
      return staff;
    default:
      return PROCESS_MOVES.includes(permission) && staff;
  }
}

/** The comment moves offered as `actions`, by the permission each needs. */
export const COMMENT_PERMISSION: Record<CommentViewAction, ConsultationPermission> = { report: 'report_comment', hide: 'moderate_comment', approve: 'moderate_comment' };
