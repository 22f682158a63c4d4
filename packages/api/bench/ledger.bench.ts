/**
 * Ledger throughput on the real PostgreSQL server, next to what the server itself does: in each
 * round, pgbench's TPC-B (scale 10, 16 clients, 2 threads) and then our ledger operations with 16
 * concurrent clients for the same time, so the ratio compares the two on the same machine under
 * the same load. Then the time to lock one policy's collateral across 50, 1,000 and 10,000
 * providers. The 10,000-provider lock is one `ledger_steps` row; next to it, the same lock written
 * as 10,000 per-provider entries and that layout's floor (the same rows by one plain SQL statement).
 * It also prints the CPU each ledger operation costs this process and the server, which drifts less
 * than time.
 * Run: pnpm --filter @bithedge/api bench (needs TEST_DATABASE_URL or PostgreSQL on 127.0.0.1, and
 * pgbench on the PATH). LEDGER_BENCH_ROUNDS (default 3) and LEDGER_BENCH_SECONDS (default 10).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { type Database, providerBalances, providers } from '@bithedge/db';
import { DEFAULT_TEST_DATABASE_URL, openFreshPostgres } from '@bithedge/db/testing';
import { sql } from 'drizzle-orm';
import {
  applyEntries,
  deposit,
  lockCollateral,
  policyEntries,
  requestWithdrawal,
  verifyLedger,
} from '../src/services/ledger/index.js';
import { insertTestPolicies } from '../src/test/policies.js';
import { serverCpuMs } from './cpu-time.js';

const url = process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL;
const ROUNDS = Number(process.env.LEDGER_BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.LEDGER_BENCH_SECONDS ?? 10);
const CLIENTS = 16;
const PGBENCH_DB = 'bithedge_pgbench';
const run = promisify(execFile);

/** pgbench's connection options for the server at `url`, on database `name`. */
function pgbenchTarget(name: string): string[] {
  const u = new URL(url);
  return ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres'), name];
}
const pgbenchEnv = { ...process.env, PGPASSWORD: decodeURIComponent(new URL(url).password) };

/** Creates the scratch database and fills it at scale 10 (`pgbench -i -s 10`). */
async function initPgbench(db: Database): Promise<void> {
  await dropPgbench(db);
  await db.execute(sql.raw(`create database ${PGBENCH_DB}`));
  await run('pgbench', ['-i', '-s', '10', '-q', ...pgbenchTarget(PGBENCH_DB)], { env: pgbenchEnv });
}

async function dropPgbench(db: Database): Promise<void> {
  await db.execute(sql.raw(`drop database if exists ${PGBENCH_DB} with (force)`));
}

/** TPC-B transactions a second: `pgbench -c 16 -j 2 -T <seconds>`. */
async function pgbenchTps(): Promise<number> {
  const { stdout } = await run(
    'pgbench',
    ['-c', String(CLIENTS), '-j', '2', '-T', String(SECONDS), ...pgbenchTarget(PGBENCH_DB)],
    { env: pgbenchEnv },
  );
  const tps = /tps = ([\d.]+)/.exec(stdout);
  if (!tps) throw new Error(`pgbench printed no tps:\n${stdout}`);
  return Number(tps[1]);
}

/**
 * Ledger operations with 16 concurrent clients for SECONDS: each client works on its own provider,
 * one deposit then two withdrawal requests, round after round. Each operation is one ledger
 * transaction, as each TPC-B transaction is one. Returns how many ran and the rate.
 */
async function ledgerOps(
  db: Database,
  round: number | 'warm-up',
  seconds = SECONDS,
): Promise<{ ops: number; opsPerSecond: number }> {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  const counts = await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      const principal = `STBENCHCLIENT${c}`;
      let i = 0;
      for (; performance.now() < deadline; i++) {
        if (i % 3 === 0)
          await deposit(db, {
            principal,
            tier: 'balanced',
            token: 'STX',
            amount: 1_000_000n,
            chainTxId: `0xb${round}-${c}-${i}`,
            chainEventIndex: 0,
          });
        else
          await requestWithdrawal(db, {
            principal,
            token: 'STX',
            amount: 1_000n,
            requestId: `bw-${round}-${c}-${i}`,
          });
      }
      return i;
    }),
  );
  const ops = counts.reduce((s, n) => s + n, 0);
  return { ops, opsPerSecond: ops / ((performance.now() - started) / 1000) };
}

