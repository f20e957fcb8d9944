import { readFile } from 'node:fs/promises';
import { missingCalendarWarning, expectedCalendarYears } from '@linli/shared';
import { HolidayCalendarModel } from './holidays.model';
import { setHolidayCalendar } from './holidays';

export const HOLIDAYS_USAGE = `  npm run admin -- set-holidays      <年份> <文件.json>   录入某年节假日安排（国务院办公厅通知）
  npm run admin -- show-holidays     [年份]               查看已录入的节假日安排
  文件格式: {"source": "通知网址或标题", "holidays": ["2027-01-01", …], "workdays": ["2027-02-06", …]}
           （workdays 为调休上班的周末；也接受 holiday-cn 格式 {"papers": […], "days": [{"date", "isOffDay"}]}）`;

/** The calendar file: ours, or NateScarlet/holiday-cn's `{year, papers, days: [{date, isOffDay}]}`. */
function parseCalendarFile(text: string): { year?: number; holidays: string[]; workdays: string[]; source: string } {
  const j = JSON.parse(text) as Record<string, unknown>;
  const strings = (x: unknown) => (Array.isArray(x) ? x.filter((d): d is string => typeof d === 'string') : []);
  const year = typeof j.year === 'number' ? j.year : undefined;
  if (Array.isArray(j.days)) {
    const days = j.days as { date?: unknown; isOffDay?: unknown }[];
    const of = (off: boolean) => days.filter((d) => typeof d.date === 'string' && d.isOffDay === off).map((d) => d.date as string);
    return { year, holidays: of(true), workdays: of(false), source: typeof j.source === 'string' ? j.source : strings(j.papers).join(' ') };
  }
  return { year, holidays: strings(j.holidays), workdays: strings(j.workdays), source: typeof j.source === 'string' ? j.source : '' };
}

/** The lines `show-holidays` prints for one calendar. */
function describe(c: { year: number; holidays: string[]; workdays: string[]; source: string; updatedAt?: Date }): string[] {
  return [
    `${c.year} 年：放假 ${c.holidays.length} 天，调休上班 ${c.workdays.length} 天${c.updatedAt ? `（更新于 ${c.updatedAt.toISOString().slice(0, 10)}）` : ''}`,
    `  放假：${c.holidays.join(' ') || '无'}`,
    `  调休上班：${c.workdays.join(' ') || '无'}`,
    `  来源：${c.source}`,
  ];
}

/**
 * `set-holidays <year> <file>` and `show-holidays [year]` of `npm run admin`: returns what to print, and throws with
 * the problems when the input is wrong. Both end with the warning for this year (and, from November, next year)
 * when it has no calendar: deadlines then count weekends only.
 */
export async function holidaysCommand(command: 'set-holidays' | 'show-holidays', args: string[], now = new Date()): Promise<string> {
  const out: string[] = [];
  if (command === 'set-holidays') {
    const [yearArg, file] = args;
    const year = Number(yearArg);
    if (!yearArg || !Number.isInteger(year) || !file) throw new Error(`用法：\n${HOLIDAYS_USAGE}`);
    const parsed = parseCalendarFile(await readFile(file, 'utf8'));
    if (parsed.year !== undefined && parsed.year !== year) throw new Error(`文件中的年份 ${parsed.year} 与参数 ${year} 不一致`);
    const r = await setHolidayCalendar({ year, holidays: parsed.holidays, workdays: parsed.workdays, source: parsed.source });
    if (!r.ok) throw new Error(`节假日安排有误：\n${r.problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
    out.push(`ok ${r.created ? '已录入' : '已更新'} ${year} 年节假日安排：放假 ${r.calendar.holidays.length} 天，调休上班 ${r.calendar.workdays.length} 天`);
  } else {
    const year = args[0] ? Number(args[0]) : undefined;
    if (args[0] && !Number.isInteger(year)) throw new Error(`年份格式不正确：${args[0]}`);
    const docs = await HolidayCalendarModel.find(year ? { year } : {}).sort({ year: 1 }).lean();
    if (!docs.length) out.push(year ? `${year} 年节假日安排未录入` : '尚未录入任何节假日安排');
    for (const d of docs) out.push(...describe(d));
  }
  const have = new Set((await HolidayCalendarModel.find({}, { year: 1 }).lean()).map((d) => d.year));
  const warning = missingCalendarWarning(expectedCalendarYears(now).filter((y) => !have.has(y)));
  if (warning) out.push(`警告：${warning}`);
  return out.join('\n');
}
