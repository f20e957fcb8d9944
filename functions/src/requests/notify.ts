import { Types } from 'mongoose';
import { REQUEST_CATEGORY_LABELS, VOICE_ONLY_TEXT, noticeSummary, shanghaiMinute } from '@linli/shared';
import { defineSweeper } from '../lib/operations';
import { log } from '../lib/logger';
import { CommunityModel, MembershipModel, StreetStaffModel } from '../communities/community.model';
import { MessageModel } from '../messages/message.model';
import { RequestModel, type OutboxEntryDoc, type RequestDoc } from './request.model';
import { isPubliclyVisible } from './request.visibility';
import { SubscribeGrantModel } from '../uploads/photo.model';
import { UserModel } from '../auth/user.model';
import { config } from '../lib/config';
import { sendSubscribeMessage, subscribeThing } from '../lib/wechat';
import { REQUEST_STATUS_LABELS } from '@linli/shared';

/** Which subscribe-message template an outbox kind may use (one message per granted permission). */
const TEMPLATE_OF: Record<string, 'accepted' | 'replied' | 'resolved' | 'new_request' | 'due_soon' | undefined> = {
  accepted: 'accepted',
  replied: 'replied',
  resolved: 'resolved',
  new_request: 'new_request',
  assigned_to_you: 'new_request',
  due_soon: 'due_soon',
};

function templateId(template: string): string {
  const c = config();
  return (
    { accepted: c.WECHAT_TEMPLATE_ACCEPTED, replied: c.WECHAT_TEMPLATE_REPLIED, resolved: c.WECHAT_TEMPLATE_RESOLVED, new_request: c.WECHAT_TEMPLATE_NEW_REQUEST, due_soon: c.WECHAT_TEMPLATE_DUE_SOON } as Record<string, string>
  )[template] ?? '';
}

/**
 * Sends a WeChat subscribe message to each recipient who granted this template (for this request or in
 * general), consuming the grant first so a retried delivery never sends twice. Failures are logged only.
 */
async function sendSubscribeMessages(r: RequestDoc, entry: OutboxEntryDoc, userIds: Types.ObjectId[]) {
  const template = TEMPLATE_OF[entry.kind];
  const id = template ? templateId(template) : '';
  if (!template || !id) return;
  for (const userId of userIds) {
    const grant = await SubscribeGrantModel.findOneAndUpdate(
      { userId, template, usedAt: null, $or: [{ requestId: r._id }, { requestId: null }] },
      { $set: { usedAt: new Date() } },
    );
    if (!grant) continue;
    const user = await UserModel.findById(userId, { openid: 1 }).lean();
    if (!user) continue;
    await sendSubscribeMessage(user.openid, id, `requests/pages/detail/index?id=${r._id}`, {
      thing1: { value: subscribeThing(entry.body) },
      phrase2: { value: REQUEST_STATUS_LABELS[r.status] },
      thing3: { value: subscribeThing(entry.title) },
      time4: { value: shanghaiMinute(entry.createdAt) },
    });
  }
}

/** An outbox entry to $push in the same update as the change it announces. */
export function outboxEntry(
  kind: string,
  audience: OutboxEntryDoc['audience'],
  title: string,
  body: string,
  now: Date,
  exclude?: Types.ObjectId,
  /** With audience `user`: the one person told. */
  to?: Types.ObjectId,
): OutboxEntryDoc {
  return { _id: new Types.ObjectId(), kind, audience, title, body, exclude, to, createdAt: now };
}

/** A short description of the request for notification bodies. */
export function summary(r: Pick<RequestDoc, 'category' | 'title'> & { description?: string }): string {
  return noticeSummary(REQUEST_CATEGORY_LABELS[r.category], r.title || r.description || VOICE_ONLY_TEXT);
}

/** The street staff of the street the request's community belongs to. */
async function streetStaffIds(r: RequestDoc): Promise<Types.ObjectId[]> {
  const c = await CommunityModel.findById(r.communityId, { streetId: 1 }).lean();
  return c ? (await StreetStaffModel.find({ streetId: c.streetId }, { userId: 1 }).lean()).map((s) => s.userId) : [];
}

/** The community's staff (an extension of a grid's or community's request is theirs to decide). */
async function communityStaffIds(r: RequestDoc): Promise<Types.ObjectId[]> {
  return (await MembershipModel.find({ communityId: r.communityId, status: 'active', roles: { $in: ['staff', 'admin'] } }, { userId: 1 }).lean()).map((s) => s.userId);
}

/** Who handles the request at its current level: the grid's workers (or staff without a grid), the community's staff, the street's staff. */
async function handlerIds(r: RequestDoc): Promise<Types.ObjectId[]> {
  if (r.level === 'street') {
    const c = await CommunityModel.findById(r.communityId, { streetId: 1 }).lean();
    return c ? (await StreetStaffModel.find({ streetId: c.streetId }, { userId: 1 }).lean()).map((s) => s.userId) : [];
  }
  if (r.level === 'grid' && r.gridId) {
    const workers = await MembershipModel.find({ communityId: r.communityId, status: 'active', roles: 'grid_worker', gridIds: r.gridId }, { userId: 1 }).lean();
    if (workers.length) return workers.map((w) => w.userId);
  }
  const staff = await MembershipModel.find({ communityId: r.communityId, status: 'active', roles: { $in: ['staff', 'admin'] } }, { userId: 1 }).lean();
  return staff.map((s) => s.userId);
}

