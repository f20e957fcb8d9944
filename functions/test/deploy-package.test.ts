import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startFakeSsm, ssmClientEnv, type FakeSsm } from './helpers/fake-ssm';

// Issue 17, items 1–3, on what `serverless package --stage prod` really writes (no AWS account needed): one minified
// zip per function without source maps, a template that holds no secret even when the operator's shell has them,
// and a packaged function that starts without the network and reads its secrets from SSM on the first invocation.
// The runtime, the IAM grants, reserved concurrency within the database's connections, throttling, access logs,
// alarms and the retry path of the scheduled jobs are read from the same template.

// eslint-disable-next-line @typescript-eslint/no-require-imports
const AdmZip = require('adm-zip') as typeof import('adm-zip');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { capacity } = require('../../scripts/deploy-config.cjs') as { capacity: (env?: NodeJS.ProcessEnv) => { poolSize: number; maxConnections: number; headroom: number } };

const ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);

/** Secrets in the packaging shell, as an operator who followed an old README would have them. */
const CANARIES = {
  MONGODB_URI: 'mongodb://canary-user:canary-db-password@db.example.cn/linli',
  JWT_SECRET: 'canary-jwt-secret-0123456789abcdef0123456789',
  WECHAT_SECRET: 'canary-wechat-secret',
  WECHAT_PUSH_TOKEN: 'canary-push-token',
  S3_ACCESS_KEY_ID: 'canary-access-key-id',
  S3_SECRET_ACCESS_KEY: 'canary-secret-access-key',
};

type Resource = { Type: string; Properties: Record<string, any>; Condition?: string };
let outDir: string;
let workDir: string;
let template: { Resources: Record<string, Resource>; Conditions?: Record<string, unknown> };
let lambdas: [string, Resource][];

beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'linli-package-'));
  // serverless-esbuild's work folder, apart from the .esbuild/ a running local stack serves from.
  workDir = `.esbuild-package-test-${process.pid}`;
  const r = spawnSync(join(ROOT, 'node_modules', '.bin', 'serverless'), ['package', '--stage', 'prod', '--package', outDir], {
    cwd: ROOT,
    env: { ...process.env, ...CANARIES, LINLI_ESBUILD_DIR: workDir, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', MONGODB_MAX_CONNECTIONS: '500' },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`serverless package failed:\n${(r.stdout + r.stderr).slice(-3000)}`);
  template = JSON.parse(readFileSync(join(outDir, 'cloudformation-template-update-stack.json'), 'utf8'));
  lambdas = Object.entries(template.Resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function');
}, 300_000);

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(join(ROOT, workDir), { recursive: true, force: true });
});

const zips = () => readdirSync(outDir).filter((f) => f.endsWith('.zip'));

