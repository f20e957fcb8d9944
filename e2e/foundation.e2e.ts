import { DEMO_ACCOUNTS } from '@linli/shared';
import { useH5 } from './h5';

// The foundation, as a person uses it in a browser: sign in as every demo account, a newcomer joins,
// staff approve, the newcomer is a resident. Screenshots of every step go to test-results/e2e/.

const h5 = useH5('foundation-');
const { screen, settle, field, signInAs, shot } = h5;
const page = () => h5.page;

describe('foundation in the browser', () => {
  it('signs in as demo-resident-1 and shows the community on 我的', async () => {
    await signInAs('demo-resident-1');
    await screen().getByText('示范社区').first().waitFor();
    await screen().getByText('1号楼').first().waitFor();
    await shot('resident-mine');
    const text = await screen().innerText();
    expect(text).toContain('张阿姨');
    expect(text).toContain('居民');
    expect(text).not.toContain('待审核居民'); // no staff entry for a resident
  });

  it.each(DEMO_ACCOUNTS.map((a) => [a.openid]))('signs in as %s', async (openid) => {
    await signInAs(openid);
    const text = await screen().innerText();
    expect(text).not.toContain('尚未加入社区');
    if (openid.startsWith('demo-staff') || openid.startsWith('demo-admin')) expect(text).toContain('待审核居民');
    await shot(`signed-in-${openid}`);
  });

  it('a newcomer joins and demo-staff-1 approves', async () => {
    const openid = `e2e-newcomer-${Date.now()}`;
    await signInAs(openid);
    await screen().getByText('尚未加入社区').first().waitFor();
    await shot('newcomer-mine');

    await screen().getByText('申请加入社区').click();
    await settle();
    await screen().getByText('示范社区').first().click();
    await screen().getByText('2号楼', { exact: true }).click();
    await field('如：2').fill('3');
    await field('如：301').fill('305');
    await field('邻居怎么称呼您，如：王阿姨').fill('新来的孙阿姨');
    await settle();
    await shot('newcomer-join-form');
    await screen().getByText('提交申请').click();
    await page().waitForTimeout(300);
    await settle();
    await screen().getByText('待审核').first().waitFor();
    await shot('newcomer-pending');

    await signInAs('demo-staff-1');
    await screen().getByText('待审核居民').click();
    await settle();
    const row = screen().locator('.card', { hasText: '新来的孙阿姨' });
    await row.waitFor();
    await settle();
    await shot('staff-pending-list');
    await row.getByText('通过', { exact: true }).click();
    await row.waitFor({ state: 'detached' });
    await shot('staff-approved');

    await signInAs(openid);
    await screen().getByText('示范社区').first().waitFor();
    const text = await screen().innerText();
    expect(text).toContain('已加入');
    expect(text).toContain('2号楼');
    await shot('newcomer-active');
  });
});
