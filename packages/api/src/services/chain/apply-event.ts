import { type ContractEvent, expectedSbtcContract, quoteIdFromBytes } from '@bithedge/contracts';
import {
  type Executor,
  policies,
  policyAllocations,
  premiumDistributions,
  providerPremiumDistributions,
  quotes,
  type Token,
} from '@bithedge/db';
import { BURN_BLOCK_MS, DAY_MS } from '@bithedge/pricing';
import { hexToBytes } from '@stacks/common';
import { and, eq, inArray } from 'drizzle-orm';
import { AppError } from '../../errors';
import { raiseAdminAlert } from '../admin';
import { type ChainEventRef, settlePolicy } from '../ledger';
import { completeCancelIfUnauthorized, recordChainWithdrawal } from '../liquidity';
import { notifySettlementDebits, withdrawSettlementNotices } from '../notifications';
import {
  allocateCollateral,
  backingTier,
  PREMIUM_DISTRIBUTION_DELAY_BLOCKS,
  premiumDueBurnHeight,
} from '../policies';

type EventOf<K extends ContractEvent['event']> = Extract<ContractEvent, { event: K }>;

/**
 * The premium's token for every policy: the registry collects the premium in micro-STX whatever
 * backs the policy, so an sBTC-backed CALL's backers get STX shares (`policy_allocations.
 * premium_amount`, the premium distributions, PREMIUM_PENDING) beside their sBTC allocation.
 */
export const PREMIUM_TOKEN: Token = 'STX';

interface Applied {
  ref: ChainEventRef;
  /** The how-manieth time this event is applied in this block (after rollbacks). */
  cycle: number;
  now: Date;
}

/** The registry's 16-byte quote id (hex) as our quote's UUID; null when it is not 16 bytes. */
export function quoteUuid(hex: string): string | null {
  const h = hex.replace(/^0x/, '');
  return /^[0-9a-f]{32}$/i.test(h) ? quoteIdFromBytes(hexToBytes(h)) : null;
}

async function policyByOnchainId(tx: Executor, onchainId: bigint) {
  const [row] = await tx.select().from(policies).where(eq(policies.onchainId, onchainId.toString()));
  return row;
}

/**
 * M8: an sBTC deposit in a token contract other than the network's sBTC (a vault wired to the
 * wrong token) is not credited to the provider's ledger; it is recorded as an alert. Returns
 * whether the deposit may be applied.
 */
export async function trustedDeposit(
  tx: Executor,
  e: EventOf<'deposit'>,
  vaultId: string,
  ref: ChainEventRef,
): Promise<boolean> {
  if (e.token !== 'SBTC') return true;
  const expected = expectedSbtcContract(vaultId);
  if (e['token-contract'] === expected) return true;
  await raiseAdminAlert(tx, {
    kind: 'untrusted-sbtc-deposit',
    message: `sBTC deposit in an unexpected token: ${e.provider} deposited ${e.amount} of ${e['token-contract'] ?? 'an unnamed token'} as sBTC; the ledger expects ${expected} and did not credit it`,
    data: {
      ...ref,
      provider: e.provider,
      amount: e.amount.toString(),
      tokenContract: e['token-contract'] ?? null,
    },
  });
  return false;
}

/**
 * A policy bought on chain: recorded (linked to the quote it was bought from), and the collateral
 * the vault locked in the purchase (the event's `collateral`, in the event's `token`: sats for an
 * sBTC-backed CALL) allocated across that token's providers of the tier its moneyness calls for
 * and locked in the ledger, exactly that amount; the premium (micro-STX) is split among them. With too little
 * ledger capacity it stays PENDING (nothing locked in the ledger) and an alert is written: it is
 * still collateralized on chain, and the operator still settles it.
 */
