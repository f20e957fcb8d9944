import fs from 'node:fs';
import path from 'node:path';
import { format } from 'node:util';
import vm from 'node:vm';
import { parse } from 'acorn';
import { applySetData, fieldTextsOf, missingTemplates, readTemplates, textsOf, walk, type TaroNode, type Templates } from './tree';
import { createWx, PHONE, type WxHost } from './wx';

// A headless WeChat for Taro's weapp build: one phone, signed in (or not) as one person. It loads the build's
// app.js and page scripts the way WeChat's logic layer does — each file a module with its own require, in a
// JavaScript realm of its own whose globals are only what WeChat's are (wx, App, Page, Component, getApp,
// getCurrentPages, timers, console) — runs the App and Page lifecycles, applies each setData to the page's data as
// WeChat does, and records everything a test should fail on:
//   - an error thrown by the page's code (at load, in a lifecycle, a timer or a callback) or a rejected promise
//     nobody handled;
//   - a WeChat API the page calls that the shim does not implement, and any `wx.x` that is no WeChat API;
//   - a browser or Node global (window, document, localStorage, fetch, URL, process…) read by page code other than
//     in a `typeof` test: WeChat's module wrapper passes most of them as undefined, the rest do not exist;
//   - console.error, an API answer >= 400 that the test did not expect, a setData over WeChat's 1 MB limit;
//   - a node whose template base.wxml lacks (WeChat would render nothing);
//   - syntax newer than ES2017 in any file loaded (acorn), which older phones' engines refuse.
// What it cannot see: WXML/WXSS rendering and layout, native components, WeChat's own dialogs.

export type ProblemKind =
  | 'error'
  | 'rejection'
  | 'missing-wx-api'
  | 'not-wechat-api'
  | 'browser-global'
  | 'console-error'
  | 'http'
  | 'setdata'
  | 'template'
  | 'syntax'
  | 'timeout';

export interface Problem {
  kind: ProblemKind;
  message: string;
  /** The page on top when it happened ('' before any page). */
  page: string;
}

export interface HttpExchange {
  method: string;
  path: string;
  status: number;
  page: string;
}

export interface WxCall {
  api: string;
  args: unknown;
  page: string;
}

/** Globals a browser or Node has and WeChat's logic layer does not. */
const NOT_IN_WECHAT = [
  'window', 'document', 'navigator', 'location', 'history', 'localStorage', 'sessionStorage', 'indexedDB', 'caches', 'screen', 'frames', 'self', 'parent', 'top',
  'alert', 'confirm', 'prompt', 'fetch', 'XMLHttpRequest', 'WebSocket', 'EventSource', 'URL', 'URLSearchParams', 'TextEncoder', 'TextDecoder', 'AbortController',
  'AbortSignal', 'Blob', 'File', 'FileReader', 'FormData', 'Headers', 'Request', 'Response', 'Image', 'Audio', 'Element', 'HTMLElement', 'Node', 'Event',
  'CustomEvent', 'EventTarget', 'MutationObserver', 'IntersectionObserver', 'ResizeObserver', 'requestAnimationFrame', 'cancelAnimationFrame',
  'requestIdleCallback', 'cancelIdleCallback', 'getComputedStyle', 'matchMedia', 'atob', 'btoa', 'structuredClone', 'MessageChannel', 'BroadcastChannel',
  'Worker', 'crypto', 'performance', 'queueMicrotask', 'global', 'process', 'Buffer', 'setImmediate', 'clearImmediate', 'module', 'exports', 'require',
  '__dirname', '__filename',
];

const realSetTimeout = setTimeout;
const realClearTimeout = clearTimeout;
const realSetInterval = setInterval;
const realClearInterval = clearInterval;
const sleep = (ms: number) => new Promise<void>((resolve) => realSetTimeout(resolve, ms));

