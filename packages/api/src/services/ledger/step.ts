import {
  type Executor,
  ledgerEntries,
  queryPreparedRows,
  queryRows,
  type Token,
  toQuery,
} from '@bithedge/db';
import { type Query, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { AppError } from '../../errors';
import {
  type ApplyResult,
  ENTRY_SELECT,
  type EntrySpec,
  keyReused,
  LEDGER_COLUMNS,
  type LedgerEntry,
  refusedBy,
  toLedgerEntry,
} from './apply';

export type PolicyStep = 'LOCK' | 'RELEASE' | 'SETTLEMENT_DEBIT' | 'PREMIUM_PENDING' | 'PREMIUM_EARNED';

/**
 * What each step of a policy's life does to a backer's balances. The `ledger_history` view
 * (migration 0022) derives a wide step's deltas from its type the same way; step.test.ts compares
 * the two.
 */
export const POLICY_STEP_DELTAS: Record<PolicyStep, (amount: bigint) => EntrySpec['delta']> = {
  LOCK: (a) => ({ available: -a, locked: a }),
  RELEASE: (a) => ({ locked: -a, available: a }),
  SETTLEMENT_DEBIT: (a) => ({ locked: -a }),
  PREMIUM_PENDING: (a) => ({ pendingPremium: a }),
  PREMIUM_EARNED: (a) => ({ pendingPremium: -a, earnedPremium: a }),
};

/**
 * From how many providers a policy step is written as one `ledger_steps` row rather than one entry
 * per provider. Below it, per-provider entries keep a provider's history one ordered index walk
 * away; at it and above, writing them is what the step costs (a 10,000-provider lock: ~220 ms as
 * entries, ~60 ms as one row). Ten times the most backers a policy has today (L5: 50).
 */
export const WIDE_STEP_PROVIDERS = 500;

/** One policy step across providers, written as one row. */
export interface StepSpec {
  type: PolicyStep;
  token: Token;
  policyId: number;
  /** The step's key; each provider's entry reads as `<key>:p<provider id>`. */
  idempotencyKey: string;
  /** Positive amounts, one per provider. */
  parts: readonly { providerId: number; amount: bigint }[];
  chainTxId?: string | undefined;
  chainEventIndex?: number | undefined;
}

interface StepRow extends Record<string, unknown> {
  refusal: 'unknown-policy' | null;
  id: string | null;
  created_at: unknown;
}

/**
 * Writes a policy step across providers as one `ledger_steps` row and moves each provider's
 * balances by its part, in one statement: the same guarantees as `applyEntries` (all or nothing;
 * INSUFFICIENT_FUNDS when a balance would go below zero or has no row; NOT_FOUND for an unknown
 * policy; the same key again is a retry answered with the stored entries, or CONFLICT when it named
 * other providers). The entries it answers with share the step's id.
 */
export async function applyStep(db: Executor, spec: StepSpec): Promise<ApplyResult> {
  const parts = sortedParts(spec);
  const inTransaction = db instanceof PgTransaction;
  const step = { ...spec, parts };
  try {
    const [row] = await queryPreparedRows<StepRow>(db, stepQuery(spec.type, inTransaction), stepValues(step));
    if (row?.refusal === 'unknown-policy') throw new AppError('NOT_FOUND', `No policy ${spec.policyId}`);
    if (row?.id) return appliedStep(step, row);
    // Inside a transaction a stored key is skipped, not an error: a retry (or a reused key).
    return answerRetry(step, await storedStep(db, spec.idempotencyKey));
  } catch (error) {
    const refused = refusedBy(error);
    if (refused === 'provider_balances_nonnegative' || refused === 'no-balance') {
      // Inside a transaction the error has failed it: nothing more can be read.
      const stored = inTransaction ? [] : await storedStep(db, spec.idempotencyKey);
      if (stored.length > 0) return answerRetry(step, stored);
      throw new AppError(
        'INSUFFICIENT_FUNDS',
        `Cannot ${spec.type === 'LOCK' ? 'lock' : 'apply'} for all ${parts.length} providers: at least one balance does not cover its part`,
      );
    }
    if (refused === 'ledger_steps_idempotencyKey_unique' && !inTransaction)
      return answerRetry(step, await storedStep(db, spec.idempotencyKey));
    throw error;
  }
}

/** The parts in provider order (the order balance rows are locked in); one part per provider. */
function sortedParts(spec: StepSpec): StepSpec['parts'] {
  if (spec.parts.length === 0) throw new AppError('BAD_REQUEST', `A ${spec.type} step needs providers`);
  const parts = [...spec.parts].sort((a, b) => a.providerId - b.providerId);
  for (let i = 0; i < parts.length; i++) {
    if (parts[i]!.amount <= 0n)
      throw new AppError(
        'BAD_REQUEST',
        `${spec.type} amount for provider ${parts[i]!.providerId} must be positive`,
      );
    if (i > 0 && parts[i]!.providerId === parts[i - 1]!.providerId)
      throw new AppError('BAD_REQUEST', `${spec.type} names provider ${parts[i]!.providerId} twice`);
  }
  return parts;
}

const arrayLiteral = (values: readonly (number | bigint)[]) => `{${values.join(',')}}`;

function stepValues(spec: StepSpec): Record<string, string | null> {
  return {
    token: spec.token,
    type: spec.type,
    policy_id: String(spec.policyId),
    chain_tx_id: spec.chainTxId ?? null,
    chain_event_index: spec.chainEventIndex === undefined ? null : String(spec.chainEventIndex),
    idempotency_key: spec.idempotencyKey,
    provider_ids: arrayLiteral(spec.parts.map((p) => p.providerId)),
    amounts: arrayLiteral(spec.parts.map((p) => p.amount)),
  };
}

/** The balance columns a step moves, signed by POLICY_STEP_DELTAS (the text is per type). */
function stepMoves(type: PolicyStep) {
  const delta = POLICY_STEP_DELTAS[type](1n);
  return LEDGER_COLUMNS.flatMap(([field, column]) => {
    const sign = delta[field];
    if (!sign) return [];
    const c = sql.identifier(column);
    return [sign > 0n ? sql`${c} = b.${c} + p.amount` : sql`${c} = b.${c} - p.amount`];
  });
}

const STEP_STATEMENTS = new Map<string, Query>();

/**
 * The statement, one per type and write mode, values as placeholders: refuse an unknown policy,
 * insert the step (a stored key fails it, or is skipped inside a transaction), move each
 * provider's balance row in provider order, and raise (`ledger_refuse`) when one had no row.
 */
function stepQuery(type: PolicyStep, inTransaction: boolean): Query {
  const shape = `${type}|${inTransaction}`;
  let query = STEP_STATEMENTS.get(shape);
  if (query) return query;
  const p = (name: string, cast: string) => sql`${sql.placeholder(name)}::${sql.raw(cast)}`;
  query = toQuery(sql`with refusal as (
      select case when not exists (select 1 from policies where id = ${p('policy_id', 'int')})
        then 'unknown-policy' end as refusal
    ),
    fresh as (
      insert into ledger_steps (token, type, policy_id, chain_tx_id, chain_event_index, idempotency_key,
        provider_ids, amounts)
      select ${p('token', 'token')}, ${p('type', 'ledger_entry_type')}, ${p('policy_id', 'int')},
        ${p('chain_tx_id', 'text')}, ${p('chain_event_index', 'int')}, ${p('idempotency_key', 'text')},
        ${p('provider_ids', 'int[]')}, ${p('amounts', 'bigint[]')}
      where (select refusal from refusal) is null
      ${inTransaction ? sql`on conflict (idempotency_key) do nothing` : sql``}
      returning id, created_at
    ),
    parts as (
      select r.provider_id, r.amount
      from unnest(${p('provider_ids', 'int[]')}, ${p('amounts', 'bigint[]')}) as r(provider_id, amount)
      where exists (select 1 from fresh) order by r.provider_id
    ),
    moved as (
      update provider_balances as b set ${sql.join(stepMoves(type), sql`, `)}, updated_at = now()
      from parts p where b.provider_id = p.provider_id and b.token = ${p('token', 'token')}
      returning 1
    )
    select r.refusal, f.id::text as id, f.created_at,
      case when (select count(*) from moved) <> (select count(*) from parts)
        then ledger_refuse('no-balance') end as checked
    from refusal r left join fresh f on true`);
  STEP_STATEMENTS.set(shape, query);
  return query;
}

/** The step's entries, one per provider, built when first read (10,000 objects cost ~10 ms). */
function appliedStep(spec: StepSpec, row: StepRow): ApplyResult {
  const createdAt = ledgerEntries.createdAt.mapFromDriverValue(row.created_at as string) as Date;
  let entries: LedgerEntry[] | undefined;
  return {
    applied: true,
    get entries() {
      entries ??= spec.parts.map((p) => stepEntry(spec, BigInt(row.id!), createdAt, p));
      return entries;
    },
  };
}

function stepEntry(
  spec: StepSpec,
  id: bigint,
  createdAt: Date,
  part: StepSpec['parts'][number],
): LedgerEntry {
  const delta = POLICY_STEP_DELTAS[spec.type](part.amount);
  return {
    id,
    providerId: part.providerId,
    token: spec.token,
    type: spec.type,
    status: 'CONFIRMED',
    amount: part.amount,
    availableDelta: delta.available ?? 0n,
    lockedDelta: delta.locked ?? 0n,
    pendingWithdrawalDelta: delta.pendingWithdrawal ?? 0n,
    pendingPremiumDelta: delta.pendingPremium ?? 0n,
    earnedPremiumDelta: delta.earnedPremium ?? 0n,
    claimedPremiumDelta: delta.claimedPremium ?? 0n,
    totalDepositedDelta: delta.totalDeposited ?? 0n,
    totalWithdrawnDelta: delta.totalWithdrawn ?? 0n,
    policyId: spec.policyId,
    chainTxId: spec.chainTxId ?? null,
    chainEventIndex: spec.chainEventIndex ?? null,
    idempotencyKey: stepEntryKey(spec.idempotencyKey, part.providerId),
    createdAt: new Date(createdAt.getTime()),
  };
}

/** The key a provider's entry of a step reads under in `ledger_history`. */
export const stepEntryKey = (stepKey: string, providerId: number) => `${stepKey}:p${providerId}`;

/** The entries of the step stored under this key (none when there is no such step). */
async function storedStep(db: Executor, key: string): Promise<LedgerEntry[]> {
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select ${ENTRY_SELECT} from ledger_history
        where id = (select id from ledger_steps where idempotency_key = ${key}) order by provider_id`,
  );
  return rows.map(toLedgerEntry);
}

/** A stored step with the same providers is a retry; one with other providers reused the key. */
function answerRetry(spec: StepSpec, stored: LedgerEntry[]): ApplyResult {
  const same =
    stored.length === spec.parts.length && stored.every((e, i) => e.providerId === spec.parts[i]!.providerId);
  if (!same) throw keyReused(spec.idempotencyKey);
  return { applied: false, entries: stored };
}
