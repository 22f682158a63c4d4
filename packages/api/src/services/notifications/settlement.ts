import { type Executor, notifications, queryRows, type Token } from '@bithedge/db';
import { formatDecimal } from '@bithedge/pricing';
import { sql } from 'drizzle-orm';

/** What the token's base units are worth in whole tokens: micro-STX (6), sats (8). */
const DECIMALS: Record<Token, number> = { STX: 6, SBTC: 8 };

const usd = (units: bigint) => `$${formatDecimal(units, 8)}`;

/** The dedupe key of one backer's settlement notice: one per (policy, provider). */
const noticeKey = (policyId: number, providerId: number) => `settlement-debit:${policyId}:${providerId}`;

export interface SettlementNotice {
  policy: {
    id: number;
    onchainId: string | null;
    type: 'PUT' | 'CALL';
    strikeUsd: bigint;
    token: Token;
    /** The BTC price the operator settled at, when it recorded one. */
    settlementBtcUsd: bigint | null;
  };
  /** Each backer's collateral debited to pay the buyer; zero debits are not announced. */
  debits: readonly { providerId: number; amount: bigint }[];
}

/**
 * X4: tells each backer of an exercised policy what it cost them — the policy, the price it
 * settled at and the collateral debited. Written in the settlement's own transaction; the dedupe
 * key makes a re-applied event write nothing new, and a re-org rollback deletes the notices
 * (`withdrawSettlementNotices`) so a different settlement is announced afresh.
 */
export async function notifySettlementDebits(tx: Executor, notice: SettlementNotice): Promise<number> {
  const debits = notice.debits.filter((d) => d.amount > 0n);
  if (debits.length === 0) return 0;
  const { policy } = notice;
  const owners = await queryRows<{ id: number; principal: string }>(
    tx,
    sql`select id, principal from providers where id in (${sql.join(
      debits.map((d) => sql`${d.providerId}`),
      sql`, `,
    )})`,
  );
  const principalOf = new Map(owners.map((o) => [o.id, o.principal]));
  const name = `Policy #${policy.onchainId ?? policy.id}`;
  const price = policy.settlementBtcUsd === null ? null : usd(policy.settlementBtcUsd);
  const rows = debits.flatMap((d) => {
    const principal = principalOf.get(d.providerId);
    if (!principal) return [];
    const amount = `${formatDecimal(d.amount, DECIMALS[policy.token])} ${policy.token}`;
    return [
      {
        principal,
        kind: 'SETTLEMENT_DEBIT',
        title: `${name} was exercised: ${amount} of your collateral paid out`,
        body: `${name} (${policy.type}, strike ${usd(policy.strikeUsd)}) settled ${
          price ? `at BTC ${price}` : 'in the money'
        }. ${amount} of the collateral you had locked behind it paid the buyer; the rest was released to your available balance.`,
        data: {
          policyId: policy.id,
          onchainId: policy.onchainId,
          token: policy.token,
          amount: d.amount.toString(),
          settlementBtcUsd: policy.settlementBtcUsd?.toString() ?? null,
        },
        dedupeKey: noticeKey(policy.id, d.providerId),
      },
    ];
  });
  if (rows.length === 0) return 0;
  const written = await tx
    .insert(notifications)
    .values(rows)
    .onConflictDoNothing({ target: notifications.dedupeKey })
    .returning({ id: notifications.id });
  return written.length;
}

/** A rolled-back settlement never happened: its notices go too. */
export async function withdrawSettlementNotices(tx: Executor, policyId: number): Promise<void> {
  await tx.execute(sql`delete from notifications where dedupe_key like ${`settlement-debit:${policyId}:%`}`);
}
