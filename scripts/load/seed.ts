// Bulk seeder of `npm run load`: realistic volumes written straight through the driver in batches of 1,000,
// consistent with the models (the first document of every collection is validated by its mongoose schema) and
// with what the product itself would have written: request timelines follow the state machine and the deadline
// job, ballots and participations add up to the published results, and every volunteer's balance, hours and
// sequence number are the end of an unbroken ledger chain (so `npm run reconcile` finds nothing).
//
//   node --import tsx scripts/load/seed.ts --scale 1 --people 300 --out report.json   (MONGODB_URI set)
//
// The report gives what was written (counts and seconds per collection) and the people the traffic signs in.
//
// Per unit of scale: 1 street, 5 communities (4 grids, 20 buildings of 48 households each), 5,000 residents,
// 20,000 requests, 300 consultations, 500 active volunteers with 100 ledger entries each (50,000). Everything
// it creates is recognisable: street codes `load-s*`, community codes `load-c*`, openids `load-*`.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import mongoose, { Types, type Model } from 'mongoose';
import {
  AUTO_CLOSE_DAYS,
  COLLECT_DAYS,
  DEFAULT_COMMUNITY_SETTINGS,
  DEFAULT_REQUEST_DEADLINES,
  DEFAULT_STAR_LEVELS,
  OPEN_STATUSES,
  REQUEST_CATEGORY_LABELS,
  REQUEST_LEVEL_LABELS,
  STAR_PUBLICITY_WORKING_DAYS,
  addWorkingDays,
  creditedHours,
  formatReceipt,
  householdKey,
  pointsFor,
  requestDeadlines,
  roundHours,
  supportThreshold,
  tallyBallots,
  type ConsultationStatus,
  type RequestCategory,
  type RequestLevel,
  type RequestStatus,
  type Role,
  type ScopeLevel,
  type Stance,
  type Urgency,
  type VoteRule,
} from '@linli/shared';
import { UserModel, newUserDoc } from '../../functions/src/auth/user.model';
import {
  BuildingModel,
  CommunityModel,
  GridModel,
  MembershipModel,
  StreetModel,
  StreetStaffModel,
  newCommunityDoc,
  newMembershipDoc,
} from '../../functions/src/communities/community.model';
import { RequestModel } from '../../functions/src/requests/request.model';
import { newRequestDoc } from '../../functions/src/requests/request.factory';
import { StatsAccumulator } from '../../functions/src/requests/request-stats';
import { MessageModel, newMessageDoc } from '../../functions/src/messages/message.model';
import {
  BallotModel,
  CommentModel,
  ConsultationModel,
  ElectorModel,
  ParticipationModel,
  SupportModel,
} from '../../functions/src/consultations/consultation.model';
import { newCommentDoc, newConsultationDoc } from '../../functions/src/consultations/consultation.factory';
import { OperationModel } from '../../functions/src/lib/operations';
import {
  ActivityModel,
  AttendanceModel,
  LedgerEntryModel,
  StarAwardModel,
  VolunteerModel,
  newActivityDoc,
  newLedgerEntryDoc,
  newStarAwardDoc,
  newVolunteerDoc,
} from '../../functions/src/volunteers/volunteer.model';
import { RewardModel } from '../../functions/src/mall/mall.model';
// Imported so ensureIndexes also creates the indexes of these collections (as the product's seed does).
import '../../functions/src/uploads/photo.model';
import '../../functions/src/lib/idempotency';

// ---- sizes ----------------------------------------------------------------------------------------------

const COMMUNITIES_PER_STREET = 5;
const GRIDS = 4;
const BUILDINGS_PER_GRID = 5;
const HOUSEHOLDS_PER_BUILDING = 48; // 6 floors × 2 units × 4 rooms
const RESIDENTS = 1000; // per community
const REQUESTS = 4000; // per community, filed over the last 365 days
const VOLUNTEERS = 100; // active, per community
const PENDING_VOLUNTEERS = 10;
const LEDGER_PER_VOLUNTEER = 100;
const PAST_ACTIVITIES = 180; // over the last 720 days
const UPCOMING_ACTIVITIES = 6;
// 60 topics per community, by stage.
const TOPIC_STAGES: [ConsultationStatus, number][] = [
  ['proposed', 2],
  ['collecting', 10],
  ['review', 4],
  ['discussion', 8],
  ['voting', 6],
  ['decided', 6],
  ['implementing', 8],
  ['done', 10],
  ['lapsed', 4],
  ['rejected', 1],
  ['merged', 1],
];

/**
 * Per-community sizes are multiplied by a community's factor `f` when the scale asks for fewer than whole
 * communities (e.g. --scale 0.05 is one community of 250 residents and 1,000 requests), so every total is linear
 * in the scale.
 */
const sized = (n: number, f: number) => Math.max(1, Math.round(n * f));

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SYSTEM = new Types.ObjectId('000000000000000000000000');

// ---- small helpers --------------------------------------------------------------------------------------

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Deterministic pseudo-random numbers (mulberry32), so two runs at one scale produce the same dataset. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    between: (lo: number, hi: number) => lo + next() * (hi - lo),
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p: number) => next() < p,
    pick<T>(list: readonly T[]): T {
      return list[Math.floor(next() * list.length)]!;
    },
    /** k distinct elements of a list (partial Fisher–Yates on a copy). */
    sample<T>(list: readonly T[], k: number): T[] {
      const a = [...list];
      const n = Math.min(k, a.length);
      for (let i = 0; i < n; i++) {
        const j = i + Math.floor(next() * (a.length - i));
        [a[i], a[j]] = [a[j]!, a[i]!];
      }
      return a.slice(0, n);
    },
    weighted<T>(entries: readonly [T, number][]): T {
      const total = entries.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [v, w] of entries) if ((r -= w) < 0) return v;
      return entries[entries.length - 1]![0];
    },
  };
}
type Rng = ReturnType<typeof prng>;

