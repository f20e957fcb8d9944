import { useH5 } from './h5';

// 居民管理 and 社区设置 as an admin uses them in a browser: open a resident, grant a role and see it on the
// member and in the record; set the announcement and see it on a resident's 首页.
// Screenshots go to test-results/e2e/members-*.png. Only our own files are cleared there: other e2e
// files (which may run at the same time) write to the same folder.

const h5 = useH5('members-');
const { screen, settle, toastGone, confirmModal, signInAs, shot } = h5;
const page = () => h5.page;

describe('居民管理 and 社区设置 in the browser', () => {
  it('demo-admin-1 grants 王同学 the 志愿者 role and sees it on the member and in the record', async () => {
    await signInAs('demo-admin-1');
    await screen().getByText('居民管理').click();
    await settle();
    const row = screen().locator('.members__item', { hasText: '王同学' });
    await row.waitFor();
    expect(await row.innerText()).toContain('3号楼 1单元 301');
    // Lists mask phone numbers (PIPL); the member's own page shows the whole number to staff.
    expect(await row.innerText()).toContain('138****0003');
    expect(await row.innerText()).not.toContain('13800000003');
    await shot('list');

    await row.click();
    await settle();
    await screen().locator('.member__name', { hasText: '王同学' }).waitFor();
    await screen().getByText('手机：13800000003').waitFor();
    await screen().locator('.member__event').first().waitFor();
    // The admin sees the role section; 王同学 is a plain resident so far.
    const roles = screen().locator('.member__roles');
    expect(await roles.innerText()).not.toContain('志愿者');
    await shot('detail');

    const volunteer = screen().locator('.member__role-row', { hasText: '志愿者' });
    await volunteer.getByText('授予', { exact: true }).click();
    await confirmModal();
    await roles.getByText('志愿者', { exact: true }).waitFor();
    const granted = screen().locator('.member__event', { hasText: '授予角色' });
    await granted.waitFor();
    expect(await granted.first().innerText()).toContain('志愿者');
    expect(await granted.first().innerText()).toContain('周书记');
    await volunteer.getByText('已授予', { exact: true }).waitFor();
    await toastGone('已授予志愿者');
    await shot('granted');
    await granted.first().scrollIntoViewIfNeeded();
    await shot('granted-record');

    // Back on the list, the new tag shows without a reload.
    await page().goBack();
    await settle();
    await row.getByText('志愿者', { exact: true }).waitFor();
    await shot('list-after-grant');
  });

  it('demo-admin-1 sets the announcement and demo-resident-1 sees it on 首页', async () => {
    const announcement = `本周六上午9点在社区广场开展义诊，欢迎参加（${Date.now() % 100000}）`;
    await signInAs('demo-admin-1');
    await screen().getByText('社区设置').click();
    await settle();
    const box = screen().locator('textarea[placeholder^="如：本周六"]');
    await box.waitFor();
    await box.fill(announcement);
    await screen().getByText(`${announcement.length}/200`).waitFor();
    await screen().getByText('保存', { exact: true }).click();
    await page().locator('.taro__toast').getByText('设置已保存').waitFor();
    await toastGone('设置已保存');
    // Focusing the text box scrolls the page a little (on H5 it is a few px taller than its scroll box); back to the top for the picture.
    await screen().evaluate((el) => el.scrollTo(0, 0));
    await shot('settings-saved');

    await signInAs('demo-resident-1');
    await page().locator('.weui-tabbar__item', { hasText: '首页' }).click();
    await settle();
    await screen().locator('.home__announcement', { hasText: announcement }).waitFor();
    await shot('resident-home');
  });
});
