import { Types } from 'mongoose';
import {
  AUTO_CLOSE_DAYS,
  DEFAULT_COMMUNITY_SETTINGS,
  OPEN_STATUSES,
  REQUEST_LEVEL_LABELS,
  deadlineFor,
  needsSupervision,
  requestTransition,
  type CommunitySettings,
} from '@linli/shared';
import { db } from '../lib/db';
import { log } from '../lib/logger';
import { withSecrets } from '../lib/secrets';
import { CommunityModel } from '../communities/community.model';
import { RequestModel, type RequestDoc } from './request.model';
import { deliverOutbox, outboxEntry, summary } from './notify';
import { countRequestChange, syncDirtyRequests } from './request-stats';
import { noticeDueFollowUps } from '../mediation/follow-up-notice';
import { holidayCalendars } from '../system/holidays';
import { MessageModel, newMessageDoc } from '../messages/message.model';
import { UnitMemberModel } from '../units/unit.model';
import { DispatchModel } from './dispatch.model';

/** The actor id the timeline shows for what the system did by itself. */
export const SYSTEM_ACTOR = new Types.ObjectId('000000000000000000000000');
const WARN_BEFORE_MS = 2 * 3_600_000;

export interface DeadlineReport {
  responseOverdue: number;
  escalated: number;
  warned: number;
  autoClosed: number;
  /** Dispute cases whose 回访 fell due, their mediators told (mediation/follow-up-notice.ts). */
  followUpsDue: number;
  /** 督办: open requests past their resolution deadline flagged to street staff (once each). */
  supervised: number;
  /** 吹哨报到: units told their dispatch awaits 签收 past (or within two hours of) its response deadline. */
  unitsWarned: number;
}

/**
 * 督办: an open request past its own resolution deadline (from the submission, as 三率 count it) is flagged to the
 * street's staff once, with a notice and a timeline entry; one handed off too often was flagged by the hand-off itself
 * (dispatch.ts, use-cases.ts).
 */
async function superviseOverdue(now: Date): Promise<number> {
  let n = 0;
  for (const doc of await RequestModel.find({ status: { $in: [...OPEN_STATUSES] }, resolveBy: { $lt: now }, supervisedAt: null }).limit(1000)) {
    if (needsSupervision({ status: doc.status, handOffCount: doc.handOffCount ?? 0, resolveBy: doc.resolveBy, supervisedAt: doc.supervisedAt }, Number.MAX_SAFE_INTEGER, now) !== 'overdue') continue;
    const ok = await apply(doc, {
      $set: { supervisedAt: now },
      $push: {
        timeline: { _id: new Types.ObjectId(), type: 'supervised', actorId: SYSTEM_ACTOR, actorRole: 'system', at: now, note: '已超过办理时限，街道督办', audience: 'filer' },
        outbox: outboxEntry('supervised', 'street', '诉求已超过办理时限，请督办', summary(doc), now),
      },
    });
    if (ok) n++;
  }
  return n;
}

/**
 * 吹哨报到: a dispatch not yet signed for (签收) within two hours of its response deadline, or past it, is a notice to
 * its unit's members, once (`respondWarnedAt`).
 */
async function warnUnits(now: Date): Promise<number> {
  let n = 0;
  const due = await DispatchModel.find({ status: 'dispatched', respondBy: { $lt: new Date(now.getTime() + WARN_BEFORE_MS) }, respondWarnedAt: null }).limit(1000).lean();
  for (const d of due) {
    const claimed = await DispatchModel.updateOne({ _id: d._id, status: 'dispatched', respondWarnedAt: null }, { $set: { respondWarnedAt: now } });
    if (!claimed.modifiedCount) continue;
    const members = await UnitMemberModel.find({ unitId: d.unitId }, { userId: 1, active: 1 }).lean();
    const late = d.respondBy < now;
    await MessageModel.insertMany(
      members
        .filter((m) => m.active)
        .map((m) =>
          newMessageDoc({
            communityId: d.communityId,
            userId: m.userId,
            sourceId: d._id,
            kind: 'unit_respond_due',
            unitId: d.unitId, // in the member's unit inbox (/api/unit/messages)
            title: late ? '派单已超过签收时限，请立即签收' : '派单即将超过签收时限，请及时签收',
            body: d.unitName,
            requestId: d.requestId,
            createdAt: now,
          }),
        ),
      { ordered: false },
    ).catch(() => undefined); // a duplicate notice of a retried run is refused by the message's unique source
    n++;
  }
  return n;
}

async function settingsFor(communityId: Types.ObjectId, cache: Map<string, CommunitySettings>) {
  const key = communityId.toHexString();
  if (!cache.has(key)) {
    const c = await CommunityModel.findById(communityId, { settings: 1 }).lean();
    cache.set(key, { ...DEFAULT_COMMUNITY_SETTINGS, ...(c?.settings ?? {}) });
  }
  return cache.get(key)!;
}

/**
 * Marks open requests whose first-response deadline passed unanswered, then brings the 三率 counters up to
 * date for them. Only the job runs it (every 15 minutes): statistics read counters and never scan requests,
 * so 响应率 counts a missed deadline from the next run of the job.
 */
