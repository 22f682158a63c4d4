export * from './adapters/price-feed';
export { type Context, type CreateContextOptions, createContext, type Session } from './context';
export { AppError, type AppErrorCode, isAppError } from './errors';
export { type AppRouter, appRouter, createCaller } from './routers';
export { seedDemoLedger } from './services/demo-seed';
export * from './services/ledger';
export * from './services/pool';
export type { ErrorData } from './trpc';
