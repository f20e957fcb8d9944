import { starProgress } from '@linli/shared';
import { apiCall, tokenOf, useH5 } from './h5';

// Issue 15, item 14, in the browser. The way to the next star: demo-volunteer-1 sees "距一星志愿者还差 N 小时" over a
// bar filled by the share of the hours between the level reached and the next, on the 志愿 tab, in the passbook and
// on 星级公示. Inviting supporters: on a topic collecting support, 邀请邻居附议 (on weapp a WeChat share card) copies
// on H5 a link to the topic; opened with a full load, the link lands on the same topic.
// The run shares one database with the other e2e files (volunteer.e2e.ts credits this volunteer hours while we
// run): the expected words are computed from the hours shown on the same card. The topic title carries a stamp.
// Screenshots go to test-results/e2e/stars-share-*.png.

const h5 = useH5('stars-share-');
const { screen, signInAs, shot, openPage, onPage } = h5;
const page = () => h5.page;
const stamp = Date.now() % 100000;
const title = `4号楼门口增设休息座椅（${stamp}）`;
const body = '4号楼门口老人多，买菜回来常常站着歇脚。建议在门口的空地上放两张带靠背的座椅，方便大家休息聊天。';
let topicId = '';


/** The page of `route` once it is the one on screen (right after a transition two pages can be). */

const NUMERALS = ['', '一', '二', '三', '四', '五'];

/** The star bar in `scope` says what starProgress says for `hours`, and its fill is that share of the track. */
async function expectStarBar(scope: ReturnType<typeof screen>, hours: number) {
  const expected = starProgress(hours);
  const bar = scope.locator('.starbar');
  await bar.waitFor();
  const words = await bar.locator('.starbar__words').innerText();
  expect(expected.next).not.toBeNull();
  expect(words).toBe(`距${NUMERALS[expected.next!.stars]}星志愿者还差 ${Math.round(expected.next!.hoursNeeded * 10) / 10} 小时`);
  const { track, fill } = await bar.evaluate((el) => ({
    track: el.querySelector('.starbar__track')!.getBoundingClientRect().width,
    fill: el.querySelector('.starbar__fill')!.getBoundingClientRect().width,
  }));
  // The fill is the share of the way (a sliver of at least 4 px even at the start).
  expect(Math.abs(fill - Math.max(4, track * expected.fraction))).toBeLessThan(2);
  // Both ends are named: where the level reached starts and where the next one is.
  expect(await bar.locator('.starbar__ends').innerText()).toContain(`${NUMERALS[expected.next!.stars]}星志愿者 ${expected.next!.atHours}小时`);
}

describe('the way to the next star, and inviting neighbours to support a topic', () => {
  beforeAll(async () => {
    h5.page.on('pageerror', (err) => console.log(`[pageerror] ${err.message}`));
    // Prepare: a topic of the whole community, collecting support (proposed by the volunteer, a resident of 4号楼).
    const volunteer = await tokenOf('demo-volunteer-1');
    const created = await apiCall('POST', '/api/consultations', volunteer, { title, body, scope: { level: 'community' } });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('collecting');
    topicId = created.body.id;
    // Reading the clipboard back is what a neighbour pasting the link would get.
    await h5.page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(process.env.E2E_H5_URL!).origin });
  });

  it('the volunteer sees the bar toward the next star on the 志愿 tab', async () => {
    await signInAs('demo-volunteer-1');
    await page().locator('.weui-tabbar__item', { hasText: '志愿' }).click();
    const tab = await onPage('/pages/volunteer/index');
    const summary = tab.locator('.vol__summary');
    await summary.locator('.starbar').waitFor();
    const hours = Number(await summary.locator('.vol__figure-value').first().innerText());
    await expectStarBar(summary, hours);
    await shot('volunteer-tab');
  });

  it('and in the passbook and on 星级公示', async () => {
    await openPage('/volunteer/pages/passbook/index');
    const book = await onPage('/volunteer/pages/passbook/index');
    const head = book.locator('.vbook__head');
    await head.locator('.starbar').waitFor();
    const hours = Number(await head.locator('.vbook__value').nth(2).innerText());
    await expectStarBar(head, hours);
    await shot('passbook');

    await openPage('/volunteer/pages/stars/index');
    const roll = await onPage('/volunteer/pages/stars/index');
    const mine = roll.locator('.vstars__mine');
    await mine.locator('.starbar').waitFor();
    const [, shown] = /累计服务 ([\d.]+) 小时/.exec(await mine.innerText()) ?? [];
    await expectStarBar(mine, Number(shown));
    await shot('stars');
  });

  it('邀请邻居附议 copies a link to the topic; opened with a full load, it lands on the same topic', async () => {
    await openPage(`/consult/pages/detail/index?id=${topicId}`);
    const topic = await onPage('/consult/pages/detail/index');
    await topic.locator('.cdetail__title', { hasText: title }).waitFor();
    await topic.locator('.cdetail__status', { hasText: '征集附议' }).waitFor();
    const invite = topic.locator('.cdetail__invite', { hasText: '邀请邻居附议' });
    await invite.scrollIntoViewIfNeeded();
    await page().evaluate(() => navigator.clipboard.writeText(''));
    await invite.click();
    await page().locator('.taro__toast').getByText('链接已复制，发给邻居即可附议').waitFor();
    await shot('invite-copied');

    const link = await page().evaluate(() => navigator.clipboard.readText());
    expect(link).toBe(`${process.env.E2E_H5_URL}/?topic=${topicId}#/consult/pages/detail/index?id=${topicId}`);

    // A neighbour (demo-resident-3, on this phone) opens it: a full load — nothing of the running app survives —
    // with the topic alone on the page stack, and the 附议 button for them.
    await signInAs('demo-resident-3');
    await page().evaluate(() => ((window as any).__beforeLink = true));
    await page().goto(link);
    const opened = await onPage('/consult/pages/detail/index');
    await opened.locator('.cdetail__title', { hasText: title }).waitFor();
    expect(await page().evaluate(() => (window as any).__beforeLink ?? null)).toBeNull();
    expect(await page().locator('.taro_page').count()).toBe(1);
    expect(page().url()).toBe(link);
    await opened.locator('.cdetail__support .nut-button', { hasText: /^附议$/ }).waitFor();
    await opened.locator('.cdetail__invite').waitFor();
    await shot('link-opened');
  });
});
