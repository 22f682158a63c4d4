import {
  type Executor,
  ledgerEntries,
  providerBalances,
  providers,
  type TierName,
  type Token,
} from '@bithedge/db';
import { minAmount, splitProRata } from '@bithedge/pricing';
import { and, eq, inArray } from 'drizzle-orm';
import { AppError } from '../../errors';
import { type ApplyResult, applyEntries, type EntrySpec } from './apply';
import { type ChainEffectKind, type ChainEventRef, chainEffectKey } from './chain-keys';
import { applyStep, POLICY_STEP_DELTAS, type PolicyStep, WIDE_STEP_PROVIDERS } from './step';

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
 * Records a deposit confirmed on chain, creating the provider (in the tier chosen) and its
 * balance row on its first deposit. Idempotent on the chain event: the same tx id and event
 * index apply once.
 */
export async function deposit(db: Executor, input: DepositInput): Promise<ApplyResult> {
  requirePositive(input.amount, 'Deposit');
  return applyEntries(
    db,
    [
      {
        token: input.token,
        type: 'DEPOSIT',
        amount: input.amount,
        delta: { available: input.amount, totalDeposited: input.amount },
        chainTxId: input.chainTxId,
        chainEventIndex: input.chainEventIndex,
        idempotencyKey: depositKey(input),
      },
    ],
    { principal: input.principal, opensIn: input.tier },
  );
}

export interface WithdrawalRequestInput {
  principal: string;
  token: Token;
  amount: bigint;
  /** The client's id for this request; a retry with the same id is a no-op. */
  requestId: string;
}

/** The idempotency key of a withdrawal request's entry. */
export function withdrawalRequestKey(requestId: string): string {
  return `withdrawal:${requestId}:request`;
}

