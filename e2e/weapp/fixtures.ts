// The records the weapp smoke test opens pages on, made through the local stack's API as the demo accounts would
// make them (the seed holds only the community, its people, the rewards and one activity). Everything is stamped,
// so it never meets the data of the e2e files running beside this one, and the demo accounts' own standing
// (hours, points, stars) is left alone: the volunteer with hours, a star and codes is a new person.

export interface Fixtures {
  stamp: number;
  communityId: string;
  /** demo-resident-1's membership (staff open it as 居民详情). */
  residentMembershipId: string;
  /** Filed by demo-resident-1 in 1号楼 (第一网格), accepted and answered by demo-grid-1. */
  request: { id: string; title: string; description: string; reply: string };
  /** Proposed by demo-resident-1 for the whole community. */
  topic: { id: string; title: string; body: string };
  /** Put to the vote of 1号楼 by demo-staff-1, voted 同意 by demo-resident-1, closed: results with a chart. */
  decided: { id: string; title: string };
  /** The seeded 周末社区环境整治, next week, with demo-volunteer-1 signed up. */
  activity: { id: string; title: string };
  /** A new resident waiting for staff to approve them (待审核居民). */
  applicant: { openid: string; name: string };
  /** A new resident whose volunteer registration waits for staff (志愿者审核). */
  candidate: { openid: string; name: string };
  /**
   * A new volunteer with 120 hours from five backfilled activities: a first star in 公示, points, a code for the
   * community's 洗衣皂一块 and one for 便民超市's 理发一次.
   */
  volunteer: { openid: string; name: string; awardId: string; soapCode: string; haircutCode: string };
  /** One of 刘网格's seeded patrols of this week, ended, with its findings (the latest such one: e2e files may add theirs). */
  patrol: { id: string; gridName: string; finding: string };
  /**
   * A new grid worker of 第二网格 with a patrol under way that checked 3号楼 in (so demo-grid-1, whom the patrols e2e
   * file drives, keeps no patrol open): the tiles, 继续巡查 and the filing form set for a finding.
   */
  patrolling: { openid: string; name: string; patrolId: string; buildingId: string };
  /** A courier who lives elsewhere, whose application to be a 流动网格员 waits for staff (流动网格员审核). */
  courier: { openid: string; realName: string };
  /** The seeded household of 孙奶奶 (2号楼1单元102, 第一网格), who does not use WeChat (住户名册). */
  household: { id: string; address: string };
  /** A visit of demo-grid-1's to 孙奶奶 (she agreed to be named) with one open follow-up item (走访记录). */
  visit: { id: string; notes: string; followUp: string };
  /**
   * A 物业 dispute (风险较大) demo-grid-1 registered between 张阿姨 and a named outsider with a contact, mediated once,
   * its agreement written and waiting for both to confirm (调解成功·待确认).
   */
  mediation: { id: string; summary: string; agreement: string };
  /**
   * 吹哨报到: a request of 张阿姨's that demo-staff-1 dispatched to the seeded 阳光物业公司 (demo-unit-wuye-1's unit,
   * 主办), waiting for 签收; the unit's id is the one 单位管理 opens.
   */
  dispatched: { id: string; title: string; unitId: string; unitName: string };
}

interface Answer {
  status: number;
  body: any;
}

export function apiClient(apiBase: string) {
  const call = async (method: string, path: string, opts: { token?: string; body?: unknown; community?: string } = {}): Promise<Answer> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    if (opts.community) headers['x-community-id'] = opts.community;
    const res = await fetch(`${apiBase}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  /** Like `call`, and throws unless the status is the one expected. */
  const must = async (status: number, method: string, path: string, opts: { token?: string; body?: unknown; community?: string } = {}): Promise<any> => {
    const r = await call(method, path, opts);
    if (r.status !== status) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)} (expected ${status})`);
    return r.body;
  };
  const signIn = async (openid: string): Promise<string> => (await must(200, 'POST', '/api/auth/wechat', { body: { code: openid } })).token as string;
  return { call, must, signIn };
}

