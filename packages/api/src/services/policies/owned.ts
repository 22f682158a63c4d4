import { type Executor, policies } from '@bithedge/db';
import { desc, eq } from 'drizzle-orm';

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
>;

/** A buyer's policies, newest first (at most 100: a buyer holds a handful, not thousands). */
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
    })
    .from(policies)
    .where(eq(policies.owner, owner))
    .orderBy(desc(policies.id))
    .limit(100);
}
