import {
  ballotProblem,
  consultationTransition,
  formatReceipt,
  householdKey,
  quorumMet,
  RECEIPT_ALPHABET,
  supportThreshold,
  tallyBallots,
  type ConsultationMove,
} from './consultation.rules';
import { CONSULTATION_STATUSES, type ConsultationStatus } from './consultation.schema';

describe('consultations/consultation.rules state machine', () => {
  // Every move from every status: the status after it, or refused.
  const expected: Record<ConsultationMove, Partial<Record<ConsultationStatus, ConsultationStatus>>> = {
    content_pass: { proposed: 'collecting' },
    threshold_reached: { collecting: 'review' },
    lapse: { collecting: 'lapsed' },
    approve: { proposed: 'collecting', review: 'discussion' },
    reject: { proposed: 'rejected', collecting: 'rejected', review: 'rejected' },
    merge: { proposed: 'merged', collecting: 'merged', review: 'merged', discussion: 'merged' },
    open_voting: { review: 'voting', discussion: 'voting' },
    close_voting: { voting: 'decided' },
    post_update: { decided: 'implementing', implementing: 'implementing' },
    complete: { decided: 'done', implementing: 'done' },
    // Staff (党组织/居委会) send a topic still collecting to review with a stated reason.
    staff_review: { collecting: 'review' },
  };
  const table = (Object.keys(expected) as ConsultationMove[]).flatMap((move) =>
    CONSULTATION_STATUSES.map((status) => [move, status, expected[move][status] ?? 'refused'] as const),
  );

  it.each(table)('%s from %s → %s', (move, status, outcome) => {
    const t = consultationTransition(status, move);
    if (outcome === 'refused') {
      expect(t.ok).toBe(false);
      if (!t.ok) expect(t.reason).toBe(['done', 'lapsed', 'rejected', 'merged'].includes(status) ? 'finished' : 'wrong_stage');
    } else {
      expect(t).toEqual({ ok: true, to: outcome });
    }
  });
});

describe('consultations/consultation.rules support threshold', () => {
  it.each([
    [0, null, 1],
    [1, null, 1],
    [20, null, 1],
    [21, null, 2],
    [100, null, 5],
    [199, null, 10],
    [200, null, 10],
    [446, null, 10],
    [5000, null, 10],
    [446, 2, 2],
    [10, 30, 30],
  ])('%i households, configured %p → %i', (households, configured, threshold) => {
    expect(supportThreshold(households, configured)).toBe(threshold);
  });
});

describe('consultations/consultation.rules ballots', () => {
  const options = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
  it('accepts choices within the limit and refuses the rest with a reason', () => {
    expect(ballotProblem(['a'], options, 1)).toBeNull();
    expect(ballotProblem(['a', 'c'], options, 2)).toBeNull();
    expect(ballotProblem([], options, 1)).toBe('请选择');
    expect(ballotProblem(['a', 'b'], options, 1)).toBe('只能选择一项');
    expect(ballotProblem(['a', 'b', 'c'], options, 2)).toBe('最多选择2项');
    expect(ballotProblem(['a', 'a'], options, 2)).toBe('选项不能重复');
    expect(ballotProblem(['z'], options, 1)).toBe('选项不属于该议题');
  });

  it('counts from the ballots, lists receipts under each chosen option, sorted', () => {
    const r = tallyBallots(
      [
        { optionIds: ['b'], receipt: 'ZZZZ' },
        { optionIds: ['a', 'b'], receipt: 'MMMM' },
        { optionIds: ['a'], receipt: 'AAAA' },
      ],
      options,
      10,
      0.25,
    );
    expect(r.tallies).toEqual([
      { optionId: 'a', count: 2 },
      { optionId: 'b', count: 2 },
      { optionId: 'c', count: 0 },
    ]);
    expect(r.turnout).toBe(3);
    expect(r.eligible).toBe(10);
    expect(r.quorumMet).toBe(true);
    expect(r.receipts).toEqual({ a: ['AAAA', 'MMMM'], b: ['MMMM', 'ZZZZ'], c: [] });
    // The counts match the receipts: anyone can recount from the published lists.
    for (const t of r.tallies) expect(r.receipts[t.optionId]!.length).toBe(t.count);
  });

  it('quorum: a fraction of the eligible, met at exactly the fraction, none means valid', () => {
    expect(quorumMet(3, 10, 0.3)).toBe(true);
    expect(quorumMet(2, 10, 0.3)).toBe(false);
    expect(quorumMet(1, 3, 1 / 3)).toBe(true);
    expect(quorumMet(0, 0, 0.5)).toBe(false);
    expect(quorumMet(0, 10, undefined)).toBe(true);
    expect(quorumMet(0, 10, 0)).toBe(true);
  });

  it('household keys ignore surrounding spaces; receipts use the unambiguous alphabet', () => {
    expect(householdKey({ buildingId: 'b1', unit: ' 2 ', room: '301' })).toBe('b1:2:301');
    const receipt = formatReceipt(new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 255]));
    expect(receipt).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}$/);
    for (const ch of receipt.replace(/-/g, '')) expect(RECEIPT_ALPHABET).toContain(ch);
    expect(receipt).not.toMatch(/[01IOL]/);
  });
});
