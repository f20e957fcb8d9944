import * as z from 'zod';
import { multilineText } from '../common/text';
import { EXTENSION_REQUESTER_KINDS, EXTENSION_STATUSES } from './extension.rules';

/** 申请延期: why, and the date the holder proposes to resolve it by (ISO date-time; the form sends the end of a day). */
export const RequestExtensionInput = z
  .object({
    action: z.literal('request_extension'),
    reason: multilineText('延期原因').min(2, '请写明延期原因（至少2个字）').max(500, '延期原因最多500个字'),
    proposedResolveBy: z.string().datetime({ offset: true, message: '请选择新的办结日期' }),
  })
  .strict();

/** 延期审批: approve or refuse the pending extension, with a note for the requester (internal). */
export const DecideExtensionInput = z
  .object({
    action: z.literal('decide_extension'),
    approve: z.boolean(),
    note: multilineText('审批意见').max(500, '审批意见最多500个字').optional(),
  })
  .strict();

/**
 * The latest extension as a viewer gets it. Handlers see it all; the filer only that an extension was approved and
 * the new deadline (`status: 'approved'`, `proposedResolveBy`), never the reason or the decision's note.
 */
export const ExtensionView = z.object({
  status: z.enum(EXTENSION_STATUSES),
  proposedResolveBy: z.string(),
  reason: z.string().optional(),
  requesterKind: z.enum(EXTENSION_REQUESTER_KINDS).optional(),
  /** The person or unit that asked. */
  requesterName: z.string().optional(),
  at: z.string().optional(),
  decidedAt: z.string().optional(),
  decisionNote: z.string().optional(),
  /** Deciding it needs street staff (a second extension). */
  needsStreet: z.boolean().optional(),
});
export type ExtensionView = z.infer<typeof ExtensionView>;
