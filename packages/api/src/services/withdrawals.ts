import { type Executor, queryRows, type Token } from '@bithedge/db';
import { sql } from 'drizzle-orm';
import { AppError } from '../errors';
import { type ApplyResult, applyEntries, requestWithdrawal } from './ledger';

export interface WithdrawalState {
  principal: string;
  token: Token;
  /** Reserved in the ledger for withdrawal: what the provider asked for and has not taken yet. */
  pending: bigint;
  /** What the vault lets the provider withdraw now (the operator's allowance, as ingested). */
  authorized: bigint;
}

/**
 * Per provider and token with anything reserved or authorized: the ledger's pending withdrawal
 * next to the vault's current allowance. The allowance is the last `allowance` event's amount
 * less the withdrawals after it (the contract consumes it), from applied events only. One query.
 */
export async function withdrawalStates(db: Executor, principal?: string): Promise<WithdrawalState[]> {
  const rows = await queryRows<{ principal: string; token: Token; pending: string; authorized: string }>(
    db,
    sql`with last_allowance as (
          select distinct on (payload->>'provider', payload->>'token')
            payload->>'provider' as principal, payload->>'token' as token,
            (payload->>'amount')::numeric as amount, block_height, id
          from chain_events where status = 'APPLIED' and event_type = 'allowance'
          order by payload->>'provider', payload->>'token', block_height desc, id desc
        ),
        authorized as (
          select a.principal, a.token, a.amount - coalesce(sum((w.payload->>'amount')::numeric), 0) as authorized
          from last_allowance a
          left join chain_events w on w.status = 'APPLIED' and w.event_type = 'withdraw'
            and w.payload->>'provider' = a.principal and w.payload->>'token' = a.token
            and (w.block_height, w.id) > (a.block_height, a.id)
          group by a.principal, a.token, a.amount
        ),
        pending as (
          select p.principal, b.token::text as token, b.pending_withdrawal as pending
          from provider_balances b join providers p on p.id = b.provider_id
          where b.pending_withdrawal > 0
        )
        select coalesce(p.principal, a.principal) as principal, coalesce(p.token, a.token) as token,
          coalesce(p.pending, 0)::text as pending, greatest(coalesce(a.authorized, 0), 0)::text as authorized
        from pending p full join authorized a on a.principal = p.principal and a.token = p.token
        where (coalesce(p.pending, 0) > 0 or coalesce(a.authorized, 0) > 0)
          ${principal ? sql`and coalesce(p.principal, a.principal) = ${principal}` : sql``}
        order by 1, 2`,
  );
  return rows.map((r) => ({
    principal: r.principal,
    token: r.token,
    pending: BigInt(r.pending),
    authorized: BigInt(r.authorized),
  }));
}

/**
 * A provider asks to withdraw: the amount moves from available to pending (refused beyond what is
 * available — locked collateral backs policies), and the operator then authorizes exactly the
 * pending amount on chain for the provider's own withdrawal call.
 */
export function requestProviderWithdrawal(
  db: Executor,
  principal: string,
  input: { token: Token; amount: bigint; requestId: string },
): Promise<ApplyResult> {
  return requestWithdrawal(db, { principal, ...input, requestId: `${principal}:${input.requestId}` });
}

/** A provider takes back everything still pending (the operator then lowers the allowance to 0). */
export async function cancelPendingWithdrawal(
  db: Executor,
  principal: string,
  input: { token: Token; requestId: string },
): Promise<ApplyResult> {
  return db.transaction(async (tx) => {
    const [row] = await queryRows<{ provider_id: number; pending: string }>(
      tx,
      sql`select b.provider_id, b.pending_withdrawal::text as pending
          from provider_balances b join providers p on p.id = b.provider_id
          where p.principal = ${principal} and b.token = ${input.token} for update of b`,
    );
    const pending = BigInt(row?.pending ?? 0);
    if (!row || pending === 0n)
      throw new AppError('INVALID_STATE', `Nothing is pending withdrawal in ${input.token}`);
    return applyEntries(tx, [
      {
        providerId: row.provider_id,
        token: input.token,
        type: 'WITHDRAWAL_FAIL',
        amount: pending,
        delta: { pendingWithdrawal: -pending, available: pending },
        idempotencyKey: `withdrawal-cancel:${principal}:${input.requestId}`,
      },
    ]);
  });
}
