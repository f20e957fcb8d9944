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

  it('sends every other /api path to the not-found function', () => {
    expect(routesOf(functionBlocks.get('notFound')!)).toEqual(['* /api/{proxy+}']);
  });
});
