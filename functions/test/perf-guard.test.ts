// Regression guard for the API overhead of issue 7: the hot operations through the real handlers next to the same
// database commands issued with the driver (bench/inprocess.ts, small variant: 300 requests, 20 to 30 iterations), on
// this file's own database. Absolute times depend on the machine and on what else runs; the ratio of our code's
// time to the database's on the same engine in the same run much less, so only a ratio far over its budget
// (more than twice: 4 for reads, 6 for writes) fails. The full measurement is `node --import tsx bench/inprocess.ts`.
import { BUDGETS, inProcessQuick, markdown } from '../../bench/inprocess';

describe('performance guard: API overhead in-process', () => {
  it('keeps every hot operation within twice its handler/driver ratio budget', async () => {
    // Prepare / Act
    const result = await inProcessQuick(process.env.MONGODB_URI!, () => undefined);
    // Assess
    const broken = result.rows
      .filter((r) => !(r.ratio <= 2 * BUDGETS[r.kind]))
      .map((r) => `${r.op}: ratio ${r.ratio} > ${2 * BUDGETS[r.kind]} (handler p50 ${r.handler.p50} ms, driver p50 ${r.driver.p50} ms)`);
    if (broken.length) console.log(markdown(result));
    expect(result.rows).toHaveLength(8);
    expect(broken).toEqual([]);
  }, 240_000);
});
