'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useTRPC } from './client';

/**
 * What each kind of change makes stale, in one place, so a mutation refetches only the queries it
 * affects (tRPC's pathFilter() matches every procedure under a router). A session change (sign
 * in/out, switching the dev wallet's account) still invalidates everything: every private query
 * was fetched as someone else.
 */
export function useInvalidate() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refetch = (...filters: Parameters<typeof queryClient.invalidateQueries>[0][]) =>
    Promise.all(filters.map((filter) => queryClient.invalidateQueries(filter)));
  return {
    /**
     * A provider's funds moved (deposit, withdrawal, premium claim): their figures (portfolio,
     * premiums, health) and the pool's totals.
     */
    balances: () => refetch(trpc.provider.pathFilter(), trpc.pool.pathFilter()),
    /** Notifications were marked read: the list and the bell's count. */
    notifications: () => refetch(trpc.notifications.pathFilter()),
    /** A quote was saved: the buyer's list of quotes. */
    savedQuotes: () => refetch(trpc.quotes.list.pathFilter()),
    /**
     * A policy was bought: the quote is now purchased, the buyer has a new policy, and its
     * collateral is locked in the pool (perhaps some of this caller's own, as a provider).
     */
    purchase: () =>
      refetch(
        trpc.quotes.pathFilter(),
        trpc.policies.pathFilter(),
        trpc.pool.pathFilter(),
        trpc.provider.pathFilter(),
      ),
    /**
     * An admin published risk parameters or a tier: the admin views (versions, audit log, health)
     * and what quotes and the pool show from them.
     */
    admin: () => refetch(trpc.admin.pathFilter(), trpc.pricing.pathFilter(), trpc.pool.pathFilter()),
    /** An admin resolved an alert: the alert lists, the audit log, and operations' open alerts. */
    alerts: () =>
      refetch(
        trpc.admin.alerts.pathFilter(),
        trpc.admin.auditLog.pathFilter(),
        trpc.admin.operations.pathFilter(),
      ),
    /** A purchase came back re-priced: the on-chain terms shown are out of date. */
    chainTerms: () => refetch(trpc.quotes.prepareForChain.pathFilter()),
  };
}
