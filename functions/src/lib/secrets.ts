import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { config, isProductionStage, LOCAL_PUSH_TOKEN, resetConfig } from './config';
import { log } from './logger';

// Deployed functions read their secrets from SSM Parameter Store SecureStrings, named `<prefix><NAME>`
// (SECRETS_PARAMETER_PREFIX, e.g. `/linli/prod/`; serverless.yml puts the prefix, never a value, in the template).
// They are fetched on the first invocation, not at module init: init then needs no network, and a container keeps
// them for its life (a rotated secret reaches new containers; `serverless deploy` replaces the old ones).
//
// One call, GetParameters, signed with AWS's own Signature V4 signer and the role credentials Lambda puts in the
// environment. Not @aws-sdk/client-ssm: bundled, it added 767 KB to every function and 26 ms to every cold start
// (bench/coldstart.mjs) for a call made once per container; @middy/ssm also imports that client at module load.
//
// A value already in the environment wins: the local stack, the tests, the CLIs and the bench set them directly
// and configure no prefix, so nothing here reaches for AWS there.

/** Secrets a function may need; the S3 keys only where the storage is not S3 under the function's IAM role (COS). */
export const SECRET_NAMES = ['MONGODB_URI', 'JWT_SECRET', 'WECHAT_SECRET', 'WECHAT_PUSH_TOKEN', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/** What a production stage cannot run without. */
const REQUIRED_IN_PRODUCTION: SecretName[] = ['MONGODB_URI', 'JWT_SECRET', 'WECHAT_SECRET', 'WECHAT_PUSH_TOKEN'];

/**
 * Values that belong to local stacks and tests only: public (in this repository), so a production stage that ends
 * up with one would, for the push token, accept media-check verdicts anyone can forge.
 */
const LOCAL_DEFAULTS: Partial<Record<SecretName | 'WECHAT_APPID', readonly string[]>> = {
  WECHAT_PUSH_TOKEN: [LOCAL_PUSH_TOKEN],
  WECHAT_SECRET: ['local-dev-secret'],
  WECHAT_APPID: ['wx-local-dev'],
};

/** GetParameters takes at most ten names per call. */
const BATCH = 10;
const ATTEMPTS = 3;

type Bytes = string | ArrayBuffer | ArrayBufferView;
const buf = (d: Bytes) => (typeof d === 'string' ? Buffer.from(d, 'utf8') : ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d));
/** The SHA-256 (and HMAC) the signer asks for, from node:crypto (the test's stand-in SSM checks signatures with it). */
export class Sha256 {
  private readonly h;
  constructor(secret?: Bytes) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', buf(secret));
  }
  update(data: Bytes) {
    this.h.update(buf(data));
  }
  async digest() {
    return new Uint8Array(this.h.digest());
  }
}

/** SSM's endpoint: AWS_ENDPOINT_URL_SSM if set (as the AWS SDKs honour it), else the region's, in its partition. */
function ssmEndpoint(env: NodeJS.ProcessEnv, region: string): URL {
  const custom = env.AWS_ENDPOINT_URL_SSM || env.AWS_ENDPOINT_URL;
  return new URL(custom || `https://ssm.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`);
}

class SsmError extends Error {}

async function getParameters(env: NodeJS.ProcessEnv, names: string[]): Promise<{ Parameters?: { Name?: string; Value?: string }[] }> {
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (!region) throw new SsmError('AWS_REGION is not set');
  if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) throw new SsmError('no role credentials in the environment (AWS_ACCESS_KEY_ID)');
  const url = ssmEndpoint(env, region);
  const signer = new SignatureV4({
    service: 'ssm',
    region,
    sha256: Sha256,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN || undefined },
  });
  const body = JSON.stringify({ Names: names, WithDecryption: true });
  let last: unknown;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      const signed = await signer.sign({
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname || '/',
        query: {},
        headers: { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AmazonSSM.GetParameters' },
        body,
      });
      const res = await fetch(url, { method: 'POST', headers: signed.headers, body, signal: AbortSignal.timeout(3000) });
      const text = await res.text();
      if (res.ok) return JSON.parse(text);
      const err = (() => {
        try {
          return JSON.parse(text) as { __type?: string; message?: string; Message?: string };
        } catch {
          return {};
        }
      })();
      const type = (err.__type ?? `HTTP ${res.status}`).split('#').pop()!;
      last = new SsmError(`${type} ${err.message ?? err.Message ?? ''}`.trim());
      // Refusals (access denied, a bad name) do not change on retry; throttling and server errors may.
      if (res.status < 500 && !/Throttl/.test(type)) break;
    } catch (e) {
      last = e; // the network, or no answer within 3 s
    }
    if (attempt < ATTEMPTS) await new Promise((r) => setTimeout(r, 100 * 3 ** (attempt - 1)));
  }
  throw last;
}

