import {
  type Executor,
  type LedgerEntryType,
  ledgerEntries,
  queryPreparedRows,
  queryRows,
  type TierName,
  type Token,
  toQuery,
} from '@bithedge/db';
import { getTableColumns, type Query, type SQL, type SQLChunk, sql } from 'drizzle-orm';
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
 * by exactly the entries written, in ONE SQL statement (the rows travel as array parameters),
 * whatever the number of providers. Every ledger operation ends here.
 *
 * - Idempotency: when all keys already exist the stored entries are returned and nothing
 *   changes (`applied: false`); when only some do, the keys were reused by a different
 *   operation: CONFLICT, nothing written (inside the caller's transaction, INSUFFICIENT_FUNDS
 *   when the new entries do not fit the balances: the transaction fails either way). The keys
 *   are looked up only when the write fails or is refused, never on the way to a write.
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
    const refused = refusedBy(error);
    if (refused === 'provider_balances_nonnegative' || refused === 'no-balance')
      // Inside a transaction the error has failed it: nothing more can be read.
      return inTransaction ? refuseFunds(specs) : retryOrRefuseFunds(db, specs);
    // Outside a transaction a key already stored fails the insert, so the statement wrote nothing:
    // a retry, or a concurrent call with the same keys that committed first (L4), is answered with
    // the stored entries.
    if (refused === 'ledger_entries_idempotencyKey_unique' && !inTransaction)
      return answerRetry(await storedEntries(db, specs), specs.length);
    throw error;
  }
}

/** Refusals decided before anything is written (a missing balance row is found after: everyBalanceMoved). */
type Refusal = 'unknown-provider' | 'unknown-policy';

/**
 * The statement's one row: the refusal, or what it chose for the entries it wrote — their ids in
 * the order of the specs (comma-separated: 10,000 entries are one value, not 10,000 rows), their
 * time (the transaction's), and the provider a principal resolved to.
 */
interface WriteRow extends Record<string, unknown> {
  refusal: Refusal | null;
  ids: string | null;
  created_at: unknown;
  provider_id: number | null;
}

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
  const { query, values } = writeQuery(specs, provider, mode);
  const [row] = await queryPreparedRows<WriteRow>(db, query, values);
  const refusal = row?.refusal ?? null;
  const ids = row?.ids ? row.ids.split(',') : [];
  if (refusal === 'unknown-provider' && provider?.opensIn && !createdMeanwhile)
    // A concurrent first deposit created the provider after this statement's snapshot: again.
    return writeOnce(db, specs, provider, mode, true);
  if (refusal === 'unknown-provider')
    throw new AppError('NOT_FOUND', `No liquidity provider ${provider?.principal}`);
  if (refusal === 'unknown-policy')
    throw new AppError('NOT_FOUND', `No policy ${[...new Set(specs.map((s) => s.policyId))].join(' or ')}`);
  if (ids.length === specs.length) return appliedNow(specs, ids, row!);
  // Inside a transaction a concurrent call with the same keys committed first and this insert
  // skipped them (it waited for it on the unique index): a retry when it skipped them all, else
  // the keys were reused by another operation and the caller's transaction drops what was written.
  if (ids.length > 0) throw keyReused(specs[0]!.idempotencyKey);
  return answerRetry(await storedEntries(db, specs), specs.length);
}

/**
 * The answer for entries this statement wrote. The entries are built when first read: most callers
 * of a policy step across 10,000 providers never look at them, and building 10,000 objects cost
 * more than parts of the statement.
 */
function appliedNow(
  specs: readonly (Omit<EntrySpec, 'providerId'> & { providerId?: number })[],
  ids: readonly string[],
  row: WriteRow,
): ApplyResult {
  let entries: LedgerEntry[] | undefined;
  return {
    applied: true,
    get entries() {
      entries ??= written(specs, ids, row);
      return entries;
    },
  };
}

function refuseFunds(specs: readonly Omit<EntrySpec, 'providerId'>[]): never {
  throw new AppError('INSUFFICIENT_FUNDS', insufficientMessage(specs));
}

/**
 * A refusal for funds is first checked against the keys: a retry (or keys reused by another
 * operation) is answered as such even when the balances no longer cover the entries. The
 * statement does not probe the keys itself — 10,000 index lookups on every write, for the rare
 * refusal — so this looks them up once it was refused.
 */
