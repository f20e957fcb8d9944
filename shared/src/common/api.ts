import * as z from 'zod';
import type { Role } from './roles';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call an endpoint.
 * - `public`: anyone, signed in or not;
 * - `signedIn`: any signed-in user, no community context;
 * - a role list: the call acts in one community (X-Community-Id) and the caller must be an
 *   active member holding one of these roles there (street staff through their street).
 */
export type Access = 'public' | 'signedIn' | readonly Role[];

/** One API endpoint: the single definition the handler, the app client and the OpenAPI document share. */
export interface Endpoint<
  P extends z.ZodTypeAny = z.ZodTypeAny,
  Q extends z.ZodTypeAny = z.ZodTypeAny,
  B extends z.ZodTypeAny = z.ZodTypeAny,
  O extends z.ZodTypeAny = z.ZodTypeAny,
  A extends Access = Access,
> {
  /** Stable operation id, also the OpenAPI operationId. */
  id: string;
  method: HttpMethod;
  /** Path with `{name}` parameters, always under /api. */
  path: string;
  summary: string;
  access: A;
  params: P;
  query: Q;
  body: B;
  output: O;
  /** 201 for endpoints that create something. */
  status: 200 | 201;
  /** True when the endpoint creates something (answers 201). */
  creates: boolean;
  /** Set for endpoints that answer something other than JSON (the output schema is then a string body). */
  contentType?: string;
  /**
   * True when the endpoint honours an Idempotency-Key header (every creating endpoint, and writes such as
   * replies whose retry must not happen twice); the app sends a key with these and retries them safely.
   */
  idempotent: boolean;
}

const Empty = z.object({}).strict();
type EmptyT = typeof Empty;

/** Builds an endpoint definition with defaults (no params/query/body, status 200). */
export function endpoint<
  P extends z.ZodTypeAny = EmptyT,
  Q extends z.ZodTypeAny = EmptyT,
  B extends z.ZodTypeAny = EmptyT,
  O extends z.ZodTypeAny = z.ZodTypeAny,
  const A extends Access = Access,
>(def: {
  id: string;
  method: HttpMethod;
  path: string;
  summary: string;
  access: A;
  params?: P;
  query?: Q;
  body?: B;
  output: O;
  creates?: boolean;
  idempotent?: boolean;
  contentType?: string;
}): Endpoint<P, Q, B, O, A> {
  if (!def.path.startsWith('/api/')) throw new Error(`endpoint ${def.id}: path must start with /api/`);
  const creates = def.creates ?? false;
  return {
    params: Empty as unknown as P,
    query: Empty as unknown as Q,
    body: Empty as unknown as B,
    ...def,
    creates,
    idempotent: def.idempotent ?? creates,
    status: creates ? 201 : 200,
  };
}

export type ParamsOf<E extends Endpoint> = z.input<E['params']>;
export type QueryOf<E extends Endpoint> = z.input<E['query']>;
export type BodyOf<E extends Endpoint> = z.input<E['body']>;
export type OutputOf<E extends Endpoint> = z.output<E['output']>;

/** Fills `{name}` placeholders of an endpoint path. */
export function buildPath(path: string, params: Record<string, string> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k];
    if (v === undefined) throw new Error(`missing path parameter ${k}`);
    return encodeURIComponent(v);
  });
}

/** Matches a concrete path against an endpoint path template; returns the params or null. */
export function matchPath(template: string, actual: string): Record<string, string> | null {
  const t = template.split('/');
  const a = actual.replace(/\/+$/, '').split('/');
  if (t.length !== a.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < t.length; i++) {
    const seg = t[i]!;
    const m = /^\{(\w+)\}$/.exec(seg);
    if (m) {
      let v: string;
      try {
        v = decodeURIComponent(a[i]!);
      } catch {
        return null;
      }
      if (!v) return null;
      out[m[1]!] = v;
    } else if (seg !== a[i]) return null;
  }
  return out;
}

/** Header names the app and the server agree on. */
export const HEADERS = {
  community: 'x-community-id',
  clientVersion: 'x-client-version',
  idempotencyKey: 'idempotency-key',
} as const;
