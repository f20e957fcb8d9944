// Callers of the street-level and unit-side endpoints (单位, issue 19), for the units authorization matrix: who a
// street's units answer to is decided by street roles and unit memberships, not by community roles, so the matrix
// of community callers cannot show it. Set up on the seeded world (units.seed.ts), in whatever state the file's
// other tests left the standard callers in: these are separate accounts.
import { addStreetStaff, addUnitMember, setStreetAdmin } from '../../src/admin/platform';
import { CommunityModel } from '../../src/communities/community.model';
import { UnitInviteModel, UnitModel } from '../../src/units/unit.model';
import { signIn } from './api';
import { seededWorld } from './seeded';

export const UNIT_CALLERS = ['anon', 'nobody', 'unitMember', 'otherUnit', 'riverUnit', 'street', 'streetAdmin', 'riverAdmin'] as const;
export type UnitCaller = (typeof UNIT_CALLERS)[number];

export interface UnitFixtures {
  demoId: string;
  /** 阳光物业公司, the unit `unitMember` works for. */
  unitId: string;
  /** A person of 阳光物业公司 who is none of the callers (the one the admin deactivates). */
  memberUserId: string;
  /** A 7-day join code of 阳光物业公司. */
  code: string;
}

export async function setUpUnitCallers(): Promise<{ tokens: Map<UnitCaller, string | undefined>; f: UnitFixtures }> {
  await seededWorld();
  await addStreetStaff('demo-street', 'authz-street-plain', '矩阵街道干部');
  await addStreetStaff('river-street', 'authz-river-admin', '滨江街道管理员');
  await setStreetAdmin('river-street', 'authz-river-admin', true);
  const member = await addUnitMember('阳光物业公司', 'authz-unit-target', '矩阵物业人员', '13700000302');
  const unit = (await UnitModel.findOne({ name: '阳光物业公司' }).lean())!;
  await UnitInviteModel.updateOne(
    { code: 'AUTHZUN2' },
    { $setOnInsert: { unitId: unit._id, streetId: unit.streetId, code: 'AUTHZUN2', maxUses: 50, remaining: 50, appliedOps: [], revoked: false, expiresAt: new Date(Date.now() + 86_400_000), createdBy: member.userId } },
    { upsert: true },
  );
  const tokens = new Map<UnitCaller, string | undefined>([['anon', undefined]]);
  for (const [caller, openid] of [
    ['nobody', 'authz-unit-nobody'], ['unitMember', 'demo-unit-wuye-1'], ['otherUnit', 'demo-unit-water-1'], ['riverUnit', 'river-unit-wuye-1'],
    ['street', 'authz-street-plain'], ['streetAdmin', 'demo-street-admin-1'], ['riverAdmin', 'authz-river-admin'],
  ] as [UnitCaller, string][])
    tokens.set(caller, (await signIn(openid)).token);
  const demo = (await CommunityModel.findOne({ code: 'demo' }).lean())!;
  return { tokens, f: { demoId: demo._id.toHexString(), unitId: unit._id.toHexString(), memberUserId: member.userId.toHexString(), code: 'AUTHZUN2' } };
}

/** A valid request of each street-level or unit-side endpoint (state may still refuse it). */
export function unitRequestFor(id: string, f: UnitFixtures, caller: UnitCaller): { path: string; body?: unknown; query?: Record<string, string> } {
  const table: Record<string, () => { path: string; body?: unknown; query?: Record<string, string> }> = {
    'units.street.list': () => ({ path: '/api/street/units' }),
    'units.street.get': () => ({ path: `/api/street/units/${f.unitId}` }),
    'units.create': () => ({ path: '/api/street/units', body: { type: 'other', name: `单位矩阵${caller}`, communityIds: [f.demoId] } }),
    'units.update': () => ({ path: `/api/street/units/${f.unitId}`, body: { phone: '021-55550010' } }),
    'units.invites.create': () => ({ path: `/api/street/units/${f.unitId}/invites`, body: { kind: 'week' } }),
    'units.members.remove': () => ({ path: `/api/street/units/${f.unitId}/members/${f.memberUserId}` }),
    'units.mine': () => ({ path: '/api/unit/me' }),
    'units.join': () => ({ path: '/api/unit/join', body: { code: f.code, name: '矩阵新单位人员' } }),
  };
  return table[id]!();
}
