import * as z from 'zod';
import { endpoint } from '../common/api';

export const systemEndpoints = {
  health: endpoint({
    id: 'system.health',
    method: 'GET',
    path: '/api/health',
    summary: '健康检查',
    access: 'public',
    output: z.object({
      status: z.literal('ok'),
      db: z.literal('up'),
      /**
       * For operators: this year (and from November the next) has no holiday calendar, so working-day deadlines count
       * weekends only until one is entered (`npm run admin -- set-holidays`). Absent when all is entered.
       */
      calendarMissing: z.array(z.number().int()).optional(),
      warning: z.string().optional(),
    }),
  }),
  openapi: endpoint({
    id: 'system.openapi',
    method: 'GET',
    path: '/api/openapi.json',
    summary: 'OpenAPI 文档（由共享定义生成）',
    access: 'public',
    output: z.record(z.string(), z.unknown()),
  }),
};
