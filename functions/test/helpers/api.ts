// Calls the real Lambda handlers with API-Gateway-v2-shaped events, routed the way serverless.yml routes them.
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { api as definitions, matchPath } from '@linli/shared';
import { handler as authHandler } from '../../src/auth/handler';
import { handler as communitiesHandler } from '../../src/communities/handler';
import { handler as requestsHandler } from '../../src/requests/handler';
import { handler as messagesHandler } from '../../src/messages/handler';
import { handler as statsHandler } from '../../src/requests/stats-handler';
import { handler as open311Handler } from '../../src/open311/handler';
import { handler as uploadsHandler } from '../../src/uploads/handler';
import { handler as consultationsHandler } from '../../src/consultations/handler';
import { handler as volunteersHandler } from '../../src/volunteers/handler';
import { handler as activitiesHandler } from '../../src/activities/handler';
import { handler as mallHandler } from '../../src/mall/handler';
import { handler as pushHandler } from '../../src/uploads/push-handler';
import { handler as patrolsHandler } from '../../src/patrols/handler';
import { handler as mobileGridHandler } from '../../src/mobile-grid/handler';
import { handler as householdsHandler } from '../../src/households/handler';
import { handler as mediationHandler } from '../../src/mediation/handler';
import { handler as visitsHandler } from '../../src/visits/handler';
import { handler as unitsHandler } from '../../src/units/handler';
import { handler as systemHandler, notFoundHandler } from '../../src/system/handler';

const handlers: Record<keyof typeof definitions, typeof systemHandler> = {
  system: systemHandler,
  auth: authHandler,
  communities: communitiesHandler,
  requests: requestsHandler,
  messages: messagesHandler,
  stats: statsHandler,
  uploads: uploadsHandler,
  consultations: consultationsHandler,
  volunteers: volunteersHandler,
  activities: activitiesHandler,
  mall: mallHandler,
  patrols: patrolsHandler,
  mobileGrid: mobileGridHandler,
  households: householdsHandler,
  mediation: mediationHandler,
  visits: visitsHandler,
  units: unitsHandler,
};

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Raw body text, sent as is (malformed JSON tests). */
  rawBody?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  community?: string;
  idempotencyKey?: string;
  /** The caller's address as API Gateway reports it (abuse limits per IP). */
  sourceIp?: string;
  /** The gateway's request id (default: a fresh one per call; serverless-offline repeats one for every call). */
  requestContextId?: string;
}

export interface CallResult<T = any> {
  status: number;
  body: T;
  headers: Record<string, string>;
  raw: string;
}

function pickHandler(method: string, path: string) {
  if (path.startsWith('/open311/')) return open311Handler;
  if (path === '/wechat/push') return pushHandler;
  // Like API Gateway: a route without parameters wins over one with them (/api/requests/similar).
  let best: { handler: typeof systemHandler; params: number } | undefined;
  for (const [group, eps] of Object.entries(definitions)) {
    for (const e of Object.values(eps) as { method: string; path: string }[]) {
      const m = e.method === method ? matchPath(e.path, path) : null;
      if (m && (!best || Object.keys(m).length < best.params)) best = { handler: handlers[group as keyof typeof definitions], params: Object.keys(m).length };
    }
  }
  if (best) return best.handler;
  return notFoundHandler;
}

/** Sends one request through the handler API Gateway would pick. */
export async function call<T = any>(method: string, path: string, opts: CallOptions = {}): Promise<CallResult<T>> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.community) headers['x-community-id'] = opts.community;
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  const event: APIGatewayProxyEventV2 = {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: new URLSearchParams(opts.query ?? {}).toString(),
    headers,
    queryStringParameters: opts.query,
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: opts.sourceIp ?? '127.0.0.1', userAgent: 'jest' },
      requestId: opts.requestContextId ?? randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: new Date().toISOString(),
      timeEpoch: Date.now(),
    },
    body: opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
    isBase64Encoded: false,
  };
  const context = { awsRequestId: event.requestContext.requestId } as Context;
  const res = await pickHandler(method, path)(event, context);
  const raw = String(res.body ?? '');
  const isJson = String((res.headers ?? {})['content-type'] ?? '').includes('json');
  return { status: res.statusCode ?? 200, body: raw && isJson ? JSON.parse(raw) : raw, headers: (res.headers ?? {}) as Record<string, string>, raw };
}

/** Signs in through the WeChat emulator (code = openid) and returns the token and user. */
export async function signIn(openid: string) {
  const r = await call('POST', '/api/auth/wechat', { body: { code: openid } });
  if (r.status !== 200) throw new Error(`sign-in of ${openid} failed: ${r.status} ${r.raw}`);
  return r.body as { token: string; user: { id: string; nickname: string } };
}
