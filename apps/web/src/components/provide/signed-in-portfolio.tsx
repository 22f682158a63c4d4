'use client';
import { PortfolioPanel } from '@/components/dashboard/portfolio-panel';
import { useSession } from '@/wallet/use-session';

/** A signed-in provider's balances above the estimate; nothing for a visitor (no sign-in wall). */
export function SignedInPortfolio() {
  const { session } = useSession();
  return session ? <PortfolioPanel /> : null;
}