/** acorn at ES2017 once per file and process: the target engines' syntax (issue 17, step 5). */
const syntaxChecked = new Map<string, string | null>();
function syntaxError(file: string, src: string): string | null {
  if (!syntaxChecked.has(file)) {
    try {
      parse(src, { ecmaVersion: 2017, sourceType: 'script' });
      syntaxChecked.set(file, null);
    } catch (err) {
      const e = err as SyntaxError & { pos?: number };
      const at = e.pos ?? 0;
      syntaxChecked.set(file, `${e.message} near ${JSON.stringify(src.slice(Math.max(0, at - 40), at + 40))}`);
    }
  }
  return syntaxChecked.get(file)!;
}

/** Every bundle file acorn has checked in this process (for the test's summary). */
export function checkedFiles(): string[] {
  return [...syntaxChecked.keys()];
}

/** The files among them that are not ES2017, with acorn's message. */
export function syntaxProblems(): string[] {
  return [...syntaxChecked].filter(([, bad]) => bad).map(([file, bad]) => `${file}: ${bad}`);
}

const errorText = (e: unknown): string => {
  const stack = (e as { stack?: unknown } | null)?.stack;
  return typeof stack === 'string' ? stack.split('\n').slice(0, 8).join('\n') : String(e);
};

interface PageInstance {
  route: string;
  __route__: string;
  options: Record<string, string>;
  data: { root?: TaroNode } & Record<string, unknown>;
  setData: (payload: Record<string, unknown>, cb?: () => void) => void;
  eh?: (event: unknown) => unknown;
  onLoad?: (q: Record<string, string>) => void;
  onShow?: () => void;
  onReady?: () => void;
  onHide?: () => void;
  onUnload?: () => void;
  onPullDownRefresh?: () => void;
  onReachBottom?: () => void;
  [key: string]: unknown;
}

export interface RuntimeOptions {
  /** The weapp build folder (app.json, app.js…). */
  dist: string;
  /** The local stack's API origin (E2E_API_BASE). */
  apiBase: string;
  /** Who this phone signs in as: wx.login's code, which the local WeChat emulator takes as the openid. */
  openid: string;
  /**
   * Reads of a missing global that are known to be harmless (a library probing inside try/catch), matched on the
   * code around the read; each says why.
   */
  tolerate?: { name: string; near: RegExp; why: string }[];
}

export class WeappRuntime {
  readonly problems: Problem[] = [];
  readonly http: HttpExchange[] = [];
  readonly calls: WxCall[] = [];
  readonly templates: Templates;
  /** Texts drawn on each canvas (F2 charts) by fillText / strokeText, by canvas id. */
  readonly canvasTexts = new Map<string, string[]>();
  private readonly context: vm.Context;
  private readonly modules = new Map<string, { exports: unknown }>();
  private readonly pageConfigs = new Map<string, Record<string, unknown>>();
  private readonly stack: PageInstance[] = [];
  private readonly timers = new Map<number, { handle: NodeJS.Timeout; interval: boolean }>();
  private readonly listeners = new Map<string, Set<(arg?: unknown) => void>>();
  private readonly sources = new Map<string, string>();
  private loadingRoute: string | null = null;
  private app: Record<string, unknown> | null = null;
  private nextTimer = 1;
  private inflight = 0;
  private lastActivity = Date.now();
  private disposed = false;
  private restoreRejections: (() => void) | null = null;
  private nextWebviewId = 1;

