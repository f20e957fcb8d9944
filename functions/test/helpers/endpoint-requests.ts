// Valid calls of every endpoint against a seeded world: the fixtures they name and one request per endpoint.
// Shared by the authorization matrix and the hostile-input tests (which mutate these valid requests).
import { Types } from 'mongoose';
import { shanghaiDate } from '@linli/shared';
import { addUnitMember, upsertMember } from '../../src/admin/platform';
import { UnitInviteModel, UnitModel } from '../../src/units/unit.model';
import { InviteCodeModel, MembershipModel } from '../../src/communities/community.model';
import { StarAwardModel, VolunteerModel } from '../../src/volunteers/volunteer.model';
import { RedemptionModel, RewardModel } from '../../src/mall/mall.model';
import { call, signIn } from './api';
import { seededWorld } from './seeded';

export const CALLERS = ['anon', 'resident', 'other', 'pending', 'volunteer', 'grid2', 'staff', 'admin', 'street', 'merchant'] as const;
export type Caller = (typeof CALLERS)[number];

export interface Fixtures {
  demoId: string;
  requestId: string;
  consultationId: string;
  votingId: string;
  optionId: string;
  commentId: string;
  targetMembershipId: string;
  inviteCodeId: string;
  volunteerId: string;
  awardId: string;
  activityId: string;
  rewardId: string;
  code: string;
  postId: string;
  building1: string;
  /** A patrol under way in 第一网格, walked by demo-grid-1 (none of the callers: grid2 serves 第二网格). */
  patrolId: string;
  /** A pending application to be a 流动网格员, of a courier who is none of the callers and no member. */
  applicationId: string;
  /** The household of the resident caller (1号楼1单元101, 第一网格), and an occupant staff recorded there without an account. */
  householdId: string;
  occupantId: string;
  /** A visit demo-grid-1 recorded at that household (第一网格), with one open follow-up. */
  visitId: string;
  followUpId: string;
  /**
   * A dispute case staff opened between the resident caller and a named outsider (`casePartyId`), staff its only
   * mediator; `mediatorUserId` is demo-grid-1, a grid worker who may be added as its mediator.
   */
  caseId: string;
  casePartyId: string;
  mediatorUserId: string;
  /** 阳光物业公司 (a unit of 示范街道 serving 示范社区), a person of it who is none of the callers, and a 7-day join code of it. */
  unitId: string;
  unitMemberUserId: string;
  unitInviteCode: string;
}

/**
 * Characters that spoof or hide what a text says (issue 14, finding 7): C0 and C1 controls, DEL, bidi embeddings,
 * overrides and isolates, lone surrogates. The hostile-input tests splice them into the text fields of valid
 * requests; no 2xx answer may carry one back (`spoofingIn`).
 */
export const SPOOFING_CHARS = ['\u0000', '\u0007', '\b', '\u000B', '\f', '\u001B', '\u001F', '\u007F', '\u0085', '\u009F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\uD800', '\uDBFF', '\uDC00', '\uDFFF'];

const SPOOFING = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first string (value or key) in an answer that holds a spoofing character, with where it is; else null. */
export function spoofingIn(value: unknown, path = '$'): string | null {
  if (typeof value === 'string') return SPOOFING.test(value) ? `${path}: ${JSON.stringify(value).slice(0, 120)}` : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = spoofingIn(value[i], `${path}[${i}]`);
      if (hit) return hit;
    }
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const hit = SPOOFING.test(k) ? `${path} key ${JSON.stringify(k)}` : spoofingIn(v, `${path}.${k}`);
      if (hit) return hit;
    }
  }
  return null;
}

/** Paths of the string values in a request body (where the hostile-input tests splice characters in). */
export function textPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => textPaths(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => textPaths(v, [...path, k]));
  return [];
}

