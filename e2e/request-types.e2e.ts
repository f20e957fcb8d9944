import { apiCall, tokenOf, useH5 } from './h5';

// Issue 19, working days and request types in the browser: demo-resident-1 says 我要投诉 on the filing form and the
// request shows 投诉 with its 15-working-day deadline; demo-staff-1 changes it to 咨询 (改类型) and the resident reads
// why on the timeline; demo-admin-1 sets 投诉's response to 4 hours in 社区设置 · 诉求办理时限.
// Screenshots: test-results/e2e/types-*.png.

const h5 = useH5('types-');
const { screen, settle, toastGone, signInAs, shot, openPage } = h5;
const page = () => h5.page;
const stamp = Date.now() % 100000;
const description = `物业保洁长期不打扫楼道，多次反映无人处理（${stamp}）`;
let requestId = '';

describe('request types and working-day deadlines', () => {
  afterAll(async () => {
    // Back to the defaults for the tests after this one.
    const admin = await tokenOf('demo-admin-1');
    const s = (await apiCall('GET', '/api/community/settings', admin)).body;
    s.requestTypeDeadlines.complaint.respond = { value: 1, unit: 'workdays' };
    await apiCall('PATCH', '/api/community/settings', admin, { requestTypeDeadlines: s.requestTypeDeadlines });
  });

  it('demo-resident-1 files a complaint by choosing 我要投诉', async () => {
    await signInAs('demo-resident-1');
    await openPage('/requests/pages/new/index');
    await screen().getByText('您想').waitFor();
    // 我需要帮助 is chosen until another is tapped.
    await screen().locator('.rnew__type--help.rnew__type--on').waitFor();
    await screen().locator('.rnew__type', { hasText: '我要投诉' }).click();
    await screen().locator('.rnew__type--complaint.rnew__type--on').waitFor();
    await screen().locator('.rnew__category', { hasText: '环境卫生' }).click();
    await screen().locator('textarea').first().fill(description);
    await shot('resident-form');
    await screen().locator('.rnew__submit').click();
    const similar = screen().getByText('仍要提交', { exact: true });
    const detail = screen().locator('.rdetail__status');
    await Promise.race([similar.waitFor(), detail.waitFor()]);
    if (await similar.isVisible()) await similar.click();
    await settle();
    await screen().getByText(description).waitFor();
    await screen().getByText('诉求类型：投诉').waitFor();
    await screen().locator('.request-head__type--complaint', { hasText: '投诉' }).waitFor();
    requestId = /id=([0-9a-f]{24})/.exec(page().url())?.[1] ?? '';
    expect(requestId).toMatch(/^[0-9a-f]{24}$/);
    const r = (await apiCall('GET', `/api/requests/${requestId}`, await tokenOf('demo-resident-1'))).body;
    expect(r.type).toBe('complaint');
    // Working days end at 24:00 Beijing time.
    expect(r.resolveBy).toMatch(/T16:00:00\.000Z$/);
    await shot('resident-detail');
  });

  it('demo-staff-1 changes it to 咨询 (改类型); the resident reads why', async () => {
    await signInAs('demo-staff-1');
    await openPage(`/requests/pages/detail/index?id=${requestId}&from=queue`);
    await screen().getByText(description).waitFor();
    await screen().getByText('改类型', { exact: true }).click();
    const form = screen().locator('.rdetail__type-composer');
    await form.waitFor();
    await form.locator('.chip', { hasText: '咨询' }).click();
    await form.locator('textarea').fill('居民询问保洁标准，按咨询办理');
    await shot('staff-set-type');
    await form.getByText('确认修改', { exact: true }).click();
    await screen().getByText('诉求类型：咨询').waitFor();
    await toastGone('已改为“咨询”，办理时限已按提交时间重新计算');
    await signInAs('demo-resident-1');
    await openPage(`/requests/pages/detail/index?id=${requestId}`);
    await screen().getByText('诉求类型由“投诉”改为“咨询”', { exact: false }).waitFor();
    await shot('resident-timeline');
  });

  it('demo-admin-1 sets 投诉 to be answered within 4 hours in 社区设置', async () => {
    await signInAs('demo-admin-1');
    await screen().getByText('社区设置').click();
    await settle();
    const complaint = screen().locator('.settings__deadline-type--complaint');
    await complaint.scrollIntoViewIfNeeded();
    const respond = complaint.locator('.settings__row', { hasText: '响应' });
    await respond.locator('input').fill('4');
    await respond.getByText('小时', { exact: true }).click();
    await shot('settings');
    await screen().getByText('保存', { exact: true }).click();
    await page().locator('.taro__toast').getByText('设置已保存').waitFor();
    await toastGone('设置已保存');
    const saved = (await apiCall('GET', '/api/community/settings', await tokenOf('demo-admin-1'))).body.requestTypeDeadlines;
    expect(saved.complaint.respond).toEqual({ value: 4, unit: 'hours' });
    expect(saved.help.resolve.grid).toEqual({ value: 7, unit: 'workdays' });
  });
});
