import {
  type Executor,
  ledgerEntries,
  providerBalances,
  providers,
  type TierName,
  type Token,
} from '@bithedge/db';
import { and, eq, inArray } from 'drizzle-orm';
import { AppError } from '../../errors';
import { type ApplyResult, applyEntries, type EntrySpec } from './apply';
import { chainEffectKey } from './chain-keys';

function requirePositive(amount: bigint, what: string): void {
  if (amount <= 0n)
    throw new AppError('BAD_REQUEST', `${what} must be a positive amount of base units (got ${amount})`);
}

async function providerId(tx: Executor, principal: string): Promise<number> {
  const [row] = await tx
    .select({ id: providers.id })
    .from(providers)
    .where(eq(providers.principal, principal));
  if (!row) throw new AppError('NOT_FOUND', `No liquidity provider ${principal}`);
  return row.id;
}

export interface DepositInput {
  principal: string;
  tier: TierName;
  token: Token;
  amount: bigint;
  chainTxId: string;
  chainEventIndex: number;
  /**
   * The block it was seen in, for deposits ingested from chain events: the same transaction in
   * another block after a re-org is then a distinct deposit, and its rollback a distinct reversal.
   */
  chainBlockHash?: string | undefined;
  /** The how-manieth time this block's event is applied (a block can be re-applied after its rollback). */
  chainCycle?: number | undefined;
}

function depositKey(input: DepositInput): string {
  if (!input.chainBlockHash) return `deposit:${input.chainTxId}:${input.chainEventIndex}`;
  const ref = { txId: input.chainTxId, eventIndex: input.chainEventIndex, blockHash: input.chainBlockHash };
  return chainEffectKey('deposit', ref, input.chainCycle ?? 1);
}

/**
 * Records a deposit confirmed on chain, creating the provider (in the tier chosen) on its first
 * deposit. Idempotent on the chain event: the same tx id and event index apply once.
 */
export async function deposit(db: Executor, input: DepositInput): Promise<ApplyResult> {
  requirePositive(input.amount, 'Deposit');
  return db.transaction(async (tx) => {
    await tx
      .insert(providers)
      .values({ principal: input.principal, tier: input.tier })
      .onConflictDoNothing({ target: providers.principal });
    const id = await providerId(tx, input.principal);
    await tx.insert(providerBalances).values({ providerId: id, token: input.token }).onConflictDoNothing();
    return applyEntries(tx, [
      {
        providerId: id,
        token: input.token,
        type: 'DEPOSIT',
        amount: input.amount,
        delta: { available: input.amount, totalDeposited: input.amount },
        chainTxId: input.chainTxId,
        chainEventIndex: input.chainEventIndex,
        idempotencyKey: depositKey(input),
      },
    ]);
  });
}

export interface WithdrawalRequestInput {
  principal: string;
  token: Token;
  amount: bigint;
  /** The client's id for this request; a retry with the same id is a no-op. */
  requestId: string;
}

/** Reserves funds for a withdrawal: available → pending withdrawal. */
/** The idempotency key of a withdrawal request's entry. */
export function withdrawalRequestKey(requestId: string): string {
  return `withdrawal:${requestId}:request`;
}

export async function requestWithdrawal(db: Executor, input: WithdrawalRequestInput): Promise<ApplyResult> {
  requirePositive(input.amount, 'Withdrawal');
  return db.transaction(async (tx) => {
    const id = await providerId(tx, input.principal);
    return applyEntries(tx, [
      {
        providerId: id,
        token: input.token,
        type: 'WITHDRAWAL_REQUEST',
        amount: input.amount,
        delta: { available: -input.amount, pendingWithdrawal: input.amount },
        idempotencyKey: withdrawalRequestKey(input.requestId),
      },
    ]);
  });
}

/** Settles a reserved withdrawal, either confirmed on chain (funds gone) or failed (funds back). */
export async function resolveWithdrawal(
  db: Executor,
  input: { requestId: string; outcome: 'confirmed' | 'failed'; chainTxId?: string },
): Promise<ApplyResult> {
  return db.transaction(async (tx) => {
    const keys = ['request', 'confirm', 'fail'].map((step) => `withdrawal:${input.requestId}:${step}`);
    const steps = await tx.select().from(ledgerEntries).where(inArray(ledgerEntries.idempotencyKey, keys));
    const request = steps.find((e) => e.idempotencyKey === keys[0]);
    if (!request) throw new AppError('NOT_FOUND', `No withdrawal request ${input.requestId}`);
    const mine = input.outcome === 'confirmed' ? keys[1]! : keys[2]!;
    const other = steps.find((e) => e.idempotencyKey !== keys[0] && e.idempotencyKey !== mine);
    if (other)
      throw new AppError(
        'INVALID_STATE',
        `Withdrawal ${input.requestId} was already ${other.type === 'WITHDRAWAL_CONFIRM' ? 'confirmed' : 'failed'}`,
      );
    const amount = request.amount;
    const spec: EntrySpec =
      input.outcome === 'confirmed'
        ? {
            providerId: request.providerId,
            token: request.token,
            type: 'WITHDRAWAL_CONFIRM',
            amount,
            delta: { pendingWithdrawal: -amount, totalWithdrawn: amount },
            chainTxId: input.chainTxId,
            idempotencyKey: mine,
          }
        : {
            providerId: request.providerId,
            token: request.token,
            type: 'WITHDRAWAL_FAIL',
            amount,
            delta: { pendingWithdrawal: -amount, available: amount },
            idempotencyKey: mine,
          };
    return applyEntries(tx, [spec]);
  });
}

