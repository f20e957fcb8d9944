import {
  followUpDueKey,
  followUpDueProblem,
  followUpOverdue,
  isLaterVisit,
  metEntries,
  quarterRange,
  shanghaiDayStart,
  shanghaiQuarter,
  visitCoverage,
  visitDateProblem,
  visitedAtOf,
} from './visit.rules';
import { CreateVisitInput, MetInput } from './visit.schema';

// Times are written in Asia/Shanghai (+08:00): the days that count are Shanghai's.
const at = (s: string) => new Date(`${s}+08:00`);
const now = at('2026-12-07T10:00:00');

describe('visits/visit.rules', () => {
  describe('shanghaiDayStart', () => {
    it('is midnight in Shanghai of the day', () => expect(shanghaiDayStart('2026-12-07')).toEqual(at('2026-12-07T00:00:00')));
    it.each(['2026-02-30', '2026-13-01', '20261207', ''])('is null for %j', (d) => expect(shanghaiDayStart(d)).toBeNull());
  });

  describe('visitDateProblem', () => {
    it('accepts today, yesterday and 30 days ago', () => {
      expect(visitDateProblem('2026-12-07', now)).toBeNull();
      expect(visitDateProblem('2026-12-06', now)).toBeNull();
      expect(visitDateProblem('2026-11-07', now)).toBeNull();
    });
    it('refuses tomorrow (Shanghai days: late evening UTC is already tomorrow there)', () => {
      expect(visitDateProblem('2026-12-08', now)).toBe('future');
      expect(visitDateProblem('2026-12-08', at('2026-12-08T00:30:00'))).toBeNull();
    });
    it('refuses 31 days ago and a day that does not exist', () => {
      expect(visitDateProblem('2026-11-06', now)).toBe('too_old');
      expect(visitDateProblem('2026-11-31', now)).toBe('invalid');
    });
  });

  describe('visitedAtOf', () => {
    it('is now for today, noon of the day otherwise', () => {
      expect(visitedAtOf('2026-12-07', now)).toEqual(now);
      expect(visitedAtOf('2026-12-05', now)).toEqual(at('2026-12-05T12:00:00'));
    });
  });

  describe('follow-ups', () => {
    it('may be due on the visit day and up to a year after, not before', () => {
      expect(followUpDueProblem('2026-12-07', '2026-12-07')).toBeNull();
      expect(followUpDueProblem('2027-12-07', '2026-12-07')).toBeNull();
      expect(followUpDueProblem('2027-12-08', '2026-12-07')).toBe('too_far');
      expect(followUpDueProblem('2026-12-06', '2026-12-07')).toBe('before_visit');
      expect(followUpDueProblem('2026-12-32', '2026-12-07')).toBe('invalid');
    });
    it('sort by a key of the due day then the id, earlier days first', () => {
      const a = followUpDueKey('2026-12-01', 'f'.repeat(24));
      const b = followUpDueKey('2026-12-02', '0'.repeat(24));
      expect(a < b).toBe(true);
      expect(a).toMatch(/^\d{15}_f{24}$/);
    });
    it('are overdue from the day after their day', () => {
      expect(followUpOverdue('2026-12-07', now)).toBe(false);
      expect(followUpOverdue('2026-12-06', now)).toBe(true);
      expect(followUpOverdue('2026-12-06', at('2026-12-06T23:59:59'))).toBe(false);
    });
  });

  describe('metEntries', () => {
    const occupants = [
      { id: 'a'.repeat(24), hasAccount: false },
      { id: 'b'.repeat(24), hasAccount: true },
    ];
    it('stores an occupant without an account only with their consent', () => {
      expect(metEntries([{ kind: 'occupant', occupantId: 'a'.repeat(24), consent: 'given' }], occupants)).toEqual({ ok: true, entries: [{ kind: 'occupant', occupantId: 'a'.repeat(24), consent: 'given' }] });
      expect(metEntries([{ kind: 'occupant', occupantId: 'a'.repeat(24) }], occupants)).toEqual({ ok: false, index: 0, problem: 'consent_needed' });
    });
    it('stores an occupant with an account without asking', () => {
      expect(metEntries([{ kind: 'occupant', occupantId: 'b'.repeat(24) }], occupants)).toEqual({ ok: true, entries: [{ kind: 'occupant', occupantId: 'b'.repeat(24), consent: 'account' }] });
    });
    it('keeps neither id nor name of whoever refused', () => {
      const r = metEntries(
        [
          { kind: 'occupant', occupantId: 'a'.repeat(24), consent: 'refused' },
          { kind: 'occupant', occupantId: 'b'.repeat(24), consent: 'refused' },
          { kind: 'other', consent: 'refused' },
        ],
        occupants,
      );
      expect(r).toEqual({ ok: true, entries: [{ kind: 'occupant', consent: 'refused' }, { kind: 'occupant', consent: 'refused' }, { kind: 'other', consent: 'refused' }] });
    });
    it('names someone not on the register who agreed', () => {
      expect(metEntries([{ kind: 'other', name: '王阿姨', relation: '护工', consent: 'given' }], occupants)).toEqual({ ok: true, entries: [{ kind: 'other', name: '王阿姨', relation: '护工', consent: 'given' }] });
    });
    it('refuses an occupant of another household', () => {
      expect(metEntries([{ kind: 'other', consent: 'refused' }, { kind: 'occupant', occupantId: 'c'.repeat(24), consent: 'given' }], occupants)).toEqual({ ok: false, index: 1, problem: 'not_occupant' });
    });
    it('takes a name of someone not on the register only with consent (schema)', () => {
      expect(MetInput.safeParse({ kind: 'other', consent: 'refused', name: '李四' }).success).toBe(false);
      expect(MetInput.safeParse({ kind: 'other', consent: 'given' }).success).toBe(false);
      expect(MetInput.safeParse({ kind: 'other', consent: 'refused' }).success).toBe(true);
    });
  });

  describe('the create input', () => {
    const base = { date: '2026-12-07', topics: ['policy'] };
    it('needs exactly one of household and address', () => {
      expect(CreateVisitInput.safeParse(base).success).toBe(false);
      expect(CreateVisitInput.safeParse({ ...base, householdId: 'a'.repeat(24) }).success).toBe(true);
      expect(CreateVisitInput.safeParse({ ...base, householdId: 'a'.repeat(24), address: { buildingId: 'b'.repeat(24), unit: '1', room: '101' } }).success).toBe(false);
    });
    it('needs a topic, each once, and an occupant once', () => {
      const h = { ...base, householdId: 'a'.repeat(24) };
      expect(CreateVisitInput.safeParse({ ...h, topics: [] }).success).toBe(false);
      expect(CreateVisitInput.safeParse({ ...h, topics: ['policy', 'policy'] }).success).toBe(false);
      const o = { kind: 'occupant', occupantId: 'c'.repeat(24), consent: 'given' };
      expect(CreateVisitInput.safeParse({ ...h, met: [o, o] }).success).toBe(false);
    });
  });

  describe('isLaterVisit', () => {
    it('is true without a last visit and for a later one only', () => {
      expect(isLaterVisit(now, undefined)).toBe(true);
      expect(isLaterVisit(now, at('2026-12-06T10:00:00'))).toBe(true);
      expect(isLaterVisit(at('2026-12-06T10:00:00'), now)).toBe(false);
      expect(isLaterVisit(now, now)).toBe(false);
    });
  });

  describe('quarters', () => {
    it('names the Shanghai quarter (a New Year’s Eve evening in UTC is already Q1 in Shanghai)', () => {
      expect(shanghaiQuarter(now)).toBe('2026Q4');
      expect(shanghaiQuarter(new Date('2026-12-31T17:00:00Z'))).toBe('2027Q1');
      expect(shanghaiQuarter(at('2026-04-01T00:00:00'))).toBe('2026Q2');
    });
    it('spans from its first day to the next quarter’s', () => {
      expect(quarterRange('2026Q4')).toEqual({ from: at('2026-10-01T00:00:00'), to: at('2027-01-01T00:00:00') });
      expect(quarterRange('2026Q1')).toEqual({ from: at('2026-01-01T00:00:00'), to: at('2026-04-01T00:00:00') });
      expect(quarterRange('2026Q5')).toBeNull();
    });
  });

  describe('visitCoverage', () => {
    const households = [
      { id: 'h1', gridId: 'g1', interval: 7, lastVisitAt: at('2026-12-03T10:00:00') }, // flagged, in interval (due 12-10)
      { id: 'h2', gridId: 'g1', interval: 7, lastVisitAt: at('2026-11-20T10:00:00') }, // flagged, overdue
      { id: 'h3', gridId: 'g1', interval: 30 }, // flagged, never visited: overdue
      { id: 'h4', gridId: 'g1', interval: null },
      { id: 'h5', gridId: 'g2', interval: null, lastVisitAt: at('2026-11-01T10:00:00') },
      { id: 'h6', interval: null }, // a building of no grid: in the total only
    ];
    const r = visitCoverage(['g1', 'g2', 'g3'], households, new Set(['h1', 'h2', 'h5']), now);
    it('counts households visited in the quarter per grid, each once', () => {
      expect(r.grids[0]).toMatchObject({ gridId: 'g1', households: 4, visited: 2, visitedRate: 0.5 });
      expect(r.grids[1]).toMatchObject({ gridId: 'g2', households: 1, visited: 1, visitedRate: 1 });
    });
    it('counts flagged households visited within their interval now (never visited: not)', () => {
      expect(r.grids[0]).toMatchObject({ flagged: 3, flaggedInInterval: 1, flaggedRate: 1 / 3 });
      expect(r.grids[1]).toMatchObject({ flagged: 0, flaggedInInterval: 0, flaggedRate: null });
    });
    it('gives no rate for a grid without households', () => {
      expect(r.grids[2]).toEqual({ gridId: 'g3', households: 0, visited: 0, visitedRate: null, flagged: 0, flaggedInInterval: 0, flaggedRate: null });
    });
    it('totals every household given', () => {
      expect(r.total).toEqual({ households: 6, visited: 3, visitedRate: 0.5, flagged: 3, flaggedInInterval: 1, flaggedRate: 1 / 3 });
    });
  });
});
