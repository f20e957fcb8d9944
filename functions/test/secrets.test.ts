import { createHash } from 'node:crypto';
import { resetConfig } from '../src/lib/config';
import { disconnect } from '../src/lib/db';
import { resetSecrets, SECRET_NAMES } from '../src/lib/secrets';
import { call } from './helpers/api';
import { startFakeSsm, ssmClientEnv, type FakeSsm } from './helpers/fake-ssm';

// Issue 17, item 2: deployed functions read their secrets from SSM Parameter Store on the first invocation, through
// the real SSM client (against a stand-in that speaks its protocol), and a production stage refuses to run on a
// missing secret or on a public local default. The handlers are the real ones; the database is this file's.

const PREFIX = '/linli/prod/';
const PUSH_TOKEN = 'push-token-from-the-store';

let fake: FakeSsm;
let saved: NodeJS.ProcessEnv;
let dbUri: string;

/** WeChat's message-push signature: sha1 of the sorted token, timestamp and nonce. */
function pushQuery(token: string) {
  const timestamp = '1765000000';
  const nonce = 'n0nce';
  const signature = createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
  return { signature, timestamp, nonce, echostr: 'hello-wechat' };
}

/** The environment of a deployed container: settings and the prefix from the template, no secret values. */
function deployed(extra: Record<string, string> = {}) {
  for (const name of SECRET_NAMES) delete process.env[name];
  Object.assign(process.env, ssmClientEnv(fake), { STAGE: 'prod', SECRETS_PARAMETER_PREFIX: PREFIX, WECHAT_APPID: 'wx0123456789abcdef' }, extra);
}

function storeAll() {
  fake.parameters = new Map([
    [`${PREFIX}MONGODB_URI`, dbUri],
    [`${PREFIX}JWT_SECRET`, 'jwt-secret-from-the-store-0123456789abcdef'],
    [`${PREFIX}WECHAT_SECRET`, 'wechat-secret-from-the-store'],
    [`${PREFIX}WECHAT_PUSH_TOKEN`, PUSH_TOKEN],
  ]);
}

beforeAll(async () => {
  fake = await startFakeSsm();
  dbUri = process.env.MONGODB_URI!;
});
afterAll(() => fake.close());

beforeEach(async () => {
  saved = { ...process.env };
  fake.calls = [];
  fake.denyAll = false;
  storeAll();
  resetSecrets();
  resetConfig();
  await disconnect();
});

afterEach(async () => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
  resetSecrets();
  resetConfig();
  await disconnect();
});

