import {
  CONCLUDED_CASE_STATUSES,
  OPEN_CASE_STATUSES,
  availableCaseActions,
  caseActionPossible,
  caseNumber,
  caseTransition,
  followUpDueAt,
  medianOf,
  mediationStats,
  type CaseFacts,
  type CaseMove,
  type CaseState,
} from './mediation.rules';
import { CASE_STATUSES, CASE_VIEW_ACTIONS, type CaseLevel, type CaseStatus } from './mediation.schema';

const at = (status: CaseStatus, extra: Partial<CaseState> = {}): CaseState => ({ status, level: 'community', unconfirmed: 2, ...extra });

describe('mediation/mediation.rules state machine', () => {
  // Every move from every status at community level: the status after it, or refused.
  const expected: Record<CaseMove, Partial<Record<CaseStatus, CaseStatus>>> = {
    record_session: { open: 'mediating', mediating: 'mediating' },
    agree: { mediating: 'agreed' },
    fail: { mediating: 'failed', agreed: 'failed' },
    confirm: { agreed: 'agreed' },
    escalate: { open: 'mediating', mediating: 'mediating', failed: 'mediating' },
    refer: { failed: 'referred' },
    end: { failed: 'ended' },
    follow_up_holds: { confirmed: 'closed' },
    follow_up_broken: { confirmed: 'mediating' },
  };
  const table = (Object.keys(expected) as CaseMove[]).flatMap((move) => CASE_STATUSES.map((status) => [move, status, expected[move][status] ?? 'refused'] as const));

  it.each(table)('%s from %s → %s', (move, status, outcome) => {
    const t = caseTransition(at(status), move);
    if (outcome === 'refused') expect(t.ok).toBe(false);
    else expect(t).toMatchObject({ ok: true, to: outcome });
  });

  // At the street every move is the same except escalating, refused as top_level.
  const streetTable = (Object.keys(expected) as CaseMove[]).flatMap((move) => CASE_STATUSES.map((status) => [move, status] as const));
  it.each(streetTable)('at the street: %s from %s', (move, status) => {
    const community = caseTransition(at(status), move);
    const street = caseTransition(at(status, { level: 'street' }), move);
    if (move === 'escalate' && !['closed', 'referred', 'ended'].includes(status)) expect(street).toEqual({ ok: false, reason: 'top_level' });
    else if (community.ok) expect(street).toEqual({ ...community, level: 'street' });
    else expect(street).toEqual(community);
  });

  it('moves an escalated case to the street, mediating', () => {
    expect(caseTransition(at('failed'), 'escalate')).toEqual({ ok: true, to: 'mediating', level: 'street', reopens: false });
  });

  it('confirms until the last party, whose confirmation moves the case to confirmed; none when all confirmed', () => {
    expect(caseTransition(at('agreed', { unconfirmed: 2 }), 'confirm')).toMatchObject({ ok: true, to: 'agreed' });
    expect(caseTransition(at('agreed', { unconfirmed: 1 }), 'confirm')).toMatchObject({ ok: true, to: 'confirmed' });
    expect(caseTransition(at('agreed', { unconfirmed: 0 }), 'confirm')).toEqual({ ok: false, reason: 'all_confirmed' });
  });

  it('reopens a case whose agreement broke down at the 回访', () => {
    expect(caseTransition(at('confirmed'), 'follow_up_broken')).toEqual({ ok: true, to: 'mediating', level: 'community', reopens: true });
    expect(caseTransition(at('confirmed'), 'follow_up_holds')).toEqual({ ok: true, to: 'closed', level: 'community', reopens: false });
  });

  it('names the reason of a refusal', () => {
    expect(caseTransition(at('closed'), 'record_session')).toEqual({ ok: false, reason: 'finished' });
    expect(caseTransition(at('open'), 'agree')).toEqual({ ok: false, reason: 'not_mediating' });
    expect(caseTransition(at('mediating'), 'confirm')).toEqual({ ok: false, reason: 'not_agreed' });
    expect(caseTransition(at('mediating'), 'refer')).toEqual({ ok: false, reason: 'not_failed' });
    expect(caseTransition(at('agreed'), 'follow_up_holds')).toEqual({ ok: false, reason: 'not_confirmed' });
  });

  it('keeps open and concluded apart: a failed case waiting for escalation is neither finished nor concluded', () => {
    expect(OPEN_CASE_STATUSES).toEqual(['open', 'mediating', 'agreed', 'confirmed', 'failed']);
    expect(CONCLUDED_CASE_STATUSES).toEqual(['agreed', 'confirmed', 'closed', 'referred', 'ended']);
  });
});

