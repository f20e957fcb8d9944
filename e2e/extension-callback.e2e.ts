import { apiCall, tokenOf, useH5 } from './h5';

// 延期申请 and 电话回访 (issue 19, part 2) in the browser, clicking through the forms as staff: the grid worker holding a
// resident's request asks for more time (reason and date), staff approve it (审批意见), the grid worker resolves it,
// staff find it on 待回访 and record the call (联系上 · 满意); the resident then sees the approved new deadline and that
// they were called back, never the reason or the notes. Screenshots go to test-results/e2e/extcall-*.png.

const h5 = useH5('extcall-');
const { screen, toastGone, signInAs, shot, openPage } = h5;

const stamp = Date.now() % 100000;
const text = `2号楼地下车库排水沟堵塞，下雨就积水（${stamp}）`;
let id = '';

describe('延期申请 and 电话回访 in the browser', () => {
  beforeAll(async () => {
    const staff = await tokenOf('demo-staff-1');
    const grid = (await apiCall('GET', '/api/me', await tokenOf('demo-grid-1'))).body;
    const filed = await apiCall('POST', '/api/requests', await tokenOf('demo-resident-1'), { category: 'facility', description: text });
    expect(filed.status).toBe(201);
    id = filed.body.id;
    expect((await apiCall('POST', `/api/requests/${id}/actions`, staff, { action: 'accept' })).status).toBe(200);
    expect((await apiCall('POST', `/api/requests/${id}/actions`, staff, { action: 'assign', assigneeId: grid.user.id })).status).toBe(200);
  });

  it('the grid worker holding it asks for more time: reason and a day after the deadline', async () => {
    await signInAs('demo-grid-1');
    await openPage(`/requests/pages/detail/index?id=${id}&from=queue`);
    await screen().getByText('申请延期', { exact: true }).click();
    await screen().getByText('延期原因').waitFor();
    await screen().locator('.rext__reason textarea').fill('排水沟需整段疏通，要等市政清淤车排期');
    await shot('request-form');
    await screen().getByText('提交申请', { exact: true }).click();
    await toastGone('已提交延期申请');
    await screen().locator('.rext__facts', { hasText: '延期待审批' }).waitFor();
    await shot('requested');
  });

  it('staff approve it with a note: the deadline moves', async () => {
    await signInAs('demo-staff-1');
    await openPage(`/requests/pages/detail/index?id=${id}&from=queue`);
    await screen().getByText('延期审批', { exact: true }).click();
    await screen().getByText('排水沟需整段疏通，要等市政清淤车排期', { exact: false }).first().waitFor();
    await screen().locator('.rext textarea').fill('同意，请在新时限前办结');
    await shot('decide-form');
    await screen().getByText('批准延期', { exact: true }).click();
    await toastGone('已批准延期');
    await screen().locator('.rext__facts', { hasText: '办结时限已延至' }).waitFor();
    await shot('approved');
  });

  it('resolved, it waits on 待回访; staff record the call there', async () => {
    const grid = await tokenOf('demo-grid-1');
    expect((await apiCall('POST', `/api/requests/${id}/actions`, grid, { action: 'resolve', note: '已疏通排水沟' })).status).toBe(200);
    await openPage('/requests/pages/callbacks/index');
    const item = screen().locator('.rcalls__item', { hasText: text.slice(0, 12) });
    await item.waitFor();
    await shot('due-list');
    await item.click();
    await screen().getByText('电话回访', { exact: true }).click();
    await screen().getByText('是否联系上').waitFor();
    await screen().locator('.rcallback .chip', { hasText: '联系上' }).first().click();
    await screen().locator('.rcallback .chip', { hasText: '满意' }).first().click();
    await screen().locator('.rcallback textarea').fill('居民表示排水已通畅');
    await shot('call-back-form');
    await screen().getByText('保存回访', { exact: true }).click();
    await toastGone('已记录回访');
    await screen().locator('.rext__facts', { hasText: '已电话回访' }).waitFor();
    await shot('called-back');
    await openPage('/requests/pages/callbacks/index');
    await screen().locator('.rcalls__intro').waitFor();
    expect(await screen().locator('.rcalls__item', { hasText: text.slice(0, 12) }).count()).toBe(0);
  });

  it('the resident sees the new deadline and the call, never the reason or the notes', async () => {
    await signInAs('demo-resident-1');
    await openPage(`/requests/pages/detail/index?id=${id}`);
    await screen().locator('.rext__facts', { hasText: '办结时限已延至' }).waitFor();
    await screen().locator('.rext__facts', { hasText: '已电话回访' }).waitFor();
    const all = await screen().innerText();
    expect(all).not.toContain('市政清淤车');
    expect(all).not.toContain('排水已通畅');
    expect(all).not.toContain('新时限前办结');
    await shot('resident-view');
  });
});
