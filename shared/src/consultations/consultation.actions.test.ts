import { availableCommentActions, availableConsultationActions, type ConsultationOfferState } from './consultation.rules';
import { CONSULTATION_STATUSES, type CommentViewAction, type ConsultationStatus, type ConsultationViewAction } from './consultation.schema';

const state = (status: ConsultationStatus, extra: Partial<ConsultationOfferState> = {}): ConsultationOfferState => ({
  status,
  textLocked: false,
  votingOpen: status === 'voting',
  supported: false,
  voted: false,
  ...extra,
});
const everyone = () => true;

describe('consultations/actions offered on a view', () => {
  // Every stage, for someone permitted everything: the moves the stage allows.
  const EXPECTED: Record<ConsultationStatus, ConsultationViewAction[]> = {
    proposed: ['edit', 'approve', 'reject', 'merge'],
    collecting: ['edit', 'support', 'comment', 'reject', 'merge', 'send_to_review'],
    review: ['comment', 'approve', 'reject', 'merge', 'open_voting'],
    discussion: ['comment', 'merge', 'open_voting'],
    voting: ['comment', 'vote', 'close_voting'],
    decided: ['post_update', 'complete'],
    implementing: ['post_update', 'complete'],
    done: [],
    lapsed: [],
    rejected: [],
    merged: [],
  };
  it.each(CONSULTATION_STATUSES.map((s) => [s, EXPECTED[s]] as const))('from %s offers %j', (status, expected) => {
    expect(availableConsultationActions(state(status), everyone)).toEqual(expected);
  });

  it('locks the text at the first support, offers one support and one ballot each, and no vote outside its hours', () => {
    expect(availableConsultationActions(state('collecting', { textLocked: true }), everyone)).not.toContain('edit');
    expect(availableConsultationActions(state('collecting', { supported: true }), everyone)).not.toContain('support');
    expect(availableConsultationActions(state('voting', { voted: true }), everyone)).not.toContain('vote');
    expect(availableConsultationActions(state('voting', { votingOpen: false }), everyone)).not.toContain('vote');
  });

  it('offers nothing the caller is not permitted, whatever the stage allows', () => {
    const resident = (a: ConsultationViewAction) => ['support', 'comment', 'vote'].includes(a);
    expect(availableConsultationActions(state('collecting'), resident)).toEqual(['support', 'comment']);
    expect(availableConsultationActions(state('review'), () => false)).toEqual([]);
  });

  it.each([
    [{ hidden: false, pendingReview: false, reportedByMe: false }, ['report', 'hide']],
    [{ hidden: false, pendingReview: true, reportedByMe: false }, ['report', 'hide', 'approve']],
    [{ hidden: false, pendingReview: false, reportedByMe: true }, ['hide']],
    [{ hidden: true, pendingReview: true, reportedByMe: false }, []],
  ] as const)('a comment %j offers %j to someone permitted everything', (s, expected) => {
    expect(availableCommentActions(s, everyone)).toEqual(expected);
  });

  it('a comment offers only what the caller is permitted', () => {
    const reporter = (a: CommentViewAction) => a === 'report';
    expect(availableCommentActions({ hidden: false, pendingReview: true, reportedByMe: false }, reporter)).toEqual(['report']);
  });
});
