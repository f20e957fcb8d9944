import { caseNumber } from '@linli/shared';
import { apiCall, tokenOf, useH5 } from './h5';

// 矛盾纠纷调处 (issue 18, part 3) in the browser: demo-resident-1 (张阿姨) files a 邻里纠纷 about water coming through
// from upstairs; demo-grid-1 opens it from the 工作台 and hands it to mediation (转调解) with demo-resident-2 (李师傅),
// found by name, as the other party — the request then reads 已转调解 and shows nothing of the case. The grid worker
// records a session and 调解成功 with the agreement; each party signs in, finds the case (张阿姨 through 我的 → 我的调解),
// reads the agreement without the other party's phone and confirms it; the case then waits for its 回访. A neighbour
// who is no party cannot open the case; staff see it in the community's register without its contents. Two mediators
// at once: a second case concluded through the API while the grid worker's form is open answers 已被他人处理，请刷新.
// demo-staff-1 sees 化解率 and its counts move on the board. Screenshots: test-results/e2e/mediation-*.png.

const h5 = useH5('mediation-');
const { screen, field, toastGone, signInAs, shot, openPage, onPage, confirmModal } = h5;
const page = () => h5.page;

const stamp = Date.now() % 100000;
const complaint = `楼上卫生间漏水，我家天花板泡坏了，找楼上两次都不理（${stamp}）`;
const said = `双方到现场查看，确认是楼上防水层老化。李师傅同意修防水，张阿姨同意自己刷天花板（${stamp}）`;
const agreement = `一、李师傅于本月20日前请人修好卫生间防水；二、天花板由张阿姨自行修补，李师傅补偿300元；三、双方今后有事先找网格员沟通（${stamp}）`;
let requestId = '';
let caseId = '';

/** Nothing on the page is wider than the phone. */
const overflow = () => page().evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
/** Scrolls the page so `selector` is at the top of the screen, for a picture of that part. */
const scrollTo = (selector: string) => screen().locator(selector).first().evaluate((el) => el.scrollIntoView({ block: 'start' }));

/** The board's 化解率 and what it counts (调解成功 N / 已结案 M). */
async function readBoard(): Promise<{ rate: string; basis: string; succeeded: number; concluded: number }> {
  await openPage('/requests/pages/dashboard/index');
  const card = screen().locator('.dash__mediation-rate', { hasText: '化解率' });
  await card.waitFor();
  const basis = await card.locator('.dash__rate-basis').innerText();
  const [, succeeded, concluded] = /调解成功 (\d+) \/ 已结案 (\d+)/.exec(basis) ?? [];
  return { rate: await card.locator('.dash__rate-value').innerText(), basis, succeeded: Number(succeeded), concluded: Number(concluded) };
}

/** Opens the case page and waits for its state. */
async function openCase(id: string, status: string) {
  await openPage(`/mediation/pages/detail/index?id=${id}`);
  const c = await onPage('/mediation/pages/detail/index');
  await c.locator('.case-head__status', { hasText: status }).waitFor();
  return c;
}

let before: Awaited<ReturnType<typeof readBoard>>;

