import { type Executor, providerPremiumDistributions, queryRows, type Token } from '@bithedge/db';
import { BLOCKS_PER_DAY } from '@bithedge/pricing';
import { inArray, sql } from 'drizzle-orm';
import { distributePremiumShares } from '../ledger';

/**
 * How many Bitcoin (burn) blocks a settled policy's premium shares stay pending: 144, about one day
 * at ten minutes a block, counted in blocks like the expiry itself (so mining blocks on the local
 * chain makes shares due). The wait is far deeper than any re-org: a rolled-back settlement can
 * still take back a premium that was not distributed yet.
 */
export const PREMIUM_DISTRIBUTION_DELAY_BLOCKS = Number(BLOCKS_PER_DAY);

/**
 * The burn height from which a policy's premium shares are earned: the delay after the burn height
 * the operator settled it at (recorded when it sent the call), never before the delay after its
 * expiry (a settlement by an operator that recorded none, or a recorded height below the expiry).
 */
export function premiumDueBurnHeight(expirationHeight: number, settlementBurnHeight: number | null): number {
  return (
    Math.max(expirationHeight, settlementBurnHeight ?? expirationHeight) + PREMIUM_DISTRIBUTION_DELAY_BLOCKS
  );
}

/**
 * Distributes every provider's premium share whose due burn height the chain has reached
 * (pending → earned), in batches claimed with SKIP LOCKED so several cron instances can run at
 * once. Idempotent: a share is earned under the key of its distribution row, once.
 */
export async function distributeDuePremiums(
  db: Executor,
  at: { burnHeight: number; now: Date },
  batchSize = 1_000,
): Promise<{ burnHeight: number; distributed: number; amount: string }> {
  const { burnHeight, now } = at;
  let distributed = 0;
  let amount = 0n;
  for (;;) {
    const batch = await db.transaction(async (tx) => {
      const due = await queryRows<{
        id: number;
        provider_id: number;
        policy_id: number;
        token: Token;
        amount: string;
      }>(
        tx,
        sql`select id, provider_id, policy_id, token, amount::text from provider_premium_distributions
            where status = 'PENDING' and due_burn_height <= ${burnHeight}
            order by id limit ${batchSize} for update skip locked`,
      );
      await distributePremiumShares(
        tx,
        due.map((d) => ({
          id: d.id,
          providerId: d.provider_id,
          policyId: d.policy_id,
          token: d.token,
          amount: BigInt(d.amount),
        })),
      );
      if (due.length > 0) {
        await tx
          .update(providerPremiumDistributions)
          .set({ status: 'DISTRIBUTED', distributedAt: now })
          .where(
            inArray(
              providerPremiumDistributions.id,
              due.map((d) => d.id),
            ),
          );
        // A policy's distribution is done when none of its shares is pending any more.
        await tx.execute(sql`update premium_distributions d set status = 'DISTRIBUTED', distributed_at = ${now.toISOString()}
          where d.status = 'PENDING' and d.policy_id in (${sql.join(
            [...new Set(due.map((x) => x.policy_id))].map((id) => sql`${id}`),
            sql`, `,
          )})
            and not exists (select 1 from provider_premium_distributions s
                            where s.distribution_id = d.id and s.status = 'PENDING')`);
      }
      return due;
    });
    distributed += batch.length;
    amount += batch.reduce((s, d) => s + BigInt(d.amount), 0n);
    if (batch.length < batchSize) return { burnHeight, distributed, amount: amount.toString() };
  }
}
