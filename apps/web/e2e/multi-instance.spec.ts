import { writeFileSync } from 'node:fs';
import { CRON_STEP_NAMES, reconcileVault, verifyLedger } from '@bithedge/api';
import { openDatabase } from '@bithedge/db';
import { DEFAULT_TEST_DATABASE_URL, testDatabaseTargets } from '@bithedge/db/testing';
import { expect, test } from '@playwright/test';
import postgres from 'postgres';
import {
  DEPOSIT_BLOCKS,
  delivery,
  expected,
  FORK,
  PROVIDERS,
  PURCHASE_BLOCK,
  TIP,
  TOP_HEIGHT,
} from './chain-history';
import {
  createEmptyDatabase,
  freePort,
  type Instance,
  startFakeHermes,
  startInstance,
  waitHealthy,
} from './instances';

/*
 * Several instances, one PostgreSQL (issue 18): two production servers (`next start` of the
 * suite's build, NODE_ENV=production, no sandbox flags, no local chain) share one fresh database,
 * the way N instances behind a load balancer do. Chainhook deliveries — with duplicates sent to
 * both at once and a re-org — are split between them, every cron step is fired at both at once
 * in three rounds, and the end state is read straight from PostgreSQL.
 *
 * It runs twice, once per way of scheduling a deployment may choose (README, Deployment):
 * - SCHEDULER=internal on both (what the README recommends): the two in-process schedulers race
 *   each other for every slot from the moment both start, and the route calls race them;
 * - SCHEDULER=off on both (an outside cron, e.g. Vercel's, calling every instance): the route
 *   calls alone race for each slot, so each slot is claimed by exactly one of two concurrent calls.
 */

const WEBHOOK_SECRET = 'multi-instance-webhook-secret-0123';
const CRON_SECRET = 'multi-instance-cron-secret-012345';

type Body = ReturnType<typeof delivery>;
type CronResponse = { instance: string; step: string; status: number; body: Record<string, unknown> };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const printsIn = (body: Body) =>
  body.apply.reduce(
    (n, b) => n + b.transactions.reduce((m, t) => m + t.metadata.receipt.events.length, 0),
    0,
  );

/** What one run sends and what the instances answer. */
class Traffic {
  readonly figures = {
    webhookPosts: 0,
    webhookStatus: {} as Record<string, Record<number, number>>,
    retried409: 0,
    eventsSent: 0,
    newEvents: 0,
    duplicateEvents: 0,
    rolledBackEvents: 0,
    /** Deliveries answered 200 that changed nothing: every one of them a duplicate. */
    changedNothing: 0,
    cron: {} as Record<string, { ran: number; replayed: number; conflict: number; other: number }>,
  };
  readonly cronResponses: CronResponse[] = [];

  constructor(private readonly instances: [Instance, Instance]) {}

