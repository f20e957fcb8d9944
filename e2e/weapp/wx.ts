import http from 'node:http';
import { wxApiNames } from './wx-api-names';

// The `wx` object of a headless WeChat: network, sign-in and storage are real (the local stack's API, wx.login
// giving the code the local WeChat emulator turns into the demo account's openid, storage in memory); what shows
// something to the person (toasts, modals, navigation, tab badges) or asks them for something (camera, album,
// location, phone calls, subscribe messages) is recorded and answered as WeChat would answer when nobody taps
// anything; every other WeChat API exists but records a problem when called, and reading a name that is no WeChat
// API at all records one too.

export type Callbacks = { success?: (res: unknown) => void; fail?: (err: unknown) => void; complete?: (res: unknown) => void };

export interface WxHost {
  /** The openid this phone signs in as: wx.login's code, which the local WeChat emulator takes as the openid. */
  openid: string;
  /** The local stack's API origin; requests to the build's baked-in API base are sent there. */
  apiBase: string;
  /** A WeChat API was called (recorded for the test to read). */
  called: (api: string, args: unknown) => void;
  /** Something the test must fail on. */
  problem: (kind: 'missing-wx-api' | 'not-wechat-api' | 'http', message: string) => void;
  /** An HTTP exchange finished (method, path, status; 0 when there was no answer). */
  answered: (method: string, path: string, status: number) => void;
  /** Network activity starts / ends (for waiting until a page has settled). */
  busy: (delta: 1 | -1) => void;
  /** Runs a callback of the page's code, recording what it throws (WeChat reports that to App.onError). */
  guard: (fn: () => void) => void;
  /** Schedules on the runtime's timers (cleared when it is disposed). */
  later: (fn: () => void, ms?: number) => void;
  /** A timer with its id, and clearing it (a canvas's requestAnimationFrame / cancelAnimationFrame). */
  timer: (fn: () => void, ms: number) => number;
  clear: (id: number) => void;
  /** Finds a node by id in the page on top (`#id`), with its size, for SelectorQuery. */
  findNode: (id: string) => { id: string; width: number; height: number; canvas: boolean } | null;
  /** The fake 2D context of a canvas node, recording what F2 draws. */
  canvasContext: (id: string) => unknown;
  /** Listeners registered with wx.onAppShow / onAppHide etc. */
  listeners: Map<string, Set<(arg?: unknown) => void>>;
}

/** Phone-ish answers of getSystemInfoSync / getWindowInfo / getDeviceInfo / getAppBaseInfo (an iPhone 13 on WeChat 8). */
export const PHONE = {
  brand: 'iPhone',
  model: 'iPhone 13<iPhone14,5>',
  pixelRatio: 3,
  screenWidth: 390,
  screenHeight: 844,
  windowWidth: 390,
  windowHeight: 763,
  statusBarHeight: 47,
  screenTop: 91,
  safeArea: { left: 0, right: 390, top: 47, bottom: 810, width: 390, height: 763 },
  language: 'zh_CN',
  version: '8.0.50',
  system: 'iOS 16.6',
  platform: 'ios',
  fontSizeSetting: 17,
  SDKVersion: '3.6.6',
  benchmarkLevel: 1,
  theme: 'light',
  enableDebug: false,
  deviceOrientation: 'portrait',
  host: { env: 'WeChat' },
};

const ok = (api: string, extra: Record<string, unknown> = {}) => ({ errMsg: `${api}:ok`, ...extra });

function respond(host: WxHost, opts: unknown, res: unknown, failed = false): void {
  const o = (opts ?? {}) as Callbacks;
  host.later(() =>
    host.guard(() => {
      if (failed) o.fail?.(res);
      else o.success?.(res);
      o.complete?.(res);
    }),
  );
}

/** An object whose every method is recorded and answers nothing (RecorderManager, InnerAudioContext, FileSystemManager). */
function recordingObject(host: WxHost, name: string): object {
  const state: Record<string | symbol, unknown> = {};
  return new Proxy(state, {
    get(target, prop) {
      if (prop in target || typeof prop === 'symbol') return target[prop];
      return (...args: unknown[]) => {
        host.called(`${name}.${String(prop)}`, args[0]);
        const first = args[0] as Callbacks | undefined;
        if (first && typeof first === 'object' && (first.fail || first.complete)) respond(host, first, { errMsg: `${String(prop)}:fail not available in the smoke test` }, true);
        return undefined;
      };
    },
  });
}

