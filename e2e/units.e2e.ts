import { apiCall, tokenOf, useH5 } from './h5';

// 吹哨报到 and units (issue 19, part 1) in the browser, on a phone-sized screen: staff dispatch a resident's request
// to 阳光物业 with the dispatch picker (派发（吹哨）: units by kind, a lead, the units' days); 阳光物业's worker
// (demo-unit-wuye-1, no community of their own) signs in, finds it on 首页's 单位工作台 and in 待签收, signs for it
// (签收), replies and resolves it (办结); the resident reads 谁在办 (the unit, since when, its deadlines beside the
// request's own, and every hand-off in plain words) while it is with the unit; staff rate the unit's handling
// (单位办理评价). A street admin (demo-street-admin-1) creates a unit in 单位管理 and a join code for it, shown as a QR
// code and as text. Screenshots: test-results/e2e/units-*.png.

const h5 = useH5('units-');
const { screen, field, toastGone, signInAs, shot, openPage, onPage, confirmModal } = h5;

const stamp = Date.now() % 100000;
const title = `厨房水管漏水${stamp}`;
const description = `3号楼2单元厨房下水管破裂漏水，楼下也渗水了，请尽快派人修（${stamp}）`;
const reply = `维修师傅下午两点上门，请家里留人（${stamp}）`;
const resolution = `已更换破裂的下水管，楼下渗水已停止（${stamp}）`;
const newUnit = `测试供热公司${stamp}`;
let communityId = '';
let requestId = '';
let joinCode = '';
const pipe = `楼道自来水总阀漏水${stamp}`;
let pipeId = '';