  constructor(private readonly opts: RuntimeOptions) {
    this.templates = readTemplates(opts.dist);
    const host: WxHost = {
      openid: opts.openid,
      apiBase: opts.apiBase,
      called: (api, args) => this.calls.push({ api, args: this.plain(args), page: this.top() }),
      problem: (kind, message) => this.problem(kind, message),
      answered: (method, p, status) => {
        this.http.push({ method, path: p, status, page: this.top() });
        this.touch();
      },
      busy: (delta) => {
        this.inflight += delta;
        this.touch();
      },
      guard: (fn) => this.guard('callback', fn),
      later: (fn, ms = 0) => this.later(fn, ms),
      timer: (fn, ms) => this.timer(false, fn, ms, []),
      clear: (timerId) => this.clearTimer(timerId),
      findNode: (id) => this.findNode(id),
      canvasContext: (id) => this.canvasContext(id),
      listeners: this.listeners,
    };
    const sandbox: Record<string, unknown> = {
      wx: createWx(host),
      App: (config: Record<string, unknown>) => {
        this.app = config;
      },
      Page: (config: Record<string, unknown>) => {
        if (!this.loadingRoute) this.problem('error', 'Page() called outside a page script');
        else this.pageConfigs.set(this.loadingRoute, config);
      },
      Component: () => undefined,
      Behavior: (b: unknown) => b,
      getApp: () => this.app,
      getCurrentPages: () => [...this.stack],
      requirePlugin: (name: string) => {
        this.problem('missing-wx-api', `requirePlugin(${JSON.stringify(name)}): the app declares no plugins`);
        return {};
      },
      console: this.console(),
      setTimeout: (fn: unknown, ms?: number, ...args: unknown[]) => this.timer(false, fn, ms, args),
      setInterval: (fn: unknown, ms?: number, ...args: unknown[]) => this.timer(true, fn, ms, args),
      clearTimeout: (id: number) => this.clearTimer(id),
      clearInterval: (id: number) => this.clearTimer(id),
    };
    for (const name of NOT_IN_WECHAT)
      Object.defineProperty(sandbox, name, { configurable: true, enumerable: false, get: () => this.browserGlobal(name, new Error().stack ?? '') });
    this.context = vm.createContext(sandbox, { name: `weapp ${opts.openid}` });
  }

  // ---------------------------------------------------------------- lifecycle of the app

  /** Loads app.js and runs App's onLaunch and onShow, as WeChat does on a cold start at 首页. */
  launch(): void {
    this.takeOverRejections();
    this.guard('load app.js', () => this.require('app.js'));
    if (!this.app) {
      this.problem('error', 'app.js did not call App()');
      return;
    }
    const app = this.app;
    const launch = { path: 'pages/home/index', query: {}, scene: 1001, referrerInfo: {} };
    this.guard('App.onLaunch', () => (app.onLaunch as ((o: unknown) => void) | undefined)?.call(app, launch));
    this.guard('App.onShow', () => (app.onShow as ((o: unknown) => void) | undefined)?.call(app, launch));
    for (const fn of this.listeners.get('appShow') ?? []) this.guard('wx.onAppShow listener', () => fn(launch));
  }

  /**
   * Opens a page as WeChat does when it is navigated to: loads its script (once), creates the page instance,
   * runs onLoad(query), onShow, then onReady after the first render, and waits until its requests and renders have
   * settled. Returns a handle to read and tap it.
   */
  async open(route: string, query: Record<string, string> = {}): Promise<OpenedPage> {
    route = route.replace(/^\/+/, '');
    if (!this.pageConfigs.has(route)) {
      this.loadingRoute = route;
      this.guard(`load ${route}.js`, () => this.require(`${route}.js`));
      this.loadingRoute = null;
    }
    const config = this.pageConfigs.get(route);
    if (!config) throw new Error(`${route}: its script did not call Page() (${this.problems.map((p) => p.message).join('; ')})`);
    const below = this.stack[this.stack.length - 1];
    if (below) this.guard(`${below.route} onHide`, () => below.onHide?.call(below));
    const page = this.instance(route, config, query);
    this.stack.push(page);
    this.guard(`${route} onLoad`, () => page.onLoad?.call(page, { ...query }));
    this.guard(`${route} onShow`, () => page.onShow?.call(page));
    const opened = new OpenedPage(this, page);
    await this.until(() => opened.renders > 0, 10_000);
    this.guard(`${route} onReady`, () => page.onReady?.call(page));
    await this.settle();
    return opened;
  }

  /** Unloads the page on top (onUnload, React unmounts it). */
  async close(): Promise<void> {
    const page = this.stack.pop();
    if (!page) return;
    this.guard(`${page.route} onUnload`, () => page.onUnload?.call(page));
    await this.settle(100);
  }

