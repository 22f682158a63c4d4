import type { AppRouter } from '@bithedge/api';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

export type RouterOutputs = inferRouterOutputs<AppRouter>;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type BuyerQuoteResult = RouterOutputs['pricing']['buyerQuote'];
export type SavedQuoteResult = RouterOutputs['quotes']['byId'];
