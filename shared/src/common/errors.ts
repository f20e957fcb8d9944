import * as z from 'zod';

/** Every error code the API answers with, and the HTTP status it travels with. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  CONTENT_REJECTED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UPGRADE_REQUIRED: 426,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Default Chinese message per error code, used when a handler gives none. */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: '提交的内容有误，请检查后重试',
  CONTENT_REJECTED: '内容包含不适宜发布的信息，请修改后再提交',
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '您没有权限进行此操作',
  NOT_FOUND: '内容不存在或已删除',
  CONFLICT: '操作冲突，请刷新后重试',
  PAYLOAD_TOO_LARGE: '提交的内容过大',
  UPGRADE_REQUIRED: '请更新小程序',
  RATE_LIMITED: '操作太频繁，请稍后再试',
  INTERNAL: '服务器开小差了，请稍后再试',
  UNAVAILABLE: '服务暂时不可用，请稍后再试',
};

/** The one error body every /api endpoint answers with. */
export const ErrorBody = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** One field problem in a VALIDATION_FAILED answer; `path` is dotted, e.g. `household.room`. */
export const FieldIssue = z.object({ path: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof FieldIssue>;