  /** Waits until no request is in flight and nothing rendered for `quietMs`. */
  async settle(quietMs = 300, maxMs = 20_000): Promise<void> {
    const start = Date.now();
    for (;;) {
      await sleep(40);
      if (this.inflight === 0 && Date.now() - this.lastActivity >= quietMs) return;
      if (Date.now() - start > maxMs) {
        this.problem('timeout', `still busy after ${maxMs} ms (${this.inflight} requests in flight)`);
        return;
      }
    }
  }

  /** Stops every timer, answers nothing more, and gives the process's unhandled-rejection listeners back. */
  dispose(): void {
    this.disposed = true;
    for (const { handle, interval } of this.timers.values()) (interval ? realClearInterval : realClearTimeout)(handle);
    this.timers.clear();
    this.restoreRejections?.();
    this.restoreRejections = null;
  }

  /** Route of the page on top. */
  top(): string {
    return this.stack[this.stack.length - 1]?.route ?? '';
  }

  touch(): void {
    this.lastActivity = Date.now();
  }

  problem(kind: ProblemKind, message: string): void {
    this.problems.push({ kind, message, page: this.top() });
  }

  /** Runs the page's code, recording what it throws. */
  guard(where: string, fn: () => void): void {
    if (this.disposed) return;
    try {
      fn();
    } catch (err) {
      this.problem('error', `${where}: ${errorText(err)}`);
    }
  }

  // ---------------------------------------------------------------- modules

  /** WeChat's require: paths relative to the requiring file, `.js` optional; `require.async` for subpackages. */
  private require(rel: string): unknown {
    rel = path.posix.normalize(rel.endsWith('.js') ? rel : `${rel}.js`);
    const cached = this.modules.get(rel);
    if (cached) return cached.exports;
    const file = path.join(this.opts.dist, rel);
    if (!fs.existsSync(file)) throw new Error(`module "${rel}" is not defined`);
    const src = fs.readFileSync(file, 'utf8');
    this.sources.set(file, src);
    const bad = syntaxError(rel, src);
    if (bad) this.problem('syntax', `${rel} is not ES2017: ${bad}`);
    const module = { exports: {} as unknown };
    this.modules.set(rel, module);
    const dir = path.posix.dirname(rel);
    const localRequire = Object.assign((p: string) => this.require(path.posix.join(dir, p)), {
      async: (p: string) =>
        new Promise((resolve, reject) =>
          this.later(() => {
            try {
              resolve(this.require(path.posix.join(dir, p)));
            } catch (err) {
              reject(err);
            }
          }),
        ),
    });
    // One line of wrapper before the file, taken back by lineOffset, so stack positions are the file's own.
    const script = new vm.Script(`(function (require, module, exports) {\n${src}\n})`, { filename: file, lineOffset: -1 });
    const fn = script.runInContext(this.context) as (r: unknown, m: unknown, e: unknown) => void;
    this.touch();
    fn(localRequire, module, module.exports);
    this.touch(); // a large bundle (F2) takes a while to run: settling counts from its end
    return module.exports;
  }

  // ---------------------------------------------------------------- pages

  private instance(route: string, config: Record<string, unknown>, query: Record<string, string>): PageInstance {
    const page = { route, __route__: route, options: { ...query }, __wxWebviewId__: this.nextWebviewId++ } as unknown as PageInstance;
    for (const [k, v] of Object.entries(config)) if (k !== 'data') page[k] = v;
    page.data = JSON.parse(JSON.stringify(config.data ?? {}));
    const renders = { count: 0, maxBytes: 0 };
    page.__renders = renders;
    page.setData = (payload, cb) => {
      if (this.disposed) return;
      const bytes = Buffer.byteLength(JSON.stringify(payload));
      renders.count++;
      renders.maxBytes = Math.max(renders.maxBytes, bytes);
      if (bytes > 1024 * 1024) this.problem('setdata', `${route}: one setData of ${Math.round(bytes / 1024)} KB (WeChat refuses over 1024 KB)`);
      applySetData(page.data, payload);
      this.touch();
      if (cb) this.later(() => this.guard(`${route} setData callback`, cb));
    };
    page.selectComponent = () => null;
    page.selectAllComponents = () => [];
    page.createSelectorQuery = () => (this.context.wx as { createSelectorQuery: () => unknown }).createSelectorQuery();
    page.getOpenerEventChannel = () => ({ emit: () => undefined, on: () => undefined, once: () => undefined, off: () => undefined });
    page.getPageId = () => `pageId:${page.__wxWebviewId__ as number}`;
    return page;
  }

