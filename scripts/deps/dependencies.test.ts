import fs from 'node:fs';
import path from 'node:path';
import { cycles, importGraph } from './graph';
import { describeViolation, violations } from './rules';

// The dependency rules, enforced. Today's exceptions are listed in known-violations.json, one line each, so that
// none is added unnoticed and each one removed by the restructuring (issue 16) is taken off the list: the list
// only shrinks, and the test fails both for a new violation and for a listed one that is gone.
const KNOWN = path.join(__dirname, 'known-violations.json');

describe('dependency rules', () => {
  const graph = importGraph();

  it('reads the whole code base', () => {
    expect(graph.files.length).toBeGreaterThan(200);
    expect(graph.edges.get('functions/src/requests/handler.ts')).toContain('functions/src/api.ts');
    expect(graph.edges.get('functions/src/api.ts')).toContain('functions/src/lib/http.ts');
  });

  it('has no import cycles', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('adds no violation and keeps the list of known ones true', () => {
    const found = violations(graph).map(describeViolation).sort();
    const known = (JSON.parse(fs.readFileSync(KNOWN, 'utf8')) as string[]).sort();
    expect({ new: found.filter((v) => !known.includes(v)), gone: known.filter((v) => !found.includes(v)) }).toEqual({ new: [], gone: [] });
  });

  it('finds a planted violation of each rule', () => {
    const planted = {
      files: ['shared/src/a.ts', 'functions/src/lib/b.ts', 'functions/src/requests/c.ts', 'miniprogram/src/consult/d.tsx', 'miniprogram/src/requests/e.ts', 'miniprogram/src/services/f.ts'],
      edges: new Map([
        ['shared/src/a.ts', ['functions/src/lib/b.ts']],
        ['functions/src/lib/b.ts', ['functions/src/requests/c.ts']],
        ['functions/src/requests/c.ts', ['miniprogram/src/services/f.ts']],
        ['miniprogram/src/consult/d.tsx', ['miniprogram/src/requests/e.ts', 'miniprogram/src/services/f.ts']],
        ['miniprogram/src/services/f.ts', ['miniprogram/src/requests/e.ts']],
      ]),
    };
    expect(violations(planted).map((v) => v.rule)).toEqual([
      'shared imports neither side',
      'functions/lib imports no feature',
      'a side imports only itself and shared',
      'a mini-program feature imports only the core',
      'the mini-program core imports no feature',
    ]);
    expect(cycles({ files: ['x', 'y'], edges: new Map([['x', ['y']], ['y', ['x']]]) })).toEqual([['x', 'y']]);
  });
});