/** Reserves funds for a withdrawal: available → pending withdrawal. */
export async function requestWithdrawal(db: Executor, input: WithdrawalRequestInput): Promise<ApplyResult> {
  requirePositive(input.amount, 'Withdrawal');
  return applyEntries(
    db,
    [
      {
        token: input.token,
        type: 'WITHDRAWAL_REQUEST',
        amount: input.amount,
        delta: { available: -input.amount, pendingWithdrawal: input.amount },
        idempotencyKey: withdrawalRequestKey(input.requestId),
      },
    ],
    { principal: input.principal },
  );
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

/**
 * Returns what is pending withdrawal to available (WITHDRAWAL_CANCEL): at once when the vault
 * authorizes none of it, or when the operator's lowered allowance is ingested (`chainEvent`: the
 * entry is keyed by it so a re-org reverses it; the caller passes the key otherwise).
 */
export function cancelWithdrawal(
  db: Executor,
  input: {
    providerId: number;
    token: Token;
    amount: bigint;
    idempotencyKey: string;
    chainEvent?: ChainEventRef;
  },
): Promise<ApplyResult> {
  requirePositive(input.amount, 'Withdrawal cancel');
  return applyEntries(db, [
    {
      providerId: input.providerId,
      token: input.token,
      type: 'WITHDRAWAL_CANCEL',
      amount: input.amount,
      delta: { pendingWithdrawal: -input.amount, available: input.amount },
      chainTxId: input.chainEvent?.txId,
      chainEventIndex: input.chainEvent?.eventIndex,
      idempotencyKey: input.idempotencyKey,
    },
  ]);
}

/** A withdrawal the vault paid out, split by the caller into what the ledger can cover and not. */
export interface ChainWithdrawal {
  providerId: number;
  token: Token;
  /** Taken from the provider's reserved (pending withdrawal) funds. */
  fromPending: bigint;
  /** Taken from its available funds once pending is used up. */
  fromAvailable: bigint;
  /** What neither covered: the ledger had drifted from the vault. */
  deficit: bigint;
  chainEvent: ChainCause;
}

/**
 * Records a withdrawal paid out on chain in one write: WITHDRAWAL_CONFIRM for what pending and
 * available covered, WITHDRAWAL_DEFICIT (no balance moves: the ledger cannot say whose money left)
 * for the rest. Both keyed by the event, so a re-org reverses exactly them.
 */
export function confirmChainWithdrawal(db: Executor, input: ChainWithdrawal): Promise<ApplyResult> {
  const covered = input.fromPending + input.fromAvailable;
  const { ref, cycle } = input.chainEvent;
  const entry = {
    providerId: input.providerId,
    token: input.token,
    chainTxId: ref.txId,
    chainEventIndex: ref.eventIndex,
  };
  const entries: EntrySpec[] = [];
  if (covered > 0n)
    entries.push({
      ...entry,
      type: 'WITHDRAWAL_CONFIRM',
      amount: covered,
      delta: {
        pendingWithdrawal: -input.fromPending,
        available: -input.fromAvailable,
        totalWithdrawn: covered,
      },
      idempotencyKey: chainEffectKey('withdraw', ref, cycle),
    });
  if (input.deficit > 0n)
    entries.push({
      ...entry,
      type: 'WITHDRAWAL_DEFICIT',
      amount: input.deficit,
      delta: {},
      idempotencyKey: chainEffectKey('withdraw', ref, cycle, 'deficit'),
    });
  return applyEntries(db, entries);
}

/** The chain event an entry follows from: entries carry it and are keyed by it (see chainEffectKey). */
export interface ChainCause {
  ref: ChainEventRef;
  /** The how-manieth time the event is applied in its block (after rollbacks). */
  cycle: number;
}

export interface PolicyAmounts {
  policyId: number;
  token: Token;
  /** Per provider, in base units; zero parts are skipped. */
  parts: readonly { providerId: number; amount: bigint }[];
  /**
   * The chain event behind it (ingestion): each entry is keyed `<step>:<event>:p<provider>`, so a
   * re-org reverses exactly these entries. Without one: `<step>:<policy>:<provider>:<token>`.
   */
  chainEvent?: ChainCause | undefined;
}

/** The prefix of each policy step's keys. */
const STEP_KEYS: Record<PolicyStep, ChainEffectKind> = {
  LOCK: 'lock',
  RELEASE: 'release',
  SETTLEMENT_DEBIT: 'settle',
  PREMIUM_PENDING: 'premium-pending',
  PREMIUM_EARNED: 'premium-earned',
};

/** One entry per non-zero part of a policy step (how a step narrower than WIDE_STEP_PROVIDERS is written). */
export function policyEntries(step: PolicyStep, input: PolicyAmounts): EntrySpec[] {
  const parts = input.parts.filter((p) => p.amount !== 0n);
  for (const p of parts) requirePositive(p.amount, `${step} amount for provider ${p.providerId}`);
  const key = STEP_KEYS[step];
  const delta = POLICY_STEP_DELTAS[step];
  const cause = input.chainEvent;
  return parts.map((p) => ({
    providerId: p.providerId,
    token: input.token,
    type: step,
    amount: p.amount,
    delta: delta(p.amount),
    policyId: input.policyId,
    chainTxId: cause?.ref.txId,
    chainEventIndex: cause?.ref.eventIndex,
    idempotencyKey: cause
      ? chainEffectKey(key, cause.ref, cause.cycle, `p${p.providerId}`)
      : `${key}:${input.policyId}:${p.providerId}:${input.token}`,
  }));
}

/**
 * A policy step across providers: one entry per provider, or — from WIDE_STEP_PROVIDERS on — one
 * `ledger_steps` row keyed `<step>:<event>` (or `<step>:<policy>:<token>`), whose entries read as
 * `<step key>:p<provider>`.
 */
function policyStep(step: PolicyStep) {
  return (db: Executor, input: PolicyAmounts): Promise<ApplyResult> => {
    const parts = input.parts.filter((p) => p.amount !== 0n);
    if (parts.length < WIDE_STEP_PROVIDERS) return applyEntries(db, policyEntries(step, input));
    const cause = input.chainEvent;
    return applyStep(db, {
      type: step,
      token: input.token,
      policyId: input.policyId,
      parts,
      chainTxId: cause?.ref.txId,
      chainEventIndex: cause?.ref.eventIndex,
      idempotencyKey: cause
        ? chainEffectKey(STEP_KEYS[step], cause.ref, cause.cycle)
        : `${STEP_KEYS[step]}:${input.policyId}:${input.token}`,
    });
  };
}

/** Locks collateral behind a policy across providers (available → locked), all or nothing. */
export const lockCollateral = policyStep('LOCK');
/** Releases a policy's collateral at expiry (locked → available). */
export const releaseCollateral = policyStep('RELEASE');
/** Debits locked collateral paid out to an exercised policy's buyer (locked → gone). */
export const debitSettlement = policyStep('SETTLEMENT_DEBIT');
/** Accrues each backer's share of a policy's premium as pending (→ pending premium). */
export const accruePremium = policyStep('PREMIUM_PENDING');
/** Moves premium from pending to earned when it is distributed. */
export const earnPremium = policyStep('PREMIUM_EARNED');

export interface PolicySettlement {
  policyId: number;
  /** The collateral token: the locks released and the payout debited. */
  token: Token;
  /**
   * The premium's token (the registry collects STX, whatever the collateral): the PREMIUM_PENDING
   * entries. An sBTC backer without an STX balance row gets one opened for its share.
   */
  premiumToken: Token;
  /** What each backer has locked behind the policy and its share of the premium. */
  backers: readonly { providerId: number; locked: bigint; premium: bigint }[];
  /** What the vault paid the buyer (0 at expiry). */
  payout: bigint;
  chainEvent: ChainCause;
}

/**
 * Settles a policy in one write: the payout (never more than the backers locked) is debited from
 * their locked collateral pro rata, the rest of it released, and each one's premium share made
 * pending. Per backer: SETTLEMENT_DEBIT, RELEASE, PREMIUM_PENDING, zero amounts skipped.
 */
export function settlePolicy(db: Executor, input: PolicySettlement): Promise<ApplyResult> {
  const locked = input.backers.reduce((s, b) => s + b.locked, 0n);
  const debits = splitProRata(
    minAmount(input.payout, locked),
    input.backers.map((b) => b.locked),
  );
  const of = (providerId: number, amount: bigint, token = input.token) => ({
    ...input,
    token,
    parts: [{ providerId, amount }],
  });
  return applyEntries(
    db,
    input.backers.flatMap((b, i) => [
      ...policyEntries('SETTLEMENT_DEBIT', of(b.providerId, debits[i]!)),
      ...policyEntries('RELEASE', of(b.providerId, b.locked - debits[i]!)),
      ...policyEntries('PREMIUM_PENDING', of(b.providerId, b.premium, input.premiumToken)),
    ]),
    undefined,
    { openBalances: true },
  );
}

/** A provider's share of a settled policy's premium (a provider_premium_distributions row). */
export interface PremiumShare {
  id: number;
  providerId: number;
  policyId: number;
  token: Token;
  amount: bigint;
}

/**
 * Distributes premium shares that came due (pending → earned), across policies in one write.
 * Keyed by the share row (`premium-earned:<share id>`): each share is earned once.
 */
export function distributePremiumShares(db: Executor, shares: readonly PremiumShare[]): Promise<ApplyResult> {
  return applyEntries(
    db,
    shares
      .filter((s) => s.amount > 0n)
      .map((s) => ({
        providerId: s.providerId,
        token: s.token,
        type: 'PREMIUM_EARNED' as const,
        amount: s.amount,
        delta: POLICY_STEP_DELTAS.PREMIUM_EARNED(s.amount),
        policyId: s.policyId,
        idempotencyKey: `premium-earned:${s.id}`,
      })),
  );
}

/** One token's part of a premium claim and the ledger key it is written (and credited on chain) under. */
export interface TokenClaim {
  token: Token;
  key: string;
}

/**
 * The ledger key of a claim: a one-token claim keeps `claim:<request>`; a claim of every token
 * writes one entry per token, `claim:<request>:<token>`, each credited in the vault on its own.
 */
export function premiumClaimKey(requestId: string, token: Token, allTokens: boolean): string {
  return allTokens ? `claim:${requestId}:${token}` : `claim:${requestId}`;
}

/**
 * Claims everything a provider has earned in each of the given tokens, in one write: it joins the
 * provider's available capital (withdrawable like a deposit; the operator then credits each
 * token's entry to the provider in the vault), and `claimed_premiums` counts what was claimed.
 * A retry (any of the keys already written) answers with the stored entries. Tokens with nothing
 * earned are skipped; INSUFFICIENT_FUNDS when none has anything.
 */
export async function claimEarnedPremiums(
  db: Executor,
  input: { principal: string; claims: readonly TokenClaim[] },
): Promise<ApplyResult> {
  return db.transaction(async (tx) => {
    const id = await providerId(tx, input.principal);
    const tokens = input.claims.map((c) => c.token);
    // The balance rows are locked first, so racing retries of one claim queue here; the one that
    // waited then finds the first one's entries (a new statement sees what committed) and answers
    // with them, instead of reading a balance already claimed and refusing.
    const balances = await tx
      .select({ token: providerBalances.token, earned: providerBalances.earnedPremiums })
      .from(providerBalances)
      .where(and(eq(providerBalances.providerId, id), inArray(providerBalances.token, tokens)))
      .orderBy(providerBalances.token)
      .for('update');
    const done = await tx
      .select()
      .from(ledgerEntries)
      .where(
        inArray(
          ledgerEntries.idempotencyKey,
          input.claims.map((c) => c.key),
        ),
      );
    if (done.length > 0) return { applied: false, entries: done };
    const earnedIn = new Map(balances.map((b) => [b.token, b.earned]));
    const specs = input.claims.flatMap((c) => {
      const earned = earnedIn.get(c.token) ?? 0n;
      if (earned === 0n) return [];
      const delta = { earnedPremium: -earned, claimedPremium: earned, available: earned };
      return [
        {
          providerId: id,
          token: c.token,
          type: 'PREMIUM_CLAIM' as const,
          amount: earned,
          delta,
          idempotencyKey: c.key,
        },
      ];
    });
    if (specs.length === 0)
      throw new AppError('INSUFFICIENT_FUNDS', `No earned premium to claim in ${tokens.join(' or ')}`);
    return applyEntries(tx, specs);
  });
}

/** Claims everything a provider has earned in one token (`claim:<request>`). */
export function claimPremiums(
  db: Executor,
  input: { principal: string; token: Token; requestId: string },
): Promise<ApplyResult> {
  return claimEarnedPremiums(db, {
    principal: input.principal,
    claims: [{ token: input.token, key: premiumClaimKey(input.requestId, input.token, false) }],
  });
}
