import { apiCall, tokenOf, useH5 } from './h5';

// 随手拍有奖 end to end in the browser: demo-admin-1 turns the rewards on in 社区设置 (10 points a valid report, at
// most 50 a month) → a new resident of 1号楼 files a request → demo-grid-1 accepts it and resolves it with the
// 有效举报 toggle on → the resident sees the points on the request, in the passbook (a points account: no
// volunteering), on the 志愿 tab and in the 积分超市.
// The resident is new (stamped), so the month's cap and other files' requests never meet this one; the rewards
// are turned off through the API first, so the admin's switch really turns them on (other files in 示范社区 do not
// count on them). Screenshots go to test-results/e2e/report-rewards-*.png; only our own files are cleared there.

const h5 = useH5('report-rewards-');
const { screen, settle, field, toastGone, signInAs, openPage, onPage, shot } = h5;
const page = () => h5.page;

const stamp = Date.now() % 100000;
const openid = `e2e-reward-resident-${stamp}`;
const title = `2单元门口路灯不亮（${stamp}）`;
let requestId = '';

describe('随手拍有奖 in the browser', () => {
  beforeAll(async () => {
    // Prepare: rewards off; a new resident of 1号楼, approved by staff if the community reviews joiners.
    const admin = await tokenOf('demo-admin-1');
    const communityId = (await apiCall('GET', '/api/me', admin)).body.memberships[0].communityId as string;
    expect((await apiCall('PATCH', '/api/community/settings', admin, { reportRewards: { enabled: false, pointsPerReport: 10, monthlyCap: 50 } })).status).toBe(200);
    const community = (await apiCall('GET', `/api/communities/${communityId}`)).body;
    const buildingId = community.buildings.find((b: { name: string }) => b.name === '1号楼').id as string;
    const token = await tokenOf(openid);
    const joined = await apiCall('POST', '/api/memberships', token, { communityId, name: `随手拍居民${stamp}`, buildingId, unit: '2', room: `6${stamp}` });
    expect(joined.status).toBe(201);
    if (joined.body.status !== 'active') expect((await apiCall('POST', `/api/residents/${joined.body.id}/approve`, await tokenOf('demo-staff-1'), undefined, communityId)).status).toBe(200);
  });

  it('demo-admin-1 turns 随手拍有奖 on in 社区设置', async () => {
    await signInAs('demo-admin-1');
    await screen().getByText('社区设置').click();
    await settle();
    const toggle = screen().locator('.nut-cell', { hasText: '奖励有效举报' });
    await toggle.waitFor();
    await toggle.getByText('已关闭：办结诉求不发放积分').waitFor();
    await toggle.locator('.nut-switch').click();
    await toggle.getByText('居民和流动网格员首次反映的问题经办结确认有效后获得积分').waitFor();
    // A cap below one reward is refused in words, before anything is sent.
    const cap = screen().locator('.settings__rewards .settings__row', { hasText: '每人每月最多' }).locator('input');
    await cap.fill('5');
    await screen().getByText('保存', { exact: true }).click();
    await screen().getByText('每月上限不能少于每条奖励的积分').waitFor();
    await cap.fill('50');
    await screen().locator('.settings__rewards').scrollIntoViewIfNeeded();
    await shot('settings');
    await screen().getByText('保存', { exact: true }).click();
    await page().locator('.taro__toast').getByText('设置已保存').waitFor();
    await toastGone('设置已保存');
    const saved = (await apiCall('GET', '/api/community/settings', await tokenOf('demo-admin-1'))).body.reportRewards;
    expect(saved).toEqual({ enabled: true, pointsPerReport: 10, monthlyCap: 50 });
  });

  it('a resident files a report', async () => {
    await signInAs(openid);
    await openPage('/requests/pages/new/index');
    await screen().getByText('问题类别 *').waitFor();
    await screen().locator('.rnew__category', { hasText: '设施维修' }).click();
    await field('一句话概括，如：3号楼电梯停运').fill(title);
    await screen().locator('textarea').first().fill('1号楼2单元门口的路灯坏了好几天，晚上回家很黑，请尽快修一下。');
    requestId = await h5.fileRequest();
    expect(requestId).toMatch(/^[0-9a-f]{24}$/);
    // Nothing about rewards yet: the report is not resolved.
    expect(await screen().locator('.rreward').count()).toBe(0);
  });

  it('demo-grid-1 resolves it as a valid report: the toggle is on, the reporter gets 10 points', async () => {
    await signInAs('demo-grid-1');
    await openPage(`/requests/pages/detail/index?id=${requestId}&from=queue`);
    const detail = await onPage('/requests/pages/detail/index');
    const actions = detail.locator('.rdetail__actions');
    await actions.getByText('受理', { exact: true }).click();
    await detail.locator('.rdetail__status', { hasText: '已受理' }).waitFor();
    await toastGone('已受理');
    await actions.getByText('办结', { exact: true }).click();
    const toggle = detail.locator('.rreward__toggle');
    await toggle.getByText('有效举报，给予随手拍奖励（10积分）').waitFor();
    // On by default.
    await toggle.getByText('反映人将获得积分（每月有上限）').waitFor();
    expect(await toggle.locator('.nut-switch').getAttribute('class')).not.toContain('nut-switch-close');
    await detail.locator('.rdetail__composer textarea').fill('已更换路灯灯泡，晚上亮灯正常。');
    await detail.locator('.rdetail__composer').scrollIntoViewIfNeeded();
    await shot('grid-resolve-form');
    await detail.getByText('确认办结', { exact: true }).click();
    await page().locator('.taro__toast').getByText('已办结，反映人获得10积分').waitFor();
    await detail.locator('.rdetail__status', { hasText: '已办结' }).waitFor();
    await detail.locator('.rreward', { hasText: '反映人获得 10 积分' }).waitFor();
    await toastGone('已办结，反映人获得10积分');
    await detail.locator('.rreward').scrollIntoViewIfNeeded();
    await shot('grid-resolved');
  });

  it('the resident sees the points on the request, in the passbook, on the 志愿 tab and in the 积分超市', async () => {
    await signInAs(openid);
    await openPage(`/requests/pages/detail/index?id=${requestId}`);
    const detail = await onPage('/requests/pages/detail/index');
    const card = detail.locator('.rreward', { hasText: '您获得 10 积分' });
    await card.waitFor();
    await card.scrollIntoViewIfNeeded();
    await shot('resident-request');

    await card.getByText('查看我的积分存折 ›').click();
    const book = await onPage('/volunteer/pages/passbook/index');
    const row = book.locator('.vbook__row', { hasText: `随手拍奖励：【设施维修】${title}` });
    await row.waitFor();
    expect(await row.locator('.vbook__num--in').innerText()).toBe('+10');
    expect(await row.locator('.vbook__num--balance').innerText()).toBe('10');
    expect(await book.locator('.vbook__figure', { hasText: '随手拍奖励' }).locator('.vbook__value').innerText()).toBe('10');
    // A points account, no volunteer: no hours or stars on it.
    expect(await book.getByText('服务小时').count()).toBe(0);
    await shot('resident-passbook');

    // The passbook line opens the request it was for.
    await row.click();
    await (await onPage('/requests/pages/detail/index')).locator('.rreward', { hasText: '您获得 10 积分' }).waitFor();

    await openPage('/pages/volunteer/index');
    const tab = await onPage('/pages/volunteer/index');
    await tab.locator('.vol__summary', { hasText: '我的积分' }).waitFor();
    expect(await tab.locator('.vol__summary .vol__figure-value--points').innerText()).toBe('10');
    // Not a volunteer yet: the registration is still offered, and the points stay when they register.
    await tab.getByText('注册志愿者', { exact: true }).waitFor();
    await shot('resident-volunteer-tab');

    await openPage('/volunteer/pages/mall/index');
    const mall = await onPage('/volunteer/pages/mall/index');
    await mall.locator('.vmall__balance-value', { hasText: '10' }).waitFor();
    expect(await mall.getByText('您还没有积分').count()).toBe(0);
    await shot('resident-mall');
  });
});
