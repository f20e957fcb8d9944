import { apiCall, tokenOf, useH5 } from './h5';

// 走访 (民情日记, issue 18 part 2) in the browser: staff put an elderly occupant who does not use WeChat on the register
// and mark her 独居老人; demo-grid-1 sees her household due on 首页 (关爱走访 · 待跟进) and on 走访任务 (只看到期), records a
// visit — she agrees at the door to be named, a carer does not, two topics, notes, and a follow-up item added after a
// refused submit lost nothing — and reads it on the visit's page and in the household's 民情日记; the household is no
// longer due and the item waits on 待跟进事项. A finding becomes a 代办 request from the visit (the form filled from
// it), the request says 来自走访 and links back, the visit lists it; the item is marked 完成. The visit form in 大字模式.
// A dispute found at the visit becomes a mediation case, listed on the visit by number and state. A resident sees none
// of it; staff see 走访覆盖 on the board. Screenshots: test-results/e2e/visits-*.png.

const h5 = useH5('visits-');
const { screen, field, toastGone, signInAs, shot, openPage, onPage } = h5;
const page = () => h5.page;

const stamp = Date.now() % 100000;
const grandma = `周奶奶${stamp}`;
const room = `7${stamp}`;
const address = `1号楼7单元${room}`;
const notes = `周奶奶独居，腿脚不便，反映楼道扶手松动，上下楼不安全；希望申请高龄补贴（${stamp}）`;
const followUp = `帮周奶奶提交高龄补贴申请（${stamp}）`;
let communityId = '';
let householdId = '';
let visitId = '';
let requestId = '';

/** 我的 → 大字模式 (a preference of the phone, whoever signs in). */
async function toggleLargeText() {
  await openPage('/pages/mine/index');
  await screen().locator('.nut-cell', { hasText: '大字模式' }).locator('.nut-switch').click();
}

/** Nothing on the page is wider than the phone. */
const overflow = () => page().evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Scrolls the page so `selector` is at the top of the screen, for a picture of that part. */
const scrollTo = (selector: string) => screen().locator(selector).first().evaluate((el) => el.scrollIntoView({ block: 'start' }));

