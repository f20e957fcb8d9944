// CORS allow-list for the HTTP API, read by serverless.yml (`${file(./scripts/cors.cjs):origins}`): the origins
// of the H5 build, comma-separated in CORS_ORIGINS. The mini-program itself sends no Origin (WeChat calls the
// API directly from the client), so this only concerns browsers. Defaults: the local H5 server.
'use strict';
module.exports.origins = () =>
  (process.env.CORS_ORIGINS || 'http://127.0.0.1:10086,http://localhost:10086')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
