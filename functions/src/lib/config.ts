import * as z from 'zod';
import { parseVersion } from '@linli/shared';

/** The push token of local stacks and tests; public, so a production stage refuses it (lib/secrets.ts). */
export const LOCAL_PUSH_TOKEN = 'linli-local-push-token';

/**
 * The secrets. Deployed functions read them from SSM Parameter Store on their first invocation (lib/secrets.ts), so
 * they are not in the template and not there at module init; locally and in tests they are plain environment values.
 */
const SecretsSchema = z.object({
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URI'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  WECHAT_SECRET: z.string().min(1),
  /** Token WeChat signs message pushes with (media check results); set the same in the WeChat console. */
  WECHAT_PUSH_TOKEN: z.string().min(3).default(LOCAL_PUSH_TOKEN),
});

/** Everything else: in the template, checked at module init. */
const SettingsSchema = z.object({
  WECHAT_APPID: z.string().min(1),
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  STAGE: z.string().min(1).default('dev'),
  /** Mini-program versions below this get 426 "请更新小程序". */
  MIN_CLIENT_VERSION: z
    .string()
    .default('0.0.0')
    .refine((v) => parseVersion(v) !== null, 'must look like 1.2.3'),
  /** Token lifetime in seconds; short because roles and memberships are read fresh anyway. */
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(7200),
  /** Subscribe-message template ids from the WeChat console (empty: that notice goes to the in-app list only). */
  WECHAT_TEMPLATE_ACCEPTED: z.string().default(''),
  WECHAT_TEMPLATE_REPLIED: z.string().default(''),
  WECHAT_TEMPLATE_RESOLVED: z.string().default(''),
  WECHAT_TEMPLATE_NEW_REQUEST: z.string().default(''),
  WECHAT_TEMPLATE_DUE_SOON: z.string().default(''),
  /** 议事: voting opened / results published (one message per granted permission). */
  WECHAT_TEMPLATE_CONSULTATION: z.string().default(''),
  /** Largest JSON body accepted, in bytes. */
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(64 * 1024),
  /** Abuse limits (429 with Retry-After), counted in the database across containers. */
  RATE_LIMITS_DISABLED: z.enum(['0', '1', 'true', 'false', '']).default('0').transform((v) => v === '1' || v === 'true'),
  // Per address the limits are sized for a hall: 200 residents on one Wi-Fi or carrier NAT sign in within a
  // minute (up to 3 times each: opening the app, a second phone, a retry when the Wi-Fi drops an answer → 600) and
  // then vote, support, comment and mark messages read (up to 6 writes each → 1200). One person is limited tightly
  // instead: per WeChat login code (single-use at WeChat, so a replay is a retry or an attack on the app's
  // code2session quota), per openid, and per user.
  RATE_LIMIT_SIGNIN_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  RATE_LIMIT_SIGNIN_PER_CODE_PER_MINUTE: z.coerce.number().int().min(1).default(5),
  RATE_LIMIT_SIGNIN_PER_OPENID_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  RATE_LIMIT_IP_WRITES_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  RATE_LIMIT_WRITES_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /** Hourly quotas count what was created (refused input, failures and replays give their unit back). */
  RATE_LIMIT_REQUESTS_PER_HOUR: z.coerce.number().int().min(1).default(10),
  /** Patrol findings (巡查发现) by one grid worker or staff member: counted apart from residents' requests. */
  RATE_LIMIT_FINDINGS_PER_HOUR: z.coerce.number().int().min(1).default(60),
  RATE_LIMIT_TOPICS_PER_HOUR: z.coerce.number().int().min(1).default(5),
  /** Connections one container's pool may open (serverless.yml sizes reserved concurrency from it: scripts/deploy-config.cjs). */
  MONGODB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
  /** Stages that must run on real secrets (comma-separated): there a missing or local default secret stops the function. */
  PRODUCTION_STAGES: z.string().default('prod'),
});
const ConfigSchema = SettingsSchema.extend(SecretsSchema.shape);
export type Config = z.infer<typeof ConfigSchema>;

let cached: Config | undefined;

function parseOrThrow<T>(schema: z.ZodType<T>, env: NodeJS.ProcessEnv): T {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}

/**
 * Reads and validates the environment once per container, secrets included (so, in a deployed function, after
 * lib/secrets.ts has loaded them). A bad setting fails with a message naming the variable, instead of surfacing
 * later as a confusing runtime error.
 */
export function config(): Config {
  return (cached ??= parseOrThrow(ConfigSchema, process.env));
}

/** Validates everything but the secrets: what module init can check without the network. */
export function checkSettings(): void {
  parseOrThrow(SettingsSchema, process.env);
}

/** Whether this stage must run on real secrets (PRODUCTION_STAGES, default `prod`). */
export function isProductionStage(env: NodeJS.ProcessEnv = process.env): boolean {
  const stages = (env.PRODUCTION_STAGES ?? 'prod').split(',').map((s) => s.trim()).filter(Boolean);
  return stages.includes(env.STAGE ?? 'dev');
}

/** Forgets the cached configuration (tests change the environment between cases). */
export function resetConfig(): void {
  cached = undefined;
}
