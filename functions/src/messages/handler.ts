import { Types } from 'mongoose';
import { api } from '@linli/shared';
import { apiHandler, route } from '../api';
import { forbidden } from '../lib/errors';
import type { UserDoc } from '../auth/user.model';
import { unitContextOf } from '../units/unit-context';
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

/**
 * 单位消息: the caller's messages addressed to them as a member of one of their units (the message's `unitId`),
 * whatever community they are of — no X-Community-Id, as the unit's other routes. Only units the caller is still an
 * active member of: someone who left a unit no longer reads its notices. 403 for no unit.
 */
async function unitInbox(user: UserDoc) {
  const { units } = await unitContextOf(user);
  if (!units.length) throw forbidden('您还不是任何单位的工作人员');
  return { filter: { userId: user._id, unitId: { $in: units.map((u) => u._id) } }, units };
}

const unitList = route(api.messages.unitList, async ({ user, query }) => {
  const { filter, units } = await unitInbox(user);
  const page: Record<string, unknown> = { ...filter, ...(query.cursor ? { _id: { $lt: new Types.ObjectId(query.cursor) } } : {}) };
  const [docs, unread] = await Promise.all([
    MessageModel.find(page).sort({ _id: -1 }).limit(query.limit + 1).lean(),
    MessageModel.countDocuments({ ...filter, read: false }),
  ]);
  const pageDocs = docs.slice(0, query.limit);
  return {
    items: pageDocs.map((m) => ({
      id: m._id.toHexString(),
      kind: m.kind,
      title: m.title,
      body: m.body,
      requestId: m.requestId?.toHexString(),
      read: m.read,
      createdAt: m.createdAt.toISOString(),
      unitId: m.unitId!.toHexString(),
      unitName: units.find((u) => u._id.equals(m.unitId!))?.name,
      communityId: m.communityId.toHexString(),
    })),
    nextCursor: docs.length > query.limit ? pageDocs[pageDocs.length - 1]!._id.toHexString() : null,
    unread,
  };
});

const unitMarkRead = route(api.messages.unitMarkRead, async ({ user, body }) => {
  const { filter } = await unitInbox(user);
  await MessageModel.updateMany({ ...filter, read: false, ...(body.ids ? { _id: { $in: body.ids.map((id) => new Types.ObjectId(id)) } } : {}) }, { $set: { read: true } });
  return { unread: await MessageModel.countDocuments({ ...filter, read: false }) };
});

export const handler = apiHandler([list, markRead, unitList, unitMarkRead]);
