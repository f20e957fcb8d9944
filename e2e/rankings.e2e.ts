import { useH5 } from './h5';

// 考核排名 and 每月一题 (issue 19, part 5) in the browser, on a phone-sized screen, over the demo's ranking story
// (functions/src/seed/rankings.seed.ts: a month and a bit of requests and the units' dispatches): street staff open
// the ranking from the 三率 board, switch 社区 / 网格 / 单位 and the figure to rank by, read the chart and the table,
// export CSV; staff turn the month's recurring lift problem into a 主动治理 task in one tap (confirm first) and
// land on it. Screenshots: test-results/e2e/rankings-*.png.

const h5 = useH5('rankings-');
const { screen, signInAs, shot, openPage, onPage, confirmModal, toastGone } = h5;

/** Nothing on the page is wider than the phone. */
const overflow = () => h5.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('考核排名 and 每月一题 in the browser', () => {
  it('street staff reach the ranking from the 三率 board and rank communities, grids and units', async () => {
    await signInAs('demo-street-1');
    await openPage('/requests/pages/dashboard/index');
    await screen().getByText('考核排名', { exact: true }).click();
    const page = await onPage('/requests/pages/rankings/index');
    await page.locator('.rank__row', { hasText: '示范社区' }).waitFor();
    await page.getByText('示范街道各社区', { exact: false }).waitFor();
    expect(await page.locator('.rank__row', { hasText: '示范社区' }).locator('.rank__place').innerText()).toBe('1');
    await shot('street-communities');

    await page.locator('.rank__tab', { hasText: '网格' }).click();
    await page.locator('.rank__row', { hasText: '第一网格' }).waitFor();
    await page.locator('.rank__row', { hasText: '第二网格' }).waitFor();
    // The chart draws a bar a ranked grid.
    await page.locator('.rank__chart canvas').first().waitFor();
    await shot('street-grids');

    await page.locator('.rank__tab', { hasText: '单位' }).click();
    const wuye = page.locator('.rank__row', { hasText: '阳光物业公司' });
    await wuye.waitFor();
    await page.locator('.chip', { hasText: '社区评价' }).click();
    await page.getByText('社区评价（分）').waitFor();
    await wuye.locator('.rank__value', { hasText: '分' }).waitFor();
    expect(await wuye.locator('.rank__place').innerText()).toBe('1');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shot('street-units');

    await page.getByText('导出CSV', { exact: true }).click();
    await toastGone('已导出');
  });

  it('staff turn the month’s recurring lift problem into a 主动治理 task in one tap', async () => {
    await signInAs('demo-staff-1');
    await openPage('/requests/pages/hotspots/index');
    const lift = screen().locator('.hot__item', { hasText: '1号楼 · 设施维修' });
    await lift.waitFor();
    await lift.getByText('上月1件', { exact: false }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shot('hotspots');
    await lift.getByText('主动治理', { exact: true }).click();
    await confirmModal();
    const task = await onPage('/requests/pages/detail/index');
    await task.getByText('1号楼设施维修问题集中治理').waitFor();
    await task.getByText('主动治理', { exact: true }).first().waitFor();
    await shot('proactive-task');
  });
});