export async function prepareFixtures(apiBase: string): Promise<Fixtures> {
  const { must, signIn } = apiClient(apiBase);
  const stamp = Date.now() % 100000;
  const [resident, grid, staff] = await Promise.all(['demo-resident-1', 'demo-grid-1', 'demo-staff-1'].map(signIn)) as [string, string, string];
  const me = await must(200, 'GET', '/api/me', { token: resident });
  const membership = me.memberships.find((m: any) => m.communityName === '示范社区');
  const communityId = membership.communityId as string;
  const c = { community: communityId };
  const community = await must(200, 'GET', `/api/communities/${communityId}`);
  const building = (name: string) => community.buildings.find((b: any) => b.name === name).id as string;

  // 急难愁盼: filed by 张阿姨, accepted and answered by 刘网格.
  const request = { title: `楼道灯不亮${stamp}`, description: `1号楼1单元三楼楼道灯不亮，晚上看不清台阶（${stamp}）`, reply: `已联系电工，明天上午来换灯（${stamp}）`, id: '' };
  request.id = (await must(201, 'POST', '/api/requests', { token: resident, ...c, body: { category: 'facility', title: request.title, description: request.description, location: { buildingId: building('1号楼') } } })).id;
  await must(200, 'POST', `/api/requests/${request.id}/actions`, { token: grid, ...c, body: { action: 'accept' } });
  await must(200, 'POST', `/api/requests/${request.id}/actions`, { token: grid, ...c, body: { action: 'reply', body: request.reply } });

  // 议事: a proposal of 张阿姨's for the whole community.
  const topic = { title: `小区增设自行车停放架${stamp}`, body: `东门附近自行车乱停，建议增设停放架，方便老人通行（${stamp}）`, id: '' };
  topic.id = (await must(201, 'POST', '/api/consultations', { token: resident, ...c, body: { title: topic.title, body: topic.body, scope: { level: 'community' } } })).id;

  // A topic put to 1号楼's vote by staff, voted on by 张阿姨 and closed: its page shows the results and their chart.
  const decided = { title: `1号楼楼道粉刷颜色${stamp}`, id: '' };
  const voting = await must(201, 'POST', '/api/consultations', {
    token: staff,
    ...c,
    body: { title: decided.title, body: `1号楼楼道明年粉刷，请大家选颜色（${stamp}）`, scope: { level: 'building', id: building('1号楼') }, stage: 'voting', options: [{ label: '浅米色' }, { label: '淡蓝色' }], votingEndsAt: new Date(Date.now() + 7 * 86_400_000).toISOString() },
  });
  decided.id = voting.id;
  await must(201, 'POST', `/api/consultations/${decided.id}/votes`, { token: resident, ...c, body: { optionIds: [voting.options[0].id] } });
  await must(200, 'POST', `/api/consultations/${decided.id}/actions`, { token: staff, ...c, body: { action: 'close_voting' } });

  // 志愿: the seeded activity, with 赵大姐 signed up (a repeat sign-up by an earlier run answers 409 and changes nothing).
  const upcoming = await must(200, 'GET', '/api/activities?when=upcoming&limit=100', { token: staff, ...c });
  const seeded = upcoming.items.find((a: any) => a.title === '周末社区环境整治');
  const volunteerToken = await signIn('demo-volunteer-1');
  const signup = await apiClient(apiBase).call('POST', `/api/activities/${seeded.id}/signups`, { token: volunteerToken, ...c });
  if (signup.status !== 201 && signup.status !== 409) throw new Error(`sign-up: ${signup.status} ${JSON.stringify(signup.body)}`);

  /** A new person joins 示范社区; staff approve them unless `pending`. */
  const newResident = async (openid: string, name: string, buildingName: string, room: string, pending = false, joinedAs?: (membershipId: string) => void) => {
    const token = await signIn(openid);
    const joined = await must(201, 'POST', '/api/memberships', { token, body: { communityId, name, buildingId: building(buildingName), unit: '2', room } });
    if (!pending && joined.status !== 'active') await must(200, 'POST', `/api/residents/${joined.id}/approve`, { token: staff, ...c });
    joinedAs?.(joined.id);
    return token;
  };
  const applicant = { openid: `weapp-smoke-applicant-${stamp}`, name: `申请人${stamp}` };
  await newResident(applicant.openid, applicant.name, '2号楼', `5${stamp}`, true);

  const candidate = { openid: `weapp-smoke-candidate-${stamp}`, name: `报名人${stamp}` };
  const candidateToken = await newResident(candidate.openid, candidate.name, '3号楼', `6${stamp}`);
  await must(201, 'POST', '/api/volunteers', { token: candidateToken, ...c, body: { skills: ['助老'] } });

  const volunteer = { openid: `weapp-smoke-star-${stamp}`, name: `星星${stamp}`, awardId: '', soapCode: '', haircutCode: '' };
  const starToken = await newResident(volunteer.openid, volunteer.name, '4号楼', `7${stamp}`);
  const registered = await must(201, 'POST', '/api/volunteers', { token: starToken, ...c, body: { skills: ['助老', '环境整治'] } });
  if (registered.status !== 'active') await must(200, 'POST', `/api/volunteers/${registered.volunteerId}/review`, { token: staff, ...c, body: { approve: true } });
  // Five activities backfilled by staff, a day long each, 24 hours confirmed each: 120 hours reach the first star (100).
  for (let i = 1; i <= 5; i++) {
    const start = new Date(Date.now() - (12 - i) * 86_400_000);
    const activity = await must(201, 'POST', '/api/activities', {
      token: staff,
      ...c,
      body: { title: `补录：敬老院陪护第${i}天（${stamp}）`, description: '补录的志愿服务时长', startAt: start.toISOString(), endAt: new Date(start.getTime() + 24 * 3_600_000).toISOString(), location: '街道敬老院', capacity: 5, pointsPerHour: 1 },
    });
    await must(200, 'POST', `/api/activities/${activity.id}/attendance`, { token: staff, ...c, body: { volunteerId: registered.volunteerId, hours: 24 } });
  }
  const awards = await must(200, 'GET', '/api/star-awards?limit=100', { token: staff, ...c });
  volunteer.awardId = awards.items.find((a: any) => a.volunteerName === volunteer.name)?.id;
  if (!volunteer.awardId) throw new Error(`no star award for ${volunteer.name}: ${JSON.stringify(awards.items.slice(0, 3))}`);
  const rewards = await must(200, 'GET', '/api/rewards', { token: starToken, ...c });
  const reward = (name: string) => rewards.items.find((r: any) => r.name === name).id as string;
  volunteer.soapCode = (await must(201, 'POST', `/api/rewards/${reward('洗衣皂一块')}/redemptions`, { token: starToken, ...c })).code;
  volunteer.haircutCode = (await must(201, 'POST', `/api/rewards/${reward('理发一次')}/redemptions`, { token: starToken, ...c })).code;

  // 巡查: the newest ended patrol of 刘网格's with findings (the seed's of this morning, unless an e2e file ended one since).
  const patrols = await must(200, 'GET', '/api/patrols?status=ended&limit=100', { token: grid, ...c });
  const ended = patrols.items.find((p: any) => p.findingCount > 0);
  if (!ended) throw new Error('no ended patrol with findings: is the seed of issue 18 there?');
  const endedView = await must(200, 'GET', `/api/patrols/${ended.id}`, { token: grid, ...c });
  const patrol = { id: ended.id as string, gridName: ended.gridName as string, finding: (endedView.findings[0].title as string).replace(/^【[^】]*】/, '') };
  // (The list shows the category above each finding, so the page drops the 【类别】 the API puts before untitled ones.)

  // A grid worker of 第二网格, made by the admin, on a patrol that checked 3号楼 in.
  const patrolling = { openid: `weapp-smoke-patroller-${stamp}`, name: `巡查员${stamp}`, patrolId: '', buildingId: building('3号楼') };
  let patrollerMembership = '';
  const patrollerToken = await newResident(patrolling.openid, patrolling.name, '3号楼', `8${stamp}`, false, (id) => (patrollerMembership = id));
  const secondGrid = community.grids.find((g: any) => g.name === '第二网格').id as string;
  await must(200, 'POST', `/api/residents/${patrollerMembership}/roles`, { token: await signIn('demo-admin-1'), ...c, body: { role: 'grid_worker', gridIds: [secondGrid] } });
  patrolling.patrolId = (await must(201, 'POST', '/api/patrols', { token: patrollerToken, ...c, body: {} })).id;
  await must(200, 'POST', `/api/patrols/${patrolling.patrolId}/checks`, { token: patrollerToken, ...c, body: { buildingIds: [patrolling.buildingId] } });

  // 流动网格员: a courier with no membership applies; staff review it.
  const courier = { openid: `weapp-smoke-courier-${stamp}`, realName: `骑手${stamp}` };
  await must(201, 'POST', '/api/mobile-grid/applications', { token: await signIn(courier.openid), body: { communityId, realName: courier.realName, phone: '13700000200', platform: 'meituan', area: `南门（${stamp}）` } });

  // 住户名册: 孙奶奶's household, seeded, found among 2号楼's.
  const inBuilding2 = await must(200, 'GET', `/api/households?buildingId=${building('2号楼')}&limit=100`, { token: staff, ...c });
  const household = { id: inBuilding2.items.find((h: any) => h.address === '2号楼1单元102')?.id as string, address: '2号楼1单元102' };
  if (!household.id) throw new Error('no household 2号楼1单元102: is the seed of the household register there?');

  // 走访: demo-grid-1 visits her today, she agrees to be named, one item to follow up in a week.
  const sun = (await must(200, 'GET', `/api/households/${household.id}`, { token: grid, ...c })).occupants.find((o: any) => o.name === '孙奶奶');
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const inAWeek = new Date(Date.now() + 8 * 3_600_000 + 7 * 86_400_000).toISOString().slice(0, 10);
  const visit = { id: '', notes: `孙奶奶询问高龄补贴怎么申请（${stamp}）`, followUp: `送高龄补贴申请表（${stamp}）` };
  visit.id = (
    await must(201, 'POST', '/api/visits', {
      token: grid,
      ...c,
      body: { householdId: household.id, date: today, met: [{ kind: 'occupant', occupantId: sun.id, consent: 'given' }], topics: ['policy'], notes: visit.notes, followUps: [{ text: visit.followUp, dueOn: inAWeek }] },
    })
  ).visit.id;

  // 调解: 张阿姨 (found by name, as mediators do) and a car owner from outside, a session, the agreement written.
  const found = await must(200, 'GET', `/api/mediation/party-candidates?q=${encodeURIComponent('张阿姨')}`, { token: grid, ...c });
  const zhang = found.items.find((p: any) => p.membershipId === membership.id) ?? found.items[0];
  const mediation = { id: '', summary: `外来车辆长期占用张阿姨的车位（${stamp}）`, agreement: `车主本周内把车移走，今后停到访客车位（${stamp}）` };
  mediation.id = (
    await must(201, 'POST', '/api/mediation/cases', {
      token: grid,
      ...c,
      body: { type: 'property', risk: 'major', place: '1号楼地下车库', summary: mediation.summary, parties: [{ membershipId: zhang.membershipId }, { name: '外来车主', phone: '13900000066' }] },
    })
  ).id;
  await must(200, 'POST', `/api/mediation/cases/${mediation.id}/sessions`, { token: grid, ...c, body: { at: new Date().toISOString(), place: '社区调解室', attendees: ['张阿姨', '外来车主'], said: `双方同意车主移车（${stamp}）` } });
  await must(200, 'POST', `/api/mediation/cases/${mediation.id}/conclude`, { token: grid, ...c, body: { outcome: 'agreed', agreement: mediation.agreement } });

  // 吹哨报到: 张阿姨 reports a leaking pipe; staff dispatch it to 阳光物业公司 (the seed's 物业 serving the community).
  const dispatched = { id: '', title: `厨房水管漏水${stamp}`, unitId: '', unitName: '阳光物业公司' };
  dispatched.id = (await must(201, 'POST', '/api/requests', { token: resident, ...c, body: { category: 'facility', title: dispatched.title, description: `3号楼厨房下水管漏水（${stamp}）`, location: { buildingId: building('3号楼') } } })).id;
  const options = await must(200, 'GET', `/api/requests/${dispatched.id}/dispatch-options`, { token: staff, ...c });
  dispatched.unitId = options.groups.flatMap((g: any) => g.units).find((u: any) => u.name === dispatched.unitName)?.id;
  if (!dispatched.unitId) throw new Error(`no unit ${dispatched.unitName} to dispatch to: is the seed of issue 19 there?`);
  await must(200, 'POST', `/api/requests/${dispatched.id}/actions`, { token: staff, ...c, body: { action: 'dispatch', leadUnitId: dispatched.unitId, note: `请尽快上门（${stamp}）` } });

  return {
    stamp,
    dispatched,
    mediation,
    household,
    visit,
    patrol,
    patrolling,
    courier,
    communityId,
    residentMembershipId: membership.id,
    request,
    topic,
    decided,
    activity: { id: seeded.id, title: seeded.title },
    applicant,
    candidate,
    volunteer,
  };
}
