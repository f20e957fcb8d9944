import { Types } from 'mongoose';
import { AUDIT_RETENTION_YEARS, VISIT_RETENTION_YEARS, retentionCutoff, shanghaiDate } from '@linli/shared';
import { AuditModel } from '../src/lib/audit';
import { HouseholdModel } from '../src/households/household.model';
import { FollowUpModel, VisitModel } from '../src/visits/visit.model';
import { RETENTION_BATCH_SIZE, RETENTION_MAX_BATCHES, handler, runRetention } from '../src/system/retention';
import { call } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// The retention job (issue 18, part 2; README 走访 and Security, Retention): once a day it deletes the visits whose
// day is more than three years back (Asia/Shanghai) with their follow-ups, and the audit entries older than three
// years, of every community, in bounded batches. Against the real handler and the embedded database: the demo
// world's own (recent) visits and audit entries, and old ones written as years of use would have left them.

const DAY = 86_400_000;
const OLD_RECORDER = '三年前的网格员';
const OLD_VIA = 'retention-test';
const noonOf = (day: string) => new Date(`${day}T04:00:00Z`); // 12:00 in Shanghai, where a typed day is stored

describe('retention job', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  let demoHousehold: { _id: Types.ObjectId; buildingId: Types.ObjectId; lastVisitAt?: Date | null; careDueKey?: string | null };
  let demo: Types.ObjectId;
  let river: Types.ObjectId;
  const cutoff = () => retentionCutoff(new Date(), VISIT_RETENTION_YEARS);
  /** The Shanghai day `days` before the cutoff day (negative: after it). */
  const dayBeforeCutoff = (days: number) => shanghaiDate(new Date(cutoff().getTime() - days * DAY));

  /** A visit as three-year-old data holds it (the API takes days at most 30 back), with `items` follow-ups. */
  async function oldVisit(communityId: Types.ObjectId, visitedOn: string, items = 1) {
    const visit = await VisitModel.create({
      communityId,
      householdId: communityId.equals(demo) ? demoHousehold._id : new Types.ObjectId(),
      buildingId: communityId.equals(demo) ? demoHousehold.buildingId : new Types.ObjectId(world.riverBuildingId),
      visitedOn,
      visitedAt: noonOf(visitedOn),
      recordedBy: new Types.ObjectId(),
      recorderName: OLD_RECORDER,
      topics: ['hardship'],
      notes: '老人说腿脚不便，儿子在外地。',
      met: [{ kind: 'other', name: '王女士', consent: 'given' }],
    });
    for (let i = 0; i < items; i++) {
      await FollowUpModel.create({ communityId, visitId: visit._id, householdId: visit.householdId, text: `待办${i}`, dueOn: visitedOn, dueKey: `${visitedOn}_${i}`, status: 'open' });
    }
    return visit._id;
  }

  const oldAudit = (communityId: Types.ObjectId | undefined, at: Date, action = 'visits.notes.read') =>
    AuditModel.create({ communityId, actorId: new Types.ObjectId(), actorRoles: ['grid_worker'], action, target: { via: OLD_VIA, ids: 'x' }, status: 200, at });

  const counts = async () => ({
    visits: await VisitModel.countDocuments({}),
    followUps: await FollowUpModel.countDocuments({}),
    audit: await AuditModel.countDocuments({}),
  });

  beforeAll(async () => {
    world = await seededWorld();
    demo = new Types.ObjectId(world.demoId);
    river = new Types.ObjectId(world.riverId);
    const flagged = await HouseholdModel.findOne({ communityId: demo, lastVisitAt: { $ne: null } }).lean();
    demoHousehold = flagged!;
    // Recent activity through the API: a grid worker reads their households' diaries (audited reads).
    const token = await world.token('demo-grid-1');
    expect((await call('GET', '/api/visits', { token, query: { householdId: String(demoHousehold._id) } })).status).toBe(200);
  });

  afterEach(async () => {
    // Each case leaves only the demo world's own data behind.
    const made = (await VisitModel.find({ recorderName: OLD_RECORDER }, { _id: 1 }).lean()).map((v) => v._id);
    await FollowUpModel.deleteMany({ visitId: { $in: made } });
    await VisitModel.deleteMany({ _id: { $in: made } });
    await AuditModel.deleteMany({ 'target.via': OLD_VIA });
  });

  it('keeps three years, counted in whole Asia/Shanghai days', () => {
    expect([VISIT_RETENTION_YEARS, AUDIT_RETENTION_YEARS]).toEqual([3, 3]);
    expect(RETENTION_BATCH_SIZE * RETENTION_MAX_BATCHES).toBe(10_000);
  });

  it('deletes old visits with their follow-ups and old audit entries of every community, and keeps the recent ones', async () => {
    // Prepare
    const recent = await counts();
    expect(recent.visits).toBeGreaterThan(0);
    expect(recent.followUps).toBeGreaterThan(0);
    expect(recent.audit).toBeGreaterThan(0);
    const gone = [await oldVisit(demo, dayBeforeCutoff(1), 2), await oldVisit(demo, dayBeforeCutoff(400)), await oldVisit(river, dayBeforeCutoff(1))];
    const kept = [await oldVisit(demo, dayBeforeCutoff(0)), await oldVisit(river, dayBeforeCutoff(-1))]; // the cutoff day and the day after
    await oldAudit(demo, new Date(cutoff().getTime() - 1));
    await oldAudit(river, new Date(cutoff().getTime() - 100 * DAY));
    await oldAudit(undefined, new Date(cutoff().getTime() - 1), 'platform.action'); // an entry of no community
    const keptAudit = [await oldAudit(demo, cutoff()), await oldAudit(river, new Date(cutoff().getTime() + DAY))];
    const household = await HouseholdModel.findById(demoHousehold._id).lean();

    // Act: the scheduled handler, as EventBridge invokes it.
    const report = await handler();

    // Assess
    expect(report).toMatchObject({ visits: 3, followUps: 4, auditEntries: 3, limitReached: false, visitsBefore: cutoff().toISOString() });
    expect(await VisitModel.countDocuments({ _id: { $in: gone } })).toBe(0);
    expect(await FollowUpModel.countDocuments({ visitId: { $in: gone } })).toBe(0);
    expect(await VisitModel.countDocuments({ _id: { $in: kept } })).toBe(2);
    expect(await FollowUpModel.countDocuments({ visitId: { $in: kept } })).toBe(2);
    expect(await AuditModel.countDocuments({ _id: { $in: keptAudit.map((a) => a._id) } })).toBe(2);
    expect(await counts()).toEqual({ visits: recent.visits + 2, followUps: recent.followUps + 2, audit: recent.audit + 2 });
    // The household's last visit is a fact about it (and its place on the due list): deleting old notes leaves it.
    const after = await HouseholdModel.findById(demoHousehold._id).lean();
    expect([after!.lastVisitAt, after!.careDueKey, after!.rev]).toEqual([household!.lastVisitAt, household!.careDueKey, household!.rev]);
  });

  it('deletes nothing more when run again', async () => {
    await oldVisit(demo, dayBeforeCutoff(10));
    await oldAudit(demo, new Date(cutoff().getTime() - DAY));
    expect(await runRetention()).toMatchObject({ visits: 1, followUps: 1, auditEntries: 1 });
    const before = await counts();
    expect(await runRetention()).toMatchObject({ visits: 0, followUps: 0, auditEntries: 0, limitReached: false });
    expect(await counts()).toEqual(before);
  });

  it('stops at its batch limit and leaves the rest to the next run', async () => {
    // Prepare: 5 old visits and 7 old audit entries; batches of 2, at most 2 a run.
    for (let i = 0; i < 5; i++) await oldVisit(i % 2 ? river : demo, dayBeforeCutoff(1 + i));
    for (let i = 0; i < 7; i++) await oldAudit(i % 2 ? river : demo, new Date(cutoff().getTime() - (1 + i) * DAY));
    const limits = { batchSize: 2, maxBatches: 2 };

    // Act, Assess
    expect(await runRetention(new Date(), limits)).toMatchObject({ visits: 4, followUps: 4, auditEntries: 4, limitReached: true });
    expect(await VisitModel.countDocuments({ visitedAt: { $lt: cutoff() } })).toBe(1);
    expect(await AuditModel.countDocuments({ at: { $lt: cutoff() } })).toBe(3);
    expect(await runRetention(new Date(), limits)).toMatchObject({ visits: 1, followUps: 1, auditEntries: 3, limitReached: false });
    // Each kind's last batch was short of full: nothing left, as the next run confirms.
    expect(await runRetention(new Date(), limits)).toMatchObject({ visits: 0, auditEntries: 0, limitReached: false });
    expect(await VisitModel.countDocuments({ visitedAt: { $lt: cutoff() } })).toBe(0);
    expect(await AuditModel.countDocuments({ at: { $lt: cutoff() } })).toBe(0);
  });

  it('starts no batch once its time budget is spent', async () => {
    await oldVisit(demo, dayBeforeCutoff(3));
    await oldAudit(demo, new Date(cutoff().getTime() - DAY));
    expect(await runRetention(new Date(), { timeBudgetMs: -1 })).toMatchObject({ visits: 0, auditEntries: 0, limitReached: true });
    expect(await runRetention()).toMatchObject({ visits: 1, auditEntries: 1, limitReached: false });
  });

  it('finishes a run a crash cut between the follow-ups and their visit', async () => {
    // Prepare: the follow-ups of an old visit already deleted, the visit not (the job deletes items first).
    const id = await oldVisit(demo, dayBeforeCutoff(5), 2);
    await FollowUpModel.deleteMany({ communityId: demo, visitId: id });

    // Act, Assess
    expect(await runRetention()).toMatchObject({ visits: 1, followUps: 0 });
    expect(await VisitModel.exists({ _id: id })).toBeNull();
  });

  it('measures three years from the day it runs', async () => {
    // A visit thirty days short of three years old stays today and goes a month later.
    const day = dayBeforeCutoff(-30);
    const id = await oldVisit(demo, day);
    expect(await runRetention()).toMatchObject({ visits: 0 });
    expect(await runRetention(new Date(Date.now() + 31 * DAY))).toMatchObject({ visits: 1 });
    expect(await VisitModel.exists({ _id: id })).toBeNull();
  });
});
