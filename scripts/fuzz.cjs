// `npm run fuzz`: the hostile-input tests with many more generated cases per endpoint (default 2000; npm test
// runs 200). FUZZ_RUNS and FUZZ_SEED (to replay a failure) pass through. The summary lands in .cache/fuzz-summary.json.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const root = path.resolve(__dirname, '..');
const env = { ...process.env, FUZZ_RUNS: process.env.FUZZ_RUNS ?? '2000' };
const r = spawnSync(path.join(root, 'node_modules', '.bin', 'jest'), ['--selectProjects', 'integration', '--testPathPattern', 'functions/test/fuzz.test.ts', ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit' });
process.exit(r.status ?? 1);
