import { Types } from 'mongoose';
import { UserModel } from '../auth/user.model';
import { BuildingModel, CommunityModel, MembershipModel } from '../communities/community.model';
import { RequestModel } from '../requests/request.model';
import { newRequestDoc } from '../requests/request.factory';
import { syncRequestStats } from '../requests/request-stats';
import { creditReportReward } from '../requests/report-reward';

const DAY = 86_400_000;
const HOUR = 3_600_000;
export const STORY_TITLE = '1号楼1单元楼道灯不亮';
/** The demo's 随手拍有奖: 10 points a valid report, at most 50 a month per reporter. */
export const DEMO_REPORT_REWARDS = { enabled: true, pointsPerReport: 10, monthlyCap: 50 };

/**
 * For `npm start` and the browser tests (seed.cli.ts), after the seed: 随手拍有奖 turned on in the demo community,
 * and a report of 张阿姨 (demo-resident-1) from three days ago that 刘网格 fixed, confirmed as a valid report, and
 * that she rated — so her passbook shows 10 points of 随手拍奖励 naming it, and she can spend them in the 积分超市.
 * Not in seed(), which the integration tests start from: they count the demo's resident requests (三率), its
 * messages and accounts exactly, and rewards stay off there as in every new community (the tests that need them
 * turn them on). The points are credited through the real posting (report-reward.ts), on a points account it
 * creates. Written once (found by the story's title): an admin who later turns rewards off keeps them off.
 */
export async function seedReportRewardStory(): Promise<void> {
  const demo = await CommunityModel.findOne({ code: 'demo' });
  const [resident, worker] = await Promise.all([UserModel.findOne({ openid: 'demo-resident-1' }), UserModel.findOne({ openid: 'demo-grid-1' })]);
  if (!demo || !resident || !worker) return;
  const communityId = demo._id;
  if (await RequestModel.exists({ communityId, filerId: resident._id, title: STORY_TITLE })) return;
  const [member, building, workerMember] = await Promise.all([
    MembershipModel.findOne({ communityId, userId: resident._id }).lean(),
    BuildingModel.findOne({ communityId, name: '1号楼' }).lean(),
    MembershipModel.findOne({ communityId, userId: worker._id }, { name: 1 }).lean(),
  ]);
  if (!member?.household || !building) return;
  await CommunityModel.updateOne({ _id: communityId }, { $set: { 'settings.reportRewards': DEMO_REPORT_REWARDS } });
  const workerName = workerMember?.name ?? '刘网格';
  const now = Date.now();
  const at = (ago: number) => new Date(now - ago);
  const [filed, accepted, resolved, rated] = [at(3 * DAY), at(3 * DAY - 2 * HOUR), at(2 * DAY), at(2 * DAY - 3 * HOUR)];
  const doc = newRequestDoc(
    {
      communityId,
      category: 'facility',
      title: STORY_TITLE,
      description: '1号楼1单元三楼到五楼的楼道灯都不亮了，晚上老人上下楼看不清，容易摔倒。',
      buildingId: building._id,
      gridId: building.gridId,
      filerId: resident._id,
      filerName: member.name,
      household: member.household,
      filedBy: resident._id,
      filedAs: 'resident',
      source: 'resident',
      phoneConsent: true,
      contactPhone: member.phone ?? undefined,
    },
    filed,
  );
  const entry = (type: string, when: Date, actorId: Types.ObjectId, actorRole: string, note?: string) => ({ _id: new Types.ObjectId(), type, actorId, actorRole, at: when, note, audience: note ? ('filer' as const) : undefined });
  const stored = {
    ...doc,
    status: 'closed' as const,
    assigneeId: worker._id,
    assigneeName: workerName,
    firstResponseAt: accepted,
    firstResponseHours: 2,
    responseOutcome: 'on_time' as const,
    resolvedAt: resolved,
    resolveHours: (resolved.getTime() - filed.getTime()) / HOUR,
    closedAt: rated,
    ratings: [{ satisfied: true, score: 5, comment: '修得很快，谢谢！', at: rated }],
    ratingCount: 1,
    satisfiedCount: 1,
    // Decided with the resolution, as resolve() records it; credited just below.
    reward: { status: 'pending' as const, valid: true, offered: DEMO_REPORT_REWARDS.pointsPerReport, monthlyCap: DEMO_REPORT_REWARDS.monthlyCap, points: 0, decidedBy: worker._id, decidedAt: resolved },
    timeline: [
      ...doc.timeline,
      entry('accept', accepted, worker._id, 'grid_worker'),
      entry('resolve', resolved, worker._id, 'grid_worker', '已更换三到五楼的楼道感应灯，晚上亮灯正常。'),
      entry('rated_satisfied', rated, resident._id, 'resident', '5分（满意）：修得很快，谢谢！'),
    ],
  };
  // Written as filed then (mongoose would stamp them now); the 三率 counters take it in at once. Nothing announced.
  await RequestModel.collection.insertOne({ ...stored, outbox: [], createdAt: filed, updatedAt: rated, statsDirty: true } as never);
  await syncRequestStats(stored);
  await creditReportReward(stored, resolved);
}
