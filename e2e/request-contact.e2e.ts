import { apiCall, tokenOf, useH5 } from './h5';

// Issue 15, defects 1, 3 and 4 in the browser: a request of 第二网格 dispatched to 刘网格 (第一网格) opens from his
// 我负责的 list; he sets a work phone and sees the resident's phone with a call button; the resident sees who holds
// the request, the promised times and a button to call him. Screenshots: test-results/e2e/contact-*.png.

const h5 = useH5('contact-');
const { screen, settle, field, toastGone, signInAs, shot, openPage } = h5;
const page = () => h5.page;
const stamp = Date.now() % 100000;
const description = `3号楼单元门禁坏了，老人进不了楼（${stamp}）`;
let requestId = '';


describe('calling each other about a request', () => {
  beforeAll(async () => {
    const resident = await tokenOf('demo-resident-3');
    const staff = await tokenOf('demo-staff-1');
    const grid = await tokenOf('demo-grid-1');
    const gridUser = (await apiCall('GET', '/api/me', grid)).body.user.id as string;
    // Filed by 王同学 (3号楼, 第二网格) with the default 同意工作人员电话联系我; staff accept and dispatch it to 刘网格.
    const filed = await apiCall('POST', '/api/requests', resident, { category: 'facility', description });
    expect(filed.status).toBe(201);
    requestId = filed.body.id;
    expect((await apiCall('POST', `/api/requests/${requestId}/actions`, staff, { action: 'accept' })).status).toBe(200);
    expect((await apiCall('POST', `/api/requests/${requestId}/actions`, staff, { action: 'assign', assigneeId: gridUser })).status).toBe(200);
  });

  it('demo-grid-1 opens the dispatched request from 我负责的 and sees whom to call', async () => {
    await signInAs('demo-grid-1');
    await page().locator('.weui-tabbar__item', { hasText: '办事' }).click();
    await settle();
    await screen().getByText('工作台', { exact: true }).click();
    await settle();
    await screen().getByText('我负责的', { exact: true }).click();
    const card = screen().locator('.rcard', { hasText: description });
    await card.waitFor();
    await shot('grid-assigned-list');
    await card.click();
    await settle();
    await screen().getByText(description).waitFor();
    expect(await screen().getByText('诉求不存在').count()).toBe(0);
    await screen().getByText('居民电话：王同学 13800000003（仅办理人员可见）').waitFor();
    await screen().locator('.rdetail__call-row').getByText('拨打', { exact: true }).waitFor();
    await shot('grid-detail');
  });

  it('demo-grid-1 sets a work phone', async () => {
    await screen().getByText('设置工作电话，居民可一键联系您 ›').click();
    await settle();
    await field('11位手机号（留空则不公开）').fill('13911112222');
    await screen().getByText('保存', { exact: true }).click();
    await toastGone('已保存，居民可一键联系您');
    await shot('grid-work-phone');
  });

  it('demo-resident-3 sees who holds the request, by when, and can call him', async () => {
    await signInAs('demo-resident-3');
    await openPage(`/requests/pages/detail/index?id=${requestId}`);
    await screen().getByText(description).waitFor();
    // The building of the request is on its page (issue 15, defect 12).
    await screen().getByText('位置：3号楼').waitFor();
    const card = screen().locator('.rdetail__deadlines');
    await card.getByText('负责人 刘网格').waitFor();
    await card.getByText('承诺响应').waitFor();
    await card.getByText('承诺办结').waitFor();
    await card.getByText('联系负责人', { exact: true }).waitFor();
    // The resident never sees a phone number of their own request's filer line (that is the handlers' view).
    expect(await screen().getByText('居民电话', { exact: false }).count()).toBe(0);
    await shot('resident-detail');
  });
});
