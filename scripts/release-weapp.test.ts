// eslint-disable-next-line @typescript-eslint/no-require-imports
const { checkReleaseEnv } = require('./release-weapp.cjs') as {
  checkReleaseEnv: (env: Record<string, string | undefined>) => { ok: true; apiBase: string } | { ok: false; message: string };
};

describe('release:weapp environment check', () => {
  it('refuses a build without TARO_APP_API_BASE, in Chinese and English', () => {
    for (const env of [{}, { TARO_APP_API_BASE: '' }, { TARO_APP_API_BASE: '   ' }]) {
      const r = checkReleaseEnv(env);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.message).toContain('未设置 TARO_APP_API_BASE');
        expect(r.message).toContain('TARO_APP_API_BASE is not set');
      }
    }
  });

  it('refuses an address that is not https', () => {
    for (const base of ['http://127.0.0.1:3000', 'http://api.example.com', 'api.example.com', 'ftp://api.example.com', 'https://']) {
      const r = checkReleaseEnv({ TARO_APP_API_BASE: base });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.message).toContain('必须是 https://');
        expect(r.message).toContain('must be an https:// address');
      }
    }
  });

  it('accepts an https address', () => {
    expect(checkReleaseEnv({ TARO_APP_API_BASE: 'https://api.example.com' })).toEqual({ ok: true, apiBase: 'https://api.example.com' });
    expect(checkReleaseEnv({ TARO_APP_API_BASE: 'https://linli.example.cn/prod/' })).toEqual({ ok: true, apiBase: 'https://linli.example.cn/prod/' });
  });
});
