import * as z from 'zod';
import { endpoint } from '../common/api';

export const systemEndpoints = {
  health: endpoint({
    id: 'system.health',
    method: 'GET',
    path: '/api/health',
    summary: '健康检查',
    access: 'public',
    output: z.object({ status: z.literal('ok'), db: z.literal('up') }),
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
