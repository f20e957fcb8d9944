import { EXTENSION_REFUSAL_MESSAGES, MAX_EXTENSION_DAYS, extensionMovePossible, extensionTransition, needsStreetApproval, type ExtensionMove, type ExtensionState } from './extension.rules';
import { REQUEST_STATUSES, type RequestStatus } from './request.schema';

const at = (status: RequestStatus, extra: Partial<ExtensionState> = {}): ExtensionState => ({ status, level: 'community', extensionCount: 0, ...extra });
const pending = { status: 'requested' as const };
const resolveBy = new Date('2026-12-10T10:00:00Z');
const later = new Date('2026-12-20T10:00:00Z');

describe('requests/extension.rules 延期申请', () => {
  // Every move from every request status: only a held request (someone works on it) has a deadline to move.
  const HELD: RequestStatus[] = ['accepted', 'in_progress', 'reopened'];
  const table = (['request', 'approve', 'refuse'] as ExtensionMove[]).flatMap((move) => REQUEST_STATUSES.map((status) => [move, status, HELD.includes(status)] as const));
  it.each(table)('%s from %s allowed: %s', (move, status, allowed) => {
    const s = at(status, move === 'request' ? {} : { extension: pending });
    const t = extensionTransition(s, move, { resolveBy, proposedResolveBy: later, deciderIsStreet: true });
    expect(t.ok).toBe(allowed);
    if (!t.ok) expect(t.reason).toBe('not_held');
  });

  it('asks once at a time, for a date after the current deadline and at most 60 days past it', () => {
    expect(extensionTransition(at('in_progress'), 'request', { resolveBy, proposedResolveBy: later })).toEqual({ ok: true, status: 'requested', extensionCount: 0 });
    expect(extensionTransition(at('in_progress', { extension: pending }), 'request', { resolveBy, proposedResolveBy: later })).toEqual({ ok: false, reason: 'extension_pending' });
    expect(extensionTransition(at('in_progress'), 'request', { resolveBy, proposedResolveBy: resolveBy })).toEqual({ ok: false, reason: 'not_later' });
    const tooFar = new Date(resolveBy.getTime() + (MAX_EXTENSION_DAYS + 1) * 86_400_000);
    expect(extensionTransition(at('in_progress'), 'request', { resolveBy, proposedResolveBy: tooFar })).toEqual({ ok: false, reason: 'too_far' });
    // After a decision (either way) the holder may ask again.
    expect(extensionTransition(at('in_progress', { extension: { status: 'refused' } }), 'request', { resolveBy, proposedResolveBy: later }).ok).toBe(true);
    expect(extensionTransition(at('in_progress', { extension: { status: 'approved' }, extensionCount: 1 }), 'request', { resolveBy, proposedResolveBy: later }).ok).toBe(true);
  });

  it('approves: the deadline moves to the proposed date and the extension is counted', () => {
    expect(extensionTransition(at('in_progress', { extension: pending }), 'approve', { proposedResolveBy: later })).toEqual({ ok: true, status: 'approved', extensionCount: 1, resolveBy: later });
  });

  it('refuses: nothing moves, nothing is counted', () => {
    expect(extensionTransition(at('accepted', { extension: pending }), 'refuse')).toEqual({ ok: true, status: 'refused', extensionCount: 0 });
  });

  it('decides only a pending extension, never one’s own', () => {
    for (const extension of [undefined, { status: 'approved' as const }, { status: 'refused' as const }])
      for (const move of ['approve', 'refuse'] as const) expect(extensionTransition(at('in_progress', { extension }), move)).toEqual({ ok: false, reason: 'no_pending_extension' });
    expect(extensionTransition(at('in_progress', { extension: pending }), 'approve', { deciderIsRequester: true })).toEqual({ ok: false, reason: 'own_extension' });
  });

  it('a second extension needs the street (不得二次延期，除非街道审批)', () => {
    const second = at('in_progress', { extension: pending, extensionCount: 1 });
    expect(needsStreetApproval(second)).toBe(true);
    expect(needsStreetApproval(at('in_progress'))).toBe(false);
    for (const move of ['approve', 'refuse'] as const) {
      expect(extensionTransition(second, move, { proposedResolveBy: later })).toEqual({ ok: false, reason: 'street_decides' });
      expect(extensionTransition(second, move, { proposedResolveBy: later, deciderIsStreet: true }).ok).toBe(true);
    }
    expect(extensionTransition(second, 'approve', { proposedResolveBy: later, deciderIsStreet: true })).toMatchObject({ extensionCount: 2 });
  });

  it('offers asking and deciding by state alone', () => {
    expect(extensionMovePossible(at('in_progress'), 'request_extension')).toBe(true);
    expect(extensionMovePossible(at('in_progress'), 'decide_extension')).toBe(false);
    expect(extensionMovePossible(at('in_progress', { extension: pending }), 'request_extension')).toBe(false);
    expect(extensionMovePossible(at('in_progress', { extension: pending, extensionCount: 1 }), 'decide_extension')).toBe(true);
    expect(extensionMovePossible(at('resolved', { extension: pending }), 'decide_extension')).toBe(false);
  });

  it('has a message for every refusal', () => {
    for (const m of Object.values(EXTENSION_REFUSAL_MESSAGES)) expect(m).toMatch(/[\u4e00-\u9fa5]/);
    expect(EXTENSION_REFUSAL_MESSAGES.street_decides).toBe('第二次延期需街道审批');
  });
});
