// Runs the product's own ledger reconciliation (the function behind `npm run reconcile`) and prints its result
// as JSON for `npm run load`.
import mongoose from 'mongoose';
import { reconcile } from '../../functions/src/volunteers/ledger';
import { rebuildRequestStats } from '../../functions/src/requests/request-stats';

async function main() {
  // A long socket timeout: reading the whole ledger can wait behind writers on an engine that serializes them.
  await mongoose.connect(process.env.MONGODB_URI!, { serverSelectionTimeoutMS: 10_000, socketTimeoutMS: 15 * 60_000 });
  const started = Date.now();
  const r = await reconcile();
  const stats = await rebuildRequestStats({ write: false });
  console.log(
    JSON.stringify({
      volunteers: r.volunteers,
      entries: r.entries,
      differences: r.differences.length,
      sample: r.differences.slice(0, 5),
      requestStats: { documents: stats.documents, differences: stats.differences.length, sample: stats.differences.slice(0, 5) },
      seconds: (Date.now() - started) / 1000,
    }),
  );
  await mongoose.disconnect();
}

main().catch(async (err) => {
  console.error(err instanceof Error ? err.message : err);
  await mongoose.disconnect();
  process.exit(2);
});
