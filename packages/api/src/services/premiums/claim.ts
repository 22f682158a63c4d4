import { type Executor, providerPremiumDistributions, queryRows, TOKENS, type Token } from '@bithedge/db';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { AppError, isAppError } from '../../errors';
import { claimEarnedPremiums, type LedgerEntry, premiumClaimKey } from '../ledger';
import { sharesOfClaims } from './history';
import { unlockEstimate } from './list';

export interface TokenClaimResult {
  token: Token;
  amount: bigint;
  /** The policies whose earned shares this claim paid. */
  policies: { policyId: number; onchainId: string | null; amount: bigint }[];
}

export interface PremiumClaimResult {
  /** False for a retry of a request already applied: nothing changed. */
  applied: boolean;
  claims: TokenClaimResult[];
}

/** Marks the provider's earned, unclaimed shares in each claimed token as taken by its entry. */
async function markClaimedShares(tx: Executor, entries: readonly LedgerEntry[], now: Date): Promise<void> {
  for (const e of entries)
    await tx
      .update(providerPremiumDistributions)
      .set({ claimKey: e.idempotencyKey, claimedAt: now })
      .where(
        and(
          eq(providerPremiumDistributions.providerId, e.providerId),
          eq(providerPremiumDistributions.token, e.token),
          eq(providerPremiumDistributions.status, 'DISTRIBUTED'),
          isNull(providerPremiumDistributions.claimKey),
        ),
      );
}

/**
 * Why nothing could be claimed, in the provider's terms: early claim of pending shares is not
 * allowed, so the message says when the first of them unlocks.
 */
async function nothingEarned(
  db: Executor,
  principal: string,
  tokens: readonly Token[],
  at: { burnHeight: number | null; now: Date },
): Promise<AppError> {
  const [next] = await queryRows<{ count: number; due: number | null }>(
    db,
    sql`select count(*)::int as count, min(s.due_burn_height) as due
        from provider_premium_distributions s join providers p on p.id = s.provider_id
        where p.principal = ${principal} and s.status = 'PENDING'
          and s.token in (${sql.join(
            tokens.map((t) => sql`${t}`),
            sql`, `,
          )})`,
  );
  const where = tokens.length === 1 ? ` in ${tokens[0]}` : '';
  if (!next || next.count === 0 || next.due === null)
    return new AppError('INSUFFICIENT_FUNDS', `No earned premium to claim${where}`);
  const { blocksLeft, estimatedDueAt } = unlockEstimate(next.due, at.burnHeight, at.now);
  const eta =
    blocksLeft === null || estimatedDueAt === null
      ? ''
      : ` (${blocksLeft} blocks from now, about ${estimatedDueAt.toISOString().slice(0, 16).replace('T', ' ')} UTC)`;
  return new AppError(
    'INSUFFICIENT_FUNDS',
    `No earned premium to claim${where} yet: ${next.count} pending share${next.count === 1 ? '' : 's'} cannot be claimed early; the first unlocks at Bitcoin block ${next.due}${eta}`,
  );
}

/**
 * Claims earned premium into the available balance: one token, or — without a token — every
 * token in one transaction, one PREMIUM_CLAIM entry per token (each credited in the vault on its
 * own by the operator). Idempotent per request id. Pending shares cannot be claimed early: with
 * nothing earned it refuses, saying when the pending shares unlock. Answers which policies'
 * shares each token's claim paid.
 */
export async function claimProviderPremiums(
  db: Executor,
  input: { principal: string; token?: Token | undefined; requestId: string },
  at: { burnHeight: number | null; now: Date },
): Promise<PremiumClaimResult> {
  const tokens = input.token ? [input.token] : [...TOKENS];
  const claims = tokens.map((token) => ({
    token,
    key: premiumClaimKey(input.requestId, token, input.token === undefined),
  }));
  try {
    const result = await db.transaction(async (tx) => {
      const claimed = await claimEarnedPremiums(tx, { principal: input.principal, claims });
      if (claimed.applied) await markClaimedShares(tx, claimed.entries, at.now);
      return claimed;
    });
    const shares = await sharesOfClaims(
      db,
      result.entries.map((e) => e.idempotencyKey),
    );
    return {
      applied: result.applied,
      claims: result.entries.map((e) => ({
        token: e.token,
        amount: e.amount,
        policies: shares.get(e.idempotencyKey) ?? [],
      })),
    };
  } catch (error) {
    if (isAppError(error) && error.code === 'INSUFFICIENT_FUNDS')
      throw await nothingEarned(db, input.principal, tokens, at);
    throw error;
  }
}