  /** One Chainhook delivery to one instance; a 409 is retried as Chainhook retries it. */
  async deliver(instance: Instance, body: Body): Promise<void> {
    const f = this.figures;
    for (let attempt = 1; ; attempt++) {
      f.webhookPosts++;
      const res = await fetch(`${instance.url}/api/webhooks/vault`, {
        method: 'POST',
        headers: { authorization: `Bearer ${WEBHOOK_SECRET}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const byStatus = f.webhookStatus[instance.name] ?? {};
      f.webhookStatus[instance.name] = byStatus;
      byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
      const text = await res.text();
      const json = (text.startsWith('{') ? JSON.parse(text) : { error: text }) as Record<string, number> & {
        error?: string;
      };
      if (res.status === 409 && attempt < 10) {
        f.retried409++;
        await sleep(100 * attempt);
        continue;
      }
      expect(res.status, `${instance.name}: ${json.error ?? ''}`).toBe(200);
      f.eventsSent += printsIn(body);
      f.newEvents += json.newEvents ?? 0;
      f.duplicateEvents += json.duplicateEvents ?? 0;
      f.rolledBackEvents += json.rolledBackEvents ?? 0;
      if (!json.newEvents && !json.rolledBackEvents) f.changedNothing++;
      return;
    }
  }

  /** The same delivery to both instances at the same moment (a retry racing the original). */
  toBoth(body: Body): Promise<unknown> {
    return Promise.all(this.instances.map((i) => this.deliver(i, body)));
  }

  /** Every cron step on both instances at once, as when a cron calls each of them. */
  async cronRound(): Promise<void> {
    await Promise.all(
      CRON_STEP_NAMES.flatMap((step) => this.instances.map((instance) => this.cronCall(instance, step))),
    );
  }

  private async cronCall(instance: Instance, step: string): Promise<void> {
    const res = await fetch(`${instance.url}/api/cron/${step}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${CRON_SECRET}` },
    });
    const body = (await res.json()) as Record<string, unknown>;
    this.cronResponses.push({ instance: instance.name, step, status: res.status, body });
    const tally = this.figures.cron[instance.name] ?? { ran: 0, replayed: 0, conflict: 0, other: 0 };
    this.figures.cron[instance.name] = tally;
    if (res.status === 200) tally[body.replayed ? 'replayed' : 'ran']++;
    else if (res.status === 409) tally.conflict++;
    else tally.other++;
  }

  /** The history, split between the instances, with three cron rounds running through it. */
  async drive(): Promise<void> {
    const [a, b] = this.instances;
    // The deposit blocks all at once: odd heights to a, even to b, every third to both (a retry
    // racing the original), and two overlapping multi-block redeliveries.
    const blocks = DEPOSIT_BLOCKS.map((d) => d.block);
    await Promise.all([
      this.cronRound(),
      ...blocks.map((block, i) =>
        (i + 1) % 3 === 0
          ? this.toBoth(delivery([block]))
          : this.deliver(i % 2 === 0 ? a : b, delivery([block])),
      ),
      this.deliver(b, delivery(blocks.slice(3, 6))),
      this.deliver(a, delivery(blocks.slice(5, 8))),
    ]);
    // The purchase needs the deposits' capacity, as on chain: it comes after them, to both at once.
    await this.toBoth(delivery([PURCHASE_BLOCK]));
    await this.toBoth(delivery([TIP.block]));
    // The re-org: the tip replaced, a block on top of the fork; to both at once, with a cron round.
    const reorg = delivery(
      FORK.map((f) => f.block),
      [TIP.block],
    );
    await Promise.all([this.cronRound(), this.toBoth(reorg)]);
    // Chainhook redelivering old payloads later: nothing changes.
    await Promise.all([
      this.deliver(b, delivery(blocks.slice(0, 2))),
      this.deliver(a, reorg),
      this.cronRound(),
    ]);
  }
}

for (const scheduler of ['internal', 'off'] as const) {
  test(`two production instances on one PostgreSQL (SCHEDULER=${scheduler}) apply each event once and run each slot once`, async () => {
    test.setTimeout(180_000);
    // Skipped only when no PostgreSQL answers, and never under CI=true (testDatabaseTargets throws).
    const target = (await testDatabaseTargets()).find((t) => t.driver === 'postgres');
    test.skip(target?.skipReason !== undefined, target?.skipReason);
    await runTwoInstances(scheduler);
  });
}

async function runTwoInstances(scheduler: 'internal' | 'off'): Promise<void> {
  const started = Date.now();
  const database = await createEmptyDatabase(process.env.TEST_DATABASE_URL ?? DEFAULT_TEST_DATABASE_URL);
  const hermes = await startFakeHermes();
  const instances: Instance[] = [];
  try {
    const env = {
      DATABASE_URL: database.url,
      STACKS_NETWORK: 'devnet',
      // Both answer for the load balancer's origin (what sign-in messages name).
      APP_URL: 'https://bithedge-lb.test',
      VAULT_WEBHOOK_SECRET: WEBHOOK_SECRET,
      CRON_SECRET,
      SCHEDULER: scheduler,
      // A production server refuses the simulated feed: Pyth, here a stand-in for Hermes.
      PRICE_FEED: 'pyth',
      PYTH_HERMES_URL: hermes.url,
      PYTH_API_KEY: 'multi-instance-test-key',
      NEXT_TELEMETRY_DISABLED: '1',
    };
    // Started together: they race to migrate, seed and (internal) claim the first slots.
    for (const name of ['instance-a', 'instance-b'])
      instances.push(startInstance(name, await freePort(), env));
    await Promise.all(instances.map((i) => waitHealthy(i, 120_000)));
    const ready = Date.now();

    const traffic = new Traffic(instances as [Instance, Instance]);
    await traffic.drive();
    const trafficDone = Date.now();

    const checks = await checkDatabase(database.url, traffic, scheduler);
    const report = {
      scheduler,
      ...traffic.figures,
      ...checks,
      hermesRequests: hermes.requests(),
      startupMs: ready - started,
      trafficMs: trafficDone - ready,
      checksMs: Date.now() - trafficDone,
    };
    console.log(`multi-instance figures (SCHEDULER=${scheduler}): ${JSON.stringify(report, null, 2)}`);
    writeFileSync(test.info().outputPath('multi-instance.json'), JSON.stringify(report, null, 2));
  } catch (error) {
    for (const i of instances) console.error(`--- ${i.name} output ---\n${i.output()}`);
    throw error;
  } finally {
    await Promise.all(instances.map((i) => i.stop()));
    await hermes.close();
    await database.drop();
  }
}

/** The end state, read from PostgreSQL; asserts as it goes and returns the figures it read. */
async function checkDatabase(url: string, traffic: Traffic, scheduler: 'internal' | 'off') {
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  const handle = await openDatabase({ url, migrate: false, maxConnections: 2 });
  try {
    const ingestion = await checkIngestion(sql, traffic.figures);
    const ledger = await checkLedger(sql, handle.db);
    const runs = await checkRuns(sql, traffic.cronResponses, scheduler);
    return { ingestion, ledger, runs };
  } finally {
    await handle.close();
    await sql.end({ timeout: 5 });
  }
}

type Sql = ReturnType<typeof postgres>;

async function checkIngestion(sql: Sql, figures: Traffic['figures']) {
  // Every event stored once, and applied once: the servers' summaries add up to exactly that.
  expect(figures.newEvents).toBe(expected.events);
  expect(figures.rolledBackEvents).toBe(expected.rolledBackEvents);
  expect(figures.duplicateEvents).toBe(figures.eventsSent - expected.events);
  const [events] = await sql`select count(*)::int as total,
      count(*) filter (where status = 'APPLIED')::int as applied,
      count(*) filter (where status = 'ROLLED_BACK')::int as rolled_back,
      count(distinct (tx_id, event_index, block_hash))::int as distinct_events
    from chain_events`;
  expect(events).toEqual({
    total: expected.events,
    applied: expected.events - expected.rolledBackEvents,
    rolled_back: expected.rolledBackEvents,
    distinct_events: expected.events,
  });
  const blocks = await sql`select height, hash, status::text from chain_blocks order by height, status`;
  const applied = blocks.filter((b) => b.status === 'APPLIED');
  expect(applied.map((b) => b.height)).toEqual(Array.from({ length: TOP_HEIGHT }, (_, i) => i + 1));
  expect(blocks.find((b) => b.hash === TIP.block.block_identifier.hash)?.status).toBe('ROLLED_BACK');
  for (const f of FORK) expect(applied.some((b) => b.hash === f.block.block_identifier.hash)).toBe(true);
  const alerts = await sql`select kind from admin_alerts where kind = 'policy-unallocated'`;
  expect(alerts).toHaveLength(0);
  const [policy] =
    await sql`select status::text, collateral_amount::text from policies where onchain_id = '1'`;
  expect(policy).toEqual({ status: 'ACTIVE', collateral_amount: expected.collateral.toString() });
  return { chainEvents: events, appliedBlocks: applied.length, blocks: blocks.length };
}

async function checkLedger(sql: Sql, db: Parameters<typeof verifyLedger>[0]) {
  const entries =
    await sql`select type::text, count(*)::int as n, count(distinct idempotency_key)::int as keys
    from ledger_history group by type order by type`;
  for (const e of entries) expect(e.n, `${e.type} entries with one key each`).toBe(e.keys);
  const ofType = (type: string) => entries.find((e) => e.type === type)?.n ?? 0;
  expect(ofType('DEPOSIT')).toBe(expected.depositEntries);
  // The rolled-back tip's deposits, reversed once each.
  expect(ofType('DEPOSIT_REVERSAL')).toBe(expected.rolledBackEvents);
  const balances = await sql`select p.principal, b.total_deposited::text as deposited,
      (b.available + b.locked)::text as capital, b.locked::text as locked
    from provider_balances b join providers p on p.id = b.provider_id where b.token = 'STX'`;
  for (const provider of PROVIDERS) {
    const row = balances.find((b) => b.principal === provider);
    const deposited = expected.depositedByProvider.get(provider)?.toString();
    expect(row?.deposited, `${provider} deposited`).toBe(deposited);
    expect(row?.capital, `${provider} capital`).toBe(deposited);
  }
  expect(balances.reduce((s, b) => s + BigInt(b.locked), 0n)).toBe(expected.collateral);
  expect(await verifyLedger(db)).toEqual([]);
  const reconciliation = await reconcileVault(db, expected.vault);
  expect(reconciliation.tokens.filter((t) => !t.equal)).toEqual([]);
  expect(reconciliation.reconciled).toBe(true);
  return {
    entries: Object.fromEntries(entries.map((e) => [e.type, e.n])),
    reconciliation: reconciliation.tokens.map((t) => ({
      token: t.token,
      vault: `${t.vault.balance}/${t.vault.locked}`,
      mirror: `${t.mirror.balance}/${t.mirror.locked}`,
      ledger: `${t.ledger.balance}/${t.ledger.locked}`,
      equal: t.equal,
    })),
  };
}

async function checkRuns(sql: Sql, cronResponses: CronResponse[], scheduler: 'internal' | 'off') {
  const runs = await sql`select id::text, step, slot, trigger, instance, finished_at, error from job_runs`;
  const perSlot = new Map<string, number>();
  for (const r of runs) {
    const key = `${r.step}@${(r.slot as Date).toISOString()}`;
    perSlot.set(key, (perSlot.get(key) ?? 0) + 1);
  }
  expect([...perSlot].filter(([, n]) => n > 1)).toEqual([]);
  for (const step of CRON_STEP_NAMES)
    expect(
      runs.some((r) => r.step === step),
      `${step} ran`,
    ).toBe(true);
  expect(runs.filter((r) => r.finished_at === null || r.error !== null)).toEqual([]);
  // Every call got the slot's one run: ran it (200), its recorded result (200, replayed), or
  // 409 while another instance was still running it — never a second run, never a 500.
  for (const r of cronResponses) {
    expect([200, 409], `${r.instance} ${r.step}: ${JSON.stringify(r.body)}`).toContain(r.status);
    if (r.status === 409) expect(r.body.error).toMatch(/being run by another instance|still in progress/);
    const row = runs.find((run) => run.id === r.body.run);
    expect(row, `${r.step}: the run the response names`).toBeDefined();
    if (r.status === 200 && !r.body.replayed) expect(row?.trigger).toBe('route');
  }
  const ranByRoute = cronResponses.filter((r) => r.status === 200 && !r.body.replayed).map((r) => r.body.run);
  expect(new Set(ranByRoute).size).toBe(ranByRoute.length);
  // With no scheduler every run is one of the concurrent calls' — exactly one per slot.
  if (scheduler === 'off') {
    expect(runs.every((r) => r.trigger === 'route')).toBe(true);
    expect(ranByRoute.length).toBe(runs.length);
  }
  const tally = (key: 'trigger' | 'instance') => {
    const counts: Record<string, number> = {};
    for (const r of runs) counts[r[key]] = (counts[r[key]] ?? 0) + 1;
    return counts;
  };
  return {
    jobRuns: runs.length,
    slots: perSlot.size,
    byTrigger: tally('trigger'),
    byInstance: tally('instance'),
    cronCalls: cronResponses.length,
  };
}
