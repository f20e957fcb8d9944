// Starts one database for the integration run; each test file then uses its own database on it.
const path = require('node:path');
const os = require('node:os');
const fs = require('node:fs');
const { startDatabase } = require('../../../scripts/db.cjs');
const { startStorage } = require('../../../scripts/storage.cjs');

module.exports = async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'linli-test-db-'));
  const db = await startDatabase({ dataDir, log: (m) => console.log(`\n[db] ${m}`) });
  console.log(`\n[integration] database engine: ${db.engine} (${db.uri})`);
  process.env.LINLI_TEST_DB_BASE = db.uri;
  process.env.LINLI_TEST_DB_ENGINE = db.engine;
  const storage = await startStorage({ dataDir: path.join(dataDir, 'storage'), log: (m) => console.log(`\n[storage] ${m}`) });
  if (!storage) throw new Error('photo storage (MinIO) is needed for the integration tests: install Go');
  Object.assign(process.env, storage.env);
  globalThis.__linliTestDb = { db, dataDir, storage };
};
