import { type Executor, queryRows, type Token } from '@bithedge/db';
import { sql } from 'drizzle-orm';
import { getPoolMetrics, type PoolMetric } from './ingest';

export interface VaultTotals {
  token: Token;
  balance: bigint;
  locked: bigint;
}

export interface TokenReconciliation {
  token: Token;
  /** What the vault contract reports. */
  vault: { balance: bigint; locked: bigint };
  /** The backend's mirror of the vault, from ingested events (`pool_metrics`). */
  mirror: { balance: bigint; locked: bigint };
  /**
   * The provider ledger's view of the same money: the capital (available + locked + pending
   * withdrawal) its chain-event entries and premium claims account for, plus the premiums
   * on-chain policies paid in and no provider has claimed; and what those entries locked.
   */
  ledger: { balance: bigint; locked: bigint };
  /**
   * Capital the ledger holds that no chain event put there (the demo seed's deposits): not money
   * in the vault, so outside the comparison, and shown rather than hidden. 0 in a deployment.
   */
  offChainCapital: bigint;
  /**
   * On-chain withdrawals the ledger could not cover (WITHDRAWAL_DEFICIT entries not reversed, each
   * with an admin alert): money that left the vault while the ledger still counts it as capital.
   * The comparison subtracts it from the ledger's balance, so a recorded deficit is accounted for
   * rather than reported as a mismatch. 0 normally.
   */
  deficit: bigint;
  equal: boolean;
}

/**
 * Compares the vault's own totals with the backend's two accounts of them. After every block of a
 * lifecycle all three must be equal; a difference means an event was missed or misapplied.
 */
export async function reconcileVault(
  db: Executor,
  vault: readonly VaultTotals[],
): Promise<{ reconciled: boolean; tokens: TokenReconciliation[] }> {
  const metrics = await getPoolMetrics(db);
  const ledger = await ledgerTotals(db);
  const tokens = vault.map((v) =>
    reconcileToken(
      v,
      metrics.find((x) => x.token === v.token),
      ledger.find((x) => x.token === v.token),
    ),
  );
  return { reconciled: tokens.every((t) => t.equal), tokens };
}

interface LedgerTotalsRow extends Record<string, unknown> {
  token: Token;
  capital: string;
  locked: string;
  premiums: string;
  claimed: string;
  all_capital: string;
  deficit: string;
}

/** The provider ledger's sums per token, as numeric text (see `TokenReconciliation.ledger`). */
async function ledgerTotals(db: Executor): Promise<LedgerTotalsRow[]> {
  // Entries caused by a chain event carry its block in their key (`…@0x<block hash>…`).
  return queryRows<LedgerTotalsRow>(
    db,
    sql`with entries as (
          select token::text as token,
            sum(available_delta + locked_delta + pending_withdrawal_delta)
              filter (where position('@0x' in idempotency_key) > 0 or type = 'PREMIUM_CLAIM') as capital,
            sum(locked_delta) filter (where position('@0x' in idempotency_key) > 0) as locked,
            sum(amount) filter (where type = 'PREMIUM_CLAIM') as claimed,
            sum(available_delta + locked_delta + pending_withdrawal_delta) as all_capital,
            coalesce(sum(amount) filter (where type = 'WITHDRAWAL_DEFICIT'), 0)
              - coalesce(sum(amount) filter (where type = 'CHAIN_REVERSAL' and idempotency_key like 'reversal:withdraw:%:deficit'), 0)
              as deficit
          from ledger_history group by token
        )
        select t.token,
          coalesce(e.capital, 0)::text as capital,
          coalesce(e.locked, 0)::text as locked,
          coalesce(e.all_capital, 0)::text as all_capital,
          coalesce(e.claimed, 0)::text as claimed,
          coalesce(e.deficit, 0)::text as deficit,
          -- Every premium is micro-STX (the registry collects STX whatever backs the policy), so
          -- an sBTC-backed CALL's premium sits in the vault's STX balance.
          coalesce((select sum(premium_amount) from policies p
                    where t.token = 'STX' and p.onchain_id is not null and p.status <> 'CANCELLED'), 0)::text as premiums
        from (values ('STX'), ('SBTC')) as t(token) left join entries e on e.token = t.token`,
  );
}

/** One token's three accounts side by side: the vault's, its mirror's and the ledger's. */
function reconcileToken(
  v: VaultTotals,
  m: PoolMetric | undefined,
  l: LedgerTotalsRow | undefined,
): TokenReconciliation {
  const mirror = { balance: m?.vaultBalance ?? 0n, locked: m?.totalLocked ?? 0n };
  const deficit = BigInt(l?.deficit ?? 0);
  const books = {
    // Claimed premiums moved from the premium pool into providers' capital: counted once.
    balance: BigInt(l?.capital ?? 0) + BigInt(l?.premiums ?? 0) - BigInt(l?.claimed ?? 0) - deficit,
    locked: BigInt(l?.locked ?? 0),
  };
  const same = (a: { balance: bigint; locked: bigint }) => a.balance === v.balance && a.locked === v.locked;
  return {
    token: v.token,
    vault: { balance: v.balance, locked: v.locked },
    mirror,
    ledger: books,
    offChainCapital: BigInt(l?.all_capital ?? 0) - BigInt(l?.capital ?? 0),
    deficit,
    equal: same(mirror) && same(books),
  };
}
