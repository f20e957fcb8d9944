import { PhotoModel } from '../src/uploads/photo.model';
import { RequestModel } from '../src/requests/request.model';
import { photoExists } from '../src/lib/storage';
import { call } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// Voice notes: residents who would rather speak than type. The same upload records, random names, storage policy
// and WeChat media check as photos; the description becomes optional; only the filer and the handlers hear it.
describe('voice notes', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  beforeAll(async () => {
    world = await seededWorld();
    for (const id of ['demo-resident-1', 'demo-resident-2', 'demo-staff-1', 'demo-grid-1']) t[id] = await world.token(id);
  });

  // A tiny webm-looking payload: storage and our server never decode audio, they check type, size and owner.
  const audio = (marker = '', size = 4096) => Buffer.concat([Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), Buffer.from(`linli voice ${marker}`), Buffer.alloc(size, 3)]);

  async function upload(token: string, bytes: Buffer, contentType = 'audio/webm', declared: Partial<{ size: number; seconds: number }> = {}) {
    const p = await call('POST', '/api/uploads/voice', { token, body: { purpose: 'request', contentType, size: declared.size ?? bytes.length, seconds: declared.seconds ?? 12 } });
    if (p.status !== 201) return { key: '', status: p.status, text: JSON.stringify(p.body), post: p.body };
    const form = new FormData();
    for (const [k, v] of Object.entries(p.body.fields as Record<string, string>)) form.append(k, v);
    form.append('file', new Blob([new Uint8Array(bytes)], { type: contentType }), 'voice.webm');
    const res = await fetch(p.body.url, { method: 'POST', body: form });
    return { key: p.body.key as string, status: res.status, text: await res.text(), post: p.body };
  }

  it('accepts exactly mp3, aac and webm up to 1 MB and 60 s; storage enforces the size itself', async () => {
    for (const type of ['audio/mpeg', 'audio/aac', 'audio/webm']) expect((await upload(t['demo-resident-1']!, audio(), type)).status).toBe(204);
    for (const type of ['audio/wav', 'video/mp4', 'image/jpeg', 'text/html'])
      expect((await call('POST', '/api/uploads/voice', { token: t['demo-resident-1'], body: { purpose: 'request', contentType: type, size: 100, seconds: 5 } })).status).toBe(400);
    const tooLong = await call('POST', '/api/uploads/voice', { token: t['demo-resident-1'], body: { purpose: 'request', contentType: 'audio/webm', size: 100, seconds: 61 } });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(tooLong.body)).toContain('语音最长60秒');
    expect((await call('POST', '/api/uploads/voice', { token: t['demo-resident-1'], body: { purpose: 'request', contentType: 'audio/webm', size: 1024 * 1024 + 1, seconds: 5 } })).status).toBe(400);
    // A client that declares a small file and sends 1 MB and more is stopped by storage's signed policy.
    const big = await upload(t['demo-resident-1']!, Buffer.alloc(1024 * 1024 + 10, 1), 'audio/webm', { size: 1000 });
    expect(big.status).toBe(400);
    expect(big.text).toContain('EntityTooLarge');
    // Merchants upload rewards' photos, never voice notes.
    expect((await call('POST', '/api/uploads/voice', { token: await world.token('demo-merchant-1'), body: { purpose: 'request', contentType: 'audio/webm', size: 100, seconds: 5 } })).status).toBe(403);
  });

  it('files a request by voice alone; the filer and the handlers hear it, nobody else, even once public', async () => {
    const up = await upload(t['demo-resident-1']!, audio('FILE'), 'audio/webm', { seconds: 17 });
    expect(up.key).toMatch(/^voice\/[0-9a-f]{24}\/[0-9a-f]{32}\.webm$/);
    // Without words or voice: the same rule as before (at least 5 characters), now naming the voice alternative.
    const empty = await call('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'facility' } });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('或录一段语音');

    globalThis.wechatEmulator.holdPushes();
    const r = await call('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'facility', voiceKey: up.key } });
    expect(r.status).toBe(201);
    expect(r.body.description).toBe('');
    // The filer hears their own note at once, marked as not yet through the check.
    expect(r.body.voice).toEqual({ key: up.key, url: expect.stringContaining('X-Amz-Signature'), seconds: 17, contentType: 'audio/webm', approved: false });
    const check = globalThis.wechatEmulator.calls.filter((c) => c.api.includes('media_check_async')).pop();
    expect(check?.body).toMatchObject({ media_type: 1 }); // audio, not image
    expect((await PhotoModel.findOne({ key: up.key }).lean())!.status).toBe('pending');

    // The grid worker handling it hears it while it is held (handlers moderate), by photo id, not storage key.
    const grid = await call('GET', `/api/requests/${r.body.id}`, { token: t['demo-grid-1'] });
    const voiceId = String((await PhotoModel.findOne({ key: up.key }).lean())!._id);
    expect(grid.body.voice).toEqual({ key: voiceId, url: expect.any(String), seconds: 17, contentType: 'audio/webm', approved: false });
    const played = await fetch(grid.body.voice.url);
    expect(played.status).toBe(200);
    expect(Buffer.from(await played.arrayBuffer()).subarray(0, 4)).toEqual(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]));

    globalThis.wechatEmulator.releasePushes();
    await globalThis.wechatEmulator.settled();
    expect((await PhotoModel.findOne({ key: up.key }).lean())!.status).toBe('pass');
    expect((await call('GET', `/api/requests/${r.body.id}`, { token: t['demo-resident-1'] })).body.voice.approved).toBe(true);

    // Public now: a neighbour reads the request, but never hears the voice (a voice identifies a person).
    await call('POST', `/api/requests/${r.body.id}/visibility`, { token: t['demo-staff-1'], body: { public: true } });
    const other = await call('GET', `/api/requests/${r.body.id}`, { token: t['demo-resident-2'] });
    expect(other.status).toBe(200);
    expect(other.body.voice).toBeUndefined();
    expect(JSON.stringify(other.body)).not.toContain(up.key);
    expect(JSON.stringify(other.body)).not.toContain(voiceId);
    const list = await call('GET', '/api/requests', { token: t['demo-staff-1'], query: { scope: 'community' } });
    expect(list.status).toBe(200);
    expect(list.body.items.find((i: { id: string }) => i.id === r.body.id).voice).toMatchObject({ seconds: 17 });
  });

  it('replies by voice: the resident on their request, the handler back; held replies stay with filer and handlers', async () => {
    const r = await call('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'environment', description: '楼下垃圾桶满了没人清' } });
    const mine = await upload(t['demo-resident-1']!, audio('REPLY'), 'audio/mpeg', { seconds: 8 });
    // An empty reply is still refused; a voice-only reply is accepted.
    expect((await call('POST', `/api/requests/${r.body.id}/actions`, { token: t['demo-resident-1'], body: { action: 'reply' } })).status).toBe(400);
    const replied = await call('POST', `/api/requests/${r.body.id}/actions`, { token: t['demo-resident-1'], body: { action: 'reply', voiceKey: mine.key } });
    expect(replied.status).toBe(200);
    const entry = replied.body.timeline.find((e: { type: string }) => e.type === 'reply');
    expect(entry.voice).toMatchObject({ key: mine.key, seconds: 8, contentType: 'audio/mpeg' });
    // The same key on another request is refused: an upload serves one record.
    const second = await call('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'environment', description: '另一条诉求，借用语音' } });
    expect((await call('POST', `/api/requests/${second.body.id}/actions`, { token: t['demo-resident-1'], body: { action: 'reply', voiceKey: mine.key } })).status).toBe(400);
    // A photo's key is not a voice note.
    const photo = await call('POST', '/api/uploads/photos', { token: t['demo-resident-1'], body: { purpose: 'request', contentType: 'image/jpeg', size: 10 } });
    expect((await call('POST', `/api/requests/${r.body.id}/actions`, { token: t['demo-resident-1'], body: { action: 'reply', voiceKey: photo.body.key } })).status).toBe(400);

    const staffVoice = await upload(t['demo-staff-1']!, audio('STAFF'), 'audio/aac', { seconds: 5 });
    const back = await call('POST', `/api/requests/${r.body.id}/actions`, { token: t['demo-staff-1'], body: { action: 'reply', body: '已安排保洁', voiceKey: staffVoice.key, audience: 'public' } });
    expect(back.status).toBe(200);
    expect((await PhotoModel.findOne({ key: staffVoice.key }).lean())!.status).toBe('approved'); // staff need no round trip
    await call('POST', `/api/requests/${r.body.id}/visibility`, { token: t['demo-staff-1'], body: { public: true } });
    const filer = await call('GET', `/api/requests/${r.body.id}`, { token: t['demo-resident-1'] });
    expect(filer.body.timeline.filter((e: { voice?: unknown }) => e.voice)).toHaveLength(2);
    // A neighbour reads the public note's words, without the voice.
    const other = await call('GET', `/api/requests/${r.body.id}`, { token: t['demo-resident-2'] });
    const seen = other.body.timeline.filter((e: { type: string }) => e.type === 'reply');
    expect(seen.map((e: { note?: string }) => e.note)).toContain('已安排保洁');
    expect(seen.every((e: { voice?: unknown }) => e.voice === undefined)).toBe(true);
  });

  it('erases a person’s voice notes with their account (a voice identifies them); the request stays, anonymised', async () => {
    const token = await world.token('demo-resident-3');
    const up = await upload(token, audio('ERASE'), 'audio/webm', { seconds: 6 });
    const r = await call('POST', '/api/requests', { token, body: { category: 'facility', voiceKey: up.key } });
    expect(r.status).toBe(201);
    expect((await call('GET', `/api/requests/${r.body.id}`, { token: t['demo-staff-1'] })).body.voice).toMatchObject({ seconds: 6 });
    expect((await call('DELETE', '/api/me', { token })).status).toBe(200);
    const after = await call('GET', `/api/requests/${r.body.id}`, { token: t['demo-staff-1'] });
    expect(after.status).toBe(200);
    expect(after.body.voice).toBeUndefined();
    expect(await PhotoModel.countDocuments({ key: up.key })).toBe(0);
    expect(await photoExists(up.key)).toBe(false);
  });

  it('refuses someone else’s voice key and a key never uploaded', async () => {
    const theirs = await upload(t['demo-resident-2']!, audio('THEIRS'));
    const stolen = await call('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'facility', voiceKey: theirs.key } });
    expect(stolen.status).toBe(400);
    expect(JSON.stringify(stolen.body)).toContain('voiceKey');
    const presigned = await call('POST', '/api/uploads/voice', { token: t['demo-resident-1'], body: { purpose: 'request', contentType: 'audio/webm', size: 100, seconds: 3 } });
    expect((await call('POST', '/api/requests', { token: t['demo-resident-1'], body: { category: 'facility', voiceKey: presigned.body.key } })).status).toBe(400);
    expect(await RequestModel.countDocuments({ voiceKey: { $in: [theirs.key, presigned.body.key] } })).toBe(0);
  });
});
