'use client';
import type { ContractIds } from '@bithedge/contracts';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/trpc/client';
import { HealthPanel } from './health-panel';

/** The health panel for a provider that has deposited (its tier is where a top-up goes). */
export function HealthSection({ ids }: { ids: ContractIds | null }) {
  const trpc = useTRPC();
  const portfolio = useQuery(trpc.provider.portfolio.queryOptions());
  if (!portfolio.data) return null;
  return <HealthPanel ids={ids} tier={portfolio.data.tier} />;
}
