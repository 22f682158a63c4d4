/**
 * What the procedure fuzz (`fuzz.test.ts`) and the route fuzz (`apps/web/.../routes-fuzz.test.ts`)
 * share: a catalogue of hostile values, one-field mutations of a valid input, seeded random
 * inputs, and a cheap snapshot of every table to prove that a refused call wrote nothing.
 */
import { type Executor, queryRows } from '@bithedge/db';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';

/** One seed for every fuzz run: a failure found today is found again tomorrow. */
export const FUZZ_SEED = 20_261_201;

export interface Labeled<T = unknown> {
  label: string;
  value: T;
}

const HUNDRED_KB = 100 * 1024;

/** `depth` objects (or arrays) nested in one another: recursion limits in parsers and walkers. */
export function nested(depth: number, kind: 'object' | 'array' = 'object'): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = kind === 'object' ? { a: value } : [value];
  return value;
}

/** An object whose own key is `key`, as `JSON.parse` makes it (a literal `__proto__` would set the prototype). */
export function withOwnKey(key: string, value: unknown, base: object = {}): Record<string, unknown> {
  const object: Record<string, unknown> = { ...base };
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

/** Decimal strings around the integer widths the database and Clarity use. */
export const OVERSIZED_INTEGERS = {
  int32Max1: '2147483648',
  int64Max1: '9223372036854775808',
  uint64Max1: '18446744073709551616',
  uint128Max: '340282366920938463463374607431768211455',
  uint128Max1: '340282366920938463463374607431768211456',
} as const;

/**
 * Values no valid input holds, each of a kind that can reach a procedure over HTTP (JSON or
 * superjson: bigint, Date, Map, Set, RegExp, URL, Error, undefined, NaN, ±Infinity, -0).
 */
export function hostileValues(): Labeled[] {
  return [
    { label: 'undefined', value: undefined },
    { label: 'null', value: null },
    { label: 'true', value: true },
    { label: '0', value: 0 },
    { label: '-0', value: -0 },
    { label: '-1', value: -1 },
    { label: '0.5', value: 0.5 },
    { label: 'NaN', value: Number.NaN },
    { label: 'Infinity', value: Number.POSITIVE_INFINITY },
    { label: '-Infinity', value: Number.NEGATIVE_INFINITY },
    { label: 'Number.MAX_VALUE', value: Number.MAX_VALUE },
    { label: 'Number.MIN_VALUE', value: Number.MIN_VALUE },
    { label: '2^53 + 2', value: 2 ** 53 + 2 },
    { label: '-(2^63)', value: -(2 ** 63) },
    { label: 'bigint 2^63', value: 2n ** 63n },
    { label: 'bigint 2^128', value: 2n ** 128n },
    { label: 'bigint -1', value: -1n },
    { label: 'empty string', value: '' },
    { label: 'whitespace', value: ' \t\n ' },
    { label: '100 KB string', value: 'a'.repeat(HUNDRED_KB) },
    { label: '100 KB of digits', value: '9'.repeat(HUNDRED_KB) },
    { label: 'int32 max + 1', value: OVERSIZED_INTEGERS.int32Max1 },
    { label: 'int64 max + 1', value: OVERSIZED_INTEGERS.int64Max1 },
    { label: 'uint64 max + 1', value: OVERSIZED_INTEGERS.uint64Max1 },
    { label: 'uint128 max', value: OVERSIZED_INTEGERS.uint128Max },
    { label: 'uint128 max + 1', value: OVERSIZED_INTEGERS.uint128Max1 },
    { label: '30 nines', value: '9'.repeat(30) },
    { label: 'negative amount', value: '-1000' },
    { label: 'exponent', value: '1e400' },
    { label: 'hex number', value: '0x10' },
    { label: 'tiny decimal', value: '0.000000001' },
    { label: 'NUL byte', value: '\u0000' },
    { label: 'NUL inside', value: 'ab\u0000cd' },
    { label: 'lone surrogate', value: '\ud800x' },
    { label: '1,000 emoji', value: '\u{1F4B8}'.repeat(1_000) },
    { label: 'bidi and zero-width', value: '\u202e\u200b\ufeff' },
    { label: 'SQL', value: "'; drop table ledger_entries; --" },
    { label: 'nil uuid', value: '00000000-0000-0000-0000-000000000000' },
    { label: 'max uuid', value: 'ffffffff-ffff-ffff-ffff-ffffffffffff' },
    { label: 'principal', value: 'ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM' },
    { label: 'contract principal', value: 'ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM.liquidity-pool-vault' },
    { label: '{}', value: {} },
    { label: '[]', value: [] },
    { label: '10,000-element array', value: Array.from({ length: 10_000 }, () => 1) },
    { label: '__proto__ key', value: withOwnKey('__proto__', { role: 'admin', isAdmin: true }) },
    { label: 'constructor.prototype key', value: { constructor: { prototype: { role: 'admin' } } } },
    { label: '2,000-deep object', value: nested(2_000) },
    { label: '2,000-deep array', value: nested(2_000, 'array') },
    { label: 'Date', value: new Date(0) },
    { label: 'invalid Date', value: new Date(Number.NaN) },
    { label: 'Map', value: new Map([['amount', '1']]) },
    { label: 'Set', value: new Set(['STX']) },
    { label: 'RegExp', value: /.*/ },
    { label: 'URL', value: new URL('https://evil.example/') },
    { label: 'Error', value: new Error('boom') },
  ];
}

type Path = (string | number)[];

function isPlainContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return (
    Array.isArray(value) || (typeof value === 'object' && value !== null && value.constructor === Object)
  );
}

