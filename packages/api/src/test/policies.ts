import { type Executor, policies, type Token } from '@bithedge/db';

/**
 * Inserts placeholder policies for ledger tests and benchmarks: the ledger only needs a policy
 * row to hang locks on, not realistic terms.
 */
export async function insertTestPolicies(
  db: Executor,
  count: number,
  token: Token = 'STX',
): Promise<number[]> {
  const row = {
    owner: 'ST3NBRSFKX28FQ2ZJ1MAKX58HKHSDGNV5N7R21XCP',
    type: 'PUT' as const,
    strikeUsd: 5_400_000_000_000n,
    amountSats: 50_000_000n,
    premiumUsd: 78_000_000_000n,
    premiumAmount: 52_000_000n,
    collateralAmount: 300_000_000n,
    token,
    tier: 'balanced' as const,
    expirationHeight: 900_000,
    expiresAt: new Date('2027-01-01T00:00:00Z'),
  };
  const rows = await db
    .insert(policies)
    .values(Array.from({ length: count }, () => row))
    .returning({ id: policies.id });
  return rows.map((r) => r.id);
}
