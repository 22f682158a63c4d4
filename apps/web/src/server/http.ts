/** Responses, body reading and client checks shared by the route handlers. */

export function unauthorized(): Response {
  return Response.json({ error: 'Unauthorized' }, { status: 401, headers: { 'www-authenticate': 'Bearer' } });
}

/**
 * The largest body any route reads (M5): tRPC inputs, Chainhook deliveries and local-chain calls
 * are all far below it, and without a cap one request could hold megabytes in memory.
 */
export const MAX_BODY_BYTES = 64 * 1024;

function tooLarge(limit: number): Response {
  return Response.json({ error: `The request body exceeds ${limit} bytes` }, { status: 413 });
}

/**
 * The request body, refusing more than `limit` bytes: by `Content-Length` before reading, and
 * again while streaming (a chunked body has no length, and a length can lie), so no more than
 * `limit` bytes are ever buffered.
 */
export async function readBodyCapped(
  req: Request,
  limit = MAX_BODY_BYTES,
): Promise<{ bytes: Uint8Array<ArrayBuffer> } | { response: Response }> {
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > limit) return { response: tooLarge(limit) };
  if (!req.body) return { bytes: new Uint8Array(0) };
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return { response: tooLarge(limit) };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { bytes };
}

/**
 * The request's JSON body, or the response to answer: 413 above the cap, 400 when it is not JSON.
 * A caller that has authenticated the sender first may pass a larger `limit`.
 */
export async function readJsonBody(
  req: Request,
  limit = MAX_BODY_BYTES,
): Promise<{ body: unknown } | { response: Response }> {
  const read = await readBodyCapped(req, limit);
  if ('response' in read) return read;
  try {
    return { body: JSON.parse(new TextDecoder().decode(read.bytes)) };
  } catch {
    return { response: Response.json({ error: 'The body is not JSON' }, { status: 400 }) };
  }
}

/** `localhost`, 127.0.0.0/8 and ::1, bare, bracketed or IPv4-mapped. */
export function isLoopbackHost(host: string): boolean {
  const name = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/^::ffff:/, '');
  return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}

/** The host name of a `Host` header value (without its port; IPv6 keeps its brackets). */
function hostName(hostHeader: string): string {
  return new URL(`http://${hostHeader}`).hostname;
}

/**
 * Whether the request comes from this machine. Route handlers do not see the socket, but Next
 * sets `X-Forwarded-For` to the socket's address when the client sent none, so: the Host header
 * is loopback, and every forwarded address (Next's, or a proxy's chain) is loopback too. A client
 * that sends its own loopback `X-Forwarded-For` and `Host` could pass where the server listens
 * publicly: the dev server binds 127.0.0.1 for that reason, and the secret covers the rest.
 */
export function isLoopbackClient(req: Request): boolean {
  let host: string;
  try {
    host = hostName(req.headers.get('host') ?? new URL(req.url).host);
  } catch {
    return false;
  }
  if (!isLoopbackHost(host)) return false;
  const forwarded = [
    ...(req.headers.get('x-forwarded-for') ?? '').split(','),
    req.headers.get('x-real-ip') ?? '',
  ]
    .map((address) => address.trim())
    .filter((address) => address.length > 0);
  return forwarded.every(isLoopbackHost);
}

/**
 * The client's address for rate limits: the right-most `X-Forwarded-For` entry, i.e. the one the
 * nearest proxy (or Next itself, from the socket) wrote. Without a proxy in front a client can
 * choose it, so per-IP limits assume the documented deployment behind a proxy.
 */
export function clientAddress(req: Request): string {
  const forwarded = (req.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((address) => address.trim())
    .filter((address) => address.length > 0);
  return forwarded.at(-1) ?? req.headers.get('x-real-ip')?.trim() ?? 'unknown';
}
