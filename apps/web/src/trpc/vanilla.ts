'use client';
import type { AppRouter } from '@bithedge/api';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import { TRPC_MAX_BATCH_SIZE } from './batch';

/** The HTTP link every browser-side tRPC client uses (same endpoint, transformer and batch size). */
export const browserLinks = () => [
  httpBatchLink({ url: '/api/trpc', transformer: superjson, maxItems: TRPC_MAX_BATCH_SIZE }),
];

let client: ReturnType<typeof createTRPCClient<AppRouter>> | undefined;

/** A plain tRPC client for one-off calls outside React Query (the nav's sign-in and sign-out). */
export function vanillaTrpc() {
  client ??= createTRPCClient<AppRouter>({ links: browserLinks() });
  return client;
}
