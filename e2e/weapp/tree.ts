import fs from 'node:fs';
import path from 'node:path';
import { runInNewContext } from 'node:vm';

// What a Taro page hands to WeChat's setData, and how to read it. Taro (4.x, @tarojs/runtime's hydrate and
// TaroRootElement.performUpdate) renders the React tree into a serialized element tree under `root`: every node is
// `{ nn, sid, uid?, cn: [...children], cl?: class, st?: style, p0…pN: component props }`, a text node is
// `{ sid, v: text, nn }`, and node names are numbered aliases whose templates live in base.wxml (`tmpl_0_<nn>`).
// The first render sets `root.cn`; later updates set paths such as `root.cn.[0].cn.[2].v` or `root.cn.[0].cn`.

export interface TaroNode {
  nn?: string | number;
  sid?: string;
  uid?: string;
  v?: string;
  cl?: string;
  st?: string;
  cn?: TaroNode[];
  [prop: string]: unknown;
}

/** One component template of base.wxml: its tag and which alias (`p0`…) carries which attribute. */
export interface Template {
  tag: string;
  attrs: Record<string, string>;
  /** Whether the template delivers taps to the page's `eh`, and whether it stops them there (catchtap). */
  tap: 'bind' | 'catch' | null;
}

/** Splits a setData path (`root.cn.[0].v`, `a.b[1]`) into keys and array indexes. */
export function parsePath(p: string): (string | number)[] {
  const keys: (string | number)[] = [];
  const re = /\[(\d+)\]|([^.[\]]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(p))) keys.push(m[1] !== undefined ? Number(m[1]) : m[2]!);
  return keys;
}

/**
 * Applies one setData payload to a page's data the way WeChat does: each key is a path, values are copied as JSON
 * (functions and undefined dropped), missing objects and arrays along a path are created.
 */
export function applySetData(data: Record<string, unknown>, payload: Record<string, unknown>): void {
  for (const [key, raw] of Object.entries(payload)) {
    const value = raw === undefined ? undefined : JSON.parse(JSON.stringify(raw));
    const keys = parsePath(key);
    let target: any = data;
    for (let i = 0; i < keys.length - 1; i++) {
      const k = keys[i]!;
      if (target[k] === null || typeof target[k] !== 'object') target[k] = typeof keys[i + 1] === 'number' ? [] : {};
      target = target[k];
    }
    target[keys[keys.length - 1]!] = value;
  }
}

/** Every node of the tree, depth first, with its ancestors (nearest last). */
export function* walk(node: TaroNode, ancestors: TaroNode[] = []): Generator<{ node: TaroNode; ancestors: TaroNode[] }> {
  yield { node, ancestors };
  for (const child of node.cn ?? []) if (child) yield* walk(child, [...ancestors, node]);
}

/** The texts a person reads on the page: the text nodes, in order, trimmed, empty ones left out. */
export function textsOf(root: TaroNode | undefined): string[] {
  if (!root) return [];
  const out: string[] = [];
  for (const { node } of walk(root)) if (typeof node.v === 'string' && node.v.trim()) out.push(node.v.trim());
  return out;
}

/** base.wxml and utils.wxs of a build: every template name, and the tag and prop aliases of the `tmpl_0_<nn>` ones. */
export interface Templates {
  names: Set<string>;
  byNode: Map<string, Template>;
  /** utils.wxs's `a` (which template a node gets at a depth) and `f` (the nesting list it carries down). */
  pick: (depth: number, nn: string, nesting: string) => string;
  nest: (nesting: string, nn: string) => string;
}

