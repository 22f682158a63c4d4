/** The session cookie: the only place its name and attributes are decided. */
export const SESSION_COOKIE = 'bithedge_session';

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
 * sending it with their form posts; `Secure` (in production) keeps it off plain HTTP.
 */
export function sessionCookieHeader(token: string, expiresAt: Date, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${encodeURIComponent(token)}`,
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
