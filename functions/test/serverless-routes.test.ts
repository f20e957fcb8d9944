import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api } from '@linli/shared';

// serverless.yml is what API Gateway routes by; the shared definitions are what handlers serve.
// They must name the same endpoints, each on the function of its feature.
describe('serverless.yml routes', () => {
  const yml = readFileSync(join(__dirname, '../../serverless.yml'), 'utf8');
  const functionBlocks = new Map<string, string>();
  for (const m of yml.split(/\n(?=  [a-zA-Z0-9]+:\n    handler:)/)) {
    const name = /^  ([a-zA-Z0-9]+):\n    handler:/.exec(m)?.[1];
    if (name) functionBlocks.set(name, m);
  }
  const routesOf = (block: string) =>
    [...block.matchAll(/httpApi: \{ method: '?([A-Z*]+)'?, path: '?([^'\s]+?)'? \}/g)].map((x) => `${x[1]} ${x[2]}`);

  it.each(Object.keys(api) as (keyof typeof api)[])('routes every %s endpoint to the function of that name and nothing else', (group) => {
    const endpoints = api[group];
    const block = functionBlocks.get(group);
    expect(block).toBeDefined();
    const expected = Object.values(endpoints).map((e) => `${e.method} ${e.path}`).sort();
    expect(routesOf(block!).sort()).toEqual(expected);
  });

  // serverless-offline (and the Lambda runtime's own convention) split `handler:` at the first dot of the file name:
  // a file called `stats.handler.ts` is looked for as `stats` exporting `handler.handler`, and every call fails.
  it.each([...yml.matchAll(/\n    handler: (\S+)/g)].map((m) => m[1]!))('points %s at a module and an export that exist', (handler) => {
    const slash = handler.lastIndexOf('/');
    const dot = handler.indexOf('.', slash);
    const [file, name] = [handler.slice(0, dot), handler.slice(dot + 1)];
    expect(name).toMatch(/^\w+$/);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(join(__dirname, '../..', file)) as Record<string, unknown>;
    expect(typeof mod[name]).toBe('function');
  });

  it('sends every other /api path to the not-found function', () => {
    expect(routesOf(functionBlocks.get('notFound')!)).toEqual(['* /api/{proxy+}']);
  });
});
