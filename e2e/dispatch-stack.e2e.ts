// 吹哨报到 through the whole local HTTP stack (serverless-offline in front of the real handlers, as `npm start` runs
// it), where the gateway matters: the unit side's routes with no X-Community-Id, a retried unit move under one
// Idempotency-Key (serverless-offline repeats one requestContext.requestId for every call: nothing may key on it),
// and the races the in-process tests run (functions/test/dispatch.test.ts), here through real HTTP. Plain fetch, no
// browser.

// A module of its own (its helpers' names are side-doors.e2e.ts's too).
export {};

const api = process.env.E2E_API_BASE!;

async function apiCall(method: string, path: string, opts: { token?: string; body?: unknown; community?: string; idempotencyKey?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.community) headers['x-community-id'] = opts.community;
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  const res = await fetch(`${api}${path}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function signIn(code: string): Promise<string> {
  const r = await apiCall('POST', '/api/auth/wechat', { body: { code } });
  expect(r.status).toBe(200);
  return r.body.token as string;
}

describe('吹哨报到 through the local stack', () => {
  const t: Record<string, string> = {};
  let units: Record<string, string> = {};
  beforeAll(async () => {
    for (const who of ['demo-resident-1', 'demo-staff-1', 'demo-admin-1', 'demo-unit-wuye-1', 'demo-unit-water-1']) t[who] = await signIn(who);
  }, 60_000);

  const file = async () => {
    const r = await apiCall('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'facility', description: '地下室水管漏水（链路测试）' } });
    expect(r.status).toBe(201);
    if (!Object.keys(units).length) {
      const o = await apiCall('GET', `/api/requests/${r.body.id}/dispatch-options`, { token: t['demo-staff-1'] });
      expect(o.status).toBe(200);
      units = Object.fromEntries(o.body.groups.flatMap((g: any) => g.units.map((u: any) => [u.name, u.id])));
    }
    return r.body.id as string;
  };
  const dispatch = (who: string, id: string, unit: string) => apiCall('POST', `/api/requests/${id}/actions`, { token: t[who], body: { action: 'dispatch', leadUnitId: units[unit] } });
  const unitAct = (who: string, id: string, body: unknown, idempotencyKey?: string) => apiCall('POST', `/api/unit/requests/${id}/actions`, { token: t[who], body, idempotencyKey });

  it('two staff dispatching at once: exactly one lands, the other is told which unit has it', async () => {
    const id = await file();
    const [a, b] = await Promise.all([dispatch('demo-staff-1', id, '阳光物业公司'), dispatch('demo-admin-1', id, '自来水公司')]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const won = a.status === 200 ? a : b;
    const lost = a.status === 200 ? b : a;
    expect(won.body.dispatches).toHaveLength(1);
    expect(lost.body.error.message).toBe(`该诉求已派发给${won.body.dispatches[0].unitName}办理`);
  });

  it('the unit side answers without X-Community-Id; a retried move under one key happens once', async () => {
    const id = await file();
    expect((await dispatch('demo-staff-1', id, '阳光物业公司')).status).toBe(200);
    const queue = await apiCall('GET', '/api/unit/requests', { token: t['demo-unit-wuye-1'] });
    expect(queue.status).toBe(200);
    expect(queue.body.items.some((i: any) => i.request.id === id)).toBe(true);
    expect((await apiCall('GET', `/api/unit/requests/${id}`, { token: t['demo-unit-water-1'] })).status).toBe(404);
    const key = `dispatch-stack-${id}`;
    const first = await unitAct('demo-unit-wuye-1', id, { action: 'reply', body: '师傅下午两点上门' }, key);
    const retry = await unitAct('demo-unit-wuye-1', id, { action: 'reply', body: '师傅下午两点上门' }, key);
    expect([first.status, retry.status]).toEqual([200, 200]);
    const replies = retry.body.request.timeline.filter((e: any) => e.type === 'reply' && e.note === '师傅下午两点上门');
    expect(replies).toHaveLength(1);
    // Another key is another reply.
    const other = await unitAct('demo-unit-wuye-1', id, { action: 'reply', body: '师傅下午两点上门' }, `${key}-2`);
    expect(other.body.request.timeline.filter((e: any) => e.type === 'reply' && e.note === '师傅下午两点上门')).toHaveLength(2);
  });

  it('a send-back racing the lead unit’s resolution: exactly one lands', async () => {
    const id = await file();
    expect((await dispatch('demo-staff-1', id, '阳光物业公司')).status).toBe(200);
    const [resolved, back] = await Promise.all([
      unitAct('demo-unit-wuye-1', id, { action: 'resolve', note: '已修复' }),
      unitAct('demo-unit-wuye-1', id, { action: 'send_back', reason: 'not_ours' }),
    ]);
    expect([resolved.status, back.status].sort()).toEqual([200, 409]);
    const view = await apiCall('GET', `/api/requests/${id}`, { token: t['demo-staff-1'] });
    expect(view.body.dispatches[0].status).toBe(resolved.status === 200 ? 'resolved' : 'sent_back');
    expect(view.body.status).toBe(resolved.status === 200 ? 'resolved' : 'in_progress');
  });
});
