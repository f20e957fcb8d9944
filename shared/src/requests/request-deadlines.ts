import { addCalendarHours } from '../common/time';
import { addWorkingDays, missingCalendarYears, type HolidayCalendars } from '../common/workdays';
import { DEFAULT_REQUEST_DEADLINES, type RequestDeadlineSettings, type RequestLevel, type Urgency } from './request.schema';
import { DEFAULT_REQUEST_TYPE_DEADLINES, requestTypeOf, type DeadlineSpan, type RequestType, type RequestTypeDeadlines } from './request-type.schema';
import { requestDeadlines } from './request.rules';

/** The deadline `span` after `from`: the end of the n-th working day after it, or so many calendar hours. */
export function spanDeadline(from: Date, span: DeadlineSpan, calendars: HolidayCalendars): Date {
  return span.unit === 'hours' ? addCalendarHours(from, span.value) : addWorkingDays(from, span.value, calendars);
}

/** The deadline settings of a community that deadlineFor reads (CommunitySettings has both). */
export interface DeadlineSettings {
  requestDeadlines?: RequestDeadlineSettings;
  requestTypeDeadlines?: RequestTypeDeadlines;
}

export interface Deadlines {
  respondBy: Date;
  resolveBy: Date;
  /** Years counted through without a holiday calendar (weekends only): the operators are to be warned. */
  missingYears: number[];
}

/**
 * A request's (or a holder's) deadlines from `from`: an urgent one in calendar hours as before (`requestDeadlines`:
 * half the community's hours), a normal one by its type and level as the community set it (default 1 working day to
 * respond; 咨询 2, 求助 7, 投诉 and 建议 15 working days to resolve). The request factory runs it from the
 * submission, staff's set_type again from the submission, and dispatch from the dispatch for the unit's own deadlines.
 */
export function deadlineFor(p: {
  type?: RequestType | null;
  level: RequestLevel;
  urgency: Urgency;
  from: Date;
  settings?: DeadlineSettings;
  calendars: HolidayCalendars;
}): Deadlines {
  if (p.urgency === 'urgent') return { ...requestDeadlines(p.level, 'urgent', p.from, p.settings?.requestDeadlines ?? DEFAULT_REQUEST_DEADLINES), missingYears: [] };
  const t = (p.settings?.requestTypeDeadlines ?? DEFAULT_REQUEST_TYPE_DEADLINES)[requestTypeOf(p.type)];
  const respondBy = spanDeadline(p.from, t.respond, p.calendars);
  const resolveBy = spanDeadline(p.from, t.resolve[p.level], p.calendars);
  const spans = [t.respond, t.resolve[p.level]].filter((s) => s.unit === 'workdays');
  const last = respondBy > resolveBy ? respondBy : resolveBy;
  // Only a count in working days can be wrong for want of a calendar; the end instant itself may be 00:00 of Jan 1.
  return { respondBy, resolveBy, missingYears: spans.length ? missingCalendarYears(p.from, new Date(last.getTime() - 1), p.calendars) : [] };
}
