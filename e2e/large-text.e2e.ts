import { apiCall, tokenOf, useH5 } from './h5';

// Issue 15, defect 7: 大字模式 left status badges, typed text, the tab bar and chart labels small, and the 未读 badge
// hung over the edge of its card. Measured with getComputedStyle with the switch under 我的 off, then on: the text
// typed into an input and a textarea, a request's status tag, the tab bar's label, the 未读 count and its word, and
// the label size of the 三率 board's charts (drawn on a canvas: the size F2 was given, and the fonts it drew with);
// the 未读 badge lies inside its card in both modes.
// demo-resident-2 has a request staff accepted (an unread message) made through the API; the run shares one
// database with the other e2e files, none of which reads demo-resident-2's messages.
// Screenshots go to test-results/e2e/large-text-*.png.

const h5 = useH5('large-text-');
const { screen, signInAs, shot, openPage, onPage } = h5;
const page = () => h5.page;
const stamp = Date.now() % 100000;
const description = `2号楼楼道声控灯不亮，晚上看不清台阶（${stamp}）`;
const typed = '小区东门加装非机动车充电桩';


interface Sizes {
  input: number;
  textarea: number;
  status: number;
  tabLabel: number;
  unreadCount: number;
  unreadWord: number;
  chartLabel: number;
  chartDrawn: number;
}
const sizes: Record<'off' | 'on', Partial<Sizes>> = { off: {}, on: {} };

type Box = { left: number; right: number; top: number; bottom: number };
const inside = (inner: Box, outer: Box) =>
  inner.left >= outer.left - 0.5 && inner.right <= outer.right + 0.5 && inner.top >= outer.top - 0.5 && inner.bottom <= outer.bottom + 0.5;

/** The page of `route` once it is the one on screen (right after a transition two pages can be). */

const fontOf = async (locator: ReturnType<typeof screen>) => parseFloat(await locator.evaluate((el) => getComputedStyle(el).fontSize));

/** Everything measured in one mode: 办事 as demo-resident-2, the proposal form, the 三率 board as demo-staff-1. */
async function measure(mode: 'off' | 'on') {
  const s = sizes[mode];
  await signInAs('demo-resident-2');
  await openPage('/pages/affairs/index');
  const affairs = await onPage('/pages/affairs/index');
  const card = affairs.locator('.rcard', { hasText: description });
  await card.waitFor();
  const unread = affairs.locator('.affairs__unread');
  await unread.waitFor();

  // A status tag: the words sit in NutUI's inner text box.
  s.status = await fontOf(card.locator('.rcard__status .nut-tag-text'));
  s.unreadCount = await fontOf(unread.locator('.count-badge'));
  s.unreadWord = await fontOf(unread.locator('.affairs__unread-label'));
  s.tabLabel = await fontOf(page().locator('.weui-tabbar__item', { hasText: '办事' }).locator('.weui-tabbar__label'));

  // The 未读 badge lies inside its cell and its card, on one line.
  const boxes = await affairs.locator('.affairs__entries').evaluate((group) => {
    const rect = (el: Element | null) => {
      const r = el!.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, height: r.height };
    };
    const badge = group.querySelector('.count-badge')!;
    return { group: rect(group), cell: rect(badge.closest('.nut-cell')), badge: rect(badge), word: rect(group.querySelector('.affairs__unread-label')), wordFont: parseFloat(getComputedStyle(group.querySelector('.affairs__unread-label')!).fontSize) };
  });
  expect(inside(boxes.badge, boxes.cell)).toBe(true);
  expect(inside(boxes.badge, boxes.group)).toBe(true);
  expect(inside(boxes.word, boxes.cell)).toBe(true);
  expect(boxes.word.height).toBeLessThan(boxes.wordFont * 2);
  await card.scrollIntoViewIfNeeded();
  await shot(`affairs-${mode}`);

  // Text typed into an input and a textarea (the proposal form; nothing is submitted).
  await openPage('/consult/pages/new/index');
  const form = await onPage('/consult/pages/new/index');
  const title = form.locator('input[placeholder="如：小区东门加装非机动车充电桩"]');
  await title.fill(typed);
  const body = form.locator('textarea').first();
  await body.fill('东门附近电动车很多，建议加装一排充电桩。');
  s.input = await fontOf(title);
  s.textarea = await fontOf(body);
  // The typed words fit the box: not cut off at the top or bottom.
  const fit = await title.evaluate((el) => ({ box: el.getBoundingClientRect().height, font: parseFloat(getComputedStyle(el).fontSize) }));
  expect(fit.box).toBeGreaterThanOrEqual(fit.font);
  await shot(`form-${mode}`);

  // Chart labels of the 三率 board (staff): the size the chart was given, and the fonts it drew its words with.
  await signInAs('demo-staff-1');
  await openPage('/requests/pages/dashboard/index');
  const board = await onPage('/requests/pages/dashboard/index');
  const chart = board.locator('.f2chart').first();
  await chart.waitFor();
  await page().waitForFunction(() => ((window as any).__chartFonts ?? []).length > 0);
  s.chartLabel = Number(await chart.getAttribute('data-label-px'));
  const drawn: string[] = await page().evaluate(() => (window as any).__chartFonts);
  s.chartDrawn = Math.max(...drawn.map((f) => parseFloat(/([\d.]+)px/.exec(f)?.[1] ?? '0')));
  await chart.scrollIntoViewIfNeeded();
  await shot(`chart-${mode}`);
}

