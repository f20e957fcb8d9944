import { useH5 } from './h5';

// What a person sees first (issue 15, defects 13 and 10): someone not signed in, someone signed in who has not
// joined a community yet, and the street leader. Every API answer of the journey is recorded: a tab must never
// call an endpoint that can only fail (401/403) for someone without a membership, nor anything that answers 5xx.
// Screenshots go to test-results/e2e/newcomer-*.png.

const h5 = useH5('newcomer-');
const { screen, settle, signInAs, shot } = h5;
const page = () => h5.page;

/** API answers of 400 and above since the last reset, as "404 GET /api/…". */
let failed: string[] = [];
beforeAll(() => {
  const api = process.env.E2E_API_BASE!;
  page().on('response', (res) => {
    if (res.url().startsWith(api) && res.status() >= 400) {
      failed.push(`${res.status()} ${res.request().method()} ${res.url().slice(api.length)}`);
    }
  });
});
beforeEach(() => {
  failed = [];
});

async function tab(name: string) {
  await page().locator('.weui-tabbar__item', { hasText: name }).click();
  await settle();
  // Let the tab's own calls (if any) come back before judging it.
  await page().waitForLoadState('networkidle');
}

const text = async () => screen().innerText();

describe('what a newcomer and the street leader see first', () => {
  it('not signed in: the landing page says what Linli is and how to join, and nothing fails', async () => {
    await page().goto(`${process.env.E2E_H5_URL}/`);
    await settle();
    await page().waitForLoadState('networkidle');
    await page().waitForTimeout(500);
    // Not the development sign-in page: the app's own home with what 邻里 is and how to join.
    expect(page().url()).not.toContain('dev-signin');
    const landing = screen().locator('.landing');
    await landing.waitFor();
    await shot('signed-out-home');
    const home = await text();
    expect(home).not.toContain('演示账号');
    for (const words of ['邻里', '急难愁盼', '议事协商', '志愿服务', '怎样加入', '微信登录', '找到您的社区', '邀请码', '审核']) {
      expect(home).toContain(words);
    }
    await landing.locator('.landing__steps').scrollIntoViewIfNeeded();
    await shot('signed-out-home-steps');

    for (const name of ['办事', '议事', '志愿', '我的']) {
      await tab(name);
      const t = await text();
      expect(t).toContain('登录');
      expect(t).not.toContain('加载失败');
      await shot(`signed-out-${name}`);
    }

    // The sign-in button of the landing page: on an H5 development build it leads to the development sign-in page.
    await tab('首页');
    await screen().locator('.landing .landing__action').first().click();
    await settle();
    await screen().getByText('演示账号').waitFor();
    await shot('signed-out-sign-in');
    expect(failed).toEqual([]);
  });

  it('signed in without a community: every tab, and 办事 → 消息, is a friendly state pointing to joining', async () => {
    await signInAs(`e2e-newcomer-home-${Date.now()}`);
    await screen().getByText('尚未加入社区').first().waitFor();

    await tab('首页');
    await screen().locator('.landing').waitFor();
    const home = await text();
    expect(home).toContain('怎样加入');
    expect(home).toContain('加入社区');
    expect(home).not.toContain('微信登录后'); // already signed in: the button joins, it does not sign in
    await shot('newcomer-home');

    await tab('办事');
    expect(await text()).toContain('加入社区');
    await shot('newcomer-affairs');
    await screen().getByText('消息', { exact: true }).click();
    await page().waitForLoadState('networkidle');
    await page().waitForTimeout(500);
    const onScreen = `${await text()}\n${await page().locator('.taro__modal:visible').innerText().catch(() => '')}`;
    expect(onScreen).toContain('加入社区后');
    expect(onScreen).not.toContain('需要');
    await shot('newcomer-messages');
    await page().locator('.taro__modal .taro-model__cancel').click();
    await page().locator('.taro__modal').waitFor({ state: 'hidden' });

    for (const name of ['议事', '志愿', '我的']) {
      await tab(name);
      const t = await text();
      expect(t).toContain('加入社区');
      expect(t).not.toContain('加载失败');
      await shot(`newcomer-${name}`);
    }
    expect(failed).toEqual([]);
  });

  it("demo-street-1: the street's communities and the way to statistics and escalated requests, nothing unfinished", async () => {
    await signInAs('demo-street-1');
    const mine = await text();
    expect(mine).toContain('示范街道');
    expect(mine).not.toContain('申请加入社区');
    expect(mine).not.toContain('加入其他社区');
    await shot('street-mine');

    await tab('首页');
    await screen().locator('.street').waitFor();
    await screen().locator('.street__community', { hasText: '示范社区' }).waitFor();
    const home = await text();
    expect(home).not.toContain('功能建设中');
    expect(home).not.toContain('加入社区');
    expect(home).not.toContain('滨江社区'); // another street's community
    expect(home).toContain('三率看板');
    expect(home).toContain('诉求工作台');
    await shot('street-home');

    await screen().getByText('三率看板', { exact: true }).click();
    // The transition has begun only once the route changed: settle() before that could see the old page alone.
    await page().waitForFunction(() => location.hash.includes('/requests/pages/dashboard/'));
    await settle();
    await screen().getByText('响应率').first().waitFor();
    // The figures of his street's community, not a spinner and not an error.
    await page().waitForTimeout(300);
    // Each section of the board (三率, 走访覆盖, 矛盾纠纷调处) loads its own figures: wait until none is still loading.
    for (let i = 0; i < 150 && (await screen().locator('.state--loading').count()) > 0; i++) await page().waitForTimeout(100);
    expect(await screen().locator('.state--loading').count()).toBe(0);
    // The dashboard page itself: the tab page under it can stay laid out (stationed) for a while after the transition.
    expect(await page().locator('.taro_page[id^="/requests/pages/dashboard/"]').innerText()).not.toContain('加载失败');
    await shot('street-dashboard');
    await page().goBack();
    await page().waitForFunction(() => !location.hash.includes('/requests/pages/dashboard/'));
    await settle();

    await tab('办事');
    expect(await text()).not.toContain('申请加入社区');
    await shot('street-affairs');
    for (const name of ['议事', '志愿']) {
      await tab(name);
      const t = await text();
      expect(t).not.toContain('申请加入社区');
      expect(t).not.toContain('加载失败');
      await shot(`street-${name}`);
    }
    expect(failed).toEqual([]);
  });

  it.each([
    ['demo-resident-1', '我要反映'],
    ['demo-grid-1', '工作台'],
    ['demo-staff-1', '工作台'],
    ['demo-merchant-1', '商家核销'],
    ['demo-courier', '流动网格员上报'],
  ])("%s's home shows what that role does", async (openid, entry) => {
    await signInAs(openid);
    await tab('首页');
    await screen().locator('.home__work').waitFor();
    const home = await text();
    expect(home).toContain(entry);
    expect(home).not.toContain('功能建设中');
    expect(home).not.toContain('怎样加入');
    await shot(`home-${openid}`);
    expect(failed).toEqual([]);
  });
});
