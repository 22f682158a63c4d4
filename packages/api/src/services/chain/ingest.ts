import {
  type ChainBlock,
  type ContractEvent,
  decodeContractEvent,
  type PrintEvent,
  parseChainDelivery,
  printEventsOf,
} from '@bithedge/contracts';
import {
  chainBlocks,
  chainEvents,
  type Executor,
  poolMetrics,
  providers,
  queryRows,
  TOKENS,
  type Token,
} from '@bithedge/db';
import { and, eq, sql } from 'drizzle-orm';
import { ZodError } from 'zod';
import { AppError } from '../../errors';
import { raiseAdminAlert } from '../admin';
import { chainEventHistory, deposit, reverseChainEvent } from '../ledger';
import { restoreCancelAfterRollback } from '../liquidity';
import { commitProviderQuoteForDeposit, uncommitProviderQuotes } from '../quotes';
import { applyChainEventEffects, rollbackChainEventEffects, trustedDeposit } from './apply-event';

interface DecodedEvent extends PrintEvent {
  event: ContractEvent;
  /** Why the event cannot be applied (a value beyond the ledger's columns): stored, alerted, skipped. */
  quarantine?: string | undefined;
}

interface DecodedBlock {
  hash: string;
  height: number;
  parentHash?: string | undefined;
  events: DecodedEvent[];
}

export interface IngestionResult {
  appliedBlocks: number;
  rolledBackBlocks: number;
  /** Events stored for the first time. */
  newEvents: number;
  /** Events already stored for the same (tx, index, block): a redelivery. */
  duplicateEvents: number;
  /** Rolled-back events. */
  rolledBackEvents: number;
  /** Events stored as QUARANTINED (not applied, an admin alert written). */
  quarantinedEvents: number;
}

const INT64_MAX = 2n ** 63n - 1n;
const INT32_MAX = 2n ** 31n - 1n;

/**
 * L3: Clarity uints go up to 2^128−1, the ledger's amount columns are int64 and a policy's
 * expiration height int32. Rather than widen every balance column, an event with a value beyond
 * them is quarantined: it cannot be a real STX or sBTC amount (their supplies fit int64 many times
 * over), so it is stored and alerted, never applied — the ledger stays exact and ingestion goes
 * on. (A policy id is stored as numeric(39,0) and needs no bound.)
 */
function outOfRange(event: ContractEvent): string | undefined {
  for (const [field, value] of Object.entries(event)) {
    if (typeof value !== 'bigint' || field === 'policy-id') continue;
    const max = field === 'expiration-height' ? INT32_MAX : INT64_MAX;
    if (value > max) return `${field} ${value} exceeds ${max}`;
  }
  return undefined;
}

// jsonb cannot hold bigint: amounts are stored as decimal strings and summed as numeric.
const jsonSafe = (event: ContractEvent) =>
  JSON.parse(JSON.stringify(event, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))) as Record<
    string,
    unknown
  >;

function decodeBlocks(blocks: ChainBlock[], contracts: ReadonlySet<string>): DecodedBlock[] {
  return blocks.map((block) => ({
    hash: block.hash,
    height: block.height,
    parentHash: block.parentHash,
    events: printEventsOf(block, contracts).map((e) => {
      try {
        const event = decodeContractEvent(e.rawValue);
        return { ...e, event, quarantine: outOfRange(event) };
      } catch (error) {
        const reason =
          error instanceof ZodError
            ? error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
            : String(error);
        throw new AppError(
          'BAD_REQUEST',
          `Event ${e.txId}#${e.eventIndex} in block ${e.blockHash} is not a vault or registry event: ${reason}`,
        );
      }
    }),
  }));
}

/** What a delivery must say about itself to be accepted (M7); each check only when configured. */
export interface DeliveryExpectations {
  /** The configured Stacks network; a delivery naming another one is refused. */
  network?: string | undefined;
  /** The chainhook registered for this deployment; a delivery from any other is refused. */
  chainhookUuid?: string | undefined;
}

