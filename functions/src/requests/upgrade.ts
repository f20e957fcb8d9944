import { ON_BEHALF_NOTE, RequestModel, type RequestDoc } from './request.model';
import { isPubliclyVisible } from './request.visibility';
import { MessageModel } from '../messages/message.model';

/** The note 代办 filings carried before contact details moved off the timeline. */
const OLD_ON_BEHALF_NOTE = /^代居民 (.+?) 提交(?:（联系电话 (\d{11})）)?$/;

export interface PrivacyUpgradeResult {
  scanned: number;
  /** Requests whose 代办 note named the resident (and their phone) and was redacted. */
  redacted: number;
  /** Requests from which followers that may not see them were dropped. */
  unfollowed: number;
  /** Requests changed concurrently while this ran, left for the next run. */
  skipped: number;
}

/**
 * Upgrade step for the privacy rules of issue 14 (`npm run upgrade`; safe to run again, and while the API runs):
 * - 代办 notes `代居民 王奶奶 提交（联系电话 139…）` named the resident and their phone to everyone who could read
 *   the timeline: the phone moves to the request's contact (handlers only) and the note becomes `代居民提交`;
 * - 我也遇到 used to make the follower a reader of the request: followers other than the filer are dropped from
 *   requests they may not see (not public, or held for review), with the notices they received about them, so
 *   they no longer receive or keep its words.
 * Each request is rewritten whole by one update conditional on its revision (FerretDB has no arrayFilters), so a
 * concurrent action is never lost: such a request is counted as skipped and done by the next run.
 */
export async function upgradePrivacy(): Promise<PrivacyUpgradeResult> {
  const result: PrivacyUpgradeResult = { scanned: 0, redacted: 0, unfollowed: 0, skipped: 0 };
  const cursor = RequestModel.find({}, { _id: 1, rev: 1, onBehalf: 1, contactPhone: 1, filerId: 1, followers: 1, public: 1, contentStatus: 1, timeline: 1 })
    .lean()
    .cursor();
  for await (const r of cursor as AsyncIterable<RequestDoc>) {
    result.scanned++;
    const $set: Record<string, unknown> = {};
    let phone: string | undefined;
    const timeline = r.timeline.map((e) => {
      const m = e.type === 'submitted' && e.note ? OLD_ON_BEHALF_NOTE.exec(e.note) : null;
      if (!m) return e;
      phone ??= m[2];
      return { ...e, note: ON_BEHALF_NOTE };
    });
    if (timeline.some((e, i) => e !== r.timeline[i])) {
      $set.timeline = timeline;
      if (phone && !r.contactPhone) $set.contactPhone = phone;
    }
    const others = r.followers.filter((f) => !r.filerId?.equals(f));
    if (others.length && !isPubliclyVisible(r)) $set.followers = r.filerId && r.followers.some((f) => r.filerId!.equals(f)) ? [r.filerId] : [];
    if (!Object.keys($set).length) continue;
    const u = await RequestModel.updateOne({ _id: r._id, rev: r.rev }, { $set, $inc: { rev: 1 } });
    if (u.matchedCount === 0) {
      result.skipped++;
      continue;
    }
    if ($set.timeline) result.redacted++;
    if ($set.followers) {
      result.unfollowed++;
      // The notices they already received carried the request's words: withdrawn with the follow.
      await MessageModel.deleteMany({ requestId: r._id, userId: { $in: others } });
    }
  }
  return result;
}
