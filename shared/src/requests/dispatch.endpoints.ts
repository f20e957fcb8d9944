import * as z from 'zod';
import { endpoint } from '../common/api';
import { Id } from '../common/ids';
import { DispatchOptionsView, DispatchView, UnitAction, UnitActionInput, UnitRequestListQuery } from './dispatch.schema';
import { RequestIdParams, RequestStatus, RequestView } from './request.schema';
import { PhotoUpload, PhotoUploadInput } from './uploads.schema';

/** What a unit's photo upload asks: a request's photo (the only kind a unit uploads). */
export const UnitPhotoUploadInput = PhotoUploadInput.omit({ purpose: true });

/** One entry of a unit's queue: its dispatch and what the unit needs to know of the request. */
export const UnitRequestItem = z.object({
  dispatch: DispatchView,
  request: z.object({
    id: Id,
    category: RequestView.shape.category,
    title: z.string().optional(),
    excerpt: z.string(),
    status: RequestStatus,
    buildingName: z.string().optional(),
    urgency: RequestView.shape.urgency,
    createdAt: z.string(),
    resolveBy: z.string(),
  }),
  /** The dispatch is past its own deadline (签收 or 办结). */
  overdue: z.boolean(),
});
export type UnitRequestItem = z.infer<typeof UnitRequestItem>;

/** A request as a unit member sees it: the request's view (unit audience) with the unit's own dispatch and moves. */
export const UnitRequestView = z.object({
  request: RequestView,
  dispatch: DispatchView,
  /** The moves this member may make now (the server checks again). */
  unitActions: z.array(UnitAction),
});
export type UnitRequestView = z.infer<typeof UnitRequestView>;

/**
 * 吹哨报到's endpoints (routed with the requests feature). The dispatch picker acts in the request's community; the
 * unit side is street-scoped (`signedIn`: no X-Community-Id; the handler finds the caller's units and 404s anything
 * not dispatched to one of them).
 */
export const dispatchEndpoints = {
  dispatchOptions: endpoint({
    id: 'requests.dispatchOptions',
    method: 'GET',
    path: '/api/requests/{requestId}/dispatch-options',
    summary: '吹哨报到：可派发的单位（本街道服务该社区的单位，按类型）',
    access: ['staff', 'street_staff'],
    params: RequestIdParams,
    output: DispatchOptionsView,
  }),
  unitList: endpoint({
    id: 'requests.unitList',
    method: 'GET',
    path: '/api/unit/requests',
    summary: '单位工作台：派发给本单位的诉求（待签收、办理中、已办结、已退单）',
    access: 'signedIn',
    query: UnitRequestListQuery,
    output: z.object({ items: z.array(UnitRequestItem) }),
  }),
  unitGet: endpoint({
    id: 'requests.unitGet',
    method: 'GET',
    path: '/api/unit/requests/{requestId}',
    summary: '单位查看派发的诉求详情与办理时间线',
    access: 'signedIn',
    params: RequestIdParams,
    output: UnitRequestView,
  }),
  unitAct: endpoint({
    id: 'requests.unitAct',
    method: 'POST',
    path: '/api/unit/requests/{requestId}/actions',
    summary: '单位签收、回复、办结（主办）/协办完成、退单',
    access: 'signedIn',
    params: RequestIdParams,
    body: UnitActionInput,
    output: UnitRequestView,
    idempotent: true,
  }),
  /**
   * A photo for the unit's 办结: unit members belong to no community, so the community-scoped /api/uploads/photos
   * refuses them; this grants the upload in the request's community, only to a unit the request was dispatched to.
   */
  unitPhotoUpload: endpoint({
    id: 'requests.unitPhotoUpload',
    method: 'POST',
    path: '/api/unit/requests/{requestId}/photos',
    summary: '单位申请上传办结照片（返回预签名 POST 表单，≤5MB，仅图片）',
    access: 'signedIn',
    params: RequestIdParams,
    body: UnitPhotoUploadInput,
    output: PhotoUpload,
    creates: true,
  }),
};