/** Nothing on the page is wider than the phone. */
const overflow = () => h5.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('单位 and 吹哨报到 in the browser', () => {
  beforeAll(async () => {
    // A resident's request, filed through the API (the filing form has its own tests).
    const resident = await tokenOf('demo-resident-1');
    const me = await apiCall('GET', '/api/me', resident);
    communityId = me.body.memberships.find((m: any) => m.status === 'active').communityId;
    const community = await apiCall('GET', `/api/communities/${communityId}`, resident);
    const building = community.body.buildings.find((b: any) => b.name === '3号楼');
    const filed = await apiCall('POST', '/api/requests', resident, { category: 'facility', title, description, location: { buildingId: building.id } }, communityId);
    expect(filed.status).toBe(201);
    requestId = filed.body.id;
    // A second one, dispatched by staff to 自来水公司 through the API: the water company sends it back below.
    const second = await apiCall('POST', '/api/requests', resident, { category: 'facility', title: pipe, description: `3号楼楼道里的自来水总阀一直在漏水（${stamp}）`, location: { buildingId: building.id } }, communityId);
    expect(second.status).toBe(201);
    pipeId = second.body.id;
    const staff = await tokenOf('demo-staff-1');
    const options = await apiCall('GET', `/api/requests/${pipeId}/dispatch-options`, staff, undefined, communityId);
    const water = options.body.groups.flatMap((g: any) => g.units).find((u: any) => u.name === '自来水公司');
    const dispatched = await apiCall('POST', `/api/requests/${pipeId}/actions`, staff, { action: 'dispatch', leadUnitId: water.id }, communityId);
    expect(dispatched.status).toBe(200);
  });

  it('demo-staff-1 dispatches it to 阳光物业 with the dispatch picker', async () => {
    await signInAs('demo-staff-1');
    await openPage(`/requests/pages/detail/index?id=${requestId}&from=queue`);
    await screen().getByText(description).waitFor();
    await screen().locator('.rdetail__action', { hasText: '派发（吹哨）' }).click();
    const picker = screen().locator('.rdispatch');
    await picker.getByText('主办单位 *').waitFor();
    await picker.locator('.rdispatch__type', { hasText: '物业' }).first().waitFor();
    // A refused submit: no lead chosen.
    await picker.getByText('确认派发', { exact: true }).click();
    await picker.getByText('请选择主办单位').waitFor();
    await picker.locator('.rdispatch__group .chip', { hasText: '阳光物业' }).first().click();
    await picker.locator('.rdispatch__days-input input').fill('5');
    await picker.locator('textarea').fill(`请尽快上门查看漏水点（${stamp}）`);
    await picker.scrollIntoViewIfNeeded();
    await shot('dispatch-picker');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await picker.getByText('确认派发', { exact: true }).click();
    await toastGone('已派发给阳光物业公司');
    const who = screen().locator('.rdetail__who');
    await who.getByText('阳光物业公司', { exact: true }).waitFor();
    await who.getByText('待签收').waitFor();
    await who.scrollIntoViewIfNeeded();
    await h5.page.waitForTimeout(1600); // the toast (1.5 s) off the picture
    await shot('staff-dispatched');
  });

  it('demo-unit-wuye-1 (no community) finds it on 首页 and in 待签收, signs for it and replies', async () => {
    await signInAs('demo-unit-wuye-1');
    await openPage('/pages/home/index');
    // A unit's worker is not stopped at the landing page (请先加入社区): 首页 shows their 工作台.
    const card = screen().locator('.uwork');
    await card.getByText('阳光物业公司').waitFor();
    await card.getByText('待签收').waitFor();
    expect(await screen().getByText('社区居民的掌上家园').count()).toBe(0);
    await shot('unit-home');

    await card.getByText('进入单位工作台').click();
    const queue = await onPage('/units/pages/queue/index');
    await queue.locator('.switcher__item--on', { hasText: '待签收' }).waitFor();
    const row = queue.locator('.udispatch', { hasText: title });
    await row.waitFor();
    await row.locator('.ubadge', { hasText: '签收' }).waitFor();
    await shot('unit-queue');

    await row.click();
    const detail = await onPage('/units/pages/request/index');
    await detail.getByText(description).waitFor();
    await detail.locator('.urequest__task').getByText('主办').waitFor();
    await detail.getByText(`派发说明：请尽快上门查看漏水点（${stamp}）`).waitFor();
    await shot('unit-request');

    await detail.locator('.urequest__action--acknowledge').click();
    await confirmModal();
    await toastGone('已签收');
    await detail.locator('.urequest__state', { hasText: '办理中' }).waitFor();

    await detail.locator('.urequest__action--reply').click();
    await detail.locator('.uform textarea').fill(reply);
    await detail.getByText('发送回复', { exact: true }).click();
    await toastGone('已回复');
    await detail.locator('.urequest__event', { hasText: reply }).waitFor();
    await shot('unit-replied');
  });

  it('demo-unit-wuye-1 opens 单位消息 from the 工作台 card, sees the dispatch notice, and opening it marks it read', async () => {
    await signInAs('demo-unit-wuye-1');
    await openPage('/pages/home/index');
    const link = screen().locator('.uwork .umessages-link');
    await link.getByText('单位消息').waitFor();
    await link.locator('.umessages-link__count').waitFor();
    await link.click();
    const inbox = await onPage('/units/pages/messages/index');
    const notice = inbox.locator('.umessages__item', { hasText: String(stamp) }).filter({ hasText: '新派单：请及时签收' });
    await notice.first().waitFor();
    expect(await notice.first().getAttribute('class')).toContain('umessages__item--unread');
    await inbox.getByText(/条未读/).waitFor();
    await inbox.getByText('全部已读').waitFor();
    await shot('unit-messages');
    expect(await overflow()).toBeLessThanOrEqual(0);

    await notice.first().click();
    const detail = await onPage('/units/pages/request/index');
    await detail.getByText(description).waitFor();
    await openPage('/units/pages/messages/index');
    const again = screen().locator('.umessages__item', { hasText: String(stamp) }).filter({ hasText: '新派单：请及时签收' }).first();
    await again.waitFor();
    expect(await again.getAttribute('class')).not.toContain('umessages__item--unread');
  });

  it('the resident sees 谁在办: the unit, its deadlines beside the request\'s, and each hand-off in plain words', async () => {
    await signInAs('demo-resident-1');
    await openPage(`/requests/pages/detail/index?id=${requestId}`);
    await screen().getByText(description).waitFor();
    const who = screen().locator('.rdetail__who');
    await who.getByText('谁在办').waitFor();
    await who.locator('.rdetail__holder-kind', { hasText: '单位' }).waitFor();
    await who.getByText('阳光物业公司').first().waitFor();
    await who.getByText('承诺办结').waitFor();
    await who.getByText(/单位时限/).waitFor();
    await who.getByText('流转记录').waitFor();
    expect(await who.locator('.rdetail__handoff').count()).toBeGreaterThanOrEqual(3);
    await who.locator('.rdetail__handoff', { hasText: '阳光物业公司' }).first().waitFor();
    await who.scrollIntoViewIfNeeded();
    await h5.page.waitForTimeout(1600); // the toast (1.5 s) off the picture
    await shot('resident-who');
    expect(await overflow()).toBeLessThanOrEqual(0);
  });

  it('demo-unit-wuye-1 resolves it (办结); it moves to 已办结', async () => {
    await signInAs('demo-unit-wuye-1');
    await openPage(`/units/pages/request/index?id=${requestId}`);
    const detail = screen();
    await detail.getByText(description).waitFor();
    await detail.locator('.urequest__action--resolve').click();
    // A refused submit first: the result is required.
    await detail.getByText('确认办结', { exact: true }).click();
    await detail.locator('.uform .field__error').waitFor();
    await detail.locator('.uform textarea').fill(resolution);
    // 办结 photos may go with it (granted on this request: the unit's people belong to no community).
    await detail.locator('.uform__photos').getByText('办结照片').waitFor();
    await shot('unit-resolve-form');
    await detail.getByText('确认办结', { exact: true }).click();
    await toastGone('已办结，居民将收到通知');
    await detail.locator('.urequest__state', { hasText: '已办结' }).waitFor();

    await openPage('/units/pages/queue/index');
    await screen().locator('.uqueue__tab', { hasText: '已办结' }).click();
    await screen().locator('.udispatch', { hasText: title }).waitFor();
    await shot('unit-resolved');
  });

  it('demo-staff-1 rates the unit\'s handling (单位办理评价)', async () => {
    await signInAs('demo-staff-1');
    await openPage(`/requests/pages/detail/index?id=${requestId}&from=queue`);
    await screen().getByText(description).waitFor();
    await screen().locator('.rdetail__action', { hasText: '单位办理评价' }).click();
    const form = screen().locator('.rrate-unit');
    await form.locator('.rdetail__star-cell').nth(4).click();
    await form.locator('textarea').fill('响应及时，维修彻底');
    await shot('rate-unit');
    await form.getByText('提交评价', { exact: true }).click();
    await toastGone('已评价阳光物业公司');
    await screen().locator('.rdetail__event', { hasText: '单位办理评价' }).waitFor();
  });

  it('自来水公司 sends its request back (退单: 不属于本单位职责); staff see why and dispatch it again to 阳光物业', async () => {
    await signInAs('demo-unit-water-1');
    await openPage(`/units/pages/request/index?id=${pipeId}`);
    const detail = screen();
    await detail.getByText(pipe).waitFor();
    await detail.locator('.urequest__action--send_back').click();
    const form = detail.locator('.send-back');
    // A reason is required; 其他 needs words.
    await form.getByText('确认退单', { exact: true }).click();
    await form.getByText('请选择退单原因').waitFor();
    await form.locator('.chip', { hasText: '其他' }).click();
    await form.getByText('确认退单', { exact: true }).click();
    await form.getByText('请说明退单原因').waitFor();
    await form.locator('.chip', { hasText: '不属于本单位职责' }).click();
    await form.locator('textarea').fill('楼内总阀以后的管道属于物业维护');
    await shot('unit-send-back');
    await form.getByText('确认退单', { exact: true }).click();
    await toastGone('已退单，等待派发方处理');
    await detail.locator('.urequest__notice', { hasText: '不属于本单位职责' }).waitFor();

    await signInAs('demo-staff-1');
    await openPage(`/requests/pages/detail/index?id=${pipeId}&from=queue`);
    await screen().locator('.rdetail__sendback', { hasText: '自来水公司退单：不属于本单位职责' }).waitFor();
    await screen().locator('.rdetail__handoff', { hasText: '不属于本单位职责' }).waitFor();
    await screen().locator('.rdetail__action', { hasText: '驳回退单' }).waitFor();
    await shot('staff-sent-back');
    await screen().locator('.rdetail__action', { hasText: '重新派发' }).click();
    const picker = screen().locator('.rdispatch');
    await picker.locator('.rdispatch__group .chip', { hasText: '阳光物业' }).first().click();
    await picker.getByText('确认派发', { exact: true }).click();
    await toastGone('已派发给阳光物业公司');
    const who = screen().locator('.rdetail__who');
    await who.getByText('阳光物业公司', { exact: true }).waitFor();
    expect(await who.locator('.rdetail__handoff').count()).toBeGreaterThanOrEqual(3);
    await who.scrollIntoViewIfNeeded();
    await h5.page.waitForTimeout(1600); // the toast (1.5 s) off the picture
    await shot('staff-redispatched');
  });

  it('demo-street-admin-1 creates a unit in 单位管理 and a join code shown as a QR code', async () => {
    await signInAs('demo-street-admin-1');
    await openPage('/pages/home/index');
    await screen().locator('.nut-cell', { hasText: '单位管理' }).click();
    const list = await onPage('/units/pages/manage/index');
    await list.locator('.unit-row', { hasText: '阳光物业公司' }).waitFor();
    await shot('admin-units');

    await list.getByText('新建单位', { exact: true }).click();
    const form = await onPage('/units/pages/edit/index');
    await form.getByText('单位类型 *').waitFor();
    // A refused submit: nothing chosen.
    await form.locator('.uedit__submit').click();
    await form.getByText('请选择单位类型').waitFor();
    await form.locator('.uedit__types .chip', { hasText: '水电气' }).click();
    await field('如：阳光物业公司、自来水公司').fill(newUnit);
    await field('选填，手机号或座机号（如 010-12345678）').fill('010-88886666');
    await form.locator('.uedit__communities .chip').first().click();
    await shot('admin-new-unit');
    await form.locator('.uedit__submit').click();

    const unit = await onPage('/units/pages/unit/index');
    await unit.getByText(newUnit).waitFor();
    await unit.getByText('还没有工作人员').waitFor();
    await unit.locator('.uunit__make').click();
    const invite = unit.locator('.uunit__invite');
    await invite.locator('.qrcode').waitFor();
    joinCode = (await invite.locator('.uunit__code').innerText()).trim();
    expect(joinCode).toMatch(/^[A-Z0-9]{8}$/i);
    await invite.scrollIntoViewIfNeeded();
    await shot('admin-invite');
    expect(await overflow()).toBeLessThanOrEqual(0);
  });

  it('a new worker joins the unit with the code (加入单位) from 首页 and lands on its 工作台', async () => {
    await signInAs(`e2e-unit-joiner-${stamp}`);
    await openPage('/pages/home/index');
    await screen().locator('.landing__unit').getByText('加入单位', { exact: true }).click();
    const join = await onPage('/units/pages/join/index');
    await field('8位字母或数字').fill('ZZZZZZZZ');
    await field('同事和社区看到的称呼，如：王师傅').fill(`李师傅${stamp}`);
    await join.locator('.ujoin__submit').click();
    // An unknown code is refused under its box.
    await join.locator('.field__error').first().waitFor();
    await shot('join-refused');
    await field('8位字母或数字').fill(joinCode.toLowerCase());
    await join.locator('.ujoin__submit').click();
    const queue = await onPage('/units/pages/queue/index');
    await queue.locator('.uqueue__units', { hasText: newUnit }).waitFor();
    await queue.getByText('没有待签收的诉求').waitFor();
    await shot('joined-queue');
  });
});
