import * as z from 'zod';
import { endpoint } from '../common/api';
import { Id } from '../common/ids';
import {
  CreateUnitInput,
  CreateUnitInviteInput,
  JoinUnitInput,
  MyUnitView,
  UnitDetailView,
  UnitIdParams,
  UnitInviteView,
  UnitListQuery,
  UnitMemberParams,
  UnitMemberView,
  UnitView,
  UpdateUnitInput,
} from './unit.schema';

/** A street the caller is street staff of, with its communities (for the 单位管理 forms) and whether they administer it. */
export const StreetOfStaff = z.object({
  id: Id,
  name: z.string(),
  admin: z.boolean(),
  communities: z.array(z.object({ id: Id, name: z.string() })),
});
export type StreetOfStaff = z.infer<typeof StreetOfStaff>;

// Units (单位) of a street and their people. None of these act in a community (no X-Community-Id): they are open to
// any signed-in caller and the handlers check the street role or the unit membership (functions/src/units/
// unit.permissions.ts). Street staff read their streets' units; street admins (街道管理员) change them.
export const unitEndpoints = {
  streetList: endpoint({
    id: 'units.street.list',
    method: 'GET',
    path: '/api/street/units',
    summary: '单位管理：本街道的单位（可按类型、服务社区筛选），附本人所在街道及其社区',
    access: 'signedIn',
    query: UnitListQuery,
    output: z.object({ items: z.array(UnitView), streets: z.array(StreetOfStaff) }),
  }),
  streetGet: endpoint({
    id: 'units.street.get',
    method: 'GET',
    path: '/api/street/units/{unitId}',
    summary: '单位详情：服务社区与单位人员',
    access: 'signedIn',
    params: UnitIdParams,
    output: UnitDetailView,
  }),
  create: endpoint({
    id: 'units.create',
    method: 'POST',
    path: '/api/street/units',
    summary: '街道管理员新建单位（服务社区须属本街道）',
    access: 'signedIn',
    body: CreateUnitInput,
    output: UnitView,
    creates: true,
  }),
  update: endpoint({
    id: 'units.update',
    method: 'PATCH',
    path: '/api/street/units/{unitId}',
    summary: '街道管理员修改单位：名称、类型、电话、服务社区、停用或启用',
    access: 'signedIn',
    params: UnitIdParams,
    body: UpdateUnitInput,
    output: UnitView,
  }),
  createInvite: endpoint({
    id: 'units.invites.create',
    method: 'POST',
    path: '/api/street/units/{unitId}/invites',
    summary: '街道管理员生成单位人员加入码（一次性，或7天内多人可用）',
    access: 'signedIn',
    params: UnitIdParams,
    body: CreateUnitInviteInput,
    output: UnitInviteView,
    creates: true,
  }),
  removeMember: endpoint({
    id: 'units.members.remove',
    method: 'DELETE',
    path: '/api/street/units/{unitId}/members/{userId}',
    summary: '街道管理员停用单位人员账号',
    access: 'signedIn',
    params: UnitMemberParams,
    output: UnitMemberView,
  }),
  join: endpoint({
    id: 'units.join',
    method: 'POST',
    path: '/api/unit/join',
    summary: '凭加入码成为单位人员',
    access: 'signedIn',
    body: JoinUnitInput,
    output: MyUnitView,
    creates: true,
  }),
  mine: endpoint({
    id: 'units.mine',
    method: 'GET',
    path: '/api/unit/me',
    summary: '我所在的单位（单位工作台）',
    access: 'signedIn',
    output: z.object({ items: z.array(MyUnitView) }),
  }),
};
