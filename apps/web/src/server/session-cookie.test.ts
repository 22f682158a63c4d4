import { describe, expect, it } from 'vitest';
import {
  clearedSessionCookieHeader,
  readCookie,
  SESSION_COOKIE,
  sessionCookieHeader,
} from './session-cookie';

describe('session cookie', () => {
  it('is httpOnly, SameSite=Lax, site-wide, with the session expiry, Secure only when asked', () => {
    const expires = new Date('2026-12-01T00:00:00Z');
    const dev = sessionCookieHeader('tok', expires, false);
    expect(dev).toBe(
      `${SESSION_COOKIE}=tok; Path=/; HttpOnly; SameSite=Lax; Expires=Tue, 01 Dec 2026 00:00:00 GMT`,
    );
    expect(sessionCookieHeader('tok', expires, true)).toMatch(/; Secure$/);
  });

  it('clears with an empty value that expired in the past', () => {
    const header = clearedSessionCookieHeader(true);
    expect(header).toContain(`${SESSION_COOKIE}=;`);
    expect(header).toContain('Max-Age=0');
    expect(header).toContain('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  });

  it('reads one cookie out of a header and tolerates junk', () => {
    expect(readCookie(`a=1; ${SESSION_COOKIE}=abc%2Fd; b=2`, SESSION_COOKIE)).toBe('abc/d');
    expect(readCookie('a=1; b', SESSION_COOKIE)).toBeNull();
    expect(readCookie(`${SESSION_COOKIE}=%E0%A4%A`, SESSION_COOKIE)).toBeNull();
    expect(readCookie(null, SESSION_COOKIE)).toBeNull();
  });
});