export function readTemplates(dist: string): Templates {
  const wxml = fs.readFileSync(path.join(dist, 'base.wxml'), 'utf8');
  const names = new Set([...wxml.matchAll(/<template name="([^"]+)">/g)].map((m) => m[1]!));
  const all = new Map<string, Template>();
  for (const m of wxml.matchAll(/<template name="([^"]+)">\s*<([a-z][\w-]*)([^>]*)>/g)) {
    const attrs: Record<string, string> = {};
    for (const a of m[3]!.matchAll(/([\w-]+)="\{\{(?:xs\.b\()?i\.(p\d+)/g)) attrs[a[2]!] = a[1]!;
    const tap = /\bcatchtap="eh"/.test(m[3]!) ? 'catch' : /\bbindtap="eh"/.test(m[3]!) ? 'bind' : null;
    all.set(m[1]!, { tag: m[2]!, attrs, tap });
  }
  const byNode = new Map<string, Template>();
  for (const [name, t] of all) {
    const nn = /^tmpl_0_([^_]+)$/.exec(name)?.[1];
    // Inputs go through one more template, picked by focus (`tmpl_0_<nn>_focus` / `_blur`): the same attributes.
    if (nn) byNode.set(nn, t.tag === 'template' ? (all.get(`${name}_blur`) ?? t) : t);
  }
  // WXS is a subset of ES5: utils.wxs runs as it is, so the template choice below is WeChat's own.
  const mod = { exports: {} as { a: Templates['pick']; f: Templates['nest'] } };
  runInNewContext(fs.readFileSync(path.join(dist, 'utils.wxs'), 'utf8'), { module: mod });
  return { names, byNode, pick: mod.exports.a, nest: mod.exports.f };
}

/**
 * Walks the tree the way base.wxml does (`taro_tmpl` → `tmpl_<depth>_<nn>` → … → `tmpl_15_container` → the
 * recursive `comp`, which starts again at depth 0) and returns the template names a node asks for that base.wxml
 * does not define: WeChat would silently render nothing there.
 */
export function missingTemplates(root: TaroNode | undefined, t: Templates): string[] {
  if (!root) return [];
  const missing = new Set<string>();
  const render = (node: TaroNode, name: string, depth: number, nesting: string) => {
    const nn = String(node.nn);
    if (name === 'tmpl_15_container') {
      if (nn === '9') return;
      name = `tmpl_0_${nn}`;
      depth = 1;
      nesting = t.nest('', nn);
    }
    if (!t.names.has(name)) {
      missing.add(name);
      return;
    }
    for (const child of node.cn ?? []) if (child) render(child, t.pick(depth, String(child.nn), nesting), depth + 1, t.nest(nesting, String(child.nn)));
  };
  for (const item of root.cn ?? []) if (item) render(item, t.pick(0, String(item.nn), ''), 1, t.nest('', String(item.nn)));
  return [...missing];
}

/** The text box hints and values of input-like nodes (placeholder / value attributes), for reading forms. */
export function fieldTextsOf(root: TaroNode | undefined, templates: Templates): string[] {
  if (!root) return [];
  const out: string[] = [];
  for (const { node } of walk(root)) {
    const t = templates.byNode.get(String(node.nn));
    if (!t) continue;
    for (const [alias, attr] of Object.entries(t.attrs))
      if ((attr === 'placeholder' || attr === 'value') && typeof node[alias] === 'string' && (node[alias] as string).trim()) out.push((node[alias] as string).trim());
  }
  return out;
}

/** An indented outline of the tree (tag, class, text), for the per-page dumps under test-results. */
export function outline(root: TaroNode | undefined, templates: Templates): string {
  if (!root) return '';
  const lines: string[] = [];
  const visit = (node: TaroNode, depth: number) => {
    if (typeof node.v === 'string') {
      if (node.v.trim()) lines.push(`${'  '.repeat(depth)}"${node.v.trim()}"`);
      return;
    }
    const tag = templates.byNode.get(String(node.nn))?.tag ?? String(node.nn ?? 'root');
    lines.push(`${'  '.repeat(depth)}<${tag}${node.cl ? ` .${String(node.cl).split(/\s+/).filter(Boolean).join('.')}` : ''}>`);
    for (const child of node.cn ?? []) if (child) visit(child, depth + 1);
  };
  visit(root, 0);
  return lines.join('\n');
}
