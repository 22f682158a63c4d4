import { RateLimitedError } from '@bithedge/api';
import type { Env } from './env';
import { readBodyCapped } from './http';

/**
 * Whether `origin` is this site's: APP_URL's origin when set; without it (development), the host
 * the browser addressed (its Host header), which a page on another site cannot choose.
 */
function isSiteOrigin(env: Env, req: Request, origin: string): boolean {
  if (env.appUrl) return origin === new URL(env.appUrl).origin;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false; // `null` (sandboxed or opaque) and anything that is not an origin
  }
  return host === (req.headers.get('host') ?? new URL(req.url).host);
}

/** `application/json`, with or without parameters such as `charset`. */
function isJson(contentType: string | null): boolean {
  return contentType?.split(';')[0]?.trim().toLowerCase() === 'application/json';
}

/**
 * CSRF defence in depth for tRPC mutations (L2), beside SameSite=Lax: a POST from another origin
 * is refused (403), and so is any body but JSON (415). tRPC would otherwise accept
 * `multipart/form-data`, which a cross-site form may send without a CORS preflight.
 */
export function refuseCrossSitePost(env: Env, req: Request): Response | null {
  if (req.method !== 'POST') return null;
  const origin = req.headers.get('origin');
  if (origin !== null && !isSiteOrigin(env, req, origin))
    return Response.json({ error: `Cross-origin request refused (Origin ${origin})` }, { status: 403 });
  if (!isJson(req.headers.get('content-type')))
    return Response.json({ error: 'tRPC requests must be application/json' }, { status: 415 });
  return null;
}

/**
 * The request with its body read under the size cap (M5), or the 413 to answer. The copy keeps
 * the method, URL and headers, so tRPC reads it exactly as it would the original.
 */
export async function withCappedBody(req: Request): Promise<{ req: Request } | { response: Response }> {
  if (req.method !== 'POST') return { req };
  const read = await readBodyCapped(req);
  if ('response' in read) return read;
  return { req: new Request(req.url, { method: req.method, headers: req.headers, body: read.bytes }) };
}

/** `Retry-After` for a response that carries rate-limit refusals: the longest wait among them. */
export function retryAfterHeader(errors: readonly { cause?: unknown }[]): Record<string, string> {
  const waits = errors
    .map((error) => error.cause)
    .filter((cause): cause is RateLimitedError => cause instanceof RateLimitedError)
    .map((cause) => cause.retryAfterSeconds);
  return waits.length > 0 ? { 'retry-after': String(Math.max(...waits)) } : {};
}
