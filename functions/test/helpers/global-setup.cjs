// Starts one database for the integration run; each test file then uses its own database on it.
const path = require('node:path');
const os = require('node:os');
const fs = require('node:fs');
const { startDatabase } = require('../../../scripts/db.cjs');

module.exports = async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-test-db-'));
  const db = await startDatabase({ dataDir, log: (m) => console.log(`\n[db] ${m}`) });
  console.log(`\n[integration] database engine: ${db.engine} (${db.uri})`);
  process.env.LINLI_TEST_DB_BASE = db.uri;
  process.env.LINLI_TEST_DB_ENGINE = db.engine;
  globalThis.__linliTestDb = { db, dataDir };
};
