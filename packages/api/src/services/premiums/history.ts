import { type Executor, queryRows, type Token } from '@bithedge/db';
import { sql } from 'drizzle-orm';
import type { PremiumHistoryItem, PremiumPolicy, PremiumsQuery } from './list';

type HistoryRow = {
  id: string;
  type: 'PREMIUM_EARNED' | 'PREMIUM_CLAIM';
  token: Token;
  amount: string;
  created_at: Date | string;
  idempotency_key: string;
  policy_id: number | null;
  onchain_id: string | null;
  policy_type: PremiumPolicy['type'] | null;
  strike_usd: string | null;
  expiration_height: number | null;
  expires_at: Date | string | null;
  settled_at: Date | string | null;
};

function policyOf(r: HistoryRow): PremiumPolicy | null {
  if (r.policy_id === null || r.policy_type === null || r.strike_usd === null) return null;
  return {
    id: r.policy_id,
    onchainId: r.onchain_id,
    type: r.policy_type,
    strikeUsd: BigInt(r.strike_usd),
    expirationHeight: r.expiration_height ?? 0,
    expiresAt: new Date(r.expires_at ?? 0),
    settledAt: r.settled_at === null ? null : new Date(r.settled_at),
  };
}

/** The shares each claim (by its ledger key) paid, with their policies. */
export async function sharesOfClaims(
  db: Executor,
  keys: readonly string[],
): Promise<Map<string, PremiumHistoryItem['claimedPolicies']>> {
  const byKey = new Map<string, PremiumHistoryItem['claimedPolicies']>();
  if (keys.length === 0) return byKey;
  const rows = await queryRows<{
    claim_key: string;
    policy_id: number;
    onchain_id: string | null;
    amount: string;
  }>(
    db,
    sql`select s.claim_key, s.policy_id, p.onchain_id::text, s.amount::text
        from provider_premium_distributions s join policies p on p.id = s.policy_id
        where s.claim_key in (${sql.join(
          keys.map((k) => sql`${k}`),
          sql`, `,
        )})
        order by s.policy_id`,
  );
  for (const r of rows) {
    const list = byKey.get(r.claim_key) ?? [];
    list.push({ policyId: r.policy_id, onchainId: r.onchain_id, amount: BigInt(r.amount) });
    byKey.set(r.claim_key, list);
  }
  return byKey;
}

/**
 * A provider's earned and claimed premium, newest first, from its PREMIUM_EARNED and
 * PREMIUM_CLAIM ledger entries. Entry ids only grow, so the cursor is the last id shown: an entry
 * written meanwhile never shifts a page.
 */
export async function premiumHistory(
  db: Executor,
  providerId: number,
  query: PremiumsQuery,
): Promise<{ items: PremiumHistoryItem[]; nextCursor: string | null }> {
  const rows = await queryRows<HistoryRow>(
    db,
    sql`select le.id::text, le.type, le.token, le.amount::text, le.created_at, le.idempotency_key,
          p.id as policy_id, p.onchain_id::text, p.type as policy_type, p.strike_usd::text,
          p.expiration_height, p.expires_at, p.settled_at
        from ledger_history le left join policies p on p.id = le.policy_id
        where le.provider_id = ${providerId} and le.type in ('PREMIUM_EARNED', 'PREMIUM_CLAIM')
          ${query.token ? sql`and le.token = ${query.token}` : sql``}
          ${query.cursor === undefined ? sql`` : sql`and le.id < ${query.cursor}`}
        order by le.id desc limit ${query.limit + 1}`,
  );
  const page = rows.slice(0, query.limit);
  const claims = await sharesOfClaims(
    db,
    page.filter((r) => r.type === 'PREMIUM_CLAIM').map((r) => r.idempotency_key),
  );
  return {
    items: page.map((r) => ({
      entryId: r.id,
      kind: r.type === 'PREMIUM_CLAIM' ? 'claimed' : 'earned',
      token: r.token,
      amount: BigInt(r.amount),
      at: new Date(r.created_at),
      policy: policyOf(r),
      claimedPolicies: claims.get(r.idempotency_key) ?? [],
    })),
    nextCursor: rows.length > query.limit ? page.at(-1)!.id : null,
  };
}
