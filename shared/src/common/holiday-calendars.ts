import type { HolidayCalendar } from './workdays';

/** `from`…`to` inclusive, days of one month range or across months, as `YYYY-MM-DD`. */
function span(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/**
 * 2026, from 国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04), as the seed and the
 * upgrade routine install it. Checked against the notice's text as 新华社 published it (光明网 politics.gmw.cn
 * 2025-11/04/content_38391083, 哈尔滨广播电视台, 中山日报 2025-11-05 A01) and the open data of NateScarlet/holiday-cn
 * (2026.json) and lanceliao/china-holiday-calender (holidayAPI.json):
 *   元旦 1月1日（周四）至3日（周六）放假调休，共3天；1月4日（周日）上班。
 *   春节 2月15日（腊月二十八、周日）至23日（正月初七、周一）放假调休，共9天；2月14日（周六）、2月28日（周六）上班。
 *   清明节 4月4日（周六）至6日（周一）放假，共3天。
 *   劳动节 5月1日（周五）至5日（周二）放假调休，共5天；5月9日（周六）上班。
 *   端午节 6月19日（周五）至21日（周日）放假，共3天。
 *   中秋节 9月25日（周五）至27日（周日）放假，共3天。
 *   国庆节 10月1日（周四）至7日（周三）放假调休，共7天；9月20日（周日）、10月10日（周六）上班。
 */
export const CN_HOLIDAY_CALENDAR_2026: HolidayCalendar = {
  year: 2026,
  holidays: [
    ...span('2026-01-01', '2026-01-03'),
    ...span('2026-02-15', '2026-02-23'),
    ...span('2026-04-04', '2026-04-06'),
    ...span('2026-05-01', '2026-05-05'),
    ...span('2026-06-19', '2026-06-21'),
    ...span('2026-09-25', '2026-09-27'),
    ...span('2026-10-01', '2026-10-07'),
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  source: 'https://www.gov.cn/zhengce/content/202511/content_7047090.htm 国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）',
};

/** The calendars the platform ships (the seed and `npm run upgrade` install them when missing). */
export const BUILT_IN_HOLIDAY_CALENDARS: readonly HolidayCalendar[] = [CN_HOLIDAY_CALENDAR_2026];
