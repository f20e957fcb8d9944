// `npm run release:weapp`: the weapp build to upload to WeChat. Same as `npm run build:weapp`, except that it refuses
// to build without a real API address: a build without TARO_APP_API_BASE silently calls http://127.0.0.1:3000
// (miniprogram/config/index.ts), which no phone can reach, and WeChat only lets a released mini-program call https://
// domains listed as request 合法域名 in its admin console. The ordinary build, CI and the tests do not need it.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const EXAMPLE = 'TARO_APP_API_BASE=https://api.example.com npm run release:weapp';

/** Checks the release environment; returns the API base or the reason (Chinese, then English) it cannot be used. */
function checkReleaseEnv(env = process.env) {
  const raw = (env.TARO_APP_API_BASE || '').trim();
  if (!raw) {
    return {
      ok: false,
      message: [
        '发布失败：未设置 TARO_APP_API_BASE。不设置时小程序会请求 http://127.0.0.1:3000，手机上无法使用。',
        '请设置为后端 API 的 https:// 地址（并在小程序管理后台把该域名配置为 request 合法域名），例如：',
        `  ${EXAMPLE}`,
        'Release refused: TARO_APP_API_BASE is not set. Without it the mini-program calls http://127.0.0.1:3000, which no phone can reach.',
        "Set it to the API's https:// address (listed as a request domain in the WeChat admin console), e.g.:",
        `  ${EXAMPLE}`,
      ].join('\n'),
    };
  }
  let url = null;
  try {
    url = new URL(raw);
  } catch {
    url = null;
  }
  if (!url || url.protocol !== 'https:' || !url.hostname) {
    return {
      ok: false,
      message: [
        `发布失败：TARO_APP_API_BASE 必须是 https:// 地址，现在是 "${raw}"。微信正式版小程序只能请求已配置的 https 域名。`,
        `  ${EXAMPLE}`,
        `Release refused: TARO_APP_API_BASE must be an https:// address, got "${raw}". A released WeChat mini-program may only call https domains.`,
        `  ${EXAMPLE}`,
      ].join('\n'),
    };
  }
  return { ok: true, apiBase: raw };
}

if (require.main === module) {
  const check = checkReleaseEnv();
  if (!check.ok) {
    console.error(check.message);
    process.exit(1);
  }
  console.log(`release:weapp — API ${check.apiBase}`);
  const r = spawnSync('npm', ['run', 'build:weapp'], { cwd: path.resolve(__dirname, '..'), stdio: 'inherit', env: process.env });
  process.exit(r.status ?? 1);
}

module.exports = { checkReleaseEnv };