/** SelectorQuery: finds nodes by id in the page's rendered tree; canvases answer with a node whose 2D context records. */
function selectorQuery(host: WxHost) {
  const queue: (() => unknown)[] = [];
  const cbs: (((res: unknown) => void) | undefined)[] = [];
  const nodesRef = (selector: string) => {
    const lookup = () => (selector.startsWith('#') ? host.findNode(selector.slice(1)) : null);
    const add = (make: () => unknown, cb?: (res: unknown) => void) => {
      queue.push(make);
      cbs.push(cb);
      return query;
    };
    return {
      boundingClientRect: (cb?: (res: unknown) => void) => add(() => { const n = lookup(); return n && { id: n.id, dataset: {}, left: 0, top: 0, right: n.width, bottom: n.height, width: n.width, height: n.height }; }, cb),
      scrollOffset: (cb?: (res: unknown) => void) => add(() => { const n = lookup(); return n && { id: n.id, dataset: {}, scrollLeft: 0, scrollTop: 0, scrollWidth: n.width, scrollHeight: n.height }; }, cb),
      node: (cb?: (res: unknown) => void) => add(() => { const n = lookup(); return n && { node: canvasNode(n) }; }, cb),
      fields: (f: { node?: boolean; size?: boolean; rect?: boolean; id?: boolean }, cb?: (res: unknown) => void) =>
        add(() => {
          const n = lookup();
          if (!n) return null;
          return { ...(f.id ? { id: n.id } : {}), ...(f.size ? { width: n.width, height: n.height } : {}), ...(f.rect ? { left: 0, top: 0, right: n.width, bottom: n.height } : {}), ...(f.node ? { node: canvasNode(n) } : {}) };
        }, cb),
      context: (cb?: (res: unknown) => void) => add(() => null, cb),
    };
  };
  const canvasNode = (n: { id: string; canvas: boolean }) => {
    if (!n.canvas) return {};
    const canvas: Record<string, unknown> = {
      width: 300,
      height: 150,
      getContext: (kind: string) => (kind === '2d' ? host.canvasContext(n.id) : null),
      requestAnimationFrame: (cb: (t: number) => void) => host.timer(() => cb(Date.now()), 16),
      cancelAnimationFrame: (id: number) => host.clear(id),
      createImage: () => ({}),
      createPath2D: () => ({}),
    };
    return canvas;
  };
  const query = {
    in: () => query,
    select: nodesRef,
    selectAll: (s: string) => nodesRef(s),
    selectViewport: () => nodesRef('viewport'),
    exec: (cb?: (res: unknown[]) => void) => {
      host.later(() =>
        host.guard(() => {
          const res = queue.map((make) => make());
          res.forEach((r, i) => cbs[i]?.(r));
          cb?.(res);
        }),
      );
    },
  };
  return query;
}