async function policyCreated(tx: Executor, e: EventOf<'policy-created'>, at: Applied): Promise<void> {
  const quoteId = quoteUuid(e['quote-id']);
  const [quote] = quoteId ? await tx.select().from(quotes).where(eq(quotes.id, quoteId)) : [];
  const params = quote?.params as { protectedValuePercentage?: number; days?: number } | undefined;
  const tier = backingTier(e['policy-type'], params?.protectedValuePercentage ?? 90);
  // The vault locked exactly this: the ledger must lock the same, so the two stay equal.
  const collateral = e.collateral;
  const days = params?.days ?? 30;
  const values = {
    onchainId: e['policy-id'].toString(),
    owner: e.buyer,
    type: e['policy-type'],
    strikeUsd: e['strike-usd'],
    amountSats: e['amount-sats'],
    premiumUsd: quote?.premiumUsd ?? 0n,
    premiumAmount: e.premium,
    collateralAmount: collateral,
    token: e.token,
    tier,
    expirationHeight: Number(e['expiration-height']),
    expiresAt: new Date(at.now.getTime() + days * DAY_MS),
    status: 'PENDING' as const,
    quoteId: quote?.id ?? null,
    settlementAmount: null,
    settledAt: null,
  };
  const [policy] = await tx
    .insert(policies)
    .values(values)
    .onConflictDoUpdate({ target: policies.onchainId, set: { ...values, updatedAt: at.now } })
    .returning({ id: policies.id });
  const allocated = await allocateCollateral(tx, {
    policyId: policy!.id,
    token: e.token,
    tier,
    collateral,
    premium: e.premium,
    ref: at.ref,
    cycle: at.cycle,
  });
  if (allocated) await tx.update(policies).set({ status: 'ACTIVE' }).where(eq(policies.id, policy!.id));
  else
    await raiseAdminAlert(tx, {
      kind: 'policy-unallocated',
      message: `Policy ${e['policy-id']} has no ledger backing: the vault locked ${collateral} ${e.token === 'SBTC' ? 'sats' : 'µSTX'} for it but the ${tier} tier cannot back it in the ledger; it stays PENDING and is still settled on chain`,
      data: {
        ...at.ref,
        policyId: e['policy-id'].toString(),
        collateral: collateral.toString(),
        token: e.token,
        tier,
      },
    });
  if (quote)
    await tx.update(quotes).set({ status: 'PURCHASED', purchasedAt: at.now }).where(eq(quotes.id, quote.id));
}

/**
 * A policy settled on chain (expired, or exercised with a payout): the payout is debited from
 * its backers' locked collateral pro rata, the rest released, and its premium becomes pending
 * for them, earned PREMIUM_DISTRIBUTION_DELAY_BLOCKS burn blocks after its settlement. Backers of an
 * exercised policy are notified of their debit (X4).
 */
async function policySettled(tx: Executor, onchainId: bigint, payout: bigint, at: Applied): Promise<void> {
  const policy = await policyByOnchainId(tx, onchainId);
  if (!policy)
    throw new AppError('INVALID_STATE', `Policy ${onchainId} settled on chain but was never recorded`);
  const allocations = await lockedAllocations(tx, policy.id);
  const settled = await settlePolicy(tx, {
    policyId: policy.id,
    token: policy.token,
    premiumToken: PREMIUM_TOKEN,
    backers: allocations.map((a) => ({
      providerId: a.providerId,
      locked: a.amount,
      premium: a.premiumAmount,
    })),
    payout,
    chainEvent: { ref: at.ref, cycle: at.cycle },
  });
  if (allocations.length > 0) {
    await closeAllocations(tx, allocations, payout > 0n ? 'SETTLED' : 'RELEASED', at.now);
    await schedulePremiumDistribution(tx, policy, allocations, at.now);
  }
  await notifySettlementDebits(tx, {
    policy,
    debits: settled.entries.flatMap((e) =>
      e.type === 'SETTLEMENT_DEBIT' && e.policyId === policy.id
        ? [{ providerId: e.providerId, amount: e.amount }]
        : [],
    ),
  });
  await tx
    .update(policies)
    .set({
      status: payout > 0n ? 'EXERCISED' : 'EXPIRED',
      settlementAmount: payout,
      settledAt: at.now,
      updatedAt: at.now,
    })
    .where(eq(policies.id, policy.id));
}

type Allocation = typeof policyAllocations.$inferSelect;

/** The policy's allocations still holding collateral, by provider. */
function lockedAllocations(tx: Executor, policyId: number): Promise<Allocation[]> {
  return tx
    .select()
    .from(policyAllocations)
    .where(and(eq(policyAllocations.policyId, policyId), eq(policyAllocations.status, 'LOCKED')))
    .orderBy(policyAllocations.providerId);
}

