import { ERROR_MESSAGES, ERROR_STATUS, type ErrorCode, type FieldIssue } from '@linli/shared';

/** An error meant for the caller: code, Chinese message and optional details. Anything else is INTERNAL. */
export class ApiError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message ?? ERROR_MESSAGES[code]);
    this.status = ERROR_STATUS[code];
  }
}

export const validationFailed = (issues: FieldIssue[], message?: string) =>
  new ApiError('VALIDATION_FAILED', message ?? ERROR_MESSAGES.VALIDATION_FAILED, issues);
export const notFound = (message?: string) => new ApiError('NOT_FOUND', message);
export const forbidden = (message?: string) => new ApiError('FORBIDDEN', message);
export const conflict = (message?: string, details?: unknown) => new ApiError('CONFLICT', message, details);

/** MongoDB's duplicate-key error (E11000): a unique index refused a second record. */
export const isDuplicateKey = (err: unknown) => (err as { code?: number })?.code === 11000;
