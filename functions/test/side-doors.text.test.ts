import { call, signIn } from './helpers/api';
import { seededWorld } from './helpers/seeded';
import { upsertMember, upsertStreet } from '../src/admin/platform';
import { MembershipModel } from '../src/communities/community.model';
import { UserModel } from '../src/auth/user.model';
import { RequestModel } from '../src/requests/request.model';

// Issue 14, finding 7 (display spoofing): names and texts kept NUL and right-to-left overrides, so
// `abc\u202Eexe.jpg` showed to neighbours and staff as "abcgpj.exe". Every text a person types that someone
// else sees is now refused with 400 when it holds C0/C1 controls (newline and tab only where the field is
// multi-line), DEL, bidi overrides or isolates (U+202A–U+202E, U+2066–U+2069) or a lone surrogate.

const FORBIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const SPOOF = 'abc\u202Eexe.jpg';

describe('side doors: text hygiene (finding 7)', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  let resident: string;
  let staff: string;
  let admin: string;
  let merchant: string;
  let volunteer: string;
  let requestId: string;
  let topicId: string;
  let pendingId: string;

  beforeAll(async () => {
    world = await seededWorld();
    resident = await world.token('demo-resident-1');
    staff = await world.token('demo-staff-1');
    admin = await world.token('demo-admin-1');
    merchant = await world.token('demo-merchant-1');
    volunteer = await world.token('demo-volunteer-1');
    requestId = (await call('POST', '/api/requests', { token: resident, body: { category: 'facility', description: '3号楼路灯不亮，晚上很黑' } })).body.id;
    topicId = (await call('POST', '/api/consultations', { token: staff, body: { title: '楼道堆物清理', body: '讨论楼道堆物如何清理，请大家发表意见。', scope: { level: 'community' } } })).body.id;
    const newcomer = (await signIn('side-doors-text-pending')).token;
    pendingId = (await call('POST', '/api/memberships', { token: newcomer, body: { communityId: world.demoId, name: '待审核邻居', buildingId: world.building('2号楼'), unit: '5', room: '501' } })).body.id;
    expect(pendingId).toBeDefined();
    expect(requestId).toBeDefined();
    expect(topicId).toBeDefined();
  });

  // Searched here, not with a database regular expression (PCRE and FerretDB differ on escapes and NUL).
  const storedDescriptionsWith = async (ch: string) =>
    (await RequestModel.find({}, { description: 1 }).lean()).map((d) => d.description).filter((d) => d.includes(ch));

  const expectRefused = (r: { status: number; body: any; raw: string }) => {
    expect({ status: r.status, code: r.body?.error?.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(r.raw).toMatch(/控制字符|换行/);
  };

  it('refuses joining a community as abc\\u202Eexe.jpg, and stores nothing', async () => {
    const { token } = await signIn('side-doors-text-joiner');
    const r = await call('POST', '/api/memberships', { token, body: { communityId: world.demoId, name: SPOOF, buildingId: world.building('2号楼'), unit: '3', room: '301' } });
    expectRefused(r);
    expect(await MembershipModel.countDocuments({ name: SPOOF })).toBe(0);
  });

  it('refuses a request description with NUL, and stores nothing', async () => {
    const r = await call('POST', '/api/requests', { token: resident, body: { category: 'other', description: '楼下有人\u0000乱扔垃圾' } });
    expectRefused(r);
    expect(await storedDescriptionsWith('\u0000')).toEqual([]);
  });

  it('refuses a nickname with a right-to-left override', async () => {
    const r = await call('PATCH', '/api/me', { token: resident, body: { nickname: SPOOF } });
    expectRefused(r);
    const me = await call('GET', '/api/me', { token: resident });
    expect(me.body.user.nickname).not.toMatch(FORBIDDEN);
  });

  it('never derives a nickname with controls from the WeChat identity on first sign-in', async () => {
    // The emulator takes the code as the openid; the default nickname ends with the openid's last 4 characters.
    const { user } = await signIn('side-doors-\u202Egpj');
    expect(user.nickname).not.toMatch(FORBIDDEN);
    expect((await UserModel.findById(user.id).lean())!.nickname).not.toMatch(FORBIDDEN);
  });

  // Every kind of field, each with one class of forbidden character.
  const cases: [string, () => [string, string, { token: string; body: unknown }]][] = [
    ['real name with a lone surrogate', () => ['POST', '/api/memberships', { token: '', body: { communityId: world.demoId, name: '新邻居', realName: '王\ud800', buildingId: world.building('2号楼'), unit: '3', room: '302' } }]],
    ['unit with a newline (single-line field)', () => ['POST', '/api/memberships', { token: '', body: { communityId: world.demoId, name: '新邻居', buildingId: world.building('2号楼'), unit: '3\n4', room: '302' } }]],
    ['name with a tab (single-line field)', () => ['POST', '/api/memberships', { token: '', body: { communityId: world.demoId, name: '新\t邻居', buildingId: world.building('2号楼'), unit: '3', room: '302' } }]],
    ['request title with a left-to-right isolate', () => ['POST', '/api/requests', { token: resident, body: { category: 'other', title: '路灯\u2066坏了', description: '3号楼前的路灯坏了' } }]],
    ['request address with DEL', () => ['POST', '/api/requests', { token: resident, body: { category: 'other', description: '3号楼前的路灯坏了', location: { address: '3号楼\u007f东侧' } } }]],
    ['代办 name with an embedding', () => ['POST', '/api/requests', { token: staff, body: { category: 'elderly', description: '王奶奶家水管漏水', onBehalfOf: { name: '王\u202A奶奶', buildingId: world.building('1号楼'), unit: '1', room: '102' } } }]],
    ['reply with a bell', () => ['POST', `/api/requests/${requestId}/actions`, { token: staff, body: { action: 'reply', body: '已安排\u0007维修' } }]],
    ['reopen reason with a pop-directional-isolate', () => ['POST', `/api/requests/${requestId}/actions`, { token: resident, body: { action: 'reopen', reason: '还是不亮\u2069' } }]],
    ['rating comment with a C1 control', () => ['POST', `/api/requests/${requestId}/rating`, { token: resident, body: { satisfied: true, score: 5, comment: '很好\u0085' } }]],
    ['announcement with an override', () => ['PATCH', '/api/community/settings', { token: admin, body: { announcement: `通知${SPOOF}` } }]],
    ['reply template with NUL', () => ['PATCH', '/api/community/settings', { token: admin, body: { replyTemplates: ['您好\u0000'] } }]],
    ['rejection reason with an override', () => ['POST', `/api/residents/${pendingId}/reject`, { token: staff, body: { reason: SPOOF } }]],
    ['topic title with an override', () => ['POST', '/api/consultations', { token: resident, body: { title: `议题${SPOOF}`, body: '这是一个用来测试的议题内容。', scope: { level: 'community' } } }]],
    ['comment with a lone low surrogate', () => ['POST', `/api/consultations/${topicId}/comments`, { token: resident, body: { body: '我支持\udc00', stance: 'for' } }]],
    ['vote option label with an override', () => ['POST', '/api/consultations', { token: staff, body: { title: '投票测试议题', body: '这是一个用来测试的议题内容。', scope: { level: 'community' }, stage: 'voting', options: [{ label: SPOOF }, { label: '反对' }] } }]],
    ['volunteer skill with an override', () => ['PATCH', '/api/volunteers/me', { token: volunteer, body: { skills: [SPOOF] } }]],
    ['activity location with a vertical tab', () => ['POST', '/api/activities', { token: staff, body: { title: '楼道清理', description: '清理楼道杂物', startAt: new Date(Date.now() + 86_400_000).toISOString(), endAt: new Date(Date.now() + 90_000_000).toISOString(), location: '1号楼\u000b门口', capacity: 5, pointsPerHour: 5 } }]],
    ['points adjustment reason with an escape', () => ['POST', '/api/points/adjustments', { token: admin, body: { volunteerId: '000000000000000000000000', amount: 1, reason: '补录\u001b[31m' } }]],
    ['reward name with an override', () => ['POST', '/api/rewards', { token: merchant, body: { name: SPOOF, cost: 5, stock: 1 } }]],
    ['reward description with NUL', () => ['POST', '/api/rewards', { token: merchant, body: { name: '理发', cost: 5, stock: 1, description: '免费\u0000理发' } }]],
    ['service post title with an override', () => ['POST', '/api/service-posts', { token: staff, body: { title: SPOOF, description: '负责楼道巡查', slots: 2 } }]],
  ];
  it.each(cases)('refuses a %s', async (_label, make) => {
    const [method, path, opts] = make();
    const token = opts.token || (await signIn(`side-doors-text-${Math.random().toString(36).slice(2, 10)}`)).token;
    expectRefused(await call(method, path, { ...opts, token }));
  });

  it('refuses an Open311 request from 12345 with an override in its description', async () => {
    const r = await call('POST', '/open311/v2/requests.json', {
      rawBody: new URLSearchParams({ api_key: 'demo-open311-key', jurisdiction_id: 'demo', service_code: 'environment', description: `垃圾没人清理${SPOOF}` }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r.status).toBe(400);
    expect(await storedDescriptionsWith('\u202E')).toEqual([]);
  });

  it('keeps what people really type: line breaks and tabs in long texts, emoji and joined emoji, CJK punctuation', async () => {
    const description = '1号楼电梯坏了：\n\t- 按钮不亮\r\n\t- 门关不上 👨‍👩‍👧 🙂';
    const r = await call('POST', '/api/requests', { token: resident, body: { category: 'facility', description } });
    expect(r.status).toBe(201);
    expect(r.body.description).toBe('1号楼电梯坏了：\n\t- 按钮不亮\n\t- 门关不上 👨‍👩‍👧 🙂');
    const nick = await call('PATCH', '/api/me', { token: resident, body: { nickname: '张阿姨🌸' } });
    expect(nick.status).toBe(200);
    expect(nick.body.user.nickname).toBe('张阿姨🌸');
  });

  it('keeps the platform operator from creating names with controls (npm run admin)', async () => {
    await expect(upsertMember('demo', { openid: 'side-doors-admin', name: SPOOF, roles: ['admin'] })).rejects.toThrow(/控制字符/);
    await expect(upsertStreet('spoof', `街道${SPOOF}`)).rejects.toThrow(/控制字符/);
    expect(await UserModel.countDocuments({ openid: 'side-doors-admin' })).toBe(0);
  });
});