async function retryOrRefuseFunds(
  db: Executor,
  specs: readonly Omit<EntrySpec, 'providerId'>[],
): Promise<ApplyResult> {
  const stored = await storedEntries(db, specs);
  if (stored.length > 0) return answerRetry(stored, specs.length);
  return refuseFunds(specs);
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
export const ENTRY_SELECT = sql.raw(ENTRY_FIELDS.map((f) => `${f.name} as "${f.field}"`).join(', '));

export function toLedgerEntry(row: Record<string, unknown>): LedgerEntry {
  return Object.fromEntries(
    ENTRY_FIELDS.map(({ field, column }) => {
      const value = row[field];
      return [field, value === null || value === undefined ? null : column.mapFromDriverValue(value)];
    }),
  ) as LedgerEntry;
}

/**
 * The entries this statement wrote: the database sends back only what it chose (ids, time, the
 * provider of a principal), the rest is the specs as inserted — 10,000 entries do not travel back.
 */
const DELTA_FIELDS = COLUMNS.map(([field]) => [field, `${field}Delta`] as const);

function written(
  specs: readonly (Omit<EntrySpec, 'providerId'> & { providerId?: number })[],
  ids: readonly string[],
  row: WriteRow,
): LedgerEntry[] {
  const createdAt = ledgerEntries.createdAt.mapFromDriverValue(row.created_at as string) as Date;
  return specs.map((s, i) => {
    const entry: Record<string, unknown> = {
      id: BigInt(ids[i]!),
      providerId: s.providerId ?? Number(row.provider_id),
      token: s.token,
      type: s.type,
      status: 'CONFIRMED',
      amount: s.amount,
      policyId: s.policyId ?? null,
      chainTxId: s.chainTxId ?? null,
      chainEventIndex: s.chainEventIndex ?? null,
      idempotencyKey: s.idempotencyKey,
      createdAt: new Date(createdAt.getTime()),
    };
    for (const [field, name] of DELTA_FIELDS) entry[name] = s.delta[field] ?? 0n;
    return entry as LedgerEntry;
  });
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

type Value = string | number | bigint | undefined;

/** A value inside a PostgreSQL array literal: strings quoted (and escaped only when they must be). */
function arrayItem(v: Value): string {
  if (v === undefined) return 'NULL';
  if (typeof v !== 'string') return String(v);
  return v.includes('"') || v.includes('\\') ? `"${v.replace(/[\\"]/g, '\\$&')}"` : `"${v}"`;
}

/**
 * One column of the entries, as the statement's `input` selects it: a value every entry shares
 * is one parameter; values that differ travel as one array literal per column, unnested side by
 * side. PostgreSQL parses an array of 10,000 numbers in about a millisecond, where decoding the
 * same rows from one JSON document (as before) took ~15× longer; and a lock across 10,000
 * providers sends only what differs by provider (id, amount, key, the two deltas). One pass over
 * the entries per column, and the literal built only when the values differ: building the input
 * was a tenth of such a lock.
 */
interface InputColumn {
  name: string;
  type: string;
  /** One value per entry (an array literal), or one value for all. */
  array: boolean;
  value: string | null;
}

function inputColumn<S>(
  name: string,
  type: string,
  specs: readonly S[],
  value: (s: S) => Value,
  alwaysArray = false,
): InputColumn {
  const first = value(specs[0]!);
  let shared = !alwaysArray;
  for (let i = 1; shared && i < specs.length; i++) shared = value(specs[i]!) === first;
  if (shared) return { name, type, array: false, value: first === undefined ? null : String(first) };
  let literal = '{';
  for (let i = 0; i < specs.length; i++) literal += (i === 0 ? '' : ',') + arrayItem(value(specs[i]!));
  return { name, type, array: true, value: `${literal}}` };
}

/** The columns of the entries; `provider_id` only when the specs name providers by id. */
function inputColumns(
  specs: readonly (Omit<EntrySpec, 'providerId'> & { providerId?: number })[],
  provider: ProviderByPrincipal | undefined,
): InputColumn[] {
  type Spec = (typeof specs)[number];
  const column = (name: string, type: string, value: (s: Spec) => Value, alwaysArray = false) =>
    inputColumn(name, type, specs, value, alwaysArray);
  return [
    ...(provider ? [] : [column('provider_id', 'int', (s) => s.providerId)]),
    column('token', 'token', (s) => s.token),
    column('type', 'ledger_entry_type', (s) => s.type),
    column('amount', 'bigint', (s) => s.amount),
    column('policy_id', 'int', (s) => s.policyId),
    column('chain_tx_id', 'text', (s) => s.chainTxId),
    column('chain_event_index', 'int', (s) => s.chainEventIndex),
    // Always an array: unnest needs one, and the keys differ anyway.
    column('idempotency_key', 'text', (s) => s.idempotencyKey, true),
    ...COLUMNS.map(([field, , delta]) => column(delta, 'bigint', (s) => s.delta[field] || 0n)),
  ];
}

/** The `input` step: the entries as rows, `n` their order in `specs`; values are placeholders. */
function inputStep(columns: readonly InputColumn[], provider: ProviderByPrincipal | undefined): SQL {
  const value = (c: InputColumn) =>
    sql`${sql.placeholder(c.name)}::${sql.raw(c.type)}${sql.raw(c.array ? '[]' : '')}`;
  const selects = columns.map((c) => (c.array ? sql`r.${id(c.name)}` : sql`${value(c)} as ${id(c.name)}`));
  if (provider) selects.unshift(sql`${providerIdOf(provider)} as provider_id`);
  const unnested = columns.filter((c) => c.array);
  return sql`input as (
      select ${list(selects)}, r.n
      from unnest(${list(unnested.map(value))}) with ordinality
        as r(${sql.raw(unnested.map((c) => c.name).join(', '))}, n)
    )`;
}

const id = (name: string) => sql.identifier(name);
const list = (parts: SQLChunk[]) => sql.join(parts, sql`, `);

/** The steps that find (or, for a deposit, create) the provider named by principal. */
function providerSteps(provider: ProviderByPrincipal | undefined): SQL {
  if (!provider) return sql``;
  const named = sql`named as (select id from providers where principal = ${sql.placeholder('principal')}::text),`;
  if (provider.opensIn === undefined) return named;
  return sql`${named}
    created as (insert into providers (principal, tier)
      select ${sql.placeholder('principal')}::text, ${sql.placeholder('tier')}::tier_name
      where not exists (select 1 from named)
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
 * The `deltas` step: what the entries written add to each balance row, in (provider, token) order
 * (the order rows are locked in). Summed per row when several entries move one; when each moves
 * its own row (a policy step across providers) the entries are the deltas: summing 10,000 groups of
 * eight columns took more time than the rest of the balance update.
 */
function deltasStep(summed: boolean): SQL {
  const columns = COLUMNS.map(([, column, delta]) =>
    summed ? sql`sum(${id(delta)})::bigint as ${id(column)}` : sql`${id(delta)} as ${id(column)}`,
  );
  return sql`deltas as (
      select provider_id, token, ${list(columns)}
      from fresh ${summed ? sql`group by provider_id, token` : sql``} order by provider_id, token
    )`;
}

/** Whether two of the entries move the same balance row (provider × token). */
function movesARowTwice(
  specs: readonly (Omit<EntrySpec, 'providerId'> & { providerId?: number })[],
  provider: ProviderByPrincipal | undefined,
): boolean {
  const seen = new Map<Token, Set<number>>();
  for (const s of specs) {
    const ids = seen.get(s.token) ?? new Set<number>();
    seen.set(s.token, ids);
    const providerId = provider ? 0 : s.providerId!;
    if (ids.has(providerId)) return true;
    ids.add(providerId);
  }
  return false;
}

/**
 * The statement for these specs and its parameters. The text depends only on the operation's shape
 * (which columns vary by entry, how the provider is named, the write mode), never on its values,
 * so it is built once per shape and sent as a prepared statement: building it with Drizzle on
 * every call, and the server parsing and planning it every time, cost more than the write itself
 * for a one-entry operation.
 */
function writeQuery(
  specs: readonly (Omit<EntrySpec, 'providerId'> & { providerId?: number })[],
  provider: ProviderByPrincipal | undefined,
  mode: WriteMode,
): { query: Query; values: Record<string, string | null> } {
  const columns = inputColumns(specs, provider);
  const summed = movesARowTwice(specs, provider);
  const shape = [
    columns.map((c) => (c.array ? `${c.name}[]` : c.name)).join(','),
    provider === undefined ? 'by-id' : provider.opensIn === undefined ? 'by-principal' : 'opens-provider',
    mode.inTransaction,
    mode.opens,
    summed,
  ].join('|');
  let query = STATEMENTS.get(shape);
  if (!query) {
    // A handful of shapes exist (one or two per operation); the bound only guards against a leak.
    if (STATEMENTS.size >= 256) STATEMENTS.clear();
    query = toQuery(writeStatement(columns, provider, mode, summed));
    STATEMENTS.set(shape, query);
  }
  const values: Record<string, string | null> = {
    principal: provider?.principal ?? null,
    tier: provider?.opensIn ?? null,
  };
  for (const c of columns) values[c.name] = c.value;
  return { query, values };
}

const STATEMENTS = new Map<string, Query>();

/**
 * The statement: resolve the provider (by principal, creating it for a deposit), decide whether
 * anything is refused, insert the entries (a key already stored fails it, or is skipped inside a
 * transaction), move the balances by the inserted entries, and return the refusal or the new ids.
 */
function writeStatement(
  columns: readonly InputColumn[],
  provider: ProviderByPrincipal | undefined,
  { inTransaction, opens }: WriteMode,
  summed: boolean,
): SQL {
  const deltaColumns = COLUMNS.map(([, , delta]) => delta);
  return sql`with ${providerSteps(provider)}
    ${inputStep(columns, provider)},
    refusal as (
      select case
        ${provider ? sql`when exists (select 1 from input where provider_id is null) then 'unknown-provider'` : sql``}
        -- ledger_entries has no foreign keys (a trigger per entry): each policy is looked up once.
        when exists (select 1 from (select distinct policy_id from input where policy_id is not null) p
          where not exists (select 1 from policies where id = p.policy_id)) then 'unknown-policy'
      end as refusal
    ),
    fresh as (
      insert into ledger_entries (provider_id, token, type, amount, policy_id, chain_tx_id, chain_event_index,
        idempotency_key, ${list(deltaColumns.map(id))})
      select provider_id, token, type, amount, policy_id, chain_tx_id, chain_event_index, idempotency_key,
        ${list(deltaColumns.map(id))}
      -- In the specs' order, so the ids (drawn as the rows are inserted) ascend in that order too.
      from input where (select refusal from refusal) is null order by n
      ${inTransaction ? sql`on conflict (idempotency_key) do nothing` : sql``}
      returning id, provider_id, token, created_at, ${list(deltaColumns.map(id))}
    ),
    ${deltasStep(summed)},
    ${moveBalances(opens)}
    select r.refusal, w.*${opens === false ? sql`, ${everyBalanceMoved}` : sql``} from refusal r cross join (
      select string_agg(id::text, ',' order by id) as ids, min(created_at) as created_at,
        min(provider_id) as provider_id
      from fresh) w`;
}

/**
 * Without `opens`, an entry whose provider × token has no balance row is refused. The update simply
 * finds no row for it, so the statement compares the rows moved with the rows it meant to move and
 * raises (`ledger_refuse`, migration 0019) when one is missing: the statement fails and nothing it
 * wrote stays. Checking first instead probed the balances' index once per entry (~10 ms of a
 * 10,000-provider lock) for a refusal that never happens in production (balance rows are opened
 * by the first deposit and never deleted).
 */
const everyBalanceMoved = sql`case when (select count(*) from moved) <> (select count(*) from deltas)
      then ledger_refuse('no-balance') end as checked`;

/** The ledger's own refusal raised inside the statement (`ledger_refuse`), as `ERRCODE`. */
const LEDGER_REFUSAL = 'BH001';

/**
 * What a database error (or its cause, as drizzle wraps it) refused: the name of the constraint it
 * violated, or `no-balance` (raised by the statement itself).
 */
export function refusedBy(error: unknown): string | undefined {
  for (let e = error; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause) {
    const { code, constraint_name, constraint } = e as Record<string, unknown>;
    if (code === '23514' || code === '23505') return String(constraint_name ?? constraint);
    if (code === LEDGER_REFUSAL) return 'no-balance';
  }
  return undefined;
}

export function keyReused(key: string): AppError {
  return new AppError('CONFLICT', `Idempotency key ${key} was already used by another operation`);
}

function insufficientMessage(specs: readonly Omit<EntrySpec, 'providerId'>[]): string {
  const first = specs[0]!;
  const what = first.type === 'WITHDRAWAL_REQUEST' ? 'withdraw' : first.type === 'LOCK' ? 'lock' : 'apply';
  return specs.length === 1
    ? `Cannot ${what} ${first.amount} ${first.token} base units: the balance does not cover it`
    : `Cannot ${what} for all ${specs.length} providers: at least one balance does not cover its part`;
}
