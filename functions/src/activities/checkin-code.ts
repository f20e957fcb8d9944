import { createHmac, timingSafeEqual } from 'node:crypto';
import { acceptedWindows, checkinWindow, windowExpiry, CHECKIN_WINDOW_MS } from '@linli/shared';

/** The 6-digit code of one window (HOTP-style dynamic truncation of an HMAC of the window number). */
export function codeFor(secret: string, window: number): string {
  const mac = createHmac('sha256', secret).update(String(window)).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const n = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(n % 1_000_000).padStart(6, '0');
}

/** The code staff show now: it rotates every 30 s and is accepted for up to 60 s. */
export function currentCode(secret: string, now: Date) {
  const w = checkinWindow(now);
  return { code: codeFor(secret, w), expiresAt: windowExpiry(w), refreshInSeconds: Math.ceil(((w + 1) * CHECKIN_WINDOW_MS - now.getTime()) / 1000) };
}

/** True when `code` is the code of the current or the previous window (compared in constant time). */
export function codeIsValid(secret: string, code: string, now: Date): boolean {
  return acceptedWindows(now).some((w) => {
    const expected = Buffer.from(codeFor(secret, w));
    const given = Buffer.from(code);
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}
