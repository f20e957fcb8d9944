import * as z from 'zod';
import { endpoint } from '../common/api';
import { ROLES } from '../common/roles';
import { GrantSubscriptionsInput, PhotoUpload, PhotoUploadInput, SubscribeTemplate, VoiceUploadInput } from './uploads.schema';

export const uploadEndpoints = {
  photoUpload: endpoint({
    id: 'uploads.photo',
    method: 'POST',
    path: '/api/uploads/photos',
    summary: '申请上传照片（返回预签名 POST 表单，≤5MB，仅图片）',
    // Merchants upload their rewards' photos; which purpose each role may use is checked by the handler.
    access: ['resident', 'volunteer', 'grid_worker', 'staff', 'street_staff', 'merchant', 'mobile_grid'],
    body: PhotoUploadInput,
    output: PhotoUpload,
    creates: true,
  }),
  voiceUpload: endpoint({
    id: 'uploads.voice',
    method: 'POST',
    path: '/api/uploads/voice',
    summary: '申请上传语音（返回预签名 POST 表单，≤1MB、≤60秒，mp3/aac/webm）',
    access: ['resident', 'volunteer', 'grid_worker', 'staff', 'street_staff', 'mobile_grid'],
    body: VoiceUploadInput,
    output: PhotoUpload,
    creates: true,
  }),
  subscribe: endpoint({
    id: 'uploads.subscribe',
    method: 'POST',
    path: '/api/subscriptions',
    summary: '登记订阅消息授权（每次授权可发送一条微信订阅消息）',
    access: ROLES,
    body: GrantSubscriptionsInput,
    output: z.object({ granted: z.number().int() }),
    creates: true,
  }),
  templates: endpoint({
    id: 'uploads.templates',
    method: 'GET',
    path: '/api/subscriptions/templates',
    summary: '订阅消息模板编号（小程序请求授权时使用）',
    access: 'signedIn',
    output: z.record(SubscribeTemplate, z.string()),
  }),
};
