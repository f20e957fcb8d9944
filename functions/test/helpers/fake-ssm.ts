import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '../../src/lib/secrets';

/** The role credentials the fake knows (ssmClientEnv hands them to the function under test). */
const ROLE = { accessKeyId: 'AKIDFAKEROLE', secretAccessKey: 'fake-role-secret', sessionToken: 'fake-session-token' };
const REGION = 'cn-northwest-1';

/**
 * Whether a request carries a valid Signature V4 of these credentials: the headers it says it signed, the body and
 * its x-amz-date, signed again here and compared (what AWS does, short of the clock-skew check).
 */
async function validSignature(req: IncomingMessage, body: string): Promise<boolean> {
  const auth = String(req.headers.authorization ?? '');
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/ssm\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m || m[1] !== ROLE.accessKeyId || m[2] !== REGION) return false;
  const headers: Record<string, string> = {};
  for (const name of m[3]!.split(';')) headers[name] = String(req.headers[name] ?? '');
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const when = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
  const signer = new SignatureV4({ service: 'ssm', region: REGION, sha256: Sha256, credentials: ROLE });
  const host = String(req.headers.host);
  const again = await signer.sign(
    { method: req.method!, protocol: 'http:', hostname: host.split(':')[0]!, path: req.url ?? '/', query: {}, headers, body },
    { signingDate: when },
  );
  return again.headers.authorization === auth;
}

/**
 * A stand-in for SSM Parameter Store that speaks its wire protocol (AWS JSON 1.1, the `AmazonSSM.GetParameters`
 * target) and checks each call's Signature V4 against the role credentials it knows: point a function here with
 * AWS_ENDPOINT_URL_SSM. It records every call, and can refuse them (AccessDeniedException).
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
    req.on('end', async () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = JSON.parse(raw || '{}') as { Names?: string[]; WithDecryption?: boolean };
      const signed = await validSignature(req, raw);
      fake.calls.push({ target, names: body.Names ?? [], withDecryption: body.WithDecryption === true, signed });
      const reply = (status: number, payload: unknown) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(payload));
      };
      if (!signed) return reply(400, { __type: 'com.amazon.coral.service#InvalidSignatureException', message: 'The request signature we calculated does not match the signature you provided.' });
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
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: ROLE.accessKeyId,
    AWS_SECRET_ACCESS_KEY: ROLE.secretAccessKey,
    AWS_SESSION_TOKEN: ROLE.sessionToken,
  };
}
