import * as z from 'zod';
import { endpoint } from '../common/api';
import { Id } from '../common/ids';
import { ROLES } from '../common/roles';
import { Message, UnitMessage } from './message.schema';

export const messageEndpoints = {
  list: endpoint({
    id: 'messages.list',
    method: 'GET',
    path: '/api/messages',
    summary: '我的消息（含未读数）',
    access: ROLES,
    query: z
      .object({
        cursor: z.string().regex(/^[0-9a-f]{24}$/).optional(),
        limit: z.coerce.number().int().min(1).max(100).default(20),
      })
      .strict(),
    output: z.object({ items: z.array(Message), nextCursor: z.string().nullable(), unread: z.number().int() }),
  }),
  markRead: endpoint({
    id: 'messages.markRead',
    method: 'POST',
    path: '/api/messages/read',
    summary: '标记消息已读（不传编号则全部已读）',
    access: ROLES,
    body: z.object({ ids: z.array(Id).max(100).optional() }).strict(),
    output: z.object({ unread: z.number().int() }),
  }),
  /**
   * 单位消息: notices addressed to the caller as a member of a unit (new dispatch, 驳回退单, recall, 签收 due), of every
   * community the unit serves — street-scoped (no X-Community-Id), as the unit's other routes. 403 for no unit.
   */
  unitList: endpoint({
    id: 'messages.unitList',
    method: 'GET',
    path: '/api/unit/messages',
    summary: '单位消息：派单、驳回退单、收回派单、签收提醒（含未读数）',
    access: 'signedIn',
    query: z
      .object({
        cursor: z.string().regex(/^[0-9a-f]{24}$/).optional(),
        limit: z.coerce.number().int().min(1).max(100).default(20),
      })
      .strict(),
    output: z.object({ items: z.array(UnitMessage), nextCursor: z.string().nullable(), unread: z.number().int() }),
  }),
  unitMarkRead: endpoint({
    id: 'messages.unitMarkRead',
    method: 'POST',
    path: '/api/unit/messages/read',
    summary: '单位消息标记已读（不传编号则全部已读）',
    access: 'signedIn',
    body: z.object({ ids: z.array(Id).max(100).optional() }).strict(),
    output: z.object({ unread: z.number().int() }),
  }),
};
