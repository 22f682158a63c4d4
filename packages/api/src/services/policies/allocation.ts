import { type Executor, policyAllocations, queryRows, type TierName, type Token, tiers } from '@bithedge/db';
import { divide, minAmount, splitProRata } from '@bithedge/pricing';
import { and, eq, sql } from 'drizzle-orm';
import { AppError } from '../../errors';
import { type ChainEventRef, lockCollateral } from '../ledger';
import { eligibleTiers } from './backing-tier';

export interface AllocationPart {
  providerId: number;
  amount: bigint;
  premiumAmount: bigint;
}

export interface Candidate {
  providerId: number;
  tier: TierName;
  capacity: bigint;
  /** The tier's `premium_multiplier_bps`: weighs the provider's share of the premium. */
  multiplierBps: bigint;
}

/**
 * What each provider of the eligible tiers can still put behind a policy, row-locked for this
 * transaction: its available balance, within its tier's maximum exposure
 * (locked ≤ capital × max_exposure_bps, capital = available + locked + pending withdrawal).
 * A provider in margin call backs nothing new until a deposit restores its health (issue #15).
 */
async function candidates(
  tx: Executor,
  token: Token,
  tiers: readonly TierName[],
  lock = true,
): Promise<Candidate[]> {
  const rows = await queryRows<{ provider_id: number; tier: TierName; capacity: string; multiplier: number }>(
    tx,
    sql`select b.provider_id, p.tier, t.premium_multiplier_bps as multiplier,
          least(b.available,
                greatest(0, (b.available + b.locked + b.pending_withdrawal) * t.max_exposure_bps / 10000 - b.locked)
          )::text as capacity
        from provider_balances b
        join providers p on p.id = b.provider_id
        join tiers t on t.name = p.tier and t.token = b.token
        where b.token = ${token} and p.health_status <> 'margin_call' and p.tier in (${sql.join(
          tiers.map((t) => sql`${t}`),
          sql`, `,
        )})
        order by b.provider_id
        ${lock ? sql`for update of b` : sql``}`,
  );
  return rows
    .map((r) => ({
      providerId: r.provider_id,
      tier: r.tier,
      capacity: BigInt(r.capacity),
      multiplierBps: BigInt(r.multiplier),
    }))
    .filter((c) => c.capacity > 0n);
}

/**
 * The collateral a policy needs: its exposure (the protected value) times its tier's collateral
 * ratio, rounded up.
 */
export async function requiredCollateral(
  db: Executor,
  tier: TierName,
  token: Token,
  protectedValue: bigint,
): Promise<bigint> {
  const [row] = await db
    .select({ ratio: tiers.collateralRatioBps })
    .from(tiers)
    .where(and(eq(tiers.name, tier), eq(tiers.token, token)));
  if (!row) throw new AppError('INVALID_STATE', `No ${tier} tier for ${token}`);
  return divide(protectedValue * BigInt(row.ratio), 10_000n, 'ceil');
}

/** What the providers of these tiers could put behind a new policy right now (no locks taken). */
export async function tierCapacity(
  db: Executor,
  token: Token,
  eligible: readonly TierName[],
): Promise<bigint> {
  return (await candidates(db, token, eligible, false)).reduce((s, c) => s + c.capacity, 0n);
}

/**
 * L5: at most this many providers back one policy. Each backer costs a LOCK entry, an allocation
 * row and a premium row per policy, so without a cap many dust deposits would make every purchase
 * and settlement O(providers).
 */
export const MAX_BACKERS_PER_POLICY = 50;

/** The `slots` largest capacities of a tier (ties: lower provider id), kept in their pool order. */
function largestBackers(inTier: readonly Candidate[], slots: number): Candidate[] {
  if (inTier.length <= slots) return [...inTier];
  const chosen = new Set(
    [...inTier]
      .sort((a, b) =>
        a.capacity === b.capacity ? a.providerId - b.providerId : a.capacity > b.capacity ? -1 : 1,
      )
      .slice(0, slots),
  );
  return inTier.filter((c) => chosen.has(c));
}

/**
 * Splits a policy's premium over its backers, weighted by the risk each tier takes: share_i ∝
 * collateral_i × premium_multiplier_bps(tier_i), so per unit of collateral a Conservative backer
 * (0.8×) earns less than a Balanced (1×) or an Aggressive one (1.25×). Largest remainder: the
 * shares sum exactly to the premium — every unit reaches the pool, none is kept back — and the
 * units left after flooring go to the largest fractional remainders (ties: the earlier backer in
 * allocation order, the policy's own tier first).
 */
export function splitPremium(
  premium: bigint,
  backers: readonly { amount: bigint; multiplierBps: bigint }[],
): bigint[] {
  return splitProRata(
    premium,
    backers.map((b) => b.amount * b.multiplierBps),
  );
}

/**
 * Splits `amount` over providers: the policy's own tier first, pro rata to what each can take
 * (largest remainder, so the parts sum exactly), then the riskier tiers for what is left. At most
 * `maxBackers` providers in all, the largest capacities first (L5). Null when the eligible tiers
 * together cannot cover it within that many backers. The premium is split by `splitPremium`.
 */
export function planAllocation(
  amount: bigint,
  premium: bigint,
  tierOrder: readonly TierName[],
  pool: readonly Candidate[],
  maxBackers = MAX_BACKERS_PER_POLICY,
): AllocationPart[] | null {
  let remaining = amount;
  const parts: { providerId: number; amount: bigint; multiplierBps: bigint }[] = [];
  for (const tier of tierOrder) {
    if (remaining === 0n) break;
    const slots = maxBackers - parts.length;
    if (slots <= 0) break;
    const inTier = largestBackers(
      pool.filter((c) => c.tier === tier),
      slots,
    );
    const capacity = inTier.reduce((s, c) => s + c.capacity, 0n);
    const take = minAmount(capacity, remaining);
    if (take === 0n) continue;
    splitProRata(
      take,
      inTier.map((c) => c.capacity),
    ).forEach((part, i) => {
      const c = inTier[i]!;
      if (part > 0n) parts.push({ providerId: c.providerId, amount: part, multiplierBps: c.multiplierBps });
    });
    remaining -= take;
  }
  if (remaining > 0n) return null;
  const premiums = splitPremium(premium, parts);
  return parts.map((p, i) => ({ providerId: p.providerId, amount: p.amount, premiumAmount: premiums[i]! }));
}

/**
 * Locks a policy's collateral behind providers (ledger LOCK entries keyed by the chain event that
 * caused it) and records the allocations. Returns null, changing nothing, when capacity is short.
 */
export async function allocateCollateral(
  tx: Executor,
  input: {
    policyId: number;
    token: Token;
    tier: TierName;
    collateral: bigint;
    premium: bigint;
    ref: ChainEventRef;
    cycle: number;
  },
): Promise<AllocationPart[] | null> {
  const order = eligibleTiers(input.tier);
  const plan = planAllocation(
    input.collateral,
    input.premium,
    order,
    await candidates(tx, input.token, order),
  );
  if (!plan) return null;
  await lockCollateral(tx, {
    policyId: input.policyId,
    token: input.token,
    parts: plan,
    chainEvent: { ref: input.ref, cycle: input.cycle },
  });
  await tx.insert(policyAllocations).values(
    plan.map((p) => ({
      policyId: input.policyId,
      providerId: p.providerId,
      token: input.token,
      amount: p.amount,
      shareBps: Number((p.amount * 10_000n) / input.collateral),
      premiumAmount: p.premiumAmount,
      status: 'LOCKED' as const,
    })),
  );
  return plan;
}
