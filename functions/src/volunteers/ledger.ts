import { isDuplicateKey } from '../lib/errors';
import { Types } from 'mongoose';
import type { LedgerKind } from '@linli/shared';
import { conflict } from '../lib/errors';
import { defineSweeper } from '../lib/operations';
import { LedgerEntryModel, VolunteerModel, newLedgerEntryDoc, type LedgerEntryDoc } from './volunteer.model';

export class InsufficientBalance extends Error {
  constructor(readonly balance: number) {
    super('insufficient balance');
  }
}

export interface Posting {
  communityId: Types.ObjectId;
  volunteerId: Types.ObjectId;
  kind: LedgerKind;
  amount: number;
  /**
   * Unique per movement: a second posting with the same key returns the first and moves nothing. Built from what
   * makes the movement one (ids, or the caller's Idempotency-Key), never from the gateway's request id.
   */
  key: string;
  note: string;
  hours?: number;
  activityId?: Types.ObjectId;
  redemptionId?: Types.ObjectId;
  requestId?: Types.ObjectId;
  actorId?: Types.ObjectId;
  /**
   * A ceiling per period on what this kind credits the account (随手拍奖励: a monthly cap). `decide` gets what
   * entries of the kind already credited since `since` and answers the amount and note in place of `amount` and
   * `note`. It is asked at the entry's place in the account's chain, when every entry before it is written and none
   * after it can be: two postings at once cannot both count the same room under the cap, as only one of them takes
   * the next sequence number and the other counts again with that entry in.
   */
  capped?: { since: Date; decide: (creditedSince: number) => { amount: number; note: string } };
}


/**
 * Carries an entry onto the volunteer: one conditional update on the previous sequence number sets the balance
 * to the entry's balanceAfter (and adds its hours), then the entry is marked applied. Entries before it that are
 * still pending (a crash) are applied first, in order. Safe to run again.
 */
async function applyEntry(entry: LedgerEntryDoc): Promise<void> {
  for (let guard = 0; guard < 1000; guard++) {
    const v = await VolunteerModel.findById(entry.volunteerId, { seq: 1 }).lean();
    if (!v) return;
    if (v.seq >= entry.seq) break; // already carried
    const next = v.seq + 1 === entry.seq ? entry : await LedgerEntryModel.findOne({ volunteerId: entry.volunteerId, seq: v.seq + 1 }).lean();
    if (!next) return; // a gap cannot happen (seq is taken in order); nothing to apply
    await VolunteerModel.updateOne(
      { _id: entry.volunteerId, seq: next.seq - 1 },
      {
        $set: { seq: next.seq, balance: next.balanceAfter },
        // Service points (the leaderboard's) and 随手拍奖励 are counted apart; both are in the balance.
        $inc: { hours: next.hours ?? 0, pointsEarned: next.kind === 'earn' ? next.amount : 0, rewardPoints: next.kind === 'report_reward' ? next.amount : 0 },
      },
    );
  }
  await LedgerEntryModel.updateOne({ _id: entry._id, status: 'pending' }, { $set: { status: 'applied' } });
}

/**
 * Whether an existing entry is the movement a posting asks for (the same key may only ever mean one): the same
 * volunteer, community and kind. Not the amount: a second confirmation of an activity's hours (another amount,
 * same key) is answered with the first, which stands, as attendance promises (`credited: false`).
 */
function isSameMovement(entry: LedgerEntryDoc, p: Posting): boolean {
  return entry.volunteerId.equals(p.volunteerId) && entry.communityId.equals(p.communityId) && entry.kind === p.kind;
}

/**
 * Posts a movement: idempotent by key, never below zero, and strictly ordered per volunteer (the entry takes the
 * next sequence number, unique per volunteer; a concurrent posting that took it makes this one re-read).
 * Returns the entry and whether this call created it.
 */
