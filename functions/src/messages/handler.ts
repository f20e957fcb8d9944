import { Types } from 'mongoose';
import { api } from '@linli/shared';
import { apiHandler, route } from '../api';
import { MessageModel } from './message.model';

const list = route(api.messages.list, async ({ user, community, query }) => {
  const filter: Record<string, unknown> = { userId: user._id };
  if (query.cursor) filter._id = { $lt: new Types.ObjectId(query.cursor) };
  const [docs, unread] = await Promise.all([
    community.scope.find(MessageModel, filter).sort({ _id: -1 }).limit(query.limit + 1).lean(),
    community.scope.countDocuments(MessageModel, { userId: user._id, read: false }),
  ]);
  const pageDocs = docs.slice(0, query.limit);
  return {
    items: pageDocs.map((m) => ({
      id: m._id.toHexString(),
      kind: m.kind,
      title: m.title,
      body: m.body,
      requestId: m.requestId?.toHexString(),
      consultationId: m.consultationId?.toHexString(),
      mediationCaseId: m.mediationCaseId?.toHexString(),
      read: m.read,
      createdAt: m.createdAt.toISOString(),
    })),
    nextCursor: docs.length > query.limit ? pageDocs[pageDocs.length - 1]!._id.toHexString() : null,
    unread,
  };
});

const markRead = route(api.messages.markRead, async ({ user, community, body }) => {
  const filter: Record<string, unknown> = { userId: user._id, read: false };
  if (body.ids) filter._id = { $in: body.ids.map((id) => new Types.ObjectId(id)) };
  await community.scope.updateMany(MessageModel, filter, { $set: { read: true } });
  return { unread: await community.scope.countDocuments(MessageModel, { userId: user._id, read: false }) };
});

export const handler = apiHandler([list, markRead]);
