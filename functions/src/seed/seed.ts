import { ensureIndexes } from '../lib/db';
import { Types } from 'mongoose';
import { UserModel } from '../auth/user.model';
import { BuildingModel, CommunityModel, GridModel, MembershipModel } from '../communities/community.model';
// Imported so ensureIndexes creates the indexes of every collection.
import { RequestModel } from '../requests/request.model';
import '../consultations/consultation.model';
import { newRequestDoc } from '../requests/request.factory';
import { syncRequestStats } from '../requests/request-stats';
import { PatrolModel } from '../patrols/patrol.model';
import { newPatrolDoc } from '../patrols/patrol.factory';
import { MobileGridApplicationModel, newApplicationDoc } from '../mobile-grid/application.model';
import { ActivityModel, VolunteerModel, newActivityDoc, newVolunteerDoc } from '../volunteers/volunteer.model';
import { RewardModel, newRewardDoc } from '../mall/mall.model';
import { seedHouseholds } from './households.seed';
import { seedMediation } from './mediation.seed';
import { seedVisits } from './visits.seed';
import { seedUnits } from './units.seed';
import { installBuiltInCalendars } from '../system/holidays';
import { addStreetStaff, upsertBuilding, upsertCommunity, upsertGrid, upsertMember, upsertStreet } from '../admin/platform';

/** The demo community every README reader and every test starts from. Idempotent. */
export async function seed(): Promise<{ created: boolean }> {
  await ensureIndexes();
  const before = await UserModel.estimatedDocumentCount();
  // The 2026 holiday calendar (State Council notice), as `npm run upgrade` installs it on a production database.
  await installBuiltInCalendars();

  await upsertStreet('demo-street', '示范街道');
  const demo = await upsertCommunity('demo-street', 'demo', '示范社区');
  // The Open311 key of the demo community (README): a 12345 platform sends it with its calls.
  if (!demo.open311ApiKey) await CommunityModel.updateOne({ _id: demo._id }, { $set: { open311ApiKey: 'demo-open311-key' } });
  await upsertGrid('demo', '第一网格');
  await upsertGrid('demo', '第二网格');
  await upsertBuilding('demo', '第一网格', '1号楼', 120);
  await upsertBuilding('demo', '第一网格', '2号楼', 96);
  await upsertBuilding('demo', '第二网格', '3号楼', 150);
  await upsertBuilding('demo', '第二网格', '4号楼', 80);

  await upsertMember('demo', { openid: 'demo-resident-1', name: '张阿姨', roles: ['resident'], building: '1号楼', unit: '1', room: '101', phone: '13800000001' });
  await upsertMember('demo', { openid: 'demo-resident-2', name: '李师傅', roles: ['resident'], building: '2号楼', unit: '2', room: '202', phone: '13800000002' });
  await upsertMember('demo', { openid: 'demo-resident-3', name: '王同学', roles: ['resident'], building: '3号楼', unit: '1', room: '301', phone: '13800000003' });
  await upsertMember('demo', { openid: 'demo-volunteer-1', name: '赵大姐', roles: ['resident', 'volunteer'], building: '4号楼', unit: '1', room: '102', phone: '13800000004' });
  await upsertMember('demo', { openid: 'demo-grid-1', name: '刘网格', roles: ['grid_worker'], grids: ['第一网格'] });
  await upsertMember('demo', { openid: 'demo-staff-1', name: '陈社工', roles: ['staff'] });
  await upsertMember('demo', { openid: 'demo-admin-1', name: '周书记', roles: ['admin'] });
  await upsertMember('demo', { openid: 'demo-merchant-1', name: '便民超市', roles: ['merchant'] });
  // A courier who delivers here and lives elsewhere: a 流动网格员 only, no household.
  await upsertMember('demo', { openid: 'demo-courier', name: '快递员小李', roles: ['mobile_grid'], phone: '13800000010' });
  // 人民调解员 of the community (矛盾纠纷调处), granted by its admins like any role; no household of their own here.
  await upsertMember('demo', { openid: 'demo-mediator', name: '郑调解员', roles: ['mediator'], phone: '13800000011' });
  await addStreetStaff('demo-street', 'demo-street-1', '吴科长');
  await seedVolunteering(demo._id);
  await seedPatrols(demo._id);
  await seedMobileGrid(demo._id);
  // Members are on their households' records already (upsertMember links them); these two do not use WeChat.
  await seedHouseholds(demo._id);
  // Care flags and a week of visits in 第一网格 (走访), after the register they hang off.
  await seedVisits(demo._id);
  // Dispute cases in each state, one from a 邻里纠纷 request (矛盾纠纷调处).
  await seedMediation(demo._id);

  // A second community on another street, so every isolation rule has something to be isolated from.
  await upsertStreet('river-street', '滨江街道');
  await upsertCommunity('river-street', 'river', '滨江社区');
  await upsertGrid('river', '滨江网格');
  await upsertBuilding('river', '滨江网格', '滨江1号楼', 60);
  await upsertMember('river', { openid: 'river-admin-1', name: '滨江管理员', roles: ['admin'] });
  await upsertMember('river', { openid: 'river-resident-1', name: '滨江居民', roles: ['resident'], building: '滨江1号楼', unit: '1', room: '101' });
  // The units of both streets (吹哨报到) and the street admin who manages them, after both streets' communities.
  await seedUnits();

  return { created: before === 0 };
}

