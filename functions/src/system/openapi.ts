import * as z from 'zod';
import { ERROR_STATUS, ErrorBody, allEndpoints, type Endpoint } from '@linli/shared';

const schema = (s: z.ZodTypeAny, io: 'input' | 'output') =>
  z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as Record<string, unknown>;

function parameters(e: Endpoint) {
  const out: Record<string, unknown>[] = [];
  const add = (where: 'path' | 'query', s: z.ZodTypeAny) => {
    const js = schema(s, 'input') as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, prop] of Object.entries(js.properties ?? {}))
      out.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: prop });
  };
  add('path', e.params);
  add('query', e.query);
  if (Array.isArray(e.access)) out.push({ name: 'X-Community-Id', in: 'header', required: false, schema: { type: 'string' }, description: '当前社区；只属于一个社区时可省略' });
  if (e.idempotent) out.push({ name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', minLength: 8, maxLength: 128 } });
  return out;
}

/** The OpenAPI 3 document, generated from the shared endpoint definitions (the single source). */
export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of allEndpoints) {
    const hasBody = Object.keys((schema(e.body, 'input').properties as object | undefined) ?? {}).length > 0;
    const errors = Object.fromEntries(
      Object.entries(ERROR_STATUS).map(([code, status]) => [String(status), { description: code, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]),
    );
    (paths[e.path] ??= {})[e.method.toLowerCase()] = {
      operationId: e.id,
      summary: e.summary,
      'x-access': e.access,
      security: e.access === 'public' ? [] : [{ bearer: [] }],
      parameters: parameters(e),
      ...(hasBody ? { requestBody: { required: true, content: { 'application/json': { schema: schema(e.body, 'input') } } } } : {}),
      responses: { [String(e.status)]: { description: 'OK', content: { 'application/json': { schema: schema(e.output, 'output') } } }, ...errors },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: '邻里 Linli API', version: '1.0.0', description: '社区急难愁盼、议事协商、志愿服务。错误统一为 {"error":{"code","message","details"}}。' },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: schema(ErrorBody, 'output') },
    },
    paths,
  };
}
