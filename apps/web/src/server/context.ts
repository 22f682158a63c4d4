import 'server-only';
import {
  AppError,
  type AuthConfig,
  type AuthTransport,
  type ChainTipReader,
  type Context,
  createContext,
  createPublicReadCache,
  DEFAULT_CHALLENGE_TTL_MS,
  resolveSession,
  SIGN_IN_RATE_LIMIT,
  SlidingWindowLimiter,
  stacksNodeTipReader,
  type TtlCache,
} from '@bithedge/api';
import { headers } from 'next/headers';
import { cache } from 'react';
import { getDatabase } from './db';
import { type Env, getEnv } from './env';
import { clientAddress, isLoopbackHost } from './http';
import { getQuotingContext } from './quoting';
import {
  clearedSessionCookieHeader,
  readCookie,
  sessionCookieHeader,
  sessionCookieName,
} from './session-cookie';

const store = globalThis as typeof globalThis & {
  __bithedgeSignInLimiter?: SlidingWindowLimiter;
  __bithedgePublicReads?: TtlCache<unknown>;
};

/** One limiter per server process (M5): per instance, so N instances allow N times the limit. */
function signInLimiter(): SlidingWindowLimiter {
  store.__bithedgeSignInLimiter ??= new SlidingWindowLimiter(SIGN_IN_RATE_LIMIT);
  return store.__bithedgeSignInLimiter;
}

/** Whether the site is served over HTTPS: then the session cookie is `Secure` and `__Host-`. */
export function isSecureSite(env: Env, requestUrl: string): boolean {
  return (env.appUrl ?? requestUrl).startsWith('https:');
}

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
  /** The address sign-in attempts are counted against; null for in-process calls. */
  clientAddress: string | null;
  /** Where Set-Cookie goes; null when the response cannot carry one (server components). */
  resHeaders: Headers | null;
}

async function contextFrom(parts: RequestParts): Promise<Context> {
  const env = getEnv();
  const { db } = await getDatabase();
  // HTTPS sites (APP_URL says so) use the Secure __Host- cookie; plain-HTTP localhost cannot.
  const secure = isSecureSite(env, parts.url);
  const token = readCookie(parts.cookieHeader, sessionCookieName(secure));
  // The role comes from ADMIN_PRINCIPALS as configured now, on every request (M6).
  const session = await resolveSession(db, env, token);
  const writable = (headers: Headers | null): Headers => {
    if (!headers) throw new AppError('UNAVAILABLE', 'Sign-in and sign-out go through /api/trpc');
    return headers;
  };
  const address = parts.clientAddress;
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
    ...(address !== null && { admitSignInAttempt: () => signInLimiter().admit(address) }),
  };
  return createContext({
    db,
    session: session && { principal: session.principal, role: session.role },
    auth,
    quoting: getQuotingContext(),
    chainTip: chainTipReader(env),
    publicReads: publicReadCache(),
  });
}

/** One cache of public aggregates per server process (see `createPublicReadCache`). */
function publicReadCache(): TtlCache<unknown> {
  store.__bithedgePublicReads ??= createPublicReadCache();
  return store.__bithedgePublicReads;
}

/**
 * Where the admin page reads the chain's tip from: the Stacks node of `STACKS_API_URL`, as the
 * chain clock and reconciliation do; none with the in-app local chain or without a node.
 */
export function chainTipReader(env: Env): ChainTipReader | null {
  if (env.localChain || !env.stacksApiUrl) return null;
  return stacksNodeTipReader({ baseUrl: env.stacksApiUrl });
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
    clientAddress: clientAddress(req),
    resHeaders,
  });
}

/**
 * The tRPC context of a server component's in-process calls: one per request (React `cache`), so
 * the layout's session read and a page's prefetched queries share one session lookup instead of
 * resolving the cookie once per procedure call.
 */
export const createRequestContext = cache(async (): Promise<Context> => {
  const incoming = await headers();
  const host = incoming.get('host') ?? 'localhost';
  const proto = incoming.get('x-forwarded-proto') ?? 'http';
  return contextFrom({
    url: `${proto}://${host}/`,
    cookieHeader: incoming.get('cookie'),
    userAgent: incoming.get('user-agent'),
    clientAddress: null,
    resHeaders: null,
  });
});
