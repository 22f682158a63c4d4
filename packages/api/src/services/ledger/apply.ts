import { type Executor, type LedgerEntryType, ledgerEntries, queryRows, type Token } from '@bithedge/db';
import { inArray, sql } from 'drizzle-orm';
import { AppError } from '../../errors';

/** Signed changes to the balance columns of one provider × token. */
export interface BalanceDelta {
  available?: bigint;
  locked?: bigint;
  pendingWithdrawal?: bigint;
  pendingPremium?: bigint;
  earnedPremium?: bigint;
  claimedPremium?: bigint;
  totalDeposited?: bigint;
  totalWithdrawn?: bigint;
}

export interface EntrySpec {
  providerId: number;
  token: Token;
  type: LedgerEntryType;
  amount: bigint;
  delta: BalanceDelta;
  idempotencyKey: string;
  policyId?: number | undefined;
  chainTxId?: string | undefined;
  chainEventIndex?: number | undefined;
}

export type LedgerEntry = typeof ledgerEntries.$inferSelect;

export interface ApplyResult {
  /** False when every key had been applied before: the call was a retry and changed nothing. */
  applied: boolean;
  entries: LedgerEntry[];
}

/** Delta field → provider_balances column → ledger_entries delta column. */
export const LEDGER_COLUMNS = [
  ['available', 'available', 'available_delta'],
  ['locked', 'locked', 'locked_delta'],
  ['pendingWithdrawal', 'pending_withdrawal', 'pending_withdrawal_delta'],
  ['pendingPremium', 'pending_premiums', 'pending_premium_delta'],
  ['earnedPremium', 'earned_premiums', 'earned_premium_delta'],
  ['claimedPremium', 'claimed_premiums', 'claimed_premium_delta'],
  ['totalDeposited', 'total_deposited', 'total_deposited_delta'],
  ['totalWithdrawn', 'total_withdrawn', 'total_withdrawn_delta'],
] as const satisfies readonly (readonly [keyof BalanceDelta, string, string])[];
const COLUMNS = LEDGER_COLUMNS;

/**
 * Writes the entries of one operation and applies their deltas to the balances, inside the
 * caller's transaction. Both writes are single set-based statements (rows travel as one JSON
 * parameter), so an operation over 10,000 providers is still two round trips. Balances change
 * by conditional update: a row whose new value would go below zero is not updated, the row
 * count falls short, and the operation is refused with INSUFFICIENT_FUNDS (the transaction
 * then rolls back, entries included). Concurrent operations on the same row serialise on its
 * row lock, and PostgreSQL re-checks the condition against the committed value.
 *
 * Idempotency: when all keys already exist the stored entries are returned and nothing
 * changes; when only some do, the keys were reused by a different operation: CONFLICT.
 */
