import { useH5 } from './h5';

// Issue 15, defect 2, in the browser: a topic in a small community need not wait for supporters it can never get.
// demo-resident-1 proposes a topic for the whole community → demo-staff-1 (for the 党组织/居委会) sends it to 社区审核
// with a stated reason → demo-resident-2 sees the reason on the topic page and in its timeline.
// The run shares one database with the other e2e files (consult.e2e.ts sets 议题附议人数 to 2): the topic title
// carries a stamp, nobody supports it, and nothing here depends on the threshold's value.
// Screenshots go to test-results/e2e/cthreshold-*.png (not consult-*, which consult.e2e.ts clears).

const h5 = useH5('cthreshold-');
const { screen, settle, field, toastGone, signInAs, shot, openPage } = h5;
const page = () => h5.page;

const stamp = Date.now() % 100000;
const title = `老旧小区加装电梯意向征集（${stamp}）`;
const body = '我们楼里老人多，上下楼很困难。建议社区牵头征集各单元加装电梯的意向，请有关部门来现场评估，大家一起商量费用怎么分摊。';
const reason = '党组织认为有必要，提前提交居委会审核';
let topicId = '';

async function openTopic() {
  await openPage(`/consult/pages/detail/index?id=${topicId}`);
  await screen().locator('.cdetail__title', { hasText: title }).waitFor();
}
const status = (label: string) => screen().locator('.cdetail__status', { hasText: label }).waitFor();

describe('议事协商: staff send a collecting topic to review with a reason', () => {
  beforeAll(() => {
    h5.page.on('response', async (res) => {
      if (res.url().includes('/api/') && res.status() >= 400) console.log(`[api] ${res.request().method()} ${res.url()} → ${res.status()} ${await res.text().catch(() => '')}`);
    });
    h5.page.on('pageerror', (err) => console.log(`[pageerror] ${err.message}`));
  });

  it('demo-resident-1 proposes a topic for the whole community', async () => {
    await signInAs('demo-resident-1');
    await openPage('/consult/pages/new/index');
    await screen().locator('.cnew__scope-name').waitFor();
    await screen().locator('.csegs__item', { hasText: '全社区' }).click();
    await field('如：小区东门加装非机动车充电桩').fill(title);
    await screen().locator('textarea').first().fill(body);
    await screen().locator('.cnew__submit').click();
    await settle();
    await status('征集附议');
    topicId = /id=([0-9a-f]{24})/.exec(page().url())?.[1] ?? '';
    expect(topicId).toMatch(/^[0-9a-f]{24}$/);
    // The threshold is shown and reachable: never more than 10, and no "0/10" out of reach of a small community.
    const figure = await screen().locator('.cdetail__support .cdetail__figure').innerText();
    const [, n] = /0\/(\d+)人/.exec(figure) ?? [];
    expect(Number(n)).toBeGreaterThanOrEqual(1);
    expect(Number(n)).toBeLessThanOrEqual(10);
    await shot('resident-proposed');
  });

  it('demo-staff-1 sends it to 社区审核 with a reason', async () => {
    await signInAs('demo-staff-1');
    await openTopic();
    await status('征集附议');
    await screen().locator('.cdetail__actions').getByText('提交审核', { exact: true }).click();
    const composer = screen().locator('.cdetail__composer');
    await composer.waitFor();
    // Without a reason it is refused next to the field.
    await composer.getByText('确认提交审核', { exact: true }).click();
    await composer.locator('.field__error', { hasText: '请说明' }).waitFor();
    await composer.locator('textarea').fill(reason);
    await composer.scrollIntoViewIfNeeded();
    await shot('staff-send-to-review');
    await composer.getByText('确认提交审核', { exact: true }).click();
    await status('待社区审核');
    await toastGone('已提交社区审核');
    await screen().locator('.cdetail__review-reason', { hasText: reason }).waitFor();
    await shot('staff-sent');
  });

  it('demo-resident-2 sees the reason on the topic page and in its timeline', async () => {
    await signInAs('demo-resident-2');
    await openTopic();
    await status('待社区审核');
    const note = screen().locator('.cdetail__review-reason');
    await note.waitFor();
    expect(await note.innerText()).toContain(`社区提交审核的理由：${reason}`);
    await screen().locator('.cdetail__support', { hasText: '社区已提交审核' }).waitFor();
    await shot('resident-sees-reason');
    const event = screen().locator('.cdetail__event', { hasText: '社区提交审核' });
    await event.waitFor();
    expect(await event.innerText()).toContain(reason);
    expect(await event.innerText()).toContain('陈社工');
    await event.scrollIntoViewIfNeeded();
    await shot('resident-timeline');
  });
});
