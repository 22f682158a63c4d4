import {
  type Executor,
  type HealthStatus,
  providerBalances,
  providers,
  type TierName,
  type Token,
} from '@bithedge/db';
import { eq } from 'drizzle-orm';

export interface TokenBalance {
  token: Token;
  totalDeposited: bigint;
  available: bigint;
  locked: bigint;
  pendingWithdrawal: bigint;
  totalWithdrawn: bigint;
  earnedPremiums: bigint;
  pendingPremiums: bigint;
  claimedPremiums: bigint;
}

export interface ProviderPortfolio {
  principal: string;
  tier: TierName;
  healthStatus: HealthStatus;
  collateralizationRatioBps: number | null;
  balances: TokenBalance[];
}

/** A provider's tier, health and balances per token; null for a principal that never deposited. */
export async function getProviderPortfolio(
  db: Executor,
  principal: string,
): Promise<ProviderPortfolio | null> {
  const rows = await db
    .select({
      principal: providers.principal,
      tier: providers.tier,
      healthStatus: providers.healthStatus,
      collateralizationRatioBps: providers.collateralizationRatioBps,
      balance: providerBalances,
    })
    .from(providers)
    .leftJoin(providerBalances, eq(providerBalances.providerId, providers.id))
    .where(eq(providers.principal, principal))
    .orderBy(providerBalances.token);
  const [first] = rows;
  if (!first) return null;
  return {
    principal: first.principal,
    tier: first.tier,
    healthStatus: first.healthStatus,
    // bps of a ratio, for display: far inside a double's exact range.
    collateralizationRatioBps:
      first.collateralizationRatioBps === null ? null : Number(first.collateralizationRatioBps),
    balances: rows.flatMap(({ balance: b }) =>
      b
        ? [
            {
              token: b.token,
              totalDeposited: b.totalDeposited,
              available: b.available,
              locked: b.locked,
              pendingWithdrawal: b.pendingWithdrawal,
              totalWithdrawn: b.totalWithdrawn,
              earnedPremiums: b.earnedPremiums,
              pendingPremiums: b.pendingPremiums,
              claimedPremiums: b.claimedPremiums,
            },
          ]
        : [],
    ),
  };
}
