import { type Executor, queryRows, type Token } from '@bithedge/db';
import { sql } from 'drizzle-orm';
import { DEFAULT_MAX_PRICE_AGE_MS } from '../../context';
import { AppError } from '../../errors';
import { raiseAdminAlert } from '../admin';
import { assertWithdrawalKeepsHealth, type PriceOptions } from '../health';
import {
  type ApplyResult,
  type ChainEventRef,
  cancelWithdrawal,
  chainEffectKey,
  confirmChainWithdrawal,
  type LedgerEntry,
  requestWithdrawal,
  withdrawalRequestKey,
} from '../ledger';

export interface WithdrawalState {
  principal: string;
  token: Token;
  /** Reserved in the ledger for withdrawal: what the provider asked for and has not taken yet. */
  pending: bigint;
  /** What the vault lets the provider withdraw now (the operator's allowance, as ingested). */
  authorized: bigint;
  /** A cancel is in progress: the pending funds return to available once the allowance is 0. */
  cancelling: boolean;
  /** The allowance the operator must set: the pending amount, or 0 while cancelling. */
  target: bigint;
}

/**
 * Per provider and token with anything reserved, authorized or being cancelled: the ledger's
 * pending withdrawal next to the vault's current allowance. The allowance is the last `allowance`
 * event's amount less the withdrawals after it (the contract consumes it), from applied events
 * only. One query; with a principal, every CTE is restricted to it (L6: no scan of the whole
 * history, the provider index on chain_events serves it).
 */
export async function withdrawalStates(db: Executor, principal?: string): Promise<WithdrawalState[]> {
  const ofEvent = principal ? sql`and payload->>'provider' = ${principal}` : sql``;
  const ofProvider = principal ? sql`and p.principal = ${principal}` : sql``;
  const rows = await queryRows<{
    principal: string;
    token: Token;
    pending: string;
    authorized: string;
    cancelling: boolean;
  }>(
    db,
    sql`with last_allowance as (
          select distinct on (payload->>'provider', payload->>'token')
            payload->>'provider' as principal, payload->>'token' as token,
            (payload->>'amount')::numeric as amount, block_height, id
          from chain_events where status = 'APPLIED' and event_type = 'allowance' ${ofEvent}
          order by payload->>'provider', payload->>'token', block_height desc, id desc
        ),
        withdrawals as (
          select payload->>'provider' as principal, payload->>'token' as token,
            (payload->>'amount')::numeric as amount, block_height, id
          from chain_events where status = 'APPLIED' and event_type = 'withdraw' ${ofEvent}
        ),
        authorized as (
          select a.principal, a.token, a.amount - coalesce(sum(w.amount), 0) as authorized
          from last_allowance a
          left join withdrawals w on w.principal = a.principal and w.token = a.token
            and (w.block_height, w.id) > (a.block_height, a.id)
          group by a.principal, a.token, a.amount
        ),
        pending as (
          select p.principal, b.token::text as token, b.pending_withdrawal as pending,
            b.withdrawal_cancel_requested_at is not null as cancelling
          from provider_balances b join providers p on p.id = b.provider_id
          where (b.pending_withdrawal > 0 or b.withdrawal_cancel_requested_at is not null) ${ofProvider}
        )
        select coalesce(p.principal, a.principal) as principal, coalesce(p.token, a.token) as token,
          coalesce(p.pending, 0)::text as pending, greatest(coalesce(a.authorized, 0), 0)::text as authorized,
          coalesce(p.cancelling, false) as cancelling
        from pending p full join authorized a on a.principal = p.principal and a.token = p.token
        where coalesce(p.pending, 0) > 0 or coalesce(a.authorized, 0) > 0 or coalesce(p.cancelling, false)
        order by 1, 2`,
  );
  return rows.map((r) => {
    const pending = BigInt(r.pending);
    return {
      principal: r.principal,
      token: r.token,
      pending,
      authorized: BigInt(r.authorized),
      cancelling: r.cancelling,
      target: r.cancelling ? 0n : pending,
    };
  });
}

type BalanceRow = {
  provider_id: number;
  pending: string;
  cancel_requested_at: Date | string | null;
};

/** The provider × token balance row, locked for the rest of the transaction. */
async function lockBalance(tx: Executor, principal: string, token: Token): Promise<BalanceRow | undefined> {
  const [row] = await queryRows<BalanceRow>(
    tx,
    sql`select b.provider_id, b.pending_withdrawal::text as pending,
          b.withdrawal_cancel_requested_at as cancel_requested_at
        from provider_balances b join providers p on p.id = b.provider_id
        where p.principal = ${principal} and b.token = ${token} for update of b`,
  );
  return row;
}

