import * as z from 'zod';

/**
 * What a request is (12345 practice): 咨询 (a question), 求助 (help with a problem: the default), 投诉 (a complaint
 * against someone) or 建议 (a suggestion). The type sets the deadlines (request-deadlines.ts). Requests from before
 * types have none stored and read as 求助.
 */
export const REQUEST_TYPES = ['consult', 'help', 'complaint', 'suggestion'] as const;
export const RequestType = z.enum(REQUEST_TYPES);
export type RequestType = z.infer<typeof RequestType>;
export const DEFAULT_REQUEST_TYPE: RequestType = 'help';

export const REQUEST_TYPE_LABELS: Record<RequestType, string> = { consult: '咨询', help: '求助', complaint: '投诉', suggestion: '建议' };

/** How a resident picks the type on the filing form, in their own words. */
export const REQUEST_TYPE_PLAIN_WORDS: Record<RequestType, { title: string; hint: string }> = {
  consult: { title: '我想咨询', hint: '问问政策、办事流程' },
  help: { title: '我需要帮助', hint: '遇到问题，请社区帮忙解决' },
  complaint: { title: '我要投诉', hint: '对某人某事不满意' },
  suggestion: { title: '我有建议', hint: '想让社区变得更好' },
};

/** The type of a stored request (none stored: 求助). */
export const requestTypeOf = (type?: string | null): RequestType => (RequestType.safeParse(type).success ? (type as RequestType) : DEFAULT_REQUEST_TYPE);

/** A deadline as a community sets it: so many working days (end of the last one) or calendar hours. */
export const DeadlineSpan = z
  .object({
    value: z.number().int().min(1, '时限至少为1').max(2160),
    unit: z.enum(['workdays', 'hours']),
  })
  .strict()
  .refine((s) => s.unit === 'hours' || s.value <= 60, { path: ['value'], message: '工作日时限最多60个工作日' });
export type DeadlineSpan = z.infer<typeof DeadlineSpan>;
export const DEADLINE_UNIT_LABELS: Record<DeadlineSpan['unit'], string> = { workdays: '个工作日', hours: '小时' };

/** One type's deadlines: the first response, and the resolution per level it is filed or handed to. */
export const TypeDeadlines = z
  .object({
    respond: DeadlineSpan,
    resolve: z.object({ grid: DeadlineSpan, community: DeadlineSpan, street: DeadlineSpan }).strict(),
  })
  .strict();
export type TypeDeadlines = z.infer<typeof TypeDeadlines>;

/** Per-community deadlines of normal requests by type (urgent ones keep the hours of `requestDeadlines`). */
export const RequestTypeDeadlines = z.object({ consult: TypeDeadlines, help: TypeDeadlines, complaint: TypeDeadlines, suggestion: TypeDeadlines }).strict();
export type RequestTypeDeadlines = z.infer<typeof RequestTypeDeadlines>;

const wd = (value: number): DeadlineSpan => ({ value, unit: 'workdays' });
const sameAtEveryLevel = (resolveDays: number): TypeDeadlines => ({ respond: wd(1), resolve: { grid: wd(resolveDays), community: wd(resolveDays), street: wd(resolveDays) } });

/** 12345 practice: respond within 1 working day; resolve 咨询 in 2, 求助 in 7, 投诉 and 建议 in 15 working days. */
export const DEFAULT_REQUEST_TYPE_DEADLINES: RequestTypeDeadlines = {
  consult: sameAtEveryLevel(2),
  help: sameAtEveryLevel(7),
  complaint: sameAtEveryLevel(15),
  suggestion: sameAtEveryLevel(15),
};

/** `2个工作日` / `12小时`. */
export const deadlineSpanLabel = (s: DeadlineSpan): string => `${s.value}${DEADLINE_UNIT_LABELS[s.unit]}`;
