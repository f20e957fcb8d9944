import { Types } from 'mongoose';
import { upsertMember } from '../src/admin/platform';
import { RewardModel, newRewardDoc } from '../src/mall/mall.model';
import { VolunteerModel, newVolunteerDoc } from '../src/volunteers/volunteer.model';
import { call, signIn } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// Every view of volunteering and communities carries `actions`: the moves this caller may make now. Against the
// real handlers, for a few real records and callers: each listed action is accepted by its endpoint, and an
// action that is not listed is refused (403 or 409 or 404, never done).

const ok = (r: { status: number }) => expect(r.status).toBeLessThan(300);
const refusedStatus = (r: { status: number }) => expect([403, 404, 409]).toContain(r.status);

describe('view actions: volunteering and communities', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  let communityId: Types.ObjectId;
  const t: Record<string, string> = {};
  const hour = 3_600_000;

  beforeAll(async () => {
    world = await seededWorld();
    communityId = new Types.ObjectId(world.demoId);
    for (const id of ['demo-resident-2', 'demo-staff-1', 'demo-admin-1', 'river-admin-1']) t[id] = await world.token(id);
  });

  /** An approved volunteer made for this file, and their token. */
  async function volunteer(openid: string) {
    const m = await upsertMember('demo', { openid, name: `志愿者${openid.slice(-2)}`, roles: ['resident', 'volunteer'], building: '1号楼', unit: '5', room: openid.slice(-3) });
    const v = await VolunteerModel.findOneAndUpdate(
      { communityId, userId: m.userId },
      { $setOnInsert: newVolunteerDoc({ communityId, userId: m.userId, name: m.name, status: 'active', skills: ['助老'], createdAt: new Date() }) },
      { upsert: true, new: true },
    );
    return { token: (await signIn(openid)).token, id: v!._id.toHexString() };
  }
  const activity = async (startIn: number, hours = 2) => {
    const startAt = new Date(Date.now() + startIn);
    const r = await call('POST', '/api/activities', {
      token: t['demo-staff-1'],
      body: { title: '楼道清理', description: '清理楼道杂物，社区提供工具。', startAt: startAt.toISOString(), endAt: new Date(startAt.getTime() + hours * hour).toISOString(), location: '社区服务站', capacity: 5, pointsPerHour: 10 },
    });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  const get = (token: string, id: string) => call('GET', `/api/activities/${id}`, { token }).then((r) => r.body.actions as string[]);

  it('an upcoming activity: sign up and withdraw for a volunteer, codes and the roster for staff, nothing for a resident', async () => {
    const id = await activity(2 * 86_400_000);
    const v = await volunteer('actions-v01');

    expect(await get(v.token, id)).toEqual(['sign_up']);
    refusedStatus(await call('DELETE', `/api/activities/${id}/signups/me`, { token: v.token }));
    refusedStatus(await call('POST', `/api/activities/${id}/checkins`, { token: v.token, body: { code: '123456', kind: 'in' } }));
    const signed = await call('POST', `/api/activities/${id}/signups`, { token: v.token });
    ok(signed);
    expect(signed.body.actions).toEqual(['withdraw']);
    refusedStatus(await call('POST', `/api/activities/${id}/signups`, { token: v.token }));
    const withdrawn = await call('DELETE', `/api/activities/${id}/signups/me`, { token: v.token });
    ok(withdrawn);
    expect(withdrawn.body.actions).toEqual(['sign_up']);

    expect(await get(t['demo-staff-1']!, id)).toEqual(['issue_code', 'view_roster']);
    ok(await call('POST', `/api/activities/${id}/checkin-codes`, { token: t['demo-staff-1'] }));
    ok(await call('GET', `/api/activities/${id}/signups`, { token: t['demo-staff-1'] }));
    refusedStatus(await call('POST', `/api/activities/${id}/attendance`, { token: t['demo-staff-1'], body: { volunteerId: v.id, hours: 1 } }));

    // A resident who is not a volunteer sees the activity with no buttons, and signing up is refused.
    expect(await get(t['demo-resident-2']!, id)).toEqual([]);
    refusedStatus(await call('POST', `/api/activities/${id}/signups`, { token: t['demo-resident-2'] }));
  });

  it('an activity under way: check in and out for a walk-in volunteer, confirm hours for staff', async () => {
    const id = await activity(-hour / 2, 3);
    const v = await volunteer('actions-v02');
    const code = async () => (await call('POST', `/api/activities/${id}/checkin-codes`, { token: t['demo-staff-1'] })).body.code as string;

    expect(await get(v.token, id)).toEqual(['check_in']);
    refusedStatus(await call('POST', `/api/activities/${id}/signups`, { token: v.token }));
    refusedStatus(await call('POST', `/api/activities/${id}/checkins`, { token: v.token, body: { code: await code(), kind: 'out' } }));
    const inside = await call('POST', `/api/activities/${id}/checkins`, { token: v.token, body: { code: await code(), kind: 'in' } });
    ok(inside);
    expect(inside.body.actions).toEqual(['check_out']);
    refusedStatus(await call('POST', `/api/activities/${id}/checkins`, { token: v.token, body: { code: await code(), kind: 'in' } }));
    const out = await call('POST', `/api/activities/${id}/checkins`, { token: v.token, body: { code: await code(), kind: 'out' } });
    ok(out);
    expect(out.body.actions).toEqual([]);
    refusedStatus(await call('POST', `/api/activities/${id}/checkins`, { token: v.token, body: { code: await code(), kind: 'out' } }));

    expect(await get(t['demo-staff-1']!, id)).toEqual(['issue_code', 'view_roster', 'confirm_hours']);
    ok(await call('POST', `/api/activities/${id}/attendance`, { token: t['demo-staff-1'], body: { volunteerId: v.id, hours: 1 } }));
  });

  it('the 积分超市: redeem only what the balance covers and the stock allows; cancel for the volunteer, fulfil for staff', async () => {
    const v = await volunteer('actions-v03');
    ok(await call('POST', '/api/points/adjustments', { token: t['demo-admin-1'], body: { volunteerId: v.id, amount: 40, reason: '补录线下服务积分' } }));
    const reward = async (name: string, cost: number, stock: number) =>
      (await RewardModel.create(newRewardDoc({ communityId, name, cost, stock, createdAt: new Date() })))._id.toHexString();
    const affordable = await reward('动作测试·肥皂', 30, 5);
    const dear = await reward('动作测试·体检', 500, 5);
    const soldOut = await reward('动作测试·牙膏', 5, 0);

    const items = (await call('GET', '/api/rewards', { token: v.token })).body.items as { id: string; actions: string[] }[];
    const actionsOf = (id: string) => items.find((i) => i.id === id)!.actions;
    expect([actionsOf(affordable), actionsOf(dear), actionsOf(soldOut)]).toEqual([['redeem'], [], []]);
    refusedStatus(await call('POST', `/api/rewards/${dear}/redemptions`, { token: v.token }));
    refusedStatus(await call('POST', `/api/rewards/${soldOut}/redemptions`, { token: v.token }));
    // Staff without a volunteer record see no redeem button, and redeeming is refused.
    const staffItems = (await call('GET', '/api/rewards', { token: t['demo-staff-1'] })).body.items as { id: string; actions: string[] }[];
    expect(staffItems.find((i) => i.id === affordable)!.actions).toEqual([]);
    refusedStatus(await call('POST', `/api/rewards/${affordable}/redemptions`, { token: t['demo-staff-1'] }));

    const redeemed = await call('POST', `/api/rewards/${affordable}/redemptions`, { token: v.token });
    ok(redeemed);
    expect(redeemed.body.actions).toEqual(['cancel']);
    // 10 points left: the same reward is no longer affordable.
    const after = (await call('GET', '/api/rewards', { token: v.token })).body.items as { id: string; actions: string[] }[];
    expect(after.find((i) => i.id === affordable)!.actions).toEqual([]);
    refusedStatus(await call('POST', `/api/rewards/${affordable}/redemptions`, { token: v.token }));

    const code = redeemed.body.code as string;
    refusedStatus(await call('POST', `/api/redemptions/${code}/fulfil`, { token: v.token }));
    const looked = await call('GET', `/api/redemptions/${code}`, { token: t['demo-staff-1'] });
    expect(looked.body.actions).toEqual(['fulfil']);
    refusedStatus(await call('DELETE', `/api/redemptions/${code}`, { token: t['demo-staff-1'] }));
    const fulfilled = await call('POST', `/api/redemptions/${code}/fulfil`, { token: t['demo-staff-1'] });
    ok(fulfilled);
    expect(fulfilled.body.actions).toEqual([]);
    const mine = (await call('GET', '/api/redemptions', { token: v.token })).body.items as { code: string; actions: string[] }[];
    expect(mine.find((r) => r.code === code)!.actions).toEqual([]);
    refusedStatus(await call('DELETE', `/api/redemptions/${code}`, { token: v.token }));

    // A second code, cancelled by its volunteer as listed.
    ok(await call('POST', '/api/points/adjustments', { token: t['demo-admin-1'], body: { volunteerId: v.id, amount: 30, reason: '补录线下服务积分' } }));
    const second = await call('POST', `/api/rewards/${affordable}/redemptions`, { token: v.token });
    expect(second.body.actions).toEqual(['cancel']);
    const cancelled = await call('DELETE', `/api/redemptions/${second.body.code}`, { token: v.token });
    ok(cancelled);
    expect(cancelled.body.actions).toEqual([]);
  });

  it('service posts: claim for an approved party member while a slot is free, for nobody else', async () => {
    const p = await call('POST', '/api/service-posts', { token: t['demo-staff-1'], body: { title: '楼道长', description: '协助网格员联系本楼住户', slots: 1 } });
    ok(p);
    expect(p.body.actions).toEqual([]);
    const member = await volunteer('actions-p01');
    await VolunteerModel.updateOne({ _id: member.id }, { $set: { partyMember: true } });
    const plain = await volunteer('actions-p02');
    const postOf = (token: string) => call('GET', '/api/service-posts', { token }).then((r) => (r.body.items as { id: string; actions: string[] }[]).find((i) => i.id === p.body.id)!.actions);
    expect(await postOf(member.token)).toEqual(['claim']);
    expect(await postOf(plain.token)).toEqual([]);
    refusedStatus(await call('POST', `/api/service-posts/${p.body.id}/claims`, { token: plain.token }));
    const claimed = await call('POST', `/api/service-posts/${p.body.id}/claims`, { token: member.token });
    ok(claimed);
    expect(claimed.body.actions).toEqual([]);
    refusedStatus(await call('POST', `/api/service-posts/${p.body.id}/claims`, { token: member.token }));
  });

  it('registrations: staff approve or reject a pending one; only an admin adjusts points', async () => {
    const m = await upsertMember('demo', { openid: 'actions-r01', name: '报名者', roles: ['resident'], building: '2号楼', unit: '6', room: '601' });
    const token = (await signIn('actions-r01')).token;
    const registered = await call('POST', '/api/volunteers', { token, body: { skills: ['助老'] } });
    ok(registered);
    const pending = (token: string) =>
      call('GET', '/api/volunteers', { token, query: { status: 'pending' } }).then((r) => (r.body.items as { userId: string; actions: string[] }[]).find((i) => i.userId === String(m.userId))!.actions);
    expect(await pending(t['demo-staff-1']!)).toEqual(['approve', 'reject']);
    expect(await pending(t['demo-admin-1']!)).toEqual(['approve', 'reject', 'adjust_points']);
    refusedStatus(await call('POST', '/api/points/adjustments', { token: t['demo-staff-1'], body: { volunteerId: registered.body.volunteerId, amount: 5, reason: '测试调整' } }));
    const approved = await call('POST', `/api/volunteers/${registered.body.volunteerId}/review`, { token: t['demo-staff-1'], body: { approve: true } });
    ok(approved);
    expect(approved.body.actions).toEqual([]);
    refusedStatus(await call('POST', `/api/volunteers/${registered.body.volunteerId}/review`, { token: t['demo-staff-1'], body: { approve: false, reason: '再审一次' } }));
  });

  it('memberships: staff approve a pending member; admins also grant roles; a member leaves, the only admin does not', async () => {
    const { token } = await signIn('actions-m01');
    const joined = await call('POST', '/api/memberships', { token, body: { communityId: world.demoId, name: '新住户', buildingId: world.building('3号楼'), unit: '2', room: '808' } });
    ok(joined);
    expect(joined.body.actions).toEqual([]); // pending: no role yet, so not even leave
    const id = joined.body.id as string;
    const listed = async (who: string) => {
      const r = await call('GET', '/api/residents', { token: t[who], query: { status: 'pending', limit: '100' } });
      return (r.body.items as { id: string; actions: string[] }[]).find((i) => i.id === id)?.actions;
    };
    expect(await listed('demo-staff-1')).toEqual(['approve', 'reject', 'remove', 'move']);
    refusedStatus(await call('POST', `/api/residents/${id}/roles`, { token: t['demo-staff-1'], body: { role: 'volunteer' } }));
    const approved = await call('POST', `/api/residents/${id}/approve`, { token: t['demo-staff-1'] });
    ok(approved);
    expect(approved.body.actions).toEqual(['remove', 'move']);
    refusedStatus(await call('POST', `/api/residents/${id}/approve`, { token: t['demo-staff-1'] }));
    const asAdmin = await call('GET', `/api/residents/${id}`, { token: t['demo-admin-1'] });
    expect(asAdmin.body.actions).toEqual(['remove', 'move', 'grant_role', 'revoke_role']);
    ok(await call('POST', `/api/residents/${id}/roles`, { token: t['demo-admin-1'], body: { role: 'volunteer' } }));

    const me = await call('GET', '/api/me', { token });
    expect(me.body.memberships[0].actions).toContain('leave');
    ok(await call('POST', '/api/memberships/leave', { token }));

    // The river community's only admin: no leave button, and leaving is refused.
    const river = await call('GET', '/api/me', { token: t['river-admin-1'] });
    expect(river.body.memberships[0].actions).not.toContain('leave');
    refusedStatus(await call('POST', '/api/memberships/leave', { token: t['river-admin-1'] }));
  });
});

