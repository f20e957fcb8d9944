import mongoose, { type Connection } from 'mongoose';
import { config } from './config';

// Commands fail fast instead of queueing while disconnected: a Lambda should answer 503, not hang.
mongoose.set('bufferCommands', false);
mongoose.set('strictQuery', true);

let connecting: Promise<Connection> | undefined;

/**
 * The one mongoose connection of this container, opened on first use and reused by every warm invocation.
 * A small pool: a Lambda handles one request at a time (a few queries in parallel at most), and reserved
 * concurrency × pool size is what the database must allow (scripts/deploy-config.cjs).
 */
export function db(): Promise<Connection> {
  if (!connecting) {
    const { MONGODB_URI: uri, MONGODB_POOL_SIZE } = config();
    connecting = mongoose
      .connect(uri, { maxPoolSize: MONGODB_POOL_SIZE, minPoolSize: 0, serverSelectionTimeoutMS: 5000, socketTimeoutMS: 20000 })
      .then((m) => m.connection)
      .catch((err: unknown) => {
        connecting = undefined; // next invocation tries again
        throw err;
      });
  }
  return connecting;
}

/** True when the database answers a ping. */
export async function dbIsUp(): Promise<boolean> {
  try {
    const conn = await db();
    await conn.db!.admin().command({ ping: 1 });
    return true;
  } catch {
    return false;
  }
}

/** Closes the connection (tests and CLI scripts). */
export async function disconnect(): Promise<void> {
  if (connecting) {
    connecting = undefined;
    await mongoose.disconnect();
  }
}

/** Creates every model's indexes; run by the seed, the test setup and the start-up repair. */
export async function ensureIndexes(): Promise<void> {
  await db();
  for (const model of Object.values(mongoose.models)) await model.createIndexes();
}