describe('mediation/mediation.rules offered actions', () => {
  const all = () => true;
  const offered: Record<CaseStatus, string[]> = {
    open: ['record_session', 'escalate', 'manage_mediators'],
    mediating: ['record_session', 'conclude', 'escalate', 'manage_mediators'],
    agreed: ['conclude', 'confirm', 'record_signature', 'manage_mediators'],
    confirmed: ['follow_up', 'manage_mediators'],
    closed: [],
    failed: ['escalate', 'refer', 'end', 'manage_mediators'],
    referred: [],
    ended: [],
  };
  it.each(CASE_STATUSES.map((s) => [s] as const))('offers what the state allows from %s', (status) => {
    expect(availableCaseActions(at(status), all)).toEqual(offered[status]);
  });

  it('offers only what is permitted, and no escalation at the street', () => {
    expect(availableCaseActions(at('mediating'), (a) => a === 'record_session')).toEqual(['record_session']);
    expect(caseActionPossible(at('failed', { level: 'street' as CaseLevel }), 'escalate')).toBe(false);
    expect(CASE_VIEW_ACTIONS).toContain('record_signature');
  });
});

describe('mediation/mediation.rules dates and numbers', () => {
  it('dues the 回访 the given days after the agreement (30 by default)', () => {
    const agreed = new Date('2026-03-01T02:00:00Z');
    expect(followUpDueAt(agreed).toISOString()).toBe('2026-03-31T02:00:00.000Z');
    expect(followUpDueAt(agreed, 7).toISOString()).toBe('2026-03-08T02:00:00.000Z');
  });

  it('numbers a case from its id', () => {
    expect(caseNumber('65a1b2c3d4e5f60718293a4b')).toBe('TJ-293A4B');
  });

  it('takes the median of odd and even counts, null for none', () => {
    expect(medianOf([])).toBeNull();
    expect(medianOf([5, 1, 3])).toBe(3);
    expect(medianOf([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('mediation/mediation.rules figures', () => {
  const day = 86_400_000;
  const t0 = new Date('2026-05-01T00:00:00Z');
  const fact = (status: CaseStatus, extra: Partial<CaseFacts> = {}): CaseFacts => ({
    type: 'neighbour',
    risk: 'ordinary',
    status,
    escalated: false,
    gridLevel: false,
    createdAt: t0,
    concludedAt: CONCLUDED_CASE_STATUSES.includes(status) ? new Date(t0.getTime() + 4 * day) : undefined,
    followUpsHeld: 0,
    followUpsBroken: 0,
    ...extra,
  });

  it('answers nothing to divide by with null, never 0% or 100%', () => {
    const s = mediationStats([]);
    expect(s).toMatchObject({ total: 0, concluded: 0, resolutionRate: null, gridRate: null, streetRate: null, notReferredRate: null, medianDaysToResolve: null, followUps: { held: 0, broken: 0, rate: null } });
    expect(s.byType.map((t) => t.count)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('computes 化解率, 小事不出网格, 大事不出镇街, 矛盾不上交, the median and 回访 from hand-made cases', () => {
    const cases: CaseFacts[] = [
      // Two agreements at grid level (one closed after a holding 回访), one by staff, one at the street after escalation.
      fact('closed', { gridLevel: true, followUpsHeld: 1, concludedAt: new Date(t0.getTime() + 2 * day) }),
      fact('confirmed', { gridLevel: true, type: 'family' }),
      fact('agreed', { concludedAt: new Date(t0.getTime() + 10 * day) }),
      fact('agreed', { escalated: true, risk: 'serious', concludedAt: new Date(t0.getTime() + 20 * day) }),
      // Referred out, ended without referral, and two still open (one mediated again after a broken agreement).
      fact('referred', { escalated: true, type: 'labour', risk: 'major', concludedAt: new Date(t0.getTime() + 30 * day) }),
      fact('ended', { concludedAt: new Date(t0.getTime() + 6 * day) }),
      fact('mediating', { followUpsBroken: 1 }),
      fact('failed'),
    ];
    const s = mediationStats(cases);
    // Still worked on (not finished): the two agreed, the confirmed, the mediating and the failed.
    expect(s).toMatchObject({ total: 8, open: 5, concluded: 6, succeeded: 4, referred: 1, escalated: 2 });
    expect(s.resolutionRate).toBeCloseTo(4 / 6);
    expect(s.gridRate).toBeCloseTo(2 / 6);
    expect(s.streetRate).toBeCloseTo(5 / 6);
    expect(s.notReferredRate).toBeCloseTo(7 / 8);
    // Days to conclusion: 2, 4, 10, 20, 30, 6 → median of 2 4 6 10 20 30 = 8.
    expect(s.medianDaysToResolve).toBe(8);
    expect(s.followUps).toEqual({ held: 1, broken: 1, rate: 0.5 });
    expect(s.byType.find((t) => t.type === 'neighbour')!.count).toBe(6);
    expect(s.byRisk.map((r) => r.count)).toEqual([6, 1, 1]);
    expect(s.byStatus.find((x) => x.status === 'agreed')!.count).toBe(2);
  });

  it('does not count an escalated case as kept at grid level, even if marked so', () => {
    expect(mediationStats([fact('agreed', { gridLevel: true, escalated: true })]).gridRate).toBe(0);
  });
});
