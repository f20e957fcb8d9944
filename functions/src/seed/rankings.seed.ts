import { Types } from 'mongoose';
import { SHANGHAI_OFFSET_MS, previousMonthOf, shanghaiMonth } from '@linli/shared';
import { UserModel } from '../auth/user.model';
import { BuildingModel, CommunityModel, MembershipModel } from '../communities/community.model';
import { UnitModel } from '../units/unit.model';
import { RequestModel } from '../requests/request.model';
import { DispatchModel } from '../requests/dispatch.model';
import { newRequestDoc } from '../requests/request.factory';
import { syncRequestStats } from '../requests/request-stats';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The first seeded request's words: the story is written once, found by them. */
export const RANKING_STORY_MARK = '1号楼2单元电梯停在半层，按钮失灵';

interface Story {
  /** Days after the month's first day (Asia/Shanghai, at 09:00), kept before now for this month. */
  day: number;
  month: 'this' | 'last';
  category: 'facility' | 'environment' | 'parking' | 'property';
  building: string;
  description: string;
  /** What became of it: answered on time or late, resolved in time or late, closed by a satisfied / unsatisfied rating. */
  answered?: 'on_time' | 'late';
  resolved?: 'in_time' | 'late';
  rating?: 5 | 4 | 2;
  sentBack?: boolean;
  extended?: boolean;
  /** The unit it was dispatched to (lead), with its community rating. */
  unit?: { name: string; ackOnTime: boolean; unitRating?: number; status?: 'resolved' | 'sent_back' | 'acknowledged' };
}

// This month: the lift of 1号楼 three times and rubbish at 3号楼 twice (每月一题), each grid with something to rank.
// Last month: the lift once and rubbish twice, so the trend says up and same.
const STORIES: Story[] = [
  { month: 'this', day: 0, category: 'facility', building: '1号楼', description: RANKING_STORY_MARK, answered: 'on_time', resolved: 'in_time', rating: 5, unit: { name: '阳光物业公司', ackOnTime: true, unitRating: 5 } },
  { month: 'this', day: 1, category: 'facility', building: '1号楼', description: '1号楼电梯又坏了，老人上下楼很困难', answered: 'on_time', sentBack: true, unit: { name: '自来水公司', ackOnTime: false, status: 'sent_back' } },
  { month: 'this', day: 2, category: 'facility', building: '1号楼', description: '1号楼电梯运行有异响，担心安全', answered: 'late', extended: true, unit: { name: '阳光物业公司', ackOnTime: true, status: 'acknowledged' } },
  { month: 'this', day: 0, category: 'environment', building: '3号楼', description: '3号楼垃圾桶满了没人清运，气味很大', answered: 'on_time', resolved: 'in_time', rating: 4 },
  { month: 'this', day: 1, category: 'environment', building: '3号楼', description: '3号楼楼下垃圾堆放，招来很多苍蝇', answered: 'on_time', resolved: 'late', rating: 2, unit: { name: '街道城管执法队', ackOnTime: true, unitRating: 3 } },
  { month: 'this', day: 2, category: 'parking', building: '4号楼', description: '4号楼门口电动车乱停，堵住消防通道', answered: 'on_time' },
  { month: 'last', day: 3, category: 'facility', building: '1号楼', description: '1号楼电梯门关不上', answered: 'on_time', resolved: 'in_time', rating: 5, unit: { name: '阳光物业公司', ackOnTime: true, unitRating: 4 } },
  { month: 'last', day: 8, category: 'environment', building: '3号楼', description: '3号楼垃圾分类桶不够用', answered: 'on_time', resolved: 'in_time', rating: 5 },
  { month: 'last', day: 12, category: 'environment', building: '3号楼', description: '3号楼绿化带里有建筑垃圾', answered: 'late', resolved: 'late', rating: 4, unit: { name: '街道城管执法队', ackOnTime: false, unitRating: 4 } },
  { month: 'last', day: 15, category: 'property', building: '2号楼', description: '2号楼物业费公示不清楚', answered: 'on_time', resolved: 'in_time', rating: 5 },
  { month: 'last', day: 20, category: 'facility', building: '4号楼', description: '4号楼单元门禁坏了', answered: 'on_time', resolved: 'in_time', rating: 4, unit: { name: '阳光物业公司', ackOnTime: true, unitRating: 5 } },
];

