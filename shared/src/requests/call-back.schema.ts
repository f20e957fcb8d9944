import * as z from 'zod';
import { Id } from '../common/ids';
import { multilineText } from '../common/text';
import { CALL_BACK_RESULTS } from './call-back.rules';

/**
 * 电话回访: reached or not; when reached, the resident's verdict (满意 / 基本满意 / 不满意); a note (internal); and,
 * when unsatisfied, whether to reopen the request (the one-reopen rule).
 */
export const CallBackInput = z
  .object({
    action: z.literal('call_back'),
    reached: z.boolean(),
    result: z.enum(CALL_BACK_RESULTS).optional(),
    note: multilineText('回访记录').max(500, '回访记录最多500个字').optional(),
    reopen: z.boolean().optional(),
  })
  .strict()
  .refine((v) => !v.reached || !!v.result, { path: ['result'], message: '请选择居民的满意程度' })
  .refine((v) => v.reached || !v.result, { path: ['result'], message: '未联系上居民时不能记录满意程度' })
  .refine((v) => !v.reopen || v.result === 'unsatisfied', { path: ['reopen'], message: '只有居民不满意时才能重新办理' });

/**
 * The latest call-back as a viewer gets it: handlers see the result and note; the filer only that a call-back was
 * made and when (`at`), never the note.
 */
export const CallBackView = z.object({
  at: z.string(),
  reached: z.boolean().optional(),
  result: z.enum(CALL_BACK_RESULTS).optional(),
  note: z.string().optional(),
  byName: z.string().optional(),
});
export type CallBackView = z.infer<typeof CallBackView>;

/** One row of 待回访: a resolved resident's demand without an in-app rating or a call-back that reached them. */
export const CallBackDueItem = z.object({
  id: Id,
  category: z.string(),
  title: z.string().optional(),
  excerpt: z.string(),
  status: z.string(),
  buildingName: z.string().optional(),
  filerName: z.string().optional(),
  /** Whom to call, where the resident agreed (or the 代办 contact). */
  contact: z.object({ name: z.string(), phone: z.string().optional() }).optional(),
  resolvedAt: z.string(),
  /** A call-back that did not reach the resident (call again). */
  lastAttemptAt: z.string().optional(),
});
export type CallBackDueItem = z.infer<typeof CallBackDueItem>;

export const CallBackDueQuery = z
  .object({
    cursor: z.string().regex(/^\d{13}_[0-9a-f]{24}$/).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();
export type CallBackDueQuery = z.output<typeof CallBackDueQuery>;
