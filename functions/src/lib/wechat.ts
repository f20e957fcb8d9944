import { ApiError } from './errors';
import { config, isProductionStage } from './config';
import { log } from './logger';

const TIMEOUT_MS = 5000;

interface WechatError {
  errcode?: number;
  errmsg?: string;
}

async function call<T extends WechatError>(path: string, init?: { method?: 'GET' | 'POST'; query?: Record<string, string>; body?: unknown }): Promise<T> {
  const url = new URL(path, config().WECHAT_API_BASE.replace(/\/?$/, '/'));
  for (const [k, v] of Object.entries(init?.query ?? {})) url.searchParams.set(k, v);
  let res: Response;
  try {
    res = await fetch(url, {
      method: init?.method ?? 'GET',
      headers: init?.body ? { 'content-type': 'application/json' } : undefined,
      body: init?.body ? JSON.stringify(init.body) : undefined,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    log('warn', 'wechat unreachable', { path, error: String((err as Error).message) });
    throw new ApiError('UNAVAILABLE', '微信服务暂时不可用，请稍后再试');
  }
  if (!res.ok) {
    log('warn', 'wechat http error', { path, status: res.status });
    throw new ApiError('UNAVAILABLE', '微信服务暂时不可用，请稍后再试');
  }
  return (await res.json()) as T;
}

/** Exchanges a wx.login code for the openid. The session_key is dropped here: the product never needs it. */
export async function code2session(code: string): Promise<{ openid: string; unionid?: string }> {
  const { WECHAT_APPID, WECHAT_SECRET } = config();
  const r = await call<WechatError & { openid?: string; unionid?: string; session_key?: string }>('sns/jscode2session', {
    query: { appid: WECHAT_APPID, secret: WECHAT_SECRET, js_code: code, grant_type: 'authorization_code' },
  });
  if (r.errcode === 45011) throw new ApiError('RATE_LIMITED', '登录太频繁，请稍后再试');
  if (r.errcode || !r.openid) throw new ApiError('UNAUTHENTICATED', '微信登录失败，请重新进入小程序');
  return { openid: r.openid, unionid: r.unionid };
}

let accessToken: { value: string; expiresAt: number } | undefined;

/** The stable access token, cached per container until five minutes before it expires. */
async function getAccessToken(): Promise<string> {
  if (accessToken && accessToken.expiresAt > Date.now()) return accessToken.value;
  const { WECHAT_APPID, WECHAT_SECRET } = config();
  const r = await call<WechatError & { access_token?: string; expires_in?: number }>('cgi-bin/stable_token', {
    method: 'POST',
    body: { grant_type: 'client_credential', appid: WECHAT_APPID, secret: WECHAT_SECRET },
  });
  if (r.errcode || !r.access_token) throw new ApiError('UNAVAILABLE', '微信服务暂时不可用，请稍后再试');
  accessToken = { value: r.access_token, expiresAt: Date.now() + ((r.expires_in ?? 7200) - 300) * 1000 };
  return accessToken.value;
}

/** Exchanges a getPhoneNumber button code for the user's phone number. */
export async function phoneNumberFromCode(code: string): Promise<string> {
  const token = await getAccessToken();
  const r = await call<WechatError & { phone_info?: { purePhoneNumber?: string } }>('wxa/business/getuserphonenumber', {
    method: 'POST',
    query: { access_token: token },
    body: { code },
  });
  const phone = r.phone_info?.purePhoneNumber;
  if (r.errcode || !phone) throw new ApiError('VALIDATION_FAILED', '获取手机号失败，请手动填写', [{ path: 'phoneCode', message: '获取手机号失败' }]);
  return phone;
}

export type ContentVerdict = 'pass' | 'review' | 'risky';

/**
 * Content security check (msg_sec_check v2) of user text. Scene: 1 profile, 2 comment, 3 forum, 4 social log.
 * When WeChat is unreachable the text is held for review rather than published unchecked.
 */
export async function checkText(content: string, openid: string, scene: 1 | 2 | 3 | 4): Promise<ContentVerdict> {
  try {
    const token = await getAccessToken();
    const r = await call<WechatError & { result?: { suggest?: ContentVerdict } }>('wxa/msg_sec_check', {
      method: 'POST',
      query: { access_token: token },
      body: { content, version: 2, scene, openid },
    });
    return r.result?.suggest ?? 'review';
  } catch {
    return 'review';
  }
}

/**
 * Starts WeChat's asynchronous image (or audio) check (media_check_async v2); the verdict arrives later at our message-push
 * endpoint. Returns the trace id, or null when WeChat could not be asked (the photo then waits for staff).
 */
export async function mediaCheck(mediaUrl: string, openid: string, mediaType: 'image' | 'audio' = 'image'): Promise<string | null> {
  try {
    const token = await getAccessToken();
    const r = await call<WechatError & { trace_id?: string }>('wxa/media_check_async', {
      method: 'POST',
      query: { access_token: token },
      // media_type: 1 audio, 2 image.
      body: { media_url: mediaUrl, media_type: mediaType === 'audio' ? 1 : 2, version: 2, scene: 2, openid },
    });
    return r.errcode ? null : r.trace_id ?? null;
  } catch {
    return null;
  }
}

/** WeChat refuses a subscribe message whose `thing` field exceeds 20 characters: every such value goes through this. */
export const subscribeThing = (s: string) => s.slice(0, 20);

/** Sends one subscribe message; never throws (a failed send is logged and never fails the action). */
export async function sendSubscribeMessage(openid: string, templateId: string, page: string, data: Record<string, { value: string }>): Promise<boolean> {
  try {
    const token = await getAccessToken();
    const r = await call<WechatError>('cgi-bin/message/subscribe/send', {
      method: 'POST',
      query: { access_token: token },
      body: { touser: openid, template_id: templateId, page, data, miniprogram_state: isProductionStage() ? 'formal' : 'developer', lang: 'zh_CN' },
    });
    if (r.errcode) log('warn', 'subscribe message refused', { errcode: r.errcode, templateId });
    return !r.errcode;
  } catch (err) {
    log('warn', 'subscribe message failed', { error: String((err as Error).message), templateId });
    return false;
  }
}

/** Forgets the cached access token (tests). */
export function resetWechatCache(): void {
  accessToken = undefined;
}