/**
 * Validates a Chainhook delivery (self-hosted v1 or hosted 2.0 shape) completely before writing
 * anything: a malformed payload, a malformed event of our contracts, a delivery from another
 * network or chainhook is a BAD_REQUEST and nothing is applied. Other contracts' events are
 * ignored, whatever their shape.
 */
export function parseChainhookDelivery(
  body: unknown,
  contracts: ReadonlySet<string>,
  expected: DeliveryExpectations = {},
): { apply: DecodedBlock[]; rollback: DecodedBlock[] } {
  const parsed = parseChainDelivery(body, contracts);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'BAD_REQUEST',
      `Malformed Chainhook payload at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  const { network, chainhookUuid } = parsed.data;
  if (expected.network && network !== undefined && network !== expected.network)
    throw new AppError(
      'BAD_REQUEST',
      `Delivery is for network ${network}, this server runs on ${expected.network}`,
    );
  if (expected.chainhookUuid && chainhookUuid !== expected.chainhookUuid)
    throw new AppError(
      'BAD_REQUEST',
      `Delivery is from chainhook ${chainhookUuid ?? '(none)'}, not the configured one`,
    );
  return {
    apply: decodeBlocks(parsed.data.apply, contracts),
    rollback: decodeBlocks(parsed.data.rollback, contracts),
  };
}

/**
 * Stores a delivery in the `chain_events` inbox, keyed by (tx id, event index, block hash): rolled
 * back blocks first (their events are marked ROLLED_BACK), then applied blocks, one transaction per
 * block. A redelivered block changes nothing; a block re-applied after its rollback is applied
 * again. `pool_metrics` is then recomputed from the applied events, so the order deliveries
 * arrive in does not matter.
 */
export async function ingestChainhookDelivery(
  db: Executor,
  delivery: { apply: DecodedBlock[]; rollback: DecodedBlock[] },
  now = new Date(),
): Promise<IngestionResult> {
  const result: IngestionResult = {
    appliedBlocks: 0,
    rolledBackBlocks: 0,
    newEvents: 0,
    duplicateEvents: 0,
    rolledBackEvents: 0,
    quarantinedEvents: 0,
  };
  for (const block of delivery.rollback) await rollbackBlock(db, block, now, result);
  for (const block of delivery.apply) await applyBlock(db, block, now, result);
  return result;
}

/**
 * Undoes one rolled-back block in its own transaction: its applied events are marked ROLLED_BACK
 * and undone, and their amounts taken off `pool_metrics`. A block that is not the applied one
 * (a stale rollback) undoes nothing.
 */
async function rollbackBlock(db: Executor, block: DecodedBlock, now: Date, result: IngestionResult) {
  // A retried attempt (see retryTransient) counts from where this block started.
  const counted = { ...result };
  await retryTransient(block, () =>
    db.transaction(async (tx) => {
      Object.assign(result, counted);
      await oneBlockAtATime(tx);
      await rollbackInTransaction(tx, block, now, result);
    }),
  );
}

/** The rollback itself, inside the block's transaction. */
async function rollbackInTransaction(tx: Executor, block: DecodedBlock, now: Date, result: IngestionResult) {
  if (!(await releaseBlock(tx, block, now))) return;
  const rows = await markEventsRolledBack(tx, block, now);
  result.rolledBackEvents += rows.length;
  const totals = new VaultTotalsDelta();
  // Last applied, first undone: a block's later events may build on its earlier ones.
  for (const row of rows.sort((a, b) => (a.id < b.id ? 1 : -1))) {
    totals.add(row.payload, -1n);
    await undoEvent(tx, row, now);
  }
  result.rolledBackBlocks++;
  await updatePoolMetrics(tx, totals);
}

interface RolledBackEvent {
  id: bigint;
  txId: string;
  eventIndex: number;
  blockHash: string;
  payload: Record<string, unknown>;
}

/** Marks the block's applied events ROLLED_BACK and returns them. */
async function markEventsRolledBack(
  tx: Executor,
  block: DecodedBlock,
  now: Date,
): Promise<RolledBackEvent[]> {
  const rows = await tx
    .update(chainEvents)
    .set({ status: 'ROLLED_BACK', rolledBackAt: now })
    .where(and(eq(chainEvents.blockHash, block.hash), eq(chainEvents.status, 'APPLIED')))
    .returning({
      id: chainEvents.id,
      txId: chainEvents.txId,
      eventIndex: chainEvents.eventIndex,
      blockHash: chainEvents.blockHash,
      payload: chainEvents.payload,
    });
  return rows.map((row) => ({ ...row, payload: row.payload as Record<string, unknown> }));
}

/**
 * Undoes what one event did: the ledger entries it caused are reversed (a withdrawal's reversal
 * gives its cancelled request back), its effects on policies undone, and a deposit's tier choice
 * re-derived.
 */
async function undoEvent(tx: Executor, row: RolledBackEvent, now: Date): Promise<void> {
  const reversed = await reverseChainEvent(tx, {
    txId: row.txId,
    eventIndex: row.eventIndex,
    blockHash: row.blockHash,
  });
  await restoreCancelAfterRollback(tx, reversed.entries);
  await rollbackChainEventEffects(tx, row.payload, now);
  if (row.payload.event === 'deposit') {
    await refreshProviderTier(tx, String(row.payload.provider));
    await uncommitProviderQuotes(tx, row.txId);
  }
}

/**
 * Applies one block in its own transaction: claims its height (S1), stores each event and applies
 * the new ones, and adds their amounts to `pool_metrics`.
 */
async function applyBlock(db: Executor, block: DecodedBlock, now: Date, result: IngestionResult) {
  // A retried attempt (see concurrentClaimAsConflict) counts from where this block started.
  const counted = { ...result };
  await retryTransient(block, () =>
    concurrentClaimAsConflict(block, () =>
      db.transaction(async (tx) => {
        Object.assign(result, counted);
        await oneBlockAtATime(tx);
        await claimBlock(tx, block, now);
        const totals = new VaultTotalsDelta();
        for (const e of block.events) {
          const outcome = await ingestEvent(tx, e, now);
          result[OUTCOME_COUNTER[outcome]]++;
          if (outcome === 'new') totals.add(e.event, 1n);
        }
        result.appliedBlocks++;
        await updatePoolMetrics(tx, totals);
      }),
    ),
  );
}

/**
 * Blocks are applied and rolled back one at a time across every instance sharing the database:
 * each block's transaction first takes this transaction-scoped advisory lock. Concurrent
 * deliveries (Chainhook's retries, several instances behind a load balancer) would otherwise take
 * row locks in their events' order — two blocks depositing for the same providers in opposite
 * orders deadlock on the providers' key or their balance rows. The chain is a sequence anyway,
 * and a block's transaction takes milliseconds; the lock is released at its commit or rollback.
 */
async function oneBlockAtATime(tx: Executor): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('bithedge:chain-ingestion'))`);
}