/** Every path to a field inside `value` (objects and arrays, not the root). */
function fieldPaths(value: unknown, prefix: Path = []): Path[] {
  if (!isPlainContainer(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    return [path, ...fieldPaths(child, path)];
  });
}

function containerPaths(value: unknown): Path[] {
  const all: Path[] = [[], ...fieldPaths(value)];
  return all.filter((path) => isPlainContainer(getAt(value, path)));
}

function getAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], value);
}

/** A copy of `value` with the field at `path` changed by `edit` (which gets the parent). */
function editAt(
  value: unknown,
  path: Path,
  edit: (parent: Record<string | number, unknown>, key: string | number) => void,
): unknown {
  const copy = structuredClone(value);
  if (path.length === 0) return copy;
  const parent = getAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  edit(parent, path.at(-1) as string | number);
  return copy;
}

const pathLabel = (path: Path) => (path.length === 0 ? '(root)' : path.join('.'));

/**
 * One-field mutations of a valid input, so the fuzz reaches past the outer validation: every
 * field replaced by every hostile value and removed, and every object given extra keys
 * (prototype-pollution names and an unknown one).
 */
export function mutationsOf(valid: unknown, values: Labeled[] = hostileValues()): Labeled[] {
  const out: Labeled[] = [];
  for (const path of fieldPaths(valid)) {
    const where = pathLabel(path);
    for (const { label, value } of values)
      out.push({
        label: `${where} = ${label}`,
        value: editAt(valid, path, (parent, key) => {
          parent[key] = value;
        }),
      });
    out.push({
      label: `${where} removed`,
      value: editAt(valid, path, (parent, key) => {
        if (Array.isArray(parent)) parent.splice(Number(key), 1);
        else delete parent[key];
      }),
    });
  }
  for (const path of containerPaths(valid)) {
    if (Array.isArray(getAt(valid, path))) continue;
    for (const key of ['__proto__', 'constructor', 'prototype', 'unexpectedField']) {
      const extra = (object: Record<string, unknown>) =>
        withOwnKey(key, { role: 'admin', polluted: true }, object) as Record<string, unknown>;
      out.push({
        label: `${pathLabel(path)} + ${key}`,
        value:
          path.length === 0
            ? extra(valid as Record<string, unknown>)
            : editAt(valid, path, (parent, k) => {
                parent[k] = extra(parent[k] as Record<string, unknown>);
              }),
      });
    }
  }
  return out;
}

