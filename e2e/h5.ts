import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '@linli/shared';

// What every browser test needs to drive the H5 build of the mini-program in Chromium: one browser and page per
// test file, the page on screen (Taro keeps earlier pages in the DOM), transitions, sign-in and screenshots.

const SHOTS = path.join(__dirname, '..', 'test-results', 'e2e');

export interface H5 {
  page: Page;
  /** The page on screen: Taro's H5 router keeps earlier pages and the other tabs in the DOM, hidden. */
  screen: () => ReturnType<Page['locator']>;
  /** Waits until a page transition is over: exactly one page on screen, resting at the left edge. */
  settle: () => Promise<void>;
  /** A text box by its placeholder (Taro's H5 input wraps a real <input> that carries it too). */
  field: (placeholder: string) => ReturnType<Page['locator']>;
  /** Taro's H5 toast sits over the page for 1.5 s; pictures are clearer without it. */
  toastGone: (text: string) => Promise<void>;
  /** Taro's H5 showModal: a plain DOM dialog appended to <body>; confirm it. */
  confirmModal: () => Promise<void>;
  /** Signs in through the development sign-in page; lands on 我的. Any openid not a demo account is a new user. */
  signInAs: (openid: string) => Promise<void>;
  /** Opens a page by its route with a full load (an empty page stack, as opening a shared link does). */
  openPage: (route: string) => Promise<void>;
  /** Saves test-results/e2e/<prefix>NN-<name>.png once the page has settled. */
  shot: (name: string) => Promise<void>;
  /**
   * Waits until the page of `route` (e.g. /volunteer/pages/passbook/index) is the one on screen and returns it:
   * right after a transition `screen()` can still match the page beneath (stationed tab pages stay laid out).
   */
  onPage: (route: string) => Promise<ReturnType<Page['locator']>>;
  /**
   * Taps 提交 on the filing form, takes 仍要提交 when similar requests are offered first (these tests file anyway),
   * and waits for the new request's page; returns the request's id.
   */
  fileRequest: () => Promise<string>;
  /**
   * Chooses values in Taro's H5 picker (a weui sheet whose columns follow mouse drags), opened by tapping `trigger`
   * (a selector or a text on screen): each column is dragged until the item with that text sits under the indicator, then 确定.
   */
  pick: (trigger: string, values: string[]) => Promise<void>;
}

/**
 * Opens Chromium for one test file (in beforeAll) and closes it (in afterAll). Screenshots are named with
 * `prefix`; only this file's earlier pictures are removed, as other e2e files run at the same time.
 */
export interface H5Options {
  /** More Chromium flags, e.g. a fake microphone: --use-fake-device-for-media-stream --use-fake-ui-for-media-stream. */
  args?: string[];
  /** Browser permissions granted to the page's context (e.g. 'microphone', 'geolocation'). */
  permissions?: string[];
}