  private findNode(id: string): { id: string; width: number; height: number; canvas: boolean } | null {
    const root = this.stack[this.stack.length - 1]?.data.root;
    if (!root) return null;
    for (const { node } of walk(root)) {
      if (node.uid !== id && node.sid !== id) continue;
      const style = String(node.st ?? '');
      const px = (prop: string, fallback: number) => {
        const m = new RegExp(`(?:^|;)\\s*${prop}\\s*:\\s*([\\d.]+)px`).exec(style);
        return m ? Number(m[1]) : fallback;
      };
      // Pages have 16 px of padding each side (app.css): a 100%-wide box is the window less that.
      return { id, width: px('width', PHONE.windowWidth - 32), height: px('height', 150), canvas: this.templates.byNode.get(String(node.nn))?.tag === 'canvas' };
    }
    return null;
  }

  /** A CanvasRenderingContext2D that draws nothing and remembers the texts (F2's axis labels and legends). */
  private canvasContext(id: string): unknown {
    const texts: string[] = [];
    this.canvasTexts.set(id, texts);
    const state: Record<string, unknown> = {
      fillStyle: '#000000', strokeStyle: '#000000', lineWidth: 1, font: '10px sans-serif', globalAlpha: 1, textAlign: 'start', textBaseline: 'alphabetic',
      lineCap: 'butt', lineJoin: 'miter', miterLimit: 10, shadowBlur: 0, shadowColor: 'rgba(0, 0, 0, 0)', shadowOffsetX: 0, shadowOffsetY: 0,
      globalCompositeOperation: 'source-over', lineDashOffset: 0, direction: 'inherit', imageSmoothingEnabled: true, filter: 'none',
    };
    const fontPx = () => Number(/([\d.]+)px/.exec(String(state.font))?.[1] ?? 10);
    const noop = () => undefined;
    const drew = (t: unknown) => {
      texts.push(String(t));
      this.touch();
    };
    const methods: Record<string, (...a: unknown[]) => unknown> = {
      fillText: drew,
      strokeText: drew,
      measureText: (t) => ({ width: [...String(t)].reduce((w, ch) => w + (ch.charCodeAt(0) > 0xff ? 1 : 0.6), 0) * fontPx(), actualBoundingBoxAscent: fontPx() * 0.8, actualBoundingBoxDescent: fontPx() * 0.2 }),
      createLinearGradient: () => ({ addColorStop: noop }),
      createRadialGradient: () => ({ addColorStop: noop }),
      createConicGradient: () => ({ addColorStop: noop }),
      createPattern: () => ({}),
      getImageData: (_x, _y, w, h) => ({ data: new Uint8ClampedArray(Math.max(1, Number(w) * Number(h) * 4)), width: w, height: h }),
      createImageData: (w, h) => ({ data: new Uint8ClampedArray(Math.max(1, Number(w) * Number(h) * 4)), width: w, height: h }),
      isPointInPath: () => false,
      isPointInStroke: () => false,
      getLineDash: () => [],
      getTransform: () => ({ a: 1, b: 0, c: 0, d: 1, e: 0, f: 0 }),
    };
    for (const m of ['save', 'restore', 'scale', 'rotate', 'translate', 'transform', 'setTransform', 'resetTransform', 'beginPath', 'closePath', 'moveTo', 'lineTo', 'bezierCurveTo', 'quadraticCurveTo', 'arc', 'arcTo', 'ellipse', 'rect', 'roundRect', 'fill', 'stroke', 'clip', 'fillRect', 'strokeRect', 'clearRect', 'drawImage', 'setLineDash', 'putImageData', 'draw'])
      methods[m] = noop;
    return new Proxy(state, {
      get: (t, prop) => (typeof prop === 'string' && prop in methods ? methods[prop] : t[prop as string]),
      set: (t, prop, value) => {
        t[prop as string] = value;
        return true;
      },
    });
  }

