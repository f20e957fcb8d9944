import { CN_HOLIDAY_CALENDAR_2026 } from '../common/holiday-calendars';
import { deadlineFor, spanDeadline } from './request-deadlines';
import { DEFAULT_REQUEST_TYPE_DEADLINES, RequestTypeDeadlines, requestTypeOf, type RequestType } from './request-type.schema';

const CAL = [CN_HOLIDAY_CALENDAR_2026];
const at10 = (day: string) => new Date(`${day}T02:00:00Z`);
const endOf = (day: string) => new Date(`${day}T16:00:00Z`);

describe('requests/request-deadlines deadlineFor', () => {
  it('gives each type its working days from the submission: 咨询 2, 求助 7, 投诉 and 建议 15; respond in 1', () => {
    const from = at10('2026-12-07'); // a Monday
    const by = (type: RequestType) => deadlineFor({ type, level: 'grid', urgency: 'normal', from, calendars: CAL });
    expect(by('consult')).toEqual({ respondBy: endOf('2026-12-08'), resolveBy: endOf('2026-12-09'), missingYears: [] });
    expect(by('help').resolveBy).toEqual(endOf('2026-12-16'));
    expect(by('complaint').resolveBy).toEqual(endOf('2026-12-28'));
    expect(by('suggestion').resolveBy).toEqual(endOf('2026-12-28'));
  });
  it('treats a missing type as 求助', () => {
    expect(requestTypeOf(undefined)).toBe('help');
    expect(requestTypeOf('nonsense')).toBe('help');
    const from = at10('2026-12-07');
    expect(deadlineFor({ level: 'grid', urgency: 'normal', from, calendars: CAL })).toEqual(deadlineFor({ type: 'help', level: 'grid', urgency: 'normal', from, calendars: CAL }));
  });
  it('keeps urgent requests in calendar hours (half the community hours)', () => {
    const from = at10('2026-02-13');
    expect(deadlineFor({ type: 'consult', level: 'grid', urgency: 'urgent', from, calendars: CAL })).toEqual({
      respondBy: new Date(from.getTime() + 12 * 3_600_000),
      resolveBy: new Date(from.getTime() + 36 * 3_600_000),
      missingYears: [],
    });
  });
  it('skips the Spring Festival block for a 求助 filed the Friday before it', () => {
    // Fri 13 Feb: 14 (调休), 24, 25, 26, 27, 28 (调休), Mon 2 Mar.
    const d = deadlineFor({ type: 'help', level: 'grid', urgency: 'normal', from: at10('2026-02-13'), calendars: CAL });
    expect(d.respondBy).toEqual(endOf('2026-02-14'));
    expect(d.resolveBy).toEqual(endOf('2026-03-02'));
  });
  it('follows the community settings per type and level, in working days or hours', () => {
    const settings = {
      requestTypeDeadlines: {
        ...DEFAULT_REQUEST_TYPE_DEADLINES,
        complaint: { respond: { value: 4, unit: 'hours' as const }, resolve: { grid: { value: 5, unit: 'workdays' as const }, community: { value: 10, unit: 'workdays' as const }, street: { value: 48, unit: 'hours' as const } } },
      },
    };
    const from = at10('2026-09-30');
    const grid = deadlineFor({ type: 'complaint', level: 'grid', urgency: 'normal', from, settings, calendars: CAL });
    expect(grid.respondBy).toEqual(new Date(from.getTime() + 4 * 3_600_000));
    expect(grid.resolveBy).toEqual(endOf('2026-10-13')); // 8, 9, 10 (调休), 12, 13
    expect(deadlineFor({ type: 'complaint', level: 'street', urgency: 'normal', from, settings, calendars: CAL }).resolveBy).toEqual(new Date(from.getTime() + 48 * 3_600_000));
    expect(spanDeadline(from, { value: 1, unit: 'workdays' }, CAL)).toEqual(endOf('2026-10-08'));
  });
  it('signals the years counted without a calendar (2027 not entered)', () => {
    const d = deadlineFor({ type: 'help', level: 'grid', urgency: 'normal', from: at10('2026-12-28'), calendars: CAL });
    expect(d.resolveBy).toEqual(endOf('2027-01-06')); // 29, 30, 31, Jan 1 (counted: no calendar), 4, 5, 6
    expect(d.missingYears).toEqual([2027]);
    // A deadline ending at 24:00 on 31 December counted nothing of the next year.
    expect(deadlineFor({ type: 'consult', level: 'grid', urgency: 'normal', from: at10('2026-12-29'), calendars: CAL })).toMatchObject({ resolveBy: endOf('2026-12-31'), missingYears: [] });
  });
});

describe('requests/request-type.schema settings', () => {
  it('accepts the defaults and refuses more than 60 working days', () => {
    expect(RequestTypeDeadlines.safeParse(DEFAULT_REQUEST_TYPE_DEADLINES).success).toBe(true);
    const bad = { ...DEFAULT_REQUEST_TYPE_DEADLINES, help: { ...DEFAULT_REQUEST_TYPE_DEADLINES.help, respond: { value: 61, unit: 'workdays' } } };
    expect(RequestTypeDeadlines.safeParse(bad).success).toBe(false);
    const hours = { ...DEFAULT_REQUEST_TYPE_DEADLINES, help: { ...DEFAULT_REQUEST_TYPE_DEADLINES.help, respond: { value: 72, unit: 'hours' } } };
    expect(RequestTypeDeadlines.safeParse(hours).success).toBe(true);
  });
});
