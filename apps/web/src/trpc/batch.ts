/**
 * Calls per batched tRPC request. The server refuses bigger batches (M5: each call runs
 * concurrently on the shared connection pool), so the client splits at the same size.
 */
export const TRPC_MAX_BATCH_SIZE = 10;
