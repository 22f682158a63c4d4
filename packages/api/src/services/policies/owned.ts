import { type Executor, policies } from '@bithedge/db';
import { desc, eq, sql } from 'drizzle-orm';

export type OwnedPolicy = Pick<
  typeof policies.$inferSelect,
  | 'id'
  | 'onchainId'
  | 'type'
  | 'strikeUsd'
  | 'amountSats'
  | 'premiumUsd'
  | 'premiumAmount'
  | 'token'
  | 'status'
  | 'expirationHeight'
  | 'expiresAt'
  | 'settlementAmount'
  | 'settledAt'
  | 'quoteId'
  | 'createdAt'
  | 'tier'
> & {
  /** How many providers' collateral backs it (its tier's providers the allocation chose). */
  backers: number;
};

/** A buyer's policies with the tier that backs them, newest first (at most 100: a buyer holds a handful, not thousands). */
export async function listOwnPolicies(db: Executor, owner: string): Promise<OwnedPolicy[]> {
  return db
    .select({
      id: policies.id,
      onchainId: policies.onchainId,
      type: policies.type,
      strikeUsd: policies.strikeUsd,
      amountSats: policies.amountSats,
      premiumUsd: policies.premiumUsd,
      premiumAmount: policies.premiumAmount,
      token: policies.token,
      status: policies.status,
      expirationHeight: policies.expirationHeight,
      expiresAt: policies.expiresAt,
      settlementAmount: policies.settlementAmount,
      settledAt: policies.settledAt,
      quoteId: policies.quoteId,
      createdAt: policies.createdAt,
      tier: policies.tier,
      // Per policy an index lookup (policy_allocations_policy_idx), over at most 100 policies. The
      // outer column is spelled out: drizzle writes a lone "id" here, which the subquery would read
      // as its own table's.
      backers: sql<number>`(select count(*)::int from policy_allocations a where a.policy_id = "policies"."id")`,
    })
    .from(policies)
    .where(eq(policies.owner, owner))
    .orderBy(desc(policies.id))
    .limit(100);
}
