import { apiCall, tokenOf, useH5 } from './h5';

// 接诉即办 whole loop (issue 19), as the people do it in a browser at phone size:
// demo-resident-1 files about a broken water pipe → demo-staff-1 dispatches it to 自来水公司 → 自来水公司
// (demo-unit-water-1) sends it back (不属于本单位职责) → staff dispatch it to 阳光物业公司 → 阳光物业
// (demo-unit-wuye-1) signs for it and asks for more time, staff approve → 阳光物业 resolves → the resident does not
// rate in the app, so staff call them back (电话回访: 满意) → staff rate 阳光物业's handling → the street's ranking
// (demo-street-1, 考核排名 · 单位) shows 阳光物业 with that rating and the extension.
// Screenshots: test-results/e2e/loop-*.png.

const h5 = useH5('loop-');
const { screen, settle, field, toastGone, signInAs, shot, openPage, onPage, confirmModal, pick } = h5;

const SHANGHAI_MS = 8 * 3_600_000;
const stamp = Date.now() % 100000;
const description = `1号楼地下室自来水管爆裂，一直在往外喷水，楼道里全是水（${stamp}）`;
let requestId = '';
let communityId = '';

const overflow = () => h5.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

async function staffDetail() {
  await signInAs('demo-staff-1');
  await openPage(`/requests/pages/detail/index?id=${requestId}&from=queue`);
  await screen().getByText(description).waitFor();
}

async function dispatchTo(unit: string) {
  await screen().locator('.rdetail__action', { hasText: /派发（吹哨）|重新派发/ }).click();
  const picker = screen().locator('.rdispatch');
  await picker.locator('.rdispatch__group .chip', { hasText: unit }).first().click();
  await picker.locator('.rdispatch__days-input input').fill('3');
  await picker.getByText('确认派发', { exact: true }).click();
  await toastGone(`已派发给${unit}`);
  await screen().locator('.rdetail__who').getByText(unit, { exact: true }).waitFor();
}

