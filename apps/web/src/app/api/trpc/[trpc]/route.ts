import { appRouter } from '@bithedge/api';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { createFetchContext } from '@/server/context';
import { getEnv } from '@/server/env';
import { refuseCrossSitePost, retryAfterHeader, withCappedBody } from '@/server/trpc-http';
import { TRPC_MAX_BATCH_SIZE } from '@/trpc/batch';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

async function handler(incoming: Request): Promise<Response> {
  const refused = refuseCrossSitePost(getEnv(), incoming);
  if (refused) return refused;
  const capped = await withCappedBody(incoming);
  if ('response' in capped) return capped.response;
  const started = performance.now();
  const response = await fetchRequestHandler({
    endpoint: '/api/trpc',
    req: capped.req,
    router: appRouter,
    createContext: createFetchContext,
    // M5: batched calls run concurrently; an unbounded batch could take the whole pool.
    maxBatchSize: TRPC_MAX_BATCH_SIZE,
    responseMeta: ({ errors }) => ({ headers: retryAfterHeader(errors) }),
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        console.error(`tRPC ${path ?? '?'} failed:`, error.cause ?? error);
    },
  });
  // Answers are per user (sessions, portfolios): no shared cache may keep them (L8).
  response.headers.set('cache-control', 'private, no-store');
  // How long the procedures took, as opposed to the network and framework around them.
  response.headers.set('server-timing', `app;dur=${(performance.now() - started).toFixed(2)}`);
  return response;
}

export { handler as GET, handler as POST };
