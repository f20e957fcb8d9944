import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '@linli/shared';

// The foundation, as a person uses it in a browser: sign in as every demo account, a newcomer joins,
// staff approve, the newcomer is a resident. Screenshots of every step go to test-results/e2e/.
const SHOTS = path.join(__dirname, '..', 'test-results', 'e2e');
const H5 = () => process.env.E2E_H5_URL!;

let browser: Browser;
let page: Page;
let step = 0;

async function shot(name: string) {
  // Let the page transition finish and the last animation frame paint before the picture.
  await settle();
  await page.waitForTimeout(400);
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${String(++step).padStart(2, '0')}-${name}.png`) });
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

/** A text box by its placeholder (Taro's H5 input wraps a real <input> that carries it too). */
const field = (placeholder: string) => screen().locator(`input[placeholder="${placeholder}"]`);

let loads = 0;
async function signInAs(openid: string) {
  // A full load (new query string) starts from an empty page stack, as opening the mini-program does.
  await page.goto(`${H5()}/?load=${++loads}#/auth/pages/dev-signin/index`);
  await settle();
  await screen().getByText('演示账号').waitFor();
  const known = DEMO_ACCOUNTS.some((a) => a.openid === openid);
  if (known) {
    await screen().getByText(openid, { exact: true }).click();
  } else {
    await field('输入 openid').fill(openid);
    await screen().getByText('以此 openid 登录').click();
  }
  // Signing in lands on 我的.
  await settle();
  await screen().locator('.mine__nickname').waitFor();
  await screen().locator('.mine__nickname', { hasNotText: '未登录' }).waitFor();
}

beforeAll(async () => {
  // Only this file's pictures: the other e2e files run at the same time and keep theirs.
  if (fs.existsSync(SHOTS)) for (const f of fs.readdirSync(SHOTS)) if (/^\d{2}-/.test(f)) fs.rmSync(path.join(SHOTS, f));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, locale: 'zh-CN' });
  console.log(`[e2e] stack database: ${process.env.E2E_DB_ENGINE}`);
});

afterAll(async () => {
  await browser?.close();
});

describe('foundation in the browser', () => {
  it('signs in as demo-resident-1 and shows the community on 我的', async () => {
    await signInAs('demo-resident-1');
    await screen().getByText('示范社区').first().waitFor();
    await screen().getByText('1号楼').first().waitFor();
    await shot('resident-mine');
    const text = await screen().innerText();
    expect(text).toContain('张阿姨');
    expect(text).toContain('居民');
    expect(text).not.toContain('待审核居民'); // no staff entry for a resident
  });

  it.each(DEMO_ACCOUNTS.map((a) => [a.openid]))('signs in as %s', async (openid) => {
    await signInAs(openid);
    const text = await screen().innerText();
    expect(text).not.toContain('尚未加入社区');
    if (openid.startsWith('demo-staff') || openid.startsWith('demo-admin')) expect(text).toContain('待审核居民');
    await shot(`signed-in-${openid}`);
  });

  it('a newcomer joins and demo-staff-1 approves', async () => {
    const openid = `e2e-newcomer-${Date.now()}`;
    await signInAs(openid);
    await screen().getByText('尚未加入社区').first().waitFor();
    await shot('newcomer-mine');

    await screen().getByText('申请加入社区').click();
    await settle();
    await screen().getByText('示范社区').first().click();
    await screen().getByText('2号楼', { exact: true }).click();
    await field('如：2').fill('3');
    await field('如：301').fill('305');
    await field('邻居怎么称呼您，如：王阿姨').fill('新来的孙阿姨');
    await settle();
    await shot('newcomer-join-form');
    await screen().getByText('提交申请').click();
    await page.waitForTimeout(300);
    await settle();
    await screen().getByText('待审核').first().waitFor();
    await shot('newcomer-pending');

    await signInAs('demo-staff-1');
    await screen().getByText('待审核居民').click();
    await settle();
    const row = screen().locator('.card', { hasText: '新来的孙阿姨' });
    await row.waitFor();
    await settle();
    await shot('staff-pending-list');
    await row.getByText('通过', { exact: true }).click();
    await row.waitFor({ state: 'detached' });
    await shot('staff-approved');

    await signInAs(openid);
    await screen().getByText('示范社区').first().waitFor();
    const text = await screen().innerText();
    expect(text).toContain('已加入');
    expect(text).toContain('2号楼');
    await shot('newcomer-active');
  });
});