export async function applyEntries(tx: Executor, specs: readonly EntrySpec[]): Promise<ApplyResult> {
  if (specs.length === 0) return { applied: false, entries: [] };
  const keys = specs.map((s) => s.idempotencyKey);
  const existing = await tx.select().from(ledgerEntries).where(inArray(ledgerEntries.idempotencyKey, keys));
  if (existing.length === specs.length) return { applied: false, entries: existing };
  if (existing.length > 0) throw keyReused(existing[0]!.idempotencyKey);

  const entryRows = specs.map((s) => ({
    provider_id: s.providerId,
    token: s.token,
    type: s.type,
    amount: s.amount.toString(),
    policy_id: s.policyId ?? null,
    chain_tx_id: s.chainTxId ?? null,
    chain_event_index: s.chainEventIndex ?? null,
    idempotency_key: s.idempotencyKey,
    ...Object.fromEntries(
      COLUMNS.map(([field, , deltaColumn]) => [deltaColumn, (s.delta[field] ?? 0n).toString()]),
    ),
  }));
  const inserted = await queryRows<{ id: string }>(
    tx,
    sql`insert into ledger_entries (provider_id, token, type, amount, policy_id, chain_tx_id, chain_event_index, idempotency_key,
          available_delta, locked_delta, pending_withdrawal_delta, pending_premium_delta, earned_premium_delta,
          claimed_premium_delta, total_deposited_delta, total_withdrawn_delta)
        select provider_id, token, type, amount, policy_id, chain_tx_id, chain_event_index, idempotency_key,
          available_delta, locked_delta, pending_withdrawal_delta, pending_premium_delta, earned_premium_delta,
          claimed_premium_delta, total_deposited_delta, total_withdrawn_delta
        from jsonb_to_recordset(${JSON.stringify(entryRows)}::jsonb) as r(
          provider_id int, token token, type ledger_entry_type, amount bigint, policy_id int, chain_tx_id text,
          chain_event_index int, idempotency_key text, available_delta bigint, locked_delta bigint,
          pending_withdrawal_delta bigint, pending_premium_delta bigint, earned_premium_delta bigint,
          claimed_premium_delta bigint, total_deposited_delta bigint, total_withdrawn_delta bigint)
        on conflict (idempotency_key) do nothing
        returning id`,
  );
  // L4: a concurrent call with the same keys got there first (the check above ran before it
  // committed; this insert waited for it on the unique index): it was a retry, so answer with the
  // stored entries instead of a unique violation. When only some keys collided they were reused
  // by another operation: CONFLICT, and the caller's transaction drops what this insert wrote.
  if (inserted.length < specs.length) return storedResult(tx, specs, keys, inserted.length);

  // One row per provider × token, deltas summed, in a stable order so concurrent operations
  // lock rows in the same order and cannot deadlock.
  const merged = new Map<string, { provider_id: number; token: Token; d: Record<string, bigint> }>();
  for (const s of specs) {
    const key = `${s.providerId}:${s.token}`;
    const row = merged.get(key) ?? { provider_id: s.providerId, token: s.token, d: {} };
    for (const [field, column] of COLUMNS) row.d[column] = (row.d[column] ?? 0n) + (s.delta[field] ?? 0n);
    merged.set(key, row);
  }
  const balanceRows = [...merged.values()]
    .sort((a, b) => a.provider_id - b.provider_id || a.token.localeCompare(b.token))
    .map((r) => ({
      provider_id: r.provider_id,
      token: r.token,
      ...Object.fromEntries(COLUMNS.map(([, column]) => [column, (r.d[column] ?? 0n).toString()])),
    }));
  const set = sql.join(
    COLUMNS.map(
      ([, column]) =>
        sql`${sql.identifier(column)} = b.${sql.identifier(column)} + d.${sql.identifier(column)}`,
    ),
    sql`, `,
  );
  const nonNegative = sql.join(
    COLUMNS.map(([, column]) => sql`b.${sql.identifier(column)} + d.${sql.identifier(column)} >= 0`),
    sql` and `,
  );
  const updated = await queryRows<{ provider_id: number }>(
    tx,
    sql`update provider_balances as b set ${set}, updated_at = now()
        from (select * from jsonb_to_recordset(${JSON.stringify(balanceRows)}::jsonb) as x(
          provider_id int, token token, available bigint, locked bigint, pending_withdrawal bigint,
          pending_premiums bigint, earned_premiums bigint, claimed_premiums bigint, total_deposited bigint,
          total_withdrawn bigint) order by provider_id, token) as d
        where b.provider_id = d.provider_id and b.token = d.token and ${nonNegative}
        returning b.provider_id`,
  );
  if (updated.length !== balanceRows.length) {
    throw new AppError('INSUFFICIENT_FUNDS', insufficientMessage(specs), {
      refused: balanceRows.length - updated.length,
    });
  }
  const entries = await tx
    .select()
    .from(ledgerEntries)
    .where(
      inArray(
        ledgerEntries.id,
        inserted.map((r) => BigInt(r.id)),
      ),
    );
  return { applied: true, entries };
}

function keyReused(key: string): AppError {
  return new AppError('CONFLICT', `Idempotency key ${key} was already used by another operation`);
}

/** The entries a concurrent call with the same keys stored; CONFLICT when only some keys collided. */
async function storedResult(
  tx: Executor,
  specs: readonly EntrySpec[],
  keys: readonly string[],
  insertedCount: number,
): Promise<ApplyResult> {
  const stored = await tx
    .select()
    .from(ledgerEntries)
    .where(inArray(ledgerEntries.idempotencyKey, [...keys]));
  if (insertedCount === 0 && stored.length === specs.length) return { applied: false, entries: stored };
  const ours = new Set(keys);
  throw keyReused(stored.find((e) => ours.has(e.idempotencyKey))?.idempotencyKey ?? keys[0]!);
}

function insufficientMessage(specs: readonly EntrySpec[]): string {
  const first = specs[0]!;
  const what = first.type === 'WITHDRAWAL_REQUEST' ? 'withdraw' : first.type === 'LOCK' ? 'lock' : 'apply';
  return specs.length === 1
    ? `Cannot ${what} ${first.amount} ${first.token} base units: the balance does not cover it`
    : `Cannot ${what} for all ${specs.length} providers: at least one balance does not cover its part`;
}
