import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Types } from 'mongoose';
import { addCalendarHours, BUILT_IN_HOLIDAY_CALENDARS, deadlineFor, DEFAULT_REQUEST_TYPE_DEADLINES, expectedCalendarYears, type RequestType } from '@linli/shared';
import { RequestModel } from '../src/requests/request.model';
import { HolidayCalendarModel } from '../src/system/holidays.model';
import { forgetHolidayCalendars, holidayCalendars } from '../src/system/holidays';
import { holidaysCommand } from '../src/system/holidays.cli';
import { upgradeWorkdays } from '../src/system/workdays.upgrade';
import { call } from './helpers/api';
import { seededWorld } from './helpers/seeded';

const HOUR = 3_600_000;

describe('working-day deadlines and request types', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  const t: Record<string, string> = {};
  beforeAll(async () => {
    world = await seededWorld();
    for (const id of ['demo-resident-1', 'demo-resident-2', 'demo-grid-1', 'demo-staff-1', 'demo-admin-1']) t[id] = await world.token(id);
  });
  const file = (body: Record<string, unknown> = {}, token = t['demo-resident-1']!) =>
    call('POST', '/api/requests', { token, body: { category: 'facility', description: '楼道灯坏了，晚上很黑', ...body } });
  const act = (token: string, id: string, body: Record<string, unknown>) => call('POST', `/api/requests/${id}/actions`, { token, body });

  it('seeds the 2026 calendar of the State Council notice', async () => {
    const doc = await HolidayCalendarModel.findOne({ year: 2026 }).lean();
    expect(doc).toMatchObject({ year: 2026, workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'] });
    expect(doc!.holidays).toHaveLength(33);
    expect(doc!.source).toMatch(/gov\.cn.*2026年部分节假日安排/);
  });

  it('files each type with its working-day deadlines from the submission; a missing type is 求助', async () => {
    const days: Record<RequestType, number> = { consult: 2, help: 7, complaint: 15, suggestion: 15 };
    for (const type of ['consult', 'help', 'complaint', 'suggestion'] as const) {
      const r = await file({ type });
      expect(r.status).toBe(201);
      expect(r.body.type).toBe(type);
      const from = new Date(r.body.createdAt);
      const want = deadlineFor({ type, level: 'grid', urgency: 'normal', from, calendars: BUILT_IN_HOLIDAY_CALENDARS });
      expect(DEFAULT_REQUEST_TYPE_DEADLINES[type].resolve.grid.value).toBe(days[type]);
      expect(r.body.resolveBy).toBe(want.resolveBy.toISOString());
      expect(r.body.respondBy).toBe(want.respondBy.toISOString());
      // Deadlines end at 24:00 Beijing time (16:00 UTC).
      expect(r.body.resolveBy).toMatch(/T16:00:00\.000Z$/);
    }
    const plain = await file();
    expect(plain.body.type).toBe('help');
    expect((await RequestModel.findById(plain.body.id).lean())!.type).toBe('help');
  });

  it('keeps urgent requests in hours', async () => {
    const r = await file({ type: 'complaint', urgency: 'urgent' });
    const from = new Date(r.body.createdAt);
    // (createdAt is stamped a few ms after the filing's clock.)
    expect(Math.abs(Date.parse(r.body.respondBy) - addCalendarHours(from, 12).getTime())).toBeLessThan(1000);
    expect(Math.abs(Date.parse(r.body.resolveBy) - addCalendarHours(from, 36).getTime())).toBeLessThan(1000);
  });

  it('refuses an unknown type', async () => {
    expect((await file({ type: 'praise' })).status).toBe(400);
  });

  it('lets handlers change the type (改类型): deadlines recomputed from the submission, a timeline entry the resident reads', async () => {
    const r = (await file({ type: 'consult' })).body;
    expect(r.actions).not.toContain('set_type');
    const staffView = await call('GET', `/api/requests/${r.id}`, { token: t['demo-staff-1'] });
    expect(staffView.body.actions).toContain('set_type');
    expect((await act(t['demo-resident-1']!, r.id, { action: 'set_type', type: 'complaint' })).status).toBe(403);
    expect((await act(t['demo-staff-1']!, r.id, { action: 'set_type', type: 'consult' })).status).toBe(400);
    // Later than the submission: the deadline still counts from the submission.
    const changed = await act(t['demo-grid-1']!, r.id, { action: 'set_type', type: 'complaint', note: '涉及物业服务质量' });
    expect(changed.status).toBe(200);
    expect(changed.body.type).toBe('complaint');
    const want = deadlineFor({ type: 'complaint', level: 'grid', urgency: 'normal', from: new Date(r.createdAt), calendars: BUILT_IN_HOLIDAY_CALENDARS });
    expect(changed.body.resolveBy).toBe(want.resolveBy.toISOString());
    // Not escalated: the grid's own deadlines are the request's.
    expect((await RequestModel.findById(r.id).lean())!.levelResolveBy!.toISOString()).toBe(want.resolveBy.toISOString());
    const mine = await call('GET', `/api/requests/${r.id}`, { token: t['demo-resident-1'] });
    const entry = mine.body.timeline.at(-1);
    expect(entry).toMatchObject({ type: 'type_changed' });
    expect(entry.note).toContain('诉求类型由“咨询”改为“投诉”');
    expect(entry.note).toContain('涉及物业服务质量');
    // A working-day deadline ends at 24:00 of its day, and says so.
    expect(entry.note).toMatch(/办理时限调整为 \d{4}-\d{2}-\d{2} 24:00/);
    // Finished requests keep their type.
    await act(t['demo-staff-1']!, r.id, { action: 'accept' });
    await act(t['demo-staff-1']!, r.id, { action: 'resolve', note: '已处理' });
    expect((await act(t['demo-staff-1']!, r.id, { action: 'set_type', type: 'help' })).status).toBe(409);
  });

  it('recomputes from the submission at the level it was filed at, after an escalation too', async () => {
    const r = (await file({ type: 'help' })).body;
    expect((await act(t['demo-grid-1']!, r.id, { action: 'escalate', reason: '涉及多个网格' })).status).toBe(200);
    const changed = await act(t['demo-staff-1']!, r.id, { action: 'set_type', type: 'consult' });
    expect(changed.status).toBe(200);
    expect(changed.body.level).toBe('community');
    const want = deadlineFor({ type: 'consult', level: 'grid', urgency: 'normal', from: new Date(r.createdAt), calendars: BUILT_IN_HOLIDAY_CALENDARS });
    expect(changed.body.resolveBy).toBe(want.resolveBy.toISOString());
    // The community's own deadlines since the escalation follow the new type too, from the escalation.
    const doc = (await RequestModel.findById(r.id).lean())!;
    expect(doc.levelResolveBy!.toISOString()).toBe(
      deadlineFor({ type: 'consult', level: 'community', urgency: 'normal', from: doc.levelSince, calendars: BUILT_IN_HOLIDAY_CALENDARS }).resolveBy.toISOString(),
    );
  });

  it('keeps the response outcome of an answered request and an approved extension’s later deadline', async () => {
    const r = (await file({ type: 'suggestion' })).body;
    await act(t['demo-staff-1']!, r.id, { action: 'accept' });
    const extended = new Date(Date.parse(r.resolveBy) + 30 * 24 * HOUR);
    await RequestModel.updateOne({ _id: r.id }, { $set: { resolveBy: extended, extensionCount: 1 } });
    const changed = await act(t['demo-staff-1']!, r.id, { action: 'set_type', type: 'consult' });
    expect(changed.status).toBe(200);
    expect(changed.body.resolveBy).toBe(extended.toISOString());
    const doc = (await RequestModel.findById(r.id).lean())!;
    expect(doc.responseOutcome).toBe('on_time');
    expect(doc.respondBy.toISOString()).toBe(r.respondBy);
  });

  it('filters lists by type, old requests without one counting as 求助', async () => {
    const old = (await file()).body;
    await RequestModel.collection.updateOne({ _id: new Types.ObjectId(old.id) }, { $unset: { type: '' } });
    const complaints = await call('GET', '/api/requests', { token: t['demo-staff-1'], query: { scope: 'community', type: 'complaint', limit: '100' } });
    expect(complaints.body.items.length).toBeGreaterThan(0);
    expect(complaints.body.items.every((i: any) => i.type === 'complaint')).toBe(true);
    const help = await call('GET', '/api/requests', { token: t['demo-staff-1'], query: { scope: 'community', type: 'help', limit: '100' } });
    expect(help.body.items.map((i: any) => i.id)).toContain(old.id);
    expect(help.body.items.find((i: any) => i.id === old.id).type).toBe('help');
  });

  it('follows the community’s deadline settings; requests filed before keep theirs', async () => {
    const before = (await file({ type: 'consult' })).body;
    const settings = {
      ...DEFAULT_REQUEST_TYPE_DEADLINES,
      consult: { respond: { value: 4, unit: 'hours' }, resolve: { grid: { value: 5, unit: 'workdays' }, community: { value: 5, unit: 'workdays' }, street: { value: 5, unit: 'workdays' } } },
    };
    expect((await call('PATCH', '/api/community/settings', { token: t['demo-staff-1'], body: { requestTypeDeadlines: settings } })).status).toBe(403);
    const bad = { ...settings, help: { ...settings.help, respond: { value: 0, unit: 'workdays' } } };
    expect((await call('PATCH', '/api/community/settings', { token: t['demo-admin-1'], body: { requestTypeDeadlines: bad } })).status).toBe(400);
    const s = await call('PATCH', '/api/community/settings', { token: t['demo-admin-1'], body: { requestTypeDeadlines: settings } });
    expect(s.status).toBe(200);
    expect(s.body.requestTypeDeadlines.consult.respond).toEqual({ value: 4, unit: 'hours' });
    const after = (await file({ type: 'consult' })).body;
    expect(Math.abs(Date.parse(after.respondBy) - addCalendarHours(new Date(after.createdAt), 4).getTime())).toBeLessThan(1000);
    const want = deadlineFor({ type: 'consult', level: 'grid', urgency: 'normal', from: new Date(after.createdAt), settings: { requestTypeDeadlines: settings as any }, calendars: BUILT_IN_HOLIDAY_CALENDARS });
    expect(after.resolveBy).toBe(want.resolveBy.toISOString());
    expect((await call('GET', `/api/requests/${before.id}`, { token: t['demo-resident-1'] })).body.resolveBy).toBe(before.resolveBy);
    await call('PATCH', '/api/community/settings', { token: t['demo-admin-1'], body: { requestTypeDeadlines: DEFAULT_REQUEST_TYPE_DEADLINES } });
  });

  describe('operators', () => {
    const december = new Date('2026-12-07T02:00:00Z');
    const write = (name: string, body: unknown) => {
      const p = join(tmpdir(), `linli-holidays-${process.pid}-${name}.json`);
      writeFileSync(p, JSON.stringify(body));
      return p;
    };

    it('show-holidays lists the calendar and warns that next year is missing', async () => {
      const out = await holidaysCommand('show-holidays', ['2026'], december);
      expect(out).toContain('2026 年：放假 33 天，调休上班 6 天');
      expect(out).toContain('2026-02-14');
      expect(out).toContain('警告：2027 年节假日安排未录入，工作日仅按周末计算');
      expect(await holidaysCommand('show-holidays', ['2030'], december)).toContain('2030 年节假日安排未录入');
      expect(await holidaysCommand('show-holidays', [], new Date('2026-06-01T00:00:00Z'))).not.toContain('警告');
    });

    it('health tells operators which expected years have no calendar', async () => {
      const stored = new Set((await HolidayCalendarModel.find({}, { year: 1 }).lean()).map((c) => c.year));
      const missing = expectedCalendarYears(new Date()).filter((y) => !stored.has(y));
      forgetHolidayCalendars();
      const h = await call('GET', '/api/health');
      expect(h.status).toBe(200);
      if (missing.length) expect(h.body).toMatchObject({ calendarMissing: missing, warning: `${missing.join('、')} 年节假日安排未录入，工作日仅按周末计算` });
      else expect(h.body.calendarMissing).toBeUndefined();
    });

    it('set-holidays refuses a wrong file with its problems, and a year that does not match', async () => {
      await expect(holidaysCommand('set-holidays', ['2027', write('bad', { source: '测试', holidays: ['2027-02-30'], workdays: ['2027-02-08'] })], december)).rejects.toThrow(
        /holidays\.0: 日期格式应为YYYY-MM-DD：2027-02-30[\s\S]*workdays\.0: 2027-02-08 是工作日/,
      );
      await expect(holidaysCommand('set-holidays', ['2027', write('year', { year: 2028, source: '测试', holidays: [], workdays: [] })], december)).rejects.toThrow(/不一致/);
      await expect(holidaysCommand('set-holidays', ['2027', write('nosource', { holidays: ['2027-01-01'], workdays: [] })], december)).rejects.toThrow(/source: 请注明来源/);
      expect(await HolidayCalendarModel.countDocuments({ year: 2027 })).toBe(0);
    });

    it('set-holidays enters a year (holiday-cn format too); new deadlines count with it at once, the warning goes', async () => {
      // A 求助 filed on 2026-12-31 counts 1 January 2027 only once 2027 is entered.
      const from = new Date('2026-12-31T02:00:00Z');
      const without = deadlineFor({ type: 'help', level: 'grid', urgency: 'normal', from, calendars: await holidayCalendars() });
      expect(without.missingYears).toEqual([2027]);
      const file2027 = write('2027', { year: 2027, papers: ['测试通知'], days: [{ date: '2027-01-01', isOffDay: true }, { date: '2027-02-06', isOffDay: false }] });
      const out = await holidaysCommand('set-holidays', ['2027', file2027], december);
      expect(out).toContain('ok 已录入 2027 年节假日安排：放假 1 天，调休上班 1 天');
      expect(out).not.toContain('警告');
      const withIt = deadlineFor({ type: 'help', level: 'grid', urgency: 'normal', from, calendars: await holidayCalendars() });
      expect(withIt.missingYears).toEqual([]);
      expect(withIt.resolveBy.getTime()).toBe(without.resolveBy.getTime() + 24 * HOUR);
      expect(await holidaysCommand('set-holidays', ['2027', file2027], december)).toContain('已更新');
      expect(await HolidayCalendarModel.findOne({ year: 2027 }).lean()).toMatchObject({ holidays: ['2027-01-01'], workdays: ['2027-02-06'], source: '测试通知' });
    });

    it('upgrade installs the shipped 2026 calendar where none is stored, and stores 求助 on requests without a type; again, nothing', async () => {
      await HolidayCalendarModel.deleteOne({ year: 2026 });
      const r = (await file()).body;
      await RequestModel.collection.updateOne({ _id: new Types.ObjectId(r.id) }, { $unset: { type: '' } });
      const first = await upgradeWorkdays(december);
      expect(first.installed).toEqual([2026]);
      expect(first.typed).toBeGreaterThanOrEqual(1);
      expect((await RequestModel.findById(r.id).lean())!.type).toBe('help');
      expect((await HolidayCalendarModel.findOne({ year: 2026 }).lean())!.holidays).toHaveLength(33);
      expect(await upgradeWorkdays(december)).toMatchObject({ installed: [], typed: 0, warning: null });
      // An operator's own 2026 entry is never replaced by the shipped one.
      await HolidayCalendarModel.updateOne({ year: 2026 }, { $set: { source: '运维更正' } });
      await upgradeWorkdays(december);
      expect((await HolidayCalendarModel.findOne({ year: 2026 }).lean())!.source).toBe('运维更正');
    });
  });
});
