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
  /**
   * A 矛盾纠纷调处 notice's case (the message opens the case page, which decides what the reader sees): its id only —
   * the title and body name the kind and number, never a party or what it is about.
   */
  mediationCaseId: Id.optional(),
  read: z.boolean(),
  createdAt: z.string(),
});
export type Message = z.infer<typeof Message>;

/** A unit's notice (单位消息): a message with the unit it concerns and the request's community. */
export const UnitMessage = Message.extend({ unitId: Id, unitName: z.string().optional(), communityId: Id });
export type UnitMessage = z.infer<typeof UnitMessage>;

/** How much of a request's or topic's words a notice carries: the body of an in-app message is one line on a phone. */
export const NOTICE_SUMMARY_CHARS = 30;

/** A notice's one-line summary: `【环境卫生】三号楼楼道灯坏了…` (the label, then the first words). */
export const noticeSummary = (label: string, words: string) => `【${label}】${words.slice(0, NOTICE_SUMMARY_CHARS)}`;
