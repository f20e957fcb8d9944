import { apiCall, useH5 } from './h5';

// Issue 14 in the browser: a 代办 request for an elderly resident stays private. A neighbour filing the same kind
// of problem in the same building is told that one exists, not what it says, and cannot 我也遇到 it nor open it;
// staff see the contact where only handlers do, and choose who each note is for.
// Screenshots go to test-results/e2e/privacy-*.png.

const h5 = useH5('privacy-');
const { screen, settle, field, toastGone, signInAs, shot, openPage } = h5;
const page = () => h5.page;
const stamp = Date.now() % 100000;
const description = `王奶奶独居，腿脚不便，每周需要上门送药（${stamp}）`;
let requestId = '';


describe('privacy of requests in the H5 app', () => {
  beforeAll(async () => {
    const staff = (await apiCall('POST', '/api/auth/wechat', undefined, { code: 'demo-staff-1' })).body.token as string;
    const me = (await apiCall('GET', '/api/me', staff)).body;
    const communityId = me.memberships[0].communityId as string;
    const community = (await apiCall('GET', `/api/communities/${communityId}`)).body;
    const building2 = community.buildings.find((b: any) => b.name === '2号楼').id as string;
    const filed = await apiCall('POST', '/api/requests', staff, { category: 'elderly', description, onBehalfOf: { name: '王奶奶', buildingId: building2, unit: '1', room: '102', phone: '13912345678' } }, communityId);
    expect(filed.status).toBe(201);
    requestId = filed.body.id;
  });

  it('demo-resident-2 (2号楼) is told a similar request exists, without its words and without 我也遇到', async () => {
    await signInAs('demo-resident-2');
    await page().locator('.weui-tabbar__item', { hasText: '办事' }).click();
    await settle();
    await screen().getByText('我要反映', { exact: true }).click();
    await settle();
    await screen().locator('.rnew__select', { hasText: '2号楼' }).waitFor();
    await screen().locator('.rnew__category', { hasText: '养老助残' }).click();
    await field('一句话概括，如：3号楼电梯停运').fill('老人需要送药');
    await screen().locator('textarea').first().fill('楼里有独居老人需要每周送药上门');
    await screen().locator('.rnew__submit').click();
    const card = screen().locator('.rnew__similar');
    await card.waitFor();
    // Issue 15, defect 8: the suggestion is announced and brought into view, and the buttons say what they do.
    await page().locator('.taro__toast').getByText('附近已有类似诉求，请先看一看').waitFor();
    await page().waitForFunction(() => {
      const el = [...document.querySelectorAll('.rnew__similar')].find((e) => (e as HTMLElement).offsetParent !== null);
      const r = el?.getBoundingClientRect();
      return !!r && r.top < window.innerHeight && r.bottom > 0;
    });
    await card.getByText('“仍要提交”：作为一条新的诉求提交给社区。').waitFor();
    await card.getByText('养老助残类诉求（内容不公开）').first().waitFor();
    expect(await card.innerText()).not.toContain('王奶奶');
    expect(await card.getByText('我也遇到', { exact: true }).count()).toBe(0);
    await screen().getByText('仍要提交', { exact: true }).waitFor();
    await shot('neighbour-similar');
  });

  it('the neighbour cannot open it', async () => {
    await openPage(`/requests/pages/detail/index?id=${requestId}`);
    await screen().getByText('诉求不存在').waitFor();
    expect(await screen().innerText()).not.toContain('王奶奶');
    await shot('neighbour-detail');
  });

  it('demo-staff-1 sees the 代办 contact and writes an internal note', async () => {
    await signInAs('demo-staff-1');
    await openPage(`/requests/pages/detail/index?id=${requestId}&from=queue`);
    await screen().locator('.rdetail__status').waitFor();
    await screen().getByText('代办联系人：王奶奶 13912345678（仅办理人员可见）').waitFor();
    // The timeline note names nobody.
    await screen().locator('.rdetail__event', { hasText: '代居民提交' }).waitFor();
    await screen().locator('.rdetail__actions').getByText('回复', { exact: true }).click();
    await screen().locator('.rdetail__audience').waitFor();
    await screen().locator('.rdetail__audience-option', { hasText: '仅内部可见' }).click();
    await screen().getByText('仅社区工作人员和办理人员可见，居民看不到。').waitFor();
    await screen().locator('.rdetail__composer textarea').fill('已联系王奶奶女儿，每周二送药');
    await shot('staff-internal-note');
    await screen().getByText('发送回复', { exact: true }).click();
    const event = screen().locator('.rdetail__event', { hasText: '已联系王奶奶女儿' });
    await event.waitFor();
    await event.locator('.rdetail__event-audience', { hasText: '仅内部可见' }).waitFor();
    await toastGone('已回复');
    await shot('staff-note-sent');
  });
});