export function useH5(prefix: string, options: H5Options = {}): H5 {
  let browser: Browser | undefined;
  let step = 0;
  let loads = 0;
  const h5 = {} as H5;

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    for (const f of fs.readdirSync(SHOTS)) if (f.startsWith(prefix)) fs.rmSync(path.join(SHOTS, f), { force: true });
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...(options.args ?? [])],
    });
    h5.page = await browser.newPage({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, locale: 'zh-CN', permissions: options.permissions });
    console.log(`[e2e] stack database: ${process.env.E2E_DB_ENGINE}`);
  });
  afterAll(async () => {
    await browser?.close();
  });

  h5.screen = () => h5.page.locator('.taro_page:visible');
  h5.settle = async () => {
    await h5.page.waitForFunction(() => {
      const onScreen = [...document.querySelectorAll<HTMLElement>('.taro_page')].filter((el) => {
        const r = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        return style.display !== 'none' && style.visibility !== 'hidden' && r.width > 0 && r.right > 0 && r.left < window.innerWidth;
      });
      return onScreen.length === 1 && Math.abs(onScreen[0]!.getBoundingClientRect().left) < 1;
    });
  };
  h5.field = (placeholder) => h5.screen().locator(`input[placeholder="${placeholder}"]`);
  h5.toastGone = (text) => h5.page.locator('.taro__toast').getByText(text, { exact: true }).waitFor({ state: 'hidden' });
  h5.confirmModal = async () => {
    const ok = h5.page.locator('.taro__modal .taro-model__confirm');
    await ok.waitFor({ state: 'visible' });
    await ok.click();
  };
  h5.signInAs = async (openid) => {
    // A full load (new query string) starts from an empty page stack, as opening the mini-program does.
    await h5.page.goto(`${process.env.E2E_H5_URL}/?load=${++loads}#/auth/pages/dev-signin/index`);
    await h5.settle();
    await h5.screen().getByText('演示账号').waitFor();
    if (DEMO_ACCOUNTS.some((a) => a.openid === openid)) {
      await h5.screen().getByText(openid, { exact: true }).click();
    } else {
      await h5.field('输入 openid').fill(openid);
      await h5.screen().getByText('以此 openid 登录').click();
    }
    await h5.settle();
    await h5.screen().locator('.mine__nickname', { hasNotText: '未登录' }).waitFor();
  };
  h5.openPage = async (route) => {
    await h5.page.goto(`${process.env.E2E_H5_URL}/?load=${++loads}#${route}`);
    await h5.settle();
  };
  h5.onPage = async (route) => {
    await h5.page.waitForFunction(
      (r) =>
        [...document.querySelectorAll<HTMLElement>('.taro_page')].some(
          (el) => el.id.split('?')[0] === r && getComputedStyle(el).display !== 'none' && Math.abs(el.getBoundingClientRect().left) < 1,
        ),
      route,
    );
    await h5.settle();
    return h5.page.locator(`.taro_page[id^="${route}"]`).filter({ visible: true });
  };
  h5.fileRequest = async () => {
    await h5.screen().locator('.rnew__submit').click();
    const similar = h5.screen().getByText('仍要提交', { exact: true });
    const detail = h5.screen().locator('.rdetail__status');
    await Promise.race([similar.waitFor(), detail.waitFor()]);
    if (await similar.isVisible()) await similar.click();
    const onDetail = await h5.onPage('/requests/pages/detail/index');
    await onDetail.locator('.rdetail__status', { hasText: '已提交' }).waitFor();
    return /[?&]id=([0-9a-f]{24})/.exec(h5.page.url())?.[1] ?? '';
  };
  h5.pick = async (trigger, values) => {
    await (/^[.#\[]/.test(trigger) ? h5.screen().locator(trigger) : h5.screen().getByText(trigger, { exact: true })).first().click();
    const sheet = h5.page.locator('.weui-picker').filter({ visible: true });
    await sheet.waitFor();
    await h5.page.waitForTimeout(400); // the sheet slides up
    const columns = sheet.locator('.weui-picker__group');
    for (const [i, text] of values.entries()) {
      const column = columns.nth(i);
      for (let moves = 0; ; moves++) {
        const { current, target } = await column.evaluate((host, wanted) => {
          // The column's content is translated so that the selected row sits at 102 px, rows are 34 px high.
          const content = host.querySelector<HTMLElement>('.weui-picker__content')!;
          const y = Number(/translate3d\(0(?:px)?,\s*(-?[\d.]+)px/.exec(content.style.transform)?.[1] ?? 102);
          const at = Math.round((102 - y) / 34);
          const items = [...content.querySelectorAll('.weui-picker__item')];
          // Time columns repeat a few rows at both ends (endless scrolling): take the nearest match.
          let best = -1;
          items.forEach((item, k) => {
            if (item.textContent?.trim() === wanted && (best < 0 || Math.abs(k - at) < Math.abs(best - at))) best = k;
          });
          return { current: at, target: best };
        }, text);
        if (target < 0) throw new Error(`the picker has no ${text}`);
        if (current === target) break;
        if (moves > 60) throw new Error(`the picker did not reach ${text}`);
        // At most five rows per drag, so the pointer stays inside the column (leaving it ends the drag).
        const rows = Math.max(-5, Math.min(5, target - current));
        const box = (await column.boundingBox())!;
        const x = box.x + box.width / 2;
        const from = rows > 0 ? box.y + box.height - 12 : box.y + 12;
        await h5.page.mouse.move(x, from);
        await h5.page.mouse.down();
        await h5.page.mouse.move(x, from - rows * 34, { steps: 8 });
        await h5.page.mouse.up();
        await h5.page.waitForTimeout(350); // the column snaps to the row
      }
    }
    await sheet.locator('.weui-picker__action', { hasText: '确定' }).click();
    await sheet.waitFor({ state: 'hidden' });
  };
  h5.shot = async (name) => {
    // Let the page transition finish and the last animation frame paint before the picture.
    await h5.settle();
    await h5.page.waitForTimeout(400);
    await h5.page.screenshot({ path: path.join(SHOTS, `${prefix}${String(++step).padStart(2, '0')}-${name}.png`) });
  };
  return h5;
}

/** Calls the stack's API directly (setting up data, or checking what the server holds after a browser journey). */
export async function apiCall(method: string, path: string, token?: string, body?: unknown, community?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (community) headers['x-community-id'] = community;
  const res = await fetch(`${process.env.E2E_API_BASE}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as any };
}

/** A demo account's token (development sign-in: the code is the openid). */
export const tokenOf = async (openid: string) => (await apiCall('POST', '/api/auth/wechat', undefined, { code: openid })).body.token as string;

/** A small real PNG (a red square), so the upload path sees an actual image. */
export function pngFile(): Buffer {
  const w = 64;
  const h = 64;
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rows = Buffer.concat(Array.from({ length: h }, () => Buffer.concat([Buffer.from([0]), Buffer.alloc(w * 3, Buffer.from([200, 49, 43]))])));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
