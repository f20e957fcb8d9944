import * as z from 'zod';
import { endpoint } from '../common/api';
import { Id } from '../common/ids';
import { ROLES } from '../common/roles';
import { Message } from './message.schema';

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
};