// Patrols and the requests found on them carry `actions` the same way (patrol.permissions.ts × patrol.rules.ts;
// request.permissions.ts × request.rules.ts, where resolving a finding closes it and nobody is asked to rate it).
describe('view actions: patrols and findings', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    world = await seededWorld();
    await upsertMember('demo', { openid: 'actions-grid2', name: '二网格巡查员', roles: ['grid_worker'], grids: ['第二网格'] });
    for (const id of ['actions-grid2', 'demo-grid-1', 'demo-staff-1', 'demo-resident-3']) t[id] = (await signIn(id)).token;
  });

  it('a patrol: check, file and end for its worker while under way, end for staff, nothing once ended', async () => {
    const started = await call('POST', '/api/patrols', { token: t['actions-grid2'], body: {} });
    ok(started);
    const id = started.body.id as string;
    expect(started.body.actions).toEqual(['check_buildings', 'file_finding', 'end']);
    ok(await call('POST', `/api/patrols/${id}/checks`, { token: t['actions-grid2'], body: { buildingIds: [world.building('3号楼')] } }));
    const filed = await call('POST', '/api/requests', { token: t['actions-grid2'], body: { source: 'patrol', patrolId: id, category: 'safety', description: '3号楼楼道灯不亮，夜间有安全隐患' } });
    ok(filed);

    // Staff oversee: end only; checking and filing on someone else's walk are refused.
    expect((await call('GET', `/api/patrols/${id}`, { token: t['demo-staff-1'] })).body.actions).toEqual(['end']);
    refusedStatus(await call('POST', `/api/patrols/${id}/checks`, { token: t['demo-staff-1'], body: { buildingIds: [world.building('3号楼')] } }));
    // (Naming a patrol not one's own is an invalid field of the filing: 400 on patrolId, nothing filed.)
    expect((await call('POST', '/api/requests', { token: t['demo-staff-1'], body: { source: 'patrol', patrolId: id, category: 'safety', description: '工作人员借用他人巡查上报' } })).status).toBe(400);
    // Another grid's worker does not see it at all.
    refusedStatus(await call('GET', `/api/patrols/${id}`, { token: t['demo-grid-1'] }));
    refusedStatus(await call('POST', `/api/patrols/${id}/end`, { token: t['demo-grid-1'] }));

    const ended = await call('POST', `/api/patrols/${id}/end`, { token: t['actions-grid2'] });
    ok(ended);
    expect(ended.body.actions).toEqual([]);
    refusedStatus(await call('POST', `/api/patrols/${id}/checks`, { token: t['actions-grid2'], body: { buildingIds: [world.building('4号楼')] } }));
    refusedStatus(await call('POST', '/api/requests', { token: t['actions-grid2'], body: { source: 'patrol', patrolId: id, category: 'safety', description: '巡查结束后补报的问题' } }));
    // Ending again is not listed and does nothing: the patrol answers as it was.
    const again = await call('POST', `/api/patrols/${id}/end`, { token: t['actions-grid2'] });
    expect(again.body).toEqual(ended.body);
  });

  it('a finding: the grid handles it; resolved, it is closed with nothing left to rate or reopen', async () => {
    const filed = await call('POST', '/api/requests', { token: t['actions-grid2'], body: { source: 'patrol', category: 'environment', description: '1号楼垃圾桶满溢未清运', location: { buildingId: world.building('1号楼') } } });
    ok(filed);
    const id = filed.body.id as string;
    // The finder (of another grid) follows it as its filer; 第一网格's worker handles it.
    expect(filed.body.actions).toEqual(['reply', 'withdraw']);
    const asHandler = (await call('GET', `/api/requests/${id}`, { token: t['demo-grid-1'] })).body.actions;
    // 改类型 (咨询/求助/投诉/建议) is a handler's while the request is open.
    expect(asHandler).toEqual(['accept', 'reply', 'escalate', 'reject', 'mark_duplicate', 'set_public', 'set_type']);
    // 标记为重复 is not the finder's (not listed for them): refused before anything about the original is said.
    refusedStatus(await call('POST', `/api/requests/${id}/actions`, { token: t['actions-grid2'], body: { action: 'mark_duplicate', duplicateOf: id } }));
    // A resident who neither filed nor handles it sees nothing of it.
    refusedStatus(await call('GET', `/api/requests/${id}`, { token: t['demo-resident-3'] }));
    const accepted = await call('POST', `/api/requests/${id}/actions`, { token: t['demo-grid-1'], body: { action: 'accept' } });
    // Accepting made them its holder: they may ask for more time (延期申请) or send it back (退单) as any assignee.
    expect(accepted.body.actions).toEqual(['assign', 'reply', 'resolve', 'escalate', 'reject', 'mark_duplicate', 'set_public', 'request_extension', 'set_type', 'send_back']);
    const resolved = await call('POST', `/api/requests/${id}/actions`, { token: t['demo-grid-1'], body: { action: 'resolve', note: '已通知保洁清运' } });
    ok(resolved);
    expect(resolved.body.status).toBe('closed');
    expect(resolved.body.actions).toEqual(['set_public']);
    const asFinder = (await call('GET', `/api/requests/${id}`, { token: t['actions-grid2'] })).body.actions;
    expect(asFinder).toEqual([]);
    refusedStatus(await call('POST', `/api/requests/${id}/rating`, { token: t['actions-grid2'], body: { score: 5 } }));
    refusedStatus(await call('POST', `/api/requests/${id}/actions`, { token: t['actions-grid2'], body: { action: 'reopen', reason: '还是满的' } }));
    refusedStatus(await call('POST', `/api/requests/${id}/actions`, { token: t['actions-grid2'], body: { action: 'reply', body: '谢谢' } }));
  });
});
