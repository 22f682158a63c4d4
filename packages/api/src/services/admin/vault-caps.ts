import { type Executor, queryRows, type TierName, type Token } from '@bithedge/db';
import { sql } from 'drizzle-orm';

/**
 * The cap the vault must hold for a tier × token so the chain admits what the app admits: its
 * published capacity in base units, as is (0 closes the tier to deposits on chain too, `u0`).
 * The one place the mapping is written: the local chain caps its vault with it at start, and the
 * admin console compares the vault's cap with it and asks the owner to sign it.
 */
export function vaultCapFor(tier: { name: TierName; token: Token; capacityLimit: bigint }): {
  tier: TierName;
  token: Token;
  cap: bigint;
} {
  return { tier: tier.name, token: tier.token, cap: tier.capacityLimit };
}

export interface VaultTierCap {
  tier: TierName;
  token: Token;
  /** The active version's capacity (base units), what the app admits. */
  capacityLimit: bigint;
  /** What the vault must hold for it (`vaultCapFor`); what "Apply on the vault" signs. */
  targetCap: bigint;
  /** The vault's cap as the ingested chain says (base units); null: the vault caps nothing. */
  vaultCap: bigint | null;
  /** The `set-tier-cap` that set `vaultCap`; null when no applied one exists (never capped). */
  setBy: { txId: string; blockHeight: number } | null;
  inSync: boolean;
}

/**
 * Per tier × token, the vault's cap next to the published capacity. The vault's cap is the one
 * the latest applied `tier-cap` event set (canonical chain: a rolled-back block's events are not
 * APPLIED, so a re-org takes its cap change back with it); no such event means the vault was never
 * capped, which — like an explicit `none` — lets any deposit through. One query over `tiers`,
 * each joined to its latest event.
 */
export async function listVaultTierCaps(db: Executor): Promise<VaultTierCap[]> {
  const rows = await queryRows<{
    name: TierName;
    token: Token;
    capacity_limit: string;
    vault_cap: string | null;
    tx_id: string | null;
    block_height: number | null;
  }>(
    db,
    sql`select t.name, t.token, t.capacity_limit::text as capacity_limit,
          e.payload->>'cap' as vault_cap, e.tx_id, e.block_height
        from tiers t
        left join lateral (
          select payload, tx_id, block_height from chain_events
          where status = 'APPLIED' and event_type = 'tier-cap'
            and payload->>'tier' = t.name::text and payload->>'token' = t.token::text
          order by block_height desc, id desc limit 1
        ) e on true
        order by t.name, t.token`,
  );
  return rows.map((row) => {
    const capacityLimit = BigInt(row.capacity_limit);
    const targetCap = vaultCapFor({ name: row.name, token: row.token, capacityLimit }).cap;
    const vaultCap = row.vault_cap === null ? null : BigInt(row.vault_cap);
    return {
      tier: row.name,
      token: row.token,
      capacityLimit,
      targetCap,
      vaultCap,
      setBy: row.tx_id === null ? null : { txId: row.tx_id, blockHeight: Number(row.block_height) },
      inSync: vaultCap === targetCap,
    };
  });
}
