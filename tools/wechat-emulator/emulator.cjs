// A local stand-in for api.weixin.qq.com, for development and tests only (never bundled into the functions).
// It answers the WeChat server APIs the product calls, in their documented shapes, and records every call.
//   sns/jscode2session           the login code is taken as the openid ("demo-staff-1" signs in as that account);
//                                codes starting "invalid" → 40029, "ratelimit" → 45011
//   cgi-bin/stable_token         a fixed-lifetime token
//   wxa/msg_sec_check (v2)       text containing 违禁/risky → risky, 待审/review → review, else pass
//   wxa/business/getuserphonenumber  code "phone-13800138000" → that number
//   cgi-bin/message/subscribe/send   openids starting "refuse" → 43101 (user refused), else ok
//   wxa/media_check_async        accepted with a trace_id; the verdict is pushed to our message-push endpoint
//   GET /__calls, DELETE /__calls    inspect or clear the record
'use strict';
const http = require('node:http');
const crypto = require('node:crypto');

/**
 * options.push(url, body): how to deliver a message push (default: HTTP POST to options.pushUrl, signed with
 * options.pushToken the way WeChat signs). Media checks answer with a push a moment later: an image whose bytes
 * contain the ASCII text RISKY is risky, every other image passes.
 */
function createEmulator(options = {}) {
  const calls = [];
  const pushToken = options.pushToken ?? 'linli-local-push-token';
  const signedQuery = () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = crypto.randomBytes(6).toString('hex');
    const signature = crypto.createHash('sha1').update([pushToken, timestamp, nonce].sort().join('')).digest('hex');
    return { signature, timestamp, nonce };
  };
  const push =
    options.push ??
    (async (body) => {
      if (!options.pushUrl) return;
      const q = new URLSearchParams(signedQuery()).toString();
      await fetch(`${options.pushUrl}?${q}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    });
  const pending = new Set();
  let tokenSeq = 0;
  const validTokens = new Set();

  const handlers = {
    'GET /sns/jscode2session': ({ query }) => {
      if (!query.appid || !query.secret || query.grant_type !== 'authorization_code') return { errcode: 40013, errmsg: 'invalid appid' };
      const code = query.js_code ?? '';
      if (!code || code.startsWith('invalid')) return { errcode: 40029, errmsg: 'invalid code' };
      if (code.startsWith('ratelimit')) return { errcode: 45011, errmsg: 'api minute-quota reach limit' };
      return { openid: code, session_key: crypto.randomBytes(16).toString('base64') };
    },
    'POST /cgi-bin/stable_token': ({ body }) => {
      if (body?.grant_type !== 'client_credential' || !body.appid || !body.secret) return { errcode: 40013, errmsg: 'invalid appid' };
      const token = `emu-token-${++tokenSeq}-${crypto.randomBytes(4).toString('hex')}`;
      validTokens.add(token);
      return { access_token: token, expires_in: 7200 };
    },
    'POST /wxa/msg_sec_check': ({ body }) => {
      const content = String(body?.content ?? '');
      const suggest = /违禁|risky/.test(content) ? 'risky' : /待审|review/.test(content) ? 'review' : 'pass';
      return {
        errcode: 0,
        errmsg: 'ok',
        result: { suggest, label: suggest === 'pass' ? 100 : 20001 },
        detail: [{ strategy: 'content_model', errcode: 0, suggest, label: suggest === 'pass' ? 100 : 20001 }],
        trace_id: crypto.randomUUID(),
      };
    },
    'POST /wxa/business/getuserphonenumber': ({ body }) => {
      const m = /^phone-(1[3-9]\d{9})$/.exec(String(body?.code ?? ''));
      if (!m) return { errcode: 40029, errmsg: 'invalid code' };
      return { errcode: 0, errmsg: 'ok', phone_info: { phoneNumber: m[1], purePhoneNumber: m[1], countryCode: '86' } };
    },
    'POST /cgi-bin/message/subscribe/send': ({ body }) => {
      if (!body?.touser || !body.template_id) return { errcode: 47003, errmsg: 'argument invalid' };
      if (String(body.touser).startsWith('refuse')) return { errcode: 43101, errmsg: 'user refuse to accept the msg' };
      return { errcode: 0, errmsg: 'ok' };
    },
    'POST /wxa/media_check_async': ({ body }) => {
      if (!body?.media_url) return { errcode: 47003, errmsg: 'argument invalid' };
      const traceId = crypto.randomUUID();
      const job = (async () => {
        await new Promise((r) => setTimeout(r, 50));
        await held?.promise; // a test holding the verdicts back, as a slow WeChat would
        let suggest = 'pass';
        try {
          const img = Buffer.from(await (await fetch(body.media_url)).arrayBuffer());
          if (img.includes('RISKY')) suggest = 'risky';
        } catch {
          suggest = 'review';
        }
        const message = {
          ToUserName: 'gh_emulator',
          FromUserName: body.openid,
          CreateTime: Math.floor(Date.now() / 1000),
          MsgType: 'event',
          Event: 'wxa_media_check',
          appid: 'emulator',
          trace_id: traceId,
          version: 2,
          result: { suggest, label: suggest === 'pass' ? 100 : 20002 },
          detail: [{ strategy: 'content_model', errcode: 0, suggest, label: suggest === 'pass' ? 100 : 20002 }],
        };
        calls.push({ at: new Date().toISOString(), api: 'push:wxa_media_check', query: {}, body: message, answer: {} });
        await push(message, signedQuery());
      })().catch(() => undefined);
      pending.add(job);
      job.finally(() => pending.delete(job));
      return { errcode: 0, errmsg: 'ok', trace_id: traceId };
    },
  };
  const needsToken = new Set(['/wxa/msg_sec_check', '/wxa/business/getuserphonenumber', '/cgi-bin/message/subscribe/send', '/wxa/media_check_async']);

  // Fault injection for tests: 'error' answers 502, 'timeout' never answers; sign-in and tokens keep working.
  let fault = null;
  const FAULT_FREE = new Set(['/sns/jscode2session', '/cgi-bin/stable_token', '/__calls']);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (fault && !FAULT_FREE.has(url.pathname)) {
      calls.push({ at: new Date().toISOString(), api: url.pathname.slice(1), query: {}, body: undefined, answer: { fault } });
      if (fault === 'error') {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('bad gateway');
      }
      return; // timeout: the client gives up on its own
    }
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const send = (status, obj) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(obj));
      };
      if (url.pathname === '/__calls') {
        if (req.method === 'DELETE') calls.length = 0;
        return send(200, { calls });
      }
      const key = `${req.method} ${url.pathname}`;
      const handler = handlers[key];
      if (!handler) return send(404, { errcode: -1, errmsg: `emulator: no ${key}` });
      let body;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        return send(200, { errcode: 47001, errmsg: 'data format error' });
      }
      const query = Object.fromEntries(url.searchParams);
      let answer;
      if (needsToken.has(url.pathname) && !validTokens.has(query.access_token)) answer = { errcode: 40001, errmsg: 'invalid credential, access_token is invalid' };
      else answer = handler({ query, body });
      const { secret: _s, js_code: _c, ...safeQuery } = query;
      calls.push({ at: new Date().toISOString(), api: url.pathname.slice(1), query: safeQuery, body, answer });
      send(200, answer);
    });
  });

  let held = null;
  return {
    calls,
    /** Verdicts of media checks wait until `releasePushes()` (tests of what happens before WeChat answers). */
    holdPushes() {
      if (!held) {
        let release;
        held = { promise: new Promise((r) => (release = r)), release };
      }
    },
    releasePushes() {
      held?.release();
      held = null;
    },
    /** null, 'error' or 'timeout' for every API but sign-in and access tokens. */
    setFault(mode) {
      fault = mode;
    },
    /** Resolves when every push the emulator owes has been delivered (tests). */
    settled: () => Promise.all([...pending]),
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve) => server.listen(port, host, () => resolve(`http://${host}:${server.address().port}`)));
    },
    close() {
      server.closeAllConnections?.();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

module.exports = { createEmulator };

if (require.main === module) {
  const port = Number(process.env.WECHAT_EMULATOR_PORT ?? 3100);
  createEmulator({ pushUrl: process.env.WECHAT_PUSH_URL }).listen(port).then((url) => console.log(`WeChat API emulator at ${url}`));
}
