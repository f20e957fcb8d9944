import * as z from 'zod';
import { endpoint } from '../common/api';
import { page } from '../common/pagination.schema';
import {
  ApplyMobileGridInput,
  MobileGridApplicationIdParams,
  MobileGridApplicationView,
  MobileGridListQuery,
  ReviewMobileGridInput,
} from './mobile-grid.schema';

const STAFF = ['staff'] as const; // admin counts as staff (effectiveRoles)

// Applying and reading one's own applications need no membership (a courier applies to a community they do not live
// in, naming it as joining does); staff list and decide in their community. Revoking is 撤销角色 (residents.revokeRole).
export const mobileGridEndpoints = {
  apply: endpoint({
    id: 'mobileGrid.apply',
    method: 'POST',
    path: '/api/mobile-grid/applications',
    summary: '申请成为流动网格员（快递员、外卖骑手等；社区审核）',
    access: 'signedIn',
    body: ApplyMobileGridInput,
    output: MobileGridApplicationView,
    creates: true,
  }),
  mine: endpoint({
    id: 'mobileGrid.mine',
    method: 'GET',
    path: '/api/mobile-grid/applications/mine',
    summary: '我的流动网格员申请及审核结果',
    access: 'signedIn',
    output: z.object({ items: z.array(MobileGridApplicationView) }),
  }),
  list: endpoint({
    id: 'mobileGrid.list',
    method: 'GET',
    path: '/api/mobile-grid/applications',
    summary: '流动网格员申请列表（审核）',
    access: STAFF,
    query: MobileGridListQuery,
    output: page(MobileGridApplicationView),
  }),
  review: endpoint({
    id: 'mobileGrid.review',
    method: 'POST',
    path: '/api/mobile-grid/applications/{applicationId}/review',
    summary: '审核流动网格员申请（通过即授予角色；不通过需说明原因）',
    access: STAFF,
    params: MobileGridApplicationIdParams,
    body: ReviewMobileGridInput,
    output: MobileGridApplicationView,
  }),
};