// ObjectIds carry their creation time, and lists sort by _id: ids are made for the time a record was created.
const OID_PROCESS = randomBytes(5).toString('hex');
let oidCounter = Math.floor(Math.random() * 0xffffff);
function oidAt(at: Date): Types.ObjectId {
  oidCounter = (oidCounter + 1) & 0xffffff;
  const secs = Math.floor(at.getTime() / 1000).toString(16).padStart(8, '0');
  return new Types.ObjectId(secs + OID_PROCESS + oidCounter.toString(16).padStart(6, '0'));
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const at = (ms: number) => new Date(ms);

// ---- bulk writer ----------------------------------------------------------------------------------------

/** Batches documents per collection and inserts them (unordered, 1,000 at a time); counts and times each. */
class BulkWriter {
  private buffers = new Map<Model<any>, Record<string, unknown>[]>();
  private validated = new Set<Model<any>>();
  readonly counts: Record<string, number> = {};
  readonly ms: Record<string, number> = {};
  constructor(private readonly batchSize = 1000) {}

  /** The 三率 counters of the requests written, kept as they are written (the handlers' job, bypassed here). */
  readonly requestStats = new StatsAccumulator();

  async add(model: Model<any>, doc: Record<string, unknown>): Promise<void> {
    // What the request has added to the counters is recorded on it, as a handler's sync would.
    if (model === RequestModel) doc.counted = this.requestStats.add(doc as never);
    if (!this.validated.has(model)) {
      // The first document of each collection goes through its schema: a mismatch with the models stops the seed.
      const err = new model(doc).validateSync();
      if (err) throw new Error(`${model.collection.collectionName}: ${err.message}`);
      this.validated.add(model);
    }
    let buf = this.buffers.get(model);
    if (!buf) this.buffers.set(model, (buf = []));
    buf.push(doc);
    if (buf.length >= this.batchSize) await this.flushOne(model);
  }

  private async flushOne(model: Model<any>): Promise<void> {
    const buf = this.buffers.get(model);
    if (!buf?.length) return;
    this.buffers.set(model, []);
    const name = model.collection.collectionName;
    const t = Date.now();
    for (let attempt = 1; ; attempt++) {
      try {
        await model.collection.insertMany(buf, { ordered: false, ignoreUndefined: true });
        break;
      } catch (err) {
        // A batch cut off by a network error may have been written in part: writing it again inserts the rest,
        // and the documents already there (same _id) are duplicate keys, which is what we want.
        const e = err as { code?: number; writeErrors?: { code?: number }[] };
        const onlyDuplicates = e.code === 11000 || (!!e.writeErrors?.length && e.writeErrors.every((w) => w.code === 11000));
        if (attempt > 1 && onlyDuplicates) break;
        if (attempt >= 3) throw err;
        process.stderr.write(`[seed] ${name}: batch failed (${(err as Error).message}), writing it again\n`);
      }
    }
    this.ms[name] = (this.ms[name] ?? 0) + (Date.now() - t);
    this.counts[name] = (this.counts[name] ?? 0) + buf.length;
  }

  async flush(): Promise<void> {
    for (const model of [...this.buffers.keys()]) await this.flushOne(model);
  }
}

// ---- texts ----------------------------------------------------------------------------------------------

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国玉梅红志文辉鹏飞斌宇浩然欣怡子涵雨轩佳琪晨阳俊杰思远'.split('');
const COMMUNITY_NAMES = ['幸福里', '和平', '春晖', '锦绣', '翠湖', '向阳', '朝阳', '长青', '康乐', '东湖'];

const REQUEST_TEXTS: Record<RequestCategory, string[]> = {
  property: ['小区物业费收支不透明，希望公开明细', '{b}电梯故障报修多次，物业迟迟不修', '{b}门禁坏了好几天，陌生人随意进出', '物业保洁频次不够，{b}楼道长期无人打扫'],
  environment: ['{b}{u}单元楼道堆放杂物，影响通行，希望尽快清理', '{b}旁边垃圾桶满溢，气味很大，招苍蝇', '绿化带有人私自种菜，泥土堆在路边', '{b}楼下下水道堵塞，污水外溢'],
  facility: ['{b}{u}单元楼道灯坏了，晚上看不清台阶', '{b}电梯经常停运，老人上下楼困难', '小区健身器材松动，存在安全隐患', '{b}屋顶漏水，顶楼住户家里墙面发霉'],
  dispute: ['楼上住户深夜噪音太大，影响休息', '邻居在公共走廊堆放鞋柜，多次沟通无果', '{b}有住户遛狗不拴绳，吓到小孩', '楼上空调外机滴水到我家窗台'],
  elderly: ['家里老人行动不便，希望有志愿者帮忙买菜', '独居老人希望社区定期上门探访', '申请老年助餐服务，想了解办理流程', '希望在{b}{u}单元门口加装扶手'],
  parking: ['小区内车辆乱停，消防通道被堵', '{b}楼下电动车乱停乱放，挡住出入口', '希望增加电动车充电桩，现在充电很难', '外来车辆长期占用小区车位'],
  safety: ['{b}楼道有人私拉电线给电动车充电，存在火灾隐患', '小区围墙有破损，担心有人翻入', '{b}消防栓没有水，灭火器过期', '高空抛物现象严重，{b}楼下经常有垃圾掉落'],
  other: ['建议社区多组织一些亲子活动', '希望小区增设快递柜', '询问社区养老服务补贴的申请条件', '建议在小区门口增设公交站指示牌'],
};
const REQUEST_TAILS = ['，麻烦尽快处理。', '，谢谢！', '，希望社区帮忙协调。', '。已经持续一段时间了。', '，请相关部门关注。'];
const CATEGORY_WEIGHTS: [RequestCategory, number][] = [
  ['environment', 22], ['facility', 20], ['property', 15], ['parking', 12], ['safety', 9], ['dispute', 8], ['elderly', 8], ['other', 6],
];
const RESOLVE_NOTES = ['已安排维修人员处理完毕，请查看。', '已清理完毕，后续会加强巡查。', '已联系物业公司整改到位。', '经现场协调，双方已达成一致。', '已上门了解情况并办理完成。'];
const RESIDENT_REPLIES = ['好的，谢谢，请尽快处理。', '今天还是老样子，麻烦再看看。', '收到，辛苦了。'];

const ACTIVITY_TITLES = ['社区环境整治', '敬老院慰问演出', '垃圾分类宣传', '文明交通劝导', '关爱独居老人上门探访', '社区义诊协助', '图书角整理', '防诈骗宣传'];
const SKILLS = ['助老', '环境整治', '文艺', '医疗', '维修', '教育辅导', '法律咨询', '宣传'];

// ---- the world of one community -------------------------------------------------------------------------

interface Resident {
  userId: Types.ObjectId;
  openid: string;
  name: string;
  buildingIdx: number;
  household: { buildingId: Types.ObjectId; unit: string; room: string };
  joinedAt: Date;
}
interface Building {
  _id: Types.ObjectId;
  gridIdx: number;
  name: string;
}
interface World {
  ci: number;
  /** Share of a full community's volumes (residents, requests, topics, volunteers). */
  f: number;
  communityId: Types.ObjectId;
  name: string;
  grids: { _id: Types.ObjectId; name: string }[];
  buildings: Building[];
  residents: Resident[];
  byBuilding: Resident[][];
  gridWorkers: { userId: Types.ObjectId; name: string }[]; // one per grid
  staff: { userId: Types.ObjectId; name: string }[];
  admin: { userId: Types.ObjectId; name: string };
  streetStaff: { userId: Types.ObjectId; name: string }[];
}

function personName(rng: Rng): string {
  return rng.pick(SURNAMES) + rng.pick(GIVEN) + (rng.chance(0.6) ? rng.pick(GIVEN) : '');
}

/** A seeded user (auth/user.model newUserDoc) with their memberships and street roles listed, created at `at`. */
const user = (u: Parameters<typeof newUserDoc>[0], at: Date) => ({ ...newUserDoc(u), createdAt: at, updatedAt: at });

async function seedStreet(w: BulkWriter, rng: Rng, si: number, now: Date) {
  const created = at(now.getTime() - 800 * DAY);
  const streetId = oidAt(created);
  await w.add(StreetModel, { _id: streetId, code: `load-s${si}`, name: `压测街道${si}`, createdAt: created, updatedAt: created });
  const streetStaff = [];
  for (let k = 1; k <= 2; k++) {
    const userId = oidAt(created);
    const name = personName(rng);
    const roleId = oidAt(created);
    await w.add(UserModel, user({ _id: userId, openid: `load-street-${si}-${k}`, nickname: name, streetStaffIds: [roleId] }, created));
    await w.add(StreetStaffModel, { _id: roleId, streetId, userId, createdAt: created, updatedAt: created });
    streetStaff.push({ userId, name });
  }
  return { streetId, streetStaff };
}

async function seedCommunity(
  w: BulkWriter,
  rng: Rng,
  ci: number,
  street: { streetId: Types.ObjectId; streetStaff: { userId: Types.ObjectId; name: string }[] },
  now: Date,
  f: number,
): Promise<World> {
  const created = at(now.getTime() - 790 * DAY);
  const communityId = oidAt(created);
  const name = `${COMMUNITY_NAMES[(ci - 1) % COMMUNITY_NAMES.length]}社区${ci > COMMUNITY_NAMES.length ? ci : ''}`;
  await w.add(CommunityModel, { ...newCommunityDoc({ _id: communityId, code: `load-c${ci}`, name, streetId: street.streetId }), createdAt: created, updatedAt: created });
  const grids = [];
  for (let g = 0; g < GRIDS; g++) {
    const grid = { _id: oidAt(created), name: `第${'一二三四五六七八'[g]}网格` };
    grids.push(grid);
    await w.add(GridModel, { ...grid, communityId, createdAt: created, updatedAt: created });
  }
  const buildings: Building[] = [];
  for (let b = 0; b < GRIDS * BUILDINGS_PER_GRID; b++) {
    const building = { _id: oidAt(created), gridIdx: Math.floor(b / BUILDINGS_PER_GRID), name: `${b + 1}号楼` };
    buildings.push(building);
    await w.add(BuildingModel, {
      _id: building._id,
      communityId,
      gridId: grids[building.gridIdx]!._id,
      name: building.name,
      households: HOUSEHOLDS_PER_BUILDING,
      createdAt: created,
      updatedAt: created,
    });
  }

  // Staff: an admin, two community workers, a grid worker per grid, a merchant.
  const member = async (openid: string, roles: Role[], gridIds: Types.ObjectId[] = []) => {
    const userId = oidAt(created);
    const name = personName(rng);
    const membershipId = oidAt(created);
    await w.add(UserModel, user({ _id: userId, openid, nickname: name, membershipIds: [membershipId] }, created));
    await w.add(MembershipModel, {
      ...newMembershipDoc({
        _id: membershipId,
        communityId,
        userId,
        status: 'active',
        roles,
        name,
        gridIds,
        joinedAt: created,
        history: [{ _id: oidAt(created), type: 'joined', actorId: userId, at: created, note: '平台初始化' }],
      }),
      createdAt: created,
      updatedAt: created,
    });
    return { userId, name };
  };
  const admin = await member(`load-admin-${ci}`, ['admin']);
  const staff = [await member(`load-staff-${ci}-1`, ['staff']), await member(`load-staff-${ci}-2`, ['staff'])];
  const gridWorkers = [];
  for (let g = 0; g < GRIDS; g++) gridWorkers.push(await member(`load-grid-${ci}-${g + 1}`, ['grid_worker'], [grids[g]!._id]));
  await member(`load-merchant-${ci}`, ['merchant']);

  // Residents: household j/20 of building j%20, joined over the last two years and approved by staff.
  const residents: Resident[] = [];
  const byBuilding: Resident[][] = buildings.map(() => []);
  for (let j = 0; j < sized(RESIDENTS, f); j++) {
    const buildingIdx = j % buildings.length;
    const h = Math.floor(j / buildings.length) % HOUSEHOLDS_PER_BUILDING;
    const floor = 1 + Math.floor(h / 8);
    const household = { buildingId: buildings[buildingIdx]!._id, unit: String(1 + (h % 2)), room: `${floor}0${1 + Math.floor((h % 8) / 2)}` };
    const joinedAt = at(now.getTime() - rng.between(370, 760) * DAY);
    const r: Resident = { userId: oidAt(joinedAt), openid: `load-r-${ci}-${j}`, name: personName(rng), buildingIdx, household, joinedAt };
    residents.push(r);
    byBuilding[buildingIdx]!.push(r);
  }
  return { ci, f, communityId, name, grids, buildings, residents, byBuilding, gridWorkers, staff, admin, streetStaff: street.streetStaff };
}

/** Users and memberships of the residents (after the volunteers are chosen: approved volunteers hold the role). */
async function writeResidents(w: BulkWriter, rng: Rng, world: World, volunteerUserIds: Set<string>) {
  for (const [j, r] of world.residents.entries()) {
    const approver = world.staff[j % world.staff.length]!;
    const approvedAt = at(r.joinedAt.getTime() + rng.between(1, 48) * HOUR);
    const membershipId = oidAt(r.joinedAt);
    await w.add(UserModel, user({ _id: r.userId, openid: r.openid, nickname: r.name, membershipIds: [membershipId] }, r.joinedAt));
    await w.add(MembershipModel, {
      ...newMembershipDoc({
        _id: membershipId,
        communityId: world.communityId,
        userId: r.userId,
        status: 'active',
        roles: volunteerUserIds.has(r.userId.toHexString()) ? ['resident', 'volunteer'] : ['resident'],
        name: r.name,
        phone: `13${pad(world.ci, 3)}${pad(j, 6)}`,
        household: r.household,
        joinedAt: r.joinedAt,
        history: [
          { _id: oidAt(r.joinedAt), type: 'joined', actorId: r.userId, at: r.joinedAt },
          { _id: oidAt(approvedAt), type: 'approved', actorId: approver.userId, at: approvedAt },
        ],
      }),
      createdAt: r.joinedAt,
      updatedAt: approvedAt,
    });
  }
}

// ---- requests -------------------------------------------------------------------------------------------

const NEXT_LEVEL: Record<RequestLevel, RequestLevel | null> = { grid: 'community', community: 'street', street: null };
const NOTICE_OF: Record<string, string> = { accept: 'accepted', assign: 'assigned', resolve: 'resolved', reject: 'rejected' };
const FOLLOWER_TITLES: Record<string, string> = {
  accepted: '您的诉求已受理',
  assigned: '您的诉求已分派专人办理',
  replied: '您的诉求有新回复',
  resolved: '您的诉求已办结，请评价',
  rejected: '您的诉求不予受理',
};

/**
 * One request through its life up to now: the actions people took, and what the deadline job would have done in
 * between (mark the response overdue, warn two hours before the deadline, escalate at it, close 7 days after an
 * unrated resolution), so the jobs find nothing left to do. Notifications to the filer and followers become messages.
 */
async function seedRequest(w: BulkWriter, rng: Rng, world: World, now: Date): Promise<{ filerId?: Types.ObjectId; id: Types.ObjectId }> {
  const nowMs = now.getTime();
  const createdAt = at(nowMs - rng.next() * 365 * DAY);
  const filer = rng.pick(world.residents);
  const building = world.buildings[filer.buildingIdx]!;
  const gridWorker = world.gridWorkers[building.gridIdx]!;
  const category = rng.weighted(CATEGORY_WEIGHTS);
  const description =
    rng.pick(REQUEST_TEXTS[category]).replace('{b}', building.name).replace('{u}', filer.household.unit) + rng.pick(REQUEST_TAILS);
  const title = rng.chance(0.3) ? description.slice(0, 12) : undefined;
  const urgency: Urgency = rng.chance(0.1) ? 'urgent' : 'normal';
  const onBehalf = rng.chance(0.03);
  const anonymous = !onBehalf && rng.chance(0.05);
  const id = oidAt(createdAt);
  const what = `【${REQUEST_CATEGORY_LABELS[category]}】${(title || description).slice(0, 30)}`;

  // The filing as the handler writes it (request.factory.ts); the story below moves it on from there.
  const filed = newRequestDoc(
    {
      _id: id,
      communityId: world.communityId,
      category,
      title,
      description,
      buildingId: building._id,
      gridId: world.grids[building.gridIdx]!._id,
      anonymous,
      urgency,
      filerId: onBehalf ? undefined : filer.userId,
      filerName: filer.name,
      household: filer.household,
      filedBy: onBehalf ? gridWorker.userId : filer.userId,
      filedAs: onBehalf ? 'grid_worker' : 'resident',
      onBehalf,
    },
    createdAt,
  );
  let status: RequestStatus = filed.status;
  let level: RequestLevel = filed.level;
  let levelSince = createdAt;
  let { respondBy, resolveBy } = filed;
  let reopenCount = 0;
  let rev = 0;
  let firstResponseAt: Date | undefined;
  let firstResponseHours: number | undefined;
  let responseOutcome: 'pending' | 'on_time' | 'late' | 'overdue' = 'pending';
  let assigneeId: Types.ObjectId | undefined;
  let assigneeName: string | undefined;
  let resolvedAt: Date | undefined;
  let resolveHours: number | undefined;
  let closedAt: Date | undefined;
  let overdueWarnedAt: Date | undefined;
  let updatedAt = createdAt;
  const ratings: { satisfied: boolean; score: number; comment?: string; at: Date }[] = [];
  const followers: Types.ObjectId[] = [...filed.followers];
  // Entry ids in time order, as if written at the time.
  const timeline: Record<string, unknown>[] = filed.timeline.map((e) => ({ ...e, _id: oidAt(createdAt) }));
  const notices: { kind: string; title: string; at: Date; exclude?: Types.ObjectId }[] = [];
  const isOpen = () => (OPEN_STATUSES as readonly string[]).includes(status);

  // 我也遇到: neighbours in the same building follow the request soon after it is filed.
  let meTooCount = 0;
  if (!onBehalf && rng.chance(0.08)) {
    for (const n of rng.sample(world.byBuilding[filer.buildingIdx]!, rng.int(1, 4))) {
      if (n.userId.equals(filer.userId)) continue;
      followers.push(n.userId);
      meTooCount++;
      rev++;
    }
  }

  /** What the deadline job does between actions, up to time t. */
  const advance = (t: number) => {
    for (let guard = 0; guard < 5; guard++) {
      if (!isOpen()) return;
      if (responseOutcome === 'pending' && !firstResponseAt && respondBy.getTime() < Math.min(t, resolveBy.getTime())) {
        responseOutcome = 'overdue';
        rev++;
      }
      if (!overdueWarnedAt && resolveBy.getTime() - 2 * HOUR <= t) {
        overdueWarnedAt = at(Math.max(levelSince.getTime(), resolveBy.getTime() - 2 * HOUR));
        rev++;
      }
      const next = NEXT_LEVEL[level];
      if (!next || resolveBy.getTime() >= t) return;
      const when = resolveBy;
      timeline.push({
        _id: oidAt(when),
        type: `escalated_${next}`,
        actorId: SYSTEM,
        actorRole: 'system',
        at: when,
        note: `超过${REQUEST_LEVEL_LABELS[level]}办理时限，自动上报至${REQUEST_LEVEL_LABELS[next]}`,
      });
      notices.push({ kind: 'escalated', title: `您的诉求已上报至${REQUEST_LEVEL_LABELS[next]}`, at: when });
      level = next;
      levelSince = when;
      ({ respondBy, resolveBy } = requestDeadlines(level, urgency, when, DEFAULT_REQUEST_DEADLINES));
      overdueWarnedAt = undefined;
      updatedAt = when;
      rev++;
    }
  };
  /** The handler at the current level. */
  const handler = () =>
    level === 'street'
      ? { ...rng.pick(world.streetStaff), role: 'street_staff' }
      : level === 'community' || (assigneeId && world.staff.some((s) => s.userId.equals(assigneeId!)))
        ? { ...rng.pick(world.staff), role: 'staff' }
        : { ...gridWorker, role: 'grid_worker' };
  /** Applies one action at time t (if t is not in the future); returns false when the story stops here. */
  const act = (t: number, type: string, actor: { userId: Types.ObjectId; role: string }, note?: string): boolean => {
    advance(t);
    if (t > nowMs) return false;
    const when = at(t);
    const byHandler = actor.role !== 'resident' && actor.role !== 'system';
    if (byHandler && !firstResponseAt) {
      firstResponseAt = when;
      firstResponseHours = (t - createdAt.getTime()) / HOUR;
      responseOutcome = t <= respondBy.getTime() ? 'on_time' : 'late';
    }
    timeline.push({ _id: oidAt(when), type, actorId: actor.userId, actorRole: actor.role, at: when, note });
    // The notices the handlers push to the filer and followers ($push outbox in the same update).
    const noticeKind = type === 'reply' ? (byHandler ? 'replied' : undefined) : NOTICE_OF[type];
    if (noticeKind) notices.push({ kind: noticeKind, title: FOLLOWER_TITLES[noticeKind]!, at: when, exclude: actor.userId });
    updatedAt = when;
    rev++;
    return true;
  };
  const resident = { userId: filer.userId, role: 'resident' };
  const c0 = createdAt.getTime();
  const f = urgency === 'urgent' ? 0.5 : 1;
  const respondHours = DEFAULT_REQUEST_DEADLINES.respondHours * f;

  const path = rng.next();
  if (path < 0.04 && !onBehalf) {
    if (act(c0 + rng.between(0.2, 12) * HOUR, 'withdraw', resident)) {
      status = 'withdrawn';
      closedAt = at(updatedAt.getTime());
    }
  } else if (path < 0.09) {
    const worker = { ...gridWorker, role: 'grid_worker' };
    if (act(c0 + rng.between(1, respondHours * 1.2) * HOUR, 'reject', worker, '该问题不属于社区受理范围，请拨打12345热线反映。')) {
      status = 'rejected';
      closedAt = updatedAt;
    }
  } else {
    story: {
      let t = c0 + (rng.chance(0.8) ? rng.between(0.2, respondHours * 0.9) : rng.between(respondHours, respondHours * 2.5)) * HOUR;
      let h = handler();
      if (!act(t, 'accept', h)) break story;
      status = 'accepted';
      assigneeId = h.userId;
      assigneeName = h.name;
      if (rng.chance(0.3)) {
        t += rng.between(0.5, 8) * HOUR;
        const to = rng.pick(world.staff);
        if (!act(t, 'assign', handler(), `分派给 ${to.name}`)) break story;
        status = 'in_progress';
        assigneeId = to.userId;
        assigneeName = to.name;
      }
      if (rng.chance(0.4)) {
        t += rng.between(1, 24) * HOUR;
        if (!act(t, 'reply', handler(), rng.pick(DEFAULT_COMMUNITY_SETTINGS.replyTemplates))) break story;
      }
      if (!onBehalf && rng.chance(0.15)) {
        t += rng.between(1, 24) * HOUR;
        if (!act(t, 'reply', resident, rng.pick(RESIDENT_REPLIES))) break story;
      }
      for (let round = 0; round < 2; round++) {
        t += (rng.chance(0.85) ? rng.between(2, 60) : rng.between(60, 400)) * HOUR;
        h = handler();
        if (!act(t, 'resolve', h, rng.pick(RESOLVE_NOTES))) break story;
        status = 'resolved';
        resolvedAt = at(t);
        resolveHours = (t - c0) / HOUR;
        const rating = onBehalf ? 1 : rng.next();
        if (rating < 0.62) {
          t += rng.between(1, 96) * HOUR;
          const score = rng.int(4, 5);
          if (!act(t, 'rated_satisfied', resident, `${score}分`)) break story;
          ratings.push({ satisfied: true, score, at: at(t) });
          status = 'closed';
          closedAt = at(t);
          break story;
        }
        if (rating < 0.72) {
          t += rng.between(1, 96) * HOUR;
          const score = rng.int(1, 2);
          const reopen = reopenCount === 0;
          if (!act(t, reopen ? 'rated_unsatisfied_reopened' : 'rated_unsatisfied', resident, `${score}分：问题没有彻底解决`)) break story;
          ratings.push({ satisfied: false, score, comment: '问题没有彻底解决', at: at(t) });
          if (reopen) {
            status = 'reopened';
            reopenCount = 1;
            continue;
          }
          status = 'closed';
          closedAt = at(t);
          break story;
        }
        // Unrated: the deadline job closes it 7 days after the resolution.
        t += AUTO_CLOSE_DAYS * DAY + rng.between(0, 0.25) * HOUR;
        if (!act(t, 'auto_closed', { userId: SYSTEM, role: 'system' }, `办结${AUTO_CLOSE_DAYS}天未评价，自动关闭`)) break story;
        status = 'closed';
        closedAt = at(t);
        break story;
      }
    }
  }
  advance(nowMs);

  const isPublic = status === 'closed' && rng.chance(0.08);
  if (isPublic) rev++;
  await w.add(RequestModel, {
    ...filed,
    status,
    level,
    levelSince,
    reopenCount,
    assigneeId,
    assigneeName,
    respondBy,
    resolveBy,
    firstResponseAt,
    responseOutcome,
    resolvedAt,
    closedAt,
    ratings,
    rev,
    // Notices went out as messages below.
    outbox: [],
    overdueWarnedAt,
    firstResponseHours,
    resolveHours,
    ratingCount: ratings.length,
    satisfiedCount: ratings.filter((r) => r.satisfied).length,
    followers,
    meTooCount,
    public: isPublic,
    timeline,
    createdAt,
    updatedAt,
    __v: 0,
  });
  for (const n of notices) {
    const sourceId = oidAt(n.at);
    for (const userId of followers) {
      if (n.exclude?.equals(userId)) continue;
      await w.add(MessageModel, {
        _id: oidAt(n.at),
        communityId: world.communityId,
        userId,
        sourceId,
        kind: n.kind,
        title: n.title,
        body: what,
        requestId: id,
        read: nowMs - n.at.getTime() > 2 * DAY ? rng.chance(0.9) : rng.chance(0.3),
        createdAt: n.at,
      });
    }
  }
  return { filerId: onBehalf ? undefined : filer.userId, id };
}

// ---- consultations --------------------------------------------------------------------------------------

const TOPIC_TITLES: Record<ScopeLevel, string[]> = {
  building: ['{s}加装电梯意见征集', '{s}楼道粉刷方案', '{s}单元门禁更换', '{s}楼顶防水维修费用分摊', '{s}楼道声控灯改造'],
  grid: ['{s}增设非机动车棚', '{s}绿化带改造方案', '{s}垃圾分类投放点调整', '{s}增设休闲座椅'],
  community: ['小区停车收费调整方案', '社区公共空间改造', '增设快递柜选址', '广场舞时间与音量约定', '小区宠物管理公约'],
};
const TOPIC_BODIES = [
  '目前情况给居民生活带来不便，建议大家一起商量一个可行的方案，请各位邻居发表意见。',
  '很多邻居反映过这个问题，提议社区组织协商，听取大家的意见后再决定怎么做。',
  '为了改善居住环境，建议按照以下思路推进：先征求意见，再确定方案和费用分摊，最后组织实施。',
];
const COMMENT_TEXTS: Record<Stance, string[]> = {
  for: ['支持，早就该办了。', '同意这个方案，希望尽快落实。', '赞成，费用可以按户分摊。'],
  against: ['不太同意，费用太高了。', '担心施工影响日常生活。', '这个方案对低楼层住户不公平。'],
  neutral: ['希望先公布详细预算再决定。', '建议多听听老人的意见。', '能不能分阶段实施？'],
};

interface TopicPlan {
  status: ConsultationStatus;
  byStaff: boolean;
}

async function seedConsultations(w: BulkWriter, rng: Rng, world: World, now: Date): Promise<void> {
  const nowMs = now.getTime();
  const plans: TopicPlan[] = [];
  for (const [status, n] of TOPIC_STAGES)
    for (let i = 0; i < Math.round(n * world.f); i++)
      plans.push({ status, byStaff: ['discussion', 'voting', 'decided', 'implementing', 'done'].includes(status) && rng.chance(0.5) });
  let mergeTarget: { id: Types.ObjectId; title: string; timeline: Record<string, unknown>[] } | undefined;
  const merged: { doc: Record<string, unknown>; timeline: Record<string, unknown>[] }[] = [];
  const topics: { doc: Record<string, unknown> }[] = [];

  for (const plan of plans) {
    const level: ScopeLevel = rng.weighted([['building', 6], ['grid', 3], ['community', 1]]);
    const building = rng.pick(world.buildings);
    const grid = world.grids[building.gridIdx]!;
    const scope =
      level === 'building' ? { level, id: building._id } : level === 'grid' ? { level, id: grid._id } : { level, id: world.communityId };
    const inScopeBuildings = world.buildings.filter((b) =>
      level === 'community' ? true : level === 'grid' ? b.gridIdx === building.gridIdx : b._id.equals(building._id),
    );
    const inScope = inScopeBuildings.flatMap((b) => world.byBuilding[world.buildings.indexOf(b)]!);
    const scopeName = level === 'building' ? building.name : level === 'grid' ? grid.name : world.name;
    const title = rng.pick(TOPIC_TITLES[level]).replace('{s}', scopeName);
    const body = rng.pick(TOPIC_BODIES);
    const author = plan.byStaff ? { userId: world.staff[0]!.userId, name: world.staff[0]!.name } : rng.pick(inScope);
    const staff = rng.pick(world.staff);
    const threshold = plan.byStaff ? 0 : supportThreshold(inScopeBuildings.length * HOUSEHOLDS_PER_BUILDING, null);

    // When things happened, working back from the stage the topic is in now.
    let votingStartsAt: Date | undefined;
    let votingEndsAt: Date | undefined;
    if (plan.status === 'voting') {
      votingStartsAt = at(nowMs - rng.between(0.5, 5) * DAY);
      votingEndsAt = at(nowMs + rng.between(1, 6) * DAY);
    } else if (['decided', 'implementing', 'done'].includes(plan.status)) {
      const endAgo = plan.status === 'decided' ? rng.between(1, 20) : plan.status === 'implementing' ? rng.between(20, 150) : rng.between(60, 360);
      votingEndsAt = at(nowMs - endAgo * DAY);
      votingStartsAt = at(votingEndsAt.getTime() - 7 * DAY);
    }
    const createdAgo =
      plan.status === 'proposed' ? rng.between(0.1, 1.5)
      : plan.status === 'collecting' ? rng.between(0.5, 13)
      : plan.status === 'review' ? rng.between(3, 30)
      : plan.status === 'discussion' ? rng.between(2, 60)
      : plan.status === 'lapsed' ? rng.between(20, 300)
      : plan.status === 'rejected' || plan.status === 'merged' ? rng.between(20, 200)
      : (nowMs - votingStartsAt!.getTime()) / DAY + rng.between(5, 40);
    const createdAt = at(nowMs - createdAgo * DAY);
    const id = oidAt(createdAt);
    const timeline: Record<string, unknown>[] = [
      {
        _id: oidAt(createdAt),
        type: plan.byStaff ? 'created_by_staff' : 'proposed',
        actorId: author.userId,
        actorName: author.name,
        at: createdAt,
        note: plan.status === 'proposed' ? '内容待审核，审核通过后开始征集附议' : undefined,
      },
    ];
    const ev = (type: string, actor: { userId: Types.ObjectId; name?: string } | null, t: number, note?: string) =>
      timeline.push({ _id: oidAt(at(t)), type, actorId: actor?.userId ?? SYSTEM, actorName: actor?.name, at: at(t), note });

    // 附议: supports from neighbours in scope, below the threshold while collecting or lapsed, at least it otherwise.
    let supportCount = 0;
    let reachedAt: number | undefined;
    if (!plan.byStaff && plan.status !== 'proposed') {
      const reaching = !['collecting', 'lapsed'].includes(plan.status);
      const wanted = reaching ? threshold + rng.int(0, 5) : rng.int(0, Math.max(0, threshold - 1));
      const supporters = rng.sample(inScope.filter((r) => !r.userId.equals(author.userId)), wanted);
      const collectEnd = Math.min(nowMs, createdAt.getTime() + COLLECT_DAYS * DAY);
      // A topic that went on reached its threshold before it went on (to review, and at least two days before a vote).
      const reachBy = Math.max(createdAt.getTime() + HOUR, Math.min(collectEnd, votingStartsAt ? votingStartsAt.getTime() - 2 * DAY : nowMs - 0.5 * DAY));
      const times = supporters.map(() => rng.between(createdAt.getTime(), reaching ? reachBy : collectEnd)).sort((a, b) => a - b);
      for (const [i, s] of supporters.entries())
        await w.add(SupportModel, { _id: oidAt(at(times[i]!)), communityId: world.communityId, consultationId: id, userId: s.userId, createdAt: at(times[i]!) });
      supportCount = supporters.length;
      if (reaching && supporters.length >= threshold) {
        reachedAt = times[threshold - 1]!;
        ev('threshold_reached', { userId: supporters[threshold - 1]!.userId }, reachedAt, `附议达到${threshold}人，提交社区审核`);
      }
    }
    const lastEarly = reachedAt ?? createdAt.getTime();
    if (plan.status === 'lapsed') ev('lapsed', null, createdAt.getTime() + COLLECT_DAYS * DAY, `${COLLECT_DAYS}天内附议未达到${threshold}人`);
    if (plan.status === 'rejected') ev('rejected', staff, lastEarly + rng.between(1, 3) * DAY, '该事项涉及业主大会表决，建议通过业委会渠道推进');
    if (!plan.byStaff && ['discussion', 'voting', 'decided', 'implementing', 'done'].includes(plan.status))
      ev('approved', staff, Math.min(lastEarly + rng.between(0.5, 2) * DAY, votingStartsAt ? votingStartsAt.getTime() - DAY : nowMs), '社区审核通过，进入讨论');

    // Voting: the frozen list, the participations and the secret ballots, and the results counted from them.
    const voteRule: VoteRule = rng.chance(0.3) ? 'per_household' : 'per_resident';
    const hasVote = votingStartsAt !== undefined;
    const options = hasVote
      ? (rng.chance(0.8) ? ['同意', '不同意', '弃权'] : ['方案一', '方案二', '方案三', '维持现状']).map((label) => ({ _id: oidAt(votingStartsAt!), label }))
      : [];
    const quorum = hasVote && rng.chance(0.5) ? 0.3 : undefined;
    let eligibleCount: number | undefined;
    let results: ReturnType<typeof tallyBallots> | undefined;
    let resultsAt: Date | undefined;
    if (hasVote) {
      const keyOf = (r: Resident) =>
        voteRule === 'per_household'
          ? householdKey({ buildingId: r.household.buildingId.toHexString(), unit: r.household.unit, room: r.household.room })
          : r.userId.toHexString();
      const keys = new Set<string>();
      for (const r of inScope) {
        const ballotKey = keyOf(r);
        keys.add(ballotKey);
        await w.add(ElectorModel, { _id: `${id.toHexString()}:${r.userId.toHexString()}`, consultationId: id, ballotKey });
      }
      eligibleCount = keys.size;
      ev('voting_opened', staff, votingStartsAt!.getTime(), `${eligibleCount}${voteRule === 'per_household' ? '户' : '人'}可投票`);
      const voteEnd = Math.min(nowMs, votingEndsAt!.getTime());
      const turnout = rng.between(0.25, 0.8) * (plan.status === 'voting' ? (voteEnd - votingStartsAt!.getTime()) / (votingEndsAt!.getTime() - votingStartsAt!.getTime()) : 1);
      const voters = rng.sample([...keys], Math.round(keys.size * turnout));
      const favourite = rng.int(0, options.length - 1);
      const ballots: { optionIds: string[]; receipt: string }[] = [];
      const receipts = new Set<string>();
      for (const ballotKey of voters) {
        const opId = oidAt(at(rng.between(votingStartsAt!.getTime(), voteEnd)));
        const opAt = opId.getTimestamp();
        // The operation record, settled and with its payload forgotten, as castVote leaves it.
        await w.add(OperationModel, { _id: opId, kind: 'consultation-vote', status: 'applied', payload: {}, createdAt: opAt, updatedAt: opAt });
        await w.add(ParticipationModel, { _id: `${id.toHexString()}:${ballotKey}`, consultationId: id, opId });
        let receipt = formatReceipt(randomBytes(10));
        while (receipts.has(receipt)) receipt = formatReceipt(randomBytes(10));
        receipts.add(receipt);
        const option = options[rng.chance(0.55) ? favourite : rng.int(0, options.length - 1)]!;
        ballots.push({ optionIds: [option._id.toHexString()], receipt });
      }
      // Ballots are written in an order unrelated to the participations (nothing links the two).
      for (const b of rng.sample(ballots, ballots.length))
        await w.add(BallotModel, { _id: `${id.toHexString()}:${b.receipt}`, consultationId: id, optionIds: b.optionIds, receipt: b.receipt });
      if (plan.status !== 'voting') {
        ev('voting_closed', null, votingEndsAt!.getTime(), '投票时间到，自动结束');
        results = tallyBallots(ballots, options.map((o) => ({ id: o._id.toHexString() })), eligibleCount, quorum);
        resultsAt = votingEndsAt;
      }
    }

    // Deliberation: comments from residents in scope (and staff answers), counted per stance.
    const commentCounts = { for: 0, against: 0, neutral: 0 };
    if (['review', 'discussion', 'voting', 'decided', 'implementing', 'done', 'rejected'].includes(plan.status)) {
      const until = Math.min(nowMs, votingEndsAt?.getTime() ?? nowMs);
      const n = rng.int(0, 8);
      for (let i = 0; i < n; i++) {
        const who = rng.pick(inScope);
        const stance: Stance = rng.weighted([['for', 5], ['against', 2], ['neutral', 3]]);
        const t = at(rng.between(createdAt.getTime(), until));
        const commentId = oidAt(t);
        await w.add(
          CommentModel,
          { ...newCommentDoc(
            { _id: commentId, communityId: world.communityId, consultationId: id, authorId: who.userId, authorName: who.name, byStaff: false, stance, body: rng.pick(COMMENT_TEXTS[stance]), contentStatus: 'pass' },
            t,
          ) },
        );
        commentCounts[stance]++;
        if (rng.chance(0.2)) {
          const rt = at(Math.min(until, t.getTime() + rng.between(1, 48) * HOUR));
          await w.add(
            CommentModel,
            { ...newCommentDoc(
              {
                _id: oidAt(rt),
                communityId: world.communityId,
                consultationId: id,
                parentId: commentId,
                authorId: staff.userId,
                authorName: staff.name,
                byStaff: true,
                stance: 'neutral',
                body: '感谢您的意见，社区会在方案中统筹考虑。',
                contentStatus: 'pass',
              },
              rt,
            ) },
          );
        }
      }
    }

    // Follow-through: progress reports, then completion.
    const updates: Record<string, unknown>[] = [];
    let progress = 0;
    if (plan.status === 'implementing' || plan.status === 'done') {
      const steps = plan.status === 'done' ? [30, 70, 100] : rng.sample([20, 40, 60, 80], rng.int(1, 3)).sort((a, b) => a - b);
      let t = votingEndsAt!.getTime();
      for (const p of steps) {
        t = Math.min(nowMs - HOUR, t + rng.between(3, 20) * DAY);
        const note = p === 100 ? '决议已落实完成' : `已完成${p}%，正在按计划推进`;
        updates.push({ _id: oidAt(at(t)), note, progress: p, at: at(t), authorId: staff.userId, authorName: staff.name, photoKeys: [] });
        ev(p === 100 ? 'completed' : 'progress', staff, t, `${p}%：${note}`);
        progress = p;
      }
    }

    const doc: Record<string, unknown> = {
      // The topic as the handler writes it (consultation.factory.ts), then moved on by its story.
      ...newConsultationDoc(
        {
          _id: id,
          communityId: world.communityId,
          title,
          body,
          scope,
          authorId: author.userId,
          authorName: author.name,
          initiated: plan.byStaff,
          contentStatus: plan.status === 'proposed' ? 'review' : 'pass',
          supportThreshold: threshold,
        },
        createdAt,
      ),
      status: plan.status,
      supportCount,
      supportThreshold: threshold,
      textLocked: supportCount > 0 || hasVote,
      voteRule,
      options,
      maxChoices: 1,
      quorum,
      votingStartsAt,
      votingEndsAt,
      eligibleCount,
      openBallots: [],
      results,
      resultsAt,
      progress,
      updates,
      timeline,
      commentCounts,
      reason: plan.status === 'rejected' ? '该事项涉及业主大会表决，建议通过业委会渠道推进' : undefined,
      outbox: [],
      rev: timeline.length - 1 + supportCount,
      createdAt,
      __v: 0,
    };
    if (plan.status === 'merged') merged.push({ doc, timeline });
    else {
      topics.push({ doc });
      if (plan.status === 'discussion' && !mergeTarget) mergeTarget = { id, title, timeline };
    }
  }
  // A merged proposal points at an ongoing topic, which records that it took it in.
  for (const m of merged) {
    if (!mergeTarget) {
      m.doc.status = 'rejected';
      topics.push({ doc: m.doc });
      continue;
    }
    const t = Math.min(nowMs, (m.doc.createdAt as Date).getTime() + 3 * DAY);
    const staff = world.staff[0]!;
    m.timeline.push({ _id: oidAt(at(t)), type: 'merged', actorId: staff.userId, actorName: staff.name, at: at(t), note: `合并至「${mergeTarget.title}」：内容相近` });
    mergeTarget.timeline.push({ _id: oidAt(at(t)), type: 'merged_in', actorId: staff.userId, actorName: staff.name, at: at(t), note: `合并了「${m.doc.title as string}」` });
    Object.assign(m.doc, { mergedInto: mergeTarget.id, reason: '内容相近', updatedAt: at(t) });
    topics.push({ doc: m.doc });
  }
  for (const t of topics) {
    const events = t.doc.timeline as { at: Date }[];
    events.sort((a, b) => a.at.getTime() - b.at.getTime());
    t.doc.updatedAt = events[events.length - 1]!.at;
    await w.add(ConsultationModel, t.doc);
  }
}

// ---- volunteers and the points ledger -------------------------------------------------------------------

async function seedVolunteering(w: BulkWriter, rng: Rng, world: World, volunteers: Resident[], pending: Resident[], now: Date): Promise<void> {
  const nowMs = now.getTime();
  const staff = world.staff[0]!;
  const levels = DEFAULT_STAR_LEVELS;

  // Activities: past ones about every four days over two years, and a few coming up.
  interface Act {
    _id: Types.ObjectId;
    title: string;
    startAt: Date;
    endAt: Date;
    pointsPerHour: number;
    seats: Types.ObjectId[];
    createdAt: Date;
  }
  const activities: Act[] = [];
  for (let i = 0; i < PAST_ACTIVITIES + UPCOMING_ACTIVITIES; i++) {
    const upcoming = i >= PAST_ACTIVITIES;
    const day = upcoming ? nowMs + rng.between(1, 14) * DAY : nowMs - (720 - (i * 715) / PAST_ACTIVITIES) * DAY;
    // 9:00 or 14:00 in Shanghai.
    const startAt = at(Math.floor(day / DAY) * DAY + (rng.chance(0.5) ? 1 : 6) * HOUR);
    const endAt = at(startAt.getTime() + rng.pick([2, 2.5, 3, 4]) * HOUR);
    const createdAt = at(startAt.getTime() - rng.between(5, 12) * DAY);
    activities.push({ _id: oidAt(createdAt), title: rng.pick(ACTIVITY_TITLES), startAt, endAt, pointsPerHour: 10, seats: [], createdAt });
  }
  const past = activities.slice(0, PAST_ACTIVITIES);

  const volunteerDoc = (r: Resident, status: 'active' | 'pending', createdAt: Date) =>
    newVolunteerDoc({
      _id: oidAt(createdAt),
      communityId: world.communityId,
      userId: r.userId,
      name: r.name,
      status,
      skills: rng.sample(SKILLS, rng.int(1, 3)),
      availability: rng.pick(['周末上午', '工作日晚上', '周末全天', '随时']),
      partyMember: rng.chance(0.2),
      anonymous: rng.chance(0.1),
      createdAt,
    });

  for (const r of pending) await w.add(VolunteerModel, { ...volunteerDoc(r, 'pending', at(nowMs - rng.between(1, 10) * DAY)) });

  const activeIds: Types.ObjectId[] = [];
  for (const r of volunteers) {
    const v = volunteerDoc(r, 'active', at(Math.max(r.joinedAt.getTime() + DAY, nowMs - rng.between(600, 760) * DAY)));
    activeIds.push(v._id);
    const available = past.filter((a) => a.startAt > v.createdAt);
    // Always LEDGER_PER_VOLUNTEER entries: services attended, the rest administrator adjustments.
    const attended = rng.sample(available, LEDGER_PER_VOLUNTEER - rng.int(2, 12));
    const adjustments = LEDGER_PER_VOLUNTEER - attended.length;
    interface Move {
      t: number;
      kind: 'earn' | 'adjust';
      amount: number;
      hours?: number;
      act?: Act;
    }
    const moves: Move[] = [];
    for (const a of attended) {
      const duration = (a.endAt.getTime() - a.startAt.getTime()) / HOUR;
      const hours = creditedHours(rng.chance(0.8) ? duration : duration - 0.5, a.startAt, a.endAt)!;
      moves.push({ t: a.endAt.getTime() + rng.between(1, 48) * HOUR, kind: 'earn', amount: pointsFor(hours, a.pointsPerHour), hours, act: a });
      a.seats.push(v._id);
    }
    for (let i = 0; i < adjustments; i++)
      moves.push({ t: rng.between(v.createdAt.getTime() + DAY, nowMs - HOUR), kind: 'adjust', amount: rng.chance(0.5) ? rng.int(5, 50) : -rng.int(5, 50) });
    moves.sort((a, b) => a.t - b.t);

    // The chain: entry n carries the balance after it; the volunteer ends on the last one.
    let seq = 0;
    let balance = 0;
    let hours = 0;
    let pointsEarned = 0;
    for (const m of moves) {
      if (m.kind === 'adjust' && balance + m.amount < 0) m.amount = -m.amount; // never below zero
      seq++;
      balance += m.amount;
      const when = at(m.t);
      const entryId = oidAt(when);
      const before = hours;
      if (m.kind === 'earn') {
        hours += m.hours!;
        pointsEarned += m.amount;
        const a = m.act!;
        await w.add(LedgerEntryModel, { ...newLedgerEntryDoc({
          _id: entryId,
          communityId: world.communityId,
          volunteerId: v._id,
          seq,
          kind: 'earn',
          amount: m.amount,
          balanceAfter: balance,
          hours: m.hours,
          key: `earn:${a._id.toHexString()}:${v._id.toHexString()}`,
          note: `志愿服务：${a.title}（${m.hours}小时）`,
          activityId: a._id,
          actorId: staff.userId,
          status: 'applied',
          createdAt: when,
        }) });
        await w.add(AttendanceModel, {
          _id: oidAt(a.startAt),
          communityId: world.communityId,
          activityId: a._id,
          volunteerId: v._id,
          checkedInAt: at(a.startAt.getTime() - rng.between(5, 15) * 60_000),
          checkedOutAt: at(a.endAt.getTime() + rng.between(0, 10) * 60_000),
          confirmedHours: m.hours,
          points: m.amount,
          confirmedBy: staff.userId,
        });
        // A star reached with this credit: announced (公示) for 5 working days, granted since.
        for (const [k, need] of levels.entries()) {
          if (before + 1e-9 < need && hours + 1e-9 >= need) {
            await w.add(StarAwardModel, { ...newStarAwardDoc({
              _id: oidAt(when),
              communityId: world.communityId,
              volunteerId: v._id,
              volunteerName: v.name,
              stars: k + 1,
              hours: roundHours(hours),
              reachedAt: when,
              publicUntil: addWorkingDays(when, STAR_PUBLICITY_WORKING_DAYS),
            }) });
            await w.add(MessageModel, { ...newMessageDoc({
              _id: oidAt(when),
              communityId: world.communityId,
              userId: v.userId,
              sourceId: oidAt(when),
              kind: 'star_announced',
              title: `恭喜达到${k + 1}星级志愿者，公示中`,
              body: `累计服务${roundHours(hours)}小时`,
              read: true,
              createdAt: when,
            }) });
          }
        }
      } else {
        await w.add(LedgerEntryModel, { ...newLedgerEntryDoc({
          _id: entryId,
          communityId: world.communityId,
          volunteerId: v._id,
          seq,
          kind: 'adjust',
          amount: m.amount,
          balanceAfter: balance,
          key: `adjust:${entryId.toHexString()}`,
          note: `管理员调整：${m.amount > 0 ? '补录线下服务积分' : '更正重复计分'}`,
          actorId: world.admin.userId,
          status: 'applied',
          createdAt: when,
        }) });
      }
    }
    await w.add(VolunteerModel, { ...v, hours, balance, pointsEarned, seq });
  }

  for (const a of activities) {
    const upcoming = a.startAt.getTime() > nowMs;
    if (upcoming) a.seats = rng.sample(activeIds, rng.int(0, 12)); // signed up so far
    await w.add(ActivityModel, { ...newActivityDoc({
      _id: a._id,
      communityId: world.communityId,
      title: a.title,
      description: `${a.title}，欢迎志愿者报名参加。社区提供必要的工具和饮用水。`,
      category: a.title.includes('整治') ? '环境整治' : '社区服务',
      startAt: a.startAt,
      endAt: a.endAt,
      location: rng.pick(['社区服务站门口集合', '社区活动室', '小区中心广场']),
      capacity: upcoming ? 20 : Math.max(80, a.seats.length),
      pointsPerHour: a.pointsPerHour,
      skills: [],
      createdBy: staff.userId,
      createdByName: staff.name,
      seats: a.seats,
      createdAt: a.createdAt,
    }) });
  }
}

// ---- the seeder -----------------------------------------------------------------------------------------

export interface SeedFixture {
  code: string;
  staff: string;
  people: { openid: string; volunteer: boolean; requestIds: string[] }[];
}

export interface SeedReport {
  scale?: number;
  streets: number;
  communities: number;
  seconds: number;
  indexSeconds: number;
  phaseSeconds: Record<string, number>;
  documents: Record<string, number>;
  insertSeconds: Record<string, number>;
  fixtures: SeedFixture[];
}

/**
 * Writes load data into the database of the open mongoose connection, a community at a time, and can grow it
 * afterwards (more communities, more requests in a community it seeded): `npm run load` seeds once through the
 * CLI below, the in-process benchmark (bench/inprocess.ts) grows one database from 1,000 to 20,000 requests.
 * Streets are created as communities need them (5 per street); `people` is how many residents per community the
 * fixtures name for traffic.
 */
export function loadSeeder(options: { now?: Date; people?: number; log?: (m: string) => void } = {}) {
  const now = options.now ?? new Date();
  const rng = prng(20240611);
  const started = Date.now();
  const w = new BulkWriter(1000);
  const phaseMs: Record<string, number> = {};
  const fixtures: SeedFixture[] = [];
  const worlds: World[] = [];
  const say = options.log ?? ((m: string) => process.stderr.write(`[seed] ${m} (${((Date.now() - started) / 1000).toFixed(0)} s)\n`));
  let indexMs = 0;
  let street: Awaited<ReturnType<typeof seedStreet>> | undefined;
  let streets = 0;
  let inStreet = 0;
  const phase = async (name: string, fn: () => Promise<void>) => {
    const t = Date.now();
    await fn();
    phaseMs[name] = (phaseMs[name] ?? 0) + (Date.now() - t);
  };

  return {
    /** Creates every model's index before the data arrives, as in a running deployment (the product's seed does this). */
    async ensureIndexes(): Promise<void> {
      const t0 = Date.now();
      for (const model of Object.values(mongoose.models)) await model.createIndexes();
      indexMs += Date.now() - t0;
    },

    /** One more community at `f` times a full one's volumes (1: 1,000 residents, 4,000 requests, 60 topics, 100 volunteers). */
    async addCommunity(f = 1, label = ''): Promise<{ code: string; communityId: Types.ObjectId; requests: number }> {
      if (!street || inStreet >= COMMUNITIES_PER_STREET) {
        street = await seedStreet(w, rng, ++streets, now);
        inStreet = 0;
      }
      inStreet++;
      const ci = worlds.length + 1;
      const log = (m: string) => say(`community ${ci}${label}: ${m}`);
      let world!: World;
      const requestsOf = new Map<string, string[]>();
      const s = street;
      await phase('communities+residents', async () => {
        world = await seedCommunity(w, rng, ci, s, now, f);
      });
      worlds.push(world);
      const chosen = rng.sample(world.residents, sized(VOLUNTEERS, f) + sized(PENDING_VOLUNTEERS, f));
      const active = chosen.slice(0, sized(VOLUNTEERS, f));
      await phase('communities+residents', () => writeResidents(w, rng, world, new Set(active.map((r) => r.userId.toHexString()))));
      log('residents');
      const requests = sized(REQUESTS, f);
      await phase('requests+messages', async () => {
        for (let i = 0; i < requests; i++) {
          const r = await seedRequest(w, rng, world, now);
          if (r.filerId) {
            const k = r.filerId.toHexString();
            if (!requestsOf.has(k)) requestsOf.set(k, []);
            requestsOf.get(k)!.push(r.id.toHexString());
          }
        }
      });
      log('requests');
      await phase('consultations', () => seedConsultations(w, rng, world, now));
      log('consultations');
      await phase('volunteers+ledger', () => seedVolunteering(w, rng, world, active, chosen.slice(sized(VOLUNTEERS, f)), now));
      for (const [name, cost, stock] of [['洗衣皂一块', 15, 100], ['理发一次', 30, 20], ['大米五斤', 80, 30], ['电影票一张', 60, 10]] as const)
        await w.add(RewardModel, { _id: oidAt(now), communityId: world.communityId, name, cost, stock, description: '凭兑换码到社区服务站领取', takenBy: [], returnedBy: [], createdAt: now });
      log('volunteers');
      // The people `npm run load` signs in: a third volunteers, the rest residents, and a community worker.
      const perCommunity = Math.max(1, options.people ?? 60);
      const volunteerIds = new Set(active.map((r) => r.userId.toHexString()));
      const plain = world.residents.filter((r) => !volunteerIds.has(r.userId.toHexString()));
      const nVol = Math.min(active.length, Math.round(perCommunity / 3));
      fixtures.push({
        code: `load-c${ci}`,
        staff: `load-staff-${ci}-1`,
        people: [...active.slice(0, nVol), ...plain.slice(0, perCommunity - nVol)].map((r) => ({
          openid: r.openid,
          volunteer: volunteerIds.has(r.userId.toHexString()),
          requestIds: (requestsOf.get(r.userId.toHexString()) ?? []).slice(-20),
        })),
      });
      return { code: `load-c${ci}`, communityId: world.communityId, requests };
    },

    /** `n` more requests (and their messages) in a community this seeder created, filed over the last year like the others. */
    async addRequests(code: string, n: number): Promise<void> {
      const world = worlds.find((x) => `load-c${x.ci}` === code);
      if (!world) throw new Error(`community ${code} was not seeded by this seeder`);
      await phase('requests+messages', async () => {
        for (let i = 0; i < n; i++) await seedRequest(w, rng, world, now);
      });
      say(`community ${world.ci}: ${n} more requests`);
    },

    /** Writes what is still buffered. */
    async flush(): Promise<void> {
      await phase('final flush', () => w.flush());
      // The requests went in through the driver, around the handlers that keep the 三率 counters: write the
      // counters computed while writing them (no read-back of every request).
      await phase('request statistics', async () => {
        await w.requestStats.write();
      });
    },

    /** Lets the caller account its own steps (e.g. rebuilding derived data) in the report's phases. */
    phase,

    report(): Omit<SeedReport, 'scale'> {
      return {
        streets,
        communities: worlds.length,
        seconds: (Date.now() - started) / 1000,
        indexSeconds: indexMs / 1000,
        phaseSeconds: Object.fromEntries(Object.entries(phaseMs).map(([k, v]) => [k, v / 1000])),
        documents: { ...w.counts },
        insertSeconds: Object.fromEntries(Object.entries(w.ms).map(([k, v]) => [k, v / 1000])),
        fixtures,
      };
    },
  };
}
export type LoadSeeder = ReturnType<typeof loadSeeder>;

/**
 * Seeds `scale` units (see the top of this file) into the database of the open mongoose connection: indexes
 * first, then the communities, each written as it is generated. `people`: residents named in the fixtures, in all.
 */
export async function seed(options: { scale: number; people?: number; now?: Date; log?: (m: string) => void }): Promise<SeedReport> {
  const { scale } = options;
  if (!(scale > 0)) throw new Error('--scale must be a positive number');
  const communities = Math.max(1, Math.round(COMMUNITIES_PER_STREET * scale));
  const f = Math.min(1, (COMMUNITIES_PER_STREET * scale) / communities);
  const seeder = loadSeeder({ now: options.now, people: Math.ceil((options.people ?? 300) / communities), log: options.log });
  await seeder.ensureIndexes();
  for (let ci = 1; ci <= communities; ci++) await seeder.addCommunity(f, `/${communities}`);
  await seeder.flush();
  return { scale, ...seeder.report() };
}

// ---- command line ---------------------------------------------------------------------------------------

async function main() {
  const scale = Number(arg('scale') ?? 1);
  if (!(scale > 0)) throw new Error('--scale must be a positive number');
  const out = arg('out');

  // Our own connection rather than the functions' one: bulk batches may wait behind other writers on an engine
  // that runs one write at a time (FerretDB), longer than the 20 s socket timeout a Lambda wants.
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI is not set');
  await mongoose.connect(uri, { serverSelectionTimeoutMS: 10_000, socketTimeoutMS: 15 * 60_000 });
  if (await StreetModel.exists({ code: 'load-s1' })) {
    console.error('load data is already present in this database (street load-s1): run with --skip-seed, or use an empty database');
    process.exit(3);
  }
  const report = await seed({ scale, people: Number(arg('people') ?? 300) });
  if (out) writeFileSync(out, JSON.stringify(report, null, 2));
  else console.log(JSON.stringify(report, null, 2));
  await mongoose.disconnect();
}

// Run as a script (`node --import tsx scripts/load/seed.ts …`); imported, it only exports the seeder.
if (/[\\/]scripts[\\/]load[\\/]seed\.ts$/.test(process.argv[1] ?? ''))
  main().catch(async (err) => {
    console.error('load seed failed:', err instanceof Error ? err.stack : err);
    await mongoose.disconnect();
    process.exit(1);
  });
