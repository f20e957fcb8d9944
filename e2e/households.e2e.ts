import { apiCall, tokenOf, useH5 } from './h5';

// 住户名册 (issue 18, part 2, first slice) in the browser: demo-staff-1 opens 住户名册 from 首页 and pastes a CSV on
// 批量导入住户 — one elderly occupant who does not use WeChat with her daughter's number, and a row naming a building the
// community lacks — and reads each row's result (新建; 错误 with the reason); the same rows again create nothing. On
// the household's page staff add an occupant and remove him again (moved out). demo-grid-1 finds the household in
// their grid's register with the contact; staff mark the elderly occupant 独居老人 (关爱标记, second slice) and the
// grid worker sees the flag without the means to change it; a resident is told the register is not theirs to see. Screenshots:
// test-results/e2e/households-*.png.

const h5 = useH5('households-');
const { screen, field, toastGone, signInAs, shot, openPage, onPage, confirmModal } = h5;

const stamp = Date.now() % 100000;
const room = `5${stamp}`;
const grandma = `冯奶奶${stamp}`;
const address = `1号楼5单元${room}`;
const csv = `楼栋,单元,房号,姓名,关系,联系电话,电话说明\n1号楼,5单元,${room}室,${grandma},户主,13900000088,女儿\n9号楼,1,101`;
let householdId = '';

describe('住户名册 in the browser', () => {
  it('demo-staff-1 imports a CSV from 住户名册 and reads every row’s result; importing again creates nothing', async () => {
    await signInAs('demo-staff-1');
    await openPage('/pages/home/index');
    await screen().locator('.nut-cell', { hasText: '住户名册' }).click();
    const list = await onPage('/households/pages/list/index');
    await list.getByText('全社区住户').waitFor();
    await shot('list');
    await list.getByText('登记或批量导入', { exact: true }).click();
    const form = await onPage('/households/pages/import/index');
    await form.locator('textarea').first().fill(csv);
    await shot('import-pasted');
    await form.getByText('导入', { exact: true }).click();
    await form.getByText('导入结果：新建1户，已存在0行，添加住户1人，错误1行').waitFor();
    expect(await form.locator('.hh-import__row').allInnerTexts()).toEqual([`第2行 · 新建 · ${address} · 已添加住户`, '第3行 · 错误 · 本社区没有楼栋“9号楼”']);
    await shot('import-result');
    await form.getByText('导入', { exact: true }).click();
    await form.getByText('导入结果：新建0户，已存在1行，添加住户0人，错误1行').waitFor();
    await shot('import-again');
    const found = await apiCall('GET', `/api/households?limit=100`, await tokenOf('demo-staff-1'));
    householdId = found.body.items.find((h: any) => h.address === address)?.id;
    expect(householdId).toMatch(/^[0-9a-f]{24}$/);
  });

  it('staff add an occupant on the household’s page and remove him when he moves out', async () => {
    await openPage(`/households/pages/detail/index?id=${householdId}`);
    const page = await onPage('/households/pages/detail/index');
    await page.getByText(address).waitFor();
    await page.getByText('13900000088（女儿）').waitFor();
    await field('如：孙奶奶').fill(`冯爷爷${stamp}`);
    await field('户主、配偶、子女、租户…').fill('配偶');
    await page.getByText('添加', { exact: true }).click();
    await toastGone('已添加住户');
    const grandpa = page.locator('.hh-occupant', { hasText: `冯爷爷${stamp}` });
    await grandpa.waitFor();
    await shot('added');
    await grandpa.getByText('移除', { exact: true }).click();
    await confirmModal();
    await grandpa.waitFor({ state: 'detached' });
    expect(await page.locator('.hh-occupant').count()).toBe(1);
    await shot('removed');
  });

  it('staff mark her 独居老人 with a note for the visitor', async () => {
    const page = await onPage('/households/pages/detail/index');
    await page.getByText('没有关爱标记').waitFor();
    await field('说明（选填，如：行动不便）').fill('行动不便');
    await page.locator('.hh-care .chip', { hasText: '独居老人' }).click();
    await page.locator('.hh-care__flag', { hasText: '独居老人' }).getByText('行动不便').waitFor();
    await page.getByText('探访间隔7天（尚未探访）').waitFor();
    await shot('care-flag');
  });

  it('demo-grid-1 finds it in their grid’s register with the contact; a resident may not see the register', async () => {
    await signInAs('demo-grid-1');
    await openPage(`/households/pages/detail/index?id=${householdId}`);
    const page = await onPage('/households/pages/detail/index');
    await page.getByText('13900000088（女儿）').waitFor();
    expect(await page.getByText('添加住户').count()).toBe(0);
    // The grid's worker sees the care flag, and cannot change it.
    await page.locator('.hh-care__flag', { hasText: '独居老人' }).waitFor();
    expect(await page.locator('.hh-care .chip').count()).toBe(0);
    await shot('grid-worker');
    await signInAs('demo-resident-1');
    await openPage('/households/pages/list/index');
    await (await onPage('/households/pages/list/index')).getByText('住户名册仅供网格员和社区工作者查看').waitFor();
    await shot('resident');
  });
});
