import { noticeSummary, shanghaiMinute } from '@linli/shared';
import { Types } from 'mongoose';
import { defineSweeper } from '../lib/operations';
import { log } from '../lib/logger';
import { config } from '../lib/config';
import { sendSubscribeMessage, subscribeThing } from '../lib/wechat';
import { CommunityModel } from '../communities/community.model';
import { MessageModel } from '../messages/message.model';
import { SubscribeGrantModel } from '../uploads/photo.model';
import { UserModel } from '../auth/user.model';
import { ConsultationModel, type ConsultationDoc, type TopicOutboxEntryDoc } from './consultation.model';
import { loadWorld, residentsInScope } from './consultation.scope';

/**
 * A notice to $push with the change it announces. `scope` notices (voting opened, results out) go to everyone
 * in the topic's scope, once per stage: the transition that writes them happens once, and messages are unique
 * per (notice, person). `author` notices tell the proposer what became of their proposal.
 */
export function topicNotice(kind: string, audience: 'scope' | 'author', title: string, t: Pick<ConsultationDoc, 'title'>, now: Date): TopicOutboxEntryDoc {
  return { _id: new Types.ObjectId(), kind, audience, title, body: noticeSummary('议事', t.title), createdAt: now };
}

async function insertMessages(t: ConsultationDoc, entry: TopicOutboxEntryDoc, userIds: Types.ObjectId[]) {
  if (!userIds.length) return;
  await MessageModel.insertMany(
    userIds.map((userId) => ({
      communityId: t.communityId,
      userId,
      sourceId: entry._id,
      kind: `consultation_${entry.kind}`,
      title: entry.title,
      body: entry.body,
      consultationId: t._id,
      read: false,
      createdAt: entry.createdAt,
    })),
    { ordered: false },
  ).catch((err: { code?: number; writeErrors?: { code?: number; err?: { code?: number } }[] }) => {
    const codes = err.writeErrors?.map((e) => e.code ?? e.err?.code) ?? [err.code];
    if (!codes.every((c) => c === 11000)) throw err; // delivered before: fine
  });
}

/**
 * WeChat messages for a stage notice: one per person who granted a permission on this topic (a tap on 附议,
 * 评论 or 提醒我), consuming one grant each, so nobody gets more than one message per stage.
 */
async function sendStageMessages(t: ConsultationDoc, entry: TopicOutboxEntryDoc) {
  const templateId = config().WECHAT_TEMPLATE_CONSULTATION;
  if (!templateId) return;
  const grants = await SubscribeGrantModel.find({ consultationId: t._id, template: 'consultation', usedAt: null }).lean();
  const people = [...new Map(grants.map((g) => [g.userId.toHexString(), g.userId])).values()];
  for (const userId of people) {
    const grant = await SubscribeGrantModel.findOneAndUpdate({ consultationId: t._id, template: 'consultation', userId, usedAt: null }, { $set: { usedAt: new Date() } });
    if (!grant) continue;
    const user = await UserModel.findById(userId, { openid: 1 }).lean();
    if (!user) continue;
    await sendSubscribeMessage(user.openid, templateId, `consult/pages/detail/index?id=${t._id}`, {
      thing1: { value: subscribeThing(t.title) },
      phrase2: { value: entry.kind === 'voting_open' ? '投票开始' : '结果公布' },
      time3: { value: shanghaiMinute(entry.createdAt) },
    });
  }
}

/** Delivers a topic's notices, then removes them on the revision read (as the requests' outbox does). Never throws. */
export async function deliverTopicOutbox(t: ConsultationDoc): Promise<void> {
  if (!t.outbox?.length) {
    // An empty outbox marked pending: clear the mark so the repair routine stops finding it.
    if (t.outboxPending) await ConsultationModel.updateOne({ _id: t._id, rev: t.rev, outboxPending: true }, { $set: { outbox: [] } });
    return;
  }
  const delivered: string[] = [];
  for (const entry of t.outbox) {
    try {
      if (entry.audience === 'author') {
        await insertMessages(t, entry, [t.authorId]);
      } else {
        const community = await CommunityModel.findById(t.communityId, { name: 1 }).lean();
        const world = await loadWorld(t.communityId, community?.name ?? '');
        const members = await residentsInScope(world, t.scope);
        await insertMessages(t, entry, members.map((m) => m.userId));
        await sendStageMessages(t, entry);
      }
      delivered.push(entry._id.toHexString());
    } catch (err) {
      log('warn', 'consultation notice delivery failed', { consultationId: String(t._id), entry: String(entry._id), error: String((err as Error).message) });
    }
  }
  if (!delivered.length) return;
  const rest = t.outbox.filter((e) => !delivered.includes(e._id.toHexString()));
  await ConsultationModel.updateOne({ _id: t._id, rev: t.rev }, { $set: { outbox: rest } });
}

defineSweeper('consultation-outbox', async (cutoff) => {
  const stale = await ConsultationModel.find({ outboxPending: true, updatedAt: { $lt: cutoff } }).limit(100);
  for (const t of stale) await deliverTopicOutbox(t);
  return stale.length;
});
