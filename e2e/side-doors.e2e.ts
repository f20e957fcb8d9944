// Issue 14 (side doors) through the whole local HTTP stack — serverless-offline in front of the real handlers, as
// `npm start` runs it — for the findings the in-process tests could not see because they came through the stack
// itself. Plain fetch against E2E_API_BASE; no browser.
//
// This file holds one describe block per finding, each self-contained (its own users, stamped so that they do not
// meet the other e2e files' data in the shared database). Blocks are APPENDED below by their authors (CORS next);
// add yours at the end and leave the others as they are.

const api = process.env.E2E_API_BASE!;
const stamp = Date.now() % 1_000_000;

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

async function apiCall(method: string, path: string, opts: { token?: string; body?: unknown; community?: string; idempotencyKey?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.community) headers['x-community-id'] = opts.community;
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  const res = await fetch(`${api}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

async function signIn(code: string): Promise<string> {
  const r = await apiCall('POST', '/api/auth/wechat', { body: { code } });
  expect(r.status).toBe(200);
  return r.body.token as string;
}

// Finding 4: serverless-offline gives every call the same requestContext.requestId, and point adjustments were
// keyed on it, so every adjustment after the first answered 201 with an old entry of another volunteer and moved
// nothing.
describe('side doors: point adjustments through the local stack (finding 4)', () => {
  let admin = '';
  let communityId = '';
  const volunteers: { token: string; volunteerId: string; name: string }[] = [];

  const adjust = (volunteerId: string, amount: number, reason: string, idempotencyKey?: string) =>
    apiCall('POST', '/api/points/adjustments', { token: admin, community: communityId, body: { volunteerId, amount, reason }, idempotencyKey });
  const balanceOf = async (v: { token: string }) => (await apiCall('GET', '/api/volunteers/me', { token: v.token, community: communityId })).body.balance as number;

  beforeAll(async () => {
    // Two new residents of 示范社区 join, staff approve them, they register as volunteers and staff approve that.
    admin = await signIn('demo-admin-1');
    const staff = await signIn('demo-staff-1');
    communityId = (await apiCall('GET', '/api/me', { token: staff })).body.memberships[0].communityId;
    const community = (await apiCall('GET', `/api/communities/${communityId}`)).body;
    const buildingId = community.buildings.find((b: any) => b.name === '3号楼').id as string;
    for (const tag of ['甲', '乙']) {
      const token = await signIn(`sd-e2e-volunteer-${tag === '甲' ? 'a' : 'b'}-${stamp}`);
      const name = `志愿者${tag}${stamp}`;
      const joined = await apiCall('POST', '/api/memberships', { token, body: { communityId, name, buildingId, unit: '9', room: `${tag === '甲' ? 1 : 2}${stamp}` } });
      expect(joined.status).toBe(201);
      if (joined.body.status !== 'active')
        expect((await apiCall('POST', `/api/residents/${joined.body.id}/approve`, { token: staff, community: communityId })).status).toBe(200);
      const registered = await apiCall('POST', '/api/volunteers', { token, community: communityId, body: { skills: ['助老'] } });
      expect(registered.status).toBe(201);
      const volunteerId = registered.body.volunteerId as string;
      if (registered.body.status !== 'active')
        expect((await apiCall('POST', `/api/volunteers/${volunteerId}/review`, { token: staff, community: communityId, body: { approve: true } })).status).toBe(200);
      volunteers.push({ token, volunteerId, name });
    }
  });

  it('demo-admin-1 adjusts two volunteers one after the other: each balance moves, each answer is that volunteer’s entry', async () => {
    // Prepare
    const [a, b] = volunteers as [(typeof volunteers)[0], (typeof volunteers)[0]];
    const [beforeA, beforeB] = [await balanceOf(a), await balanceOf(b)];
    // Act: no Idempotency-Key, as an admin tool that does not send one.
    const ra = await adjust(a.volunteerId, 12, `补录敬老活动（${a.name}）`);
    const rb = await adjust(b.volunteerId, 34, `补录环境整治（${b.name}）`);
    // Assess
    expect([ra.status, rb.status]).toEqual([201, 201]);
    expect(ra.body).toMatchObject({ kind: 'adjust', amount: 12, balanceAfter: beforeA + 12, note: `管理员调整：补录敬老活动（${a.name}）` });
    expect(rb.body).toMatchObject({ kind: 'adjust', amount: 34, balanceAfter: beforeB + 34, note: `管理员调整：补录环境整治（${b.name}）` });
    expect(rb.body.id).not.toBe(ra.body.id);
    expect(await balanceOf(a)).toBe(beforeA + 12);
    expect(await balanceOf(b)).toBe(beforeB + 34);
    // Each volunteer's passbook shows their own entry, and the audit log names the right volunteer with it.
    const ledgerA = (await apiCall('GET', '/api/points/ledger', { token: a.token, community: communityId })).body.items;
    const ledgerB = (await apiCall('GET', '/api/points/ledger', { token: b.token, community: communityId })).body.items;
    expect(ledgerA.map((e: any) => e.id)).toContain(ra.body.id);
    expect(ledgerB.map((e: any) => e.id)).toContain(rb.body.id);
    expect(ledgerB.map((e: any) => e.id)).not.toContain(ra.body.id);
    const audit = (await apiCall('GET', '/api/audit?action=volunteers.adjust&limit=100', { token: admin, community: communityId })).body.items as any[];
    const auditOf = (entryId: string) => audit.find((e) => e.after?.id === entryId);
    expect(auditOf(ra.body.id)?.target).toEqual({ volunteerId: a.volunteerId });
    expect(auditOf(rb.body.id)?.target).toEqual({ volunteerId: b.volunteerId });
  });

  it('a retry with the same Idempotency-Key moves points once', async () => {
    const [a] = volunteers as [(typeof volunteers)[0]];
    const before = await balanceOf(a);
    const key = `sd-e2e-adjust-${stamp}`;
    const first = await adjust(a.volunteerId, 5, '补录重试测试', key);
    const retry = await adjust(a.volunteerId, 5, '补录重试测试', key);
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.headers.get('idempotent-replay')).toBe('true');
    expect(first.body).toMatchObject({ amount: 5, balanceAfter: before + 5 });
    expect(await balanceOf(a)).toBe(before + 5);
    // A new key is a new movement.
    const next = await adjust(a.volunteerId, 5, '补录重试测试', `${key}-2`);
    expect(next.status).toBe(201);
    expect(next.body.id).not.toBe(first.body.id);
    expect(await balanceOf(a)).toBe(before + 10);
  });
});

// Finding 8: serverless-offline copied any Origin into Access-Control-Allow-Origin on simple (non-preflight)
// requests (`Origin: https://evil.example` → `access-control-allow-origin: https://evil.example`), while the
// deployed API Gateway answers only the H5 build's origins (serverless.yml httpApi.cors, scripts/cors.cjs).
describe('finding 8: CORS on the local stack', () => {
  const evil = 'https://evil.example';
  const h5Origin = () => new URL(process.env.E2E_H5_URL!).origin;
  const send: [string, (origin: string) => Promise<Response>][] = [
    ['GET /api/health', (origin) => fetch(`${api}/api/health`, { headers: { origin } })],
    ['POST /api/auth/wechat', (origin) => fetch(`${api}/api/auth/wechat`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify({ code: `sd-e2e-cors-${stamp}` }) })],
    ['POST /api/requests without a token (an error answer)', (origin) => fetch(`${api}/api/requests`, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{}' })],
    [
      'preflight OPTIONS /api/requests',
      (origin) => fetch(`${api}/api/requests`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization,idempotency-key' } }),
    ],
  ];
  const corsHeaders = (r: Response) => [...r.headers.keys()].filter((k) => k.startsWith('access-control-'));

  it.each(send)('%s from https://evil.example gets no access-control-allow-origin (nor any CORS header)', async (_label, call) => {
    const r = await call(evil);
    await r.arrayBuffer();
    expect(r.status).toBeLessThan(500);
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
    expect(corsHeaders(r)).toEqual([]);
  });

  it.each(send)('%s from the H5 origin gets that origin', async (_label, call) => {
    const r = await call(h5Origin());
    await r.arrayBuffer();
    expect(r.status).toBeLessThan(500);
    expect(r.headers.get('access-control-allow-origin')).toBe(h5Origin());
    expect(r.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('lets the H5 origin send the headers the app sends (preflight)', async () => {
    const r = await send[3]![1](h5Origin());
    const allowed = (r.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const h of ['content-type', 'authorization', 'x-community-id', 'x-client-version', 'idempotency-key']) expect(allowed).toContain(h);
    expect(r.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('answers a call without an Origin (the mini-program, servers) as before', async () => {
    const r = await fetch(`${api}/api/health`);
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
  });
});
