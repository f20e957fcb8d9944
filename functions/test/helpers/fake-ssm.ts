import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for SSM Parameter Store that speaks the wire protocol the AWS SDK uses (AWS JSON 1.1, the
 * `AmazonSSM.GetParameters` target), so the real SSM client signs, sends and decodes as it would against AWS:
 * point it here with AWS_ENDPOINT_URL_SSM. It records every call, and can refuse them (AccessDeniedException).
 */
export type FakeSsm = {
  url: string;
  parameters: Map<string, string>;
  calls: { target: string; names: string[]; withDecryption: boolean; signed: boolean }[];
  denyAll: boolean;
  close: () => Promise<void>;
};

export async function startFakeSsm(initial: Record<string, string> = {}): Promise<FakeSsm> {
  const fake = { parameters: new Map(Object.entries(initial)), calls: [], denyAll: false } as unknown as FakeSsm;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { Names?: string[]; WithDecryption?: boolean };
      fake.calls.push({ target, names: body.Names ?? [], withDecryption: body.WithDecryption === true, signed: /^AWS4-HMAC-SHA256 /.test(String(req.headers.authorization ?? '')) });
      const reply = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(payload));
      };
      if (fake.denyAll) return reply(400, { __type: 'AccessDeniedException', message: 'User is not authorized to perform: ssm:GetParameters' });
      if (target !== 'AmazonSSM.GetParameters') return reply(400, { __type: 'InvalidAction', message: `not faked: ${target}` });
      const names = body.Names ?? [];
      if (names.length > 10) return reply(400, { __type: 'ValidationException', message: 'Member must have length less than or equal to 10' });
      reply(200, {
        Parameters: names.filter((n) => fake.parameters.has(n)).map((n) => ({ Name: n, Type: 'SecureString', Value: fake.parameters.get(n), Version: 1 })),
        InvalidParameters: names.filter((n) => !fake.parameters.has(n)),
      });
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () => new Promise<void>((ok) => server.close(() => ok()));
  return fake;
}

/** What a Lambda container has in its environment for the SDK to find the fake with (region, role credentials). */
export function ssmClientEnv(fake: FakeSsm): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_SSM: fake.url,
    AWS_REGION: 'cn-northwest-1',
    AWS_ACCESS_KEY_ID: 'AKIDFAKEROLE',
    AWS_SECRET_ACCESS_KEY: 'fake-role-secret',
    AWS_SESSION_TOKEN: 'fake-session-token',
  };
}