async function readParameters(env: NodeJS.ProcessEnv, names: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < names.length; i += BATCH) {
    const out = await getParameters(env, names.slice(i, i + BATCH));
    for (const p of out.Parameters ?? []) if (p.Name && p.Value) found.set(p.Name, p.Value);
  }
  return found;
}

/** Thrown when a function cannot start for want of a secret: the message names it and says where it belongs. */
export class MissingSecretError extends Error {}

function checkProduction(env: NodeJS.ProcessEnv, prefix: string): void {
  const problems: string[] = [];
  const where = (name: string) => (prefix ? `the SecureString parameter ${prefix}${name}` : `SECRETS_PARAMETER_PREFIX and the parameter <prefix>${name}`);
  for (const name of REQUIRED_IN_PRODUCTION) if (!env[name]) problems.push(`${name} is missing: set ${where(name)}`);
  for (const [name, defaults] of Object.entries(LOCAL_DEFAULTS)) {
    const value = env[name];
    if (value && defaults!.includes(value)) problems.push(`${name} is the local default "${value}", which is public: set ${name === 'WECHAT_APPID' ? 'WECHAT_APPID to the mini-program’s AppID' : where(name)}`);
  }
  if (!!env.S3_ACCESS_KEY_ID !== !!env.S3_SECRET_ACCESS_KEY) problems.push('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY come as a pair (set both, or neither to use the function’s IAM role)');
  if (problems.length) throw new MissingSecretError(`Stage ${env.STAGE} cannot start: ${problems.join('; ')}`);
}

async function load(env: NodeJS.ProcessEnv): Promise<void> {
  const prefix = env.SECRETS_PARAMETER_PREFIX ?? '';
  // SSM names are paths, and the role's IAM grant is built from this prefix (serverless.yml): a prefix without its
  // slashes names parameters the role may not read, which would read as every secret missing.
  if (prefix && !/^(\/[A-Za-z0-9_.-]+)+\/$/.test(prefix)) throw new MissingSecretError(`SECRETS_PARAMETER_PREFIX must be a path like /linli/prod/, not "${prefix}"`);
  const wanted = prefix ? SECRET_NAMES.filter((name) => !env[name]) : [];
  if (wanted.length) {
    let found: Map<string, string>;
    try {
      found = await readParameters(env, wanted.map((name) => prefix + name));
    } catch (err) {
      throw new MissingSecretError(`Could not read ${wanted.map((n) => prefix + n).join(', ')} from SSM Parameter Store: ${(err as Error)?.message ?? err}`);
    }
    for (const name of wanted) {
      const value = found.get(prefix + name);
      if (value) env[name] = value;
    }
  }
  if (isProductionStage(env)) checkProduction(env, prefix);
  // Everything, secrets included, is valid before the first request is served.
  resetConfig();
  config();
}

let ready: Promise<void> | undefined;

/**
 * Loads the secrets once per container. A failure is not cached: the next invocation tries again (a parameter
 * created after the deploy, a throttled call), and each failed one logs the reason.
 */
export function ensureSecrets(): Promise<void> {
  return (ready ??= load(process.env).catch((err: unknown) => {
    ready = undefined;
    log('error', 'configuration', { error: (err as Error)?.message ?? String(err) });
    throw err;
  }));
}

/** Forgets what was loaded (tests change the environment between cases). */
export function resetSecrets(): void {
  ready = undefined;
}

/** A handler that runs only once the secrets are there. */
export function withSecrets<A extends unknown[], R>(handler: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    await ensureSecrets();
    return handler(...args);
  };
}
