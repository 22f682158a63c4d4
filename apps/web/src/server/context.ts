import 'server-only';
import {
  AppError,
  type AuthConfig,
  type AuthTransport,
  type Context,
  createContext,
  DEFAULT_CHALLENGE_TTL_MS,
  resolveSession,
} from '@bithedge/api';
import { headers } from 'next/headers';
import { getDatabase } from './db';
import { type Env, getEnv } from './env';
import { isLoopbackHost } from './http';
import { getQuotingContext } from './quoting';
import {
  clearedSessionCookieHeader,
  readCookie,
  SESSION_COOKIE,
  sessionCookieHeader,
} from './session-cookie';

/**
 * The site sign-in messages name: `APP_URL` when set (always in production and off devnet), else
 * the request's own origin, but only a loopback one (L10): the Host header is the caller's to
 * choose, and a relay sending `Host: evil.example` would otherwise get messages for its own site.
 */
export function authConfigFor(env: Env, requestUrl: string): AuthConfig {
  if (!env.appUrl && !isLoopbackHost(new URL(requestUrl).hostname))
    throw new AppError(
      'UNAVAILABLE',
      `Sign-in needs APP_URL on a server reached as ${new URL(requestUrl).host} (only localhost may go without it)`,
    );
  const origin = new URL(env.appUrl ?? requestUrl).origin;
  return {
    domain: new URL(origin).host,
    uri: origin,
    network: env.stacksNetwork,
    adminPrincipals: env.adminPrincipals,
    challengeTtlMs: DEFAULT_CHALLENGE_TTL_MS,
    sessionTtlMs: env.sessionTtlMs,
  };
}

interface RequestParts {
  url: string;
  cookieHeader: string | null;
  userAgent: string | null;
  /** Where Set-Cookie goes; null when the response cannot carry one (server components). */
  resHeaders: Headers | null;
}

async function contextFrom(parts: RequestParts): Promise<Context> {
  const env = getEnv();
  const { db } = await getDatabase();
  const token = readCookie(parts.cookieHeader, SESSION_COOKIE);
  const session = await resolveSession(db, token);
  // Production sites are HTTPS (APP_URL says so); a plain-HTTP local production build keeps working.
  const secure = env.nodeEnv === 'production' && (env.appUrl ?? parts.url).startsWith('https:');
  const writable = (headers: Headers | null): Headers => {
    if (!headers) throw new AppError('UNAVAILABLE', 'Sign-in and sign-out go through /api/trpc');
    return headers;
  };
  const auth: AuthTransport = {
    // Read only by the sign-in procedures, so a refusal (L10) fails those calls, not the request.
    get config() {
      return authConfigFor(env, parts.url);
    },
    sessionToken: token,
    userAgent: parts.userAgent,
    setSessionCookie: (value, expiresAt) =>
      writable(parts.resHeaders).append('set-cookie', sessionCookieHeader(value, expiresAt, secure)),
    clearSessionCookie: () =>
      writable(parts.resHeaders).append('set-cookie', clearedSessionCookieHeader(secure)),
  };
  return createContext({
    db,
    session: session && { principal: session.principal, role: session.role },
    auth,
    quoting: getQuotingContext(),
  });
}

/** The tRPC context of an HTTP call to `/api/trpc`. */
export function createFetchContext({
  req,
  resHeaders,
}: {
  req: Request;
  resHeaders: Headers;
}): Promise<Context> {
  return contextFrom({
    url: req.url,
    cookieHeader: req.headers.get('cookie'),
    userAgent: req.headers.get('user-agent'),
    resHeaders,
  });
}

/** The tRPC context of a server component's in-process call. */
export async function createRequestContext(): Promise<Context> {
  const incoming = await headers();
  const host = incoming.get('host') ?? 'localhost';
  const proto = incoming.get('x-forwarded-proto') ?? 'http';
  return contextFrom({
    url: `${proto}://${host}/`,
    cookieHeader: incoming.get('cookie'),
    userAgent: incoming.get('user-agent'),
    resHeaders: null,
  });
}
