import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepareFixtures, type Fixtures } from './weapp/fixtures';
import { checkedFiles, syntaxProblems, WeappRuntime, type OpenedPage } from './weapp/runtime';
import { outline } from './weapp/tree';

// Issue 17, step 6: the weapp build, not the H5 one, run headless. Every page of the built app.json is opened in a
// Node stand-in for WeChat's logic layer (e2e/weapp/runtime.ts: the build's own app.js and page scripts, shims for
// App, Page, Component and wx) as the demo accounts it is for, against the real API of the local stack; wx.login
// gives the code the local WeChat emulator takes as the openid, so accounts sign in as on a phone, by tapping 微信登录
// on 首页. Each page must render (setData) its texts and the records made for it below, without an uncaught error,
// an unhandled rejection, a console.error, an unexpected API refusal, a WeChat API the shim lacks, a browser global
// (window, document, localStorage…), a template base.wxml lacks, or syntax above ES2017 in any bundle it loads.
// The texts each page rendered go to test-results/weapp-smoke/<account>__<page>.txt (with an outline of the tree).
//
// What it cannot see: WeChat's rendering of WXML and WXSS (layout, styles, fonts), native components (map, canvas
// pixels, video), WeChat's own dialogs and permission prompts, and differences between WeChat's JavaScript engines
// and Node beyond syntax. F2 charts draw on a recording canvas: the labels they draw are checked, not the picture.

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { weappDist } = require('../miniprogram/scripts/weapp-size.cjs') as { weappDist: () => string };
const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, 'test-results', 'weapp-smoke');

/** Harmless reads of globals WeChat lacks; each is a library probing inside a try/catch. */
const TOLERATED = [
  { name: 'document', near: /try\{\w+=parseInt\(document\.documentElement\.style\.fontSize,10\)\|\|50\}catch/, why: 'F2 reads the root font size inside try/catch and falls back to 50' },
];

interface Visit {
  route: string;
  query?: (f: Fixtures) => Record<string, string>;
  /** What the query names, for the test's title and dump file. */
  of?: string;
  /** Texts the page must show (each found in the page's texts). */
  shows: (f: Fixtures) => string[];
  /** API answers >= 400 the page is meant to get for this account, as "404 /api/volunteers/me" (query left out). */
  refused?: string[];
  /** F2 charts: canvas id → labels it must draw. */
  charts?: (f: Fixtures) => Record<string, string[]>;
  /** A tap after the page settled (a tab of a Switcher, say), and what must show then. */
  tap?: { text: string; shows: (f: Fixtures) => string[] };
}

interface Account {
  name: string;
  openid: (f: Fixtures, stamp: number) => string;
  /** What 首页 shows once 微信登录 was tapped; null: stays signed out for the visits (a newcomer). */
  signedIn: ((f: Fixtures) => string[]) | null;
  visits: Visit[];
}

const NOT_A_VOLUNTEER = ['404 /api/volunteers/me'];
/** The page of one of the fixtures' records (`?id=`). */
const of = (key: 'request' | 'topic' | 'decided' | 'activity' | 'award' | 'member' | 'patrol' | 'ongoing' | 'household' | 'visit' | 'mediation' | 'dispatched' | 'unit'): Pick<Visit, 'query' | 'of'> => ({
  of: key,
  query: (f) => ({ id: key === 'award' ? f.volunteer.awardId : key === 'member' ? f.residentMembershipId : key === 'ongoing' ? f.patrolling.patrolId : key === 'unit' ? f.dispatched.unitId : f[key].id }),
});

