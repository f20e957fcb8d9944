import type { Schema } from 'mongoose';

/**
 * Marks documents that hold undelivered notices (`outboxPending`), in the same write that adds them, so the
 * repair routine finds them through an index on an equality (`{outboxPending: true, updatedAt < cutoff}`)
 * instead of a range inside an array (`outbox.createdAt`), which FerretDB on SQLite answered by decoding the
 * whole collection every minute (22 s for 20,000 requests). Delivery writes the remaining outbox back, and
 * the flag follows it.
 */
/** The path trackOutbox adds to a schema: set while `outbox` holds undelivered notices. */
export interface OutboxTracked {
  outboxPending?: boolean;
}

export function trackOutbox(schema: Schema): void {
  schema.add({ outboxPending: { type: Boolean } });
  schema.pre('save', function flagNewOutbox() {
    const outbox = this.get('outbox') as unknown[] | undefined;
    if (this.isNew && outbox?.length) this.set('outboxPending', true);
  });
  schema.pre(['updateOne', 'updateMany', 'findOneAndUpdate'], function flagOutboxChange() {
    const update = this.getUpdate() as Record<string, Record<string, unknown> | undefined> | null;
    if (!update || Array.isArray(update)) return;
    const pushed = update.$push?.outbox !== undefined;
    const written = update.$set?.outbox;
    if (pushed || (Array.isArray(written) && written.length > 0)) update.$set = { ...update.$set, outboxPending: true };
    else if (Array.isArray(written)) update.$unset = { ...update.$unset, outboxPending: 1 };
  });
  schema.index({ outboxPending: 1, updatedAt: 1 });
}
