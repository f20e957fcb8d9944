import { PhotoModel } from '../src/uploads/photo.model';
import { resetConfig } from '../src/lib/config';
import { call } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// Photos go to S3-compatible storage (MinIO here) by presigned POST; WeChat's media check (the emulator)
// pushes its verdict to our message-push endpoint; other residents see a photo only after a pass or staff approval.
describe('request photos', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  beforeAll(async () => {
    world = await seededWorld();
    for (const id of ['demo-resident-1', 'demo-resident-2', 'demo-staff-1', 'demo-grid-1']) t[id] = await world.token(id);
  });

  async function upload(token: string, bytes: Buffer, contentType = 'image/jpeg', declaredSize = bytes.length) {
    const p = await call('POST', '/api/uploads/photos', { token, body: { purpose: 'request', contentType, size: declaredSize } });
    expect(p.status).toBe(201);
    const form = new FormData();
    for (const [k, v] of Object.entries(p.body.fields as Record<string, string>)) form.append(k, v);
    form.append('file', new Blob([new Uint8Array(bytes)], { type: contentType }), 'photo.jpg');
    const res = await fetch(p.body.url, { method: 'POST', body: form });
    return { key: p.body.key as string, status: res.status, text: await res.text(), post: p.body };
  }
  const jpeg = (marker = '') => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`linli test image ${marker}`), Buffer.alloc(2048, 7)]);

  it('storage enforces the policy: at most 5 MB, the declared type, the signed key', async () => {
    const ok = await upload(t['demo-resident-1']!, jpeg());
    expect(ok.status).toBe(204);
    // A client that declares a small file and sends a big one is stopped by storage, not by our word.
    const big = await upload(t['demo-resident-1']!, Buffer.alloc(5 * 1024 * 1024 + 10, 1), 'image/jpeg', 1000);
    expect(big.status).toBe(400);
    expect(big.text).toContain('EntityTooLarge');
    // Another content type than the signed one is refused by storage itself.
    const p = await call('POST', '/api/uploads/photos', { token: t['demo-resident-1'], body: { purpose: 'request', contentType: 'image/png', size: 100 } });
    const form = new FormData();
    for (const [k, v] of Object.entries(p.body.fields as Record<string, string>)) form.append(k, k === 'Content-Type' ? 'text/html' : v);
    form.append('file', new Blob([new Uint8Array(Buffer.from('<script>'))]), 'x.html');
    expect((await fetch(p.body.url, { method: 'POST', body: form })).status).toBe(403);
    expect((await call('POST', '/api/uploads/photos', { token: t['demo-resident-1'], body: { purpose: 'request', contentType: 'application/pdf', size: 100 } })).status).toBe(400);
  });

  it('shows a resident’s photo to others only after WeChat passes it', async () => {
    const { key } = await upload(t['demo-resident-1']!, jpeg());
    globalThis.wechatEmulator.holdPushes(); // WeChat has not answered yet
    const r = await call('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'facility', description: '单元门禁坏了，附照片', photoKeys: [key] } });
    expect(r.status).toBe(201);
    expect(r.body.photos).toEqual([{ key, url: expect.stringContaining('X-Amz-Signature'), approved: false }]); // the filer sees it at once
    await call('POST', `/api/requests/${r.body.id}/visibility`, { token: t['demo-staff-1'], body: { public: true } });
    expect((await call('GET', `/api/requests/${r.body.id}`, { token: t['demo-resident-2'] })).body.photos).toEqual([]); // others do not, yet
    globalThis.wechatEmulator.releasePushes();
    await globalThis.wechatEmulator.settled();
    expect((await PhotoModel.findOne({ key }).lean())!.status).toBe('pass');
    const other = await call('GET', `/api/requests/${r.body.id}`, { token: t['demo-resident-2'] });
    // Another resident gets the photo's id, never the storage key (which names the uploader).
    const photoId = String((await PhotoModel.findOne({ key }).lean())!._id);
    expect(other.body.photos).toEqual([{ key: photoId, url: expect.any(String), approved: true }]);
    expect(other.body.photoKeys).toEqual([]);
    const img = await fetch(other.body.photos[0].url);
    expect(img.status).toBe(200);
    expect(Buffer.from(await img.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });

  it('hides a risky photo from other residents until staff approve it', async () => {
    const { key } = await upload(t['demo-resident-1']!, jpeg('RISKY'));
    const r = await call('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'facility', description: '可疑照片的诉求测试', photoKeys: [key] } });
    await call('POST', `/api/requests/${r.body.id}/visibility`, { token: t['demo-staff-1'], body: { public: true } });
    await globalThis.wechatEmulator.settled();
    expect((await PhotoModel.findOne({ key }).lean())!.status).toBe('risky');
    expect((await call('GET', `/api/requests/${r.body.id}`, { token: t['demo-resident-2'] })).body.photos).toEqual([]);
    expect((await call('GET', `/api/requests/${r.body.id}`, { token: t['demo-staff-1'] })).body.photos).toHaveLength(1);
    expect((await call('POST', `/api/requests/${r.body.id}/photos/approve`, { token: t['demo-resident-1'], body: { key } })).status).toBe(403);
    await call('POST', `/api/requests/${r.body.id}/photos/approve`, { token: t['demo-staff-1'], body: { key } });
    expect((await call('GET', `/api/requests/${r.body.id}`, { token: t['demo-resident-2'] })).body.photos).toHaveLength(1);
  });

  it('refuses photos that were not uploaded or belong to someone else', async () => {
    const presigned = await call('POST', '/api/uploads/photos', { token: t['demo-resident-1'], body: { purpose: 'request', contentType: 'image/jpeg', size: 10 } });
    const notUploaded = await call('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'facility', description: '照片没有传上去的诉求', photoKeys: [presigned.body.key] } });
    expect(notUploaded.status).toBe(400);
    expect(notUploaded.body.error.details[0].path).toBe('photoKeys.0');
    const { key } = await upload(t['demo-resident-2']!, jpeg());
    const stolen = await call('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'facility', description: '用别人照片的诉求', photoKeys: [key] } });
    expect(stolen.status).toBe(400);
  });

  it('shows staff photos of a resolution on the timeline', async () => {
    const r = await call('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'facility', description: '楼道扶手松动需要加固' } });
    await call('POST', `/api/requests/${r.body.id}/actions`, { token: t['demo-grid-1'], body: { action: 'accept' } });
    const { key } = await upload(t['demo-grid-1']!, jpeg());
    const done = await call('POST', `/api/requests/${r.body.id}/actions`, { token: t['demo-grid-1'], body: { action: 'resolve', note: '已加固', photoKeys: [key] } });
    expect(done.status).toBe(200);
    expect(done.body.timeline.at(-1).photos).toEqual([{ key, url: expect.any(String) }]);
  });

  it('refuses pushes without a valid signature', async () => {
    const r = await call('POST', '/wechat/push', { rawBody: JSON.stringify({ Event: 'wxa_media_check', trace_id: 'x', result: { suggest: 'pass' } }), query: { signature: 'bad', timestamp: '1', nonce: '2' } });
    expect(r.status).toBe(401);
  });

  it('sends one subscribe message per granted permission, and the in-app message always', async () => {
    process.env.WECHAT_TEMPLATE_ACCEPTED = 'tmpl-accepted-001';
    resetConfig();
    try {
      const r = await call('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'elderly', description: '家中老人需要助餐服务' } });
      const g = await call('POST', '/api/subscriptions', { token: t['demo-resident-1'], body: { grants: [{ template: 'accepted', requestId: r.body.id }] } });
      expect(g.body).toEqual({ granted: 1 });
      const before = globalThis.wechatEmulator.calls.filter((c) => c.api === 'cgi-bin/message/subscribe/send').length;
      await call('POST', `/api/requests/${r.body.id}/actions`, { token: t['demo-grid-1'], body: { action: 'accept' } });
      const sends = globalThis.wechatEmulator.calls.filter((c) => c.api === 'cgi-bin/message/subscribe/send').slice(before);
      expect(sends).toHaveLength(1);
      expect(sends[0]!.body).toMatchObject({ touser: 'demo-resident-1', template_id: 'tmpl-accepted-001', page: `requests/pages/detail/index?id=${r.body.id}` });
      const templates = await call('GET', '/api/subscriptions/templates', { token: t['demo-resident-1'] });
      expect(templates.body.accepted).toBe('tmpl-accepted-001');
    } finally {
      delete process.env.WECHAT_TEMPLATE_ACCEPTED;
      resetConfig();
    }
  });
});
