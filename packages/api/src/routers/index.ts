import { createCallerFactory, router } from '../trpc';
import { poolRouter } from './pool';

export const appRouter = router({
  pool: poolRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
