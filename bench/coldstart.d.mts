// Types for bench/coldstart.mjs (plain JS), used by functions/test/cold-start.test.ts.
export interface ColdStartFunction {
  name: string;
  handler: string;
  entry: string;
  minifiedBytes: number;
  zippedBytes: number;
  mapBytes: number;
  initMsMedian: number | null;
  initMsAll: number[];
  initCpuMsMedian: number | null;
  initCpuMsAll: number[];
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
  method: Record<string, unknown>;
}
export const S3_USERS: Record<string, string>;
export const S3_PACKAGES: string[];
export const BUDGETS: ColdStartReport['budgets'];
export function isChartInput(pkg: string | null, path: string): boolean;
export function coldStart(options?: { runs?: number; keepDir?: boolean }): Promise<ColdStartReport>;
export function markdown(report: ColdStartReport): string;
export function readServerless(): Promise<unknown>;
