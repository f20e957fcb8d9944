import { Types } from 'mongoose';
import { followUpDueAt, shanghaiMonth, type CaseLevel, type CaseStatus, type MediationType, type RiskLevel } from '@linli/shared';
import { BuildingModel, MembershipModel } from '../communities/community.model';
import { RequestModel } from '../requests/request.model';
import { newRequestDoc } from '../requests/request.factory';
import { syncRequestStats } from '../requests/request-stats';
import { CaseModel, type CaseDoc, type CasePartyDoc } from '../mediation/case.model';
import { TO_MEDIATION_NOTE, MEDIATION_DONE_NOTE } from '../mediation/request-link';

const DAY = 86_400_000;

/**
 * Dispute cases (矛盾纠纷调处) of the demo community, one in each state, so the case pages, 我的调解 and the figures
 * have something to show: 郑调解员 (demo-mediator) and 刘网格 (demo-grid-1) mediate; 张阿姨, 李师傅 and 王同学 are
 * parties of some (张阿姨 has an agreement to confirm on her phone); one 重大 case the street holds. One came from a
 * 邻里纠纷 request of 李师傅's, seven months ago (out of the 三率 board's default half year, whose figures tests read),
 * resolved when its agreement was reached and closed when the 回访 found it holding. Written once: nothing is added
 * when the community has any case, and nothing announces seeded history.
 */