const ACCOUNTS: Account[] = [
  {
    name: 'newcomer',
    openid: (_f, stamp) => `weapp-smoke-newcomer-${stamp}`,
    signedIn: null,
    visits: [
      { route: 'pages/home/index', shows: () => ['社区居民的掌上家园', '微信登录', '怎样加入', '找到您的社区'] },
      { route: 'pages/affairs/index', shows: () => ['急难愁盼 · 接诉即办', '欢迎来到邻里', '微信登录'] },
      { route: 'pages/consult/index', shows: () => ['议事协商 · 大家的事大家商量', '欢迎来到邻里'] },
      { route: 'pages/volunteer/index', shows: () => ['志愿服务 · 道德银行', '欢迎来到邻里'] },
      { route: 'pages/mine/index', shows: () => ['未登录', '登录后加入您的社区', '大字模式', '隐私政策'] },
      { route: 'legal/pages/privacy/index', shows: () => ['邻里隐私政策', '一、我们收集哪些信息'] },
      { route: 'legal/pages/terms/index', shows: () => ['邻里用户协议', '一、服务内容'] },
      { route: 'communities/pages/join/index', shows: () => ['1. 选择社区', '示范社区', '滨江社区', '2. 个人信息', '提交申请'] },
    ],
  },
  {
    name: 'applicant',
    openid: (f) => f.applicant.openid,
    signedIn: () => ['示范社区', '的申请正在等待社区审核'],
    visits: [
      { route: 'pages/affairs/index', shows: () => ['您的入驻申请正在审核，审核通过后即可反映诉求。'] },
      { route: 'pages/mine/index', shows: (f) => ['入驻状态', '待审核', `2号楼 2单元 5${f.stamp}`] },
    ],
  },
  {
    name: 'demo-resident-1',
    openid: () => 'demo-resident-1',
    signedIn: () => ['示范社区', '1号楼 1单元 101', '我要反映', '我的诉求'],
    visits: [
      { route: 'pages/affairs/index', shows: (f) => ['我的诉求', f.request.title, '已受理'] },
      { route: 'pages/consult/index', shows: (f) => ['提出议题', '进行中', f.topic.title, '征集附议'] },
      // No volunteer, but a points account: the seed's 随手拍奖励 for her report of 楼道灯 (report-rewards.seed.ts).
      { route: 'pages/volunteer/index', shows: () => ['我的积分', '随手拍奖励累计', '积分存折', '注册志愿者', '提交注册', '周末社区环境整治'] },
      { route: 'volunteer/pages/passbook/index', shows: () => ['积分结余', '随手拍奖励', '随手拍奖励：【设施维修】1号楼1单元楼道灯不亮'] },
      // 我的调解: she is a party to the fixtures' case (its agreement waits for her).
      { route: 'pages/mine/index', shows: () => ['张阿姨', '已加入', '居民', '1号楼 1单元 101', '我的调解', '调解协议待您确认'] },
      { route: 'mediation/pages/list/index', of: 'party', query: () => ({ scope: 'party' }), shows: () => ['进行中', '物业纠纷 · 风险较大', '调解成功·待确认', '刘网格（网格员）'] },
      { route: 'mediation/pages/detail/index', ...of('mediation'), shows: (f) => [f.mediation.summary, '张阿姨（我）', '外来车主', f.mediation.agreement, '请阅读后点“确认协议”', '确认协议'] },
      { route: 'requests/pages/new/index', shows: () => ['问题类别', '设施维修', '问题描述', '1号楼', '提交'] },
      { route: 'requests/pages/detail/index', ...of('request'), shows: (f) => [f.request.title, f.request.description, f.request.reply, '负责人', '刘网格', '办理进度'] },
      // 谁在办: her request dispatched to 阳光物业公司 (吹哨报到), the unit's deadlines beside the promised ones, the hand-offs.
      { route: 'requests/pages/detail/index', ...of('dispatched'), shows: (f) => [f.dispatched.title, '谁在办', '单位', '阳光物业公司', '待签收', '承诺办结', '单位时限', '流转记录'] },
      { route: 'requests/pages/messages/index', shows: (f) => ['您的诉求有新回复', `【设施维修】${f.request.title}`] },
      { route: 'requests/pages/dashboard/index', shows: () => ['需要社区工作者或街道工作人员身份'], refused: ['403 /api/stats/requests'] },
      { route: 'consult/pages/new/index', shows: () => ['标题', '内容', '全社区', '提出议题'] },
      { route: 'consult/pages/detail/index', ...of('topic'), shows: (f) => [f.topic.title, f.topic.body, '（我）', '邀请邻居附议', '讨论'] },
      {
        route: 'consult/pages/detail/index',
        ...of('decided'),
        shows: (f) => [f.decided.title, '表决结果', '浅米色', '淡蓝色', '投票率'],
        charts: () => ({ consultResults: ['浅米色', '淡蓝色'] }),
      },
      { route: 'volunteer/pages/activity/index', ...of('activity'), shows: () => ['周末社区环境整治', '社区服务站门口集合', '注册成为志愿者并通过社区审核后即可报名。'] },
      { route: 'volunteer/pages/mall/index', shows: () => ['我的积分结余', '洗衣皂一块', '理发一次'] },
      { route: 'volunteer/pages/leaderboard/index', shows: () => ['服务时长', '获得积分', '本月', '累计'] },
      { route: 'volunteer/pages/stars/index', shows: (f) => ['经5个工作日公示无异议后授予星级', f.volunteer.name, '公示中'], refused: NOT_A_VOLUNTEER },
      { route: 'staff/pages/settings/index', shows: () => ['需要社区工作者身份'], refused: ['403 /api/community/settings'] },
    ],
  },
  {
    name: 'demo-grid-1',
    openid: () => 'demo-grid-1',
    signedIn: () => ['网格巡查 · 本周', '第一网格', '已巡查', '巡查记录', '关爱走访 · 待跟进', '待走访关爱户', '待跟进事项', '走访任务', '矛盾纠纷调解', '我调解的案件', '登记纠纷', '我的工作', '本网格待受理和我负责的诉求', '本网格住户和联系方式，走访前查看'],
    visits: [
      { route: 'pages/affairs/index', shows: () => ['工作台', '待受理、我负责的、全部诉求'] },
      { route: 'patrols/pages/records/index', shows: () => ['全部', '本周', '上周', '我的巡查', '第一网格', '已结束', '发现问题'] },
      { route: 'patrols/pages/detail/index', ...of('patrol'), shows: (f) => [f.patrol.gridName, '已结束', '巡查时长', '已打卡楼栋', '已打卡：', '本次发现的问题', f.patrol.finding] },
      { route: 'requests/pages/queue/index', shows: () => ['待受理', '我负责的', '全部'], tap: { text: '我负责的', shows: (f) => [f.request.title, '张阿姨'] } },
      { route: 'requests/pages/detail/index', ...of('request'), shows: (f) => [f.request.title, '居民电话', '13800000001', '（仅办理人员可见）', f.request.reply] },
      { route: 'requests/pages/messages/index', shows: (f) => ['新的居民诉求', `【设施维修】${f.request.title}`] },
      { route: 'staff/pages/profile/index', shows: () => ['工作电话', '保存'] },
      // Grid workers see who is waiting; staff approve (below).
      { route: 'staff/pages/residents/index', shows: (f) => [f.applicant.name, `2号楼 2单元 5${f.stamp}`] },
      { route: 'staff/pages/members/index', shows: () => ['已加入的居民（点击查看和管理）', '管理 ›'] },
      { route: 'consult/pages/new/index', shows: () => ['只有登记了住址的居民可以提出议题。'] },
      // 住户名册: the households of 第一网格, contacts included; staff alone add and remove.
      { route: 'households/pages/list/index', shows: () => ['我负责网格的住户', '全部楼栋', '1号楼', '2号楼', '走访未登记的住户'] },
      { route: 'households/pages/detail/index', ...of('household'), shows: (f) => [f.household.address, '孙奶奶', '户主', '13900000002（儿子孙强）', '未使用微信', '民情日记', '记录走访', '政策咨询'] },
      // 走访: the form for 孙奶奶's household, the fixtures' visit, and 走访任务.
      { route: 'visits/pages/new/index', of: 'household', query: (f) => ({ householdId: f.household.id }), shows: (f) => [f.household.address, '走访日期', '孙奶奶（未使用微信）', '走访事项 *（可多选）', '困难帮扶', '添加待办事项', '提交走访记录'] },
      { route: 'visits/pages/detail/index', ...of('visit'), shows: (f) => [f.household.address, '刘网格', '孙奶奶', '本人同意登记', '政策咨询', f.visit.notes, f.visit.followUp, '完成', '转为诉求（代办）'] },
      { route: 'visits/pages/due/index', shows: () => ['关爱走访', '待跟进事项', '只看到期', '全部关爱户'], tap: { text: '待跟进事项', shows: (f) => [f.visit.followUp, f.household.address] } },
      // 调解: the cases 刘网格 mediates, the form, and the fixtures' case with the outsider's contact and 登记纸质签字.
      { route: 'mediation/pages/list/index', shows: () => ['登记纠纷', '进行中', '物业纠纷 · 风险较大', '调解成功·待确认'] },
      { route: 'mediation/pages/new/index', shows: () => ['纠纷双方', '查找本社区居民', '未使用小程序的当事人', '纠纷类型', '邻里纠纷', '风险等级', '重大', '登记并开始调解'] },
      { route: 'mediation/pages/detail/index', ...of('mediation'), shows: (f) => [f.mediation.summary, '外来车主', '13900000066', '登记纸质签字', f.mediation.agreement, '待2方确认', '调解记录（1次）'] },
    ],
  },
  {
    name: 'demo-staff-1',
    openid: () => 'demo-staff-1',
    signedIn: () => ['我的工作', '待审核居民', '巡查记录', '走访任务', '调解案件'],
    visits: [
      { route: 'patrols/pages/records/index', shows: () => ['全社区网格员的巡查', '全部网格', '第一网格', '刘网格', '已结束'] },
      // Staff oversee a patrol under way: they may end it, not check buildings in or file on it.
      { route: 'patrols/pages/detail/index', ...of('ongoing'), shows: (f) => [f.patrolling.name, '巡查中', '3号楼', '✓ 已打卡', '未打卡', '结束巡查'] },
      { route: 'patrols/pages/detail/index', ...of('patrol'), shows: (f) => ['刘网格', '已结束', f.patrol.finding] },
      { route: 'pages/volunteer/index', shows: () => ['社区管理', '发布活动', '志愿者审核', '星级名册'], refused: NOT_A_VOLUNTEER },
      { route: 'requests/pages/queue/index', shows: () => ['待受理', '待审核', '全部'], tap: { text: '全部', shows: (f) => [f.request.title] } },
      {
        route: 'requests/pages/dashboard/index',
        shows: () => ['居民反映的诉求', '响应率', '解决率', '满意率', '主动发现率', '巡查发现', '就地办结', '巡查覆盖', '本周', '按类别（件数）', '第一网格', '导出CSV', '走访覆盖', '本季度走访覆盖率', '导出走访覆盖CSV', '矛盾纠纷调处（按登记月份）', '化解率', '小事不出网格', '大事不出镇街', '矛盾不上交', '结案天数中位数', '导出调解案件CSV'],
        charts: () => ({ chartSource: ['居民反映', '巡查发现'], chartCategory: ['设施维修'], chartGrid: ['第一网格'], chartMonth: ['响应率', '解决率'], chartVisits: ['第一网格'], chartMediationType: ['物业纠纷'], chartMediationRisk: ['一般', '较大', '重大'] }),
      },
      { route: 'staff/pages/residents/index', shows: (f) => [f.applicant.name, `2号楼 2单元 5${f.stamp}`, '通过'] },
      // 待回访: residents' demands resolved without an in-app rating, to call back (counted for 满意率).
      { route: 'requests/pages/callbacks/index', shows: () => ['居民未在线评价的已办结诉求，请电话回访并记录满意程度'] },
      // 考核排名 of their own community (its grids, the units serving it) and 每月一题 (the seed's recurring lift problem).
      { route: 'requests/pages/rankings/index', shows: () => ['社区', '网格', '单位', '排名依据', '按期办结率', '排名明细', '示范社区', '导出CSV'] },
      { route: 'requests/pages/hotspots/index', shows: () => ['1号楼 · 设施维修', '上月1件', '发起议事', '主动治理'] },
      // 吹哨报到 on the staff side: the unit holds it (待签收); staff may recall the dispatch.
      { route: 'requests/pages/detail/index', ...of('dispatched'), shows: (f) => [f.dispatched.title, '谁在办', '阳光物业公司', '待签收', '响应时限', '流转记录', '撤回派发'] },
      // 调解案件: the community's register (no contents), and a case staff do not mediate: its head only.
      { route: 'mediation/pages/list/index', shows: () => ['全社区', '我调解的', '为保护当事人隐私', '物业纠纷 · 风险较大'] },
      { route: 'mediation/pages/detail/index', ...of('mediation'), shows: () => ['物业纠纷 · 风险较大', '调解成功·待确认', '刘网格（网格员）', '案情、当事人和调解记录仅本案调解员'] },
      { route: 'staff/pages/invite-codes/index', shows: () => ['新建邀请码', '生成邀请码', '已生成的邀请码'] },
      { route: 'staff/pages/member/index', ...of('member'), shows: () => ['张阿姨', '已加入', '1号楼 1单元 101', '13800000001'] },
      { route: 'consult/pages/new/index', shows: () => ['发起方式', '直接投票', '投票设置'] },
      { route: 'consult/pages/detail/index', ...of('topic'), shows: (f) => [f.topic.title, '社区操作', '提交审核', '不予采纳'] },
      { route: 'volunteer/pages/publish/index', shows: () => ['活动内容', '时间地点', '名额与积分'] },
      { route: 'volunteer/pages/roster/index', ...of('activity'), shows: () => ['周末社区环境整治', '赵大姐', '已报名'] },
      { route: 'volunteer/pages/checkin-code/index', ...of('activity'), shows: () => ['周末社区环境整治', '请志愿者用“邻里”小程序扫码签到、签退', '秒后自动刷新'] },
      { route: 'volunteer/pages/review/index', shows: (f) => [f.candidate.name, '助老', '通过'] },
      { route: 'mobile-grid/pages/review/index', shows: (f) => [f.courier.realName, '美团', '13700000200', '审核中', '驳回', '通过'] },
      { route: 'households/pages/list/index', shows: () => ['全社区住户', '全部楼栋', '3号楼', '登记或批量导入'] },
      { route: 'households/pages/detail/index', ...of('household'), shows: (f) => [f.household.address, '孙奶奶', '13900000002（儿子孙强）', '添加住户', '移除', '已搬离', '本人申请删除'] },
      { route: 'households/pages/import/index', shows: () => ['每行一位住户', '楼栋,单元,房号,姓名,关系,联系电话,电话说明', '导入'] },
      { route: 'volunteer/pages/roll/index', shows: (f) => [f.volunteer.name, '1星', '赵大姐'] },
      { route: 'merchant/pages/fulfil/index', shows: (f) => ['核销兑换码', '兑换记录', '洗衣皂一块', f.volunteer.soapCode] },
      { route: 'merchant/pages/rewards/index', shows: () => ['社区积分超市商品', '洗衣皂一块'] },
    ],
  },
  {
    name: 'patrolling grid worker',
    openid: (f) => f.patrolling.openid,
    signedIn: () => ['网格巡查 · 本周', '第二网格', '继续巡查', '已打卡1栋'],
    visits: [
      { route: 'patrols/pages/detail/index', ...of('ongoing'), shows: () => ['巡查中', '到达楼栋后点一下打卡', '3号楼', '✓ 已打卡', '4号楼', '点击打卡', '上报问题', '还没有上报问题', '结束巡查'] },
      {
        route: 'requests/pages/new/index',
        of: 'finding',
        query: (f) => ({ patrolId: f.patrolling.patrolId, buildingId: f.patrolling.buildingId }),
        shows: () => ['巡查中发现的问题，提交后记入本次巡查。', '问题类别', '3号楼', '紧急程度', '处理情况', '就地办结', '提交'],
      },
      { route: 'patrols/pages/records/index', shows: () => ['我的巡查', '第二网格', '巡查中'] },
    ],
  },
  {
    name: 'demo-admin-1',
    openid: () => 'demo-admin-1',
    signedIn: () => ['我的工作', '三率看板'],
    visits: [
      { route: 'pages/mine/index', shows: () => ['周书记', '社区管理员', '社区管理', '社区设置'] },
      { route: 'staff/pages/settings/index', shows: () => ['入驻需审核', '社区公告', '常用回复', '议题附议人数', '协议达成后回访'] },
      { route: 'staff/pages/member/index', ...of('member'), shows: () => ['张阿姨', '授予', '网格员', '社区工作者'] },
    ],
  },
  {
    name: 'demo-street-1',
    openid: () => 'demo-street-1',
    signedIn: () => ['示范街道', '吴科长', '街道工作', '诉求工作台', '调解案件'],
    visits: [
      { route: 'pages/affairs/index', shows: () => ['工作台', '三率看板'] },
      { route: 'pages/consult/index', shows: () => ['议事协商由各社区居民发起和表决'] },
      { route: 'pages/volunteer/index', shows: () => ['志愿活动由各社区发布和记录'] },
      { route: 'pages/mine/index', shows: () => ['吴科长', '我的街道', '街道工作人员 · 辖1个社区'] },
      { route: 'requests/pages/queue/index', shows: () => ['待受理', '我负责的'] },
      {
        route: 'requests/pages/dashboard/index',
        shows: () => ['响应率', '按网格（件数）', '第一网格'],
        charts: () => ({ chartGrid: ['第一网格'] }),
      },
      // 考核排名 of the street: its communities (tabs 网格, 单位 too).
      { route: 'requests/pages/rankings/index', shows: () => ['示范街道各社区', '排名依据', '解决率', '示范社区', '导出CSV'] },
      // Street staff see a request of a community once it is escalated: this one was not.
      { route: 'requests/pages/detail/index', ...of('request'), shows: () => ['诉求不存在'], refused: ['404 /api/requests/'] },
    ],
  },
  {
    // 阳光物业公司's worker: no community of their own, a unit (吹哨报到). 首页 shows the 单位工作台, not the landing page.
    name: 'demo-unit-wuye-1',
    openid: () => 'demo-unit-wuye-1',
    signedIn: () => ['阳光物业公司', '单位工作人员', '单位工作台', '待签收', '办理中', '进入单位工作台'],
    visits: [
      { route: 'units/pages/queue/index', shows: (f) => ['阳光物业公司', '单位消息', '待签收', '办理中', '退单中', '已办结', f.dispatched.title, '主办'] },
      { route: 'units/pages/request/index', ...of('dispatched'), shows: (f) => [f.dispatched.title, '本单位任务', '主办', '待签收', '签收时限', '办结时限', '办理进度', '签收', '退单'] },
      { route: 'units/pages/join/index', shows: () => ['单位工作人员加入', '扫码填入加入码', '加入码', '姓名', '加入单位'] },
      // 单位消息: the fixture's dispatch told the unit's people.
      { route: 'units/pages/messages/index', shows: () => ['新派单：请及时签收', '条未读', '全部已读'] },
      { route: 'pages/affairs/index', shows: () => ['单位工作台', '派发给本单位的诉求'] },
      { route: 'pages/mine/index', shows: () => ['阳光物业公司 · 单位工作人员', '单位工作台', '加入单位'] },
    ],
  },
  {
    // 街道管理员: street staff who also manage the street's units (单位管理).
    name: 'demo-street-admin-1',
    openid: () => 'demo-street-admin-1',
    signedIn: () => ['示范街道', '街道工作', '单位管理'],
    visits: [
      { route: 'units/pages/manage/index', shows: () => ['新建单位', '全部', '物业', '阳光物业公司', '水电气'] },
      { route: 'units/pages/unit/index', ...of('unit'), shows: () => ['阳光物业公司', '服务社区', '示范社区', '工作人员', '修改单位信息', '邀请工作人员', '生成加入码'] },
      { route: 'units/pages/edit/index', shows: () => ['单位类型 *', '物业', '水电气', '单位名称', '值班电话', '服务社区 *（可多选）', '示范社区', '添加单位'] },
    ],
  },
  {
    name: 'demo-volunteer-1',
    openid: () => 'demo-volunteer-1',
    signedIn: () => ['示范社区', '4号楼 1单元 102'],
    visits: [
      { route: 'pages/volunteer/index', shows: () => ['赵大姐', '服务时长（小时）', '积分存折', '我的兑换码', '周末社区环境整治'] },
      { route: 'volunteer/pages/activity/index', ...of('activity'), shows: () => ['周末社区环境整治', '我的状态：', '已报名', '取消报名'] },
      { route: 'volunteer/pages/passbook/index', shows: () => ['积分结余', '累计获得', '服务小时', '距一星志愿者还差'] },
    ],
  },
  {
    name: 'star volunteer',
    openid: (f) => f.volunteer.openid,
    signedIn: (f) => ['示范社区', `4号楼 2单元 7${f.stamp}`],
    visits: [
      { route: 'pages/volunteer/index', shows: (f) => [f.volunteer.name, '120', '服务时长（小时）', '75', '积分结余', '星级公示中'] },
      { route: 'volunteer/pages/passbook/index', shows: (f) => ['积分结余', `志愿服务：补录：敬老院陪护第5天（${f.stamp}）（24小时）`, '兑换：理发一次', '−30'] },
      { route: 'volunteer/pages/codes/index', shows: (f) => ['理发一次', '洗衣皂一块', '待核销', f.volunteer.soapCode, f.volunteer.haircutCode, '取消兑换'] },
      { route: 'volunteer/pages/mall/index', shows: () => ['我的积分结余', '75', '爱心商家：便民超市'] },
      { route: 'volunteer/pages/stars/index', shows: () => ['我的星级', '距二星志愿者还差 180 小时'] },
      { route: 'volunteer/pages/certificate/index', ...of('award'), shows: (f) => ['荣誉证书', f.volunteer.name, '120', '星级志愿者', '公示期满后生成'] },
      { route: 'volunteer/pages/leaderboard/index', shows: (f) => [f.volunteer.name, '（我）', '120小时'] },
      { route: 'requests/pages/messages/index', shows: () => ['恭喜达到1星级志愿者，公示中', '累计服务120小时'] },
    ],
  },
  {
    // A 流动网格员 who lives elsewhere: a membership holding that role alone, no household.
    name: 'demo-courier',
    openid: () => 'demo-courier',
    signedIn: () => ['示范社区', '流动网格员', '流动网格员上报', '我的上报'],
    visits: [
      { route: 'pages/affairs/index', shows: () => ['流动网格员上报', '我的上报', '流动网格员上报'] },
      { route: 'pages/mine/index', shows: () => ['快递员小李', '流动网格员', '申请成为流动网格员'] },
      { route: 'mobile-grid/pages/apply/index', shows: () => ['我的申请', '示范社区', '已通过', '李小明', '顺丰', '您已是该社区的流动网格员。'] },
      {
        route: 'requests/pages/new/index',
        of: 'report',
        query: () => ({ source: 'mobile_grid' }),
        shows: () => ['流动网格员上报：请选择问题所在的楼栋', '问题类别', '楼栋（公共场所可不选', '同意工作人员电话联系我', '提交'],
      },
    ],
  },
  {
    // 人民调解员: a membership holding that role alone; the seed's cases are theirs to mediate.
    name: 'demo-mediator',
    openid: () => 'demo-mediator',
    signedIn: () => ['示范社区', '矛盾纠纷调解', '我调解的案件', '进行中', '登记纠纷'],
    visits: [
      { route: 'pages/mine/index', shows: () => ['郑调解员', '人民调解员'] },
      { route: 'mediation/pages/list/index', shows: () => ['登记纠纷', '进行中', '调解中'] },
    ],
  },
  {
    name: 'demo-merchant-1',
    openid: () => 'demo-merchant-1',
    signedIn: () => ['爱心商家', '商家核销', '我的商品'],
    visits: [
      { route: 'pages/mine/index', shows: () => ['便民超市', '爱心商家', '查验后核销兑换码'] },
      { route: 'merchant/pages/fulfil/index', shows: (f) => ['核销兑换码', '理发一次', f.volunteer.haircutCode, '待核销'] },
      { route: 'merchant/pages/rewards/index', shows: () => ['我的商品', '理发一次', '便民超市旁理发店，凭兑换码使用'] },
    ],
  },
];