/**
 * A provider asks to withdraw: the amount moves from available to pending (refused beyond what is
 * available — locked collateral backs policies — and beyond what keeps its collateral ratio at or
 * above the tier's warning threshold, checked with its balance rows locked so no racing withdrawal,
 * allocation or deposit can slip between the check and the entry), and the operator then
 * authorizes exactly the pending amount on chain for the provider's own withdrawal call. Refused
 * while a cancel is in progress: the new request would be swept back to available with the
 * cancelled one. A retry of an applied request answers as before, whatever the health is now.
 */
export function requestProviderWithdrawal(
  db: Executor,
  principal: string,
  input: { token: Token; amount: bigint; requestId: string },
  prices: PriceOptions = { now: new Date(), maxPriceAgeMs: DEFAULT_MAX_PRICE_AGE_MS },
): Promise<ApplyResult> {
  const requestId = `${principal}:${input.requestId}`;
  return db.transaction(async (tx) => {
    if (!(await withdrawalRequested(tx, requestId)))
      await assertWithdrawalKeepsHealth(tx, principal, input, prices);
    const row = await lockBalance(tx, principal, input.token);
    if (row?.cancel_requested_at)
      throw new AppError(
        'INVALID_STATE',
        `A cancelled ${input.token} withdrawal is still being taken back on chain; request again once it is done`,
      );
    return requestWithdrawal(tx, { principal, ...input, requestId });
  });
}

async function withdrawalRequested(tx: Executor, requestId: string): Promise<boolean> {
  const rows = await queryRows<{ one: number }>(
    tx,
    sql`select 1 as one from ledger_entries where idempotency_key = ${withdrawalRequestKey(requestId)}`,
  );
  return rows.length > 0;
}

export interface CancelResult extends ApplyResult {
  /**
   * CANCELLED: the funds are back in available. CANCELLING: the vault still authorizes part of
   * them, so they stay pending until the ingested allowance shows the operator lowered it to 0.
   */
  state: 'CANCELLED' | 'CANCELLING';
  amount: bigint;
}

/**
 * A provider takes back everything still pending (H1, two-phase). With nothing authorized on chain
 * the funds return to available at once (a WITHDRAWAL_CANCEL entry). Otherwise the provider could
 * still withdraw them with the current allowance, so the request is only marked cancelling (the
 * `withdrawal_cancel_requested_at` state column: a marker, not a balance — no money moves yet);
 * the operator then sets the allowance to 0 and `completeCancelIfUnauthorized` returns what is left
 * when that event is ingested. A retry while cancelling changes nothing (unless the vault no
 * longer authorizes anything, see below).
 */
export async function cancelPendingWithdrawal(
  db: Executor,
  principal: string,
  input: { token: Token; requestId: string },
): Promise<CancelResult> {
  return db.transaction(async (tx) => {
    const row = await lockBalance(tx, principal, input.token);
    const pending = BigInt(row?.pending ?? 0);
    const state = (await withdrawalStates(tx, principal)).find((s) => s.token === input.token);
    const authorized = state?.authorized ?? 0n;
    // Already cancelling: a retry changes nothing while the vault still authorizes something. If it
    // authorizes nothing any more without an event having completed the cancel (a re-org removed
    // the allowance), the retry completes it now.
    if (row?.cancel_requested_at && authorized > 0n)
      return { applied: false, entries: [], state: 'CANCELLING', amount: pending };
    if (row?.cancel_requested_at) {
      await tx.execute(
        sql`update provider_balances set withdrawal_cancel_requested_at = null, updated_at = now()
            where provider_id = ${row.provider_id} and token = ${input.token}`,
      );
      if (pending === 0n) return { applied: true, entries: [], state: 'CANCELLED', amount: 0n };
    }
    if (!row || pending === 0n)
      throw new AppError('INVALID_STATE', `Nothing is pending withdrawal in ${input.token}`);
    if (authorized > 0n) {
      await tx.execute(
        sql`update provider_balances set withdrawal_cancel_requested_at = now(), updated_at = now()
            where provider_id = ${row.provider_id} and token = ${input.token}`,
      );
      return { applied: true, entries: [], state: 'CANCELLING', amount: pending };
    }
    const result = await cancelWithdrawal(tx, {
      providerId: row.provider_id,
      token: input.token,
      amount: pending,
      idempotencyKey: `withdrawal-cancel:${principal}:${input.requestId}`,
    });
    return { ...result, state: 'CANCELLED', amount: pending };
  });
}