  // ---------------------------------------------------------------- the realm's globals

  private browserGlobal(name: string, stack: string): undefined {
    // The first frame in a bundle file is where the page's code read the name; `typeof name` is a fair test.
    for (const line of stack.split('\n').slice(1)) {
      const m = /\(?([^()\s]+):(\d+):(\d+)\)?$/.exec(line.trim());
      if (!m || !m[1]!.startsWith(this.opts.dist)) continue;
      const src = this.sources.get(m[1]!) ?? '';
      const lines = src.split('\n');
      const at = lines[Number(m[2]) - 1] ?? '';
      const col = Number(m[3]) - 1;
      // V8 points at the start of the expression being evaluated (`"undefined"!==typeof x` starts at the string):
      // the read is the first free occurrence of the name from there on.
      const free = new RegExp(`(?<![\\w$.])${name}(?![\\w$])`, 'g');
      free.lastIndex = col;
      const hit = free.exec(at);
      if (hit && /typeof\s*\(?\s*$/.test(at.slice(Math.max(0, hit.index - 10), hit.index))) return undefined;
      const around = at.slice(Math.max(0, col - 200), col + 200);
      if (this.opts.tolerate?.some((t) => t.name === name && t.near.test(around))) return undefined;
      this.problem('browser-global', `${name} read at ${path.relative(this.opts.dist, m[1]!)}:${m[2]}:${m[3]} near ${JSON.stringify(at.slice(Math.max(0, col - 50), col + 50))} — WeChat has no ${name}`);
      return undefined;
    }
    this.problem('browser-global', `${name} read (no bundle frame on the stack: ${stack.split('\n').slice(1, 4).join(' | ')})`);
    return undefined;
  }

  private console(): Record<string, unknown> {
    const quiet = () => undefined;
    return new Proxy(
      {
        error: (...args: unknown[]) => this.problem('console-error', format(...args).slice(0, 2000)),
      } as Record<string, unknown>,
      { get: (t, prop) => (typeof prop === 'string' && prop in t ? t[prop] : quiet) },
    );
  }

  private timer(interval: boolean, fn: unknown, ms: number | undefined, args: unknown[]): number {
    const id = this.nextTimer++;
    if (this.disposed) return id;
    const run = () => {
      if (!interval) this.timers.delete(id);
      if (typeof fn === 'function') this.guard(interval ? 'setInterval callback' : 'setTimeout callback', () => fn(...args));
    };
    const handle = interval ? realSetInterval(run, Math.max(1, ms ?? 0)) : realSetTimeout(run, ms ?? 0);
    this.timers.set(id, { handle, interval });
    return id;
  }

  private clearTimer(id: number): void {
    const t = this.timers.get(id);
    if (!t) return;
    (t.interval ? realClearInterval : realClearTimeout)(t.handle);
    this.timers.delete(id);
  }

  private later(fn: () => void, ms = 0): void {
    if (this.disposed) return;
    this.timer(false, fn, ms, []);
  }

  /** Waits until `cond` holds or `maxMs` passed; returns whether it held. */
  async until(cond: () => boolean, maxMs: number): Promise<boolean> {
    const start = Date.now();
    while (!cond() && Date.now() - start < maxMs) await sleep(20);
    return cond();
  }

  /**
   * While this phone runs, unhandled rejections are its own: Node reports them process-wide (every realm shares the
   * microtask queue), and jest's environment hides the real process object, so the listeners are taken over
   * through the main realm (vm.runInThisContext) and given back on dispose.
   */
  private takeOverRejections(): void {
    const proc = vm.runInThisContext('process') as NodeJS.Process;
    const before = proc.listeners('unhandledRejection');
    const pending = new Map<Promise<unknown>, Problem>();
    const onUnhandled = (reason: unknown, promise: Promise<unknown>) => {
      const problem: Problem = { kind: 'rejection', message: `unhandled rejection: ${errorText(reason)}`, page: this.top() };
      pending.set(promise, problem);
      this.problems.push(problem);
    };
    const onHandled = (promise: Promise<unknown>) => {
      const p = pending.get(promise);
      if (!p) return;
      const i = this.problems.indexOf(p);
      if (i >= 0) this.problems.splice(i, 1);
    };
    proc.removeAllListeners('unhandledRejection');
    proc.on('unhandledRejection', onUnhandled);
    proc.on('rejectionHandled', onHandled);
    this.restoreRejections = () => {
      proc.off('unhandledRejection', onUnhandled);
      proc.off('rejectionHandled', onHandled);
      for (const l of before) proc.on('unhandledRejection', l as (...a: unknown[]) => void);
    };
  }

  private plain(v: unknown): unknown {
    try {
      return v === undefined ? undefined : JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'function' ? undefined : x)));
    } catch {
      return String(v);
    }
  }
}

