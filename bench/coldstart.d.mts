// Types for bench/coldstart.mjs (plain JS), used by functions/test/cold-start.test.ts.
export interface InitPart {
  /** 'compile: whole bundle', 'compile: module bodies', a package name, '(functions)', '(shared)', 'garbage collection', … */
  name: string;
  samples: number;
  /** Percent of the profile samples of init. */
  share: number;
}
export interface ColdStartFunction {
  name: string;
  handler: string;
  entry: string;
  /** The esbuild analysis build: the minified bundle, and zipped with archiver. */
  minifiedBytes: number;
  zippedBytes: number;
  mapBytes: number;
  /** From `serverless package` (runs > 0; null otherwise): the zip file, and its .js entry unzipped. */
  zipBytes: number | null;
  unzippedBytes: number | null;
  zipEntries: string[];
  /** Whether the analysis build's bundle is byte-identical to the zip's entry (runs > 0). */
  sameAsAnalysis: boolean | null;
  initMsMedian: number | null;
  initMsAll: number[];
  initCpuMsMedian: number | null;
  initCpuMsAll: number[];
  initError: string | null;
  initProfile: { runs: number; profiledMsMedian: number; sourceMap: boolean; samples: number; parts: InitPart[] } | { error: string } | null;
  /** Connections and DNS lookups seen during module init (runs > 0 with the profile); null when not checked. */
  networkAtInit: string[] | null;
  heavyDeps: string[];
  runtimeProvided: string[];
  chartCode: boolean;
  topPackages: { name: string; bytes: number }[];
  /** Bytes in the minified output per package ('(functions)' and '(shared)' for our code); not enumerable. */
  packageBytes: Record<string, number>;
}
export interface ColdStartReport {
  functions: ColdStartFunction[];
  budgets: { initMsMedian: number; s3Allowed: string[]; chartCode: 'none' };
  violations: string[];
  notes: string[];
  method: Record<string, unknown> & { runs: number; node: string; nodeFallback: string | null; runtime: string };
}
export const S3_USERS: Record<string, string>;
export const S3_PACKAGES: string[];
export const BUDGETS: ColdStartReport['budgets'];
export function isChartInput(pkg: string | null, path: string): boolean;
export function coldStart(options?: { runs?: number; keepDir?: boolean; profileRuns?: number }): Promise<ColdStartReport>;
export function productionNode(runtime: string): Promise<{ path: string; version: string; source: string; fallback?: string | null }>;
export function markdown(report: ColdStartReport): string;
export function readServerless(): Promise<unknown>;
