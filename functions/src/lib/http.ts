import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { Types } from 'mongoose';
import type { z } from 'zod';
import {
  ERROR_MESSAGES,
  HEADERS,
  compareVersions,
  matchPath,
  parseVersion,
  type Access,
  type Endpoint,
  type FieldIssue,
  type Role,
} from '@linli/shared';
import { checkSettings, config } from './config';
import { ensureSecrets } from './secrets';
import { db } from './db';
import { ApiError, validationFailed } from './errors';
import { claim, complete, parseIdempotencyKey, release, requestHash } from './idempotency';
import { log } from './logger';
import { verifyToken } from './tokens';
import { giveBack, hit, quotaFor, reserve, rulesFor } from './rate-limit';
import { isAudited, snapshotBefore, writeAudit } from './audit';

export type ApiEvent = APIGatewayProxyEventV2;
export type ApiResult = APIGatewayProxyStructuredResultV2;

/** The caller, as far as the pipeline needs them (the features' user document is one). */
export interface Caller {
  _id: Types.ObjectId;
  nickname?: string | null;
  deletedAt?: Date | null;
}

/** Where a role-gated call acts, as far as the pipeline needs it (the communities feature's context is one). */
export interface CallerPlace {
  communityId: Types.ObjectId;
  roles: Role[];
  membership?: { name?: string | null } | null;
}

/**
 * Who is calling and where: given by the features (functions/src/api.ts), so that lib/ imports no feature.
 * `loadUser` answers null for an unknown id; `resolveCommunity` throws the API error that refuses the call.
 */
export interface Identity<U extends Caller, C extends CallerPlace> {
  loadUser(id: string): Promise<U | null>;
  resolveCommunity(user: U, headerValue: string | undefined, allowed: readonly Role[]): Promise<C>;
}

/** What an endpoint implementation receives: validated input plus who is calling, where. */
export interface HandlerContext<E extends Endpoint, U extends Caller = Caller, C extends CallerPlace = CallerPlace> {
  params: z.output<E['params']>;
  query: z.output<E['query']>;
  body: z.output<E['body']>;
  user: E['access'] extends 'public' ? U | undefined : U;
  community: E['access'] extends readonly Role[] ? C : undefined;
  /** The gateway's request id, for logs only: serverless-offline gives every call the same one, so never a key. */
  requestId: string;
  /**
   * The caller's Idempotency-Key on endpoints that honour one (undefined otherwise): what a write that must happen
   * once per call keys on (with the user), else on a fresh id.
   */
  idempotencyKey?: string;
  now: Date;
  event: ApiEvent;
  /** For the audit log of staff and admin actions: the state before the change (the answer is the after). */
  audit: { before?: unknown; target?: Record<string, string> };
}

export type Implementation<E extends Endpoint, U extends Caller = Caller, C extends CallerPlace = CallerPlace> = (
  ctx: HandlerContext<E, U, C>,
) => Promise<z.input<E['output']>>;

export interface Route {
  endpoint: Endpoint;
  impl: (ctx: HandlerContext<Endpoint>) => Promise<unknown>;
}

/**
 * The pipeline bound to an identity: `route` pairs an endpoint definition with its implementation (typed with the
 * identity's user and community), `apiHandler` builds a Lambda handler for a feature's routes.
 */
export function createApi<U extends Caller, C extends CallerPlace>(identity: Identity<U, C>) {
  return {
    route: <E extends Endpoint>(endpoint: E, impl: Implementation<E, U, C>): Route => ({ endpoint, impl: impl as unknown as Route['impl'] }),
    apiHandler: (routes: Route[]) => apiHandler(routes, identity as unknown as Identity<Caller, CallerPlace>),
  };
}

