import * as z from 'zod';

/** Wraps an item schema into a page of items with the cursor for the next page (null at the end). */
export const page = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