/** `n` providers with 100 STX each (and their DEPOSIT entries, so verifyLedger stays meaningful). */
async function seedProviders(db: Database, n: number): Promise<number[]> {
  const prefix = `STBENCHLOCK${n}-`;
  await db.execute(sql`
    insert into providers (principal, tier) select ${prefix} || g, 'balanced' from generate_series(1, ${n}) g`);
  await db.execute(sql`
    insert into provider_balances (provider_id, token, available, total_deposited)
    select id, 'STX', 100000000, 100000000 from providers where principal like ${`${prefix}%`}`);
  await db.execute(sql`
    insert into ledger_entries (provider_id, token, type, amount, available_delta, total_deposited_delta, idempotency_key)
    select id, 'STX', 'DEPOSIT', 100000000, 100000000, 100000000, 'bench-seed:' || id from providers where principal like ${`${prefix}%`}`);
  await db.execute(sql`analyze providers, provider_balances, ledger_entries`);
  return (
    await db
      .select({ id: providers.id })
      .from(providers)
      .where(sql`${providers.principal} like ${`${prefix}%`}`)
  ).map((r) => r.id);
}

/**
 * Milliseconds to lock a new policy's collateral (1 STX each) across these providers: one
 * operation, as `lockCollateral` writes it (one step row from WIDE_STEP_PROVIDERS on) or, `asEntries`,
 * as one entry per provider (how every lock was written before).
 */
async function lockAcross(db: Database, ids: readonly number[], asEntries = false): Promise<number> {
  const [policyId] = await insertTestPolicies(db, 1);
  const input = {
    policyId: policyId!,
    token: 'STX' as const,
    parts: ids.map((providerId) => ({ providerId, amount: 1_000_000n })),
  };
  const t0 = performance.now();
  await (asEntries ? applyEntries(db, policyEntries('LOCK', input)) : lockCollateral(db, input));
  return performance.now() - t0;
}

/**
 * The floor under such a lock, in the same round: the same rows written by one plain statement
 * built in SQL — 10,000 LOCK entries inserted (same columns and indexes) and the 10,000 balance rows
 * updated by them, committed — without parameters, checks, refusals or an answer.
 */
async function floorAcross(db: Database, n: number): Promise<number> {
  const [policyId] = await insertTestPolicies(db, 1);
  const t0 = performance.now();
  await db.execute(sql`
    with e as (
      insert into ledger_entries (provider_id, token, type, amount, policy_id, available_delta, locked_delta, idempotency_key)
      select id, 'STX', 'LOCK', 1000000, ${policyId}, -1000000, 1000000, 'floor:' || ${policyId} || ':' || id
      from providers where principal like ${`STBENCHLOCK${n}-%`}
      returning provider_id)
    update provider_balances b set available = b.available - 1000000, locked = b.locked + 1000000, updated_at = now()
    from e where b.provider_id = e.provider_id and b.token = 'STX'`);
  return performance.now() - t0;
}