export interface PolicyAmounts {
  policyId: number;
  token: Token;
  /** Per provider, in base units; zero parts are skipped. */
  parts: readonly { providerId: number; amount: bigint }[];
}

export type PolicyStep = 'LOCK' | 'RELEASE' | 'SETTLEMENT_DEBIT' | 'PREMIUM_PENDING' | 'PREMIUM_EARNED';

/** What each step of a policy's life does to a backer's balances (shared by ingestion and cron). */
export const POLICY_STEPS: Record<PolicyStep, { key: string; delta: (a: bigint) => EntrySpec['delta'] }> = {
  LOCK: { key: 'lock', delta: (a) => ({ available: -a, locked: a }) },
  RELEASE: { key: 'release', delta: (a) => ({ locked: -a, available: a }) },
  SETTLEMENT_DEBIT: { key: 'settle', delta: (a) => ({ locked: -a }) },
  PREMIUM_PENDING: { key: 'premium-pending', delta: (a) => ({ pendingPremium: a }) },
  PREMIUM_EARNED: { key: 'premium-earned', delta: (a) => ({ pendingPremium: -a, earnedPremium: a }) },
};

function policyStep(step: PolicyStep) {
  return async (db: Executor, input: PolicyAmounts): Promise<ApplyResult> => {
    const parts = input.parts.filter((p) => p.amount !== 0n);
    for (const p of parts) requirePositive(p.amount, `${step} amount for provider ${p.providerId}`);
    const { key, delta } = POLICY_STEPS[step];
    return db.transaction((tx) =>
      applyEntries(
        tx,
        parts.map((p) => ({
          providerId: p.providerId,
          token: input.token,
          type: step,
          amount: p.amount,
          delta: delta(p.amount),
          policyId: input.policyId,
          idempotencyKey: `${key}:${input.policyId}:${p.providerId}:${input.token}`,
        })),
      ),
    );
  };
}

/** Locks collateral behind a policy across providers (available → locked), all or nothing. */
export const lockCollateral = policyStep('LOCK');
/** Releases a policy's collateral at expiry (locked → available). */
export const releaseCollateral = policyStep('RELEASE');
/** Debits locked collateral paid out to an exercised policy's buyer. */
export const debitSettlement = policyStep('SETTLEMENT_DEBIT');
/** Accrues each backer's share of a policy's premium as pending. */
export const accruePremium = policyStep('PREMIUM_PENDING');
/** Moves premium from pending to earned when it is distributed. */
export const earnPremium = policyStep('PREMIUM_EARNED');

/**
 * Claims everything a provider has earned in a token: it joins the provider's available capital
 * (withdrawable like a deposit; the operator then credits it to the provider in the vault), and
 * `claimed_premiums` counts what was claimed.
 */
export async function claimPremiums(
  db: Executor,
  input: { principal: string; token: Token; requestId: string },
): Promise<ApplyResult> {
  return db.transaction(async (tx) => {
    const id = await providerId(tx, input.principal);
    const key = `claim:${input.requestId}`;
    // The balance row is locked first, so racing retries of one claim queue here; the one that
    // waited then finds the first one's entry (a new statement sees what committed) and answers
    // with it, instead of reading a balance already claimed and refusing.
    const [balance] = await tx
      .select({ earned: providerBalances.earnedPremiums })
      .from(providerBalances)
      .where(and(eq(providerBalances.providerId, id), eq(providerBalances.token, input.token)))
      .for('update');
    const [done] = await tx.select().from(ledgerEntries).where(eq(ledgerEntries.idempotencyKey, key));
    if (done) return { applied: false, entries: [done] };
    const earned = balance?.earned ?? 0n;
    if (earned === 0n)
      throw new AppError('INSUFFICIENT_FUNDS', `No earned premium to claim in ${input.token}`);
    return applyEntries(tx, [
      {
        providerId: id,
        token: input.token,
        type: 'PREMIUM_CLAIM',
        amount: earned,
        delta: { earnedPremium: -earned, claimedPremium: earned, available: earned },
        idempotencyKey: key,
      },
    ]);
  });
}