/** demo-volunteer-1 as an approved volunteer, the 积分超市 and a 爱心商家 reward, and an activity next week. */
async function seedVolunteering(communityId: import('mongoose').Types.ObjectId) {
  const now = new Date();
  const volunteerUser = await UserModel.findOne({ openid: 'demo-volunteer-1' });
  const merchantUser = await UserModel.findOne({ openid: 'demo-merchant-1' });
  const staffUser = await UserModel.findOne({ openid: 'demo-staff-1' });
  if (!volunteerUser || !merchantUser || !staffUser) return;
  await VolunteerModel.updateOne(
    { communityId, userId: volunteerUser._id },
    { $setOnInsert: newVolunteerDoc({ communityId, userId: volunteerUser._id, name: '赵大姐', status: 'active', skills: ['助老', '环境整治'], availability: '周末上午', partyMember: true, createdAt: now }) },
    { upsert: true },
  );
  const rewards = [
    { name: '洗衣皂一块', cost: 15, stock: 50, description: '社区积分超市，凭兑换码到社区服务站领取' },
    { name: '理发一次', cost: 30, stock: 20, description: '便民超市旁理发店，凭兑换码使用', merchantId: merchantUser._id, merchantName: '便民超市' },
  ];
  for (const r of rewards)
    if (!(await RewardModel.exists({ communityId, name: r.name })))
      await RewardModel.create(newRewardDoc({ ...r, communityId, createdAt: now }));
  if (!(await ActivityModel.exists({ communityId, title: '周末社区环境整治' }))) {
    const start = new Date(now.getTime() + 7 * 86_400_000);
    await ActivityModel.create(newActivityDoc({
      communityId,
      title: '周末社区环境整治',
      description: '清理楼道杂物、捡拾绿化带垃圾，社区提供手套和工具。',
      category: '环境整治',
      startAt: start,
      endAt: new Date(start.getTime() + 3 * 3_600_000),
      location: '社区服务站门口集合',
      capacity: 20,
      pointsPerHour: 10,
      skills: ['环境整治'],
      createdBy: staffUser._id,
      createdByName: '陈社工',
      createdAt: now,
    }));
  }
}

const HOUR = 3_600_000;

/**
 * A week of 刘网格's patrols in 第一网格, so the patrol pages, coverage and 主动发现率 have something to show: three
 * earlier patrols that checked buildings, and one this morning (relative to the first seed) that checked 2号楼 and found
 * two problems there — a pile of cartons in the stairwell cleared on the spot (就地办结, closed) and an expired fire
 * extinguisher left to the normal loop (submitted). All patrols are ended, so demo-grid-1 can start one. Written once: nothing is
 * added when demo-grid-1 has any patrol, and nothing announces seeded history.
 */
