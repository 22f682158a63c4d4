import { appRouter } from '@bithedge/api';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { createFetchContext } from '@/server/context';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

async function handler(req: Request): Promise<Response> {
  const started = performance.now();
  const response = await fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: createFetchContext,
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        console.error(`tRPC ${path ?? '?'} failed:`, error.cause ?? error);
    },
  });
  // How long the procedures took, as opposed to the network and framework around them.
  response.headers.set('server-timing', `app;dur=${(performance.now() - started).toFixed(2)}`);
  return response;
}

export { handler as GET, handler as POST };