async function closeAllocations(
  tx: Executor,
  allocations: readonly Allocation[],
  status: 'SETTLED' | 'RELEASED',
  now: Date,
): Promise<void> {
  await tx
    .update(policyAllocations)
    .set({ status, updatedAt: now })
    .where(
      inArray(
        policyAllocations.id,
        allocations.map((a) => a.id),
      ),
    );
}

/**
 * Records the policy's premium for distribution to its backers, due the delay after the burn height
 * it was settled at (`premiumDueBurnHeight`); `due_at` keeps the time that is expected to be. The
 * shares are in the premium's token (STX), not the collateral's.
 */
async function schedulePremiumDistribution(
  tx: Executor,
  policy: { id: number; expirationHeight: number; settlementBurnHeight: number | null },
  allocations: readonly Allocation[],
  now: Date,
): Promise<void> {
  const [distribution] = await tx
    .insert(premiumDistributions)
    .values({
      policyId: policy.id,
      token: PREMIUM_TOKEN,
      totalAmount: allocations.reduce((s, a) => s + a.premiumAmount, 0n),
    })
    .returning({ id: premiumDistributions.id });
  await tx.insert(providerPremiumDistributions).values(
    allocations.map((a) => ({
      distributionId: distribution!.id,
      policyId: policy.id,
      providerId: a.providerId,
      token: PREMIUM_TOKEN,
      amount: a.premiumAmount,
      dueBurnHeight: premiumDueBurnHeight(policy.expirationHeight, policy.settlementBurnHeight),
      dueAt: new Date(now.getTime() + PREMIUM_DISTRIBUTION_DELAY_BLOCKS * BURN_BLOCK_MS),
    })),
  );
}

/** Applies what a vault or registry event means for policies and the ledger (beyond deposits). */
export async function applyChainEventEffects(tx: Executor, event: ContractEvent, at: Applied): Promise<void> {
  switch (event.event) {
    case 'policy-created':
      return policyCreated(tx, event, at);
    case 'policy-expired':
      return policySettled(tx, event['policy-id'], 0n, at);
    case 'policy-exercised':
      return policySettled(tx, event['policy-id'], event.amount, at);
    case 'withdraw':
      return recordChainWithdrawal(tx, event, at);
    case 'allowance':
      // An allowance lowered to 0 completes a two-phase withdrawal cancel (H1).
      return completeCancelIfUnauthorized(tx, event.provider, event.token, at);
    default:
      // Aggregate vault operations (lock, release, premium, settlement) and admin
      // events move no provider's money: they show in pool_metrics only.
      return;
  }
}

/**
 * Undoes the non-ledger state an event had set when its block is rolled back (its ledger
 * entries are reversed separately, by key): a bought policy is cancelled and its quote can be
 * bought again; a settled policy is active again, its premium no longer pending.
 */
export async function rollbackChainEventEffects(
  tx: Executor,
  payload: Record<string, unknown>,
  now: Date,
): Promise<void> {
  const event = payload.event;
  if (event !== 'policy-created' && event !== 'policy-expired' && event !== 'policy-exercised') return;
  const policy = await policyByOnchainId(tx, BigInt(String(payload['policy-id'])));
  if (!policy) return;
  if (event === 'policy-created') {
    await tx.delete(policyAllocations).where(eq(policyAllocations.policyId, policy.id));
    await tx.update(policies).set({ status: 'CANCELLED', updatedAt: now }).where(eq(policies.id, policy.id));
    if (policy.quoteId)
      await tx
        .update(quotes)
        .set({ status: 'ACTIVE', purchasedAt: null })
        .where(eq(quotes.id, policy.quoteId));
    return;
  }
  await withdrawSettlementNotices(tx, policy.id);
  await tx.delete(providerPremiumDistributions).where(eq(providerPremiumDistributions.policyId, policy.id));
  await tx.delete(premiumDistributions).where(eq(premiumDistributions.policyId, policy.id));
  await tx
    .update(policyAllocations)
    .set({ status: 'LOCKED', updatedAt: now })
    .where(eq(policyAllocations.policyId, policy.id));
  await tx
    .update(policies)
    .set({ status: 'ACTIVE', settlementAmount: null, settledAt: null, updatedAt: now })
    .where(eq(policies.id, policy.id));
}
