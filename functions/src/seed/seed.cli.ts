import { disconnect } from '../lib/db';
import { seed } from './seed';
import { seedReportRewardStory } from './report-rewards.seed';
import { seedRankingStory } from './rankings.seed';

seed()
  .then(async (r) => {
    // The demo's stories beyond the tests' seed (see each for why it is not in seed()).
    await seedReportRewardStory();
    await seedRankingStory();
    console.log(r.created ? '示范数据已创建 (demo data created)' : '示范数据已存在，未重复创建 (demo data already present)');
    await disconnect();
  })
  .catch(async (err) => {
    console.error('seed failed:', err instanceof Error ? err.message : err);
    await disconnect();
    process.exit(1);
  });
