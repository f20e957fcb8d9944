import { SignJWT } from 'jose';
import { allEndpoints } from '@linli/shared';
import { call, signIn } from './helpers/api';
import { seededWorld } from './helpers/seeded';
import { resetConfig } from '../src/lib/config';

describe('api conventions', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  let resident: string;
  beforeAll(async () => {
    world = await seededWorld();
    resident = await world.token('demo-resident-1');
  });

  const expectErrorShape = (body: any, code: string) => {
    expect(body).toEqual({ error: expect.objectContaining({ code, message: expect.any(String) }) });
    expect(Object.keys(body.error).every((k) => ['code', 'message', 'details'].includes(k))).toBe(true);
    expect(body.error.message).toMatch(/[\u4e00-\u9fa5]/); // Chinese message
  };

  it('answers unknown routes with NOT_FOUND in the error shape', async () => {
    const r = await call('GET', '/api/no-such-thing');
    expect(r.status).toBe(404);
    expectErrorShape(r.body, 'NOT_FOUND');
    const wrongMethod = await call('PUT', '/api/me', { token: resident });
    expect(wrongMethod.status).toBe(404);
  });

  it('answers malformed JSON with VALIDATION_FAILED', async () => {
    const r = await call('POST', '/api/auth/wechat', { rawBody: '{"code": "abc"' });
    expect(r.status).toBe(400);
    expectErrorShape(r.body, 'VALIDATION_FAILED');
  });

  it('names the field paths of invalid and unknown fields', async () => {
    const r = await call('POST', '/api/memberships', {
      token: resident,
      body: { communityId: world.demoId, name: '', buildingId: 'nope', unit: '1', room: '1', extra: 1 },
    });
    expect(r.status).toBe(400);
    expectErrorShape(r.body, 'VALIDATION_FAILED');
    const paths = r.body.error.details.map((d: any) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'buildingId', '(root)']));
    expect(JSON.stringify(r.body.error.details)).toContain('extra');
    for (const d of r.body.error.details) expect(d.message).toMatch(/[\u4e00-\u9fa5]/);
    const missing = await call('POST', '/api/memberships', { token: resident, body: { communityId: world.demoId } });
    expect(missing.body.error.details).toEqual(expect.arrayContaining([{ path: 'unit', message: '必填' }]));
  });

  it.each([
    ['an operator as a value', { code: { $gt: '' } }],
    ['a $-key', { $where: 'x', code: 'a' }],
    ['a dotted key', { 'code.x': 1, code: 'a' }],
    ['a nested operator key', { code: 'a', nested: { $ne: 1 } }],
  ])('refuses %s with 400 before any query', async (_label, body) => {
    const before = globalThis.wechatEmulator.calls.length;
    const r = await call('POST', '/api/auth/wechat', { body });
    expect(r.status).toBe(400);
    expectErrorShape(r.body, 'VALIDATION_FAILED');
    expect(globalThis.wechatEmulator.calls.length).toBe(before);
  });

  it('refuses operators in the query string', async () => {
    const staff = await world.token('demo-staff-1');
    const r = await call('GET', '/api/residents', { token: staff, query: { 'status[$ne]': 'x' } });
    expect(r.status).toBe(400);
  });

  it('refuses an oversized body with PAYLOAD_TOO_LARGE', async () => {
    const r = await call('POST', '/api/auth/wechat', { rawBody: JSON.stringify({ code: 'x'.repeat(70 * 1024) }) });
    expect(r.status).toBe(413);
    expectErrorShape(r.body, 'PAYLOAD_TOO_LARGE');
  });

  it('tells old mini-program versions to update (426)', async () => {
    process.env.MIN_CLIENT_VERSION = '1.2.0';
    resetConfig();
    try {
      const old = await call('GET', '/api/me', { token: resident, headers: { 'x-client-version': '1.1.9' } });
      expect(old.status).toBe(426);
      expect(old.body.error.message).toBe('请更新小程序');
      const current = await call('GET', '/api/me', { token: resident, headers: { 'x-client-version': '1.2.0' } });
      expect(current.status).toBe(200);
    } finally {
      delete process.env.MIN_CLIENT_VERSION;
      resetConfig();
    }
  });

  it('reports health with the database state', async () => {
    const r = await call('GET', '/api/health');
    expect(r.status).toBe(200);
    // Plus, for operators, the years without a holiday calendar (system/holidays.ts), when there are any.
    expect(r.body).toMatchObject({ status: 'ok', db: 'up' });
  });

  it('publishes an OpenAPI document generated from every shared endpoint', async () => {
    const r = await call('GET', '/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body.openapi).toMatch(/^3\./);
    const ops = Object.values(r.body.paths as Record<string, Record<string, { operationId: string }>>).flatMap((p) => Object.values(p).map((o) => o.operationId));
    expect(ops.sort()).toEqual(allEndpoints.map((e) => e.id).sort());
    expect(r.body.paths['/api/memberships'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('buildingId');
  });

  describe('tokens', () => {
    const secret = new TextEncoder().encode('integration-test-secret-0123456789abcdef');
    let userId: string;
    beforeAll(async () => {
      userId = (await signIn('demo-resident-1')).user.id;
    });

    it('accepts a valid token', async () => {
      expect((await call('GET', '/api/me', { token: resident })).status).toBe(200);
    });
    it('refuses a missing token', async () => {
      const r = await call('GET', '/api/me');
      expect(r.status).toBe(401);
      expectErrorShape(r.body, 'UNAUTHENTICATED');
    });
    it('refuses alg none', async () => {
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: userId, iss: 'linli', exp: Math.floor(Date.now() / 1000) + 600 })}.`;
      expect((await call('GET', '/api/me', { token: none })).status).toBe(401);
    });
    it('refuses a tampered token', async () => {
      const [h, p, s] = resident.split('.');
      const payload = JSON.parse(Buffer.from(p!, 'base64url').toString());
      payload.sub = '0'.repeat(24);
      const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
      expect((await call('GET', '/api/me', { token: tampered })).status).toBe(401);
    });
    it('refuses an expired token', async () => {
      const expired = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(userId)
        .setIssuer('linli')
        .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(secret);
      const r = await call('GET', '/api/me', { token: expired });
      expect(r.status).toBe(401);
    });
    it('refuses a token signed with another secret', async () => {
      const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setIssuer('linli').setExpirationTime('1h').sign(new TextEncoder().encode('another-secret-another-secret-xx'));
      expect((await call('GET', '/api/me', { token: forged })).status).toBe(401);
    });
  });

  it('never leaks a stack trace or file path', async () => {
    const bodies = await Promise.all([
      call('POST', '/api/auth/wechat', { rawBody: '{' }),
      call('GET', '/api/residents/123/events', { token: resident }),
      call('POST', '/api/memberships', { token: resident, body: { communityId: 'x' } }),
    ]);
    for (const b of bodies) expect(b.raw).not.toMatch(/at .+\.(ts|js):\d+|\/work\/|node_modules|Error:/);
  });
});