export async function seedMediation(communityId: Types.ObjectId) {
  if (await CaseModel.exists({ communityId })) return;
  const members = await MembershipModel.find({ communityId, status: 'active' }).lean();
  const m = (name: string) => members.find((x) => x.name === name);
  const mediator = m('郑调解员');
  const grid = m('刘网格');
  const [zhang, li, wang] = [m('张阿姨'), m('李师傅'), m('王同学')];
  const b2 = await BuildingModel.findOne({ communityId, name: '2号楼' }).lean();
  if (!mediator || !grid || !zhang || !li || !wang || !b2) return;
  const now = Date.now();
  const ago = (days: number) => new Date(now - days * DAY);
  const member = (x: typeof zhang, confirmed?: Date): CasePartyDoc => ({ _id: new Types.ObjectId(), name: x.name, userId: x.userId, membershipId: x._id, ...(confirmed ? { confirmedAt: confirmed, confirmedBy: 'self' as const } : {}) });
  const named = (name: string, phone?: string, signed?: Date): CasePartyDoc => ({ _id: new Types.ObjectId(), name, phone, ...(signed ? { confirmedAt: signed, confirmedBy: 'paper' as const, signatureRecordedBy: mediator.userId } : {}) });
  const by = (x: typeof zhang, role: string, at: Date) => ({ userId: x.userId, name: x.name, role, addedAt: at, addedBy: x.userId });
  const event = (type: string, at: Date, who = mediator, note?: string) => ({ _id: new Types.ObjectId(), type, at, actorId: who.userId, actorName: who.name, note });
  const session = (at: Date, said: string, attendees: string[], nextStep?: string, level: CaseLevel = 'community', who = mediator) => ({
    _id: new Types.ObjectId(),
    at,
    place: level === 'street' ? '街道人民调解委员会调解室' : '社区人民调解室',
    attendees,
    said,
    nextStep,
    recordedBy: who.userId,
    recordedByName: who.name,
    level,
  });
  const kase = (
    openedDaysAgo: number,
    c: { type: MediationType; risk: RiskLevel; status: CaseStatus; place: string; summary: string; parties: CasePartyDoc[] } & Partial<CaseDoc>,
  ): CaseDoc => {
    const createdAt = ago(openedDaysAgo);
    const mediators = c.mediators ?? [by(mediator, 'mediator', createdAt)];
    return {
      _id: new Types.ObjectId(),
      communityId,
      level: 'community',
      origin: 'staff',
      gridId: grid.gridIds[0],
      sessions: [],
      brokenAgreements: [],
      followUps: [],
      events: [event('opened', createdAt)],
      streetSees: c.risk === 'serious' || c.level === 'street',
      escalated: false,
      gridLevel: false,
      reopenCount: 0,
      followUpsHeld: 0,
      followUpsBroken: 0,
      month: shanghaiMonth(createdAt),
      openedBy: mediators[0]!.userId,
      rev: 0,
      createdAt,
      updatedAt: createdAt,
      ...c,
      mediators,
      mediatorIds: mediators.map((x) => x.userId),
      partyUserIds: c.parties.flatMap((p) => (p.userId ? [p.userId] : [])),
    };
  };

  // The 邻里纠纷 request the closed case came from: 李师傅's, handed to mediation by 刘网格, resolved at the agreement.
  const filed = ago(210);
  const caseFromRequest = new Types.ObjectId();
  const agreedAt = ago(203);
  const request = newRequestDoc({ communityId, category: 'dispute', description: '楼上住户空调外机滴水，落在我家阳台，协商多次无果', buildingId: b2._id, gridId: b2.gridId, filerId: li.userId, filerName: li.name, filedBy: li.userId, filedAs: 'resident', phoneConsent: false, household: li.household ?? undefined }, filed);
  const handedAt = new Date(filed.getTime() + 3 * 3_600_000);
  Object.assign(request, {
    status: 'closed',
    mediationCaseId: caseFromRequest,
    assigneeId: grid.userId,
    assigneeName: grid.name,
    firstResponseAt: handedAt,
    firstResponseHours: 3,
    responseOutcome: 'on_time',
    resolvedAt: agreedAt,
    resolveHours: (agreedAt.getTime() - filed.getTime()) / 3_600_000,
    closedAt: new Date(agreedAt.getTime() + 7 * DAY),
    timeline: [
      ...request.timeline,
      { _id: new Types.ObjectId(), type: 'to_mediation', actorId: grid.userId, actorRole: 'grid_worker', at: handedAt, note: TO_MEDIATION_NOTE, audience: 'filer' },
      { _id: new Types.ObjectId(), type: 'resolve', actorId: grid.userId, actorRole: 'grid_worker', at: agreedAt, note: MEDIATION_DONE_NOTE, audience: 'filer' },
    ],
  });
  // Written as filed then (mongoose would stamp them now); the 三率 counters take it in at once.
  await RequestModel.collection.insertOne({ ...request, createdAt: filed, updatedAt: request.closedAt, statsDirty: true } as never);
  await syncRequestStats(request);

  const upstairs = named('楼上住户周先生', '13900003001', agreedAt);
  const cases: CaseDoc[] = [
    kase(1, { type: 'property', risk: 'ordinary', status: 'open', place: '1号楼地下车库', summary: '张阿姨反映物业擅自占用其车位堆放杂物，要求清理并赔偿', parties: [member(zhang), named('物业公司王经理', '13900003002')] }),
    kase(6, {
      type: 'neighbour',
      risk: 'major',
      status: 'mediating',
      place: '2号楼与3号楼之间的绿化带',
      summary: '王同学在绿化带私种蔬菜，李师傅认为侵占公共绿地，双方多次争吵',
      parties: [member(li), member(wang)],
      mediators: [by(mediator, 'mediator', ago(6)), { ...by(grid, 'grid_worker', ago(5)), addedBy: mediator.userId }],
      sessions: [session(ago(4), '双方各自陈述，王同学同意不再扩种，李师傅要求恢复原状', ['李师傅', '王同学', '郑调解员', '刘网格'], '三天后现场查看')],
      events: [event('opened', ago(6)), event('mediator_added', ago(5), mediator, grid.name), event('session', ago(4))],
    }),
    kase(12, {
      type: 'family',
      risk: 'ordinary',
      status: 'agreed',
      place: '1号楼1单元101',
      summary: '张阿姨与外地工作的儿子就赡养费和探望时间产生分歧',
      parties: [member(zhang), named('张阿姨之子张强', '13900003003', ago(2))],
      sessions: [session(ago(9), '电话连线儿子张强，双方同意每月赡养费一千元', ['张阿姨', '张强（电话）', '郑调解员'], '起草调解协议')],
      agreement: { text: '张强每月5日前支付赡养费1000元，每季度回家探望一次；张阿姨如需就医，张强负责陪同或委托亲属陪同。', at: ago(3), by: mediator.userId },
      concludedAt: ago(3),
      followUpDueAt: followUpDueAt(ago(3)),
      gridLevel: true,
      events: [event('opened', ago(12)), event('session', ago(9)), event('agreed', ago(3)), event('signature', ago(2), mediator, '张阿姨之子张强')],
    }),
    kase(30, {
      type: 'tenancy',
      risk: 'ordinary',
      status: 'confirmed',
      place: '3号楼1单元301',
      summary: '王同学租住房屋退租，房东扣留押金两千元，双方对墙面损坏责任有争议',
      parties: [member(wang, ago(24)), named('房东陈女士', '13900003004', ago(24))],
      sessions: [session(ago(27), '现场查看墙面，双方同意按维修报价分担', ['王同学', '陈女士', '郑调解员'])],
      agreement: { text: '房东退还押金一千五百元，其余五百元用于墙面修补。', at: ago(25), by: mediator.userId },
      concludedAt: ago(25),
      followUpDueAt: followUpDueAt(ago(25)),
      gridLevel: true,
      events: [event('opened', ago(30)), event('session', ago(27)), event('agreed', ago(25)), event('confirmed', ago(24), wang), event('signature', ago(24), mediator, '房东陈女士')],
    }),
    kase(209, {
      _id: caseFromRequest,
      type: 'neighbour',
      risk: 'ordinary',
      status: 'closed',
      origin: 'request',
      requestId: request._id,
      gridId: b2.gridId,
      place: '2号楼2单元',
      summary: '楼上空调外机冷凝水滴落楼下阳台',
      parties: [member(li, agreedAt), upstairs],
      mediators: [by(grid, 'grid_worker', ago(209))],
      openedBy: grid.userId,
      sessions: [session(ago(205), '楼上同意加装冷凝水导管', ['李师傅', '周先生', '刘网格'], undefined, 'community', grid)],
      agreement: { text: '周先生一周内为空调外机加装导水管，接入排水管道。', at: agreedAt, by: grid.userId },
      concludedAt: agreedAt,
      followUpDueAt: followUpDueAt(agreedAt),
      followUps: [{ holds: true, note: '回访：导水管已加装，不再滴水，双方满意', at: ago(172), by: grid.userId, byName: grid.name }],
      followUpsHeld: 1,
      gridLevel: true,
      events: [event('opened', ago(209), grid), event('session', ago(205), grid), event('agreed', agreedAt, grid), event('confirmed', agreedAt, li), event('signature', agreedAt, grid, '楼上住户周先生'), event('follow_up_holds', ago(172), grid)],
    }),
    kase(8, {
      type: 'labour',
      risk: 'major',
      status: 'failed',
      place: '4号楼装修工地',
      summary: '装修工人反映包工头拖欠工资，双方对工程量认定分歧较大',
      parties: [named('装修工人老赵', '13900003005'), named('包工头钱某', '13900003006')],
      sessions: [session(ago(6), '双方对工程量各执一词，包工头拒绝按工人主张支付', ['老赵', '钱某', '郑调解员'])],
      events: [event('opened', ago(8)), event('session', ago(6)), event('failed', ago(5), mediator, '双方分歧较大，社区调解不成')],
    }),
    kase(15, {
      type: 'property',
      risk: 'serious',
      status: 'mediating',
      level: 'street',
      escalated: true,
      place: '小区南门',
      summary: '十余户业主与物业公司因停车收费上涨集体争执，有聚集上访风险',
      parties: [named('业主代表孙先生', '13900003007'), named('物业公司项目经理', '13900003008')],
      sessions: [session(ago(13), '业主代表与物业各自说明，物业暂缓执行新收费标准', ['孙先生', '物业项目经理', '郑调解员'], '提请街道协调')],
      events: [event('opened', ago(15)), event('session', ago(13)), event('escalated', ago(12), mediator, '涉及人数多，提请街道人民调解委员会')],
    }),
    kase(40, {
      type: 'labour',
      risk: 'ordinary',
      status: 'referred',
      place: '社区便民超市',
      summary: '超市店员与店主就加班费发生争议',
      parties: [named('店员小吴', '13900003009'), named('店主林某', '13900003010')],
      sessions: [session(ago(38), '店主不认可加班事实，双方无法达成一致', ['小吴', '林某', '郑调解员'])],
      referral: { channel: 'arbitration', note: '引导店员向区劳动人事争议仲裁委员会申请仲裁', at: ago(35), by: mediator.userId },
      concludedAt: ago(35),
      events: [event('opened', ago(40)), event('session', ago(38)), event('failed', ago(36)), event('referred', ago(35), mediator, '引导申请劳动仲裁')],
    }),
    kase(20, {
      type: 'other',
      risk: 'ordinary',
      status: 'ended',
      place: '3号楼楼下',
      summary: '两位居民因宠物狗吠叫发生口角',
      parties: [named('养犬居民黄女士'), named('邻居何先生')],
      concludedAt: ago(18),
      events: [event('opened', ago(20)), event('failed', ago(18), mediator, '一方撤回调解申请'), event('ended', ago(18), mediator, '当事人自行和解，撤回申请')],
    }),
  ];
  // Written as they happened (mongoose would stamp them now).
  await CaseModel.collection.insertMany(cases as never[]);
}