const NAVIGATION = new Set(['navigateTo', 'redirectTo', 'switchTab', 'reLaunch', 'navigateBack']);

let dist = '';
let ownBuild: string | null = null;
let fixtures: Fixtures;
const stamp = Date.now() % 100000;
/** Which routes some visit opened (for the coverage check). */
const opened = new Set<string>();

const slug = (s: string) => s.replace(/[^\w\u4e00-\u9fa5-]+/g, '_');

beforeAll(async () => {
  dist = weappDist();
  if (!fs.existsSync(path.join(dist, 'app.json'))) {
    // Like weapp-output.test.ts: CI builds the weapp before npm test; without a build this file makes its own.
    ownBuild = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-weapp-smoke-'));
    const r = spawnSync('npm', ['run', 'build:weapp'], { cwd: ROOT, env: { ...process.env, LINLI_OUTPUT_ROOT: ownBuild }, encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== 0 && !fs.existsSync(path.join(ownBuild, 'app.json'))) throw new Error(`weapp build failed:\n${(r.stdout + r.stderr).slice(-3000)}`);
    dist = ownBuild;
  }
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  fixtures = await prepareFixtures(process.env.E2E_API_BASE!);
}, 900_000);

afterAll(() => {
  if (ownBuild) fs.rmSync(ownBuild, { recursive: true, force: true });
});

/** Everything wrong with one page visit, in words; [] when it is fine. */
function judge(rt: WeappRuntime, page: OpenedPage, since: { problems: number; http: number; calls: number }, expected: string[], refused: string[] = []): string[] {
  const failures: string[] = [];
  for (const p of rt.problems.slice(since.problems)) failures.push(`${p.kind}: ${p.message}`);
  if (page.renders === 0) failures.push('the page never called setData');
  const texts = page.texts();
  const all = `${texts.join('\n')}\n${texts.join('')}\n${page.fields().join('\n')}`;
  for (const e of expected) if (!all.includes(e)) failures.push(`does not show "${e}"`);
  for (const h of rt.http.slice(since.http)) {
    const key = `${h.status} ${h.path.split('?')[0]}`;
    if (h.status >= 200 && h.status < 400) continue;
    if (h.status >= 400 && h.status < 500 && refused.some((r) => key.startsWith(r))) continue;
    failures.push(`API answered ${h.status} to ${h.method} ${h.path}`);
  }
  for (const c of rt.calls.slice(since.calls)) if (NAVIGATION.has(c.api)) failures.push(`navigated away on its own: wx.${c.api}(${JSON.stringify(c.args)})`);
  for (const t of page.missingTemplates()) failures.push(`base.wxml has no template ${t}`);
  if (failures.some((f) => f.startsWith('does not show'))) failures.push(`(the page shows: ${texts.join(' | ')})`);
  return failures;
}

function dump(account: string, rt: WeappRuntime, page: OpenedPage, since: { problems: number; http: number; calls: number }, label = '') {
  const lines = [
    `# ${account} · ${page.route}${label} · ${page.renders} setData calls, largest ${page.largestSetData} bytes`,
    '',
    '## texts',
    ...page.texts(),
    '',
    '## text boxes',
    ...page.fields(),
    '',
    '## charts (labels drawn)',
    ...[...rt.canvasTexts].filter(([id]) => id !== 'offscreen').map(([id, texts]) => `${id}: ${texts.join(' | ')}`),
    '',
    '## API',
    ...rt.http.slice(since.http).map((h) => `${h.method} ${h.path} → ${h.status}`),
    '',
    '## wx calls',
    ...rt.calls.slice(since.calls).map((c) => `${c.api} ${JSON.stringify(c.args) ?? ''}`),
    '',
    '## problems',
    ...rt.problems.slice(since.problems).map((p) => `${p.kind}: ${p.message}`),
    '',
    '## tree',
    outline(page.root, rt.templates),
  ];
  fs.writeFileSync(path.join(OUT, `${slug(account)}__${slug(page.route)}${slug(label)}.txt`), `${lines.join('\n')}\n`);
}

describe('the weapp build, page by page, as the demo accounts (headless WeChat shims, real API)', () => {
  for (const account of ACCOUNTS) {
    describe(`as ${account.name}`, () => {
      let rt: WeappRuntime;

      beforeAll(() => {
        rt = new WeappRuntime({ dist, apiBase: process.env.E2E_API_BASE!, openid: account.openid(fixtures, stamp), tolerate: TOLERATED });
        rt.launch();
      });

      afterAll(() => rt?.dispose());

      it('launches the app (app.js, App onLaunch and onShow) without a problem', () => {
        expect(rt.problems.map((p) => `${p.kind}: ${p.message}`)).toEqual([]);
      });

      if (account.signedIn) {
        it('signs in from 首页 with 微信登录 (wx.login → /api/auth/wechat) and 首页 shows who they are', async () => {
          const since = { problems: rt.problems.length, http: rt.http.length, calls: rt.calls.length };
          const home = await rt.open('pages/home/index');
          opened.add(home.route);
          const before = judge(rt, home, since, ['微信登录']);
          await home.tap('微信登录');
          dump(account.name, rt, home, since);
          await rt.close();
          const failures = [...before, ...judge(rt, home, since, account.signedIn!(fixtures))];
          if (!rt.http.slice(since.http).some((h) => h.path === '/api/auth/wechat' && h.status === 200)) failures.push('did not sign in through /api/auth/wechat');
          if (!rt.calls.slice(since.calls).some((c) => c.api === 'login')) failures.push('never called wx.login');
          expect([...new Set(failures)]).toEqual([]);
        });
      }

      for (const visit of account.visits) {
        it(`${visit.route}${visit.of ? ` (${visit.of})` : ''}`, async () => {
          const since = { problems: rt.problems.length, http: rt.http.length, calls: rt.calls.length };
          rt.canvasTexts.clear();
          const page = await rt.open(visit.route, visit.query?.(fixtures) ?? {});
          opened.add(page.route);
          const charts = Object.entries(visit.charts?.(fixtures) ?? {});
          // F2 draws on animation frames after the data arrived: give a loaded machine a few seconds.
          await rt.until(() => charts.every(([canvas, labels]) => labels.every((l) => rt.canvasTexts.get(canvas)?.some((d) => d.includes(l)))), 10_000);
          const failures = judge(rt, page, since, visit.shows(fixtures), visit.refused);
          for (const [canvas, labels] of charts) {
            const drawn = rt.canvasTexts.get(canvas);
            if (!drawn) failures.push(`chart ${canvas} was never drawn`);
            else for (const l of labels) if (!drawn.some((d) => d.includes(l))) failures.push(`chart ${canvas} did not draw "${l}" (drew: ${drawn.join(' | ')})`);
          }
          if (visit.tap) {
            const tapped = { problems: rt.problems.length, http: rt.http.length, calls: rt.calls.length };
            await page.tap(visit.tap.text);
            failures.push(...judge(rt, page, tapped, visit.tap.shows(fixtures), visit.refused).map((f) => `after tapping "${visit.tap!.text}": ${f}`));
          }
          dump(account.name, rt, page, since, visit.of ? `__${visit.of}` : '');
          // WeChat needs the page's .wxml and .json beside its script; unloading must not fail either.
          for (const ext of ['wxml', 'json']) if (!fs.existsSync(path.join(dist, `${visit.route}.${ext}`))) failures.push(`${visit.route}.${ext} is missing from the build`);
          const beforeUnload = rt.problems.length;
          await rt.close();
          for (const p of rt.problems.slice(beforeUnload)) failures.push(`on unload: ${p.kind}: ${p.message}`);
          expect([...new Set(failures)]).toEqual([]);
        });
      }

      if (!account.signedIn) {
        it('signs in from 首页 with 微信登录 and is told to join a community', async () => {
          const since = { problems: rt.problems.length, http: rt.http.length, calls: rt.calls.length };
          const home = await rt.open('pages/home/index');
          await home.tap('微信登录');
          dump(account.name, rt, home, since, '__signed-in');
          await rt.close();
          const failures = judge(rt, home, since, ['您已登录。', '加入社区']);
          if (!rt.http.slice(since.http).some((h) => h.path === '/api/auth/wechat' && h.status === 200)) failures.push('did not sign in through /api/auth/wechat');
          expect(failures).toEqual([]);
        });
      }
    });
  }

  it('opened every page of app.json, main package and subpackages', () => {
    const app = JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8')) as { pages: string[]; subPackages: { root: string; pages: string[] }[] };
    const all = [...app.pages, ...app.subPackages.flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
    expect(all.length).toBeGreaterThan(30);
    expect(all.filter((p) => !opened.has(p))).toEqual([]);
  });

  it('parsed every bundle it loaded at ES2017 (acorn): app, runtime, vendors, every page script, the charts subpackage', () => {
    const files = checkedFiles();
    for (const f of ['app.js', 'runtime.js', 'taro.js', 'vendors.js', 'common.js', 'charts/f2.js', ...[...opened].map((r) => `${r}.js`)]) expect(files).toContain(f);
    expect(syntaxProblems()).toEqual([]);
  });
});