/** A page opened in the runtime: what it rendered, and taps on it. */
export class OpenedPage {
  constructor(
    private readonly runtime: WeappRuntime,
    private readonly page: PageInstance,
  ) {}

  get route(): string {
    return this.page.route;
  }

  /** How many times the page called setData, and the largest payload in bytes. */
  get renders(): number {
    return (this.page.__renders as { count: number }).count;
  }

  get largestSetData(): number {
    return (this.page.__renders as { maxBytes: number }).maxBytes;
  }

  get root(): TaroNode | undefined {
    return this.page.data.root;
  }

  /** The texts on the page, in order. */
  texts(): string[] {
    return textsOf(this.root);
  }

  /** Placeholders and values of text boxes. */
  fields(): string[] {
    return fieldTextsOf(this.root, this.runtime.templates);
  }

  /** Template names the tree asks for that base.wxml lacks. */
  missingTemplates(): string[] {
    return missingTemplates(this.root, this.runtime.templates);
  }

  /**
   * Taps the text: WeChat delivers `tap` to the nearest element bound with bindtap and bubbles it up (catchtap stops
   * it), each time calling the page's `eh` with that element as currentTarget; bindings come from base.wxml.
   */
  async tap(text: string): Promise<void> {
    const root = this.root;
    if (!root) throw new Error(`${this.page.route}: nothing rendered to tap`);
    const hit = [...walk(root)].find(({ node }) => typeof node.v === 'string' && node.v.trim() === text);
    if (!hit) throw new Error(`${this.page.route}: no text "${text}" to tap; the page shows: ${this.texts().join(' | ')}`);
    const chain = hit.ancestors.slice(1).reverse(); // nearest element first, the page root left out
    const target = chain[0];
    if (!target?.sid) throw new Error(`${this.page.route}: "${text}" sits in no element`);
    const eh = this.page.eh;
    if (typeof eh !== 'function') throw new Error(`${this.page.route}: the page has no event handler`);
    let delivered = 0;
    for (const el of chain) {
      const binding = this.runtime.templates.byNode.get(String(el.nn))?.tap;
      if (!binding) continue;
      const event = {
        type: 'tap',
        timeStamp: Date.now(),
        target: { id: target.uid ?? target.sid, dataset: { sid: target.sid } },
        currentTarget: { id: el.uid ?? el.sid, dataset: { sid: el.sid } },
        detail: { x: 20, y: 20 },
        touches: [],
        changedTouches: [],
        mark: {},
      };
      delivered++;
      this.runtime.guard(`${this.page.route} tap on "${text}"`, () => eh.call(this.page, event));
      if (binding === 'catch') break;
    }
    if (!delivered) throw new Error(`${this.page.route}: "${text}" is in no element that listens to taps`);
    this.runtime.touch();
    await this.runtime.settle();
  }
}