interface ApiState {
  route?: Route;
  params: Record<string, string>;
  user?: Caller;
  community?: CallerPlace;
  input?: { params: unknown; query: unknown; body: unknown };
  idempotencyClaim?: Types.ObjectId;
  idempotencyKey?: string;
  /** The hourly-quota counter this call took a unit from, until the call has created something. */
  quotaUnit?: string;
}
const states = new WeakMap<ApiEvent, ApiState>();
type Request = middy.Request<ApiEvent, ApiResult, Error, Context>;
const st = (req: Request): ApiState => states.get(req.event)!;
type Middleware = middy.MiddlewareObj<ApiEvent, ApiResult, Error, Context>;

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

/**
 * On every answer: an API response is data, never a page — nothing to sniff, frame, cache or refer from.
 * (CORS is the gateway's: an allow-list of the H5 origins in serverless.yml.)
 */
export const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'cache-control': 'no-store',
  'cross-origin-resource-policy': 'same-site',
};

function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): ApiResult {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

function errorResult(err: ApiError): ApiResult {
  const error: Record<string, unknown> = { code: err.code, message: err.message };
  if (err.details !== undefined) error.details = err.details;
  return json(err.status, { error }, err.headers);
}

const header = (event: ApiEvent, name: string): string | undefined => {
  const h = event.headers ?? {};
  const v = h[name] ?? Object.entries(h).find(([k]) => k.toLowerCase() === name)?.[1];
  return v === undefined || v === '' ? undefined : v;
};

/** Deeper than any schema of ours: refused before anything walks it (a recursion there would overflow). */
const MAX_DEPTH = 32;

/** Keys that MongoDB would read as operators or paths never reach a query; absurdly deep input is refused too. */
function unsafeKeys(value: unknown, path: string[] = [], out: FieldIssue[] = []): FieldIssue[] {
  if (out.length >= 20) return out;
  if (path.length > MAX_DEPTH) {
    out.push({ path: path.slice(0, 3).join('.') + '…', message: '嵌套层级过深' });
    return out;
  }
  if (Array.isArray(value)) value.forEach((v, i) => unsafeKeys(v, [...path, String(i)], out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('$') || k.includes('.') || k === '__proto__' || k === 'constructor' || k === 'prototype')
        out.push({ path: [...path, k].join('.'), message: '不允许的字段名' });
      else unsafeKeys(v, [...path, k], out);
    }
  }
  return out;
}

function zodIssues(error: z.ZodError, prefix?: string): FieldIssue[] {
  return error.issues.map((i) => {
    const path = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
    let message = i.message; // Chinese: the shared package sets zod's zh-CN locale
    if (i.code === 'unrecognized_keys') message = `不认识的字段：${i.keys.join('、')}`;
    else if (i.code === 'invalid_type' && /undefined$/.test(i.message)) message = '必填';
    return { path: path || prefix || '(root)', message };
  });
}

/** Decoded size of the body, in bytes. */
function bodyBytes(event: ApiEvent): number {
  const raw = event.body;
  if (raw === undefined || raw === null) return 0;
  return event.isBase64Encoded ? Buffer.from(raw, 'base64').length : Buffer.byteLength(raw, 'utf8');
}

/** Refuses an oversized body first, before anything else reads it or counts it (as API Gateway's own limit does). */
const bodyLimit = (): Middleware => ({
  before: (req) => {
    if (bodyBytes(req.event) > config().MAX_BODY_BYTES) throw new ApiError('PAYLOAD_TOO_LARGE');
  },
});

/** Matches the request to one of this function's routes (404 otherwise, as for any unknown path). */
const router = (routes: Route[]): Middleware => ({
  before: (req) => {
    const method = req.event.requestContext?.http?.method?.toUpperCase() ?? 'GET';
    const path = req.event.rawPath ?? '/';
    // As API Gateway does, a literal segment wins over a parameter (/api/requests/similar before /{requestId}).
    let best: { route: Route; params: Record<string, string> } | undefined;
    for (const candidate of routes) {
      if (candidate.endpoint.method !== method) continue;
      const params = matchPath(candidate.endpoint.path, path);
      if (params && (!best || Object.keys(params).length < Object.keys(best.params).length)) best = { route: candidate, params };
    }
    if (!best) throw new ApiError('NOT_FOUND', '接口不存在');
    st(req).route = best.route;
    st(req).params = best.params;
  },
});

