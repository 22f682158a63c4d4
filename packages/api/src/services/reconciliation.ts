import { type Executor, queryRows, type Token } from '@bithedge/db';
import { sql } from 'drizzle-orm';
import { getPoolMetrics } from './chain-ingestion';

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
   * The provider ledger's view: every provider's capital (available + locked + pending
   * withdrawal) plus the premiums bought policies paid in; and what providers have locked.
   */
  ledger: { balance: bigint; locked: bigint };
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
  const ledger = await queryRows<{ token: Token; capital: string; locked: string; premiums: string }>(
    db,
    sql`select t.token,
          coalesce((select sum(available + locked + pending_withdrawal) from provider_balances b where b.token = t.token::token), 0)::text as capital,
          coalesce((select sum(locked) from provider_balances b where b.token = t.token::token), 0)::text as locked,
          coalesce((select sum(premium_amount) from policies p where p.token = t.token::token and p.status <> 'CANCELLED'), 0)::text as premiums
        from (values ('STX'), ('SBTC')) as t(token)`,
  );
  const tokens = vault.map((v) => {
    const m = metrics.find((x) => x.token === v.token);
    const l = ledger.find((x) => x.token === v.token);
    const mirror = { balance: m?.vaultBalance ?? 0n, locked: m?.totalLocked ?? 0n };
    const books = {
      balance: BigInt(l?.capital ?? 0) + BigInt(l?.premiums ?? 0),
      locked: BigInt(l?.locked ?? 0),
    };
    const same = (a: { balance: bigint; locked: bigint }) => a.balance === v.balance && a.locked === v.locked;
    return {
      token: v.token,
      vault: { balance: v.balance, locked: v.locked },
      mirror,
      ledger: books,
      equal: same(mirror) && same(books),
    };
  });
  return { reconciled: tokens.every((t) => t.equal), tokens };
}
