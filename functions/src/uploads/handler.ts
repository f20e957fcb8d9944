import { Types } from 'mongoose';
import { api } from '@linli/shared';
import { apiHandler, route } from '../lib/http';
import { config } from '../lib/config';
import { ApiError } from '../lib/errors';
import { presignPhotoUpload } from '../lib/storage';
import { PhotoModel, SubscribeGrantModel } from './photo.model';

const EXT: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

const photoUpload = route(api.uploads.photoUpload, async ({ user, community, body, now }) => {
  // The key names the community and the uploader: a request may only attach the filer's own uploads.
  const key = `requests/${community.communityId.toHexString()}/${user._id.toHexString()}/${new Types.ObjectId().toHexString()}.${EXT[body.contentType]}`;
  const post = await presignPhotoUpload(key, body.contentType);
  if (!post) throw new ApiError('UNAVAILABLE', '照片上传暂不可用');
  await community.scope.create(PhotoModel, { key, uploaderId: user._id, status: 'uploading', createdAt: now });
  return { url: post.url, fields: post.fields, key, maxBytes: 5 * 1024 * 1024, expiresAt: post.expiresAt.toISOString() };
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

export const handler = apiHandler([photoUpload, subscribe, templates]);
