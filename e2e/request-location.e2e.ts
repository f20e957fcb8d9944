import { apiCall, tokenOf, useH5 } from './h5';

// Issue 15, "where it is", in the browser: demo-resident-1 files a request and marks where it is with the browser's
// position (Chromium emulates People's Square, Shanghai), beside the building; the request page shows the building
// and the coordinates (the H5 build has no map to open) to her and to 刘网格, who handles 1号楼; a neighbour of the
// request once public sees only a point rounded to about 100 m; with the permission refused the form says so plainly
// and the building alone still files. Screenshots: test-results/e2e/location-*.png.

const h5 = useH5('location-');
const { screen, signInAs, shot, openPage, fileRequest } = h5;
const page = () => h5.page;
const stamp = Date.now() % 100000;
const description = `花园东侧路灯不亮，晚上看不见路（${stamp}）`;
const HERE = { latitude: 31.2304, longitude: 121.4737 };
let requestId = '';


/** Opens the filing form with a category and words, ready to be placed. */
async function openForm(text: string) {
  await openPage('/requests/pages/new/index');
  await screen().getByText('问题类别 *').waitFor();
  // The resident's own building comes preselected; the 定位 row sits under it.
  await screen().locator('.rnew__select', { hasText: '1号楼' }).waitFor();
  await screen().locator('.rnew__category', { hasText: '设施维修' }).click();
  await screen().locator('textarea').first().fill(text);
}

describe('where it is, in the browser', () => {
  beforeAll(async () => {
    // useH5's beforeAll ran first and made the page: emulate a phone that allows this site its position.
    await h5.page.context().grantPermissions(['geolocation']);
    await h5.page.context().setGeolocation(HERE);
  });

  it('demo-resident-1 marks where the problem is and files it', async () => {
    await signInAs('demo-resident-1');
    await openForm(description);
    const mark = screen().locator('.rplace__mark');
    await mark.getByText('标注当前位置', { exact: true }).waitFor();
    await mark.scrollIntoViewIfNeeded();
    await shot('form-before');
    // A phone takes a moment to find itself: slow the emulated answer down to see the row say it is locating.
    await page().evaluate(() => {
      const geo = navigator.geolocation;
      const answer = geo.getCurrentPosition.bind(geo);
      geo.getCurrentPosition = (ok, fail, options) => void setTimeout(() => answer(ok, fail, options), 1500);
    });
    await mark.click();
    await mark.getByText('正在定位…', { exact: true }).waitFor();
    await shot('form-locating'); // within the 1.5 s: settle and shot's 0.4 s pause take less
    await screen().getByText('已标注：当前位置', { exact: true }).waitFor();
    await screen().getByText('坐标 31.23040, 121.47370', { exact: true }).waitFor();
    await screen().locator('.rplace__mark', { hasText: '重新标注位置' }).waitFor();
    await screen().locator('.rplace__marked').scrollIntoViewIfNeeded();
    await shot('form-marked');
    // 清除 takes the point away (the building stays); marking again brings it back.
    await screen().locator('.rplace__clear').click();
    await screen().locator('.rplace__marked').waitFor({ state: 'detached' });
    await screen().locator('.rnew__select', { hasText: '1号楼' }).waitFor();
    await mark.click();
    await screen().getByText('坐标 31.23040, 121.47370', { exact: true }).waitFor();

    requestId = await fileRequest();
    await screen().getByText(description).waitFor();
    expect(requestId).toMatch(/^[0-9a-f]{24}$/);
    // Building and place on the request page; the coordinates as text (no map to open on H5).
    await screen().getByText('位置：1号楼').waitFor();
    await screen().getByText('坐标：31.23040, 121.47370').waitFor();
    expect(await screen().getByText('查看位置').count()).toBe(0);
    await shot('resident-detail');
  });

  it('刘网格, who handles 1号楼, sees the same place', async () => {
    await signInAs('demo-grid-1');
    await openPage(`/requests/pages/detail/index?id=${requestId}`);
    await screen().getByText(description).waitFor();
    await screen().getByText('位置：1号楼').waitFor();
    await screen().getByText('坐标：31.23040, 121.47370').waitFor();
    await shot('grid-detail');
  });

  it('a neighbour sees only the building and a rough point once staff make it public', async () => {
    const staff = await tokenOf('demo-staff-1');
    expect((await apiCall('POST', `/api/requests/${requestId}/visibility`, staff, { public: true })).status).toBe(200);
    await signInAs('demo-resident-2');
    await openPage(`/requests/pages/detail/index?id=${requestId}`);
    await screen().getByText(description).waitFor();
    await screen().getByText('位置：1号楼').waitFor();
    await screen().getByText('大致坐标：31.230, 121.474（约百米范围）').waitFor();
    expect(await screen().getByText('31.23040').count()).toBe(0);
    await shot('neighbour-detail');
  });

  it('with the permission refused, the form says why and the building alone still files', async () => {
    await h5.page.context().clearPermissions();
    await signInAs('demo-resident-1');
    await openForm(`楼下健身器材松动（${stamp}）`);
    await screen().locator('.rplace__mark').click();
    await screen().getByText('未获得定位权限', { exact: false }).waitFor();
    expect(await screen().getByText('已标注', { exact: false }).count()).toBe(0);
    await screen().locator('.rplace__error').scrollIntoViewIfNeeded();
    await shot('form-refused');
    await fileRequest();
    await screen().getByText('位置：1号楼').waitFor();
    expect(await screen().getByText('坐标', { exact: false }).count()).toBe(0);
  });
});