/** Old mini-program versions are told to update instead of calling an API that has moved on. */
const clientVersionGate = (): Middleware => ({
  before: (req) => {
    const raw = header(req.event, HEADERS.clientVersion);
    if (raw === undefined) return;
    const v = parseVersion(raw);
    if (!v) throw validationFailed([{ path: 'X-Client-Version', message: '版本号格式应为 1.2.3' }]);
    const min = parseVersion(config().MIN_CLIENT_VERSION)!;
    if (compareVersions(v, min) < 0) throw new ApiError('UPGRADE_REQUIRED', '请更新小程序', { minVersion: config().MIN_CLIENT_VERSION });
  },
});

/** Parses and validates params, query and body with the endpoint's shared schemas. */
const validateInput = (): Middleware => ({
  before: (req) => {
    const endpoint = st(req).route!.endpoint;
    let body: unknown = {};
    const raw = req.event.body;
    if (raw !== undefined && raw !== null && raw !== '') {
      const text = req.event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw; // size checked by bodyLimit
      try {
        body = JSON.parse(text);
      } catch {
        throw validationFailed([{ path: '(body)', message: '请求内容不是合法的 JSON' }], '请求内容不是合法的 JSON');
      }
      if (body === null || typeof body !== 'object' || Array.isArray(body))
        throw validationFailed([{ path: '(body)', message: '请求内容应为 JSON 对象' }]);
    }
    const query: Record<string, string> = { ...(req.event.queryStringParameters ?? {}) } as Record<string, string>;
    const unsafe = [...unsafeKeys(body), ...unsafeKeys(query, ['query'])];
    if (unsafe.length) throw validationFailed(unsafe);

    const issues: FieldIssue[] = [];
    const p = endpoint.params.safeParse(st(req).params);
    if (!p.success) {
      // A malformed id in the path names nothing that exists.
      throw new ApiError('NOT_FOUND');
    }
    const q = endpoint.query.safeParse(query);
    if (!q.success) issues.push(...zodIssues(q.error, 'query'));
    const b = endpoint.body.safeParse(body);
    if (!b.success) issues.push(...zodIssues(b.error));
    if (issues.length) throw validationFailed(issues);
    st(req).input = { params: p.data, query: q.data, body: b.data };
  },
});

/** Verifies the bearer token and loads the user; roles are read fresh from the database on every call. */
const authenticate = (identity: Identity<Caller, CallerPlace>): Middleware => ({
  before: async (req) => {
    const access: Access = st(req).route!.endpoint.access;
    const auth = header(req.event, 'authorization');
    if (!auth) {
      if (access === 'public') return;
      throw new ApiError('UNAUTHENTICATED');
    }
    const m = /^Bearer ([A-Za-z0-9._-]{10,2048})$/.exec(auth);
    const userId = m ? await verifyToken(m[1]!) : null;
    if (!userId) {
      if (access === 'public') return; // a stale token does not stop public reads
      throw new ApiError('UNAUTHENTICATED', '登录已过期，请重新登录');
    }
    await db();
    const user = await identity.loadUser(userId);
    if (!user || user.deletedAt) {
      if (access === 'public') return;
      throw new ApiError('UNAUTHENTICATED', '登录已失效，请重新登录');
    }
    st(req).user = user;
  },
});

/** Flood limits on writes and sign-in, per user and per IP (reads are not limited): they count every attempt. */
const rateLimit = (): Middleware => ({
  before: async (req) => {
    const s = st(req);
    const endpoint = s.route!.endpoint;
    const rules = rulesFor(endpoint.method, endpoint.id);
    if (!rules.length) return;
    await db();
    const ip = req.event.requestContext?.http?.sourceIp ?? 'unknown';
    for (const { rule, by } of rules) {
      if (by === 'user' && !s.user) continue;
      await hit(rule, by === 'user' ? s.user!._id.toHexString() : ip);
    }
  },
});