describe('secrets from SSM Parameter Store', () => {
  it('reads every missing secret on the first invocation only, decrypted, with the role’s signed call', async () => {
    deployed();
    expect(process.env.MONGODB_URI).toBeUndefined();
    const first = await call('GET', '/api/health');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'ok', db: 'up' });
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]).toMatchObject({ target: 'AmazonSSM.GetParameters', withDecryption: true, signed: true });
    // The S3 keys are asked for too; absent, the function signs photos with its IAM role.
    expect(fake.calls[0]!.names.sort()).toEqual(SECRET_NAMES.map((n) => PREFIX + n).sort());
    expect(process.env.JWT_SECRET).toBe('jwt-secret-from-the-store-0123456789abcdef');

    // Warm invocations, of this function and of another in the same container, use the cached values.
    expect((await call('GET', '/api/health')).status).toBe(200);
    const push = await call('GET', '/wechat/push', { query: pushQuery(PUSH_TOKEN) });
    expect(push.status).toBe(200);
    expect(push.raw).toBe('hello-wechat');
    expect(fake.calls).toHaveLength(1);
  });

  it('signs WeChat pushes with the stored token, so the public local default no longer passes', async () => {
    deployed();
    expect((await call('GET', '/wechat/push', { query: pushQuery('linli-local-push-token') })).status).toBe(401);
    expect((await call('GET', '/wechat/push', { query: pushQuery(PUSH_TOKEN) })).status).toBe(200);
  });

  it('lets a value already in the environment win, asking the store only for the rest', async () => {
    deployed({ MONGODB_URI: dbUri });
    expect((await call('GET', '/api/health')).status).toBe(200);
    expect(fake.calls[0]!.names).not.toContain(`${PREFIX}MONGODB_URI`);
    expect(fake.calls[0]!.names).toContain(`${PREFIX}JWT_SECRET`);
  });

  it('stops a production function whose secret is missing, naming the parameter, and tries again next time', async () => {
    fake.parameters.delete(`${PREFIX}WECHAT_PUSH_TOKEN`);
    deployed();
    await expect(call('GET', '/api/health')).rejects.toThrow(`WECHAT_PUSH_TOKEN is missing: set the SecureString parameter ${PREFIX}WECHAT_PUSH_TOKEN`);
    // The failure is not cached: once the parameter exists, the next invocation starts.
    fake.parameters.set(`${PREFIX}WECHAT_PUSH_TOKEN`, PUSH_TOKEN);
    expect((await call('GET', '/api/health')).status).toBe(200);
    expect(fake.calls).toHaveLength(2);
  });

  it('names every missing secret at once', async () => {
    fake.parameters.clear();
    deployed();
    const err = await call('GET', '/api/health').then(
      () => null,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/^Stage prod cannot start: /);
    for (const name of ['MONGODB_URI', 'JWT_SECRET', 'WECHAT_SECRET', 'WECHAT_PUSH_TOKEN']) expect(err?.message).toContain(`${PREFIX}${name}`);
    expect(err?.message).not.toContain('S3_ACCESS_KEY_ID is missing');
  });

  it('refuses the public local defaults in production', async () => {
    fake.parameters.set(`${PREFIX}WECHAT_PUSH_TOKEN`, 'linli-local-push-token');
    deployed();
    await expect(call('GET', '/api/health')).rejects.toThrow(/WECHAT_PUSH_TOKEN is the local default "linli-local-push-token", which is public/);
    storeAll();
    deployed({ WECHAT_APPID: 'wx-local-dev' });
    await expect(call('GET', '/api/health')).rejects.toThrow(/WECHAT_APPID is the local default/);
  });

  it('refuses half a storage key pair in production', async () => {
    fake.parameters.set(`${PREFIX}S3_ACCESS_KEY_ID`, 'AKID-cos');
    deployed();
    await expect(call('GET', '/api/health')).rejects.toThrow(/S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY come as a pair/);
  });

  it('is refused by the store when its signature is not the role’s (the stand-in checks Signature V4)', async () => {
    deployed({ AWS_SECRET_ACCESS_KEY: 'another-secret' });
    await expect(call('GET', '/api/health')).rejects.toThrow(/from SSM Parameter Store: InvalidSignatureException/);
    expect(fake.calls.map((c) => c.signed)).toEqual([false]);
  });

  it('says which parameters it could not read when the role may not read them', async () => {
    fake.denyAll = true;
    deployed();
    await expect(call('GET', '/api/health')).rejects.toThrow(/Could not read .*\/linli\/prod\/MONGODB_URI.* from SSM Parameter Store: AccessDeniedException/);
  });

  it('refuses a prefix that is not a path, before asking the store anything', async () => {
    deployed({ SECRETS_PARAMETER_PREFIX: 'linli/prod' });
    await expect(call('GET', '/api/health')).rejects.toThrow('SECRETS_PARAMETER_PREFIX must be a path like /linli/prod/, not "linli/prod"');
    expect(fake.calls).toHaveLength(0);
  });

  it('is as strict in every stage PRODUCTION_STAGES lists', async () => {
    fake.parameters.delete(`${PREFIX}JWT_SECRET`);
    deployed({ STAGE: 'staging', PRODUCTION_STAGES: 'prod, staging' });
    await expect(call('GET', '/api/health')).rejects.toThrow(/Stage staging cannot start: JWT_SECRET is missing/);
  });

  it('keeps local, test and dev stages as they were: plain values, local defaults allowed, no store', async () => {
    // The environment per-file.ts gives every test: secrets as values, no prefix, no push token (the local default).
    expect(process.env.SECRETS_PARAMETER_PREFIX).toBeUndefined();
    expect(process.env.WECHAT_PUSH_TOKEN).toBeUndefined();
    expect((await call('GET', '/api/health')).status).toBe(200);
    expect((await call('GET', '/wechat/push', { query: pushQuery('linli-local-push-token') })).status).toBe(200);
    process.env.STAGE = 'dev';
    resetSecrets();
    expect((await call('GET', '/api/health')).status).toBe(200);
    expect(fake.calls).toHaveLength(0);
  });
});