describe('走访 in the browser', () => {
  beforeAll(async () => {
    // Prepare: a household of 第一网格 (1号楼) with an occupant who does not use WeChat, flagged 独居老人 by staff.
    const staff = await tokenOf('demo-staff-1');
    const me = await apiCall('GET', '/api/me', staff);
    communityId = me.body.memberships.find((m: any) => m.status === 'active').communityId;
    const community = await apiCall('GET', `/api/communities/${communityId}`, staff);
    const building = community.body.buildings.find((b: any) => b.name === '1号楼');
    const created = await apiCall('POST', '/api/households', staff, { buildingId: building.id, unit: '7', room, occupants: [{ name: grandma, relation: '户主', phone: '13900000077', phoneNote: '女儿' }] }, communityId);
    expect(created.status).toBe(201);
    householdId = created.body.household.id;
    const flagged = await apiCall('PUT', `/api/households/${householdId}/care-flags/living_alone`, staff, { note: '行动不便' }, communityId);
    expect(flagged.status).toBe(200);
  });

  it('demo-grid-1 sees households due for a visit on 首页, and hers on 走访任务 (只看到期)', async () => {
    await signInAs('demo-grid-1');
    await openPage('/pages/home/index');
    const card = screen().locator('.gvisit');
    await card.locator('.gvisit__head', { hasText: '待走访关爱户' }).waitFor();
    expect(Number((await card.locator('.gvisit__head').first().locator('.gvisit__left').innerText()).replace('+', ''))).toBeGreaterThanOrEqual(1);
    await card.locator('.gvisit__head', { hasText: '待跟进事项' }).waitFor();
    await card.scrollIntoViewIfNeeded();
    await shot('home-card');

    await card.locator('.gvisit__all').click();
    const due = await onPage('/visits/pages/due/index');
    await due.locator('.chip--on', { hasText: '只看到期' }).waitFor();
    const row = due.locator('.due-row', { hasText: address });
    await row.waitFor();
    await row.locator('.nut-tag', { hasText: '尚未探访' }).waitFor();
    expect(await row.innerText()).toContain('独居老人');
    await row.scrollIntoViewIfNeeded();
    await shot('due-list');
  });

  it('records a visit: consent asked at the door, and a refused submit loses nothing', async () => {
    await screen().locator('.due-row', { hasText: address }).getByText('记录走访', { exact: true }).click();
    const form = await onPage('/visits/pages/new/index');
    await form.getByText(address).waitFor();
    await form.getByText(/^今天（/).waitFor();
    await shot('form-empty');

    // Who was met: she, without WeChat, agrees to be named; a carer not on the register does not.
    await form.locator('.vnew__met .chip', { hasText: grandma }).click();
    const consent = form.locator('.vnew__consent', { hasText: grandma });
    await consent.getByText('已口头同意登记', { exact: false }).waitFor();
    await consent.locator('.nut-switch').click();
    await form.getByText('＋ 添加其他人（未登记在册）').click();
    await field('姓名，如：孙奶奶的女儿').fill('护工王阿姨');
    await form.locator('.vnew__topics .chip', { hasText: '困难帮扶' }).click();
    await form.locator('.vnew__topics .chip', { hasText: '安全隐患' }).click();
    await form.locator('textarea.vnew__notes, .vnew__notes textarea').first().fill(notes);
    // An item left empty: the submit is refused on that row, and everything typed stays.
    await form.getByText('＋ 添加待办事项').click();
    await form.locator('.vnew__submit').click();
    await form.locator('.vnew__followup .field__error', { hasText: '待办事项至少2个字' }).waitFor();
    await form.locator('.vnew__followup').scrollIntoViewIfNeeded();
    await shot('form-refused');
    expect(await form.locator('.vnew__topics .chip--on').count()).toBe(2);
    expect(await form.locator('textarea.vnew__notes, .vnew__notes textarea').first().inputValue()).toBe(notes);
    await field('如：帮忙申请高龄补贴').fill(followUp);
    await toastGone('请按提示修改后再提交');
    await scrollTo('.vnew__consent');
    await shot('form-filled');
    await form.locator('.vnew__submit').click();

    const visit = await onPage('/visits/pages/detail/index');
    visitId = /[?&]id=([0-9a-f]{24})/.exec(page().url())?.[1] ?? '';
    expect(visitId).toMatch(/^[0-9a-f]{24}$/);
    await visit.locator('.vdetail__met', { hasText: grandma }).getByText('本人同意登记').waitFor();
    // The carer refused: the record keeps that someone was met, not who.
    await visit.locator('.vdetail__met', { hasText: '未同意登记' }).waitFor();
    expect(await visit.innerText()).not.toContain('王阿姨');
    await visit.getByText(notes).waitFor();
    await visit.locator('.fu-item', { hasText: followUp }).getByText('完成', { exact: true }).waitFor();
    await shot('visit');
    await scrollTo('.fu-item');
    await shot('visit-followups');
  });

  it('shows the visit in the household’s 民情日记, and the household is no longer due', async () => {
    await openPage(`/households/pages/detail/index?id=${householdId}`);
    const hh = await onPage('/households/pages/detail/index');
    const row = hh.locator('.diary-row').first();
    await row.waitFor();
    expect(await row.innerText()).toContain('困难帮扶、安全隐患');
    expect(await row.innerText()).toContain('刘网格');
    await scrollTo('.diary');
    await shot('diary');

    await openPage('/visits/pages/due/index');
    const due = await onPage('/visits/pages/due/index');
    await due.locator('.chip--on', { hasText: '只看到期' }).waitFor();
    await due.locator('.due-row, .state').first().waitFor();
    expect(await due.locator('.due-row', { hasText: address }).count()).toBe(0);
    await due.locator('.chip', { hasText: '全部关爱户' }).click();
    await due.locator('.due-row', { hasText: address }).locator('.nut-tag', { hasText: '未到期' }).waitFor();
    await due.getByText('待跟进事项', { exact: true }).click();
    const item = due.locator('.fu-item', { hasText: followUp });
    await item.waitFor();
    expect(await item.innerText()).toContain(address);
    await item.scrollIntoViewIfNeeded();
    await shot('followups');
  });

  it('turns a finding into a 代办 request that links back to the visit', async () => {
    await openPage(`/visits/pages/detail/index?id=${visitId}`);
    await screen().locator('.vdetail__to-request').click();
    const form = await onPage('/requests/pages/new/index');
    await form.locator('.rnew__visit', { hasText: address }).waitFor();
    // Filled from the visit: 代办 for her, at her address, the notes as words, 安全隐患 from the topics.
    expect(await field('如：王大爷').inputValue()).toBe(grandma);
    expect(await field('如：1').inputValue()).toBe('7');
    expect(await field('如：101').inputValue()).toBe(room);
    expect(await form.locator('textarea').first().inputValue()).toBe(notes);
    await form.locator('.rnew__category--on', { hasText: '安全隐患' }).waitFor();
    expect(await form.getByText('代办', { exact: true }).count()).toBe(0); // always 代办: no switch
    await shot('behalf-form');
    await form.locator('textarea').first().fill(`1号楼7单元楼道扶手松动，独居老人上下楼不安全（${stamp}）`);
    await scrollTo('.rnew__submit');
    requestId = await h5.fileRequest();

    const detail = await onPage('/requests/pages/detail/index');
    const link = detail.locator('.rdetail__from-visit');
    await link.getByText('来自走访 · 查看走访记录 ›').waitFor();
    expect(await detail.innerText()).toContain('代办');
    await shot('request-from-visit');
    await link.click();
    const visit = await onPage('/visits/pages/detail/index');
    await visit.locator('.vdetail__request').first().waitFor();
    await scrollTo('.vdetail__request');
    await shot('visit-with-request');
    const view = await apiCall('GET', `/api/visits/${visitId}`, await tokenOf('demo-grid-1'), undefined, communityId);
    expect(view.body.requests.map((r: any) => r.id)).toContain(requestId);
  });

  it('marks the follow-up done with a word on what was done', async () => {
    const item = screen().locator('.fu-item', { hasText: followUp });
    await item.getByText('完成', { exact: true }).click();
    await item.locator('textarea').fill('已帮忙提交申请，等街道审核');
    await item.getByText('确认完成', { exact: true }).click();
    await toastGone('已标记完成');
    await item.locator('.nut-tag', { hasText: '已完成' }).waitFor();
    await item.getByText('已帮忙提交申请，等街道审核', { exact: false }).waitFor();
    await shot('followup-done');
  });

  it('turns a dispute found at the visit into a mediation case; the visit lists its number and state, not its contents', async () => {
    await openPage(`/visits/pages/detail/index?id=${visitId}`);
    const visit = await onPage('/visits/pages/detail/index');
    await visit.getByText('转调解的纠纷（0）').waitFor();
    await visit.getByText('转为调解案件', { exact: true }).click();
    const form = await onPage('/mediation/pages/new/index');
    await form.getByText('走访发现的矛盾纠纷').waitFor();
    await form.getByText(address, { exact: false }).first().waitFor();
    // Two people not using the app: 周奶奶 and the tenant upstairs, by name.
    for (const [name, phone] of [[grandma, ''], [`楼上租户${stamp}`, '13900000078']] as const) {
      await field('姓名').fill(name);
      if (phone) await field('电话（选填）').fill(phone);
      await form.getByText('添加', { exact: true }).click();
      await form.locator('.case-picked', { hasText: name }).waitFor();
    }
    await form.locator('.chip', { hasText: '邻里纠纷' }).click();
    if (!(await field('如：3号楼2单元楼道').inputValue())) await field('如：3号楼2单元楼道').fill(address);
    await form.locator('textarea').first().fill(`楼上租户夜间噪音，周奶奶多次敲门无果，双方争执（${stamp}）`);
    await shot('case-from-visit');
    await form.getByText('登记并开始调解', { exact: true }).click();
    const c = await onPage('/mediation/pages/detail/index');
    await c.locator('.case-head__status', { hasText: '待调解' }).waitFor();
    const caseId = /[?&]id=([0-9a-f]{24})/.exec(page().url())?.[1] ?? '';
    // Back on the visit: the case by number and state; the visit's readers open it from there.
    const view = await apiCall('GET', `/api/visits/${visitId}`, await tokenOf('demo-grid-1'), undefined, communityId);
    expect(view.body.cases).toEqual([expect.objectContaining({ id: caseId, status: 'open' })]);
    expect(JSON.stringify(view.body.cases)).not.toContain('租户');
    await openPage(`/visits/pages/detail/index?id=${visitId}`);
    const again = await onPage('/visits/pages/detail/index');
    await again.getByText('转调解的纠纷（1）').waitFor();
    await again.getByText(`调解案件 ${view.body.cases[0].number}`).waitFor();
    await scrollTo('.vdetail__to-case');
    await shot('visit-with-case');
  });

  it('visits a household not on the register: the visit puts it there', async () => {
    const newRoom = `8${stamp}`;
    await openPage('/households/pages/list/index');
    await (await onPage('/households/pages/list/index')).getByText('走访未登记的住户', { exact: true }).click();
    const form = await onPage('/visits/pages/new/index');
    await form.getByText('住户地址（未登记的住户，提交后自动建档）').waitFor();
    // Nothing chosen: the building is asked for, by name.
    await form.locator('.vnew__topics .chip', { hasText: '意见建议' }).click();
    await form.locator('.vnew__submit').click();
    await form.getByText('请选择楼栋').waitFor();
    await form.locator('.vnew__buildings .chip', { hasText: '1号楼' }).click();
    await field('如：1').fill('8');
    await field('如：101').fill(newRoom);
    await toastGone('请按提示修改后再提交');
    await shot('unregistered-form');
    await form.locator('.vnew__submit').click();
    const visit = await onPage('/visits/pages/detail/index');
    await visit.getByText(`1号楼8单元${newRoom}`).waitFor();
    await shot('unregistered-visit');
    const found = await apiCall('GET', '/api/households?limit=100', await tokenOf('demo-grid-1'), undefined, communityId);
    expect(found.body.items.map((h: any) => h.address)).toContain(`1号楼8单元${newRoom}`);
  });

  it('keeps the visit form readable in 大字模式', async () => {
    await toggleLargeText();
    await openPage(`/visits/pages/new/index?householdId=${householdId}`);
    const form = await onPage('/visits/pages/new/index');
    await form.locator('.page--large .vnew__met .chip').first().waitFor();
    await form.locator('.vnew__met .chip', { hasText: grandma }).click();
    await form.locator('.vnew__consent').waitFor();
    await form.getByText('＋ 添加待办事项').click();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await scrollTo('.vnew__consent');
    await shot('large-form');
    await scrollTo('.vnew__topics');
    await shot('large-form-lower');
    await toggleLargeText();
  });

  it('a resident sees none of it', async () => {
    await signInAs('demo-resident-1');
    await openPage('/pages/home/index');
    await screen().locator('.home__hero').waitFor();
    await screen().getByText('常用服务').waitFor();
    expect(await screen().locator('.gvisit').count()).toBe(0);
    await openPage('/visits/pages/due/index');
    await (await onPage('/visits/pages/due/index')).getByText('走访任务仅供网格员和社区工作者查看').waitFor();
    await shot('resident-due');
    await openPage(`/visits/pages/detail/index?id=${visitId}`);
    await screen().getByText('走访记录仅供本网格网格员和社区工作者查看').waitFor();
    expect(await screen().innerText()).not.toContain(notes);
    const token = await tokenOf('demo-resident-1');
    expect((await apiCall('GET', `/api/visits/${visitId}`, token, undefined, communityId)).status).toBe(403);
    expect((await apiCall('GET', `/api/visits?householdId=${householdId}`, token, undefined, communityId)).status).toBe(403);
  });

  it('staff see 走访覆盖 per grid on the board', async () => {
    await signInAs('demo-staff-1');
    await openPage('/requests/pages/dashboard/index');
    const board = screen();
    const row = board.locator('.dash__visit-row', { hasText: '第一网格' });
    await row.waitFor();
    const [visited, households] = /本季度走访覆盖率 [\d.—%]+（(\d+)\/(\d+)户）/.exec(await row.innerText())!.slice(1).map(Number) as [number, number];
    expect(visited).toBeGreaterThanOrEqual(1);
    expect(households).toBeGreaterThanOrEqual(visited);
    await board.locator('.dash__visits canvas').first().waitFor();
    await scrollTo('.dash__visits');
    await shot('board-coverage');
  });
});
