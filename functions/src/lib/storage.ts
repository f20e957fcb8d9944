import type { S3Client } from '@aws-sdk/client-s3';
import * as z from 'zod';
import { MAX_PHOTO_BYTES } from '@linli/shared';

// The AWS SDK is loaded on first use, not at import. Loading @aws-sdk/client-s3 and the two presigners takes
// about 100 ms of module init (bench/coldstart.mjs), which every cold start of requests, consultations and mall
// paid even when the invocation touched no photo (actions, ratings, lists without photos). `require`, not
// `import()`: the bundle leaves '@aws-sdk/*' external and Lambda provides it through NODE_PATH, which CommonJS
// resolution honours and ESM resolution does not.
type Sdk = {
  s3: typeof import('@aws-sdk/client-s3');
  presignedPost: typeof import('@aws-sdk/s3-presigned-post');
  presigner: typeof import('@aws-sdk/s3-request-presigner');
};
let loaded: Sdk | undefined;
function sdk(): Sdk {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return (loaded ??= {
    s3: require('@aws-sdk/client-s3'),
    presignedPost: require('@aws-sdk/s3-presigned-post'),
    presigner: require('@aws-sdk/s3-request-presigner'),
  });
  /* eslint-enable @typescript-eslint/no-require-imports */
}

// S3-compatible storage for photos: AWS S3, Tencent COS (its S3 endpoint) or the local emulator `npm start` runs.
const StorageConfig = z.object({
  S3_BUCKET: z.string().min(3),
  S3_REGION: z.string().default('ap-guangzhou'),
  /** Custom endpoint (Tencent COS: https://cos.<region>.myqcloud.com; local emulator: http://127.0.0.1:9000). */
  S3_ENDPOINT: z.string().url().optional(),
  /** Endpoint as the phone must reach it, when it differs from the one the functions use. */
  S3_PUBLIC_ENDPOINT: z.string().url().optional(),
  S3_FORCE_PATH_STYLE: z.enum(['0', '1']).default('0'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
});
type StorageConfig = z.infer<typeof StorageConfig>;

let cached: { config: StorageConfig; client: S3Client; publicClient: S3Client } | null | undefined;

/** The storage client, or null when no bucket is configured (uploads then answer 503). */
function storage() {
  if (cached !== undefined) return cached;
  // serverless.yml passes unset variables as empty strings.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => k.startsWith('S3_') && v));
  const parsed = StorageConfig.safeParse(env);
  if (!parsed.success) return (cached = null);
  const c = parsed.data;
  const { S3Client } = sdk().s3;
  const make = (endpoint?: string) =>
    new S3Client({
      region: c.S3_REGION,
      endpoint,
      forcePathStyle: c.S3_FORCE_PATH_STYLE === '1',
      credentials: c.S3_ACCESS_KEY_ID && c.S3_SECRET_ACCESS_KEY ? { accessKeyId: c.S3_ACCESS_KEY_ID, secretAccessKey: c.S3_SECRET_ACCESS_KEY } : undefined,
    });
  cached = { config: c, client: make(c.S3_ENDPOINT), publicClient: make(c.S3_PUBLIC_ENDPOINT ?? c.S3_ENDPOINT) };
  return cached;
}

/** A presigned POST whose policy carries the limits: this exact key, this content type, at most 5 MB (or `maxBytes`). */
export async function presignPhotoUpload(key: string, contentType: string, maxBytes = MAX_PHOTO_BYTES) {
  const s = storage();
  if (!s) return null;
  const expiresIn = 600;
  const post = await sdk().presignedPost.createPresignedPost(s.publicClient, {
    Bucket: s.config.S3_BUCKET,
    Key: key,
    Conditions: [
      ['content-length-range', 1, maxBytes],
      ['eq', '$Content-Type', contentType],
    ],
    Fields: { 'Content-Type': contentType },
    Expires: expiresIn,
  });
  return { url: post.url, fields: post.fields, expiresAt: new Date(Date.now() + expiresIn * 1000) };
}

/** A short-lived URL to show a photo (phones) or to hand to WeChat's media check. */
export async function photoUrl(key: string, expiresIn = 3600, forWechat = false): Promise<string | null> {
  const s = storage();
  if (!s) return null;
  const { presigner, s3 } = sdk();
  return presigner.getSignedUrl(forWechat ? s.client : s.publicClient, new s3.GetObjectCommand({ Bucket: s.config.S3_BUCKET, Key: key }), { expiresIn });
}

/** True when the object was really uploaded. */
export async function photoExists(key: string): Promise<boolean> {
  const s = storage();
  if (!s) return false;
  const { HeadObjectCommand } = sdk().s3;
  try {
    await s.client.send(new HeadObjectCommand({ Bucket: s.config.S3_BUCKET, Key: key }));
    return true;
  } catch {
    return false;
  }
}

/** Removes objects (an erased account's voice notes). Missing objects are fine: S3 deletes are idempotent. */
export async function deleteObjects(keys: string[]): Promise<void> {
  const s = storage();
  if (!s || !keys.length) return;
  const { DeleteObjectCommand } = sdk().s3;
  for (const key of keys) await s.client.send(new DeleteObjectCommand({ Bucket: s.config.S3_BUCKET, Key: key }));
}
