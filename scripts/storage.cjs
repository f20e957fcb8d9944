// The local S3-compatible storage for photos: MinIO, built from the Go module proxy (it honours presigned POST
// policies — size, content type and key — which s3rver does not). Used by `npm start` and the tests.
'use strict';
const { spawn, execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { freePort, CACHE } = require('./db.cjs');

const MINIO_MODULE = 'github.com/minio/minio';
// Pinned: the release this project was tested with.
const MINIO_VERSION = 'v0.0.0-20260212201848-7aac2a2c5b7c';
const ACCESS_KEY = 'linlilocal';
const SECRET_KEY = 'linlilocal-dev-secret';
const BUCKET = 'linli-photos';

function goBinary() {
  const found = spawnSync('sh', ['-c', 'command -v go'], { encoding: 'utf8' }).stdout.trim();
  return found || (fs.existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : null);
}

/** Builds MinIO once into .cache; null when Go is missing (photo uploads are then unavailable). */
function minioBinary(log = console.log) {
  const dir = path.join(CACHE, 'minio', MINIO_VERSION);
  const bin = path.join(dir, 'minio');
  if (fs.existsSync(bin)) return bin;
  const go = goBinary();
  if (!go) return null;
  log(`building MinIO (first run only, a few minutes) → ${path.relative(path.resolve(CACHE, '..'), bin)}`);
  const started = Date.now();
  fs.mkdirSync(dir, { recursive: true });
  execFileSync(go, ['install', `${MINIO_MODULE}@${MINIO_VERSION}`], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, GOBIN: dir, CGO_ENABLED: '0' } });
  log(`MinIO built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return bin;
}

async function waitReady(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`MinIO exited with code ${child.exitCode}`);
    try {
      const r = await fetch(`${url}/minio/health/live`);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('MinIO did not start');
}

/**
 * Starts MinIO on a free loopback port with its data in `dataDir` and creates the bucket.
 * Returns the S3_* environment for the functions and stop(), or null when MinIO cannot be had.
 */
async function startStorage({ dataDir, log = (m) => console.log(`[storage] ${m}`) }) {
  if (process.env.S3_BUCKET) return { env: {}, stop: async () => undefined, external: true };
  const bin = minioBinary(log);
  if (!bin) {
    log('Go not found: photo uploads are unavailable (set S3_* to use real storage)');
    return null;
  }
  const [port, consolePort] = [await freePort(), await freePort()];
  fs.mkdirSync(dataDir, { recursive: true });
  const child = spawn(bin, ['server', dataDir, '--address', `127.0.0.1:${port}`, '--console-address', `127.0.0.1:${consolePort}`, '--quiet'], {
    env: { ...process.env, MINIO_ROOT_USER: ACCESS_KEY, MINIO_ROOT_PASSWORD: SECRET_KEY, MINIO_BROWSER: 'off', MINIO_UPDATE: 'off' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitReady(url, child, 30_000);
  const { S3Client, CreateBucketCommand } = require('@aws-sdk/client-s3');
  const s3 = new S3Client({ region: 'us-east-1', endpoint: url, forcePathStyle: true, credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY } });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET })).catch((err) => {
    if (err.name !== 'BucketAlreadyOwnedByYou' && err.name !== 'BucketAlreadyExists') throw err;
  });
  return {
    url,
    env: {
      S3_BUCKET: BUCKET,
      S3_REGION: 'us-east-1',
      S3_ENDPOINT: url,
      S3_PUBLIC_ENDPOINT: url,
      S3_FORCE_PATH_STYLE: '1',
      S3_ACCESS_KEY_ID: ACCESS_KEY,
      S3_SECRET_ACCESS_KEY: SECRET_KEY,
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

module.exports = { startStorage, minioBinary };

if (require.main === module && process.argv[2] === 'build') minioBinary();
