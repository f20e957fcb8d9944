import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { MAX_VOICE_BYTES, api, hasAnyRole, type Role } from '@linli/shared';
import { apiHandler, route } from '../api';
import { config } from '../lib/config';
import { ApiError, forbidden } from '../lib/errors';
import { presignPhotoUpload } from '../lib/storage';
import { PhotoModel, SubscribeGrantModel, type PhotoPurpose } from './photo.model';

/** Who may upload for which kind of record. */
const PURPOSE_ROLES: Record<PhotoPurpose, Role[]> = {
  request: ['resident', 'volunteer', 'grid_worker', 'staff', 'street_staff', 'mobile_grid'],
  consultation: ['staff'],
  reward: ['merchant', 'staff'],
};
const PURPOSE_REFUSALS: Record<PhotoPurpose, string> = {
  request: '您无权上传诉求照片',
  consultation: '只有社区工作者可以上传议事进展照片',
  reward: '只有爱心商家和社区工作者可以上传商品照片',
};

const EXT: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'audio/mpeg': 'mp3', 'audio/aac': 'aac', 'audio/webm': 'webm' };

/** Storage folder per purpose (request photos keep the folder they always had). */
const FOLDER: Record<PhotoPurpose, string> = { request: 'requests', consultation: 'consultations', reward: 'rewards' };

const photoUpload = route(api.uploads.photoUpload, async ({ user, community, body, now }) => {
  if (!hasAnyRole(community.roles, PURPOSE_ROLES[body.purpose])) throw forbidden(PURPOSE_REFUSALS[body.purpose]);
  // The object's name is random: it appears in every read link, so it must name no person (keys used to carry the
  // uploader's id, which an anonymous request's photo then gave away). Who uploaded it is in the upload record.
  const key = `${FOLDER[body.purpose]}/${community.communityId.toHexString()}/${randomBytes(16).toString('hex')}.${EXT[body.contentType]}`;
  // The upload record comes first: a key is only ever accepted later if the server issued it to this user for
  // this purpose in this community (uploads/photos.ts attachPhotos).
  await community.scope.create(PhotoModel, { key, uploaderId: user._id, purpose: body.purpose, status: 'uploading', createdAt: now });
  const post = await presignPhotoUpload(key, body.contentType);
  if (!post) throw new ApiError('UNAVAILABLE', '照片上传暂不可用');
  return { url: post.url, fields: post.fields, key, maxBytes: 5 * 1024 * 1024, expiresAt: post.expiresAt.toISOString() };
});

/** A voice note for a request (filing, or a reply): the same upload records, random names and checks as photos. */
const voiceUpload = route(api.uploads.voiceUpload, async ({ user, community, body, now }) => {
  if (!hasAnyRole(community.roles, PURPOSE_ROLES.request)) throw forbidden('您无权上传语音');
  const key = `voice/${community.communityId.toHexString()}/${randomBytes(16).toString('hex')}.${EXT[body.contentType]}`;
  await community.scope.create(PhotoModel, { key, uploaderId: user._id, purpose: 'request', kind: 'voice', contentType: body.contentType, seconds: body.seconds, status: 'uploading', createdAt: now });
  const post = await presignPhotoUpload(key, body.contentType, MAX_VOICE_BYTES);
  if (!post) throw new ApiError('UNAVAILABLE', '语音上传暂不可用');
  return { url: post.url, fields: post.fields, key, maxBytes: MAX_VOICE_BYTES, expiresAt: post.expiresAt.toISOString() };
});

const subscribe = route(api.uploads.subscribe, async ({ user, community, body, now }) => {
  await SubscribeGrantModel.insertMany(
    body.grants.map((g) => ({
      communityId: community.communityId,
      userId: user._id,
      template: g.template,
      requestId: g.requestId ? new Types.ObjectId(g.requestId) : undefined,
      consultationId: g.consultationId ? new Types.ObjectId(g.consultationId) : undefined,
      createdAt: now,
    })),
  );
  return { granted: body.grants.length };
});

const templates = route(api.uploads.templates, async () => {
  const c = config();
  return {
    accepted: c.WECHAT_TEMPLATE_ACCEPTED,
    replied: c.WECHAT_TEMPLATE_REPLIED,
    resolved: c.WECHAT_TEMPLATE_RESOLVED,
    new_request: c.WECHAT_TEMPLATE_NEW_REQUEST,
    due_soon: c.WECHAT_TEMPLATE_DUE_SOON,
    consultation: c.WECHAT_TEMPLATE_CONSULTATION,
  };
});

export const handler = apiHandler([photoUpload, voiceUpload, subscribe, templates]);