function send(url: string, method: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export function createWx(host: WxHost): Record<string, unknown> {
  const { methods, properties } = wxApiNames();
  const storage = new Map<string, unknown>();
  const listen = (event: string) => (fn: (arg?: unknown) => void) => {
    if (!host.listeners.has(event)) host.listeners.set(event, new Set());
    host.listeners.get(event)!.add(fn);
  };
  const unlisten = (event: string) => (fn?: (arg?: unknown) => void) => {
    if (fn) host.listeners.get(event)?.delete(fn);
    else host.listeners.delete(event);
  };
  /** Recorded, answered with success (what WeChat answers when it shows or does the thing). */
  const shown = (api: string, result: Record<string, unknown> = {}) => (opts?: unknown) => {
    host.called(api, opts);
    respond(host, opts, ok(api, result));
  };
  /** Recorded, answered as when the person cancels (nobody is there to pick a photo, a place or a code). */
  const cancelled = (api: string) => (opts?: unknown) => {
    host.called(api, opts);
    respond(host, opts, { errMsg: `${api}:fail cancel` }, true);
  };

  const implemented: Record<string, unknown> = {
    // ---------------------------------------------------------------- network and sign-in
    request(opts: { url: string; method?: string; header?: Record<string, string>; data?: unknown; dataType?: string; responseType?: string; timeout?: number } & Callbacks) {
      const method = (opts.method ?? 'GET').toUpperCase();
      const target = new URL(opts.url);
      const base = new URL(host.apiBase);
      target.protocol = base.protocol;
      target.host = base.host;
      const headers: Record<string, string> = { ...(opts.header ?? {}) };
      let body: string | undefined;
      if (opts.data !== undefined && opts.data !== null) {
        if (method === 'GET' && typeof opts.data === 'object') {
          for (const [k, v] of Object.entries(opts.data as Record<string, unknown>)) target.searchParams.set(k, String(v));
        } else body = typeof opts.data === 'string' ? opts.data : JSON.stringify(opts.data);
      }
      const path = `${target.pathname}${target.search}`;
      host.busy(1);
      let aborted = false;
      send(target.toString(), method, headers, body, opts.timeout ?? 60_000).then(
        (res) => {
          host.busy(-1);
          if (aborted) return;
          host.answered(method, path, res.status);
          let data: unknown = res.text;
          if ((opts.dataType ?? 'json') === 'json') {
            try {
              data = JSON.parse(res.text);
            } catch {
              // WeChat hands the text over as it is when it is not JSON
            }
          }
          respond(host, opts, { data, statusCode: res.status, header: res.headers, cookies: [], errMsg: 'request:ok' });
        },
        (err: Error) => {
          host.busy(-1);
          host.answered(method, path, 0);
          host.problem('http', `${method} ${path}: no answer (${err.message})`);
          respond(host, opts, { errMsg: `request:fail ${err.message}` }, true);
        },
      );
      return { abort: () => { aborted = true; }, onHeadersReceived: () => undefined, offHeadersReceived: () => undefined, onChunkReceived: () => undefined, offChunkReceived: () => undefined };
    },
    login(opts?: Callbacks) {
      host.called('login', opts);
      respond(host, opts, ok('login', { code: host.openid }));
    },
    checkSession: shown('checkSession'),
    uploadFile: cancelled('uploadFile'),
    downloadFile: cancelled('downloadFile'),

    // ---------------------------------------------------------------- storage, in memory
    getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => void storage.set(key, JSON.parse(JSON.stringify(value ?? null))),
    removeStorageSync: (key: string) => void storage.delete(key),
    clearStorageSync: () => storage.clear(),
    getStorageInfoSync: () => ({ keys: [...storage.keys()], currentSize: 1, limitSize: 10240 }),
    getStorage(opts: { key: string } & Callbacks) {
      if (storage.has(opts.key)) respond(host, opts, ok('getStorage', { data: storage.get(opts.key) }));
      else respond(host, opts, { errMsg: 'getStorage:fail data not found' }, true);
    },
    setStorage(opts: { key: string; data: unknown } & Callbacks) {
      storage.set(opts.key, JSON.parse(JSON.stringify(opts.data ?? null)));
      respond(host, opts, ok('setStorage'));
    },
    removeStorage(opts: { key: string } & Callbacks) {
      storage.delete(opts.key);
      respond(host, opts, ok('removeStorage'));
    },
    clearStorage(opts?: Callbacks) {
      storage.clear();
      respond(host, opts, ok('clearStorage'));
    },
    getStorageInfo: (opts?: Callbacks) => respond(host, opts, ok('getStorageInfo', { keys: [...storage.keys()], currentSize: 1, limitSize: 10240 })),

    // ---------------------------------------------------------------- the phone
    getSystemInfoSync: () => ({ ...PHONE }),
    getSystemInfo: (opts?: Callbacks) => respond(host, opts, ok('getSystemInfo', { ...PHONE })),
    getSystemInfoAsync: (opts?: Callbacks) => respond(host, opts, ok('getSystemInfoAsync', { ...PHONE })),
    getWindowInfo: () => ({ pixelRatio: PHONE.pixelRatio, screenWidth: PHONE.screenWidth, screenHeight: PHONE.screenHeight, windowWidth: PHONE.windowWidth, windowHeight: PHONE.windowHeight, statusBarHeight: PHONE.statusBarHeight, safeArea: PHONE.safeArea, screenTop: PHONE.screenTop }),
    getDeviceInfo: () => ({ brand: PHONE.brand, model: PHONE.model, system: PHONE.system, platform: PHONE.platform, benchmarkLevel: 1, abi: 'arm64', memorySize: 4096 }),
    getAppBaseInfo: () => ({ SDKVersion: PHONE.SDKVersion, enableDebug: false, host: PHONE.host, language: PHONE.language, version: PHONE.version, theme: PHONE.theme, fontSizeSetting: PHONE.fontSizeSetting }),
    getSystemSetting: () => ({ bluetoothEnabled: false, locationEnabled: true, wifiEnabled: true, deviceOrientation: 'portrait' }),
    getAppAuthorizeSetting: () => ({ albumAuthorized: 'authorized', cameraAuthorized: 'authorized', locationAuthorized: 'authorized', microphoneAuthorized: 'authorized', notificationAuthorized: 'authorized' }),
    getMenuButtonBoundingClientRect: () => ({ width: 87, height: 32, top: 51, right: 382, bottom: 83, left: 295 }),
    getAccountInfoSync: () => ({ miniProgram: { appId: 'wx-local-dev', envVersion: 'develop', version: '' } }),
    getLaunchOptionsSync: () => ({ path: 'pages/home/index', query: {}, scene: 1001, referrerInfo: {} }),
    getEnterOptionsSync: () => ({ path: 'pages/home/index', query: {}, scene: 1001, referrerInfo: {} }),
    canIUse: () => true,
    getNetworkType: (opts?: Callbacks) => respond(host, opts, ok('getNetworkType', { networkType: 'wifi' })),
    nextTick: (fn: () => void) => host.later(() => host.guard(fn)),
    getUpdateManager: () => ({ onCheckForUpdate: () => undefined, onUpdateReady: () => undefined, onUpdateFailed: () => undefined, applyUpdate: () => host.called('UpdateManager.applyUpdate', null) }),
    createSelectorQuery: () => selectorQuery(host),
    createOffscreenCanvas: (o?: { width?: number; height?: number }) => ({
      width: o?.width ?? 300,
      height: o?.height ?? 150,
      getContext: (kind: string) => (kind === '2d' ? host.canvasContext('offscreen') : null),
      createImage: () => ({}),
    }),
    getRecorderManager: () => recordingObject(host, 'RecorderManager'),
    createInnerAudioContext: () => recordingObject(host, 'InnerAudioContext'),
    getFileSystemManager: () => recordingObject(host, 'FileSystemManager'),
    env: { USER_DATA_PATH: 'wxfile://usr' },
    onAppShow: listen('appShow'),
    offAppShow: unlisten('appShow'),
    onAppHide: listen('appHide'),
    offAppHide: unlisten('appHide'),
    onNetworkStatusChange: listen('networkStatusChange'),
    offNetworkStatusChange: unlisten('networkStatusChange'),
    onError: listen('error'),
    offError: unlisten('error'),
    onUnhandledRejection: listen('unhandledRejection'),
    offUnhandledRejection: unlisten('unhandledRejection'),
    onPageNotFound: listen('pageNotFound'),
    offPageNotFound: unlisten('pageNotFound'),
    onMemoryWarning: listen('memoryWarning'),
    onWindowResize: listen('windowResize'),
    offWindowResize: unlisten('windowResize'),
    onThemeChange: listen('themeChange'),
    offThemeChange: unlisten('themeChange'),

    // ---------------------------------------------------------------- privacy (WeChat asks the app's popup first)
    onNeedPrivacyAuthorization: listen('needPrivacyAuthorization'),
    requirePrivacyAuthorize: shown('requirePrivacyAuthorize'),
    getPrivacySetting: (opts?: Callbacks) => respond(host, opts, ok('getPrivacySetting', { needAuthorization: false, privacyContractName: '《邻里小程序隐私保护指引》' })),
    openPrivacyContract: shown('openPrivacyContract'),

    // ---------------------------------------------------------------- shown to the person: recorded
    showToast: shown('showToast'),
    hideToast: shown('hideToast'),
    showLoading: shown('showLoading'),
    hideLoading: shown('hideLoading'),
    showModal: (opts?: unknown) => {
      host.called('showModal', opts);
      // Nobody taps: answered as 取消 (a modal without a cancel button would wait; its confirm is what closes it).
      const showCancel = (opts as { showCancel?: boolean } | undefined)?.showCancel !== false;
      respond(host, opts, ok('showModal', showCancel ? { confirm: false, cancel: true } : { confirm: true, cancel: false }));
    },
    showActionSheet: cancelled('showActionSheet'),
    setNavigationBarTitle: shown('setNavigationBarTitle'),
    setNavigationBarColor: shown('setNavigationBarColor'),
    showNavigationBarLoading: shown('showNavigationBarLoading'),
    hideNavigationBarLoading: shown('hideNavigationBarLoading'),
    setBackgroundColor: shown('setBackgroundColor'),
    setBackgroundTextStyle: shown('setBackgroundTextStyle'),
    pageScrollTo: shown('pageScrollTo'),
    startPullDownRefresh: shown('startPullDownRefresh'),
    stopPullDownRefresh: shown('stopPullDownRefresh'),
    setTabBarBadge: shown('setTabBarBadge'),
    removeTabBarBadge: shown('removeTabBarBadge'),
    showTabBarRedDot: shown('showTabBarRedDot'),
    hideTabBarRedDot: shown('hideTabBarRedDot'),
    setTabBarItem: shown('setTabBarItem'),
    setTabBarStyle: shown('setTabBarStyle'),
    showTabBar: shown('showTabBar'),
    hideTabBar: shown('hideTabBar'),
    showShareMenu: shown('showShareMenu'),
    hideShareMenu: shown('hideShareMenu'),
    updateShareMenu: shown('updateShareMenu'),
    setKeepScreenOn: shown('setKeepScreenOn'),
    vibrateShort: shown('vibrateShort'),
    navigateTo: shown('navigateTo'),
    redirectTo: shown('redirectTo'),
    switchTab: shown('switchTab'),
    reLaunch: shown('reLaunch'),
    navigateBack: shown('navigateBack'),
    setClipboardData: shown('setClipboardData'),
    requestSubscribeMessage: shown('requestSubscribeMessage'),

    // ---------------------------------------------------------------- asks the person: nobody answers
    chooseMedia: cancelled('chooseMedia'),
    chooseImage: cancelled('chooseImage'),
    chooseLocation: cancelled('chooseLocation'),
    openLocation: cancelled('openLocation'),
    scanCode: cancelled('scanCode'),
    makePhoneCall: cancelled('makePhoneCall'),
    previewImage: cancelled('previewImage'),
    previewMedia: cancelled('previewMedia'),
    openDocument: cancelled('openDocument'),
    shareFileMessage: cancelled('shareFileMessage'),
    getClipboardData: cancelled('getClipboardData'),
  };

  const target: Record<string, unknown> = {};
  for (const name of [...methods, ...properties]) {
    if (name in implemented) continue;
    if (properties.has(name)) {
      target[name] = undefined;
      continue;
    }
    target[name] = (opts?: unknown) => {
      host.problem('missing-wx-api', `wx.${name} was called, which the smoke test's wx does not implement`);
      respond(host, opts, { errMsg: `${name}:fail not implemented in the smoke test` }, true);
    };
  }
  for (const [name, value] of Object.entries(implemented)) {
    if (!methods.has(name) && !properties.has(name)) throw new Error(`the shim implements wx.${name}, which is not in WeChat's typings`);
    target[name] = value;
  }
  // Set by the bundles themselves: webpack's chunk list (runtime.js reads it before the first chunk sets it).
  const OWN = new Set(['webpackJsonp']);
  return new Proxy(target, {
    get(t, prop) {
      if (typeof prop === 'symbol' || prop in t) return t[prop as string];
      if (!OWN.has(prop)) host.problem('not-wechat-api', `wx.${prop} was read: WeChat has no such API`);
      return undefined;
    },
  });
}
