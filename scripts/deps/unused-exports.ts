/**
 * Exports that nothing imports (`npx tsx scripts/deps/unused-exports.ts`): dead code a newcomer would read as API.
 * Uses the TypeScript language service's find-references over the backend/shared project and the mini-program
 * project (tests, e2e, bench and scripts count as users; so does miniprogram/test, read as extra files). Values
 * only: exported types are part of the signatures they describe. Entry points are not exports "nobody uses": a page's
 * default export (Taro loads it), the Lambda handlers serverless.yml names, and CLI files.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { ROOT } from './graph';

function service(tsconfig: string, extra: string[]): ts.LanguageService {
  const cfg = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, tsconfig), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [...cfg.fileNames, ...extra],
    getScriptVersion: () => '1',
    getScriptSnapshot: (f) => (fs.existsSync(f) ? ts.ScriptSnapshot.fromString(fs.readFileSync(f, 'utf8')) : undefined),
    getCurrentDirectory: () => ROOT,
    getCompilationSettings: () => cfg.options,
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  return ts.createLanguageService(host);
}

const serverlessHandlers = new Set(
  [...fs.readFileSync(path.join(ROOT, 'serverless.yml'), 'utf8').matchAll(/handler:\s*(\S+)\.(\w+)/g)].map((m) => `${m[1]}.ts#${m[2]}`),
);

function unused(tsconfig: string, under: string[], extra: string[] = []): string[] {
  const ls = service(tsconfig, extra);
  const program = ls.getProgram()!;
  const out: string[] = [];
  for (const sf of program.getSourceFiles()) {
    const rel = path.relative(ROOT, sf.fileName);
    if (!under.some((u) => rel.startsWith(u)) || /\.(test|e2e)\.tsx?$|\.d\.ts$|\.cli\.ts$|\.config\.ts$/.test(rel)) continue;
    const isPage = /\/pages\/.*index\.tsx$/.test(rel) || rel.endsWith('app.ts');
    for (const stmt of sf.statements) {
      const mods = ts.canHaveModifiers(stmt) ? ts.getModifiers(stmt) : undefined;
      if (!mods?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
      const isDefault = mods.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
      if (isDefault && isPage) continue;
      const names: ts.Identifier[] = [];
      if (ts.isVariableStatement(stmt)) for (const d of stmt.declarationList.declarations) ts.isIdentifier(d.name) && names.push(d.name);
      // Values only: an exported type that names a function's parameter or result is documentation, not dead code.
      else if ((ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt) || ts.isEnumDeclaration(stmt)) && stmt.name) names.push(stmt.name);
      for (const id of names) {
        if (serverlessHandlers.has(`${rel.replace(/\.ts$/, '')}.ts#${id.text}`)) continue;
        const refs = ls.findReferences(sf.fileName, id.getStart()) ?? [];
        const all = refs.flatMap((r) => r.references);
        if (all.some((x) => x.fileName !== sf.fileName)) continue;
        // Used in its own file only: the export is needless; used nowhere at all: dead code.
        out.push(`${rel}: ${id.text}${all.some((x) => !x.isDefinition) ? ' (used in its file only)' : ' (unused)'}`);
      }
    }
  }
  return out;
}

const miniTests = () =>
  fs.readdirSync(path.join(ROOT, 'miniprogram/test')).filter((f) => /\.test\.tsx?$/.test(f)).map((f) => path.join(ROOT, 'miniprogram/test', f));

// shared/ is used by both sides: one of its exports is unused only if neither project uses it.
const backend = unused('tsconfig.json', ['shared/src', 'functions/src']);
const mini = unused('miniprogram/tsconfig.json', ['shared/src', 'miniprogram/src'], miniTests());
const inBoth = new Set(backend.filter((f) => f.startsWith('shared/')).map((f) => f.split(' (')[0]));
const found = [
  ...backend.filter((f) => !f.startsWith('shared/')),
  ...mini.filter((f) => !f.startsWith('shared/') || inBoth.has(f.split(' (')[0]!)),
].sort();
console.log(found.join('\n') || '(none)');
console.log(`${found.length} exports nothing else uses, ${found.filter((f) => f.endsWith('(unused)')).length} of them used nowhere`);
