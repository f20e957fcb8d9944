// Brings up the whole stack on free ports with throwaway data and a fresh H5 build, as `npm start` does.
const { startStack } = require('../scripts/stack.cjs');
const { freePort } = require('../scripts/db.cjs');

module.exports = async () => {
  const [apiPort, h5Port] = [await freePort(), await freePort()];
  const stack = await startStack({ ephemeral: true, apiPort, h5Port, quiet: true, log: (m) => console.log(`\n[e2e] ${m}`) });
  process.env.E2E_H5_URL = stack.h5;
  process.env.E2E_API_BASE = stack.apiBase;
  process.env.E2E_DB_ENGINE = stack.engine;
  // For the few tests that set up what only the platform operator can (npm run admin: a grid's buildings).
  process.env.E2E_MONGODB_URI = stack.mongodbUri;
  globalThis.__linliStack = stack;
};
