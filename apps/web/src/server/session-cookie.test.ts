import { describe, expect, it } from 'vitest';
import { isSecureSite } from './context';
import { parseEnv } from './env';
import {
  clearedSessionCookieHeader,
  readCookie,
  SECURE_SESSION_COOKIE,
  SESSION_COOKIE,
  sessionCookieHeader,
  sessionCookieName,
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

  it('L2: on HTTPS sites the cookie is __Host-bithedge_session: Secure, Path=/, no Domain', () => {
    const header = sessionCookieHeader('tok', new Date('2026-12-01T00:00:00Z'), true);
    expect(header).toBe(
      `${SECURE_SESSION_COOKIE}=tok; Path=/; HttpOnly; SameSite=Lax; Expires=Tue, 01 Dec 2026 00:00:00 GMT; Secure`,
    );
    expect(header).not.toMatch(/Domain=/i);
    expect(clearedSessionCookieHeader(true)).toMatch(
      /^__Host-bithedge_session=; Path=\/; Max-Age=0;.*; Secure$/,
    );
  });

  it('L2: the secure name is the one read on an HTTPS site, so a planted bare cookie is ignored', () => {
    const https = parseEnv({ APP_URL: 'https://bithedge.app' });
    const secure = isSecureSite(https, 'https://bithedge.app/api/trpc');
    expect(secure).toBe(true);
    const header = `${SESSION_COOKIE}=planted; ${SECURE_SESSION_COOKIE}=mine`;
    expect(readCookie(header, sessionCookieName(secure))).toBe('mine');
    // Plain-HTTP development keeps the bare name (a __Host- cookie needs Secure).
    expect(isSecureSite(parseEnv({}), 'http://127.0.0.1:3000/')).toBe(false);
    expect(sessionCookieName(false)).toBe(SESSION_COOKIE);
  });
});
