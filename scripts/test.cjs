// `npm test`: unit, integration and end-to-end tests in one jest run, then one plain closing line.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const out = path.join(root, '.cache', 'jest-results.json');
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.rmSync(out, { force: true });
// --forceExit: once every test has finished, the run ends even if a leaked handle (a socket to a stopped database,
// a child's pipe) would keep Node alive — CI must not hang after a green (or red) run.
const args = ['--ci', '--json', `--outputFile=${out}`, '--forceExit', ...process.argv.slice(2)];
const r = spawnSync(path.join(root, 'node_modules', '.bin', 'jest'), args, { cwd: root, stdio: 'inherit', env: { ...process.env } });
if (fs.existsSync(out)) {
  const res = JSON.parse(fs.readFileSync(out, 'utf8'));
  const skipped = res.numPendingTests + res.numTodoTests;
  console.log(`\nTests: ${res.numPassedTests} passed, ${res.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`);
}
process.exit(r.status ?? 1);