/** `ledgerOps` with the CPU each operation cost this process and the server, in microseconds. */
async function ledgerOpsWithCpu(db: Database, round: number) {
  const node0 = process.cpuUsage();
  const server0 = serverCpuMs();
  const { ops, opsPerSecond } = await ledgerOps(db, round);
  const node = process.cpuUsage(node0);
  const server1 = serverCpuMs();
  return {
    opsPerSecond,
    nodeUs: (node.user + node.system) / ops,
    serverUs: server0 === undefined || server1 === undefined ? null : ((server1 - server0) * 1000) / ops,
  };
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

const handle = await openFreshPostgres(url, 20);
const { db } = handle;
const rounds: {
  pgbench: number;
  ours: number;
  nodeUs: number;
  serverUs: number | null;
  lock10k: number;
  entries10k: number;
  floor10k: number;
}[] = [];
let lock1k = 0;
let lock50 = 0;
try {
  await initPgbench(db);
  const fifty = await seedProviders(db, 50);
  const thousand = await seedProviders(db, 1_000);
  const tenThousand = await seedProviders(db, 10_000);
  // A policy has at most 50 backers (L5): what ingestion writes for a real purchase. Median of 5.
  const fiftyLocks: number[] = [];
  for (let i = 0; i < 5; i++) fiftyLocks.push(await lockAcross(db, fifty));
  lock50 = median(fiftyLocks);
  lock1k = await lockAcross(db, thousand);
  // pgbench reports "without initial connection time": open our pool (and warm its prepared
  // statements) before measuring too.
  await ledgerOps(db, 'warm-up', 2);
  for (let round = 0; round < ROUNDS; round++) {
    // Each measurement starts right after a checkpoint, so neither pays for the other's dirty
    // pages (the first round otherwise inherits pgbench's initial load).
    await db.execute(sql`checkpoint`);
    const pgbench = await pgbenchTps();
    await db.execute(sql`checkpoint`);
    const { opsPerSecond: ours, nodeUs, serverUs } = await ledgerOpsWithCpu(db, round);
    // Each the median of three: one lock on this 2-core machine varies by ±30% from run to run.
    const lock10k = median([
      await lockAcross(db, tenThousand),
      await lockAcross(db, tenThousand),
      await lockAcross(db, tenThousand),
    ]);
    const entries10k = median([
      await lockAcross(db, tenThousand, true),
      await lockAcross(db, tenThousand, true),
      await lockAcross(db, tenThousand, true),
    ]);
    const floor10k = median([
      await floorAcross(db, tenThousand.length),
      await floorAcross(db, tenThousand.length),
      await floorAcross(db, tenThousand.length),
    ]);
    rounds.push({ pgbench, ours, nodeUs, serverUs, lock10k, entries10k, floor10k });
    console.log(
      `round ${round + 1}: pgbench ${fmt(pgbench)} tps, ours ${fmt(ours)} ops/s, ratio ${(ours / pgbench).toFixed(2)}, lock 10k ${lock10k.toFixed(0)} ms (as entries ${entries10k.toFixed(0)} ms, their floor ${floor10k.toFixed(0)} ms)`,
    );
  }
} finally {
  await dropPgbench(db);
}
const violations = await verifyLedger(db);
const balances = await db.$count(providerBalances);
await handle.close();

const ratios = rounds.map((r) => r.ours / r.pgbench);
console.log(
  `\n| ledger benchmark (PostgreSQL, ${CLIENTS} clients, ${SECONDS} s a round, median of ${ROUNDS}) | result |`,
);
console.log('|---|---:|');
console.log(`| pgbench TPC-B (-s 10 -c 16 -j 2) | ${fmt(median(rounds.map((r) => r.pgbench)))} tps |`);
console.log(
  `| ledger operations (1/3 deposits, 2/3 withdrawal requests) | ${fmt(median(rounds.map((r) => r.ours)))} ops/s |`,
);
console.log(`| ratio ours / pgbench (same round) | ${median(ratios).toFixed(2)} |`);
const serverUs = rounds.map((r) => r.serverUs).filter((us) => us !== null);
console.log(
  `| CPU per ledger operation: this process / PostgreSQL | ${median(rounds.map((r) => r.nodeUs)).toFixed(0)} µs / ${serverUs.length > 0 ? `${median(serverUs).toFixed(0)} µs` : 'n/a'} |`,
);
console.log(
  `| lock one policy across 50 providers (the most a policy has, L5; median of 5) | ${lock50.toFixed(1)} ms |`,
);
console.log(`| lock one policy across 1,000 providers (one operation) | ${lock1k.toFixed(0)} ms |`);
console.log(
  `| lock one policy across 10,000 providers (one operation) | ${median(rounds.map((r) => r.lock10k)).toFixed(0)} ms |`,
);
console.log(
  `| the same lock as 10,000 per-provider entries (applyEntries; the layout before ledger_steps) | ${median(rounds.map((r) => r.entries10k)).toFixed(0)} ms |`,
);
console.log(
  `| floor of per-provider entries: the 10,000 entries and balance updates as one plain SQL statement | ${median(rounds.map((r) => r.floor10k)).toFixed(0)} ms |`,
);
console.log(
  `| verifyLedger over ${balances.toLocaleString('en-US')} balances afterwards | ${violations.length} violations |`,
);
if (violations.length > 0) process.exit(1);
