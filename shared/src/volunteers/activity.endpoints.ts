import * as z from 'zod';
import { endpoint } from '../common/api';
import { Id } from '../common/ids';
import { page } from '../common/pagination.schema';
import { ROLES } from '../common/roles';
import { ActivityInput, ActivityView, AttendanceInput, CheckinCode, CheckinInput, LedgerEntryView, RosterEntry } from './volunteer.schema';

const STAFF = ['staff'] as const;
const Cursor = z.string().regex(/^[0-9a-f]{24}$/).optional();
const Limit = z.coerce.number().int().min(1).max(100).default(20);

const ActivityParams = z.object({ activityId: Id }).strict();

export const activityEndpoints = {
  create: endpoint({ id: 'activities.create', method: 'POST', path: '/api/activities', summary: '发布志愿活动（也可补录已结束的活动；可关联诉求）', access: STAFF, body: ActivityInput, output: ActivityView, creates: true }),
  list: endpoint({
    id: 'activities.list',
    method: 'GET',
    path: '/api/activities',
    summary: '志愿活动列表',
    access: ROLES,
    query: z.object({ when: z.enum(['upcoming', 'past', 'mine']).default('upcoming'), cursor: Cursor, limit: Limit }).strict(),
    output: page(ActivityView),
  }),
  get: endpoint({ id: 'activities.get', method: 'GET', path: '/api/activities/{activityId}', summary: '活动详情', access: ROLES, params: ActivityParams, output: ActivityView }),
  signup: endpoint({ id: 'activities.signup', method: 'POST', path: '/api/activities/{activityId}/signups', summary: '报名（满员进入候补）', access: ROLES, params: ActivityParams, output: ActivityView, creates: true }),
  cancel: endpoint({ id: 'activities.cancel', method: 'DELETE', path: '/api/activities/{activityId}/signups/me', summary: '取消报名（候补按顺序递补）', access: ROLES, params: ActivityParams, output: ActivityView }),
  roster: endpoint({ id: 'activities.roster', method: 'GET', path: '/api/activities/{activityId}/signups', summary: '报名与签到名单', access: STAFF, params: ActivityParams, output: z.object({ items: z.array(RosterEntry) }) }),
  code: endpoint({ id: 'activities.code', method: 'POST', path: '/api/activities/{activityId}/checkin-codes', summary: '生成签到码（约60秒轮换）', access: STAFF, params: ActivityParams, output: CheckinCode }),
  checkin: endpoint({ id: 'activities.checkin', method: 'POST', path: '/api/activities/{activityId}/checkins', summary: '扫码或输入签到码签到、签退', access: ROLES, params: ActivityParams, body: CheckinInput, output: ActivityView, creates: true }),
  attendance: endpoint({
    id: 'activities.attendance',
    method: 'POST',
    path: '/api/activities/{activityId}/attendance',
    summary: '确认服务时长并发放积分（重复确认只记一次）',
    access: STAFF,
    params: ActivityParams,
    body: AttendanceInput,
    output: z.object({ volunteerId: Id, hours: z.number(), points: z.number().int(), credited: z.boolean(), entry: LedgerEntryView }),
    idempotent: true,
  }),
};
