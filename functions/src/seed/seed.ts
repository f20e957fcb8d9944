import { ensureIndexes } from '../lib/db';
import { UserModel } from '../auth/user.model';
import { CommunityModel } from '../communities/community.model';
// Imported so ensureIndexes creates the indexes of every collection.
import '../requests/request.model';
import '../consultations/consultation.model';
import { ActivityModel, VolunteerModel, newActivityDoc, newVolunteerDoc } from '../volunteers/volunteer.model';
import { RewardModel, newRewardDoc } from '../mall/mall.model';
import { addStreetStaff, upsertBuilding, upsertCommunity, upsertGrid, upsertMember, upsertStreet } from '../admin/platform';

/** The demo community every README reader and every test starts from. Idempotent. */
export async function seed(): Promise<{ created: boolean }> {
  await ensureIndexes();
  const before = await UserModel.estimatedDocumentCount();

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
  await addStreetStaff('demo-street', 'demo-street-1', '吴科长');
  await seedVolunteering(demo._id);

  // A second community on another street, so every isolation rule has something to be isolated from.
  await upsertStreet('river-street', '滨江街道');
  await upsertCommunity('river-street', 'river', '滨江社区');
  await upsertGrid('river', '滨江网格');
  await upsertBuilding('river', '滨江网格', '滨江1号楼', 60);
  await upsertMember('river', { openid: 'river-admin-1', name: '滨江管理员', roles: ['admin'] });
  await upsertMember('river', { openid: 'river-resident-1', name: '滨江居民', roles: ['resident'], building: '滨江1号楼', unit: '1', room: '101' });

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