describe('矛盾纠纷调处 in the browser', () => {
  beforeAll(async () => {
    const filed = await apiCall('POST', '/api/requests', await tokenOf('demo-resident-1'), { category: 'dispute', description: complaint });
    expect(filed.status).toBe(201);
    requestId = filed.body.id;
  });

  it('staff read 化解率 on the board before', async () => {
    await signInAs('demo-staff-1');
    before = await readBoard();
    expect(before.basis).toMatch(/调解成功 \d+ \/ 已结案 \d+/);
    await scrollTo('.dash__mediation-caption');
    await shot('board-before');
  });

  it('demo-grid-1 hands the 邻里纠纷 to mediation (转调解) with the neighbour upstairs as the other party', async () => {
    await signInAs('demo-grid-1');
    await openPage(`/requests/pages/detail/index?id=${requestId}&from=queue`);
    const detail = await onPage('/requests/pages/detail/index');
    await detail.locator('.rdetail__mediation', { hasText: '转调解' }).waitFor();
    await shot('request-offer');
    await detail.locator('.rdetail__to-mediation').click();

    const form = await onPage('/mediation/pages/new/index');
    await form.getByText('由诉求转入调解').waitFor();
    await form.getByText('反映人，自动列入').waitFor();
    // The request's words fill the summary; 邻里纠纷 is chosen.
    expect(await form.locator('textarea').first().inputValue()).toContain(complaint);
    await form.locator('.chip.chip--on', { hasText: '邻里纠纷' }).waitFor();
    await field('输入姓名，如：张阿姨').fill('李师傅');
    await form.getByText('查找', { exact: true }).click();
    await form.locator('.case-found .chip', { hasText: '李师傅' }).first().click();
    await form.locator('.case-picked', { hasText: '李师傅' }).waitFor();
    await field('如：3号楼2单元楼道').fill('1号楼1单元101室、201室');
    // 重大 warns that the street is told at once; this one is 一般.
    await form.locator('.chip', { hasText: '重大' }).click();
    await form.getByText('重大风险：登记后立即通知街道工作人员', { exact: false }).waitFor();
    await shot('new-serious-warning');
    await form.locator('.chip', { hasText: '一般' }).click();
    await shot('new-filled');
    await form.getByText('登记并开始调解', { exact: true }).click();

    const c = await onPage('/mediation/pages/detail/index');
    await c.locator('.case-head__status', { hasText: '待调解' }).waitFor();
    caseId = /[?&]id=([0-9a-f]{24})/.exec(page().url())?.[1] ?? '';
    expect(caseId).toMatch(/^[0-9a-f]{24}$/);
    await c.locator('.case-party', { hasText: '张阿姨' }).waitFor();
    await c.locator('.case-party', { hasText: '李师傅' }).waitFor();
    await toastGone('已登记');
    await shot('case-opened');
  });

  it('the request reads 已转调解 and carries nothing of the case', async () => {
    await openPage(`/requests/pages/detail/index?id=${requestId}&from=queue`);
    const detail = await onPage('/requests/pages/detail/index');
    await detail.locator('.request-head__mediation', { hasText: '已转调解' }).waitFor();
    await detail.locator('.rdetail__mediation', { hasText: '查看调解案件' }).waitFor();
    expect(await detail.getByText('李师傅').count()).toBe(0);
    await shot('request-handed-over');
  });

  it('records a session and 调解成功 with the agreement', async () => {
    const c = await openCase(caseId, '待调解');
    await c.locator('.case-actions__button', { hasText: '记录调解' }).click();
    const composer = c.locator('.case-composer');
    await composer.locator('.chip', { hasText: '张阿姨' }).click();
    await composer.locator('.chip', { hasText: '李师傅' }).click();
    await field('如：社区调解室').fill('社区调解室');
    await composer.locator('textarea').first().fill(said);
    await field('如：三天后再约双方到现场查看').fill('月底回访修缮情况');
    await shot('session-form');
    await composer.getByText('保存记录', { exact: true }).click();
    await c.locator('.case-head__status', { hasText: '调解中' }).waitFor();
    await c.locator('.case-session', { hasText: said }).waitFor();
    await toastGone('调解记录已保存');
    await scrollTo('.case-sessions');
    await shot('session-recorded');

    await c.locator('.case-actions__button', { hasText: '调解结果' }).click();
    await c.locator('.case-composer .chip.chip--on', { hasText: '调解成功' }).waitFor();
    await c.locator('.case-composer textarea').first().fill(agreement);
    await shot('agreement-form');
    await c.getByText('保存协议', { exact: true }).click();
    await c.locator('.case-head__status', { hasText: '调解成功·待确认' }).waitFor();
    await c.locator('.case-agreement__text', { hasText: agreement }).waitFor();
    expect(await c.locator('.case-party__state', { hasText: '待确认' }).count()).toBe(2);
    await toastGone('已登记调解协议，等待各方确认');
    await scrollTo('.case-agreement');
    await shot('agreement-saved');
  });

  it('张阿姨 finds it in 我的 → 我的调解, reads the agreement without 李师傅’s phone, and confirms it', async () => {
    await signInAs('demo-resident-1');
    const mine = screen();
    const cell = mine.locator('.nut-cell', { hasText: '我的调解' });
    await cell.waitFor();
    await shot('mine-entry');
    await cell.click();
    const list = await onPage('/mediation/pages/list/index');
    // The seed's cases may be there too: hers is found by its number.
    await list.locator('.case-row', { hasText: caseNumber(caseId) }).click();
    const c = await onPage('/mediation/pages/detail/index');
    await c.locator('.case-agreement__text', { hasText: agreement }).waitFor();
    await c.getByText('请阅读后点“确认协议”', { exact: false }).waitFor();
    await c.locator('.case-party', { hasText: '张阿姨（我）' }).waitFor();
    // Never the other party's contact.
    expect(await c.getByText('13800000002', { exact: false }).count()).toBe(0);
    await shot('party-agreement');
    await c.locator('.case-confirm').click();
    await confirmModal();
    await c.getByText('您已确认调解协议，等待其他当事人确认。').waitFor();
    await c.locator('.case-party', { hasText: '张阿姨' }).locator('.case-party__state', { hasText: '已确认' }).waitFor();
    expect(await c.locator('.case-confirm').count()).toBe(0);
    await toastGone('已确认调解协议');
    await shot('party-confirmed');
  });

  it('李师傅 confirms too: the case waits for its 回访', async () => {
    await signInAs('demo-resident-2');
    const c = await openCase(caseId, '调解成功·待确认');
    expect(await c.getByText('13800000001', { exact: false }).count()).toBe(0);
    await c.locator('.case-confirm').click();
    await confirmModal();
    await c.locator('.case-head__status', { hasText: '已达成协议·待回访' }).waitFor();
    await c.getByText('回访日期：', { exact: false }).waitFor();
    await toastGone('已确认调解协议');
    await shot('both-confirmed');
  });

  it('keeps the case page readable in 大字模式', async () => {
    await openPage('/pages/mine/index');
    await screen().locator('.nut-cell', { hasText: '大字模式' }).locator('.nut-switch').click();
    await openPage(`/mediation/pages/detail/index?id=${caseId}`);
    await screen().locator('.page--large .case-agreement__text').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await shot('large-case-head');
    await scrollTo('.case-parties');
    await shot('large-case-parties');
    await scrollTo('.case-sessions');
    await shot('large-case-sessions');
    await openPage('/pages/mine/index');
    await screen().locator('.nut-cell', { hasText: '大字模式' }).locator('.nut-switch').click();
  });

  it('a neighbour who is no party cannot open the case', async () => {
    await signInAs('demo-resident-3');
    await openPage(`/mediation/pages/detail/index?id=${caseId}`);
    await screen().locator('.state--error').waitFor();
    expect(await screen().getByText(agreement).count()).toBe(0);
    await shot('outsider-refused');
    const direct = await apiCall('GET', `/api/mediation/cases/${caseId}`, await tokenOf('demo-resident-3'));
    expect(direct.status).toBe(404);
  });

  it('staff see the case in the community’s register without its contents', async () => {
    await signInAs('demo-staff-1');
    await openPage('/mediation/pages/list/index');
    const list = await onPage('/mediation/pages/list/index');
    await list.getByText('全社区', { exact: true }).waitFor();
    await list.locator('.chip', { hasText: '全部' }).first().click();
    const row = list.locator('.case-row', { hasText: caseNumber(caseId) });
    await row.locator('.nut-tag', { hasText: '已达成协议·待回访' }).waitFor();
    await shot('staff-register');
    await openCase(caseId, '已达成协议·待回访');
    await screen().getByText('为保护当事人隐私', { exact: false }).waitFor();
    expect(await screen().getByText(agreement).count()).toBe(0);
    expect(await screen().locator('.case-party').count()).toBe(0);
    await shot('staff-case-head');
  });

  it('when another mediator concluded the case first, the form says 已被他人处理，请刷新 and the page shows where it stands', async () => {
    // A second case, opened and mediated through the API by demo-grid-1.
    const grid = await tokenOf('demo-grid-1');
    const found = await apiCall('GET', `/api/mediation/party-candidates?q=${encodeURIComponent('王同学')}`, grid);
    expect(found.status).toBe(200);
    const opened = await apiCall('POST', '/api/mediation/cases', grid, {
      type: 'property',
      risk: 'ordinary',
      place: '3号楼地下车库',
      summary: `车位被占用引发争吵（${stamp}）`,
      parties: [{ membershipId: found.body.items[0].membershipId }, { name: '外来车主', phone: '13900000077' }],
    });
    expect(opened.status).toBe(201);
    const second = opened.body.id as string;
    const session = await apiCall('POST', `/api/mediation/cases/${second}/sessions`, grid, { at: new Date().toISOString(), place: '物业办公室', attendees: ['王同学', '外来车主'], said: '双方各执一词' });
    expect(session.status).toBe(200);

    await signInAs('demo-grid-1');
    const c = await openCase(second, '调解中');
    // The mediator has the outsider's contact to call them.
    await c.locator('.case-party', { hasText: '外来车主' }).getByText('13900000077', { exact: false }).waitFor();
    await c.locator('.case-actions__button', { hasText: '调解结果' }).click();
    await c.locator('.case-composer textarea').first().fill('双方同意车位按物业登记使用');
    // Meanwhile, on another phone: 调解不成.
    const failed = await apiCall('POST', `/api/mediation/cases/${second}/conclude`, grid, { outcome: 'failed', reason: '外来车主拒绝继续调解' });
    expect(failed.status).toBe(200);
    await c.getByText('保存协议', { exact: true }).click();
    await page().locator('.taro__toast').getByText('已被他人处理，请刷新', { exact: true }).waitFor();
    await c.locator('.case-head__status', { hasText: '调解不成' }).waitFor();
    await shot('conflict');
    await toastGone('已被他人处理，请刷新');

    // 调解不成 → 上报街道: the street (司法所, 街道人民调解委员会) takes it and mediates it again.
    await c.locator('.case-actions__button', { hasText: '上报街道' }).click();
    await c.locator('.case-composer textarea').first().fill(`外来车主不是本社区居民，社区多次调解未果，请街道协调（${stamp}）`);
    await shot('escalate-form');
    await c.locator('.case-composer').getByText('上报街道', { exact: true }).last().click();
    await c.locator('.case-head__status', { hasText: '调解中 · 街道受理' }).waitFor();
    // Escalated once only; the community's mediator may still record sessions beside the street.
    expect(await c.locator('.case-actions__button', { hasText: '上报街道' }).count()).toBe(0);
    await toastGone('已上报街道');
    await shot('escalated');
  });

  it('the mediator finds the agreement on 待回访, by its 回访 date', async () => {
    await openPage('/mediation/pages/list/index');
    const list = await onPage('/mediation/pages/list/index');
    await list.locator('.chip', { hasText: /^待回访$/ }).click();
    const row = list.locator('.case-row', { hasText: caseNumber(caseId) });
    await row.getByText('回访日期：', { exact: false }).waitFor();
    // Every row on it waits for its 回访: agreements confirmed by all, nothing else.
    const states = await list.locator('.case-row .case-row__top .nut-tag').allInnerTexts();
    expect(states.filter((t) => t !== '较大' && t !== '重大').every((t) => t === '已达成协议·待回访')).toBe(true);
    await shot('follow-up-due-list');
  });

  it('the 回访 finds the agreement holding: the case closes', async () => {
    const c = await openCase(caseId, '已达成协议·待回访');
    await c.locator('.case-actions__button', { hasText: '回访' }).click();
    await c.locator('.case-composer .chip', { hasText: '协议履行良好' }).click();
    await c.locator('.case-composer textarea').first().fill(`电话回访双方，防水已修好，补偿已付（${stamp}）`);
    await shot('follow-up-form');
    await c.getByText('保存回访', { exact: true }).click();
    await c.locator('.case-head__status', { hasText: '已结案' }).waitFor();
    await c.locator('.case-session', { hasText: '协议履行良好' }).waitFor();
    await toastGone('回访完成，已结案');
    await shot('closed');
  });

  it('demo-grid-1’s 首页 counts the cases they mediate', async () => {
    await openPage('/pages/home/index');
    const card = screen().locator('.mcard');
    await card.locator('.mcard__count').waitFor();
    expect(Number(await card.locator('.mcard__count').innerText())).toBeGreaterThanOrEqual(1); // the seed's 调解中 case of 李师傅 and 王同学, which 刘网格 mediates too
    await card.scrollIntoViewIfNeeded();
    await shot('home-card');
  });

  it('the board’s 化解率 moved: one more case mediated successfully (the escalated one is not concluded)', async () => {
    await signInAs('demo-staff-1');
    const after = await readBoard();
    expect(after.succeeded).toBe(before.succeeded + 1);
    expect(after.concluded).toBe(before.concluded + 1);
    if (before.rate !== '100%') expect(after.rate).not.toBe(before.rate);
    await scrollTo('.dash__mediation-caption');
    await shot('board-after');
    await scrollTo('.dash__mediation-status');
    await shot('board-after-charts');
  });
});
