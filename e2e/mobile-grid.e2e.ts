import { apiCall, tokenOf, useH5 } from './h5';

// 流动网格员 (issue 18, part 1) in the browser: a courier who does not live in 示范社区 signs in, applies from 我的
// (示范社区, name, phone, 顺丰) and reads 审核中; demo-staff-1 approves the application on 流动网格员审核; the courier,
// now a 流动网格员 of 示范社区 without a household, finds 流动网格员上报 on 首页 and files a hazard at a public place
// (no building); demo-staff-1 finds it in the 工作台 marked 流动网格员上报. Screenshots: test-results/e2e/mobile-grid-*.png.

const h5 = useH5('mobile-grid-');
const { screen, field, toastGone, signInAs, shot, openPage, onPage } = h5;

const stamp = Date.now() % 100000;
const courier = `e2e-courier-${stamp}`;
const realName = `快递员${stamp}`;
const hazard = `南门外人行道井盖松动，电动车压过会翘起（${stamp}）`;
let requestId = '';

describe('流动网格员 in the browser', () => {
  it('a courier who lives elsewhere applies from 我的 and reads 审核中', async () => {
    await signInAs(courier);
    await screen().getByText('尚未加入社区').first().waitFor();
    await screen().locator('.nut-cell', { hasText: '申请成为流动网格员' }).click();
    const form = await onPage('/mobile-grid/pages/apply/index');
    await form.getByText('不住在本社区也可以申请', { exact: false }).waitFor();
    await form.locator('.chip', { hasText: '示范社区' }).click();
    await field('仅社区工作人员可见').fill(realName);
    await field('11位手机号，仅社区工作人员可见').fill('13700000300');
    await form.locator('.chip', { hasText: '顺丰' }).click();
    await form.locator('textarea').first().fill('每天上午给1至4号楼送件');
    await shot('apply-form');
    await form.getByText('提交申请', { exact: true }).click();
    await toastGone('申请已提交，请等待社区审核');
    const card = form.locator('.mgrid__app', { hasText: '示范社区' });
    await card.locator('.mgrid__pill', { hasText: '审核中' }).waitFor();
    expect(await card.innerText()).toContain(realName);
    await form.getByText('您在该社区的申请正在审核中，请耐心等待。').waitFor();
    await shot('apply-pending');
  });

  it('demo-staff-1 approves it on 流动网格员审核', async () => {
    await signInAs('demo-staff-1');
    await screen().locator('.nut-cell', { hasText: '流动网格员审核' }).click();
    const review = await onPage('/mobile-grid/pages/review/index');
    const card = review.locator('.mgrid__app', { hasText: realName });
    await card.waitFor();
    expect(await card.innerText()).toContain('13700000300');
    expect(await card.innerText()).toContain('顺丰');
    await shot('review');
    await card.getByText('通过', { exact: true }).click();
    await toastGone(`已通过 ${realName}`);
    await review.locator('.mgrid__app', { hasText: realName }).waitFor({ state: 'detached' });
  });

  it('the courier, now a 流动网格员, files a hazard at a public place from 首页', async () => {
    await signInAs(courier);
    await screen().getByText('流动网格员', { exact: true }).first().waitFor(); // 我的身份
    await openPage('/pages/home/index');
    await screen().locator('.nut-cell', { hasText: '流动网格员上报' }).click();
    const form = await onPage('/requests/pages/new/index');
    await form.locator('.rnew__mobile-grid-notice').waitFor();
    expect(await form.locator('.rnew__select').innerText()).toContain('请选择楼栋'); // not their home: no building chosen
    await form.locator('.rnew__category', { hasText: '安全隐患' }).click();
    await form.locator('textarea').first().fill(hazard);
    // Without a place the form says so before anything is sent.
    await form.locator('.rnew__submit').click();
    await form.getByText('请选择问题所在的楼栋，或标注、填写具体地点').waitFor();
    await field('如：2单元门口、地下车库B区').fill('南门外人行道（快递柜对面）');
    await shot('report-form');
    requestId = await h5.fileRequest();
    expect(requestId).toMatch(/^[0-9a-f]{24}$/);
    await screen().locator('.request-head__source', { hasText: '流动网格员上报' }).first().waitFor();
    await shot('report-filed');
    // What the server holds: theirs, 流动网格员上报, with no grid (the community's queue).
    const view = await apiCall('GET', `/api/requests/${requestId}`, await tokenOf(courier));
    expect(view.body).toMatchObject({ source: 'mobile_grid', level: 'community', address: '南门外人行道（快递柜对面）', viewer: { isFiler: true } });
    expect(view.body.gridId).toBeUndefined();
  });

  it('demo-staff-1 finds it in the 工作台 marked 流动网格员上报', async () => {
    await signInAs('demo-staff-1');
    await openPage('/requests/pages/queue/index');
    await screen().getByText('全部', { exact: true }).click();
    const card = screen().locator('.rcard', { hasText: hazard });
    await card.locator('.request-head__source', { hasText: '流动网格员上报' }).waitFor();
    await shot('staff-queue');
    await card.click();
    const detail = await onPage('/requests/pages/detail/index');
    await detail.getByText(realName, { exact: false }).first().waitFor();
    await shot('staff-detail');
  });
});
