import { api, hasAnyRole, type Endpoint, type Role } from '@linli/shared';
import { MembershipModel, InviteCodeModel } from '../src/communities/community.model';
import { call } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// The permission table of the communities feature, checked against the real handlers: every role-gated
// endpoint, called by every demo account, is refused with 403 exactly when the account's roles do not allow it.
const accounts: [string, Role[]][] = [
  ['demo-resident-1', ['resident']],
  ['demo-volunteer-1', ['resident', 'volunteer']],
  ['demo-grid-1', ['grid_worker']],
  ['demo-staff-1', ['staff']],
  ['demo-admin-1', ['admin']],
  ['demo-street-1', ['street_staff']],
  ['demo-merchant-1', ['merchant']],
  ['demo-courier', ['mobile_grid']],
  ['demo-mediator', ['mediator']],
];

describe('communities permissions', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const tokens = new Map<string, string>();
  let targetId: string;
  let inviteId: string;
  beforeAll(async () => {
    world = await seededWorld();
    for (const [openid] of accounts) tokens.set(openid, await world.token(openid));
    targetId = String((await MembershipModel.findOne({ communityId: world.demoId, name: '王同学' }))!._id);
    const invite = await InviteCodeModel.create({ communityId: world.demoId, code: 'PERMTEST', maxUses: 1, remaining: 1, expiresAt: new Date(Date.now() + 86_400_000), createdBy: targetId });
    inviteId = String(invite._id);
  });

  // A request each endpoint accepts when the caller is allowed (inputs valid, actions harmless or refused later by state).
  const requests: Record<string, () => { path: string; body?: unknown; query?: Record<string, string> }> = {
    'community.settings.get': () => ({ path: '/api/community/settings' }),
    'community.settings.update': () => ({ path: '/api/community/settings', body: {} }),
    'residents.list': () => ({ path: '/api/residents', query: { status: 'pending' } }),
    'residents.approve': () => ({ path: `/api/residents/${targetId}/approve` }),
    'residents.reject': () => ({ path: `/api/residents/${targetId}/reject`, body: { reason: '测试' } }),
    'residents.remove': () => ({ path: `/api/residents/${targetId}/remove`, body: { reason: '测试' } }),
    'residents.move': () => ({ path: `/api/residents/${targetId}/move`, body: { buildingId: world.building('3号楼'), unit: '1', room: '301' } }),
    'residents.grantRole': () => ({ path: `/api/residents/${targetId}/roles`, body: { role: 'volunteer' } }),
    'residents.revokeRole': () => ({ path: `/api/residents/${targetId}/roles/revoke`, body: { role: 'volunteer' } }),
    'residents.events': () => ({ path: `/api/residents/${targetId}/events` }),
    'residents.get': () => ({ path: `/api/residents/${targetId}` }),
    'audit.list': () => ({ path: '/api/audit' }),
    'community.open311Key': () => ({ path: '/api/community/open311-key' }),
    'inviteCodes.create': () => ({ path: '/api/invite-codes', body: { maxUses: 1 } }),
    'inviteCodes.list': () => ({ path: '/api/invite-codes' }),
    'inviteCodes.revoke': () => ({ path: `/api/invite-codes/${inviteId}/revoke` }),
  };

  // Leaving is open to every member and would change who can do what in the rows after it; it is
  // covered in communities.test.ts.
  const gated = (Object.values(api.communities) as Endpoint[]).filter(
    (e): e is Endpoint<any, any, any, any, readonly Role[]> => Array.isArray(e.access) && e.id !== 'memberships.leave',
  );
  const table = gated.flatMap((e) => accounts.map(([openid, roles]) => [e.id, openid, hasAnyRole(roles, e.access)] as const));

  it('covers every role-gated endpoint', () => {
    expect(Object.keys(requests).sort()).toEqual(gated.map((e) => e.id).sort());
  });

  it.each(table)('%s by %s allowed=%s', async (id, openid, allowed) => {
    const e = gated.find((x) => x.id === id)!;
    const req = requests[id]!();
    const r = await call(e.method, req.path, { token: tokens.get(openid), body: req.body, query: req.query, community: world.demoId });
    if (allowed) expect(r.status).not.toBe(403);
    else {
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('FORBIDDEN');
    }
  });
});
