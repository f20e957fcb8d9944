import { Types } from 'mongoose';
import { REQUEST_CATEGORY_LABELS } from '@linli/shared';
import { defineSweeper } from '../lib/operations';
import { log } from '../lib/logger';
import { CommunityModel, MembershipModel, StreetStaffModel } from '../communities/community.model';
import { MessageModel } from '../messages/message.model';
import { RequestModel, type OutboxEntryDoc, type RequestDoc } from './request.model';

/** An outbox entry to $push in the same update as the change it announces. */
export function outboxEntry(
  kind: string,
  audience: OutboxEntryDoc['audience'],
  title: string,
  body: string,
  now: Date,
  exclude?: Types.ObjectId,
): OutboxEntryDoc {
  return { _id: new Types.ObjectId(), kind, audience, title, body, exclude, createdAt: now };
}

/** A short description of the request for notification bodies. */
export function summary(r: Pick<RequestDoc, 'category' | 'title' | 'description'>): string {
  return `【${REQUEST_CATEGORY_LABELS[r.category]}】${(r.title || r.description).slice(0, 30)}`;
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
 * Delivers a request's outbox to the in-app message list, then removes the delivered entries. Safe to run
 * twice: messages are unique per (entry, user). Never throws: a failed delivery is logged and retried by repair.
 */
export async function deliverOutbox(r: RequestDoc): Promise<void> {
  const delivered: string[] = [];
  for (const entry of r.outbox ?? []) {
    try {
      const audience =
        entry.audience === 'followers'
          ? [...(r.filerId ? [r.filerId] : []), ...r.followers]
          : await handlerIds(r);
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
            read: false,
            createdAt: entry.createdAt,
          })),
          { ordered: false },
        ).catch((err: { code?: number; writeErrors?: { code?: number; err?: { code?: number } }[] }) => {
          const codes = err.writeErrors?.map((e) => e.code ?? e.err?.code) ?? [err.code];
          if (!codes.every((c) => c === 11000)) throw err; // already delivered to these people: fine
        });
      }
      delivered.push(entry._id.toHexString());
    } catch (err) {
      log('warn', 'notification delivery failed', { requestId: String(r._id), entry: String(entry._id), error: String((err as Error).message) });
    }
  }
  if (!delivered.length) return;
  // Remove what was delivered by writing the rest back, on the revision read: an action that pushed a new
  // entry meanwhile makes this match nothing, and the repair routine delivers later (messages are unique, so
  // nothing is sent twice). Not $pull with a condition: FerretDB 1.24 ignores that form. The revision is left
  // as it is: delivery does not change the request.
  const rest = (r.outbox ?? []).filter((e) => !delivered.includes(e._id.toHexString()));
  await RequestModel.updateOne({ _id: r._id, rev: r.rev }, { $set: { outbox: rest } });
}

// Notifications written but not delivered (the process died in between) are delivered by the repair routine.
defineSweeper('request-outbox', async (cutoff) => {
  const stale = await RequestModel.find({ 'outbox.createdAt': { $lt: cutoff } }).limit(200);
  for (const r of stale) await deliverOutbox(r);
  return stale.length;
});
