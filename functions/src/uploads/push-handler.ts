import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { SECURITY_HEADERS, type ApiEvent, type ApiResult } from '../lib/http';
import { config } from '../lib/config';
import { db } from '../lib/db';
import { log } from '../lib/logger';
import { withSecrets } from '../lib/secrets';
import { PhotoModel } from './photo.model';

/** WeChat signs pushes with sha1 of the sorted token, timestamp and nonce. */
function signed(q: Record<string, string | undefined>): boolean {
  const { signature, timestamp, nonce } = q;
  if (!signature || !timestamp || !nonce) return false;
  const expected = createHash('sha1').update([config().WECHAT_PUSH_TOKEN, timestamp, nonce].sort().join('')).digest('hex');
  return expected.length === signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(signature));
}

const text = (statusCode: number, body: string): ApiResult => ({ statusCode, headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' }, body });

/**
 * The message-push endpoint configured in the WeChat console (JSON mode): GET answers the URL check with
 * echostr; POST receives events — here the result of wxa/media_check_async for a photo.
 */
export const handler = withSecrets(async (event: ApiEvent, _context: Context): Promise<ApiResult> => {
  const q = (event.queryStringParameters ?? {}) as Record<string, string | undefined>;
  if (!signed(q)) return text(401, 'invalid signature');
  if (event.requestContext?.http?.method === 'GET') return text(200, q.echostr ?? '');
  let msg: { Event?: string; trace_id?: string; result?: { suggest?: string } };
  try {
    msg = JSON.parse(event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '{}');
  } catch {
    return text(400, 'bad json');
  }
  if (msg.Event === 'wxa_media_check' && msg.trace_id) {
    await db();
    const suggest = msg.result?.suggest;
    const status = suggest === 'pass' ? 'pass' : suggest === 'risky' ? 'risky' : 'pending'; // review: staff decide
    // Staff approval wins over a later machine verdict.
    const r = await PhotoModel.updateOne({ traceId: msg.trace_id, status: { $in: ['pending', 'pass', 'risky'] } }, { $set: { status } });
    log('info', 'media check result', { traceId: msg.trace_id, suggest, matched: r.matchedCount });
  }
  return text(200, 'success');
});
