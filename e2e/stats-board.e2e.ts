import { useH5 } from './h5';

// Issue 15, defect 5: the 三率 board showed 响应率 100% while most requests still waited for an answer. Staff now
// see beside each rate what it counts and what is pending, average times in minutes when under an hour, and the
// explanatory note smaller than the figures. The data is made by hand in 滨江社区, which no other browser test
// writes requests in, so the figures are exact while the other e2e files run at the same time.
// Screenshots go to test-results/e2e/stats-board-*.png.

const h5 = useH5('stats-board-');
const { screen, shot, signInAs, openPage } = h5;
const api = process.env.E2E_API_BASE!;

async function apiCall(method: string, path: string, token?: string, body?: unknown) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${api}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
const signIn = async (code: string) => (await apiCall('POST', '/api/auth/wechat', undefined, { code })).body.token as string;

describe('the 三率 board says what each rate counts and what is pending', () => {
  beforeAll(async () => {
    // Prepare: five requests in 滨江社区; the admin answers two at once, resolves one; three wait inside their deadline.
    const resident = await signIn('river-resident-1');
    const admin = await signIn('river-admin-1');
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await apiCall('POST', '/api/requests', resident, { category: 'facility', description: `滨江1号楼楼道灯不亮（看板测试 ${i + 1}）` });
      expect(r.status).toBe(201);
      ids.push(r.body.id);
    }
    const act = async (id: string, body: unknown) => expect((await apiCall('POST', `/api/requests/${id}/actions`, admin, body)).status).toBe(200);
    await act(ids[0]!, { action: 'accept' });
    await act(ids[1]!, { action: 'accept' });
    await act(ids[1]!, { action: 'resolve', note: '已更换灯泡' });
  });

  it('staff see each rate with what it counts and what is pending, averages in minutes', async () => {
    await signInAs('river-admin-1');
    await openPage('/requests/pages/dashboard/index');
    const rate = (name: string) => screen().locator('.dash__rate', { hasText: name });
    await rate('响应率').locator('.dash__rate-value').waitFor();

    // Assess: 响应率 100% of the two answered, with the three still waiting said beside it.
    expect(await rate('响应率').locator('.dash__rate-value').innerText()).toBe('100%');
    expect(await rate('响应率').locator('.dash__rate-basis').innerText()).toBe('按时响应 2 / 应响应 2');
    expect(await rate('响应率').locator('.dash__rate-pending').innerText()).toBe('待响应 3，未超时');
    expect(await rate('解决率').locator('.dash__rate-value').innerText()).toBe('20%');
    expect(await rate('解决率').locator('.dash__rate-basis').innerText()).toBe('已办结 1 / 有效诉求 5');
    expect(await rate('解决率').locator('.dash__rate-pending').innerText()).toBe('办理中 4');
    expect(await rate('满意率').locator('.dash__rate-value').innerText()).toBe('—');
    expect(await rate('满意率').locator('.dash__rate-pending').innerText()).toBe('待评价 1');

    // Averages: answered within seconds, so minutes, never "0" hours.
    const figure = (label: string) => screen().locator('.dash__figure', { hasText: label }).locator('.dash__figure-value');
    expect(await figure('居民诉求').innerText()).toBe('5');
    expect(await figure('平均响应').innerText()).toBe('不到1分钟');
    expect(await figure('平均办结').innerText()).toBe('不到1分钟');

    // The explanatory note is visibly smaller than the figures.
    const size = async (selector: string) => parseFloat(await screen().locator(selector).first().evaluate((el) => getComputedStyle(el).fontSize));
    const note = await size('.dash__note');
    expect(note).toBeLessThan(await size('.dash__rate-value'));
    expect(note).toBeLessThan(await size('.dash__figure-value'));
    expect(note).toBeLessThan(await size('.dash__rate-basis'));
    await shot('rates');
  });

  it('keeps the note smaller than the figures in 大字模式 too', async () => {
    // 我的 → 大字模式 (a per-phone preference), then the board again.
    await openPage('/pages/mine/index');
    await screen().locator('.nut-cell', { hasText: '大字模式' }).locator('.nut-switch').click();
    await openPage('/requests/pages/dashboard/index');
    await screen().locator('.page--large .dash__rate-pending').first().waitFor();
    const size = async (selector: string) => parseFloat(await screen().locator(selector).first().evaluate((el) => getComputedStyle(el).fontSize));
    const note = await size('.dash__note');
    expect(note).toBeLessThan(await size('.dash__rate-value'));
    expect(note).toBeLessThan(await size('.dash__figure-value'));
    expect(note).toBeLessThan(await size('.dash__rate-basis'));
    // Each figure stays on one line (in 大字模式 one figure a row).
    const boxes = await screen().locator('.dash__figure-value').evaluateAll((els) => els.map((el) => ({ height: el.getBoundingClientRect().height, font: parseFloat(getComputedStyle(el).fontSize) })));
    expect(boxes.filter((b) => b.height >= b.font * 2)).toEqual([]);
    await shot('rates-large-text');
    await screen().locator('.dash__figures').first().scrollIntoViewIfNeeded(); // 三率's (矛盾纠纷调处 has its own below)
    await shot('figures-large-text');
  });
});
