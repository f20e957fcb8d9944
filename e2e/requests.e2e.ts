import { pngFile, useH5 } from './h5';

// 急难愁盼 end to end, as the people do it in a browser: demo-resident-1 files a request (with a photo when
// the upload service answers) → demo-grid-1 accepts and replies → the resident sees the reply → demo-staff-1
// resolves → the resident rates → the staff dashboard shows the figures.
// Screenshots go to test-results/e2e/requests-*.png; only our own files are cleared there.

const h5 = useH5('requests-');
const { screen, settle, field, toastGone, signInAs, shot, openPage } = h5;
const page = () => h5.page;
async function openAffairs() {
  await page().locator('.weui-tabbar__item', { hasText: '办事' }).click();
  await settle();
  await screen().getByText('急难愁盼 · 接诉即办').waitFor();
}

const stamp = Date.now() % 100000;
const description = `1号楼2单元楼道灯坏了一个星期，晚上下楼看不见台阶，老人容易摔倒（${stamp}）`;
const replyText = `已联系物业电工，明天上午来换灯（${stamp}）`;
let requestId = '';
let withPhoto = false;


describe('急难愁盼 in the browser', () => {
  it('demo-resident-1 files a request', async () => {
    await signInAs('demo-resident-1');
    await openAffairs();
    await screen().getByText('我的诉求').waitFor();
    // The list (or its empty state) has loaded.
    await screen().locator('.rcard, .state__title').first().waitFor();
    await shot('resident-affairs');

    await screen().getByText('我要反映', { exact: true }).click();
    await settle();
    await screen().getByText('问题类别 *').waitFor();
    // The building comes preselected from the resident's household.
    await screen().locator('.rnew__select', { hasText: '1号楼' }).waitFor();
    await screen().locator('.rnew__category', { hasText: '设施维修' }).click();
    await field('一句话概括，如：3号楼电梯停运').fill('楼道灯坏了');
    await screen().locator('textarea').first().fill(description);
    await screen().getByText(`${description.length}/1000`).waitFor();
    await field('如：2单元门口、地下车库B区').fill('2单元3楼楼道');

    // The photo: Taro's H5 chooseMedia opens a file input; playwright answers it with a small PNG.
    const chooser = page().waitForEvent('filechooser');
    await screen().locator('.photo-grid__add').click();
    await (await chooser).setFiles({ name: 'light.png', mimeType: 'image/png', buffer: pngFile() });
    // Either the upload finishes (a thumbnail without progress) or the service is not there yet (a toast and the text-only note).
    await page().waitForFunction(() => {
      const p = [...document.querySelectorAll('.taro_page')].find((el) => (el as HTMLElement).offsetParent !== null || getComputedStyle(el).display !== 'none');
      const text = document.body.innerText;
      const uploading = document.querySelectorAll('.photo-grid__state').length > 0;
      return (!uploading && document.querySelectorAll('.photo-grid__thumb').length > 0) || text.includes('照片上传暂不可用') || !!(p && text.includes('失败·重试'));
    }, undefined, { timeout: 20_000 });
    withPhoto = (await screen().locator('.photo-grid__thumb').count()) > 0 && (await screen().locator('.photo-grid__state').count()) === 0;
    // The stack runs MinIO, so the photo must really be uploaded.
    expect(withPhoto).toBe(true);
    await shot('resident-form');

    await screen().locator('.rnew__submit').click();
    // With similar open requests in the building the app offers 我也遇到 first; this test files anyway.
    const similar = screen().getByText('仍要提交', { exact: true });
    const detail = screen().locator('.rdetail__status');
    await Promise.race([similar.waitFor(), detail.waitFor()]);
    if (await similar.isVisible()) {
      await shot('resident-similar');
      await similar.click();
    }
    await settle();
    await screen().locator('.rdetail__status', { hasText: '已提交' }).waitFor();
    await screen().getByText(description).waitFor();
    await screen().locator('.rdetail__event', { hasText: '提交诉求' }).waitFor();
    if (withPhoto) await screen().locator('.rdetail__photo').first().waitFor();
    requestId = /id=([0-9a-f]{24})/.exec(page().url())?.[1] ?? '';
    expect(requestId).toMatch(/^[0-9a-f]{24}$/);
    await shot('resident-filed');

    // The new request heads 我的诉求.
    await page().goBack().catch(() => undefined);
    await signInAs('demo-resident-1');
    await openAffairs();
    await screen().locator('.rcard', { hasText: description }).waitFor();
    await shot('resident-list');
  });

  it('demo-grid-1 accepts and replies from the 工作台', async () => {
    await signInAs('demo-grid-1');
    await openAffairs();
    await screen().getByText('工作台', { exact: true }).click();
    await settle();
    const card = screen().locator('.rcard', { hasText: description });
    await card.waitFor();
    // Handlers see the deadline badge.
    expect(await card.locator('.rcard__deadline').innerText()).toMatch(/响应(剩余|已超时)/);
    await shot('grid-queue');

    await card.click();
    await settle();
    await screen().locator('.rdetail__deadlines').waitFor();
    const actions = screen().locator('.rdetail__actions');
    await actions.getByText('受理', { exact: true }).click();
    await screen().locator('.rdetail__status', { hasText: '已受理' }).waitFor();
    await screen().locator('.rdetail__event', { hasText: '受理' }).first().waitFor();
    await toastGone('已受理');

    await actions.getByText('回复', { exact: true }).click();
    // 常用回复 are offered (the community's, or the defaults for a grid worker).
    await screen().locator('.rdetail__template').first().waitFor();
    await screen().locator('.rdetail__composer textarea').fill(replyText);
    await shot('grid-reply');
    await screen().getByText('发送回复', { exact: true }).click();
    await screen().locator('.rdetail__event', { hasText: replyText }).waitFor();
    await toastGone('已回复');
    await shot('grid-replied');
  });

  it('the resident sees the reply and a message', async () => {
    await signInAs('demo-resident-1');
    await openAffairs();
    // The in-app message list has news for the resident.
    await screen().locator('.affairs__entries', { hasText: '未读' }).waitFor();
    await shot('resident-unread');
    await screen().getByText('消息', { exact: true }).click();
    await settle();
    await screen().locator('.messages__item').first().waitFor();
    await shot('resident-messages');

    await page().goBack();
    await settle();
    await screen().locator('.rcard', { hasText: description }).click();
    await settle();
    await screen().locator('.rdetail__event', { hasText: replyText }).waitFor();
    const reply = screen().locator('.rdetail__event', { hasText: replyText });
    expect(await reply.innerText()).toContain('网格员');
    await shot('resident-sees-reply');
  });

  it('demo-staff-1 resolves it', async () => {
    await signInAs('demo-staff-1');
    await openAffairs();
    await screen().getByText('工作台', { exact: true }).click();
    await settle();
    await screen().getByText('全部', { exact: true }).click();
    const card = screen().locator('.rcard', { hasText: description });
    await card.waitFor();
    await card.click();
    await settle();
    await screen().locator('.rdetail__actions').getByText('办结', { exact: true }).click();
    await screen().locator('.rdetail__composer textarea').fill('已更换楼道灯并检查了整栋楼的照明，均已正常。');
    await screen().getByText('确认办结', { exact: true }).click();
    await screen().locator('.rdetail__status', { hasText: '已办结' }).waitFor();
    await toastGone('已办结');
    await shot('staff-resolved');
  });

  it('the resident rates it satisfied', async () => {
    await signInAs('demo-resident-1');
    await openPage(`/requests/pages/detail/index?id=${requestId}&from=mine`);
    await screen().locator('.rdetail__status', { hasText: '已办结' }).waitFor();
    await screen().locator('.rdetail__actions').getByText('评价', { exact: true }).click();
    // One step (issue 15, defect 9): five stars, each with its word; 5 is 满意.
    await screen().locator('.rdetail__star-cell').nth(4).click();
    await screen().getByText('5星 · 满意').waitFor();
    await screen().locator('.rdetail__composer textarea').fill('处理得很快，谢谢网格员！');
    await shot('resident-rating');
    await screen().getByText('提交评价', { exact: true }).click();
    await screen().locator('.rdetail__status', { hasText: '已关闭' }).waitFor();
    await screen().locator('.rdetail__rating', { hasText: '满意' }).waitFor();
    await toastGone('感谢您的评价');
    await shot('resident-rated');
  });

  it('the staff dashboard shows the figures', async () => {
    await signInAs('demo-staff-1');
    await openAffairs();
    await screen().getByText('三率看板', { exact: true }).click();
    await settle();
    const rates = screen().locator('.dash__rates').first();
    await rates.waitFor();
    const satisfaction = screen().locator('.dash__rate', { hasText: '满意率' });
    expect(await satisfaction.locator('.dash__rate-value').innerText()).toBe('100%');
    const total = Number(await screen().locator('.dash__figure-value').first().innerText());
    expect(total).toBeGreaterThanOrEqual(1);
    // The charts drew something: the category canvas has non-blank pixels.
    await page().waitForFunction(() => {
      const host = document.getElementById('chartCategory');
      const canvas = (host?.tagName === 'CANVAS' ? host : host?.querySelector('canvas')) as HTMLCanvasElement | null;
      if (!canvas || canvas.width === 0) return false;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
      return false;
    }, undefined, { timeout: 10_000 });
    await shot('staff-dashboard');
    await screen().locator('.dash__chart').last().scrollIntoViewIfNeeded();
    await shot('staff-dashboard-month');
  });

  it('staff approve a photo that WeChat’s media check did not pass', async () => {
    // A PNG with the text RISKY after its end: browsers still show it, the WeChat emulator's check flags it.
    const risky = Buffer.concat([pngFile(), Buffer.from('RISKY')]);
    const text = `3号楼门口有可疑物品，附照片（${stamp}）`;
    await signInAs('demo-resident-1');
    await openAffairs();
    await screen().getByText('我要反映', { exact: true }).click();
    await settle();
    await screen().locator('.rnew__category', { hasText: '安全隐患' }).click();
    await screen().locator('textarea').first().fill(text);
    const chooser = page().waitForEvent('filechooser');
    await screen().locator('.photo-grid__add').click();
    await (await chooser).setFiles({ name: 'risky.png', mimeType: 'image/png', buffer: risky });
    await page().waitForFunction(() => document.querySelectorAll('.photo-grid__thumb').length > 0 && document.querySelectorAll('.photo-grid__state').length === 0, undefined, { timeout: 20_000 });
    await screen().locator('.rnew__submit').click();
    const similar = screen().getByText('仍要提交', { exact: true });
    await Promise.race([similar.waitFor(), screen().locator('.rdetail__status').waitFor()]);
    if (await similar.isVisible()) await similar.click();
    await settle();
    await screen().locator('.rdetail__status', { hasText: '已提交' }).waitFor();

    await signInAs('demo-staff-1');
    await openAffairs();
    await screen().getByText('工作台', { exact: true }).click();
    await settle();
    await screen().getByText('全部', { exact: true }).click();
    const card = screen().locator('.rcard', { hasText: text });
    await card.waitFor();
    await card.click();
    await settle();
    // The check's verdict arrives by push a moment after filing; reload until the photo shows it is held.
    const approve = screen().locator('.rdetail__photo-approve');
    await approve.waitFor();
    await screen().locator('.rdetail__photo-state', { hasText: '审核中' }).waitFor();
    await shot('staff-photo-held');
    await approve.click();
    await toastGone('照片已审核通过');
    await screen().locator('.rdetail__photo-state').waitFor({ state: 'detached' });
    await shot('staff-photo-approved');
  });

  it('staff find a text held by content security in 待审核 and approve it', async () => {
    // The WeChat emulator's msg_sec_check answers "review" for texts containing 待审.
    const text = `小区东门的告示栏内容待审，请社区核实（${stamp}）`;
    await signInAs('demo-resident-1');
    await openAffairs();
    await screen().getByText('我要反映', { exact: true }).click();
    await settle();
    await screen().locator('.rnew__category', { hasText: '其他' }).click();
    await screen().locator('textarea').first().fill(text);
    await screen().locator('.rnew__submit').click();
    const similar = screen().getByText('仍要提交', { exact: true });
    await Promise.race([similar.waitFor(), screen().locator('.rdetail__status').waitFor()]);
    if (await similar.isVisible()) await similar.click();
    await settle();
    await screen().getByText('内容审核中，审核通过前其他居民看不到。').waitFor();

    await signInAs('demo-staff-1');
    await openAffairs();
    await screen().getByText('工作台', { exact: true }).click();
    await settle();
    await screen().locator('.queue__tab', { hasText: '待审核' }).click();
    const card = screen().locator('.rcard', { hasText: text });
    await card.waitFor();
    await shot('staff-review-queue');
    await card.click();
    await settle();
    await screen().locator('.rdetail__actions').getByText('审核通过文字', { exact: true }).click();
    await toastGone('文字已审核通过');
    await screen().getByText('内容审核中，审核通过前其他居民看不到。').waitFor({ state: 'detached' });
    // Back in the queue the approved request has left the 待审核 tab.
    await page().goBack();
    await settle();
    await screen().locator('.queue__tab.switcher__item--on', { hasText: '待审核' }).waitFor();
    await screen().locator('.rcard', { hasText: text }).waitFor({ state: 'detached' });
    await shot('staff-review-queue-empty');
  });
});
