/** Fields that must never be logged, whatever a caller passes. */
const REDACT = /token|code|phone|secret|session|authorization|password/i;

/** One structured JSON line to stdout (CloudWatch / SCF log collectors parse it). */
export function log(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  const safe: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) safe[k] = REDACT.test(k) ? '[redacted]' : v;
  if (process.env.LINLI_SILENT_LOGS === '1' && level === 'info') return;
  process.stdout.write(JSON.stringify({ level, msg, time: new Date().toISOString(), ...safe }) + '\n');
}
