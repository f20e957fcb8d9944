import * as z from 'zod';

/** Image types a photo may have; the presigned POST policy enforces the same list. */
export const PHOTO_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

/**
 * Voice notes (for residents who would rather speak than type): what the phones record — mp3 or aac from WeChat's
 * RecorderManager, webm/opus from a browser's MediaRecorder — and nothing else, at most 60 s and 1 MB (60 s of
 * speech at 48 kbit/s is about 360 KB). The presigned POST policy enforces type and size again.
 */
export const VOICE_CONTENT_TYPES = ['audio/mpeg', 'audio/aac', 'audio/webm'] as const;
export type VoiceContentType = (typeof VOICE_CONTENT_TYPES)[number];
export const MAX_VOICE_BYTES = 1024 * 1024;
export const MAX_VOICE_SECONDS = 60;

export const VoiceUploadInput = z
  .object({
    /** Voice notes go with requests (filing, or a reply on one). */
    purpose: z.enum(['request']),
    contentType: z.enum(VOICE_CONTENT_TYPES),
    size: z.number().int().min(1).max(MAX_VOICE_BYTES, '语音不能超过1MB'),
    /** Length as the recorder measured it, shown beside the play button. */
    seconds: z.number().int().min(1, '录音太短').max(MAX_VOICE_SECONDS, '语音最长60秒'),
  })
  .strict();

export const PhotoUploadInput = z
  .object({
    /** What the photo is for: a request (filing or resolving), a consultation's progress update, or a reward. */
    purpose: z.enum(['request', 'consultation', 'reward']),
    contentType: z.enum(PHOTO_CONTENT_TYPES),
    /** Size the client is about to send; the policy limits it anyway. */
    size: z.number().int().min(1).max(MAX_PHOTO_BYTES, '照片不能超过5MB'),
  })
  .strict();

/**
 * A presigned POST: wx.uploadFile (and an H5 form) sends `fields` plus the file (field name `file`) to `url`.
 * Size and type limits live in the signed policy, so storage itself refuses anything else.
 */
export const PhotoUpload = z.object({
  url: z.string(),
  fields: z.record(z.string(), z.string()),
  key: z.string(),
  maxBytes: z.number().int(),
  expiresAt: z.string(),
});

/** WeChat subscribe-message templates the product uses; ids come from configuration. */
export const SUBSCRIBE_TEMPLATES = ['accepted', 'replied', 'resolved', 'new_request', 'due_soon', 'consultation'] as const;
export const SubscribeTemplate = z.enum(SUBSCRIBE_TEMPLATES);

export const GrantSubscriptionsInput = z
  .object({
    /** Templates the user accepted in wx.requestSubscribeMessage; each allows exactly one message. */
    grants: z.array(z.object({ template: SubscribeTemplate, requestId: z.string().regex(/^[0-9a-f]{24}$/).optional(), consultationId: z.string().regex(/^[0-9a-f]{24}$/).optional() }).strict()).min(1).max(10),
  })
  .strict();
