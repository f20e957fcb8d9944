import { api, missingCalendarWarning } from '@linli/shared';
import type { Context } from 'aws-lambda';
import { apiHandler, route } from '../api';
import type { ApiEvent } from '../lib/http';
import { dbIsUp } from '../lib/db';
import { ApiError } from '../lib/errors';
import { buildOpenApi } from './openapi';
import { missingExpectedYears } from './holidays';

const health = route(api.system.health, async () => {
  if (!(await dbIsUp())) throw new ApiError('UNAVAILABLE', '数据库不可用');
  // The operators' signal that a year's holiday calendar is missing (deadlines then count weekends only).
  const missing = await missingExpectedYears();
  return { status: 'ok' as const, db: 'up' as const, ...(missing.length ? { calendarMissing: missing, warning: missingCalendarWarning(missing)! } : {}) };
});

let openapiDoc: Record<string, unknown> | undefined;
const openapi = route(api.system.openapi, async () => (openapiDoc ??= buildOpenApi()));

export const handler = apiHandler([health, openapi]);

const unknownRoutes = apiHandler([]);
/** Catch-all for /api paths no function serves: the same 404 shape as everything else. */
export const notFoundHandler = (event: ApiEvent, context: Context) => unknownRoutes(event, context);
