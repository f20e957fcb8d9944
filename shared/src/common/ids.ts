import * as z from 'zod';

/** A MongoDB ObjectId as 24 hex characters; anything else is a validation error, never a query. */
export const Id = z.string().regex(/^[0-9a-f]{24}$/, '编号格式不正确');
export type Id = z.infer<typeof Id>;
