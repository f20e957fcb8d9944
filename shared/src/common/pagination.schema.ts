import * as z from 'zod';

/** Cursor pagination query: `cursor` is the opaque value from the previous page's `nextCursor`. */
export const PageQuery = z
  .object({
    cursor: z.string().max(64).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

/** Wraps an item schema into a page of items with the cursor for the next page (null at the end). */
export const page = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
