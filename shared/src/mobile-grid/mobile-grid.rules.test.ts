import { MOBILE_GRID_REFUSAL_MESSAGES, applicationStatus, availableMobileGridActions, mobileGridTransition, type MobileGridMove } from './mobile-grid.rules';
import { ApplyMobileGridInput, MOBILE_GRID_STATUSES, ReviewMobileGridInput, type MobileGridStatus } from './mobile-grid.schema';

describe('mobile-grid/rules', () => {
  // Every move from every state (undefined: never applied): where it goes, or why not.
  const EXPECTED: Record<MobileGridMove, Record<MobileGridStatus | 'none', string>> = {
    apply: { none: 'pending', pending: 'already_applied', approved: 'already_applied', rejected: 'pending', revoked: 'pending' },
    approve: { none: 'not_pending', pending: 'approved', approved: 'not_pending', rejected: 'not_pending', revoked: 'not_pending' },
    reject: { none: 'not_pending', pending: 'rejected', approved: 'not_pending', rejected: 'not_pending', revoked: 'not_pending' },
  };
  const table = (Object.keys(EXPECTED) as MobileGridMove[]).flatMap((move) => (['none', ...MOBILE_GRID_STATUSES] as const).map((from) => [move, from, EXPECTED[move][from]] as const));
  it.each(table)('%s from %s: %s', (move, from, expected) => {
    const t = mobileGridTransition(from === 'none' ? undefined : from, move);
    expect(t.ok ? t.to : t.reason).toBe(expected);
  });

  it('reads an approved application as revoked once its holder no longer holds the role, and nothing else changes', () => {
    expect(applicationStatus('approved', true)).toBe('approved');
    expect(applicationStatus('approved', false)).toBe('revoked');
    for (const s of ['pending', 'rejected'] as const) {
      expect(applicationStatus(s, false)).toBe(s);
      expect(applicationStatus(s, true)).toBe(s);
    }
  });

  it('offers approve and reject on a pending application only, to whoever is permitted', () => {
    expect(availableMobileGridActions('pending', () => true)).toEqual(['approve', 'reject']);
    expect(availableMobileGridActions('pending', (a) => a === 'reject')).toEqual(['reject']);
    expect(availableMobileGridActions('pending', () => false)).toEqual([]);
    for (const s of ['approved', 'rejected', 'revoked'] as const) expect(availableMobileGridActions(s, () => true)).toEqual([]);
  });

  it('says every refusal in Chinese', () => {
    expect(MOBILE_GRID_REFUSAL_MESSAGES.already_applied).toContain('已申请');
    expect(MOBILE_GRID_REFUSAL_MESSAGES.not_pending).toContain('已处理');
  });
});

describe('mobile-grid/schema', () => {
  const valid = { communityId: '0123456789abcdef01234567', realName: '李小明', phone: '13900000009', platform: 'sf' };

  it('takes a name, a phone, a platform and an optional area', () => {
    expect(ApplyMobileGridInput.safeParse(valid).success).toBe(true);
    expect(ApplyMobileGridInput.safeParse({ ...valid, area: '1号楼至4号楼，南门快递柜' }).success).toBe(true);
  });

  it('asks for the employer’s name with 其他, and refuses a bad phone or an unknown field', () => {
    const other = ApplyMobileGridInput.safeParse({ ...valid, platform: 'other' });
    expect(other.success).toBe(false);
    expect(other.error?.issues[0]).toMatchObject({ path: ['platformName'], message: '请填写所在单位或平台' });
    expect(ApplyMobileGridInput.safeParse({ ...valid, platform: 'other', platformName: '闪送' }).success).toBe(true);
    expect(ApplyMobileGridInput.safeParse({ ...valid, phone: '12345' }).success).toBe(false);
    expect(ApplyMobileGridInput.safeParse({ ...valid, household: '1-101' }).success).toBe(false);
  });

  it('asks a rejection for its reason', () => {
    expect(ReviewMobileGridInput.safeParse({ approve: true }).success).toBe(true);
    expect(ReviewMobileGridInput.safeParse({ approve: false }).error?.issues[0]).toMatchObject({ path: ['reason'], message: '请说明未通过的原因' });
    expect(ReviewMobileGridInput.safeParse({ approve: false, reason: '无法核实身份' }).success).toBe(true);
  });
});
