import { Types } from 'mongoose';
import { call } from './helpers/api';
import { seededWorld } from './helpers/seeded';
import { RequestModel } from '../src/requests/request.model';
import { MessageModel } from '../src/messages/message.model';
import { PhotoModel } from '../src/uploads/photo.model';
import { RewardModel } from '../src/mall/mall.model';

// Side doors (issue 14): each finding reproduced as it was found, against the real handlers and database.
// Findings 1–3 here; limits and write keys in side-doors.limits.test.ts, text hygiene in side-doors.text.test.ts,
// the ones that came through the local HTTP stack (ledger keys, CORS) in e2e/side-doors.e2e.ts.

const jpeg = () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7), Buffer.from([0xff, 0xd9])]);

describe('side doors', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};

  beforeAll(async () => {
    world = await seededWorld();
    for (const who of ['demo-resident-1', 'demo-resident-2', 'demo-resident-3', 'demo-grid-1', 'demo-staff-1', 'demo-merchant-1', 'demo-admin-1'])
      t[who] = await world.token(who);
  });

  async function upload(token: string, purpose: 'request' | 'reward' | 'consultation' = 'request') {
    const p = await call('POST', '/api/uploads/photos', { token, body: { purpose, contentType: 'image/jpeg', size: 300 } });
    expect(p.status).toBe(201);
    const form = new FormData();
    for (const [k, v] of Object.entries(p.body.fields as Record<string, string>)) form.append(k, v);
    form.append('file', new Blob([new Uint8Array(jpeg())], { type: 'image/jpeg' }), 'p.jpg');
    expect((await fetch(p.body.url, { method: 'POST', body: form })).status).toBeLessThan(300);
    return p.body.key as string;
  }

  describe('finding 1: a private request reaches other residents through similar and me-too', () => {
    let requestId: string;
    beforeAll(async () => {
      // Staff file for 王奶奶 (代办, with her phone) in 1号楼.
      const r = await call('POST', '/api/requests', {
        token: t['demo-staff-1'],
        body: { category: 'elderly', description: '王奶奶独居，腿脚不便，需要上门送药', onBehalfOf: { name: '王奶奶', buildingId: world.building('1号楼'), unit: '2', room: '201', phone: '13912345678' } },
      });
      expect(r.status).toBe(201);
      requestId = r.body.id;
    });

    it('similar tells resident 3 (another building and grid) that a request exists, never its words, names or household', async () => {
      const s = await call('GET', '/api/requests/similar', { token: t['demo-resident-3'], query: { category: 'elderly', buildingId: world.building('1号楼') } });
      expect(s.status).toBe(200);
      const item = s.body.items.find((i: any) => i.id === requestId);
      expect(item).toEqual({ id: requestId, category: 'elderly', buildingId: world.building('1号楼'), createdAt: expect.any(String), status: 'submitted', meTooCount: 0, joinable: false });
      expect(s.raw).not.toMatch(/王奶奶|送药|13912345678|单元/);
    });

    it('me-too on it is 404, and it stays unreadable: no text, no 代办 note, no later replies, no notices', async () => {
      const m = await call('POST', `/api/requests/${requestId}/me-too`, { token: t['demo-resident-3'] });
      expect(m.status).toBe(404);
      expect(m.body.error.code).toBe('NOT_FOUND');
      const g = await call('GET', `/api/requests/${requestId}`, { token: t['demo-resident-3'] });
      expect(g.status).toBe(404);
      expect(g.raw).not.toMatch(/王奶奶|13912345678/);
      await call('POST', `/api/requests/${requestId}/actions`, { token: t['demo-staff-1'], body: { action: 'accept' } });
      await call('POST', `/api/requests/${requestId}/actions`, { token: t['demo-staff-1'], body: { action: 'reply', body: '已联系王奶奶女儿，明早送药' } });
      expect((await call('GET', `/api/requests/${requestId}`, { token: t['demo-resident-3'] })).status).toBe(404);
      const user3 = await call('GET', '/api/me', { token: t['demo-resident-3'] });
      const messages = await MessageModel.find({ userId: new Types.ObjectId(user3.body.user.id), requestId: new Types.ObjectId(requestId) }).lean();
      expect(messages).toEqual([]);
      const stored = await RequestModel.findById(requestId).lean();
      expect(stored!.followers.map(String)).not.toContain(user3.body.user.id);
    });

    it('the 代办 phone is kept where only handlers see it, and in no timeline note', async () => {
      const staffView = await call('GET', `/api/requests/${requestId}`, { token: t['demo-staff-1'] });
      expect(staffView.body.contact).toEqual({ name: '王奶奶', phone: '13912345678' });
      expect(JSON.stringify(staffView.body.timeline)).not.toMatch(/13912345678/);
      const stored = await RequestModel.findById(requestId).lean();
      expect(JSON.stringify(stored!.timeline)).not.toMatch(/13912345678/);
      expect(stored!.timeline[0]!.note).toBe('代居民提交');
    });

    it('once staff make it public, others see its words and public notes only: no names, phone, household or notes to the filer', async () => {
      await call('POST', `/api/requests/${requestId}/actions`, { token: t['demo-staff-1'], body: { action: 'reply', body: '社区志愿者每周两次上门', audience: 'public' } });
      await call('POST', `/api/requests/${requestId}/actions`, { token: t['demo-staff-1'], body: { action: 'reply', body: '王奶奶女儿电话已登记', audience: 'internal' } });
      await call('POST', `/api/requests/${requestId}/visibility`, { token: t['demo-staff-1'], body: { public: true } });
      const v = await call('GET', `/api/requests/${requestId}`, { token: t['demo-resident-3'] });
      expect(v.status).toBe(200);
      expect(v.body.description).toBe('王奶奶独居，腿脚不便，需要上门送药'); // staff made it public, words included
      expect(v.body).not.toHaveProperty('filerName');
      expect(v.body).not.toHaveProperty('household');
      expect(v.body).not.toHaveProperty('contact');
      expect(v.body).not.toHaveProperty('assigneeName');
      const notes = v.body.timeline.map((e: any) => e.note).filter(Boolean);
      expect(notes).toEqual(['社区志愿者每周两次上门']);
      expect(v.raw).not.toMatch(/13912345678|女儿/);
      // me-too is possible now, and following gives nothing more than any resident sees.
      expect((await call('POST', `/api/requests/${requestId}/me-too`, { token: t['demo-resident-3'] })).status).toBe(200);
      const after = await call('GET', `/api/requests/${requestId}`, { token: t['demo-resident-3'] });
      expect(after.body.timeline.map((e: any) => e.note).filter(Boolean)).toEqual(['社区志愿者每周两次上门']);
      // Made private again: the follower loses it, and its notices.
      await call('POST', `/api/requests/${requestId}/visibility`, { token: t['demo-staff-1'], body: { public: false } });
      expect((await call('GET', `/api/requests/${requestId}`, { token: t['demo-resident-3'] })).status).toBe(404);
      await call('POST', `/api/requests/${requestId}/actions`, { token: t['demo-staff-1'], body: { action: 'resolve', note: '已安排定期送药' } });
      const user3 = await call('GET', '/api/me', { token: t['demo-resident-3'] });
      const resolvedNotices = await MessageModel.find({ userId: new Types.ObjectId(user3.body.user.id), requestId: new Types.ObjectId(requestId), kind: 'resolved' }).lean();
      expect(resolvedNotices).toEqual([]);
    });

    it('the H5 card data: similar for the filer’s own request carries its words (they may see it)', async () => {
      const own = (await call('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'parking', description: '楼下消防通道总被占用' } })).body;
      const s = await call('GET', '/api/requests/similar', { token: t['demo-resident-1'], query: { category: 'parking' } });
      expect(s.body.items.find((i: any) => i.id === own.id)).toMatchObject({ excerpt: '楼下消防通道总被占用', joinable: true });
    });

    it('the CSV export gives street staff the words of street-level requests only; staff all of them', async () => {
      const street = await world.token('demo-street-1');
      const csvOf = async (token: string) => (await call('GET', '/api/stats/requests/export.csv', { token, community: world.demoId, query: { category: 'elderly' } })).raw;
      expect(await csvOf(street)).not.toContain('王奶奶独居');
      expect(await csvOf(street)).toContain('（不公开）');
      expect(await csvOf(t['demo-staff-1']!)).toContain('王奶奶独居');
      await call('POST', '/api/requests', { token: t['demo-resident-2'], body: { category: 'elderly', description: '街道层级的养老诉求说明' } });
      const escalated = (await call('GET', '/api/requests', { token: t['demo-staff-1'], query: { scope: 'community', category: 'elderly', limit: '100' } })).body.items.find((i: any) => i.description === '街道层级的养老诉求说明');
      await call('POST', `/api/requests/${escalated.id}/actions`, { token: t['demo-staff-1'], body: { action: 'escalate', reason: '需要街道协调' } });
      await call('POST', `/api/requests/${escalated.id}/actions`, { token: t['demo-staff-1'], body: { action: 'escalate', reason: '需要街道协调养老资源' } });
      expect(await csvOf(street)).toContain('街道层级的养老诉求说明');
    });

    it('upgrade step: old 代办 notes are redacted into the handler-only contact, me-too followers of private requests are dropped', async () => {
      const user2 = await call('GET', '/api/me', { token: t['demo-resident-2'] });
      const old = (await call('POST', '/api/requests', { token: t['demo-grid-1'], body: { category: 'elderly', description: '老人需要助餐服务登记', onBehalfOf: { name: '李爷爷', buildingId: world.building('2号楼'), unit: '1', room: '101' } } })).body;
      // As an earlier release stored it: the note named the resident and the phone; me-too made a neighbour a follower.
      await RequestModel.updateOne(
        { _id: old.id },
        { $set: { 'timeline.0.note': '代居民 李爷爷 提交（联系电话 13700001111）', followers: [new Types.ObjectId(user2.body.user.id)] }, $unset: { contactPhone: 1 } },
      );
      await MessageModel.create({ communityId: new Types.ObjectId(world.demoId), userId: new Types.ObjectId(user2.body.user.id), sourceId: new Types.ObjectId(), kind: 'accepted', title: '您的诉求已受理', body: '【养老助残】老人需要助餐服务登记', requestId: new Types.ObjectId(old.id), read: false, createdAt: new Date() });
      // Loaded here, not at the top: the file also runs against releases without the step (it then fails alone).
      const { upgradePrivacy } = await import('../src/requests/upgrade');
      const r1 = await upgradePrivacy();
      expect(r1.redacted).toBeGreaterThanOrEqual(1);
      expect(r1.unfollowed).toBeGreaterThanOrEqual(1);
      const after = await RequestModel.findById(old.id).lean();
      expect(after!.timeline[0]!.note).toBe('代居民提交');
      expect(after!.contactPhone).toBe('13700001111');
      expect(after!.followers).toEqual([]);
      expect(await MessageModel.countDocuments({ requestId: new Types.ObjectId(old.id), userId: new Types.ObjectId(user2.body.user.id) })).toBe(0);
      const staffView = await call('GET', `/api/requests/${old.id}`, { token: t['demo-staff-1'] });
      expect(staffView.body.contact).toEqual({ name: '李爷爷', phone: '13700001111' });
      // Idempotent: a second run changes nothing.
      const r2 = await upgradePrivacy();
      expect(r2).toMatchObject({ redacted: 0, unfollowed: 0, skipped: 0 });
    });
  });

  describe('finding 2: storage keys are trusted from the client', () => {
    it('a reward refuses a key the server never issued (a path), another person’s key, a key for another purpose', async () => {
      for (const photoKey of ['../../etc/passwd', 'requests/x/y/z.jpg']) {
        const r = await call('POST', '/api/rewards', { token: t['demo-merchant-1'], body: { name: '免费理发', cost: 10, stock: 5, photoKey } });
        expect(r.status).toBe(400);
        expect(r.body.error.details[0].path).toBe('photoKey');
      }
      const residentsKey = await upload(t['demo-resident-1']!);
      const foreign = await call('POST', '/api/rewards', { token: t['demo-merchant-1'], body: { name: '免费理发', cost: 10, stock: 5, photoKey: residentsKey } });
      expect(foreign.status).toBe(400);
      // The merchant's own upload, but made for a request: not for a reward.
      const staffRequestKey = await upload(t['demo-staff-1']!, 'request');
      const wrongPurpose = await call('POST', '/api/rewards', { token: t['demo-staff-1'], body: { name: '洗衣液', cost: 10, stock: 5, photoKey: staffRequestKey } });
      expect(wrongPurpose.status).toBe(400);
      expect(await RewardModel.countDocuments({ name: { $in: ['免费理发', '洗衣液'] } })).toBe(0);
    });

    it('a reward photo from the merchant’s own upload is shown to others only after the media check', async () => {
      const key = await upload(t['demo-merchant-1']!, 'reward');
      globalThis.wechatEmulator.holdPushes();
      const r = await call('POST', '/api/rewards', { token: t['demo-merchant-1'], body: { name: '免费修鞋一次', cost: 20, stock: 3, photoKey: key } });
      expect(r.status).toBe(201);
      expect(r.body.photoUrl).toEqual(expect.stringContaining('X-Amz-Signature')); // the uploader sees it
      const list = async (who: string) => (await call('GET', '/api/rewards', { token: t[who] })).body.items.find((i: any) => i.id === r.body.id);
      expect((await list('demo-resident-1')).photoUrl).toBeUndefined();
      expect((await list('demo-staff-1')).photoUrl).toEqual(expect.any(String));
      globalThis.wechatEmulator.releasePushes();
      await globalThis.wechatEmulator.settled();
      expect((await list('demo-resident-1')).photoUrl).toEqual(expect.any(String));
      // A key is attached once: a second reward cannot reuse it.
      expect((await call('POST', '/api/rewards', { token: t['demo-merchant-1'], body: { name: '再来一次', cost: 20, stock: 3, photoKey: key } })).status).toBe(400);
    });

    it('merchants may upload only for rewards; residents not for rewards', async () => {
      expect((await call('POST', '/api/uploads/photos', { token: t['demo-merchant-1'], body: { purpose: 'request', contentType: 'image/jpeg', size: 10 } })).status).toBe(403);
      expect((await call('POST', '/api/uploads/photos', { token: t['demo-resident-1'], body: { purpose: 'reward', contentType: 'image/jpeg', size: 10 } })).status).toBe(403);
      expect((await call('POST', '/api/uploads/photos', { token: t['demo-resident-1'], body: { purpose: 'consultation', contentType: 'image/jpeg', size: 10 } })).status).toBe(403);
    });

    it('request views give raw keys to the uploader only, and pending photos only to the uploader and handlers', async () => {
      const key = await upload(t['demo-resident-1']!);
      globalThis.wechatEmulator.holdPushes();
      const r = await call('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'facility', description: '楼道灯坏了，附照片说明', photoKeys: [key] } });
      expect(r.status).toBe(201);
      expect(r.body.photoKeys).toEqual([key]);
      await call('POST', `/api/requests/${r.body.id}/visibility`, { token: t['demo-staff-1'], body: { public: true } });
      const staff = await call('GET', `/api/requests/${r.body.id}`, { token: t['demo-staff-1'] });
      expect(staff.body.photos).toHaveLength(1); // held, but staff must see it to approve it
      expect(staff.body.photos[0].approved).toBe(false);
      expect(staff.body.photoKeys).toEqual([]);
      expect(staff.body.photos[0].key).not.toBe(key);
      // The object's name (in its read link too) names no person: not the uploader, whose id keys used to carry.
      const me = await call('GET', '/api/me', { token: t['demo-resident-1'] });
      expect(key).not.toContain(me.body.user.id);
      const neighbour = await call('GET', `/api/requests/${r.body.id}`, { token: t['demo-resident-2'] });
      expect(neighbour.body.photos).toEqual([]);
      expect(neighbour.body.photoKeys).toEqual([]);
      // Staff approve the held photo by the id the view gave them.
      const ok = await call('POST', `/api/requests/${r.body.id}/photos/approve`, { token: t['demo-staff-1'], body: { key: staff.body.photos[0].key } });
      expect(ok.status).toBe(200);
      expect((await PhotoModel.findOne({ key }).lean())!.status).toBe('approved');
      expect((await call('GET', `/api/requests/${r.body.id}`, { token: t['demo-resident-2'] })).body.photos).toHaveLength(1);
      globalThis.wechatEmulator.releasePushes();
      await globalThis.wechatEmulator.settled();
    });
  });

  describe('finding 3: Open311 without a key', () => {
    it('gives a public request’s place no finer than the building, only public notes, and no household', async () => {
      const r = (
        await call('POST', '/api/requests', {
          token: t['demo-resident-1'],
          body: { category: 'environment', description: '门口堆放的旧家具很久没人清', location: { address: '1号楼1单元101门口', lat: 31.234567, lng: 121.476543 } },
        })
      ).body;
      await call('POST', `/api/requests/${r.id}/actions`, { token: t['demo-staff-1'], body: { action: 'accept' } });
      await call('POST', `/api/requests/${r.id}/actions`, { token: t['demo-staff-1'], body: { action: 'reply', body: '已联系张阿姨家，周末前清走' } });
      await call('POST', `/api/requests/${r.id}/visibility`, { token: t['demo-staff-1'], body: { public: true } });
      const keyless = await call('GET', `/open311/v2/requests/${r.id}.json`, { query: { jurisdiction_id: 'demo' } });
      expect(keyless.status).toBe(200);
      expect(keyless.body[0]).toMatchObject({ address: '示范社区 1号楼', status_notes: null, lat: 31.235, long: 121.477 });
      expect(keyless.raw).not.toMatch(/101门口|张阿姨|单元/);
      // A note written as public is what the public reads.
      await call('POST', `/api/requests/${r.id}/actions`, { token: t['demo-staff-1'], body: { action: 'reply', body: '清运已预约', audience: 'public' } });
      expect((await call('GET', `/open311/v2/requests/${r.id}.json`, { query: { jurisdiction_id: 'demo' } })).body[0].status_notes).toBe('清运已预约');
      // The 12345 platform with the key gets the address and notes to the filer; still no names of residents it does not need.
      const partner = await call('GET', `/open311/v2/requests/${r.id}.json`, { query: { jurisdiction_id: 'demo', api_key: 'demo-open311-key' } });
      expect(partner.body[0]).toMatchObject({ address: '1号楼1单元101门口', lat: 31.234567, long: 121.476543 });
      expect(partner.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
