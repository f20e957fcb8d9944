import { Types } from 'mongoose';
import { log } from '../lib/logger';
import { photoExists, photoUrl } from '../lib/storage';
import { mediaCheck } from '../lib/wechat';
import { PhotoModel, type PhotoDoc } from './photo.model';

/**
 * Attaches uploaded photos to a request: each must be this user's, in this community, really in storage and
 * not attached elsewhere. Returns the keys' problem index for a validation error, or null when all are fine.
 */
export async function attachPhotos(keys: string[], communityId: Types.ObjectId, uploaderId: Types.ObjectId, requestId: Types.ObjectId, openid: string, trusted: boolean): Promise<number | null> {
  if (!keys.length) return null;
  const photos = await PhotoModel.find({ key: { $in: keys }, communityId, uploaderId, status: 'uploading' }).lean();
  for (let i = 0; i < keys.length; i++) {
    if (!photos.some((p) => p.key === keys[i]) || !(await photoExists(keys[i]!))) return i;
  }
  for (const key of keys) {
    // Staff photos need no moderation round trip; residents' go to WeChat's asynchronous media check.
    await PhotoModel.updateOne({ key, status: 'uploading' }, { $set: { requestId, status: trusted ? 'approved' : 'pending' } });
    if (!trusted) {
      const url = await photoUrl(key, 6 * 3600, true);
      const traceId = url ? await mediaCheck(url, openid) : null;
      if (traceId) await PhotoModel.updateOne({ key }, { $set: { traceId } });
      else log('warn', 'media check not started; the photo waits for staff approval', { key });
    }
  }
  return null;
}

/** Loads the photo records of many keys in one query (a list of requests shows them all). */
export async function loadPhotos(keys: string[]): Promise<PhotoDoc[]> {
  return keys.length ? PhotoModel.find({ key: { $in: keys } }).lean() : [];
}

/** Photos as a viewer may see them, with short-lived URLs. `preloaded` saves a query per request in lists. */
export async function photoViews(keys: string[], canSeeAll: boolean, preloaded?: PhotoDoc[]): Promise<{ key: string; url: string; approved: boolean }[]> {
  if (!keys.length) return [];
  const photos = preloaded ?? (await loadPhotos(keys));
  const out: { key: string; url: string; approved: boolean }[] = [];
  for (const key of keys) {
    const p = photos.find((x) => x.key === key);
    const approved = !!p && (p.status === 'pass' || p.status === 'approved');
    if (!p || (!approved && !canSeeAll) || p.status === 'uploading') continue;
    const url = await photoUrl(key);
    if (url) out.push({ key, url, approved });
  }
  return out;
}

export type { PhotoDoc };
