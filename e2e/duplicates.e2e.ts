import { apiCall, tokenOf, useH5 } from './h5';

// 标记为重复 (issue 18, part 1) in the browser: two residents report the same broken lamp; demo-grid-1 opens the second
// in the 工作台 (filtered to 居民反映), marks it as a duplicate of the first, picked from the offered candidates;
// the second resident then sees 已合并办理 with the original's progress on their own request, but not the first
// resident's words, and the original shows that another report was merged into it. Screenshots go to
// test-results/e2e/duplicates-*.png.

const h5 = useH5('duplicates-');
const { screen, toastGone, signInAs, shot, openPage, onPage, pick } = h5;

const stamp = Date.now() % 100000;
const firstText = `1号楼3单元楼道灯坏了，张阿姨家门口一片黑（${stamp}）`;
const secondText = `1号楼楼道灯不亮，晚上下楼看不见台阶（${stamp}）`;
let firstId = '';
let secondId = '';

describe('标记为重复 in the browser', () => {
  beforeAll(async () => {
    const me = (await apiCall('GET', '/api/me', await tokenOf('demo-resident-1'))).body;
    const community = (await apiCall('GET', `/api/communities/${me.memberships[0].communityId}`)).body;
    const building1 = community.buildings.find((b: { name: string }) => b.name === '1号楼').id as string;
    const file = async (openid: string, description: string) => {
      // Both about 1号楼 (第一网格): the same building's requests are offered first as originals.
      const r = await apiCall('POST', '/api/requests', await tokenOf(openid), { category: 'facility', description, location: { buildingId: building1 } });
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    firstId = await file('demo-resident-1', firstText);
    secondId = await file('demo-resident-2', secondText);
  });

  it('the grid worker finds the second report in the 工作台 filtered by source, and marks it as a duplicate of the first', async () => {
    await signInAs('demo-grid-1');
    await openPage('/requests/pages/queue/index');
    await screen().getByText('待受理', { exact: true }).first().waitFor();
    await pick('来源 ▾', ['居民反映']);
    await screen().getByText('居民反映 ▾').waitFor();
    await screen().locator('.rcard', { hasText: secondText.slice(0, 10) }).first().waitFor();
    await shot('queue-by-source');

    await openPage(`/requests/pages/detail/index?id=${secondId}&from=queue`);
    await screen().getByText('标记为重复', { exact: true }).click();
    const original = screen().locator('.rdetail__original', { hasText: firstText.slice(0, 12) });
    await original.waitFor();
    await original.click();
    await screen().locator('.rdetail__text textarea').fill('同一处楼道灯，已合并');
    await shot('pick-original');
    await screen().getByText('确认标记为重复', { exact: true }).click();
    await screen().locator('.rdetail__status', { hasText: '重复（已合并办理）' }).waitFor();
    await toastGone('已标记为重复，合并到原诉求办理');
    await shot('marked');
  });

  it('the second resident follows the original from their own request, without reading the first resident’s words', async () => {
    await signInAs('demo-resident-2');
    await openPage(`/requests/pages/detail/index?id=${secondId}`);
    const link = screen().locator('.rdetail__duplicate');
    await link.waitFor();
    await link.getByText('原诉求进展：已提交').waitFor();
    expect(await screen().innerText()).not.toContain('张阿姨家门口');
    expect(await link.getByText('查看原诉求 ›').count()).toBe(0);
    await shot('follower-view');
    const messages = await apiCall('GET', '/api/messages', await tokenOf('demo-resident-2'));
    expect(messages.body.items.some((m: { kind: string; requestId?: string }) => m.kind === 'duplicate' && m.requestId === secondId)).toBe(true);
  });

  it('the first resident sees that another report was merged into theirs', async () => {
    await signInAs('demo-resident-1');
    await openPage(`/requests/pages/detail/index?id=${firstId}`);
    await screen().getByText('另有1条反映同一问题的诉求已合并到这里办理').waitFor();
    await shot('original-view');
    await onPage('/requests/pages/detail/index');
  });
});
