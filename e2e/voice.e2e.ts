import { apiCall, tokenOf, useH5 } from './h5';

// Issue 15, voice notes in the browser: Chromium's fake microphone (a steady beep) stands in for a resident who
// would rather speak than type. She files a request by voice alone, hears it on the request page, and replies by
// voice; the grid worker handling it hears it too. Screenshots: test-results/e2e/voice-*.png.

const h5 = useH5('voice-', { args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'], permissions: ['microphone'] });
const { screen, signInAs, shot, openPage, toastGone, fileRequest } = h5;
const page = () => h5.page;
let requestId = '';

/** Taps the recorder, lets the fake microphone run, taps again to finish, and waits until the upload is done. */
async function record(seconds: number) {
  await screen().locator('.voice-rec', { hasText: '点击开始' }).click();
  await screen().locator('.voice-rec--on', { hasText: '正在录音' }).waitFor();
  await page().waitForTimeout(seconds * 1000 + 300);
  await screen().locator('.voice-rec--on .voice-rec__main').click();
  await screen().locator('.voice-rec--done', { hasText: '已录好' }).waitFor({ timeout: 20_000 });
}

describe('voice notes in the browser', () => {
  it('demo-resident-1 files a request by voice alone', async () => {
    await signInAs('demo-resident-1');
    await openPage('/requests/pages/new/index');
    await screen().getByText('问题类别 *').waitFor();
    await screen().locator('.rnew__category', { hasText: '环境卫生' }).click();
    // Without words or voice, the form says what is missing, and that speaking is enough.
    await screen().locator('.rnew__submit').click();
    await screen().getByText('请至少写5个字说清楚问题，或录一段语音').waitFor();
    await record(3);
    const player = screen().locator('.rnew .voice');
    await player.getByText(/^[34]″$/).waitFor();
    await shot('form-recorded');

    requestId = await fileRequest();
    expect(requestId).toMatch(/^[0-9a-f]{24}$/);
    await toastGone('已提交，请等待受理');

    // On the request page: a play button with the length; tapping it plays the note (Chromium plays webm/opus).
    const onPage = screen().locator('.rdetail__voice .voice').first();
    await onPage.waitFor();
    await onPage.click();
    await screen().locator('.rdetail__voice .voice--playing', { hasText: '正在播放' }).waitFor();
    await shot('detail-playing');
    await onPage.click(); // stop
    await screen().locator('.rdetail__voice .voice--playing').waitFor({ state: 'detached' });

    // What the server keeps is a real recording from the microphone: a webm file (EBML header), under 1 MB.
    const token = await tokenOf('demo-resident-1');
    const view = await apiCall('GET', `/api/requests/${requestId}`, token);
    expect(view.body.description).toBe('');
    expect(view.body.voice).toMatchObject({ contentType: 'audio/webm' });
    expect(view.body.voice.seconds).toBeGreaterThanOrEqual(3);
    const audio = Buffer.from(await (await fetch(view.body.voice.url)).arrayBuffer());
    expect(audio.subarray(0, 4)).toEqual(Buffer.from([0x1a, 0x45, 0xdf, 0xa3]));
    expect(audio.length).toBeGreaterThan(1000);
    expect(audio.length).toBeLessThan(1024 * 1024);
  });

  it('demo-resident-1 replies by voice', async () => {
    await screen().locator('.rdetail__action', { hasText: '回复' }).click();
    await screen().locator('.rdetail__composer .voice-rec', { hasText: '或者说一段话' }).waitFor();
    await record(2);
    await shot('reply-recorded');
    await screen().getByText('发送回复', { exact: true }).click();
    await toastGone('已回复');
    const entry = screen().locator('.rdetail__event', { hasText: '回复' });
    await entry.locator('.voice').waitFor();
    await shot('reply-sent');
  });

  it('demo-grid-1, who handles 1号楼, hears the note on the request page; a neighbour never does', async () => {
    await signInAs('demo-grid-1');
    await openPage(`/requests/pages/detail/index?id=${requestId}&from=queue`);
    const onPage = screen().locator('.rdetail__voice .voice').first();
    await onPage.waitFor();
    expect(await screen().locator('.rdetail__event .voice').count()).toBe(1); // the reply's note
    await shot('grid-detail');
    // Public or not, another resident gets no voice (a voice identifies a person).
    const staff = await tokenOf('demo-staff-1');
    expect((await apiCall('POST', `/api/requests/${requestId}/visibility`, staff, { public: true })).status).toBe(200);
    const neighbour = await apiCall('GET', `/api/requests/${requestId}`, await tokenOf('demo-resident-2'));
    expect(neighbour.status).toBe(200);
    expect(neighbour.body.voice).toBeUndefined();
    expect(JSON.stringify(neighbour.body)).not.toContain('voice/');
    // In the app the neighbour reads that it was said by voice, and gets nothing to play.
    await signInAs('demo-resident-2');
    await openPage(`/requests/pages/detail/index?id=${requestId}`);
    await screen().getByText('居民以语音反映，语音只有办理人员能听。').waitFor();
    expect(await screen().locator('.voice').count()).toBe(0);
    await shot('neighbour-detail');
  });
});