describe('serverless package --stage prod', () => {
  it('writes one zip per function, each holding only its minified handler (no source map)', () => {
    expect(zips()).toHaveLength(lambdas.length);
    expect(lambdas.length).toBeGreaterThanOrEqual(17);
    for (const zip of zips()) {
      const entries = new AdmZip(join(outDir, zip)).getEntries().filter((e) => !e.isDirectory);
      expect(entries.map((e) => e.entryName)).toEqual([expect.stringMatching(/^functions\/src\/.+\.js$/)]);
      const js = entries[0]!.getData().toString('utf8');
      // Minified: thousands of characters a line (readable, the same code averages under 40).
      expect(js.length / js.split('\n').length).toBeGreaterThan(1000);
    }
  });

  it('keeps every secret of the packaging shell out of the template, the state and the zips', () => {
    const leaks: string[] = [];
    for (const file of readdirSync(outDir)) {
      const text = file.endsWith('.zip')
        ? new AdmZip(join(outDir, file))
            .getEntries()
            .map((e) => e.getData().toString('utf8'))
            .join('\n')
        : readFileSync(join(outDir, file), 'utf8');
      for (const [name, value] of Object.entries(CANARIES)) if (text.includes(value)) leaks.push(`${file}: ${name}`);
    }
    expect(leaks).toEqual([]);
    // The functions are told where the secrets are, not what they are.
    for (const [, fn] of lambdas) {
      const vars = fn.Properties.Environment.Variables as Record<string, string>;
      expect(vars.SECRETS_PARAMETER_PREFIX).toBe('/linli/prod/');
      for (const name of Object.keys(CANARIES)) expect(vars).not.toHaveProperty(name);
      expect(vars).not.toHaveProperty('NODE_OPTIONS');
    }
  });

  it('runs on Node 24 and grants each function its stage’s parameters and the photo bucket, nothing wider', () => {
    for (const [, fn] of lambdas) expect(fn.Properties.Runtime).toBe('nodejs24.x');
    const statements = template.Resources.IamRoleLambdaExecution!.Properties.Policies[0].PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[];
    const ssm = statements.find((s) => [s.Action].flat().includes('ssm:GetParameters'))!;
    expect(JSON.stringify(ssm.Resource)).toContain('":parameter","/linli/prod/*"');
    expect([ssm.Action].flat()).toEqual(['ssm:GetParameters']);
    const s3 = statements.find((s) => [s.Action].flat().some((a) => a.startsWith('s3:')))!;
    expect([s3.Action].flat().sort()).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:PutObject']);
    expect(JSON.stringify(s3.Resource)).toMatch(/":s3:::",".+","\/\*"/);
    expect(statements.some((s) => [s.Action].flat().some((a) => a === '*' || a.endsWith(':*')))).toBe(false);
  });

  it('reserves concurrency so that every container at its full pool stays within the database’s connections', () => {
    const c = capacity({ MONGODB_MAX_CONNECTIONS: '500' });
    const reserved = lambdas.map(([, fn]) => fn.Properties.ReservedConcurrentExecutions as number);
    expect(reserved.every((n) => Number.isInteger(n) && n >= 1)).toBe(true);
    const total = reserved.reduce((a, b) => a + b, 0);
    expect(total * c.poolSize + c.headroom).toBeLessThanOrEqual(500);
    // The pool the arithmetic assumes is the pool the functions open.
    for (const [, fn] of lambdas) expect(fn.Properties.Environment.Variables.MONGODB_POOL_SIZE).toBe(String(c.poolSize));
    expect(() => capacity({ MONGODB_MAX_CONNECTIONS: '100' })).toThrow(/too few/);
  });

  it('throttles the API, logs each call at the gateway, and alarms on 5xx and on failed scheduled jobs', () => {
    const stage = template.Resources.HttpApiStage!.Properties;
    expect(stage.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 });
    expect(stage.AccessLogSettings.Format).toContain('$context.status');
    expect(stage.AccessLogSettings.Format).not.toContain('sourceIp');
    const alarms = Object.values(template.Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
    expect(alarms.some((a) => a.Properties.MetricName === '5xx' && a.Properties.Namespace === 'AWS/ApiGateway')).toBe(true);
    expect(alarms.some((a) => JSON.stringify(a.Properties.Metrics ?? []).includes('RepairLambdaFunction'))).toBe(true);
    expect(alarms.some((a) => a.Properties.Namespace === 'AWS/SQS')).toBe(true);
    // Every scheduled function retries twice and then lands in the job-failure queue.
    const scheduled = lambdas.filter(([id]) => Object.values(template.Resources).some((r) => r.Type === 'AWS::Events::Rule' && JSON.stringify(r.Properties.Targets).includes(id)));
    expect(scheduled.map(([id]) => id).sort()).toEqual(['ConsultationJobsLambdaFunction', 'DeadlinesLambdaFunction', 'RepairLambdaFunction', 'RetentionLambdaFunction']);
    for (const [id] of scheduled) {
      const conf = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::EventInvokeConfig' && r.Properties.FunctionName.Ref === id)!;
      expect(conf.Properties.MaximumRetryAttempts).toBe(2);
      // … and its errors raise the job alarm.
      expect(alarms.some((a) => JSON.stringify(a.Properties.Metrics ?? []).includes(id))).toBe(true);
      expect(conf.Properties.DestinationConfig.OnFailure.Destination).toEqual({ 'Fn::GetAtt': ['JobFailureQueue', 'Arn'] });
    }
  });

  describe('the packaged system function', () => {
    let fake: FakeSsm;
    let file: string;
    beforeAll(async () => {
      fake = await startFakeSsm({
        '/linli/prod/MONGODB_URI': process.env.MONGODB_URI!,
        '/linli/prod/JWT_SECRET': 'jwt-from-the-store-0123456789abcdef0123',
        '/linli/prod/WECHAT_SECRET': 'wechat-from-the-store',
        '/linli/prod/WECHAT_PUSH_TOKEN': 'push-from-the-store',
      });
      const entry = new AdmZip(join(outDir, 'system.zip')).getEntries().find((e) => e.entryName.endsWith('.js'))!;
      file = join(outDir, 'system-handler.js');
      writeFileSync(file, entry.getData());
    });
    afterAll(() => fake.close());

    /** Loads the bundle in a fresh process with the template's environment, as Lambda would, and calls it twice. */
    async function invoke(extra: Record<string, string> = {}) {
      const fn = lambdas.find(([id]) => id === 'SystemLambdaFunction')![1];
      const env = { PATH: process.env.PATH!, ...fn.Properties.Environment.Variables, ...ssmClientEnv(fake), AWS_LAMBDA_FUNCTION_NAME: 'linli-prod-system', LINLI_SILENT_LOGS: '1', ...extra };
      const script = `
        const mod = require(process.argv[1]);
        const event = { version: '2.0', rawPath: '/api/health', requestContext: { requestId: 'r1', http: { method: 'GET', path: '/api/health', sourceIp: '127.0.0.1' } }, headers: {} };
        (async () => {
          const out = [];
          for (let i = 0; i < 2; i++) {
            try { const r = await mod.handler({ ...event }, { awsRequestId: 'req-' + i }); out.push({ status: r.statusCode, body: r.body }); }
            catch (e) { out.push({ error: e.message }); }
          }
          // The functions' own log lines go to stdout too (errors are logged even with LINLI_SILENT_LOGS).
          process.stdout.write('\\nRESULT ' + JSON.stringify(out) + '\\n');
          process.exit(0);
        })();`;
      const before = fake.calls.length;
      const child = run(process.execPath, ['-e', script, file], { env, timeout: 60_000 });
      const { stdout } = await child;
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) throw new Error(`no result from the packaged handler:\n${stdout}`);
      return { results: JSON.parse(line.slice(7)) as { status?: number; body?: string; error?: string }[], ssmCalls: fake.calls.length - before };
    }

    it('starts without its secrets, reads them once from SSM, and answers', async () => {
      const { results, ssmCalls } = await invoke();
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      expect(JSON.parse(results[0]!.body!)).toMatchObject({ status: 'ok', db: 'up' });
      expect(ssmCalls).toBe(1);
    });

    it('needs no network at module init: with the parameter store unreachable, loading succeeds and the first call names the failure', async () => {
      const { results } = await invoke({ AWS_ENDPOINT_URL_SSM: 'http://127.0.0.1:9' });
      expect(results[0]!.error).toMatch(/Could not read \/linli\/prod\/MONGODB_URI/);
    });

    it('stops, naming the parameter, when a secret is missing from the store', async () => {
      fake.parameters.delete('/linli/prod/WECHAT_PUSH_TOKEN');
      const { results } = await invoke();
      expect(results.map((r) => r.error)).toEqual([expect.stringContaining('set the SecureString parameter /linli/prod/WECHAT_PUSH_TOKEN'), expect.stringContaining('/linli/prod/WECHAT_PUSH_TOKEN')]);
    });
  });
});