export async function markOverdueResponses(now: Date, communityId?: Types.ObjectId): Promise<number> {
  const r = await RequestModel.updateMany(
    { ...(communityId ? { communityId } : {}), status: { $in: [...OPEN_STATUSES] }, responseOutcome: 'pending', respondBy: { $lt: now } },
    { $set: { responseOutcome: 'overdue' }, $inc: { rev: 1 } },
  );
  // The update marked them (request.model); sync until none is left, also any a crash left behind.
  const scope = communityId ? { communityId } : {};
  for (let pass = 0; pass < 100 && (await syncDirtyRequests(scope)) === 500; pass++);
  return r.modifiedCount;
}

/** One conditional update on the revision read; a request changed meanwhile is left for the next run. */
async function apply(doc: RequestDoc, update: Record<string, unknown>): Promise<boolean> {
  const updated = await RequestModel.findOneAndUpdate({ _id: doc._id, rev: doc.rev }, { ...update, $inc: { ...(update.$inc as Record<string, number> | undefined), rev: 1 } }, { new: true });
  if (updated) {
    await Promise.all([deliverOutbox(updated), countRequestChange(updated)]);
  }
  return !!updated;
}

/**
 * 接诉即办 deadlines, run every 15 minutes and by hand: marks first responses overdue, escalates requests past
 * their resolution deadline one level (deadlines restart there), warns handlers two hours before a deadline,
 * and closes requests left unrated 7 days after resolution. The handlers enforce the same time rules themselves.
 * It also tells mediators when a dispute agreement's 回访 falls due (the one other deadline of the kind).
 */
export async function runDeadlines(now = new Date()): Promise<DeadlineReport> {
  await db();
  const report: DeadlineReport = { responseOverdue: 0, escalated: 0, warned: 0, autoClosed: 0, followUpsDue: 0, supervised: 0, unitsWarned: 0 };
  const settings = new Map<string, CommunitySettings>();
  const open = { $in: [...OPEN_STATUSES] };

  report.responseOverdue = await markOverdueResponses(now);

  // Past the level's own deadline (from its escalation, or the filing); requests from before levels had their own
  // deadlines have the request's. Escalating gives the new level its own deadlines and leaves the request's (三率,
  // from the submission) alone: the clock never restarts while a request moves on (issue 19).
  const calendars = await holidayCalendars(now);
  const overdueAtLevel = [
    ...(await RequestModel.find({ status: open, level: { $ne: 'street' }, levelResolveBy: { $lt: now } }).limit(1000)),
    ...(await RequestModel.find({ status: open, level: { $ne: 'street' }, levelResolveBy: null, resolveBy: { $lt: now } }).limit(1000)),
  ];
  for (const doc of overdueAtLevel) {
    const t = requestTransition(doc, 'escalate');
    if (!t.ok) continue;
    const d = deadlineFor({ type: doc.type, level: t.level, urgency: doc.urgency, from: now, settings: await settingsFor(doc.communityId, settings), calendars });
    const label = REQUEST_LEVEL_LABELS[t.level];
    const ok = await apply(doc, {
      $set: { level: t.level, levelSince: now, levelRespondBy: d.respondBy, levelResolveBy: d.resolveBy, lastHandOffAt: now },
      $inc: { handOffCount: 1 },
      $push: {
        timeline: { _id: new Types.ObjectId(), type: `escalated_${t.level}`, actorId: SYSTEM_ACTOR, actorRole: 'system', at: now, note: `超过${REQUEST_LEVEL_LABELS[doc.level]}办理时限，自动上报至${label}` },
        outbox: {
          $each: [
            outboxEntry('escalated', 'handlers', `超时诉求已上报至${label}，请督办`, summary(doc), now),
            outboxEntry('escalated', 'followers', `您的诉求已上报至${label}`, summary(doc), now),
          ],
        },
      },
    });
    if (ok) report.escalated++;
  }

  const soon = await RequestModel.find({
    status: open,
    resolveBy: { $gte: now, $lt: new Date(now.getTime() + WARN_BEFORE_MS) },
    overdueWarnedAt: null, // never warned for the deadline in force (escalation clears it)
  }).limit(1000);
  for (const doc of soon) {
    const ok = await apply(doc, {
      $set: { overdueWarnedAt: now },
      $push: { outbox: outboxEntry('due_soon', 'handlers', '诉求即将超过办理时限', summary(doc), now) },
    });
    if (ok) report.warned++;
  }

  const unrated = await RequestModel.find({ status: 'resolved', resolvedAt: { $lt: new Date(now.getTime() - AUTO_CLOSE_DAYS * 86_400_000) } }).limit(1000);
  for (const doc of unrated) {
    const ok = await apply(doc, {
      $set: { status: 'closed', closedAt: now },
      $push: { timeline: { _id: new Types.ObjectId(), type: 'auto_closed', actorId: SYSTEM_ACTOR, actorRole: 'system', at: now, note: `办结${AUTO_CLOSE_DAYS}天未评价，自动关闭` } },
    });
    if (ok) report.autoClosed++;
  }

  report.supervised = await superviseOverdue(now);
  report.unitsWarned = await warnUnits(now);

  report.followUpsDue = await noticeDueFollowUps(now);
  log('info', 'deadlines run', { ...report });
  return report;
}

/** Scheduled every 15 minutes (serverless.yml); `npm run deadlines` runs it by hand. */
export const handler = withSecrets(async () => runDeadlines());
