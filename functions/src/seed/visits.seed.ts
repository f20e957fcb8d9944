import { Types } from 'mongoose';
import { DEFAULT_CARE_VISIT_INTERVALS, followUpDueKey, sameOccupantName, shanghaiDate, type CareFlag } from '@linli/shared';
import { UserModel } from '../auth/user.model';
import { BuildingModel, GridModel, MembershipModel } from '../communities/community.model';
import { CommunityScope } from '../lib/scope';
import { HouseholdModel } from '../households/household.model';
import { careDueKeyOf } from '../households/care-flags';
import { changeOccupants, ensureHousehold } from '../households/use-cases';
import { FollowUpModel, VisitModel, type MetDoc } from '../visits/visit.model';

const DAY = 86_400_000;

/**
 * Care flags and a week of 刘网格's visits (走访) in 第一网格, so demo-grid-1's 关爱探访 list and open follow-ups have
 * something to show: 孙奶奶 (独居老人) visited four days ago — one follow-up open, one done (her dark stairwell is in
 * the notes: no 代办 request is seeded from it, as the 三率 tests count every resident's request of the community
 * exactly; the walk-through files one); 马爷爷 (高龄, a household new to the register) visited six days ago
 * with a follow-up now overdue; 何阿姨 (残疾) visited two days ago, who did not agree to be named (her daughter did);
 * 田奶奶 (低保/困难) flagged and never visited. Only 第一网格, and not 张阿姨's household (tests read 第二网格's due list
 * and hers as they were). Written once: nothing is added when demo-grid-1 has recorded any visit.
 */
export async function seedVisits(communityId: Types.ObjectId) {
  const worker = await UserModel.findOne({ openid: 'demo-grid-1' });
  const staff = await UserModel.findOne({ openid: 'demo-staff-1' });
  const grid = await GridModel.findOne({ communityId, name: '第一网格' });
  if (!worker || !staff || !grid || (await VisitModel.exists({ communityId, recordedBy: worker._id }))) return;
  const workerName = (await MembershipModel.findOne({ communityId, userId: worker._id }, { name: 1 }).lean())?.name ?? '刘网格';
  const scope = new CommunityScope(communityId);
  const buildings = await BuildingModel.find({ communityId, gridId: grid._id }).lean();
  const building = (name: string) => buildings.find((b) => b.name === name)!;
  const now = Date.now();
  const dayOf = (offset: number) => shanghaiDate(new Date(now + offset * DAY));
  const noon = (offset: number) => new Date(`${dayOf(offset)}T12:00:00+08:00`);

  /** A household of the grid with its occupant and a care flag (set a week before the visits). */
  const household = async (buildingName: string, unit: string, room: string, occupant: { name: string; relation?: string; phone?: string; phoneNote?: string }, flag: CareFlag) => {
    const { doc } = await ensureHousehold(scope, { buildingId: building(buildingName)._id, unit, room });
    const r = await changeOccupants(doc._id, (list) => (list.some((o) => sameOccupantName(o.name, occupant.name)) ? null : [...list, { ...occupant, source: 'staff' as const, addedAt: new Date(now - 30 * DAY) }]));
    const h = r.ok ? r.value : doc;
    const flags = [{ _id: new Types.ObjectId(), flag, setBy: staff._id, setAt: new Date(now - 10 * DAY) }];
    await HouseholdModel.updateOne({ _id: h._id }, { $set: { careFlags: flags, careDueKey: careDueKeyOf(h._id, flags, undefined, DEFAULT_CARE_VISIT_INTERVALS) }, $inc: { rev: 1 } });
    return (await HouseholdModel.findById(h._id).lean())!;
  };
  const sun = await household('2号楼', '1', '102', { name: '孙奶奶', relation: '户主', phone: '13900000002', phoneNote: '儿子孙强' }, 'living_alone');
  const ma = await household('1号楼', '5', '502', { name: '马爷爷', relation: '户主', phone: '13900000003', phoneNote: '女儿马丽' }, 'elderly');
  const he = await household('2号楼', '2', '203', { name: '何阿姨', relation: '户主' }, 'disabled');
  await household('1号楼', '3', '302', { name: '田奶奶', relation: '户主' }, 'low_income');
  const occupant = (h: typeof sun, name: string) => h.occupants.find((o) => o.name === name)!._id;

  const visits: { h: typeof sun; offset: number; topics: string[]; notes: string; met: MetDoc[]; followUps: { text: string; due: number; doneOffset?: number; note?: string }[]}[] = [
    {
      h: ma,
      offset: -6,
      topics: ['policy'],
      notes: '马爷爷88岁，身体尚可，询问高龄津贴怎么申请；女儿每周来看一次。',
      met: [{ kind: 'occupant', occupantId: occupant(ma, '马爷爷'), consent: 'given', consentAt: noon(-6) }],
      followUps: [{ text: '帮马爷爷准备高龄津贴申请材料', due: -2 }],
    },
    {
      h: sun,
      offset: -4,
      topics: ['hardship', 'safety_risk'],
      notes: '孙奶奶独居，腿脚不便，想在助餐点登记；2号楼1单元楼道灯坏了，晚上不敢出门。',
      met: [{ kind: 'occupant', occupantId: occupant(sun, '孙奶奶'), consent: 'given', consentAt: noon(-4) }],
      followUps: [
        { text: '联系助餐点为孙奶奶登记', due: 2 },
        { text: '送冬季慰问品', due: -1, doneOffset: -1, note: '已送米面油各一份' },
      ],
    },
    {
      h: he,
      offset: -2,
      topics: ['suggestion'],
      notes: '何阿姨建议单元门口加装扶手；本人不同意登记姓名，由女儿陪同。',
      met: [
        { kind: 'occupant', consent: 'refused', consentAt: noon(-2) },
        { kind: 'other', name: '何女士', relation: '女儿', consent: 'given', consentAt: noon(-2) },
      ],
      followUps: [{ text: '向物业反映加装扶手', due: 5 }],
    },
  ];
  for (const v of visits) {
    const visitId = new Types.ObjectId();
    const at = noon(v.offset);
    for (const f of v.followUps) {
      const _id = new Types.ObjectId();
      await FollowUpModel.create({
        _id,
        communityId,
        visitId,
        householdId: v.h._id,
        gridId: grid._id,
        text: f.text,
        dueOn: dayOf(f.due),
        dueKey: followUpDueKey(dayOf(f.due), _id.toHexString()),
        status: f.doneOffset === undefined ? 'open' : 'done',
        ...(f.doneOffset === undefined ? {} : { doneAt: noon(f.doneOffset), doneBy: worker._id, doneByName: workerName, doneNote: f.note }),
      });
    }
    await VisitModel.create({ _id: visitId, communityId, householdId: v.h._id, buildingId: v.h.buildingId, gridId: grid._id, visitedOn: dayOf(v.offset), visitedAt: at, recordedBy: worker._id, recorderName: workerName, topics: v.topics, notes: v.notes, met: v.met, metUserIds: [] });
    const flags = (await HouseholdModel.findById(v.h._id).lean())!.careFlags ?? [];
    await HouseholdModel.updateOne({ _id: v.h._id }, { $set: { lastVisitAt: at, careDueKey: careDueKeyOf(v.h._id, flags, at, DEFAULT_CARE_VISIT_INTERVALS) }, $inc: { rev: 1 } });
  }
}