/**
 * What the filers of duplicates hear of their original's progress (none of replies: they are the conversation with
 * the original's filer). An original's rejection tells them so, since their own request is finished as a duplicate.
 */
const DUPLICATE_NOTICES: Record<string, string | undefined> = {
  accepted: '您反映的问题已受理（合并办理）',
  assigned: '您反映的问题已分派专人办理（合并办理）',
  escalated: '您反映的问题已上报处理（合并办理）',
  resolved: '您反映的问题已办结（合并办理）',
  rejected: '与您反映的问题合并办理的诉求不予受理，如问题仍在，可重新反映',
};

/**
 * The filers of requests marked as duplicates of `r` follow the work from their own request: each is told on it, in
 * its own words (never the original's, which may be another resident's private request). Unique per (entry, person)
 * like every message, so a retried delivery tells nobody twice; someone who is also a follower of the original has
 * heard already.
 */
async function tellDuplicateFilers(r: RequestDoc, entry: OutboxEntryDoc): Promise<void> {
  const duplicates = await RequestModel.find({ communityId: r.communityId, duplicateOf: r._id }, { filerId: 1, category: 1, title: 1, description: 1 }).lean();
  const told = duplicates.filter((d) => d.filerId && !entry.exclude?.equals(d.filerId));
  if (!told.length) return;
  await MessageModel.insertMany(
    told.map((d) => ({
      communityId: r.communityId,
      userId: d.filerId!,
      sourceId: entry._id,
      kind: `duplicate_${entry.kind}`,
      title: DUPLICATE_NOTICES[entry.kind]!,
      body: summary(d),
      requestId: d._id,
      read: false,
      createdAt: entry.createdAt,
    })),
    { ordered: false },
  ).catch(ignoreAlreadyDelivered);
}

/** insertMany of messages: a duplicate key means that person already has this notice, which is fine. */
function ignoreAlreadyDelivered(err: { code?: number; writeErrors?: { code?: number; err?: { code?: number } }[] }) {
  const codes = err.writeErrors?.map((e) => e.code ?? e.err?.code) ?? [err.code];
  if (!codes.every((c) => c === 11000)) throw err;
}

/**
 * Delivers a request's outbox to the in-app message list, then removes the delivered entries. Safe to run
 * twice: messages are unique per (entry, user). Never throws: a failed delivery is logged and retried by repair.
 */
export async function deliverOutbox(r: RequestDoc): Promise<void> {
  const delivered: string[] = [];
  for (const entry of r.outbox ?? []) {
    try {
      // Notices carry the request's words: followers other than the filer receive them only while the request is
      // public (following through 我也遇到 grants no more than any other resident may see; request.visibility.ts).
      const audience =
        entry.audience === 'followers'
          ? [...(r.filerId ? [r.filerId] : []), ...(isPubliclyVisible(r) ? r.followers : [])]
          : entry.audience === 'assignee'
            ? (r.assigneeId ? [r.assigneeId] : [])
            : entry.audience === 'street'
              ? await streetStaffIds(r)
              : entry.audience === 'user'
                ? (entry.to ? [entry.to] : [])
                : entry.audience === 'staff'
                  ? await communityStaffIds(r)
                : [...(await handlerIds(r)), ...(r.assigneeId && entry.kind !== 'assigned' ? [r.assigneeId] : [])];
      const userIds = [...new Map(audience.map((u) => [u.toHexString(), u])).values()].filter((u) => !entry.exclude?.equals(u));
      if (userIds.length) {
        await MessageModel.insertMany(
          userIds.map((userId) => ({
            communityId: r.communityId,
            userId,
            sourceId: entry._id,
            kind: entry.kind,
            title: entry.title,
            body: entry.body,
            requestId: r._id,
            // A notice to a unit's member (audience user): read in the unit inbox too (messages/handler.ts).
            ...(entry.unitId ? { unitId: entry.unitId } : {}),
            read: false,
            createdAt: entry.createdAt,
          })),
          { ordered: false },
        ).catch(ignoreAlreadyDelivered);
      }
      await sendSubscribeMessages(r, entry, userIds);
      if (entry.audience === 'followers' && DUPLICATE_NOTICES[entry.kind]) await tellDuplicateFilers(r, entry);
      delivered.push(entry._id.toHexString());
    } catch (err) {
      log('warn', 'notification delivery failed', { requestId: String(r._id), entry: String(entry._id), error: String((err as Error).message) });
    }
  }
  if (!delivered.length) {
    // Nothing to deliver (an empty outbox marked pending): clear the mark so the repair routine stops finding it.
    if (!r.outbox?.length && r.outboxPending) await RequestModel.updateOne({ _id: r._id, rev: r.rev, outboxPending: true }, { $set: { outbox: [] } });
    return;
  }
  // Remove what was delivered by writing the rest back, on the revision read: an action that pushed a new
  // entry meanwhile makes this match nothing, and the repair routine delivers later (messages are unique, so
  // nothing is sent twice). Not $pull with a condition: FerretDB 1.24 ignores that form. The revision is left
  // as it is: delivery does not change the request.
  const rest = (r.outbox ?? []).filter((e) => !delivered.includes(e._id.toHexString()));
  await RequestModel.updateOne({ _id: r._id, rev: r.rev }, { $set: { outbox: rest } });
}

// Notifications written but not delivered (the process died in between) are delivered by the repair routine.
defineSweeper('request-outbox', async (cutoff) => {
  const stale = await RequestModel.find({ outboxPending: true, updatedAt: { $lt: cutoff } }).limit(200);
  for (const r of stale) await deliverOutbox(r);
  return stale.length;
});