async function seedPatrols(communityId: Types.ObjectId) {
  const worker = await UserModel.findOne({ openid: 'demo-grid-1' });
  const grid = await GridModel.findOne({ communityId, name: '第一网格' });
  if (!worker || !grid || (await PatrolModel.exists({ communityId, workerId: worker._id }))) return;
  const membership = await MembershipModel.findOne({ communityId, userId: worker._id }, { name: 1 }).lean();
  const workerName = membership?.name ?? '刘网格';
  const buildings = await BuildingModel.find({ communityId, gridId: grid._id }).sort({ name: 1 }).lean();
  const [b1, b2] = buildings.map((b) => b._id);
  if (!b1 || !b2) return;
  const now = Date.now();
  const ended = (startHoursAgo: number, checked: Types.ObjectId[], findings: Types.ObjectId[] = []) =>
    newPatrolDoc({ communityId, gridId: grid._id, workerId: worker._id, workerName, startedAt: new Date(now - startHoursAgo * HOUR), endedAt: new Date(now - (startHoursAgo - 1) * HOUR), status: 'ended', checkedBuildingIds: checked, findings });
  const [cleared, extinguisher] = [new Types.ObjectId(), new Types.ObjectId()];
  // Older first, so the ids (巡查记录 lists newest first by _id) follow the days. This morning's covered 2号楼 only: a
  // fresh demo then shows 1号楼 as still to check this week on demo-grid-1's 首页.
  const earlier = [ended(6 * 24, [b1]), ended(4 * 24, [b1, b2]), ended(2 * 24, [b2])];
  const today = ended(2, [b2], [cleared, extinguisher]);
  await PatrolModel.create([...earlier, today]);

  const filing = { communityId, buildingId: b2, gridId: grid._id, filerId: worker._id, filerName: workerName, filedBy: worker._id, filedAs: 'grid_worker' as const, source: 'patrol' as const, patrolId: today._id, phoneConsent: false };
  const docs = [
    newRequestDoc({ ...filing, _id: cleared, category: 'environment', description: '2号楼1单元楼道堆放大量纸箱，堵住消防通道', onSpot: { note: '已联系住户，现场清理完毕，楼道恢复畅通', assigneeName: workerName } }, new Date(now - 1.5 * HOUR)),
    newRequestDoc({ ...filing, _id: extinguisher, category: 'safety', description: '2号楼3单元楼道灭火器压力不足，需要更换' }, new Date(now - 1.2 * HOUR)),
  ];
  for (const doc of docs) {
    const at = doc.timeline[0]!.at;
    // Written as filed then (mongoose would stamp them now); the 三率 counters take them in at once.
    await RequestModel.collection.insertOne({ ...doc, createdAt: at, updatedAt: at, statsDirty: true } as never);
    await syncRequestStats(doc);
  }
}

/**
 * 快递员小李 (demo-courier) as an approved 流动网格员 (顺丰), and two of his reports of 安全隐患, open: a stairwell
 * light out in 1号楼 (第一网格's queue) and a loose manhole cover outside the south gate, a public place with no
 * building (the community's queue; the 三率 board's 未分网格 row). Written once: nothing is added when he has an
 * application, and nothing announces seeded history.
 */
async function seedMobileGrid(communityId: Types.ObjectId) {
  const courier = await UserModel.findOne({ openid: 'demo-courier' });
  const staff = await UserModel.findOne({ openid: 'demo-staff-1' });
  const building = await BuildingModel.findOne({ communityId, name: '1号楼' }).lean();
  if (!courier || !staff || !building || (await MobileGridApplicationModel.exists({ communityId, userId: courier._id }))) return;
  const now = Date.now();
  await MobileGridApplicationModel.create(
    newApplicationDoc({ communityId, userId: courier._id, realName: '李小明', phone: '13800000010', platform: 'sf', area: '每天上午给1至4号楼送件', status: 'approved', createdAt: new Date(now - 3 * 24 * HOUR), reviewedAt: new Date(now - 2 * 24 * HOUR), reviewerId: staff._id }),
  );
  const filing = { communityId, filerId: courier._id, filerName: '快递员小李', filedBy: courier._id, filedAs: 'mobile_grid' as const, source: 'mobile_grid' as const, phoneConsent: true, contactPhone: '13800000010' };
  const docs = [
    newRequestDoc({ ...filing, category: 'safety', description: '1号楼2单元三楼楼道灯不亮，晚上看不清台阶，老人容易摔倒', buildingId: building._id, gridId: building.gridId, address: '2单元三楼' }, new Date(now - 5 * HOUR)),
    newRequestDoc({ ...filing, category: 'safety', description: '南门外人行道井盖松动，电动车压过会翘起，容易绊倒行人', address: '南门外人行道（快递柜对面）', level: 'community' }, new Date(now - 3 * HOUR)),
  ];
  for (const doc of docs) {
    const at = doc.timeline[0]!.at;
    await RequestModel.collection.insertOne({ ...doc, createdAt: at, updatedAt: at, statsDirty: true } as never);
    await syncRequestStats(doc);
  }
}
