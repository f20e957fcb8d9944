import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import type { VoiceView } from '@linli/shared';
import { ApiError } from '../lib/errors';
import { log } from '../lib/logger';
import type { CommunityScope } from '../lib/scope';
import { photoExists, photoUrl, presignPhotoUpload } from '../lib/storage';
import { mediaCheck } from '../lib/wechat';
import { PhotoModel, type PhotoDoc, type PhotoPurpose } from './photo.model';

const PHOTO_EXT: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

/**
 * Grants one request photo upload in a community to a user (a presigned POST): the upload record first, so the key
 * is only ever accepted later from this user, for this purpose, in this community (attachPhotos). The object's name
 * is random: it appears in every read link, so it must name no person. Used by a unit member's 办结 photos, whose
 * access is checked by the caller (they belong to no community, so /api/uploads/photos cannot serve them).
 */
export async function grantRequestPhotoUpload(scope: CommunityScope, uploaderId: Types.ObjectId, contentType: string, now: Date) {
  const key = `requests/${scope.communityId.toHexString()}/${randomBytes(16).toString('hex')}.${PHOTO_EXT[contentType] ?? 'jpg'}`;
  await scope.create(PhotoModel, { key, uploaderId, purpose: 'request', status: 'uploading', createdAt: now });
  const post = await presignPhotoUpload(key, contentType);
  if (!post) throw new ApiError('UNAVAILABLE', '照片上传暂不可用');
  return { url: post.url, fields: post.fields, key, maxBytes: 5 * 1024 * 1024, expiresAt: post.expiresAt.toISOString() };
}

/**
 * Attaches uploaded photos (or a voice note, `kind` 'voice') to a record: each key must name an upload record the
 * server created for this user, this purpose, this kind and this community, still unattached, and the object must
 * really be in storage. Anything else — a key of someone else's upload, of another community, made for another
 * kind of record, already attached elsewhere, or a path the server never issued — is refused. Attaching again to
 * the same record is accepted (a write retried after a conflict). Returns the first bad key's index for a
 * validation error, or null when all are fine.
 */
export async function attachPhotos(
  keys: string[],
  communityId: Types.ObjectId,
  uploaderId: Types.ObjectId,
  recordId: Types.ObjectId,
  openid: string,
  trusted: boolean,
  purpose: PhotoPurpose = 'request',
  kind: 'photo' | 'voice' = 'photo',
): Promise<number | null> {
  if (!keys.length) return null;
  if (new Set(keys).size !== keys.length) return keys.findIndex((k, i) => keys.indexOf(k) !== i);
  const photos = await PhotoModel.find({ key: { $in: keys }, communityId, uploaderId }).lean();
  for (let i = 0; i < keys.length; i++) {
    const p = photos.find((x) => x.key === keys[i]);
    const free = p && (p.status === 'uploading' || !!p.requestId?.equals(recordId));
    if (!p || !free || (p.purpose ?? 'request') !== purpose || (p.kind ?? 'photo') !== kind || !(await photoExists(keys[i]!))) return i;
  }
  for (const key of keys) {
    // Staff uploads need no moderation round trip; residents' go to WeChat's asynchronous media check.
    const r = await PhotoModel.updateOne({ key, status: 'uploading' }, { $set: { requestId: recordId, status: trusted ? 'approved' : 'pending' } });
    if (!trusted && r.modifiedCount) {
      const url = await photoUrl(key, 6 * 3600, true);
      const traceId = url ? await mediaCheck(url, openid, kind === 'voice' ? 'audio' : 'image') : null;
      if (traceId) await PhotoModel.updateOne({ key }, { $set: { traceId } });
      else log('warn', 'media check not started; the upload waits for staff approval', { key });
    }
  }
  return null;
}

/** Loads the photo records of many keys in one query (a list of requests shows them all). */
export async function loadPhotos(keys: string[]): Promise<PhotoDoc[]> {
  return keys.length ? PhotoModel.find({ key: { $in: keys } }).lean() : [];
}

/** Who is looking at photos: the uploader and those who moderate them (`seesHeld`) see photos not cleared yet. */
export interface PhotoViewer {
  userId?: Types.ObjectId;
  seesHeld: boolean;
}

const cleared = (p: PhotoDoc) => p.status === 'pass' || p.status === 'approved';

/**
 * Photos as a viewer may see them, with short-lived read links: the uploader and moderators see photos waiting
 * for the media check; everyone else only those that passed it or that staff approved. The storage key is given
 * to its uploader only; anyone else gets the photo's id (which names no person). `preloaded` saves a query per
 * request in lists.
 */
export async function photoViews(keys: string[], viewer: PhotoViewer, preloaded?: PhotoDoc[]): Promise<{ key: string; url: string; approved: boolean }[]> {
  if (!keys.length) return [];
  const photos = preloaded ?? (await loadPhotos(keys));
  const out: { key: string; url: string; approved: boolean }[] = [];
  for (const key of keys) {
    const p = photos.find((x) => x.key === key);
    if (!p || p.status === 'uploading' || (p.status === 'risky' && !viewer.seesHeld)) continue;
    const mine = !!viewer.userId && p.uploaderId.equals(viewer.userId);
    if (!cleared(p) && !viewer.seesHeld && !mine) continue;
    const url = await photoUrl(key);
    if (url) out.push({ key: mine ? key : p._id.toHexString(), url, approved: cleared(p) });
  }
  return out;
}

/**
 * A voice note as a viewer may hear it: held (not yet through the media check or approved) only for its uploader
 * and moderators, like photos; the storage key for its uploader only.
 */
export async function voiceView(key: string | null | undefined, viewer: PhotoViewer, preloaded?: PhotoDoc[]): Promise<VoiceView | undefined> {
  if (!key) return undefined;
  const records = preloaded ?? (await loadPhotos([key]));
  const [view] = await photoViews([key], viewer, records);
  const p = records.find((x) => x.key === key);
  if (!view || !p) return undefined;
  return { ...view, seconds: p.seconds ?? 0, contentType: p.contentType ?? 'audio/mpeg' };
}

/** The storage keys among these that this viewer uploaded: the only raw keys a view may carry. */
export function ownKeys(keys: string[], viewerId: Types.ObjectId | undefined, preloaded: PhotoDoc[]): string[] {
  if (!viewerId) return [];
  return keys.filter((k) => preloaded.some((p) => p.key === k && p.uploaderId.equals(viewerId)));
}

/** The read link of one attached photo, for a viewer (rewards): null when they may not see it. */
export async function photoLink(key: string, viewer: PhotoViewer): Promise<string | null> {
  const [view] = await photoViews([key], viewer);
  return view?.url ?? null;
}

export type { PhotoDoc };
