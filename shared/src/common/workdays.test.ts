import { CN_HOLIDAY_CALENDAR_2026 } from './holiday-calendars';
import {
  addWorkingDays,
  checkHolidayCalendar,
  expectedCalendarYears,
  hasCalendarFor,
  isCalendarDay,
  isWorkingDay,
  missingCalendarWarning,
  missingCalendarYears,
  shanghaiDeadline,
  workingDaysBetween,
  type HolidayCalendars,
} from './workdays';

const CAL: HolidayCalendars = [CN_HOLIDAY_CALENDAR_2026];
/** 10:00 Beijing time of a day. */
const at10 = (day: string) => new Date(`${day}T02:00:00Z`);
/** 24:00 Beijing time at the end of a day. */
const endOf = (day: string) => new Date(Date.parse(`${day}T16:00:00Z`));
const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();

describe('common/workdays the 2026 calendar (国务院办公厅关于2026年部分节假日安排的通知)', () => {
  it('has the 33 days off of the notice and its six 调休 working days, all of them weekend days', () => {
    expect(CN_HOLIDAY_CALENDAR_2026.holidays).toHaveLength(3 + 9 + 3 + 5 + 3 + 3 + 7);
    expect(CN_HOLIDAY_CALENDAR_2026.workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
    expect(CN_HOLIDAY_CALENDAR_2026.workdays.map(weekday)).toEqual([0, 6, 6, 6, 0, 6]);
    expect(checkHolidayCalendar(CN_HOLIDAY_CALENDAR_2026)).toEqual([]);
  });
  it('matches the weekdays the notice names', () => {
    // 1月1日（周四）, 2月15日（周日）至23日（周一）, 4月4日（周六）, 5月1日（周五）至5日（周二）, 6月19日（周五）, 9月25日（周五）, 10月1日（周四）至7日（周三）
    expect(['2026-01-01', '2026-02-15', '2026-02-23', '2026-04-04', '2026-05-01', '2026-05-05', '2026-06-19', '2026-09-25', '2026-10-01', '2026-10-07'].map(weekday)).toEqual([
      4, 0, 1, 6, 5, 2, 5, 5, 4, 3,
    ]);
  });
});

describe('common/workdays isWorkingDay', () => {
  it('counts Monday–Friday, skips holidays, works the 调休 Saturdays and Sundays', () => {
    expect(isWorkingDay('2026-12-07', CAL)).toBe(true); // a Monday
    expect(isWorkingDay('2026-12-05', CAL)).toBe(false); // a Saturday
    expect(isWorkingDay('2026-02-16', CAL)).toBe(false); // 春节, a Monday
    expect(isWorkingDay('2026-02-14', CAL)).toBe(true); // 调休 Saturday
    expect(isWorkingDay('2026-02-28', CAL)).toBe(true); // 调休 Saturday
    expect(isWorkingDay('2026-01-04', CAL)).toBe(true); // 调休 Sunday
    expect(isWorkingDay('2026-09-20', CAL)).toBe(true); // 调休 Sunday
    expect(isWorkingDay('2026-10-10', CAL)).toBe(true); // 调休 Saturday
    expect(isWorkingDay('2026-10-05', CAL)).toBe(false); // 国庆, a Monday
    expect(isWorkingDay('2026-05-09', CAL)).toBe(true);
  });
  it('reads an instant in Asia/Shanghai (the day of Beijing time, not UTC)', () => {
    expect(isWorkingDay(new Date('2026-02-14T17:00:00Z'), CAL)).toBe(false); // 2026-02-15 01:00 Beijing, 春节
    expect(isWorkingDay(new Date('2026-02-14T15:00:00Z'), CAL)).toBe(true); // 2026-02-14 23:00 Beijing, 调休
  });
  it('without a calendar for the year counts weekends only', () => {
    expect(isWorkingDay('2026-10-01', [])).toBe(true);
    expect(isWorkingDay('2027-01-01', CAL)).toBe(true); // a Friday; 2027 not entered
    expect(isWorkingDay('2027-01-02', CAL)).toBe(false);
    expect(hasCalendarFor('2027-01-01', CAL)).toBe(false);
    expect(hasCalendarFor(at10('2026-03-01'), CAL)).toBe(true);
  });
});

describe('common/workdays addWorkingDays (end of the n-th working day, 24:00 Beijing)', () => {
  it('counts from the day after, ending at 24:00', () => {
    expect(addWorkingDays(at10('2026-12-07'), 2, CAL)).toEqual(endOf('2026-12-09')); // Mon → Wed 24:00
    expect(addWorkingDays(at10('2026-12-04'), 1, CAL)).toEqual(endOf('2026-12-07')); // Fri → Mon
    expect(addWorkingDays(at10('2026-12-05'), 1, CAL)).toEqual(endOf('2026-12-07')); // Sat → Mon
    expect(addWorkingDays(new Date('2026-12-04T15:59:00Z'), 1, CAL)).toEqual(endOf('2026-12-07')); // Fri 23:59 Beijing
    expect(addWorkingDays(new Date('2026-12-04T16:00:00Z'), 1, CAL)).toEqual(endOf('2026-12-07')); // Sat 00:00 Beijing
    expect(addWorkingDays(at10('2026-12-07'), 0, CAL)).toEqual(at10('2026-12-07'));
  });
  it('crosses the Spring Festival block: the 调休 Saturday before it counts, the nine days off do not', () => {
    expect(addWorkingDays(at10('2026-02-13'), 1, CAL)).toEqual(endOf('2026-02-14')); // Fri → 调休 Sat
    expect(addWorkingDays(at10('2026-02-13'), 2, CAL)).toEqual(endOf('2026-02-24')); // → Tue after 正月初七
    expect(addWorkingDays(at10('2026-02-16'), 1, CAL)).toEqual(endOf('2026-02-24')); // filed during the holiday
    expect(addWorkingDays(at10('2026-02-16'), 7, CAL)).toEqual(endOf('2026-03-03')); // 24,25,26,27,28(调休),2,3
    expect(addWorkingDays(at10('2026-02-27'), 1, CAL)).toEqual(endOf('2026-02-28')); // the 调休 Saturday after
  });
  it('crosses 中秋 and National Day, with the 调休 Sunday before and Saturday after', () => {
    expect(addWorkingDays(at10('2026-09-18'), 1, CAL)).toEqual(endOf('2026-09-20')); // Fri → 调休 Sunday
    expect(addWorkingDays(at10('2026-09-24'), 1, CAL)).toEqual(endOf('2026-09-28')); // 25–27 中秋
    expect(addWorkingDays(at10('2026-09-30'), 2, CAL)).toEqual(endOf('2026-10-09'));
    expect(addWorkingDays(at10('2026-09-30'), 3, CAL)).toEqual(endOf('2026-10-10')); // 调休 Saturday
    expect(addWorkingDays(at10('2026-09-30'), 15, CAL)).toEqual(endOf('2026-10-27'));
  });
  it('crosses 2026→2027 without a 2027 calendar by weekends only, and says so', () => {
    expect(addWorkingDays(at10('2026-12-31'), 2, CAL)).toEqual(endOf('2027-01-04')); // Fri 1 Jan counts: not entered
    expect(missingCalendarYears(at10('2026-12-31'), endOf('2027-01-04'), CAL)).toEqual([2027]);
    expect(missingCalendarYears(at10('2026-12-01'), at10('2026-12-31'), CAL)).toEqual([]);
    const with2027: HolidayCalendars = [...CAL, { year: 2027, holidays: ['2027-01-01'], workdays: [] }];
    expect(addWorkingDays(at10('2026-12-31'), 2, with2027)).toEqual(endOf('2027-01-05'));
    expect(missingCalendarYears(at10('2026-12-31'), endOf('2027-01-04'), with2027)).toEqual([]);
    expect(missingCalendarWarning([2027])).toBe('2027 年节假日安排未录入，工作日仅按周末计算');
    expect(missingCalendarWarning([])).toBeNull();
  });
});

describe('common/workdays workingDaysBetween', () => {
  it('counts working days after the first day up to the last, the inverse of addWorkingDays', () => {
    expect(workingDaysBetween(at10('2026-02-13'), at10('2026-02-24'), CAL)).toBe(2);
    expect(workingDaysBetween(at10('2026-09-30'), at10('2026-10-12'), CAL)).toBe(4);
    expect(workingDaysBetween(at10('2026-12-07'), at10('2026-12-07'), CAL)).toBe(0);
    expect(workingDaysBetween(at10('2026-12-09'), at10('2026-12-07'), CAL)).toBe(0);
    for (const [day, n] of [['2026-02-11', 9], ['2026-09-17', 15], ['2026-12-24', 5], ['2026-04-30', 3]] as const) {
      const from = at10(day);
      expect(workingDaysBetween(from, new Date(addWorkingDays(from, n, CAL).getTime() - 1), CAL)).toBe(n);
    }
  });
});

describe('common/workdays shanghaiDeadline', () => {
  it('writes a midnight deadline as 24:00 of the day it ends', () => {
    expect(shanghaiDeadline(endOf('2026-12-09'))).toBe('2026-12-09 24:00');
    expect(shanghaiDeadline(endOf('2026-12-31'))).toBe('2026-12-31 24:00');
    expect(shanghaiDeadline(at10('2026-12-09'))).toBe('2026-12-09 10:00');
  });
});

describe('common/workdays calendar checks', () => {
  it('refuses malformed days, days of another year, a day both off and worked, and a weekday as 调休', () => {
    expect(isCalendarDay('2026-02-30')).toBe(false);
    expect(isCalendarDay('2026-2-3')).toBe(false);
    const problems = checkHolidayCalendar({ year: 2027, holidays: ['2027-02-30', '2026-12-31', '2027-02-06'], workdays: ['2027-02-06', '2027-02-08'] });
    expect(problems.map((p) => p.path)).toEqual(['holidays.0', 'holidays.1', 'workdays.0', 'workdays.1']);
    expect(checkHolidayCalendar({ year: 1999, holidays: [], workdays: [] })[0]!.path).toBe('year');
  });
  it('expects this year, and next year from November', () => {
    expect(expectedCalendarYears(at10('2026-06-01'))).toEqual([2026]);
    expect(expectedCalendarYears(at10('2026-11-05'))).toEqual([2026, 2027]);
  });
});