describe('大字模式 enlarges every text', () => {
  beforeAll(async () => {
    // Prepare: demo-resident-2 files a request and demo-staff-1 accepts it: a status tag and an unread message.
    const resident = await tokenOf('demo-resident-2');
    const staff = await tokenOf('demo-staff-1');
    const filed = await apiCall('POST', '/api/requests', resident, { category: 'facility', description });
    expect(filed.status).toBe(201);
    expect((await apiCall('POST', `/api/requests/${filed.body.id}/actions`, staff, { action: 'accept' })).status).toBe(200);
    expect((await apiCall('GET', '/api/messages', resident)).body.unread).toBeGreaterThan(0);

    // Canvas text cannot be read back: note the font of every word a chart draws (each full load runs this anew).
    await h5.page.addInitScript(() => {
      const fillText = CanvasRenderingContext2D.prototype.fillText;
      CanvasRenderingContext2D.prototype.fillText = function (this: CanvasRenderingContext2D, ...args: Parameters<typeof fillText>) {
        ((window as any).__chartFonts ??= []).push(this.font);
        return fillText.apply(this, args);
      };
    });
    h5.page.on('pageerror', (err) => console.log(`[pageerror] ${err.message}`));
  });

  it('with 大字模式 off: the sizes of ordinary text', async () => {
    await measure('off');
    const s = sizes.off as Sizes;
    // Even off, tags and counters are no longer NutUI's 10px / 9px.
    expect(s.status).toBeGreaterThanOrEqual(12);
    expect(s.unreadCount).toBeGreaterThanOrEqual(12);
  });

  it('turns 大字模式 on under 我的', async () => {
    await openPage('/pages/mine/index');
    const mine = await onPage('/pages/mine/index');
    await mine.locator('.nut-cell', { hasText: '大字模式' }).locator('.nut-switch').click();
    await mine.locator('.page--large').first().waitFor({ state: 'attached' });
    // The tab bar lives outside the page: it follows a class on <html>.
    await page().locator('html.large-text').waitFor({ state: 'attached' });
    await shot('mine-on');
  });

  it('with 大字模式 on: typed text, status tags, the tab bar, the 未读 badge and chart labels are all larger', async () => {
    await measure('on');
    const off = sizes.off as Sizes;
    const on = sizes.on as Sizes;
    console.log(`[large-text] off ${JSON.stringify(off)}\n[large-text] on ${JSON.stringify(on)}`);
    for (const key of Object.keys(off) as (keyof Sizes)[]) {
      // A quarter larger or so, and at least a fifth: visibly larger, not a rounding step.
      expect({ key, ratio: on[key] / off[key] >= 1.2 }).toEqual({ key, ratio: true });
    }
  });
});