/** For role-gated endpoints: picks the community of the call and checks the caller's roles there. */
const communityScope = (identity: Identity<Caller, CallerPlace>): Middleware => ({
  before: async (req) => {
    const access = st(req).route!.endpoint.access;
    if (access === 'public' || access === 'signedIn') return;
    st(req).community = await identity.resolveCommunity(st(req).user!, header(req.event, HEADERS.community), access);
  },
});

/** Creating endpoints: the same Idempotency-Key from the same user returns the first result and creates nothing. */
const idempotency = (): Middleware => ({
  before: async (req) => {
    const s = st(req);
    const endpoint = s.route!.endpoint;
    if (!endpoint.idempotent || !s.user) return;
    const key = parseIdempotencyKey(header(req.event, HEADERS.idempotencyKey));
    if (!key) return;
    s.idempotencyKey = key;
    const hash = requestHash([endpoint.id, s.community?.communityId.toHexString() ?? null, s.input]);
    const c = await claim(s.user._id, key, hash);
    if (c.kind === 'replay')
      return { statusCode: c.response.statusCode, headers: { ...JSON_HEADERS, 'idempotent-replay': 'true' }, body: c.response.body };
    s.idempotencyClaim = c.id;
  },
  after: async (req) => {
    const claimId = st(req).idempotencyClaim;
    if (claimId && req.response)
      await complete(claimId, { statusCode: req.response.statusCode ?? 200, body: String(req.response.body ?? '') });
  },
  onError: async (req) => {
    const claimId = st(req).idempotencyClaim;
    // With the database gone the key cannot be released now; waiting for it would only delay the 503. The repair
    // routine frees keys whose first request died.
    if (claimId && !isDbOutage(req.error)) await release(claimId).catch(() => undefined);
  },
});

/**
 * Hourly quotas count what was created: a unit is taken just before the handler (after validation and after an
 * idempotent replay, which never reach it) and given back unless the handler created something. Ten retries with
 * one Idempotency-Key run the handler once and spend one unit.
 */
const quota = (): Middleware => ({
  before: async (req) => {
    const s = st(req);
    const rule = quotaFor(s.route!.endpoint.id, s.input?.body);
    if (!rule || !s.user) return;
    s.quotaUnit = await reserve(rule, s.user._id.toHexString());
  },
  after: (req) => {
    st(req).quotaUnit = undefined; // the handler answered: it created, the unit stays spent
  },
  onError: async (req) => {
    const s = st(req);
    const unit = s.quotaUnit;
    s.quotaUnit = undefined;
    // With the database gone the unit cannot be given back now (it expires with its window).
    if (unit && !isDbOutage(req.error)) await giveBack(unit).catch(() => undefined);
  },
});

function isDbOutage(err: unknown): boolean {
  const name = (err as { name?: string })?.name ?? '';
  // Every way the driver reports that the database is not there (pool cleared when a connection dropped
  // mid-call, server selection timing out, …): the caller gets 503 and retries, never a 500.
  return /MongoServerSelectionError|MongoNetworkError|MongooseServerSelectionError|MongoNotConnectedError|MongoTopologyClosedError|MongoNetworkTimeoutError|MongoPoolClearedError|MongoPoolClosedError|MongoServerClosedError/.test(
    name,
  ) || (err as { message?: string })?.message?.includes('Client must be connected') === true;
}

/** The one place that turns any error into the API's error shape; internals never leave the server. */
const errorResponder = (): Middleware => ({
  onError: (req) => {
    const err = req.error;
    let apiErr: ApiError;
    if (err instanceof ApiError) apiErr = err;
    else if ((err as { code?: number })?.code === 11000) apiErr = new ApiError('CONFLICT');
    else if (isDbOutage(err)) apiErr = new ApiError('UNAVAILABLE');
    else {
      apiErr = new ApiError('INTERNAL', ERROR_MESSAGES.INTERNAL);
      log('error', 'unhandled error', {
        requestId: req.event.requestContext?.requestId,
        error: String((err as Error)?.message ?? err),
        stack: (err as Error)?.stack,
      });
    }
    req.response = errorResult(apiErr);
  },
});

