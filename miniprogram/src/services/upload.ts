/**
 * Uploads to storage, for every feature: a photo (request, consultation update, reward) or any file the API
 * granted a presigned POST for. The API checks each key against the upload record it created.
 */
import Taro from '@tarojs/taro'
import { MAX_PHOTO_BYTES, PHOTO_CONTENT_TYPES, uploadEndpoints } from '@linli/shared'
import { ApiError, call } from './http'
import { IS_WEAPP } from './config'

export interface PickedPhoto {
  /** Local path (weapp temp file, H5 blob: URL), shown as the thumbnail. */
  path: string
  size: number
  /** waiting: no network when it was added; it goes up with the request when the network returns. */
  status: 'uploading' | 'done' | 'error' | 'waiting'
  progress: number
  key?: string
  error?: string
}

export const MAX_PHOTOS = 9
export const MAX_PHOTO_MB = MAX_PHOTO_BYTES / 1024 / 1024

type PhotoType = (typeof PHOTO_CONTENT_TYPES)[number]

/** Asks the API for a presigned POST for one photo (its key, the form, the size limit). */
export type PhotoGrant = (ask: { contentType: PhotoType; size: number }) => Promise<{ url: string; fields: Record<string, string>; key: string; maxBytes: number }>

async function contentTypeOf(path: string): Promise<PhotoType> {
  const lower = path.toLowerCase()
  if (lower.endsWith('.png')) return 'image/png'
  if (lower.endsWith('.webp')) return 'image/webp'
  if (!IS_WEAPP && lower.startsWith('blob:')) {
    // H5 temp paths are blob URLs without an extension: the blob knows its type.
    try {
      const type = (await (await fetch(path)).blob()).type
      if ((PHOTO_CONTENT_TYPES as readonly string[]).includes(type)) return type as PhotoType
    } catch {
      // fall through to jpeg, the camera's format
    }
  }
  return 'image/jpeg'
}

/**
 * Uploads one photo: asks the API for a presigned POST, then sends the file straight to storage with
 * Taro.uploadFile (wx.uploadFile can only send multipart POSTs, hence a POST policy). Resolves with the key.
 * A 404 from the API means uploads are not deployed yet: callers then let the user go on without photos.
 */
export async function uploadPhoto(
  path: string,
  size: number,
  onProgress: (percent: number) => void,
  // The server accepts a key only for the kind of record it was issued for.
  purpose: 'request' | 'consultation' | 'reward' = 'request',
  /**
   * Who grants the upload, when not the community's /api/uploads/photos: a unit's people belong to no community, so
   * their 办结 photos are granted per request by their own feature's endpoint.
   */
  grantBy?: PhotoGrant,
): Promise<string> {
  const contentType = await contentTypeOf(path)
  const grant = grantBy
    ? await grantBy({ contentType, size })
    : await call(uploadEndpoints.photoUpload, { body: { purpose, contentType, size } }, { silent: true })
  if (size > grant.maxBytes) throw new ApiError('VALIDATION_FAILED', `照片不能超过${Math.round(grant.maxBytes / 1024 / 1024)}MB`)
  await sendToStorage(grant, path, onProgress, '照片')
  return grant.key
}

/** Sends a file to storage by the presigned POST the API granted (wx.uploadFile sends multipart POSTs only). */
export async function sendToStorage(grant: { url: string; fields: Record<string, string> }, path: string, onProgress: (percent: number) => void, what: string) {
  const task = Taro.uploadFile({ url: grant.url, filePath: path, name: 'file', formData: grant.fields })
  task.progress?.((p) => onProgress(p.progress))
  let res: Taro.uploadFile.SuccessCallbackResult
  try {
    res = await task
  } catch {
    throw new ApiError('NETWORK', `${what}上传失败，请检查网络后重试`)
  }
  // S3 answers a presigned POST with 204 (or 201/200 when asked to); 4xx carries an XML reason we don't show.
  if (res.statusCode < 200 || res.statusCode >= 300) throw new ApiError('INTERNAL', `${what}上传失败，请重试`, res.statusCode)
  onProgress(100)
}
