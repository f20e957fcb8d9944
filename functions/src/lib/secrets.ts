import type { SSMClient } from '@aws-sdk/client-ssm';
import { config, isProductionStage, LOCAL_PUSH_TOKEN, resetConfig } from './config';
import { log } from './logger';

// Deployed functions read their secrets from SSM Parameter Store SecureStrings, named `<prefix><NAME>`
// (SECRETS_PARAMETER_PREFIX, e.g. `/linli/prod/`; serverless.yml puts the prefix, never a value, in the template).
// They are fetched on the first invocation, not at module init: init then needs no network and no SDK (the SSM
// client is required on that first call only, like the S3 client in lib/storage.ts), and a container keeps them for
// its life (a rotated secret reaches new containers; `serverless deploy` replaces the old ones). @middy/ssm does the
// same fetch, but imports the SSM client at module load and prefetches there by default: the init cost and the
// network at init are what this avoids.
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

let client: SSMClient | undefined;
async function readParameters(names: string[]): Promise<Map<string, string>> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ssm = require('@aws-sdk/client-ssm') as typeof import('@aws-sdk/client-ssm');
  // Region and credentials from the Lambda environment (AWS_REGION, the function's role).
  client ??= new ssm.SSMClient({});
  const found = new Map<string, string>();
  for (let i = 0; i < names.length; i += BATCH) {
    const out = await client.send(new ssm.GetParametersCommand({ Names: names.slice(i, i + BATCH), WithDecryption: true }));
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
  const wanted = prefix ? SECRET_NAMES.filter((name) => !env[name]) : [];
  if (wanted.length) {
    let found: Map<string, string>;
    try {
      found = await readParameters(wanted.map((name) => prefix + name));
    } catch (err) {
      throw new MissingSecretError(`Could not read ${wanted.map((n) => prefix + n).join(', ')} from SSM Parameter Store: ${(err as Error)?.name ?? ''} ${(err as Error)?.message ?? err}`);
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
  client = undefined;
}

/** A handler that runs only once the secrets are there. */
export function withSecrets<A extends unknown[], R>(handler: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    await ensureSecrets();
    return handler(...args);
  };
}