/**
 * The second phase of a cancel: once the ingested events show the vault authorizes nothing more for
 * the provider (the operator's `allowance` of 0 arrived, or a withdrawal used the allowance up),
 * nothing more can leave the vault for this request, so what is still pending — less any
 * withdrawal ingested in between, which already took its share from pending — returns to
 * available and the cancel is done. The entry is keyed by the event, so a rollback of its block
 * reverses it (and `restoreCancelAfterRollback` marks the request cancelling again).
 */
export async function completeCancelIfUnauthorized(
  tx: Executor,
  provider: string,
  token: Token,
  at: { ref: ChainEventRef; cycle: number },
): Promise<void> {
  const row = await lockBalance(tx, provider, token);
  if (!row?.cancel_requested_at) return;
  const state = (await withdrawalStates(tx, provider)).find((s) => s.token === token);
  if ((state?.authorized ?? 0n) > 0n) return;
  await tx.execute(
    sql`update provider_balances set withdrawal_cancel_requested_at = null, updated_at = now()
        where provider_id = ${row.provider_id} and token = ${token}`,
  );
  const pending = BigInt(row.pending);
  if (pending > 0n)
    await cancelWithdrawal(tx, {
      providerId: row.provider_id,
      token,
      amount: pending,
      idempotencyKey: chainEffectKey('withdrawal-cancel', at.ref, at.cycle),
      chainEvent: at.ref,
    });
}

/** A rolled-back block undid a cancel's completion: the request is cancelling again. */
export async function restoreCancelAfterRollback(
  tx: Executor,
  reversals: readonly LedgerEntry[],
): Promise<void> {
  for (const r of reversals.filter((e) => e.idempotencyKey.startsWith('reversal:withdrawal-cancel:')))
    await tx.execute(
      sql`update provider_balances set withdrawal_cancel_requested_at = now(), updated_at = now()
          where provider_id = ${r.providerId} and token = ${r.token}`,
    );
}

/**
 * A withdrawal paid out on chain is a fact the ledger must record (H1): it settles what the
 * provider had reserved (pending) first, then takes from available. Whatever neither covers means
 * the ledger had drifted from the vault (the vault checked the provider's own balance): it is
 * recorded as a WITHDRAWAL_DEFICIT entry (no balance moves: the ledger cannot say whose money
 * left) plus an admin alert, never refused — a refusal would wedge ingestion for every provider.
 * Locked funds are not taken: they back policies, the vault's own lock total is unchanged by a
 * withdrawal, and the later release or settlement of those policies must still find them.
 */
export async function recordChainWithdrawal(
  tx: Executor,
  e: { provider: string; token: Token; amount: bigint },
  at: { ref: ChainEventRef; cycle: number },
): Promise<void> {
  const [row] = await queryRows<{ provider_id: number; pending: string; available: string }>(
    tx,
    sql`select b.provider_id, b.pending_withdrawal::text as pending, b.available::text as available
        from provider_balances b join providers p on p.id = b.provider_id
        where p.principal = ${e.provider} and b.token = ${e.token} for update of b`,
  );
  if (!row) throw new AppError('INVALID_STATE', `Withdrawal by ${e.provider}, who has no ${e.token} balance`);
  const fromPending = min(BigInt(row.pending), e.amount);
  const fromAvailable = min(BigInt(row.available), e.amount - fromPending);
  const covered = fromPending + fromAvailable;
  const deficit = e.amount - covered;
  await confirmChainWithdrawal(tx, {
    providerId: row.provider_id,
    token: e.token,
    fromPending,
    fromAvailable,
    deficit,
    chainEvent: at,
  });
  if (deficit > 0n)
    await raiseAdminAlert(tx, {
      kind: 'withdrawal-deficit',
      message: `${e.provider} withdrew ${e.amount} ${e.token} base units on chain; the ledger covered ${covered} (pending + available), ${deficit} is a deficit to reconcile`,
      data: {
        ...at.ref,
        provider: e.provider,
        token: e.token,
        amount: e.amount.toString(),
        deficit: deficit.toString(),
      },
    });
  // A withdrawal that used up the allowance also completes a cancel in progress.
  await completeCancelIfUnauthorized(tx, e.provider, e.token, at);
}

const min = (a: bigint, b: bigint) => (a < b ? a : b);