/** A request each endpoint accepts from an allowed caller (valid input; state may still refuse it). */
export function requestFor(id: string, f: Fixtures, caller: Caller): { path: string; body?: unknown; query?: Record<string, string> } {
  const rq = `/api/requests/${f.requestId}`;
  const cs = `/api/consultations/${f.consultationId}`;
  const table: Record<string, () => { path: string; body?: unknown; query?: Record<string, string> }> = {
    'system.health': () => ({ path: '/api/health' }),
    'system.openapi': () => ({ path: '/api/openapi.json' }),
    'auth.wechatSignIn': () => ({ path: '/api/auth/wechat', body: { code: `authz-signin-${caller}` } }),
    'me.get': () => ({ path: '/api/me' }),
    'me.export': () => ({ path: '/api/me/export' }),
    'me.delete': () => ({ path: '/api/me' }),
    'me.update': () => ({ path: '/api/me', body: { nickname: '新昵称' } }),
    'communities.list': () => ({ path: '/api/communities' }),
    'communities.get': () => ({ path: `/api/communities/${f.demoId}` }),
    'memberships.join': () => ({ path: '/api/memberships', body: { communityId: f.demoId, name: '加入测试', buildingId: f.building1, unit: '9', room: '909' } }),
    'memberships.leave': () => ({ path: '/api/memberships/leave', body: {} }),
    'community.settings.get': () => ({ path: '/api/community/settings' }),
    'community.settings.update': () => ({ path: '/api/community/settings', body: {} }),
    'residents.list': () => ({ path: '/api/residents', query: { status: 'active' } }),
    'residents.approve': () => ({ path: `/api/residents/${f.targetMembershipId}/approve` }),
    'residents.reject': () => ({ path: `/api/residents/${f.targetMembershipId}/reject`, body: { reason: '测试拒绝' } }),
    'residents.remove': () => ({ path: `/api/residents/${f.targetMembershipId}/remove`, body: { reason: '测试移出' } }),
    'residents.move': () => ({ path: `/api/residents/${f.targetMembershipId}/move`, body: { buildingId: f.building1, unit: '2', room: '202' } }),
    'residents.grantRole': () => ({ path: `/api/residents/${f.targetMembershipId}/roles`, body: { role: 'volunteer' } }),
    'residents.revokeRole': () => ({ path: `/api/residents/${f.targetMembershipId}/roles/revoke`, body: { role: 'volunteer' } }),
    'residents.get': () => ({ path: `/api/residents/${f.targetMembershipId}` }),
    'residents.events': () => ({ path: `/api/residents/${f.targetMembershipId}/events` }),
    'inviteCodes.create': () => ({ path: '/api/invite-codes', body: { maxUses: 1 } }),
    'inviteCodes.list': () => ({ path: '/api/invite-codes' }),
    'inviteCodes.revoke': () => ({ path: `/api/invite-codes/${f.inviteCodeId}/revoke` }),
    'audit.list': () => ({ path: '/api/audit' }),
    'community.open311Key': () => ({ path: '/api/community/open311-key' }),
    'requests.create': () => ({ path: '/api/requests', body: { category: 'other', description: `权限矩阵测试诉求（${caller}）` } }),
    'requests.list': () => ({ path: '/api/requests', query: { scope: 'community' } }),
    'requests.similar': () => ({ path: '/api/requests/similar', query: { category: 'facility', buildingId: f.building1 } }),
    'requests.replyTemplates': () => ({ path: '/api/requests/reply-templates' }),
    'requests.get': () => ({ path: rq }),
    'requests.act': () => ({ path: `${rq}/actions`, body: { action: 'reply', body: '权限矩阵测试回复', audience: 'filer' } }),
    'requests.rate': () => ({ path: `${rq}/rating`, body: { satisfied: true, score: 5 } }),
    'requests.meToo': () => ({ path: `${rq}/me-too` }),
    'requests.approveContent': () => ({ path: `${rq}/approve-content` }),
    'requests.approvePhoto': () => ({ path: `${rq}/photos/approve`, body: { key: 'no-such-photo.png' } }),
    'requests.setPublic': () => ({ path: `${rq}/visibility`, body: { public: true } }),
    'requests.duplicateCandidates': () => ({ path: `${rq}/duplicate-candidates` }),
    'requests.callBacksDue': () => ({ path: '/api/requests/call-backs-due' }),
    'requests.dispatchOptions': () => ({ path: `${rq}/dispatch-options` }),
    'requests.unitList': () => ({ path: '/api/unit/requests', query: { status: 'active' } }),
    'requests.unitGet': () => ({ path: `/api/unit/requests/${f.requestId}` }),
    'requests.unitAct': () => ({ path: `/api/unit/requests/${f.requestId}/actions`, body: { action: 'acknowledge' } }),
    'requests.unitPhotoUpload': () => ({ path: `/api/unit/requests/${f.requestId}/photos`, body: { contentType: 'image/jpeg', size: 1000 } }),
    'messages.list': () => ({ path: '/api/messages' }),
    'messages.markRead': () => ({ path: '/api/messages/read', body: {} }),
    'messages.unitList': () => ({ path: '/api/unit/messages' }),
    'messages.unitMarkRead': () => ({ path: '/api/unit/messages/read', body: {} }),
    'stats.requests': () => ({ path: '/api/stats/requests' }),
    'stats.exportRequests': () => ({ path: '/api/stats/requests/export.csv' }),
    'stats.rankings': () => ({ path: '/api/stats/rankings', query: { of: 'grid' } }),
    'stats.exportRankings': () => ({ path: '/api/stats/rankings.csv', query: { of: 'unit' } }),
    'stats.hotspots': () => ({ path: '/api/stats/hotspots' }),
    // The fixture request's cluster (设施维修 at 1号楼 this month) as a 主动治理 task: street staff may open one too.
    'stats.hotspotAct': () => ({
      path: '/api/stats/hotspots/act',
      body: { month: shanghaiDate(new Date()).slice(0, 7), category: 'facility', buildingId: f.building1, as: 'proactive', title: '矩阵主动治理', description: '1号楼电梯多次反映异响，主动排查' },
    }),
    'uploads.photo': () => ({ path: '/api/uploads/photos', body: { purpose: 'request', contentType: 'image/png', size: 1000 } }),
    'uploads.voice': () => ({ path: '/api/uploads/voice', body: { purpose: 'request', contentType: 'audio/webm', size: 1000, seconds: 5 } }),
    'uploads.subscribe': () => ({ path: '/api/subscriptions', body: { grants: [{ template: 'accepted' }] } }),
    'uploads.templates': () => ({ path: '/api/subscriptions/templates' }),
    'consultations.create': () => ({ path: '/api/consultations', body: { title: '权限矩阵议题', body: '用于权限矩阵测试的议题内容。', scope: { level: 'community' } } }),
    'consultations.list': () => ({ path: '/api/consultations' }),
    'consultations.get': () => ({ path: cs }),
    'consultations.edit': () => ({ path: cs, body: { title: '修改后的议题标题' } }),
    'consultations.support': () => ({ path: `${cs}/supports` }),
    'consultations.comments': () => ({ path: `${cs}/comments` }),
    'consultations.comment': () => ({ path: `${cs}/comments`, body: { body: '权限矩阵评论', stance: 'neutral' } }),
    'consultations.reportComment': () => ({ path: `${cs}/comments/${f.commentId}/reports` }),
    'consultations.moderateComment': () => ({ path: `${cs}/comments/${f.commentId}/moderation`, body: { action: 'approve' } }),
    'consultations.act': () => ({ path: `${cs}/actions`, body: { action: 'close_voting' } }),
    'consultations.vote': () => ({ path: `/api/consultations/${f.votingId}/votes`, body: { optionIds: [f.optionId] } }),
    'volunteers.register': () => ({ path: '/api/volunteers', body: { skills: ['助老'] } }),
    'volunteers.me': () => ({ path: '/api/volunteers/me' }),
    'volunteers.updateMe': () => ({ path: '/api/volunteers/me', body: { availability: '周末' } }),
    'volunteers.list': () => ({ path: '/api/volunteers' }),
    'volunteers.review': () => ({ path: `/api/volunteers/${f.volunteerId}/review`, body: { approve: true } }),
    'volunteers.awards': () => ({ path: '/api/star-awards' }),
    'volunteers.award': () => ({ path: `/api/star-awards/${f.awardId}` }),
    'volunteers.withhold': () => ({ path: `/api/star-awards/${f.awardId}/withhold`, body: { reason: '权限矩阵测试' } }),
    'volunteers.ledger': () => ({ path: '/api/points/ledger' }),
    'volunteers.adjust': () => ({ path: '/api/points/adjustments', body: { volunteerId: f.volunteerId, amount: 1, reason: '权限矩阵测试' } }),
    'volunteers.leaderboard': () => ({ path: '/api/leaderboard' }),
    'volunteers.posts': () => ({ path: '/api/service-posts' }),
    'volunteers.createPost': () => ({ path: '/api/service-posts', body: { title: '楼道长', description: '权限矩阵测试岗位', slots: 3 } }),
    'volunteers.claimPost': () => ({ path: `/api/service-posts/${f.postId}/claims` }),
    'activities.create': () => ({ path: '/api/activities', body: { title: '权限矩阵活动', description: '测试', startAt: new Date(Date.now() + 86_400_000).toISOString(), endAt: new Date(Date.now() + 90_000_000).toISOString(), location: '服务站', capacity: 5, pointsPerHour: 5 } }),
    'activities.list': () => ({ path: '/api/activities' }),
    'activities.get': () => ({ path: `/api/activities/${f.activityId}` }),
    'activities.signup': () => ({ path: `/api/activities/${f.activityId}/signups` }),
    'activities.cancel': () => ({ path: `/api/activities/${f.activityId}/signups/me` }),
    'activities.roster': () => ({ path: `/api/activities/${f.activityId}/signups` }),
    'activities.code': () => ({ path: `/api/activities/${f.activityId}/checkin-codes` }),
    'activities.checkin': () => ({ path: `/api/activities/${f.activityId}/checkins`, body: { code: '000000', kind: 'in' } }),
    'activities.attendance': () => ({ path: `/api/activities/${f.activityId}/attendance`, body: { volunteerId: f.volunteerId, hours: 1 } }),
    'mall.createReward': () => ({ path: '/api/rewards', body: { name: '权限矩阵奖品', cost: 5, stock: 1 } }),
    'mall.rewards': () => ({ path: '/api/rewards' }),
    'mall.redeem': () => ({ path: `/api/rewards/${f.rewardId}/redemptions` }),
    'mall.redemptions': () => ({ path: '/api/redemptions' }),
    'mall.lookup': () => ({ path: `/api/redemptions/${f.code}` }),
    'mall.fulfil': () => ({ path: `/api/redemptions/${f.code}/fulfil` }),
    'mall.cancel': () => ({ path: `/api/redemptions/${f.code}` }),
    'patrols.start': () => ({ path: '/api/patrols', body: {} }),
    'patrols.list': () => ({ path: '/api/patrols' }),
    'patrols.coverage': () => ({ path: '/api/patrols/coverage' }),
    'patrols.get': () => ({ path: `/api/patrols/${f.patrolId}` }),
    'patrols.check': () => ({ path: `/api/patrols/${f.patrolId}/checks`, body: { buildingIds: [f.building1] } }),
    'patrols.end': () => ({ path: `/api/patrols/${f.patrolId}/end` }),
    'mobileGrid.apply': () => ({ path: '/api/mobile-grid/applications', body: { communityId: f.demoId, realName: '权限矩阵', phone: '13700000100', platform: 'meituan' } }),
    'mobileGrid.mine': () => ({ path: '/api/mobile-grid/applications/mine' }),
    'mobileGrid.list': () => ({ path: '/api/mobile-grid/applications' }),
    'mobileGrid.review': () => ({ path: `/api/mobile-grid/applications/${f.applicationId}/review`, body: { approve: true } }),
    'households.list': () => ({ path: '/api/households' }),
    'households.mine': () => ({ path: '/api/households/mine' }),
    'households.get': () => ({ path: `/api/households/${f.householdId}` }),
    'households.create': () => ({ path: '/api/households', body: { buildingId: f.building1, unit: '7', room: '777', occupants: [{ name: '矩阵住户甲', phone: '13900000777' }] } }),
    'households.import': () => ({ path: '/api/households/import', body: { csv: '楼栋,单元,房号,姓名\n1号楼,7,778,矩阵住户乙' } }),
    'households.addOccupant': () => ({ path: `/api/households/${f.householdId}/occupants`, body: { name: '矩阵新住户', relation: '租户' } }),
    'households.updateOccupant': () => ({ path: `/api/households/${f.householdId}/occupants/${f.occupantId}`, body: { relation: '配偶' } }),
    'households.removeOccupant': () => ({ path: `/api/households/${f.householdId}/occupants/${f.occupantId}/remove`, body: { reason: 'moved_out' } }),
    'households.erase': () => ({ path: `/api/households/${f.householdId}/erase`, body: { reason: 'on_request' } }),
    'households.due': () => ({ path: '/api/households/due' }),
    'households.setCareFlag': () => ({ path: `/api/households/${f.householdId}/care-flags/elderly`, body: { note: '矩阵说明' } }),
    'households.clearCareFlag': () => ({ path: `/api/households/${f.householdId}/care-flags/living_alone` }),
    'visits.create': () => ({ path: '/api/visits', body: { householdId: f.householdId, date: shanghaiDate(new Date()), topics: ['policy'], notes: '权限矩阵走访记录', followUps: [{ text: '矩阵待办事项', dueOn: shanghaiDate(new Date()) }] } }),
    'visits.list': () => ({ path: '/api/visits', query: { householdId: f.householdId } }),
    'visits.followUps': () => ({ path: '/api/visits/follow-ups' }),
    'visits.coverage': () => ({ path: '/api/visits/coverage' }),
    'visits.get': () => ({ path: `/api/visits/${f.visitId}` }),
    'visits.completeFollowUp': () => ({ path: `/api/visits/${f.visitId}/follow-ups/${f.followUpId}/done`, body: { note: '矩阵已办' } }),
    'mediation.create': () => ({ path: '/api/mediation/cases', body: { type: 'neighbour', risk: 'ordinary', place: '1号楼楼道', summary: '矩阵纠纷：楼道堆物', parties: [{ name: '矩阵甲' }, { name: '矩阵乙', phone: '13700000201' }] } }),
    'mediation.list': () => ({ path: '/api/mediation/cases', query: { scope: 'party' } }),
    'mediation.candidates': () => ({ path: '/api/mediation/party-candidates', query: { q: '张' } }),
    'mediation.mediatorCandidates': () => ({ path: '/api/mediation/mediator-candidates' }),
    'mediation.stats': () => ({ path: '/api/mediation/stats' }),
    'mediation.exportStats': () => ({ path: '/api/mediation/stats.csv' }),
    'mediation.get': () => ({ path: `/api/mediation/cases/${f.caseId}` }),
    'mediation.recordSession': () => ({ path: `/api/mediation/cases/${f.caseId}/sessions`, body: { at: new Date().toISOString(), place: '社区调解室', attendees: ['矩阵甲', '张阿姨'], said: '矩阵调解记录', nextStep: '再约' } }),
    'mediation.conclude': () => ({ path: `/api/mediation/cases/${f.caseId}/conclude`, body: { outcome: 'agreed', agreement: '矩阵调解协议' } }),
    'mediation.confirm': () => ({ path: `/api/mediation/cases/${f.caseId}/confirm` }),
    'mediation.recordSignature': () => ({ path: `/api/mediation/cases/${f.caseId}/parties/${f.casePartyId}/signature`, body: { note: '已签字' } }),
    'mediation.escalate': () => ({ path: `/api/mediation/cases/${f.caseId}/escalate`, body: { note: '矩阵上报' } }),
    'mediation.refer': () => ({ path: `/api/mediation/cases/${f.caseId}/refer`, body: { channel: 'hotline', note: '矩阵转出' } }),
    'mediation.end': () => ({ path: `/api/mediation/cases/${f.caseId}/end`, body: { reason: '矩阵终止' } }),
    'mediation.followUp': () => ({ path: `/api/mediation/cases/${f.caseId}/follow-up`, body: { holds: true, note: '矩阵回访' } }),
    'mediation.addMediator': () => ({ path: `/api/mediation/cases/${f.caseId}/mediators`, body: { userId: f.mediatorUserId } }),
    'mediation.removeMediator': () => ({ path: `/api/mediation/cases/${f.caseId}/mediators/${f.mediatorUserId}` }),
    'units.street.list': () => ({ path: '/api/street/units' }),
    'units.street.get': () => ({ path: `/api/street/units/${f.unitId}` }),
    'units.create': () => ({ path: '/api/street/units', body: { type: 'other', name: `矩阵单位${caller}`, communityIds: [f.demoId], phone: '021-12345678' } }),
    'units.update': () => ({ path: `/api/street/units/${f.unitId}`, body: { phone: '021-55550009' } }),
    'units.invites.create': () => ({ path: `/api/street/units/${f.unitId}/invites`, body: { kind: 'single' } }),
    'units.members.remove': () => ({ path: `/api/street/units/${f.unitId}/members/${f.unitMemberUserId}` }),
    'units.join': () => ({ path: '/api/unit/join', body: { code: f.unitInviteCode, name: '矩阵单位新人' } }),
    'units.mine': () => ({ path: '/api/unit/me' }),
  };
  return table[id]!();
}


