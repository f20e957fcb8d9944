/** Parses `1.2.3` into numbers; anything unparsable is null. */
export function parseVersion(v: string): [number, number, number] | null {
  const m = /^(\d{1,5})\.(\d{1,5})\.(\d{1,5})$/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** Negative when a < b, zero when equal, positive when a > b. */
export function compareVersions(a: [number, number, number], b: [number, number, number]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** The mini-program version this source tree builds; the app sends it in X-Client-Version. */
export const APP_VERSION = '0.1.0';
