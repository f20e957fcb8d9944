const fs = require('node:fs');
module.exports = async () => {
  const t = globalThis.__linliTestDb;
  if (!t) return;
  await t.storage?.stop();
  await t.db.stop();
  fs.rmSync(t.dataDir, { recursive: true, force: true });
};
