/** The session cookie: the only place its name and attributes are decided. */
export const SESSION_COOKIE = 'bithedge_session';
/**
 * The name on HTTPS sites (L2): browsers accept a `__Host-` cookie only with `Secure`, `Path=/`
 * and no `Domain`, so a sibling subdomain cannot plant or shadow it (cookie tossing). Plain-HTTP
 * development (http://localhost, the e2e build on http://127.0.0.1) keeps the bare name: there the
 * cookie cannot be `Secure` on every browser, and a `__Host-` cookie without it is dropped.
 */
export const SECURE_SESSION_COOKIE = '__Host-bithedge_session';

export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/** The value of one cookie in a `Cookie` request header, or null. */
export function readCookie(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * `HttpOnly` keeps scripts from reading the token; `SameSite=Lax` keeps other sites from
 * sending it with their form posts; `Secure` (on HTTPS sites) keeps it off plain HTTP, and comes
 * with the `__Host-` name there.
 */
export function sessionCookieHeader(token: string, expiresAt: Date, secure: boolean): string {
  return [
    `${sessionCookieName(secure)}=${encodeURIComponent(token)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Expires=${expiresAt.toUTCString()}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookieHeader(secure: boolean): string {
  return sessionCookieHeader('', new Date(0), secure).replace('Path=/', 'Path=/; Max-Age=0');
}
