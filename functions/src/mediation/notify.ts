import type { Types } from 'mongoose';
import { MEDIATION_TYPE_LABELS, caseNumber } from '@linli/shared';
import { CommunityModel, StreetStaffModel } from '../communities/community.model';
import { MessageModel, newMessageDoc } from '../messages/message.model';
import { log } from '../lib/logger';
import type { CaseDoc } from './case.model';

/**
 * Tells people about a case in their message list. A notice names the case by its kind and number only — never a
 * party, the place or what the dispute is about: a message list is read on a phone others may glance at, and the
 * case page shows the contents to those allowed (the message carries the case's id, to open that page, which
 * decides what its reader sees). `sourceId` is the case event that caused it, so a retried call
 * tells nobody twice (messages are unique per source and person). Best effort: a failed notice is logged, the move
 * stands (the case page and lists show it anyway). Answers whether everyone has the notice now (a repeat counts).
 */
export async function tellAboutCase(kase: Pick<CaseDoc, '_id' | 'communityId' | 'type'>, userIds: readonly Types.ObjectId[], title: string, sourceId: Types.ObjectId, now: Date): Promise<boolean> {
  const to = userIds.filter((u, i) => userIds.findIndex((x) => x.equals(u)) === i);
  if (!to.length) return true;
  const body = `${MEDIATION_TYPE_LABELS[kase.type]} ${caseNumber(kase._id.toHexString())}`;
  try {
    await MessageModel.insertMany(
      to.map((userId) => newMessageDoc({ communityId: kase.communityId, userId, sourceId, kind: 'mediation', title, body, mediationCaseId: kase._id, createdAt: now })),
      { ordered: false },
    );
    return true;
  } catch (err) {
    const e = err as { code?: number; writeErrors?: { code?: number; err?: { code?: number } }[] };
    const codes = e.writeErrors?.map((w) => w.code ?? w.err?.code) ?? [e.code];
    if (codes.every((c) => c === 11000)) return true;
    log('error', 'mediation notice failed', { caseId: kase._id.toHexString(), error: String(err) });
    return false;
  }
}

/** The street's staff of the case's community (司法所 / 街道人民调解委员会 in this product). */
export async function streetStaffOf(communityId: Types.ObjectId): Promise<Types.ObjectId[]> {
  const c = await CommunityModel.findById(communityId, { streetId: 1 }).lean();
  return c ? (await StreetStaffModel.find({ streetId: c.streetId }, { userId: 1 }).lean()).map((s) => s.userId) : [];
}
