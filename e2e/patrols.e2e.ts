import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { apiCall, pngFile, tokenOf, useH5 } from './h5';

// 巡查 (issue 18, part 1) in the browser: demo-grid-1 starts a patrol from 首页, checks two buildings in, files a
// finding with a photo that they fix on the spot (就地办结: closed at once, no rating offered) and one that enters
// the normal loop, and ends the patrol; 首页 then shows fewer buildings left to check this week. demo-staff-1 sees
// both findings marked 巡查发现 in the 工作台 and on the patrol's record, and on the 三率 board 主动发现率 and this
// week's coverage of 第一网格 move. Screenshots go to test-results/e2e/patrols-*.png.
//
// The seed's patrol of this morning checked 2号楼 of 第一网格, and the earlier ones may fall in this week too: the test first
// gives the grid two more buildings, as the platform operator would (npm run admin).

const h5 = useH5('patrols-');
const { screen, field, toastGone, signInAs, shot, openPage, onPage } = h5;
const page = () => h5.page;
const ROOT = path.join(__dirname, '..');

const stamp = Date.now() % 100000;
const onSpotText = `5号楼2单元门口堆着旧家具和纸箱，挡住了消防通道（${stamp}）`;
const onSpotNote = `已联系住户，旧家具当场搬走，通道恢复畅通（${stamp}）`;
const openText = `6号楼东侧路灯不亮，晚上行人看不清路面（${stamp}）`;
let onSpotId = '';
let patrolId = '';

/** 我的 → 大字模式 (a preference of the phone, whoever signs in). */
async function toggleLargeText() {
  await openPage('/pages/mine/index');
  await screen().locator('.nut-cell', { hasText: '大字模式' }).locator('.nut-switch').click();
}

/** Scrolls the page so `selector` is at the top of the screen, for a picture of that part. */
const scrollTo = (selector: string) => screen().locator(selector).first().evaluate((el) => el.scrollIntoView({ block: 'start' }));

/** Nothing on the page is wider than the phone. */
const overflow = () => page().evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** The board's figures the test follows: 主动发现率, the number of 巡查发现, this week's coverage of 第一网格. */
interface Board {
  rate: string;
  patrolFindings: number;
  coverage: [number, number];
}

async function readBoard(): Promise<Board> {
  await openPage('/requests/pages/dashboard/index');
  const rate = screen().locator('.dash__proactive .dash__rate-value');
  await rate.waitFor();
  const source = await screen().locator('.dash__source', { hasText: '巡查发现' }).innerText();
  const week = screen().locator('.dash__week', { hasText: '本周' }).locator('.dash__cover', { hasText: '第一网格' });
  const [checked, total] = (await week.locator('.dash__cover-value').innerText()).split('/').map(Number) as [number, number];
  return { rate: await rate.innerText(), patrolFindings: Number(/(\d+)件/.exec(source)?.[1] ?? NaN), coverage: [checked, total] };
}

/** 首页 of demo-grid-1: the number of 第一网格's buildings not checked yet this week. */
async function uncheckedOnHome(): Promise<number> {
  await openPage('/pages/home/index');
  const grid = screen().locator('.gpatrol__grid', { hasText: '第一网格' });
  await grid.waitFor();
  const left = grid.locator('.gpatrol__left');
  return (await left.count()) ? Number(await left.innerText()) : 0;
}

/** Adds a photo to the photo list `grid` (Taro's H5 chooseMedia opens a file input) and waits for its upload. */
async function addPhoto(grid: ReturnType<typeof screen>, name: string) {
  const chooser = page().waitForEvent('filechooser');
  await grid.locator('.photo-grid__add').click();
  await (await chooser).setFiles({ name, mimeType: 'image/png', buffer: pngFile() });
  await grid.locator('.photo-grid__thumb').first().waitFor();
  await page().waitForFunction((el) => !!el && el.querySelectorAll('.photo-grid__state').length === 0, await grid.elementHandle(), { timeout: 20_000 });
}

let before: Board;
let uncheckedBefore = 0;
/** The buildings the test checks in; how many of them were still to check this week (the seed's patrols may have). */
const TAPPED = ['1号楼', '5号楼'];
let newlyChecked = 0;

