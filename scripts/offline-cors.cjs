// A local serverless plugin (listed after serverless-offline in serverless.yml) that makes `serverless offline`
// answer CORS the way the deployed API Gateway HTTP API does with `provider.httpApi.cors`: a browser request from
// a listed origin (scripts/cors.cjs, CORS_ORIGINS) gets that origin in Access-Control-Allow-Origin; from any
// other origin it gets no Access-Control-* header at all, preflight or not, whatever the handler sent.
//
// Why a plugin: serverless-offline 14 (src/events/http/HttpServer.js, its onPreResponse extension) checks the
// allow-list only on preflight OPTIONS; on every other request that carries an Origin it copies that origin into
// Access-Control-Allow-Origin, and none of its options (--corsAllowOrigin and friends apply to REST `http`
// events) changes that (issue 14, finding 8). It keeps its hapi server private, so this plugin adds a second
// onPreResponse extension to every hapi server as it starts — hapi runs extensions of one event in the order they
// were added, so ours runs after serverless-offline's — and removes the CORS headers it must not send. Nothing
// in node_modules is edited (CI installs clean), and nothing happens for commands other than `offline`
// (deploy, package). Tested through the local stack in e2e/side-doors.e2e.ts.
'use strict';
const path = require('node:path');

const PATCHED = Symbol.for('linli.offlineCorsPatched');
const GUARDED = Symbol.for('linli.offlineCorsGuarded');

/** The allow-list the gateway enforces (`*` for `cors: true` or allowedOrigins ['*']); null when CORS is off. */
function allowList(serverless) {
  const cors = serverless.service.provider?.httpApi?.cors;
  if (!cors) return null;
  const origins = cors === true ? ['*'] : cors.allowedOrigins ?? [];
  return new Set(origins);
}

/** Removes every Access-Control-* header from a response to an origin the gateway would not answer. */
function guard(allowed) {
  return (request, h) => {
    const origin = request.headers.origin;
    const response = request.response;
    if (!origin || !response || allowed.has('*') || allowed.has(origin)) return h.continue;
    const headers = response.isBoom ? response.output.headers : response.headers;
    for (const name of Object.keys(headers ?? {})) if (/^access-control-/i.test(name)) delete headers[name];
    return h.continue;
  };
}

class OfflineCorsAllowList {
  constructor(serverless) {
    const install = () => {
      const allowed = allowList(serverless);
      if (!allowed) return;
      // The hapi serverless-offline itself loads (resolved from its folder), so the prototype is the one its
      // servers share.
      const offlineDir = path.join(serverless.serviceDir ?? process.cwd(), 'node_modules', 'serverless-offline');
      const Hapi = require(require.resolve('@hapi/hapi', { paths: [offlineDir] }));
      const proto = Object.getPrototypeOf(Hapi.server());
      if (Object.hasOwn(proto, PATCHED)) return;
      proto[PATCHED] = true;
      const start = proto.start;
      proto.start = function startWithCorsGuard(...args) {
        if (!Object.hasOwn(this, GUARDED)) {
          this[GUARDED] = true;
          this.ext('onPreResponse', guard(allowed));
        }
        return start.apply(this, args);
      };
    };
    // `serverless offline start` (scripts/stack.cjs) and `serverless offline`.
    this.hooks = { 'before:offline:start:init': install, 'before:offline:start': install };
  }
}

module.exports = OfflineCorsAllowList;