/** PostgreSQL's deadlock and serialization failure: the transaction was rolled back whole. */
const TRANSIENT_SQLSTATES = new Set(['40P01', '40001']);
const TRANSIENT_ATTEMPTS = 4;

/**
 * Runs a block's transaction again when PostgreSQL aborted it as a deadlock victim. Blocks do not
 * deadlock each other (`oneBlockAtATime`), but a block still shares provider rows with other
 * writers (the operator's pass, a provider's withdrawal request); the victim wrote nothing, so
 * running it again, after a short random pause, is the remedy. Still losing after a few attempts,
 * it is an INVALID_STATE (the webhook's 409) for Chainhook to retry, never a 500.
 */
async function retryTransient(block: DecodedBlock, run: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await run();
      return;
    } catch (error) {
      const state = sqlState(error);
      if (!state || !TRANSIENT_SQLSTATES.has(state)) throw error;
      if (attempt >= TRANSIENT_ATTEMPTS)
        throw new AppError(
          'INVALID_STATE',
          `Block ${block.hash} at height ${block.height} was aborted ${attempt} times by concurrent deliveries (${state}); deliver it again`,
        );
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}

/** The SQLSTATE of a database error, or of its cause (drizzle wraps the driver's error). */
function sqlState(error: unknown): string | undefined {
  for (let e = error; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause) {
    const { code } = e as Record<string, unknown>;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

type EventOutcome = 'new' | 'duplicate' | 'quarantined';

const OUTCOME_COUNTER = {
  new: 'newEvents',
  duplicate: 'duplicateEvents',
  quarantined: 'quarantinedEvents',
} as const satisfies Record<EventOutcome, keyof IngestionResult>;

/**
 * Stores one event of an applied block and applies it when it is new — or back after its block's
 * rollback. A stored event (a redelivery) is a duplicate; an out-of-range one is quarantined.
 */
async function ingestEvent(tx: Executor, e: DecodedEvent, now: Date): Promise<EventOutcome> {
  if (e.quarantine) return (await quarantineEvent(tx, e, e.quarantine, now)) ? 'quarantined' : 'duplicate';
  if (await recordEvent(tx, e, 'APPLIED', now)) {
    await applyEvent(tx, e, 'first', now);
    return 'new';
  }
  if (!(await markEventReapplied(tx, e, now))) return 'duplicate';
  // The block came back after its rollback: its deposit is recorded again, as a new cycle.
  await applyEvent(tx, e, 'again', now);
  return 'new';
}

/** Marks a ROLLED_BACK event APPLIED again; false when it is not rolled back (a redelivery). */
async function markEventReapplied(tx: Executor, e: DecodedEvent, now: Date): Promise<boolean> {
  const reapplied = await tx
    .update(chainEvents)
    .set({ status: 'APPLIED', appliedAt: now, rolledBackAt: null })
    .where(
      and(
        eq(chainEvents.txId, e.txId),
        eq(chainEvents.eventIndex, e.eventIndex),
        eq(chainEvents.blockHash, e.blockHash),
        eq(chainEvents.status, 'ROLLED_BACK'),
      ),
    )
    .returning({ id: chainEvents.id });
  return reapplied.length > 0;
}

/**
 * S1 under concurrency: two deliveries racing to apply blocks at one height both pass
 * `claimBlock`'s check, and the loser trips the one-applied-block-per-height index. The loser runs
 * once more, now seeing the winner's block: a copy of the same block is then a duplicate (no-op),
 * a different block the same refusal as without the race (409, it wrote nothing) — never a 500.
 */
async function concurrentClaimAsConflict(block: DecodedBlock, run: () => Promise<void>): Promise<void> {
  try {
    await run();
    return;
  } catch (error) {
    if (!violates(error, 'chain_blocks_applied_height_idx')) throw error;
  }
  try {
    await run();
  } catch (error) {
    if (violates(error, 'chain_blocks_applied_height_idx'))
      throw new AppError(
        'INVALID_STATE',
        `Block ${block.hash} at height ${block.height} conflicts with a block applied at that height meanwhile`,
      );
    throw error;
  }
}

/** Whether a database error (or its cause, as drizzle wraps it) is a unique violation of `constraint`. */
function violates(error: unknown, constraint: string): boolean {
  for (let e = error; typeof e === 'object' && e !== null; e = (e as { cause?: unknown }).cause) {
    const { code, constraint_name, constraint: name } = e as Record<string, unknown>;
    if (code === '23505' && (constraint_name === constraint || name === constraint)) return true;
  }
  return false;
}

/**
 * S1: records `block` as the applied block at its height, inside the block's transaction. Refused
 * (INVALID_STATE: the webhook answers 409 and nothing of the block is written) while another block
 * is applied at that height — its rollback must come first — or when the block's parent is not
 * the block applied at the height below (when we have one: deliveries only carry blocks with our
 * events). The same block again is a redelivery and passes.
 */
async function claimBlock(tx: Executor, block: DecodedBlock, now: Date): Promise<void> {
  const applied = await queryRows<{ hash: string; height: number }>(
    tx,
    sql`select hash, height from ${chainBlocks}
        where status = 'APPLIED' and height in (${block.height}, ${block.height - 1})`,
  );
  const same = applied.find((b) => b.height === block.height);
  if (same && same.hash !== block.hash)
    throw new AppError(
      'INVALID_STATE',
      `Block ${block.hash} at height ${block.height} conflicts with the applied block ${same.hash}: its rollback must come first`,
    );
  const parent = applied.find((b) => b.height === block.height - 1);
  if (block.parentHash && parent && parent.hash !== block.parentHash)
    throw new AppError(
      'INVALID_STATE',
      `Block ${block.hash} at height ${block.height} builds on ${block.parentHash}, not on the applied block ${parent.hash}`,
    );
  await tx
    .insert(chainBlocks)
    .values({ hash: block.hash, height: block.height, parentHash: block.parentHash ?? null, appliedAt: now })
    .onConflictDoUpdate({
      target: chainBlocks.hash,
      set: { status: 'APPLIED', appliedAt: now, rolledBackAt: null },
    });
}

/**
 * S1: marks `block` rolled back; false when it is not an applied block (a stale re-delivery of an
 * old rollback, the block having been replaced or already rolled back): then nothing is undone.
 * A block applied before blocks were recorded has no row and is rolled back by its events.
 */
async function releaseBlock(tx: Executor, block: DecodedBlock, now: Date): Promise<boolean> {
  const [known] = await tx.select().from(chainBlocks).where(eq(chainBlocks.hash, block.hash));
  if (!known) return true;
  if (known.status !== 'APPLIED') return false;
  await tx
    .update(chainBlocks)
    .set({ status: 'ROLLED_BACK', rolledBackAt: now })
    .where(eq(chainBlocks.hash, block.hash));
  return true;
}

/**
 * Stores an event in the inbox, keyed by (tx, event index, block hash); false when it is there
 * already (a redelivery, or a block that came back after its rollback).
 */
async function recordEvent(
  tx: Executor,
  e: DecodedEvent,
  status: 'APPLIED' | 'QUARANTINED',
  now: Date,
): Promise<boolean> {
  const inserted = await tx
    .insert(chainEvents)
    .values({
      txId: e.txId,
      eventIndex: e.eventIndex,
      blockHash: e.blockHash,
      blockHeight: e.blockHeight,
      contractId: e.contractId,
      eventType: e.event.event,
      payload: jsonSafe(e.event),
      status,
      appliedAt: now,
    })
    .onConflictDoNothing({ target: [chainEvents.txId, chainEvents.eventIndex, chainEvents.blockHash] })
    .returning({ id: chainEvents.id });
  return inserted.length > 0;
}

/**
 * L3: stores an event whose values do not fit the ledger as QUARANTINED, with an admin alert, and
 * applies nothing of it. False when it was stored before (a redelivery).
 */
async function quarantineEvent(tx: Executor, e: DecodedEvent, reason: string, now: Date): Promise<boolean> {
  const inserted = await recordEvent(tx, e, 'QUARANTINED', now);
  if (!inserted) return false;
  await raiseAdminAlert(tx, {
    kind: 'event-quarantined',
    message: `${e.event.event} event ${e.txId}#${e.eventIndex} in block ${e.blockHash} was not applied: ${reason}`,
    data: { txId: e.txId, eventIndex: e.eventIndex, blockHash: e.blockHash, reason },
  });
  return true;
}

/**
 * What an event changes in the provider ledger and the policies. Every ledger entry it causes is
 * keyed by (tx, event index, block, cycle), so a re-org's rollback reverses exactly what its block
 * applied, and a block applied again after its rollback applies anew.
 */
async function applyEvent(tx: Executor, e: DecodedEvent, time: 'first' | 'again', now: Date): Promise<void> {
  const ref = { txId: e.txId, eventIndex: e.eventIndex, blockHash: e.blockHash };
  // A newly stored event has no history; only a block re-applied after its rollback needs a look.
  const cycle = time === 'first' ? 1 : (await chainEventHistory(tx, ref)).lastCycle + 1;
  if (e.event.event === 'deposit') {
    if (!(await trustedDeposit(tx, e.event, e.contractId, ref))) return;
    await deposit(tx, {
      principal: e.event.provider,
      tier: e.event.tier,
      token: e.event.token,
      amount: e.event.amount,
      chainTxId: e.txId,
      chainEventIndex: e.eventIndex,
      chainBlockHash: e.blockHash,
      chainCycle: cycle,
    });
    await refreshProviderTier(tx, e.event.provider);
    const { provider, token, tier } = e.event;
    await commitProviderQuoteForDeposit(tx, { principal: provider, token, tier, txId: e.txId, now });
    return;
  }
  await applyChainEventEffects(tx, e.event, { ref, cycle, now });
}

/**
 * A provider's tier is the one its latest deposit on chain chose: depositing under another tier
 * moves the provider (its capital is pooled) from then on. Derived from the applied events, so a
 * rolled-back deposit's tier choice is undone with it; a provider with no chain deposits (the
 * demo seed's) keeps the tier it has.
 */
async function refreshProviderTier(tx: Executor, principal: string): Promise<void> {
  await tx.execute(sql`
    update ${providers} set tier = latest.tier::tier_name, updated_at = now()
    from (select payload->>'tier' as tier from ${chainEvents}
          where status = 'APPLIED' and event_type = 'deposit' and payload->>'provider' = ${principal}
          order by block_height desc, id desc limit 1) as latest
    where ${providers.principal} = ${principal} and ${providers.tier}::text <> latest.tier`);
}

/**
 * What applying (sign 1) or undoing (sign −1) events does to the vault's totals per token:
 * balance = deposits + premiums − withdrawals − settlements; locked = locks − releases −
 * settlements. Each event changes status exactly once per apply or rollback, and sums commute, so
 * adding each block's delta keeps `pool_metrics` exact whatever order deliveries arrive in — one
 * row update per block instead of re-summing the whole history.
 */
class VaultTotalsDelta {
  readonly byToken = new Map<Token, { balance: bigint; locked: bigint }>();

  add(event: ContractEvent | Record<string, unknown>, sign: 1n | -1n): void {
    // An event without a token or amount (a policy's) moves nothing in the vault.
    const { event: kind, token, amount } = event as { event: string; token?: Token; amount?: unknown };
    if (token === undefined || !TOKENS.includes(token) || amount === undefined) return;
    const units = BigInt(amount as string | bigint) * sign;
    const [balance, locked] =
      kind === 'deposit' || kind === 'premium'
        ? [units, 0n]
        : kind === 'withdraw'
          ? [-units, 0n]
          : kind === 'settlement'
            ? [-units, -units]
            : kind === 'lock'
              ? [0n, units]
              : kind === 'release'
                ? [0n, -units]
                : [0n, 0n];
    const row = this.byToken.get(token) ?? { balance: 0n, locked: 0n };
    this.byToken.set(token, { balance: row.balance + balance, locked: row.locked + locked });
  }
}

async function updatePoolMetrics(tx: Executor, delta: VaultTotalsDelta): Promise<void> {
  const deltas = TOKENS.map((token) => {
    const d = delta.byToken.get(token) ?? { balance: 0n, locked: 0n };
    return sql`(${token}::token, ${d.balance.toString()}::numeric, ${d.locked.toString()}::numeric)`;
  });
  await tx.execute(sql`
    insert into ${poolMetrics} (token, vault_balance, total_locked, last_block_height, last_block_hash, updated_at)
    select d.token, d.balance, d.locked, last.block_height, last.block_hash, now()
    from (values ${sql.join(deltas, sql`, `)}) as d(token, balance, locked)
    left join (select block_height, block_hash from ${chainEvents} where status = 'APPLIED'
               order by block_height desc, id desc limit 1) as last on true
    on conflict (token) do update set
      vault_balance = ${poolMetrics.vaultBalance} + excluded.vault_balance,
      total_locked = ${poolMetrics.totalLocked} + excluded.total_locked,
      last_block_height = excluded.last_block_height,
      last_block_hash = excluded.last_block_hash,
      updated_at = excluded.updated_at`);
}

export interface PoolMetric {
  token: Token;
  vaultBalance: bigint;
  totalLocked: bigint;
  lastBlockHeight: number | null;
}

export async function getPoolMetrics(db: Executor): Promise<PoolMetric[]> {
  const rows = await db.select().from(poolMetrics).orderBy(poolMetrics.token);
  return rows.map((r) => ({
    token: r.token,
    vaultBalance: BigInt(r.vaultBalance),
    totalLocked: BigInt(r.totalLocked),
    lastBlockHeight: r.lastBlockHeight,
  }));
}