describe('巡查 in the browser', () => {
  beforeAll(async () => {
    // Prepare: two more buildings in 第一网格, and a resident's request so 主动发现率 is not 100% from the start.
    for (const name of ['5号楼', '6号楼']) {
      const r = spawnSync(process.execPath, ['scripts/run-ts.mjs', 'functions/src/admin/admin.cli.ts', 'create-building', '--community', 'demo', '--grid', '第一网格', '--name', name, '--households', '60'], {
        cwd: ROOT,
        env: { ...process.env, MONGODB_URI: process.env.E2E_MONGODB_URI },
        encoding: 'utf8',
      });
      expect(`${r.status} ${r.stderr}`).toMatch(/^0 /);
    }
    const resident = await tokenOf('demo-resident-1');
    const filed = await apiCall('POST', '/api/requests', resident, { category: 'facility', description: `1号楼单元门禁刷卡失灵，老人进不了门（${stamp}）` });
    expect(filed.status).toBe(201);
  });

  it('staff read 主动发现率 and this week’s coverage before the patrol', async () => {
    await signInAs('demo-staff-1');
    before = await readBoard();
    expect(before.coverage[1]).toBeGreaterThanOrEqual(4);
    await scrollTo('.dash__proactive');
    await shot('board-before');
  });

  it('demo-grid-1 sees this week’s unchecked buildings on 首页 and starts a patrol', async () => {
    await signInAs('demo-grid-1');
    uncheckedBefore = await uncheckedOnHome();
    expect(uncheckedBefore).toBeGreaterThanOrEqual(2);
    const todo = screen().locator('.gpatrol__todo', { hasText: '5号楼' });
    await todo.waitFor();
    newlyChecked = (await todo.innerText()).split(/[：，、,\s]+/).filter((name) => TAPPED.includes(name)).length;
    expect(newlyChecked).toBeGreaterThanOrEqual(1); // 5号楼 is new this run
    await shot('home-before');

    await screen().getByText('开始巡查', { exact: true }).click();
    const patrol = await onPage('/patrols/pages/detail/index');
    await patrol.locator('.patrol-head__status', { hasText: '巡查中' }).waitFor();
    await patrol.locator('.tiles__tile', { hasText: '5号楼' }).waitFor();
    patrolId = /[?&]id=([0-9a-f]{24})/.exec(page().url())?.[1] ?? '';
    expect(patrolId).toMatch(/^[0-9a-f]{24}$/);
    await shot('patrol-started');

    // The tiles in 大字模式: two a row still, nothing past the phone's edge.
    await toggleLargeText();
    await openPage(`/patrols/pages/detail/index?id=${patrolId}`);
    await screen().locator('.page--large .tiles__tile').first().waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shot('large-patrol');
    await toggleLargeText();
    await openPage(`/patrols/pages/detail/index?id=${patrolId}`);
    await screen().locator('.tiles__tile', { hasText: '5号楼' }).waitFor();
  });

  it('checks two buildings in with a tap each', async () => {
    for (const name of TAPPED) {
      const tile = screen().locator('.tiles__tile', { hasText: name });
      await tile.click();
      await tile.locator('.tiles__state', { hasText: '✓ 已打卡' }).waitFor();
    }
    // The answers are in: nothing is still on its way, and the head counts them.
    await screen().locator('.tiles__state', { hasText: '打卡中' }).waitFor({ state: 'detached' });
    expect(await screen().locator('.tiles__tile--on').count()).toBeGreaterThanOrEqual(2);
    await screen().locator('.patrol__report', { hasText: '上报问题（5号楼）' }).waitFor();
    await shot('patrol-checked');
  });

  it('files a finding with a photo, fixed on the spot: closed at once, nobody asked to rate it', async () => {
    await screen().locator('.patrol__report').click();
    const form = await onPage('/requests/pages/new/index');
    await form.getByText('巡查中发现的问题，提交后记入本次巡查。').waitFor();
    await shot('finding-form');
    // The building the worker was at comes preselected; a finding has no 匿名, call-back consent or 代办.
    await form.locator('.rnew__select', { hasText: '5号楼' }).waitFor();
    expect(await form.getByText('匿名反映').count()).toBe(0);
    expect(await form.getByText('代办', { exact: true }).count()).toBe(0);
    await form.locator('.rnew__category', { hasText: '环境卫生' }).click();
    await form.locator('textarea').first().fill(onSpotText);
    await addPhoto(form.locator('.photo-grid').first(), 'corridor.png');
    await form.locator('.rnew__onspot').click();
    await form.locator(`textarea[placeholder="现场是怎么处理的，如：已联系住户，纸箱清理完毕"]`).fill(onSpotNote);
    await addPhoto(form.locator('.rnew__onspot-photos'), 'cleared.png');
    await shot('finding-onspot-form');

    await form.getByText('提交并办结', { exact: true }).click();
    await page().locator('.taro__modal').getByText('已就地办结', { exact: true }).waitFor();
    await shot('finding-onspot-done');
    await page().locator('.taro__modal .taro-model__cancel').click(); // 查看问题

    const detail = await onPage('/requests/pages/detail/index');
    await detail.locator('.rdetail__status', { hasText: '已关闭' }).waitFor();
    await detail.locator('.request-head__source', { hasText: '巡查发现' }).waitFor();
    await detail.locator('.rdetail__event', { hasText: '就地办结' }).getByText(onSpotNote).waitFor();
    onSpotId = /[?&]id=([0-9a-f]{24})/.exec(page().url())?.[1] ?? '';
    expect(onSpotId).toMatch(/^[0-9a-f]{24}$/);
    expect(await detail.locator('.rdetail__actions').getByText('评价', { exact: true }).count()).toBe(0);
    await shot('finding-onspot-detail');

    // As its filer too (from 我的诉求): still nothing to rate.
    const mine = await apiCall('GET', `/api/requests/${onSpotId}`, await tokenOf('demo-grid-1'));
    expect(mine.body).toMatchObject({ status: 'closed', source: 'patrol', resolvedOnSpot: true });
    expect(mine.body.actions).not.toContain('rate');
    await page().goBack();
    await onPage('/patrols/pages/detail/index');
  });

  it('files another finding that enters the normal loop', async () => {
    const patrol = screen();
    await patrol.locator('.finding-list__item', { hasText: '已就地办结' }).waitFor();
    await patrol.locator('.tiles__tile', { hasText: '1号楼' }).click(); // already checked: now where the worker is
    await patrol.locator('.patrol__report', { hasText: '上报问题（1号楼）' }).click();
    const form = await onPage('/requests/pages/new/index');
    await form.locator('.rnew__select', { hasText: '1号楼' }).waitFor();
    await form.locator('.rnew__category', { hasText: '设施维修' }).click();
    await field('一句话概括，如：3号楼电梯停运').fill('路灯不亮');
    await form.locator('textarea').first().fill(openText);
    await form.getByText('提交', { exact: true }).click();
    await page().locator('.taro__modal').getByText('已上报，进入办理流程', { exact: true }).waitFor();
    await shot('finding-open-done');
    await h5.confirmModal(); // 继续巡查

    const back = await onPage('/patrols/pages/detail/index');
    await back.locator('.finding-list__item', { hasText: '路灯不亮' }).locator('.nut-tag', { hasText: '已提交' }).waitFor();
    await back.locator('.finding-list__item', { hasText: onSpotText.slice(0, 8) }).locator('.nut-tag', { hasText: '已关闭' }).waitFor();
    expect(await back.locator('.patrol-head__figure', { hasText: '发现问题' }).locator('.patrol-head__value').innerText()).toBe('2');
    await back.locator('.finding-list').scrollIntoViewIfNeeded();
    await shot('patrol-findings');
  });

  it('ends the patrol after a confirmation, and 首页 shows fewer buildings left', async () => {
    await screen().locator('.patrol__end').click();
    await page().locator('.taro__modal').getByText('结束巡查？', { exact: true }).waitFor();
    await h5.confirmModal();
    await screen().locator('.patrol-head__status', { hasText: '已结束' }).waitFor();
    await toastGone('巡查已结束');
    await screen().getByText('已打卡：', { exact: false }).waitFor();
    expect(await screen().locator('.patrol__end').count()).toBe(0);
    expect(await screen().locator('.patrol__report').count()).toBe(0);
    await shot('patrol-ended');

    const after = await uncheckedOnHome();
    expect(after).toBe(uncheckedBefore - newlyChecked);
    await screen().getByText('开始巡查', { exact: true }).waitFor();
    await shot('home-after');
  });

  it('staff see both findings marked 巡查发现, and the patrol in 巡查记录', async () => {
    await signInAs('demo-staff-1');
    await openPage('/requests/pages/queue/index');
    await screen().getByText('全部', { exact: true }).click();
    for (const text of [onSpotText, openText]) await screen().locator('.rcard', { hasText: text }).locator('.request-head__source', { hasText: '巡查发现' }).waitFor();
    await shot('staff-queue');

    await openPage('/pages/home/index');
    await screen().locator('.nut-cell', { hasText: '巡查记录' }).click();
    const records = await onPage('/patrols/pages/records/index');
    const row = records.locator('.patrol-row', { hasText: '刘网格' }).first();
    await row.waitFor();
    expect(await row.innerText()).toContain('发现问题 2 个');
    await shot('staff-records');
    await row.click();
    const patrol = await onPage('/patrols/pages/detail/index');
    await patrol.locator('.finding-list__item').nth(1).waitFor();
    await shot('staff-patrol');
  });

  it('the board’s 主动发现率 and this week’s coverage moved', async () => {
    const after = await readBoard();
    expect(after.patrolFindings).toBe(before.patrolFindings + 2);
    expect(after.rate).not.toBe(before.rate);
    // 5号楼 is new; 1号楼 counts only if this week's patrols had not checked it yet: the grid's size stays.
    expect(after.coverage).toEqual([before.coverage[0] + newlyChecked, before.coverage[1]]);
    await scrollTo('.dash__caption');
    await shot('board-after-headline');
    await scrollTo('.dash__proactive');
    await shot('board-after-sources');
    await scrollTo('.dash__coverage');
    await shot('board-after-coverage');
  });

  it('keeps the board and the ended patrol readable in 大字模式', async () => {
    await toggleLargeText();
    await openPage('/requests/pages/dashboard/index');
    await screen().locator('.page--large .dash__proactive').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await scrollTo('.dash__proactive');
    await shot('large-board-sources');
    await scrollTo('.dash__coverage');
    await shot('large-board-coverage');
    await openPage(`/patrols/pages/detail/index?id=${patrolId}`);
    await screen().locator('.page--large .finding-list__item').nth(1).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shot('large-patrol-ended');
    await toggleLargeText();
  });
});