/**
 * Builds a Lambda handler for a feature's routes. Order matters: body size → route → version → auth → flood limits
 * (they count attempts) → community and roles (a stranger learns nothing from validation messages) → input →
 * idempotency (keyed per user, after validation so a bad request never holds a key; a replay answers here) →
 * hourly quota (only what reaches the handler, given back if nothing was created) → handler.
 */
function apiHandler(routes: Route[], identity: Identity<Caller, CallerPlace>) {
  // Validate the settings at cold start: a bad one fails the Lambda's init with a message naming it. The secrets
  // come on the first invocation (ensureSecrets below), so init needs no network.
  checkSettings();
  const pipeline = middy<ApiEvent, ApiResult, Error, Context>({ timeoutEarlyInMillis: 0 })
    .before((req) => {
      states.set(req.event, { params: {} });
    })
    .use(errorResponder())
    .use(bodyLimit())
    .use(router(routes))
    .use(clientVersionGate())
    .use(authenticate(identity))
    .use(rateLimit())
    .use(communityScope(identity))
    .use(validateInput())
    .use(idempotency())
    .use(quota())
    .handler(async (event) => {
      const s = states.get(event)!;
      const { endpoint, impl } = s.route!;
      const input = s.input!;
      const audit: { before?: unknown; target?: Record<string, string> } = {};
      const audited = !!s.community && isAudited(endpoint, s.community.roles);
      if (audited) audit.before = await snapshotBefore((input.params ?? {}) as Record<string, string>, s.community!.communityId);
      const now = new Date();
      const result = await impl({
        params: input.params,
        query: input.query,
        body: input.body,
        user: s.user,
        community: s.community,
        requestId: event.requestContext?.requestId ?? '',
        idempotencyKey: s.idempotencyKey,
        now,
        event,
        audit,
      } as HandlerContext<Endpoint>);
      // Parsing the output strips anything the definition does not name (openid, internal fields).
      const out = endpoint.output.parse(result);
      if (audited)
        await writeAudit({
          communityId: s.community!.communityId,
          actorId: s.user?._id,
          actorName: s.community!.membership?.name ?? s.user?.nickname ?? undefined,
          actorRoles: s.community!.roles,
          action: endpoint.id,
          target: audit.target ?? (Object.keys(input.params ?? {}).length ? (input.params as Record<string, string>) : undefined),
          before: audit.before,
          after: endpoint.contentType ? { exported: true } : out,
          status: endpoint.status,
          requestId: event.requestContext?.requestId,
          at: now,
        });
      if (endpoint.contentType) return { statusCode: endpoint.status, headers: { 'content-type': endpoint.contentType }, body: out as string };
      return json(endpoint.status, out);
    });

  return async (event: ApiEvent, context: Context): Promise<ApiResult> => {
    const started = Date.now();
    await ensureSecrets();
    // A fresh object per invocation: API Gateway events are plain JSON, and the WeakMap keys on identity.
    const ev: ApiEvent = { ...event };
    const result = await pipeline(ev, context);
    const s = states.get(ev);
    const requestId = context?.awsRequestId ?? event.requestContext?.requestId ?? '';
    log('info', 'request', {
      requestId,
      route: s?.route ? `${s.route.endpoint.method} ${s.route.endpoint.path}` : `${event.requestContext?.http?.method} ${event.rawPath}`,
      status: result.statusCode,
      durationMs: Date.now() - started,
      userId: s?.user?._id.toHexString() ?? null,
      communityId: s?.community?.communityId.toHexString() ?? null,
    });
    result.headers = { ...SECURITY_HEADERS, ...(result.headers ?? {}), 'x-request-id': requestId };
    return result;
  };
}
