import fs from 'node:fs';
import ts from 'typescript';

// Every member of WeChat's `wx` object, read from miniprogram-api-typings (the typings WeChat publishes, installed
// with Taro's build tools): the shim offers each of them, like the real `wx`, so Taro's API table (it copies
// `Object.keys(wx)` onto `Taro`) looks as it does on a phone, and a page calling one the shim does not implement is
// recorded rather than silently missing.

let cached: { methods: Set<string>; properties: Set<string> } | null = null;

export function wxApiNames(): { methods: Set<string>; properties: Set<string> } {
  if (cached) return cached;
  const file = require.resolve('miniprogram-api-typings/types/wx/lib.wx.api.d.ts');
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const methods = new Set<string>();
  const properties = new Set<string>();
  const visit = (node: ts.Node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === 'Wx')
      for (const m of node.members) {
        if (!m.name || !ts.isIdentifier(m.name)) continue;
        (ts.isMethodSignature(m) ? methods : properties).add(m.name.text);
      }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (methods.size < 300) throw new Error(`read only ${methods.size} wx methods from ${file}: has the typings' layout changed?`);
  cached = { methods, properties };
  return cached;
}