export async function post(p: Posting, now = new Date()): Promise<{ entry: LedgerEntryDoc; created: boolean }> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const existing = await LedgerEntryModel.findOne({ key: p.key }).lean();
    if (existing) {
      // A key that names another movement is a bug in how the key was built: answering with that entry would say
      // this movement happened when it did not (and hand one volunteer's entry to another's caller).
      if (!isSameMovement(existing, p)) throw new Error(`ledger key ${p.key} already names another movement (entry ${existing._id.toHexString()})`);
      await applyEntry(existing);
      return { entry: { ...existing, status: 'applied' }, created: false };
    }
    const v = await VolunteerModel.findById(p.volunteerId, { seq: 1, balance: 1 }).lean();
    if (!v) throw conflict('志愿者不存在');
    const head = await LedgerEntryModel.findOne({ volunteerId: p.volunteerId, seq: v.seq + 1 }).lean();
    if (head) {
      // Someone's posting is between its two steps (or died there): carry it first, then build on it.
      await applyEntry(head);
      continue;
    }
    const { capped, ...movement } = p;
    if (capped) {
      const before = await LedgerEntryModel.find({ volunteerId: p.volunteerId, kind: p.kind, createdAt: { $gte: capped.since } }, { amount: 1 }).lean();
      Object.assign(movement, capped.decide(before.reduce((sum, e) => sum + e.amount, 0)));
    }
    const balanceAfter = v.balance + movement.amount;
    if (balanceAfter < 0) throw new InsufficientBalance(v.balance);
    try {
      const entry = (
        await LedgerEntryModel.create(newLedgerEntryDoc({ ...movement, seq: v.seq + 1, balanceAfter, status: 'pending', createdAt: now }))
      ).toObject() as LedgerEntryDoc;
      await applyEntry(entry);
      return { entry: { ...entry, status: 'applied' }, created: true };
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      // The sequence number or the key was taken meanwhile: read again.
    }
  }
  throw conflict('积分账户繁忙，请稍后重试');
}

export interface ReconcileReport {
  volunteers: number;
  entries: number;
  differences: { volunteerId: string; name: string; balance: number; ledgerBalance: number; hours: number; ledgerHours: number }[];
}

/** Recomputes every balance and hours from the ledger (after finishing pending entries) and lists differences. */
export async function reconcile(): Promise<ReconcileReport> {
  await finishPendingEntries(new Date());
  const report: ReconcileReport = { volunteers: 0, entries: 0, differences: [] };
  const sums = new Map<string, { amount: number; hours: number; n: number }>();
  for await (const e of LedgerEntryModel.find({ status: 'applied' }, { volunteerId: 1, amount: 1, hours: 1 }).lean().cursor()) {
    const k = e.volunteerId.toHexString();
    const s = sums.get(k) ?? { amount: 0, hours: 0, n: 0 };
    s.amount += e.amount;
    s.hours += e.hours ?? 0;
    s.n++;
    sums.set(k, s);
    report.entries++;
  }
  for await (const v of VolunteerModel.find({}, { name: 1, balance: 1, hours: 1 }).lean().cursor()) {
    report.volunteers++;
    const s = sums.get(v._id.toHexString()) ?? { amount: 0, hours: 0, n: 0 };
    const ledgerHours = Math.round(s.hours * 10) / 10;
    if (s.amount !== v.balance || Math.abs(ledgerHours - v.hours) > 0.05)
      report.differences.push({ volunteerId: v._id.toHexString(), name: v.name, balance: v.balance, ledgerBalance: s.amount, hours: v.hours, ledgerHours });
  }
  return report;
}

async function finishPendingEntries(cutoff: Date): Promise<number> {
  const pending = await LedgerEntryModel.find({ status: 'pending', createdAt: { $lt: cutoff } }).sort({ seq: 1 }).limit(1000).lean();
  for (const e of pending) await applyEntry(e);
  return pending.length;
}

// A posting that died between its entry and the balance update is carried by the repair routine.
defineSweeper('ledger', finishPendingEntries);
