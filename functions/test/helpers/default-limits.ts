import { resetConfig } from '../../src/lib/config';

/**
 * Puts the abuse limits back to their real defaults for one test file (per-file.ts raises them for every other
 * file, which signs in and creates far more than a person would), and raises them again after it.
 */
export function useDefaultLimits(): void {
  const raised: Record<string, string | undefined> = {};
  beforeAll(() => {
    for (const k of Object.keys(process.env).filter((k) => k.startsWith('RATE_LIMIT_'))) {
      raised[k] = process.env[k];
      delete process.env[k];
    }
    resetConfig();
  });
  afterAll(() => {
    Object.assign(process.env, raised);
    resetConfig();
  });
}
