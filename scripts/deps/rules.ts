/**
 * The dependency rules of the code base (issue 16): shared/ imports neither side; functions/src/lib imports no
 * feature (features give lib what it needs); a mini-program feature imports the core (services/, components/)
 * and @linli/shared, never another feature, and the core imports no feature; no side imports the other.
 * The app shell (miniprogram/src/app.ts, its config and the tab pages in pages/) may wire features together;
 * graph.ts maps the folders whose names differ from their feature (subpackage roots that are URLs).
 */
import { areaOf, type Graph } from './graph';

export interface Violation {
  rule: string;
  from: string;
  to: string;
}

const MINI_CORE = new Set(['miniprogram/services', 'miniprogram/components']);
const MINI_SHELL = 'miniprogram/(root)';

export function violations(g: Graph): Violation[] {
  const out: Violation[] = [];
  for (const [from, targets] of g.edges) {
    const a = areaOf(from);
    for (const to of targets) {
      const b = areaOf(to);
      const side = (f: string) => f.split('/')[0];
      if (a === 'shared' && b !== 'shared') out.push({ rule: 'shared imports neither side', from, to });
      else if (side(from) !== 'shared' && side(to) !== 'shared' && side(from) !== side(to)) out.push({ rule: 'a side imports only itself and shared', from, to });
      else if (a === 'functions/lib' && side(to) === 'functions' && b !== 'functions/lib') out.push({ rule: 'functions/lib imports no feature', from, to });
      else if (side(from) === 'miniprogram' && side(to) === 'miniprogram' && a !== MINI_SHELL && a !== b && !MINI_CORE.has(b))
        out.push({ rule: MINI_CORE.has(a) ? 'the mini-program core imports no feature' : 'a mini-program feature imports only the core', from, to });
    }
  }
  return out;
}

export const describeViolation = (v: Violation) => `${v.rule}: ${v.from} → ${v.to}`;
