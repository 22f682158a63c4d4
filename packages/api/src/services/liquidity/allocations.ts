import {
  type allocationStatusEnum,
  type Executor,
  type PolicyType,
  type policyStatusEnum,
  queryRows,
  type TierName,
  TOKENS,
  type Token,
} from '@bithedge/db';
import { sql } from 'drizzle-orm';
import { allocationRequirementSats, allocationRequirementUsd, sbtcRequirementUsd } from '../health';
import { decodePageCursor, encodePageCursor } from './page-cursor';
import type { Page } from './transactions';

export type AllocationStatus = (typeof allocationStatusEnum.enumValues)[number];
export const ALLOCATION_STATUSES: readonly AllocationStatus[] = ['LOCKED', 'RELEASED', 'SETTLED'];
type PolicyStatus = (typeof policyStatusEnum.enumValues)[number];

export interface ProviderAllocation {
  id: number;
  policy: {
    id: number;
    onchainId: string | null;
    type: PolicyType;
    tier: TierName;
    status: PolicyStatus;
    strikeUsd: bigint;
    amountSats: bigint;
    expirationHeight: number;
    expiresAt: Date;
  };
  token: Token;
  /** Collateral this provider put behind the policy, in base units. */
  amount: bigint;
  /** This provider's part of the policy's collateral, in bps. */
  shareBps: number;
  /**
   * This provider's share of the policy's premium, in micro-STX whatever `token` is (the premium
   * is always STX; an sBTC-backed CALL's backers hold sats but earn STX).
   */
  premiumShare: bigint;
  status: AllocationStatus;
  /**
   * What this allocation adds to the provider's collateral requirement (USD, 8 decimals), as the
   * health model computes it: `allocationRequirementUsd` (strike-based) for STX, and for an
   * sBTC-backed CALL `allocationRequirementSats` valued at the latest BTC price (0 while there is
   * no price); 0 once released or settled. Its share of the whole is this over `provider.health`'s requirementUsd (the dashboard shows it):
   * summing every live allocation here would cost each page a join over all of them.
   */
  requirementUsd: bigint;
}

export interface AllocationsInput {
  status?: AllocationStatus | undefined;
  token?: Token | undefined;
  limit: number;
  cursor?: string | undefined;
}

interface Row extends Record<string, unknown> {
  id: number;
  policy_id: number;
  onchain_id: string | null;
  type: PolicyType;
  tier: TierName;
  policy_status: PolicyStatus;
  strike_usd: string;
  amount_sats: string;
  collateral_amount: string;
  expiration_height: number;
  expires_ms: number;
  token: Token;
  amount: string;
  share_bps: number;
  premium_amount: string;
  status: AllocationStatus;
  btc_price_usd: string | null;
}

/**
 * The policies the caller backs, newest allocation first, keyset-paginated on the allocation id:
 * one short walk of (provider_id, status, token, id) per (status, token) pair the filter allows,
 * merged. Only the caller's own allocations are read (`principal` is the session's).
 */
export async function listProviderAllocations(
  db: Executor,
  principal: string,
  input: AllocationsInput,
): Promise<Page<ProviderAllocation>> {
  const cursorId = input.cursor === undefined ? null : decodePageCursor('alloc', input.cursor);
  const provider = sql`(select id from providers where principal = ${principal})`;
  const statuses = input.status ? [input.status] : ALLOCATION_STATUSES;
  const tokens = input.token ? [input.token] : TOKENS;
  const pairs = sql.join(
    statuses.flatMap((s) => tokens.map((t) => sql`(${s}::allocation_status, ${t}::token)`)),
    sql`, `,
  );
  const rows = await queryRows<Row>(
    db,
    sql`with page as (
        select a.id from (values ${pairs}) as f(status, token)
        cross join lateral (
          select id from policy_allocations
          where provider_id = ${provider} and status = f.status and token = f.token
            ${cursorId === null ? sql`` : sql`and id < ${cursorId}`}
          order by id desc limit ${input.limit + 1}
        ) a
        order by a.id desc limit ${input.limit + 1}
      )
      select a.id, a.policy_id, p.onchain_id::text, p.type, p.tier, p.status as policy_status,
             p.strike_usd::text, p.amount_sats::text, p.collateral_amount::text, p.expiration_height,
             (extract(epoch from p.expires_at) * 1000)::float8 as expires_ms,
             a.token, a.amount::text, a.share_bps, a.premium_amount::text, a.status,
             (select price_usd::text from market_data where asset = 'BTC'
              order by observed_at desc limit 1) as btc_price_usd
      from page join policy_allocations a on a.id = page.id join policies p on p.id = a.policy_id
      order by a.id desc`,
  );
  const items = rows.slice(0, input.limit).map(toAllocation);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > input.limit && last ? encodePageCursor('alloc', last.id) : null,
  };
}

function toAllocation(r: Row): ProviderAllocation {
  const policy = {
    strikeUsd: BigInt(r.strike_usd),
    amountSats: BigInt(r.amount_sats),
    collateralAmount: BigInt(r.collateral_amount),
  };
  const amount = BigInt(r.amount);
  return {
    id: Number(r.id),
    policy: {
      id: Number(r.policy_id),
      onchainId: r.onchain_id,
      type: r.type,
      tier: r.tier,
      status: r.policy_status,
      strikeUsd: policy.strikeUsd,
      amountSats: policy.amountSats,
      expirationHeight: Number(r.expiration_height),
      expiresAt: new Date(Number(r.expires_ms)),
    },
    token: r.token,
    amount,
    shareBps: Number(r.share_bps),
    premiumShare: BigInt(r.premium_amount),
    status: r.status,
    requirementUsd: r.status === 'LOCKED' ? requirementOf(r.token, amount, policy, r.btc_price_usd) : 0n,
  };
}

/** A live allocation's requirement, as the health model counts it for its collateral token. */
function requirementOf(
  token: Token,
  amount: bigint,
  policy: { strikeUsd: bigint; amountSats: bigint; collateralAmount: bigint },
  btcPriceUsd: string | null,
): bigint {
  if (token === 'STX') return allocationRequirementUsd(amount, policy);
  if (btcPriceUsd === null) return 0n;
  return sbtcRequirementUsd(allocationRequirementSats(amount, policy), BigInt(btcPriceUsd));
}
