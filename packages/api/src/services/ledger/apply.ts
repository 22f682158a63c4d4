import {
  type Executor,
  type LedgerEntryType,
  ledgerEntries,
  queryRows,
  type TierName,
  type Token,
} from '@bithedge/db';
import { getTableColumns, type SQL, type SQLChunk, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
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

/**
 * Whose balances the entries move when the caller knows the provider by principal only: the
 * principal is resolved inside the write (NOT_FOUND when unknown), or — `opensIn`, a deposit —
 * the provider is created in that tier on first use and its balance row opened.
 */
export interface ProviderByPrincipal {
  principal: string;
  opensIn?: TierName | undefined;
}

/**
 * `openBalances`: an entry for a provider × token without a balance row opens that row instead of
 * being refused as `no-balance`. Safe for any entry: a row opened below zero breaks the balances'
 * CHECK and is refused (INSUFFICIENT_FUNDS) as before. Used where a provider is owed something in
 * a token it never deposited: an sBTC backer's premium share, which is STX.
 */
export interface ApplyOptions {
  openBalances?: boolean | undefined;
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
 * The one write path of the ledger: writes the entries of one operation and moves the balances
 * by exactly the entries written, in ONE SQL statement (the rows travel as one JSON parameter),
 * whatever the number of providers. Every ledger operation ends here.
 *
 * - Idempotency: when all keys already exist the stored entries are returned and nothing
 *   changes (`applied: false`); when only some do, the keys were reused by a different
 *   operation: CONFLICT, nothing written.
 * - Refusals write nothing: an unknown principal is NOT_FOUND; a balance that would go below
 *   zero is refused by the balances' CHECK constraint, a missing balance row by the statement's
 *   own check, both INSUFFICIENT_FUNDS.
 * - Concurrency: balance rows are updated in (provider, token) order so concurrent operations
 *   queue on the row locks and cannot deadlock; PostgreSQL re-checks the constraint against the
 *   committed value. A concurrent call with the same keys that got there first makes this one a
 *   retry (answered with the stored entries, L4).
 *
 * Outside a transaction the statement is its own transaction (one round trip); inside the
 * caller's transaction it is part of it, and a refusal fails that transaction.
 */
export async function applyEntries(
  db: Executor,
  specs: readonly EntrySpec[],
  provider?: ProviderByPrincipal,
  options?: ApplyOptions,
): Promise<ApplyResult>;
export async function applyEntries(
  db: Executor,
  specs: readonly Omit<EntrySpec, 'providerId'>[],
  provider: ProviderByPrincipal,
): Promise<ApplyResult>;
export async function applyEntries(
  db: Executor,
  specs: readonly (Omit<EntrySpec, 'providerId'> & { providerId?: number })[],
  provider?: ProviderByPrincipal,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  if (specs.length === 0) return { applied: false, entries: [] };
  const inTransaction = db instanceof PgTransaction;
  const opens: Opens =
    provider?.opensIn !== undefined ? 'deposit' : options.openBalances === true ? 'missing' : false;
  try {
    return await writeOnce(db, specs, provider, { inTransaction, opens });
  } catch (error) {
    const refused = constraintViolated(error);
    if (refused === 'provider_balances_nonnegative')
      throw new AppError('INSUFFICIENT_FUNDS', insufficientMessage(specs));
    // Outside a transaction a concurrent call with some of the same keys committed first (L4): the
    // statement wrote nothing, and running it again answers as if it had come second.
    if (refused === 'ledger_entries_idempotencyKey_unique' && !inTransaction)
      return writeOnce(db, specs, provider, { inTransaction, opens });
    throw error;
  }
}

type Refusal = 'unknown-provider' | 'stored' | 'no-balance';

/**
 * Whether missing balance rows are opened: by a deposit (all its deltas are positive: one upsert),
 * or for any entries (`openBalances`: only the rows missing are inserted, with their deltas, so a
 * negative delta on a missing row breaks the CHECK and is refused; the others are updated).
 */
type Opens = false | 'deposit' | 'missing';

/** Inside the caller's transaction or not; whether missing balance rows are opened. */
interface WriteMode {
  inTransaction: boolean;
  opens: Opens;
}

async function writeOnce(
  db: Executor,
  specs: readonly (Omit<EntrySpec, 'providerId'> & { providerId?: number })[],
  provider: ProviderByPrincipal | undefined,
  mode: WriteMode,
  createdMeanwhile = false,
): Promise<ApplyResult> {
  const rows = await queryRows<{ refusal: Refusal | null } & Record<string, unknown>>(
    db,
    writeStatement(specs, provider, mode),
  );
  const refusal = rows[0]?.refusal ?? null;
  const byKey = new Map(specs.map((s) => [s.idempotencyKey, s]));
  const entries = rows
    .filter((r) => r.id !== null)
    .map((r) => (r.stored ? toLedgerEntry(r) : written(r, byKey.get(r.idempotencyKey as string)!)));
  if (refusal === 'unknown-provider' && provider?.opensIn && !createdMeanwhile)
    // A concurrent first deposit created the provider after this statement's snapshot: again.
    return writeOnce(db, specs, provider, mode, true);
  if (refusal === 'unknown-provider')
    throw new AppError('NOT_FOUND', `No liquidity provider ${provider?.principal}`);
  if (refusal === 'stored') return answerRetry(entries, specs.length);
  if (refusal === 'no-balance') throw new AppError('INSUFFICIENT_FUNDS', insufficientMessage(specs));
  if (entries.length === specs.length) return { applied: true, entries };
  // Inside a transaction a concurrent call with the same keys committed first and this insert
  // skipped them (it waited for it on the unique index): a retry when it skipped them all, else
  // the keys were reused by another operation and the caller's transaction drops what was written.
  if (entries.length > 0) throw keyReused(specs[0]!.idempotencyKey);
  return answerRetry(await storedEntries(db, specs), specs.length);
}

function answerRetry(stored: LedgerEntry[], wanted: number): ApplyResult {
  if (stored.length === wanted) return { applied: false, entries: stored };
  throw keyReused(stored[0]?.idempotencyKey ?? '');
}

const ENTRY_FIELDS = Object.entries(getTableColumns(ledgerEntries)).map(([field, column]) => ({
  field,
  column,
  name: field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
}));
/** The entry columns under their field names, as the drivers return them (mapped by toLedgerEntry). */
const ENTRY_SELECT = sql.raw(ENTRY_FIELDS.map((f) => `${f.name} as "${f.field}"`).join(', '));

/** What the statement sends back of an entry it wrote, in ENTRY_SELECT's columns (see `written`). */
const FRESH_SELECT = sql.raw(
  ENTRY_FIELDS.map((f) =>
    ['id', 'providerId', 'idempotencyKey', 'createdAt'].includes(f.field) ? f.name : 'null',
  ).join(', '),
);

function toLedgerEntry(row: Record<string, unknown>): LedgerEntry {
  return Object.fromEntries(
    ENTRY_FIELDS.map(({ field, column }) => {
      const value = row[field];
      return [field, value === null || value === undefined ? null : column.mapFromDriverValue(value)];
    }),
  ) as LedgerEntry;
}

/**
 * An entry this statement wrote: the database returns only what it chose (id, time, provider of a
 * principal), the rest is the spec as inserted — 10,000 entries do not travel back in full.
 */
function written(row: Record<string, unknown>, s: Omit<EntrySpec, 'providerId'>): LedgerEntry {
  const entry: Record<string, unknown> = {
    id: BigInt(row.id as string),
    providerId: Number(row.providerId),
    token: s.token,
    type: s.type,
    status: 'CONFIRMED',
    amount: s.amount,
    policyId: s.policyId ?? null,
    chainTxId: s.chainTxId ?? null,
    chainEventIndex: s.chainEventIndex ?? null,
    idempotencyKey: s.idempotencyKey,
    createdAt: ledgerEntries.createdAt.mapFromDriverValue(row.createdAt as string),
  };
  for (const [field] of COLUMNS) entry[`${field}Delta`] = s.delta[field] ?? 0n;
  return entry as LedgerEntry;
}

async function storedEntries(db: Executor, specs: readonly { idempotencyKey: string }[]) {
  const keys = JSON.stringify(specs.map((s) => s.idempotencyKey));
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`select ${ENTRY_SELECT} from ledger_entries
        where idempotency_key in (select jsonb_array_elements_text(${keys}::jsonb)) order by id`,
  );
  return rows.map(toLedgerEntry);
}

/** The entries as JSON rows; zero deltas are left out (the statement reads them as 0). */
function entryRows(specs: readonly (Omit<EntrySpec, 'providerId'> & { providerId?: number })[]): string {
  return JSON.stringify(
    specs.map((s) => {
      const row: Record<string, string | number> = {
        token: s.token,
        type: s.type,
        amount: s.amount.toString(),
        idempotency_key: s.idempotencyKey,
      };
      if (s.providerId !== undefined) row.provider_id = s.providerId;
      if (s.policyId !== undefined) row.policy_id = s.policyId;
      if (s.chainTxId !== undefined) row.chain_tx_id = s.chainTxId;
      if (s.chainEventIndex !== undefined) row.chain_event_index = s.chainEventIndex;
      for (const [field, , deltaColumn] of COLUMNS) {
        const d = s.delta[field];
        if (d) row[deltaColumn] = d.toString();
      }
      return row;
    }),
  );
}

const id = (name: string) => sql.identifier(name);
const list = (parts: SQLChunk[]) => sql.join(parts, sql`, `);

/** The steps that find (or, for a deposit, create) the provider named by principal. */
function providerSteps(provider: ProviderByPrincipal | undefined): SQL {
  if (!provider) return sql``;
  const named = sql`named as (select id from providers where principal = ${provider.principal}),`;
  if (provider.opensIn === undefined) return named;
  return sql`${named}
    created as (insert into providers (principal, tier)
      select ${provider.principal}, ${provider.opensIn} where not exists (select 1 from named)
      on conflict (principal) do nothing returning id),`;
}

/** Each entry's provider id: given, or the one the provider steps found. */
function providerIdOf(provider: ProviderByPrincipal | undefined): SQL {
  if (!provider) return sql`r.provider_id`;
  return provider.opensIn === undefined
    ? sql`(select id from named)`
    : sql`(select id from named union all select id from created limit 1)`;
}

/**
 * The `moved` step: adds the deltas to the balance rows; a deposit (or `openBalances`) opens the
 * row when it has none yet. An upsert checks the proposed row (the deltas) before it finds the
 * conflict, so it serves only all-positive deposits; `missing` inserts just the rows the statement
 * does not see (a row a concurrent write opened meanwhile takes the conflict branch) and updates
 * the rest, which the insert cannot touch (both work on the statement's snapshot).
 */
function moveBalances(opens: Opens): SQL {
  const columns = COLUMNS.map(([, c]) => id(c));
  const upsert = (from: SQL) => sql`insert into provider_balances as b (provider_id, token, ${list(columns)})
          select provider_id, token, ${list(columns)} from deltas d ${from}
          on conflict (provider_id, token) do update set
            ${list(columns.map((c) => sql`${c} = b.${c} + excluded.${c}`))}, updated_at = now()`;
  const update = sql`update provider_balances as b set
            ${list(columns.map((c) => sql`${c} = b.${c} + d.${c}`))}, updated_at = now()
          from deltas d where b.provider_id = d.provider_id and b.token = d.token`;
  if (opens === 'deposit') return sql`moved as (${upsert(sql``)} returning 1)`;
  if (opens === false) return sql`moved as (${update} returning 1)`;
  return sql`opened as (${upsert(
    sql`where not exists (select 1 from provider_balances x where x.provider_id = d.provider_id and x.token = d.token)`,
  )} returning 1),
    moved as (${update} returning 1)`;
}

/**
 * The statement: resolve the provider (by principal, creating it for a deposit), find stored
 * entries under the keys, decide whether anything is refused, insert the entries, move the
 * balances by the sums of the inserted entries, and return the refusal with the entries.
 */
function writeStatement(
  specs: readonly (Omit<EntrySpec, 'providerId'> & { providerId?: number })[],
  provider: ProviderByPrincipal | undefined,
  { inTransaction, opens }: WriteMode,
): SQL {
  const deltaColumns = COLUMNS.map(([, , delta]) => delta);
  return sql`with ${providerSteps(provider)}
    input as (
      select ${providerIdOf(provider)} as provider_id, r.token, r.type, r.amount, r.policy_id, r.chain_tx_id,
        r.chain_event_index, r.idempotency_key,
        ${list(deltaColumns.map((c) => sql`coalesce(r.${id(c)}, 0) as ${id(c)}`))}
      from jsonb_to_recordset(${entryRows(specs)}::jsonb) as r(
        provider_id int, token token, type ledger_entry_type, amount bigint, policy_id int, chain_tx_id text,
        chain_event_index int, idempotency_key text, ${sql.raw(deltaColumns.map((c) => `${c} bigint`).join(', '))})
    ),
    stored as (
      -- One probe of the key index per entry (a lateral subquery the LIMIT keeps from being
      -- flattened): the planner cannot know how few entries the JSON holds, and would scan the
      -- whole ledger to hash-join it.
      select e.* from input i cross join lateral (
        select ${ENTRY_SELECT} from ledger_entries where idempotency_key = i.idempotency_key limit 1) e
    ),
    refusal as (
      select case
        when exists (select 1 from input where provider_id is null) then 'unknown-provider'
        when exists (select 1 from stored) then 'stored'
        ${
          opens
            ? sql``
            : sql`when exists (select 1 from input i where not exists (
                select 1 from provider_balances b where b.provider_id = i.provider_id and b.token = i.token))
              then 'no-balance'`
        }
      end as refusal
    ),
    fresh as (
      insert into ledger_entries (provider_id, token, type, amount, policy_id, chain_tx_id, chain_event_index,
        idempotency_key, ${list(deltaColumns.map(id))})
      select provider_id, token, type, amount, policy_id, chain_tx_id, chain_event_index, idempotency_key,
        ${list(deltaColumns.map(id))}
      from input where (select refusal from refusal) is null
      ${inTransaction ? sql`on conflict (idempotency_key) do nothing` : sql``}
      returning id, provider_id, token, idempotency_key, created_at, ${list(deltaColumns.map(id))}
    ),
    deltas as (
      select provider_id, token,
        ${list(COLUMNS.map(([, column, delta]) => sql`sum(${id(delta)})::bigint as ${id(column)}`))}
      from fresh group by provider_id, token order by provider_id, token
    ),
    ${moveBalances(opens)}
    select r.refusal, e.* from refusal r
      left join (select true as stored, * from stored union all select false, ${FRESH_SELECT} from fresh) e on true
    order by e."id"`;
}

/** The name of the constraint a database error (or its cause, as drizzle wraps it) violated. */
function constraintViolated(error: unknown): string | undefined {
  for (let e = error; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause) {
    const { code, constraint_name, constraint } = e as Record<string, unknown>;
    if (code === '23514' || code === '23505') return String(constraint_name ?? constraint);
  }
  return undefined;
}

function keyReused(key: string): AppError {
  return new AppError('CONFLICT', `Idempotency key ${key} was already used by another operation`);
}

function insufficientMessage(specs: readonly Omit<EntrySpec, 'providerId'>[]): string {
  const first = specs[0]!;
  const what = first.type === 'WITHDRAWAL_REQUEST' ? 'withdraw' : first.type === 'LOCK' ? 'lock' : 'apply';
  return specs.length === 1
    ? `Cannot ${what} ${first.amount} ${first.token} base units: the balance does not cover it`
    : `Cannot ${what} for all ${specs.length} providers: at least one balance does not cover its part`;
}
