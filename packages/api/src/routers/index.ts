import { createCallerFactory, router } from '../trpc';
import { adminRouter } from './admin';
import { authRouter } from './auth';
import { poolRouter } from './pool';
import { providerRouter } from './provider';

export const appRouter = router({
  admin: adminRouter,
  auth: authRouter,
  pool: poolRouter,
  provider: providerRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
