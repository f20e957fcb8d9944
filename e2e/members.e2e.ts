import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '@linli/shared';

// 居民管理 and 社区设置 as an admin uses them in a browser: open a resident, grant a role and see it on the
// member and in the record; set the announcement and see it on a resident's 首页.
// Screenshots go to test-results/e2e/members-*.png. Only our own files are cleared there: other e2e
// files (which may run at the same time) write to the same folder.
const SHOTS = path.join(__dirname, '..', 'test-results', 'e2e');
const PREFIX = 'members-';
const H5 = () => process.env.E2E_H5_URL!;

let browser: Browser;
let page: Page;
let step = 0;

async function shot(name: string) {
  // Let the page transition finish and the last animation frame paint before the picture.
  await settle();
  await page.waitForTimeout(400);
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${PREFIX}${String(++step).padStart(2, '0')}-${name}.png`) });
}

/** The page on screen: Taro's H5 router keeps earlier pages and the other tabs in the DOM, hidden. */
const screen = () => page.locator('.taro_page:visible');

/** Waits until a page transition is over: exactly one page on screen, resting at the left edge. */
async function settle() {
  await page.waitForFunction(() => {
    const onScreen = [...document.querySelectorAll<HTMLElement>('.taro_page')].filter((el) => {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return style.display !== 'none' && style.visibility !== 'hidden' && r.width > 0 && r.right > 0 && r.left < window.innerWidth;
    });
    return onScreen.length === 1 && Math.abs(onScreen[0]!.getBoundingClientRect().left) < 1;
  });
}

/** Taro's H5 toast sits over the page for 1.5 s; pictures are clearer without it. */
const toastGone = (text: string) => page.locator('.taro__toast').getByText(text, { exact: true }).waitFor({ state: 'hidden' });

/** Taro's H5 showModal: a plain DOM dialog appended to <body>; confirm it. */
async function confirmModal() {
  const ok = page.locator('.taro__modal .taro-model__confirm');
  await ok.waitFor({ state: 'visible' });
  await ok.click();
}

let loads = 0;
async function signInAs(openid: string) {
  // A full load (new query string) starts from an empty page stack, as opening the mini-program does.
  await page.goto(`${H5()}/?load=${++loads}#/auth/pages/dev-signin/index`);
  await settle();
  await screen().getByText('演示账号').waitFor();
  expect(DEMO_ACCOUNTS.some((a) => a.openid === openid)).toBe(true);
  await screen().getByText(openid, { exact: true }).click();
  // Signing in lands on 我的.
  await settle();
  await screen().locator('.mine__nickname').waitFor();
  await screen().locator('.mine__nickname', { hasNotText: '未登录' }).waitFor();
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const f of fs.readdirSync(SHOTS)) if (f.startsWith(PREFIX)) fs.rmSync(path.join(SHOTS, f), { force: true });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, locale: 'zh-CN' });
});

afterAll(async () => {
  await browser?.close();
});

describe('居民管理 and 社区设置 in the browser', () => {
  it('demo-admin-1 grants 王同学 the 志愿者 role and sees it on the member and in the record', async () => {
    await signInAs('demo-admin-1');
    await screen().getByText('居民管理').click();
    await settle();
    const row = screen().locator('.members__item', { hasText: '王同学' });
    await row.waitFor();
    expect(await row.innerText()).toContain('3号楼 1单元 301');
    expect(await row.innerText()).toContain('13800000003');
    await shot('list');

    await row.click();
    await settle();
    await screen().locator('.member__name', { hasText: '王同学' }).waitFor();
    await screen().locator('.member__event').first().waitFor();
    // The admin sees the role section; 王同学 is a plain resident so far.
    const roles = screen().locator('.member__roles');
    expect(await roles.innerText()).not.toContain('志愿者');
    await shot('detail');

    const volunteer = screen().locator('.member__role-row', { hasText: '志愿者' });
    await volunteer.getByText('授予', { exact: true }).click();
    await confirmModal();
    await roles.getByText('志愿者', { exact: true }).waitFor();
    const granted = screen().locator('.member__event', { hasText: '授予角色' });
    await granted.waitFor();
    expect(await granted.first().innerText()).toContain('志愿者');
    expect(await granted.first().innerText()).toContain('周书记');
    await volunteer.getByText('已授予', { exact: true }).waitFor();
    await toastGone('已授予志愿者');
    await shot('granted');
    await granted.first().scrollIntoViewIfNeeded();
    await shot('granted-record');

    // Back on the list, the new tag shows without a reload.
    await page.goBack();
    await settle();
    await row.getByText('志愿者', { exact: true }).waitFor();
    await shot('list-after-grant');
  });

  it('demo-admin-1 sets the announcement and demo-resident-1 sees it on 首页', async () => {
    const announcement = `本周六上午9点在社区广场开展义诊，欢迎参加（${Date.now() % 100000}）`;
    await signInAs('demo-admin-1');
    await screen().getByText('社区设置').click();
    await settle();
    const box = screen().locator('textarea[placeholder^="如：本周六"]');
    await box.waitFor();
    await box.fill(announcement);
    await screen().getByText(`${announcement.length}/200`).waitFor();
    await screen().getByText('保存', { exact: true }).click();
    await page.locator('.taro__toast').getByText('设置已保存').waitFor();
    await toastGone('设置已保存');
    // Focusing the text box scrolls the page a little (on H5 it is a few px taller than its scroll box); back to the top for the picture.
    await screen().evaluate((el) => el.scrollTo(0, 0));
    await shot('settings-saved');

    await signInAs('demo-resident-1');
    await page.locator('.weui-tabbar__item', { hasText: '首页' }).click();
    await settle();
    await screen().locator('.home__announcement', { hasText: announcement }).waitFor();
    await shot('resident-home');
  });
});
