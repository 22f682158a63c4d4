import { createCallerFactory, router } from '../trpc';
import { adminRouter } from './admin';
import { authRouter } from './auth';
import { notificationsRouter } from './notifications';
import { policiesRouter } from './policies';
import { poolRouter } from './pool';
import { pricingRouter } from './pricing';
import { providerRouter } from './provider';
import { quotesRouter } from './quotes';

export const appRouter = router({
  admin: adminRouter,
  auth: authRouter,
  notifications: notificationsRouter,
  policies: policiesRouter,
  pool: poolRouter,
  pricing: pricingRouter,
  provider: providerRouter,
  quotes: quotesRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