describe('接诉即办: the whole loop in the browser', () => {
  it('demo-resident-1 files about a broken water pipe', async () => {
    await signInAs('demo-resident-1');
    await openPage('/requests/pages/new/index');
    await screen().getByText('问题类别 *').waitFor();
    await screen().locator('.rnew__category', { hasText: '设施维修' }).click();
    await field('一句话概括，如：3号楼电梯停运').fill('地下室水管爆裂');
    await screen().locator('textarea').first().fill(description);
    await shot('resident-form');
    await screen().locator('.rnew__submit').click();
    const similar = screen().getByText('仍要提交', { exact: true });
    const detail = screen().locator('.rdetail__status');
    await Promise.race([similar.waitFor(), detail.waitFor()]);
    if (await similar.isVisible()) await similar.click();
    await settle();
    await screen().locator('.rdetail__status', { hasText: '已提交' }).waitFor();
    requestId = /id=([0-9a-f]{24})/.exec(h5.page.url())?.[1] ?? '';
    expect(requestId).toMatch(/^[0-9a-f]{24}$/);
    const me = await apiCall('GET', '/api/me', await tokenOf('demo-resident-1'));
    communityId = me.body.memberships.find((m: { status: string }) => m.status === 'active').communityId;
    await shot('resident-filed');
  });

  it('demo-staff-1 dispatches it to 自来水公司; the water company sends it back (不属于本单位职责)', async () => {
    await staffDetail();
    await dispatchTo('自来水公司');
    await shot('staff-dispatched-water');

    await signInAs('demo-unit-water-1');
    await openPage(`/units/pages/request/index?id=${requestId}`);
    await screen().getByText(description).waitFor();
    await screen().locator('.urequest__action--send_back').click();
    const form = screen().locator('.send-back');
    await form.locator('.chip', { hasText: '不属于本单位职责' }).click();
    await form.locator('textarea').fill('楼内总阀以后的管道由物业维护');
    await shot('water-send-back');
    await form.getByText('确认退单', { exact: true }).click();
    await toastGone('已退单，等待派发方处理');
  });

  it('staff see why and dispatch it to 阳光物业公司', async () => {
    await staffDetail();
    await screen().locator('.rdetail__sendback', { hasText: '自来水公司退单：不属于本单位职责' }).waitFor();
    await shot('staff-sent-back');
    await dispatchTo('阳光物业公司');
  });

  it('阳光物业 signs for it and asks for an extension; staff approve it', async () => {
    await signInAs('demo-unit-wuye-1');
    await openPage(`/units/pages/request/index?id=${requestId}`);
    const detail = screen();
    await detail.getByText(description).waitFor();
    await detail.locator('.urequest__action--acknowledge').click();
    await confirmModal();
    await toastGone('已签收');

    // The proposed day: three days after the request's current deadline (the form offers days after it only).
    const view = await apiCall('GET', `/api/requests/${requestId}`, await tokenOf('demo-staff-1'), undefined, communityId);
    const before = view.body.resolveBy as string;
    const iso = new Date(new Date(before).getTime() + SHANGHAI_MS + 3 * 86_400_000).toISOString();
    await detail.locator('.urequest__action--request_extension').click();
    await pick('.uform__day', [`${Number(iso.slice(0, 4))}年`, `${iso.slice(5, 7)}月`, `${iso.slice(8, 10)}日`]);
    await detail.locator('.uform textarea').fill('爆裂的是老式铸铁管，需整段更换，管材订货需要几天');
    await shot('wuye-extension');
    await detail.getByText('提交申请', { exact: true }).click();
    await toastGone('延期申请已提交');

    await staffDetail();
    await screen().locator('.rdetail__action', { hasText: '延期审批' }).click();
    const form = screen().locator('.rext');
    await form.getByText(/老式铸铁管/).waitFor();
    await form.locator('textarea').fill('同意，请于新时限前办结');
    await shot('staff-extension-decision');
    await form.getByText('批准延期', { exact: true }).click();
    await screen().locator('.rext__tag', { hasText: '已批准延期' }).waitFor();
    const after = await apiCall('GET', `/api/requests/${requestId}`, await tokenOf('demo-staff-1'), undefined, communityId);
    expect(after.body.extensionCount).toBe(1);
    expect(new Date(after.body.resolveBy).getTime()).toBeGreaterThan(new Date(before).getTime());
  });

  it('the resident sees who holds it now and every hand-off in plain words', async () => {
    await signInAs('demo-resident-1');
    await openPage(`/requests/pages/detail/index?id=${requestId}`);
    const who = screen().locator('.rdetail__who');
    await who.getByText('谁在办').waitFor();
    await who.getByText('阳光物业公司').first().waitFor();
    await who.locator('.rdetail__handoff', { hasText: '自来水公司' }).first().waitFor();
    await who.locator('.rdetail__handoff', { hasText: '不属于本单位职责' }).first().waitFor();
    await who.scrollIntoViewIfNeeded();
    await shot('resident-who');
    expect(await overflow()).toBeLessThanOrEqual(0);
  });

  it('阳光物业 resolves it; staff call the resident back (no in-app rating) and rate the unit', async () => {
    await signInAs('demo-unit-wuye-1');
    await openPage(`/units/pages/request/index?id=${requestId}`);
    await screen().getByText(description).waitFor();
    await screen().locator('.urequest__action--resolve').click();
    await screen().locator('.uform textarea').fill('已整段更换地下室进水铸铁管，试水无渗漏，积水已清理');
    await screen().getByText('确认办结', { exact: true }).click();
    await toastGone('已办结，居民将收到通知');

    await staffDetail();
    await screen().locator('.rdetail__status', { hasText: '已办结' }).waitFor();
    await screen().locator('.rdetail__action', { hasText: '电话回访' }).click();
    const cb = screen().locator('.rcallback');
    await cb.locator('.chip', { hasText: '联系上' }).first().click();
    await cb.locator('.chip', { hasText: /^满意$/ }).click();
    await cb.locator('textarea').fill('张阿姨表示水管已修好，很满意');
    await shot('staff-call-back');
    await cb.getByText('保存回访', { exact: true }).click();
    await toastGone('已记录回访');
    await screen().locator('.rext__tag', { hasText: '已电话回访' }).waitFor();

    await screen().locator('.rdetail__action', { hasText: '单位办理评价' }).click();
    const form = screen().locator('.rrate-unit');
    await form.locator('.rdetail__star-cell').nth(4).click();
    await form.locator('textarea').fill('退单后接手及时，延期理由充分，修得彻底');
    await form.getByText('提交评价', { exact: true }).click();
    await toastGone('已评价阳光物业公司');
    await shot('staff-rated-unit');

    // The call-back counts for 满意率 where the resident did not rate in the app.
    const stats = await apiCall('GET', '/api/stats/requests', await tokenOf('demo-staff-1'), undefined, communityId);
    expect(stats.status).toBe(200);
    expect(JSON.stringify(stats.body)).toMatch(/callBack/);
  });

  it('the street\'s ranking of units shows 阳光物业 with the community\'s rating and its extension', async () => {
    await signInAs('demo-street-1');
    await openPage('/requests/pages/rankings/index');
    const page = await onPage('/requests/pages/rankings/index');
    await page.locator('.rank__tab', { hasText: '单位' }).click();
    const row = page.locator('.rank__row', { hasText: '阳光物业公司' });
    await row.waitFor();
    await row.locator('.rank__cell', { hasText: '社区评价' }).waitFor();
    expect(await row.locator('.rank__cell', { hasText: '社区评价' }).locator('.rank__cell-value').innerText()).not.toBe('—');
    expect(await row.locator('.rank__cell', { hasText: '延期率' }).locator('.rank__cell-value').innerText()).not.toBe('—');
    await row.scrollIntoViewIfNeeded();
    await shot('street-ranking');
    expect(await overflow()).toBeLessThanOrEqual(0);
  });
});
