import * as z from 'zod';
import { Id } from '../common/ids';

/** One entry of the in-app message list (消息); works on every build, unlike WeChat subscribe messages. */
export const Message = z.object({
  id: Id,
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  requestId: Id.optional(),
  consultationId: Id.optional(),
  read: z.boolean(),
  createdAt: z.string(),
});
export type Message = z.infer<typeof Message>;
