import { Types } from 'mongoose';
import { shanghaiMonth } from '@linli/shared';
import { RequestModel } from '../src/requests/request.model';
import { DispatchModel } from '../src/requests/dispatch.model';
import { rebuildRequestStats } from '../src/requests/request-stats';
import { RANKING_STORY_MARK, seedRankingStory } from '../src/seed/rankings.seed';
import { call } from './helpers/api';
import { seededWorld } from './helpers/seeded';

// The demo's 考核排名 and 每月一题 story (seed.cli.ts, for npm start and the browser tests): written once, counted
// exactly, and enough for the pages to show something this month.
describe('seed/rankings story', () => {
  let world: Awaited<ReturnType<typeof seededWorld>>;
  beforeAll(async () => {
    world = await seededWorld();
    await seedRankingStory();
    await seedRankingStory();
  });

  it('is written once, with the units’ dispatch records', async () => {
    expect(await RequestModel.countDocuments({ description: RANKING_STORY_MARK })).toBe(1);
    expect(await DispatchModel.countDocuments({ communityId: new Types.ObjectId(world.demoId) })).toBeGreaterThanOrEqual(4);
  });

  it('keeps the 三率 counters equal to a recount', async () => {
    expect((await rebuildRequestStats({ communityId: new Types.ObjectId(world.demoId), write: false })).differences).toEqual([]);
  });

  it('gives the ranking and 每月一题 pages something to show this month', async () => {
    const token = await world.token('demo-street-1');
    const units = await call('GET', '/api/stats/rankings', { token, query: { of: 'unit', month: shanghaiMonth(new Date()) } });
    expect(units.status).toBe(200);
    expect(units.body.rows.find((r: { label: string }) => r.label === '阳光物业公司').total).toBeGreaterThanOrEqual(1);
    const grids = await call('GET', '/api/stats/rankings', { token, query: { of: 'grid' } });
    expect(grids.body.rows.filter((r: { rank: number | null }) => r.rank !== null).length).toBe(2);
    const hot = await call('GET', '/api/stats/hotspots', { token: await world.token('demo-staff-1') });
    expect(hot.body.items.find((h: { where: string; category: string }) => h.where === '1号楼' && h.category === 'facility')).toMatchObject({ count: 3, previousCount: 1, trend: 'up' });
  });
});
