import type { DatabaseHandle } from '@bithedge/db';
import type { AnyTRPCRouter } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { type Context, createContext, type Session } from './context';

interface HttpBody {
  result?: { data: unknown };
  error?: { json: unknown };
}

/** Calls a router over real HTTP semantics (the fetch adapter), so error formatting is exercised. */
export async function callHttp(
  router: AnyTRPCRouter,
  ctx: Context,
  path: string,
  input?: unknown,
  method: 'GET' | 'POST' = 'GET',
): Promise<{ status: number; body: HttpBody }> {
  const encoded = encodeURIComponent(JSON.stringify(superjson.serialize(input)));
  const url = `http://test/api/trpc/${path}${method === 'GET' ? `?input=${encoded}` : ''}`;
  const request = new Request(url, {
    method,
    ...(method === 'POST' ? { body: JSON.stringify(superjson.serialize(input)) } : {}),
    headers: { 'content-type': 'application/json' },
  });
  const response = await fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router,
    createContext: () => ctx,
  });
  return { status: response.status, body: (await response.json()) as HttpBody };
}

export function contextFor(handle: DatabaseHandle, session: Session | null = null): Context {
  return createContext({ db: handle.db, session });
}