/** `count` arbitrary inputs (JSON values and superjson-representable ones), the same for a seed. */
export function randomInputs(count: number, seed: number): Labeled[] {
  const arbitrary = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.anything({
      maxDepth: 3,
      withBigInt: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: false,
      withBoxedValues: false,
      withObjectString: false,
      withTypedArray: false,
      withSparseArray: false,
    }),
    fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })),
  );
  return fc.sample(arbitrary, { seed, numRuns: count }).map((value, i) => ({ label: `random #${i}`, value }));
}

/** `count` items drawn from `items` (with repeats), the same for a seed. */
export function sampleOf<T>(items: readonly T[], count: number, seed: number): T[] {
  if (items.length === 0) return [];
  return fc.sample(fc.constantFrom(...items), { seed, numRuns: count });
}

/** Every table's row count and an order-independent hash of its rows. */
export type TableSnapshot = ReadonlyMap<string, string>;

/** The application's tables (the `public` schema), so a table added later is covered too. */
export async function applicationTables(db: Executor): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select table_name as name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  return rows.map((r) => r.name);
}

/**
 * One query for every table: `count(*)` and the sum of a 64-bit hash of each row version's
 * physical address and creating transaction (`ctid`, `xmin`). Any committed insert, update or
 * delete changes one of the two — even an update that writes the same values — and the rows'
 * contents are never read, so the snapshot stays cheap however large the rows grow.
 */
export async function snapshotTables(db: Executor, tables: readonly string[]): Promise<TableSnapshot> {
  const parts = tables.map(
    (table) =>
      sql`select ${table} as name, count(*)::text || ':' || coalesce(sum(hashtextextended(t.ctid::text || '/' || t.xmin::text, 0)), 0)::text as digest from ${sql.identifier(table)} t`,
  );
  const rows = await queryRows<{ name: string; digest: string }>(db, sql.join(parts, sql` union all `));
  return new Map(rows.map((r) => [r.name, r.digest]));
}

/** The tables whose digest differs between two snapshots. */
export function changedTables(before: TableSnapshot, after: TableSnapshot): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name)).sort();
}

/**
 * The next transaction id the server will assign. Only a transaction that writes gets one, so
 * while it stays put nothing was inserted, updated or deleted anywhere (reading it assigns none).
 */
async function nextTransactionId(db: Executor): Promise<string> {
  const [row] = await queryRows<{ xid: string }>(
    db,
    sql`select pg_snapshot_xmax(pg_current_snapshot())::text as xid`,
  );
  return row!.xid;
}

/**
 * Tables whose purpose is to record refused requests too: the vault webhook writes one
 * `webhook_deliveries` row for every authenticated delivery, 400 and 409 included, for the admin
 * page. A refused call that writes only there has still changed nothing.
 */
export const REFUSAL_RECORD_TABLES: ReadonlySet<string> = new Set(['webhook_deliveries']);

/**
 * Watches the database across a sequence of calls and says which tables a refused call changed.
 * Per call it reads the transaction counter (cheap); only when that moved — an accepted call's
 * write, a refused call's rolled-back attempt, or another client — does it take a full snapshot,
 * which then both answers for a refused call and becomes the baseline for the next.
 */
export class WriteWatch {
  private constructor(
    private readonly db: Executor,
    private readonly tables: readonly string[],
    private clock: string,
    private snapshot: TableSnapshot,
  ) {}

  static async start(db: Executor): Promise<WriteWatch> {
    const tables = await applicationTables(db);
    const clock = await nextTransactionId(db);
    return new WriteWatch(db, tables, clock, await snapshotTables(db, tables));
  }

  get tableCount(): number {
    return this.tables.length;
  }

  /** After one call: the tables it changed if it was refused (else [] and a new baseline). */
  async after(refused: boolean): Promise<string[]> {
    const clock = await nextTransactionId(this.db);
    if (clock === this.clock) return [];
    this.clock = clock;
    const snapshot = await snapshotTables(this.db, this.tables);
    const changed = refused
      ? changedTables(this.snapshot, snapshot).filter((t) => !REFUSAL_RECORD_TABLES.has(t))
      : [];
    this.snapshot = snapshot;
    return changed;
  }
}

/** A short description of an input for a failure message (100 KB strings are not printed whole). */
export function describeInput(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 200)}… (${text.length} chars)` : text;
}
