import { CHECKIN_WINDOW_MS } from '@linli/shared';
import { codeFor, codeIsValid, currentCode } from './checkin-code';

describe('activities/checkin-code rotating codes', () => {
  const secret = 'a-test-secret';
  const start = new Date(Math.ceil(Date.UTC(2026, 10, 22, 2) / CHECKIN_WINDOW_MS) * CHECKIN_WINDOW_MS); // a window boundary

  it('is six digits, the same within a window and different in the next', () => {
    const a = currentCode(secret, start);
    expect(a.code).toMatch(/^\d{6}$/);
    expect(currentCode(secret, new Date(start.getTime() + CHECKIN_WINDOW_MS - 1)).code).toBe(a.code);
    expect(currentCode(secret, new Date(start.getTime() + CHECKIN_WINDOW_MS)).code).not.toBe(a.code);
    expect(a.refreshInSeconds).toBe(30);
    expect(a.expiresAt.getTime() - start.getTime()).toBe(2 * CHECKIN_WINDOW_MS);
  });

  it('is accepted until 60 s after its window started, and never after (token expiry)', () => {
    const { code } = currentCode(secret, start);
    expect(codeIsValid(secret, code, start)).toBe(true);
    expect(codeIsValid(secret, code, new Date(start.getTime() + 59_999))).toBe(true);
    expect(codeIsValid(secret, code, new Date(start.getTime() + 60_000))).toBe(false);
    expect(codeIsValid(secret, code, new Date(start.getTime() - 1))).toBe(false); // not before its window
  });

  it('depends on the activity secret, and refuses anything that is not the code', () => {
    const w = Math.floor(start.getTime() / CHECKIN_WINDOW_MS);
    expect(codeFor('other-secret', w)).not.toBe(codeFor(secret, w));
    expect(codeIsValid(secret, '12345', start)).toBe(false);
    expect(codeIsValid(secret, codeFor('other-secret', w), start)).toBe(codeFor('other-secret', w) === codeFor(secret, w));
  });
});
