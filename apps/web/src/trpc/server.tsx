import 'server-only';
import { appRouter } from '@bithedge/api';
import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { cache, type ReactNode } from 'react';
import { createRequestContext } from '@/server/context';
import { makeQueryClient } from './query-client';

/** One query client per server request. */
export const getQueryClient = cache(makeQueryClient);

/** Calls procedures in-process (no HTTP hop) to prefetch data for server components. */
export const trpc = createTRPCOptionsProxy({
  ctx: createRequestContext,
  router: appRouter,
  queryClient: getQueryClient,
});

export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