/**
 * For `npm start` and the browser tests (seed.cli.ts), after the seed: a month and a bit of residents' requests in
 * 示范社区 with what became of them — answered on time or late, resolved in time or late, rated, one sent back by a
 * unit, one extended — and the units' dispatch records of them, so 考核排名 has communities, grids and units to rank
 * this month and last, and 每月一题 a recurring lift and rubbish problem with a trend. Not in seed(): the
 * integration tests count the demo's resident requests exactly. Written as history (ids from their filing times,
 * so they list below anything filed today) and counted into the 三率 counters as filed; written once.
 */
export async function seedRankingStory(now = new Date()): Promise<void> {
  const demo = await CommunityModel.findOne({ code: 'demo' });
  if (!demo || (await RequestModel.exists({ communityId: demo._id, description: RANKING_STORY_MARK }))) return;
  const communityId = demo._id;
  const [buildings, staff, units] = await Promise.all([
    BuildingModel.find({ communityId }).lean(),
    UserModel.findOne({ openid: 'demo-staff-1' }),
    UnitModel.find({ streetId: demo.streetId }).lean(),
  ]);
  if (!staff) return;
  const residents = await MembershipModel.find({ communityId, roles: 'resident', status: 'active' }).lean();
  const staffName = (await MembershipModel.findOne({ communityId, userId: staff._id }, { name: 1 }).lean())?.name ?? '陈社工';
  const thisMonth = shanghaiMonth(now);
  let n = 0;
  for (const s of STORIES) {
    const building = buildings.find((b) => b.name === s.building);
    const resident = residents.find((r) => String(r.household?.buildingId) === String(building?._id)) ?? residents[0];
    if (!building || !resident) continue;
    const month = s.month === 'this' ? thisMonth : previousMonthOf(thisMonth);
    const start = Date.parse(`${month}-01T00:00:00Z`) - SHANGHAI_OFFSET_MS;
    let filedAt = start + 9 * HOUR + s.day * DAY + (n % 3) * HOUR;
    // This month's are filed before now, two days back at most, and never before the month began (early in a month
    // they crowd into its first minutes; what would happen after now then has not happened yet).
    if (s.month === 'this') filedAt = Math.max(start + n * 60_000, Math.min(filedAt, now.getTime() - 2 * DAY + n * HOUR));
    n++;
    const filed = new Date(filedAt);
    const doc = newRequestDoc(
      {
        // An id of its filing time (lists sort by id), unique like any other.
        _id: new Types.ObjectId(Types.ObjectId.createFromTime(Math.floor(filedAt / 1000)).toHexString().slice(0, 8) + new Types.ObjectId().toHexString().slice(8)),
        communityId,
        category: s.category,
        description: s.description,
        buildingId: building._id,
        gridId: building.gridId,
        filerId: resident.userId,
        filerName: resident.name,
        filedBy: resident.userId,
        filedAs: 'resident',
        household: resident.household ?? undefined,
        phoneConsent: false,
      },
      filed,
    );
    const at = (hours: number) => new Date(filedAt + hours * HOUR);
    const answeredAt = s.answered === 'late' ? new Date(doc.respondBy.getTime() + 2 * HOUR) : at(2);
    const resolvedAt = s.resolved === 'late' ? new Date(doc.resolveBy.getTime() + 5 * HOUR) : at(30);
    const done = !!s.answered && !!s.resolved && resolvedAt.getTime() < now.getTime();
    const timeline = [...doc.timeline];
    const set: Record<string, unknown> = {};
    if (s.answered && answeredAt.getTime() < now.getTime()) {
      timeline.push({ _id: new Types.ObjectId(), type: 'accept', actorId: staff._id, actorRole: 'staff', at: answeredAt });
      Object.assign(set, { status: 'in_progress', firstResponseAt: answeredAt, responseOutcome: s.answered, firstResponseHours: (answeredAt.getTime() - filedAt) / HOUR, assigneeId: staff._id, assigneeName: staffName });
    }
    if (done) {
      timeline.push({ _id: new Types.ObjectId(), type: 'resolve', actorId: staff._id, actorRole: 'staff', at: resolvedAt, note: '已处理完毕，请您评价', audience: 'filer' });
      Object.assign(set, { status: 'resolved', resolvedAt, resolveHours: (resolvedAt.getTime() - filedAt) / HOUR });
      if (s.rating) {
        const ratedAt = new Date(resolvedAt.getTime() + 3 * HOUR);
        const satisfied = s.rating >= 4;
        timeline.push({ _id: new Types.ObjectId(), type: satisfied ? 'rated' : 'rated_unsatisfied', actorId: resident.userId, actorRole: 'resident', at: ratedAt });
        // An unsatisfied rating after the one reopen would close it too; these are first ratings: closed either way for the story.
        Object.assign(set, { status: 'closed', closedAt: ratedAt, ratings: [{ satisfied, score: s.rating, at: ratedAt }], ratingCount: 1, satisfiedCount: satisfied ? 1 : 0 });
      }
    }
    if (s.sentBack) set.sendBackCount = 1;
    if (s.extended) set.extensionCount = 1;
    const unit = s.unit && units.find((u) => u.name === s.unit!.name);
    let dispatch: Record<string, unknown> | undefined;
    if (unit && s.unit && answeredAt.getTime() + HOUR < now.getTime()) {
      const dispatchedAt = new Date(answeredAt.getTime() + HOUR);
      const status = s.unit.status ?? (done ? 'resolved' : 'acknowledged');
      const rated = status === 'resolved' && s.unit.unitRating ? 1 : 0;
      dispatch = {
        _id: new Types.ObjectId(),
        requestId: doc._id,
        communityId,
        streetId: demo.streetId,
        unitId: unit._id,
        unitName: unit.name,
        unitType: unit.type,
        role: 'lead',
        status,
        dispatchedBy: staff._id,
        dispatcherLevel: 'community',
        dispatchedAt,
        respondBy: new Date(dispatchedAt.getTime() + 24 * HOUR),
        resolveBy: doc.resolveBy,
        ...(status !== 'sent_back' ? { acknowledgedAt: new Date(dispatchedAt.getTime() + (s.unit.ackOnTime ? 2 : 30) * HOUR) } : {}),
        ...(status === 'resolved' ? { resolvedAt } : {}),
        ...(status === 'sent_back' ? { sendBack: { reason: 'not_ours', note: '电梯不属于供水设施', at: new Date(dispatchedAt.getTime() + 3 * HOUR), by: staff._id } } : {}),
        ...(rated ? { rating: { score: s.unit.unitRating, by: staff._id, at: new Date(resolvedAt.getTime() + HOUR) } } : {}),
        extensions: s.extended ? 1 : 0,
        rev: 1,
        ackOnTime: s.unit.ackOnTime ? 1 : 0,
        resolvedOnTime: status === 'resolved' && s.resolved === 'in_time' ? 1 : 0,
        sentBack: status === 'sent_back' ? 1 : 0,
        extended: s.extended ? 1 : 0,
        rated,
        ratingScore: rated ? s.unit.unitRating : 0,
        month: shanghaiMonth(dispatchedAt),
        createdAt: dispatchedAt,
        updatedAt: dispatchedAt,
      };
      set.dispatches = [{ dispatchId: dispatch._id, unitId: unit._id, unitName: unit.name, unitType: unit.type, role: 'lead', status, since: dispatchedAt, respondBy: dispatch.respondBy, resolveBy: doc.resolveBy }];
      timeline.push({ _id: new Types.ObjectId(), type: 'dispatched', actorId: staff._id, actorRole: 'staff', at: dispatchedAt, note: `已派发给${unit.name}（主办）办理` });
    }
    timeline.sort((a, b) => a.at.getTime() - b.at.getTime());
    const updatedAt = timeline[timeline.length - 1]!.at;
    await RequestModel.collection.insertOne({ ...doc, ...set, timeline, outbox: [], createdAt: filed, updatedAt, statsDirty: true } as never);
    if (dispatch) await DispatchModel.collection.insertOne(dispatch as never);
    await syncRequestStats(doc);
  }
}