/** Seeds the world, signs in one caller of each kind and creates the objects the requests name. */
export async function setUpCallers(): Promise<{ tokens: Map<Caller, string | undefined>; f: Fixtures }> {
  const tokens = new Map<Caller, string | undefined>();
    const world = await seededWorld();
    const demoId = new Types.ObjectId(world.demoId);
    await upsertMember('demo', { openid: 'demo-grid-2', name: '第二网格员', roles: ['grid_worker'], grids: ['第二网格'] });
    const target = await upsertMember('demo', { openid: 'authz-target', name: '被管理的居民', roles: ['resident'], building: '2号楼', unit: '3', room: '303' });
    for (const [caller, openid] of [
      ['resident', 'demo-resident-1'], ['other', 'river-resident-1'], ['volunteer', 'demo-volunteer-1'], ['grid2', 'demo-grid-2'],
      ['staff', 'demo-staff-1'], ['admin', 'demo-admin-1'], ['street', 'demo-street-1'], ['merchant', 'demo-merchant-1'],
    ] as [Caller, string][])
      tokens.set(caller, await world.token(openid));
    const pending = (await signIn('authz-pending')).token;
    await call('POST', '/api/memberships', { token: pending, body: { communityId: world.demoId, name: '待审核居民', buildingId: world.building('1号楼'), unit: '8', room: '808' } });
    tokens.set('pending', pending);
    tokens.set('anon', undefined);

    const staff = tokens.get('staff')!;
    const resident = tokens.get('resident')!;
    const request = await call('POST', '/api/requests', { token: resident, body: { category: 'facility', description: '1号楼电梯异响，请尽快检修' } });
    await call('POST', `/api/requests/${request.body.id}/visibility`, { token: staff, body: { public: true } });
    const topic = await call('POST', '/api/consultations', { token: resident, body: { title: '小区增设快递柜', body: '建议在南门增设快递柜，方便老人取件。', scope: { level: 'community' } } });
    const comment = await call('POST', `/api/consultations/${topic.body.id}/comments`, { token: resident, body: { body: '我支持增设快递柜', stance: 'for' } });
    const voting = await call('POST', '/api/consultations', { token: staff, body: { title: '是否延长活动室开放时间', body: '征求居民意见，是否延长到晚上九点。', scope: { level: 'community' }, stage: 'voting' } });
    const invite = await InviteCodeModel.create({ communityId: demoId, code: 'AUTHZINV', maxUses: 1, remaining: 1, expiresAt: new Date(Date.now() + 86_400_000), createdBy: target._id });
    const volunteer = (await VolunteerModel.findOne({ communityId: demoId, name: '赵大姐' }))!;
    const award = await StarAwardModel.create({ communityId: demoId, volunteerId: volunteer._id, volunteerName: '赵大姐', stars: 1, hours: 100, reachedAt: new Date(), publicUntil: new Date(Date.now() + 7 * 86_400_000) });
    const activity = await call('POST', '/api/activities', { token: staff, body: { title: '楼道清理', description: '清理楼道杂物', startAt: new Date(Date.now() + 86_400_000).toISOString(), endAt: new Date(Date.now() + 90_000_000).toISOString(), location: '1号楼', capacity: 10, pointsPerHour: 10 } });
    const reward = (await RewardModel.findOne({ communityId: demoId, name: '洗衣皂一块' }))!;
    await RedemptionModel.create({ communityId: demoId, code: 'AUTHZCDE', rewardId: reward._id, rewardName: reward.name, cost: reward.cost, volunteerId: volunteer._id, volunteerUserId: volunteer.userId, volunteerName: volunteer.name, status: 'issued', released: false, expiresAt: new Date(Date.now() + 86_400_000), createdAt: new Date() });
    const post = await call('POST', '/api/service-posts', { token: staff, body: { title: '单元长', description: '联系本单元住户', slots: 2 } });
    const patrol = await call('POST', '/api/patrols', { token: await world.token('demo-grid-1'), body: {} });
    const application = await call('POST', '/api/mobile-grid/applications', { token: (await signIn('authz-courier')).token, body: { communityId: world.demoId, realName: '矩阵骑手', phone: '13700000101', platform: 'eleme' } });
    const household = await call('GET', '/api/households/mine', { token: resident });
    const occupant = await call('POST', `/api/households/${household.body.id}/occupants`, { token: staff, body: { name: '矩阵家属', phone: '13900000776' } });
    const visit = await call('POST', '/api/visits', { token: await world.token('demo-grid-1'), body: { householdId: household.body.id, date: shanghaiDate(new Date()), topics: ['hardship'], followUps: [{ text: '矩阵回访', dueOn: shanghaiDate(new Date()) }] } });
    const residentUserId = (await MembershipModel.findOne({ communityId: demoId, name: '张阿姨' }))!.userId.toHexString();
    const kase = await call('POST', '/api/mediation/cases', { token: staff, body: { type: 'neighbour', risk: 'ordinary', place: '1号楼', summary: '矩阵案件概况', parties: [{ userId: residentUserId }, { name: '矩阵对方', phone: '13700000202' }] } });
    const unit = (await UnitModel.findOne({ name: '阳光物业公司' }).lean())!;
    const unitMember = await addUnitMember('阳光物业公司', 'authz-unit-member', '矩阵单位人员', '13700000301');
    await UnitInviteModel.create({ unitId: unit._id, streetId: unit.streetId, code: 'AUTHZUNT', maxUses: 50, remaining: 50, expiresAt: new Date(Date.now() + 86_400_000), createdBy: unitMember.userId });
    const f: Fixtures = {
      demoId: world.demoId,
      requestId: request.body.id,
      consultationId: topic.body.id,
      votingId: voting.body.id,
      optionId: voting.body.options[0].id,
      commentId: comment.body.id,
      targetMembershipId: (await MembershipModel.findById(target._id))!._id.toHexString(),
      inviteCodeId: invite._id.toHexString(),
      volunteerId: volunteer._id.toHexString(),
      awardId: award._id.toHexString(),
      activityId: activity.body.id,
      rewardId: reward._id.toHexString(),
      code: 'AUTHZCDE',
      postId: post.body.id,
      building1: world.building('1号楼'),
      patrolId: patrol.body.id,
      applicationId: application.body.id,
      householdId: household.body.id,
      occupantId: occupant.body.occupants.find((o: { name: string }) => o.name === '矩阵家属').id,
      visitId: visit.body.visit.id,
      followUpId: visit.body.visit.followUps[0].id,
      caseId: kase.body.id,
      casePartyId: kase.body.contents.parties.find((p: { name: string }) => p.name === '矩阵对方').id,
      mediatorUserId: (await MembershipModel.findOne({ communityId: demoId, name: '刘网格' }))!.userId.toHexString(),
      unitId: unit._id.toHexString(),
      unitMemberUserId: unitMember.userId.toHexString(),
      unitInviteCode: 'AUTHZUNT',
    };
    return { tokens, f };
}
