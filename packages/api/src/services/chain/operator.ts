import { createHash } from 'node:crypto';
import {
  type ContractCall,
  type ContractIds,
  creditPremiumCall,
  exercisePolicyCall,
  expirePolicyCall,
  setWithdrawalAllowanceCall,
} from '@bithedge/contracts';
import { type Executor, type PolicyType, queryRows, sqlTimestamp, type Token } from '@bithedge/db';
import { minAmount, SATS_PER_BTC, usdToMicroStx } from '@bithedge/pricing';
import { sql } from 'drizzle-orm';
import type { SentCall, TxState, VaultChain } from '../../adapters/vault-chain';
import { isAppError } from '../../errors';
import { withdrawalStates } from '../liquidity';
import { getFreshMarketData } from '../market';

export type OperatorActionKind = 'credit' | 'allowance' | 'exercise' | 'expire';

export interface OperatorAction {
  action: OperatorActionKind;
  /** The registry's policy id, the premium claim id, or `provider:token` for an allowance. */
  subject: string;
  amount?: string;
  txId: string;
  ok: boolean | null;
  result: string;
}

export interface OperatorReport {
  actions: OperatorAction[];
  /** Why settlement was skipped this time (no price since expiry yet), if it was. */
  settlementSkipped?: string;
}

/**
 * What an exercised policy pays its buyer in its collateral token: its intrinsic value at the
 * settlement price (strike − price for a put, price − strike for a call, never below zero) on the
 * amount protected — converted at the STX price for an STX-backed policy (micro-STX), or at the
 * BTC price itself for an sBTC-backed CALL (sats: floor((S − K) × amount-sats / S), never above the
 * amount) — rounded down (toward the pool), and never more than its collateral nor (when known)
 * the value it protects (in the same token) — the registry refuses a payout above either.
 */
export function settlementPayout(
  policy: {
    type: PolicyType;
    strikeUsd: bigint;
    amountSats: bigint;
    collateral: bigint;
    protectedValue?: bigint;
    /** The collateral token; STX when not given. */
    token?: Token;
  },
  prices: { btcUsd: bigint; stxUsd: bigint },
): bigint {
  const perBtc = policy.type === 'PUT' ? policy.strikeUsd - prices.btcUsd : prices.btcUsd - policy.strikeUsd;
  if (perBtc <= 0n) return 0n;
  const cap = minAmount(policy.collateral, policy.protectedValue ?? policy.collateral);
  if (policy.token === 'SBTC') return minAmount((perBtc * policy.amountSats) / prices.btcUsd, cap);
  const usd = (perBtc * policy.amountSats) / SATS_PER_BTC;
  return minAmount(usdToMicroStx(usd, prices.stxUsd, 'floor'), cap);
}

/** The vault's claim id of a premium claim: sha256 of its ledger entry's idempotency key (hex). */
export function premiumClaimId(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey, 'utf8').digest('hex');
}

/** How long a failed (action, subject) waits before it is sent again: doubling, capped at an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

/** A reservation never given a transaction (the process died mid-send) is dropped after this. */
const ORPHAN_RESERVATION_MS = 5 * 60_000;

/**
 * Brings the outbox up to date: each PENDING transaction's fate is asked of the chain; a failed
 * or dropped one is given its back-off. Reservations a crashed pass left without a transaction
 * are dropped.
 */
async function pollOutbox(db: Executor, chain: VaultChain, now: Date): Promise<void> {
  const pending = await queryRows<{ id: string; tx_id: string | null; created_at: Date | string }>(
    db,
    sql`select id::text, tx_id, created_at from operator_outbox where status = 'PENDING' order by id`,
  );
  for (const row of pending) {
    if (row.tx_id === null) {
      if (now.getTime() - new Date(row.created_at).getTime() > ORPHAN_RESERVATION_MS)
        await settleOutboxRow(db, BigInt(row.id), 'DROPPED', 'never sent', now);
      continue;
    }
    const status = await chain.txStatus(row.tx_id);
    if (status.state !== 'PENDING')
      await settleOutboxRow(db, BigInt(row.id), status.state, status.result, now);
  }
}

/** Records a transaction's final state; a failure counts one more attempt and sets the back-off. */
async function settleOutboxRow(db: Executor, id: bigint, state: TxState, result: string, now: Date) {
  if (state === 'CONFIRMED' || state === 'PENDING') {
    await db.execute(
      sql`update operator_outbox set status = ${state}, error = null, updated_at = ${sqlTimestamp(now)} where id = ${id}`,
    );
    return;
  }
  // Consecutive failures of this (action, subject): the previous row's count, plus this one.
  const [prev] = await queryRows<{ attempts: number }>(
    db,
    sql`select o.attempts from operator_outbox o, operator_outbox me
        where me.id = ${id} and o.action = me.action and o.subject = me.subject and o.id < me.id
        order by o.id desc limit 1`,
  );
  const attempts = prev && prev.attempts > 0 ? prev.attempts + 1 : 1;
  const retryAfter = new Date(now.getTime() + retryDelayMs(attempts));
  await db.execute(
    sql`update operator_outbox set status = ${state}, error = ${result}, attempts = ${attempts},
          retry_after = ${sqlTimestamp(retryAfter)}, updated_at = ${sqlTimestamp(now)}
        where id = ${id}`,
  );
}

/**
 * Claims the right to send (action, subject) now: refused while a transaction for it is PENDING
 * (the partial unique index makes this hold across overlapping passes and processes), while a
 * failure's back-off runs, and — for a once-only action — once one was CONFIRMED.
 */
async function reserve(
  db: Executor,
  action: OperatorActionKind,
  subject: string,
  now: Date,
  once: boolean,
): Promise<bigint | null> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`insert into operator_outbox (action, subject, status, attempts, created_at, updated_at)
        select ${action}, ${subject}, 'PENDING', 0, ${sqlTimestamp(now)}, ${sqlTimestamp(now)}
        where not exists (
          select 1 from operator_outbox o where o.action = ${action} and o.subject = ${subject}
            and (o.retry_after > ${sqlTimestamp(now)} ${once ? sql`or o.status = 'CONFIRMED'` : sql``}))
        on conflict (action, subject) where status = 'PENDING' do nothing
        returning id::text`,
  );
  return row ? BigInt(row.id) : null;
}

/**
 * The operator account's nonces for one pass: fetched once, counted up locally for every call
 * the chain accepted (a refused broadcast used none).
 */
function nonceCounter(chain: VaultChain) {
  let next: bigint | null | undefined;
  return {
    async take(): Promise<bigint | null> {
      if (next === undefined) next = await chain.nextNonce();
      return next;
    },
    used(): void {
      if (typeof next === 'bigint') next += 1n;
    },
  };
}

interface DuePolicyRow extends Record<string, unknown> {
  onchain_id: string;
  type: PolicyType;
  strike_usd: string;
  amount_sats: string;
  collateral_amount: string;
  protected_value: string | null;
  expiration_height: number;
  /** The collateral token: the payout's too. */
  token: Token;
}

/**
 * The settlement prices of a policy: for each asset, the first observation at or after `at` (the
 * moment the policy expired). Null until the feed has observed both since then.
 */
export async function settlementPrices(
  db: Executor,
  at: Date,
): Promise<{ btcUsd: bigint; stxUsd: bigint; observedAt: Date } | null> {
  const rows = await queryRows<{ asset: string; price_usd: string; observed_at: Date | string }>(
    db,
    sql`select distinct on (asset) asset, price_usd::text, observed_at from market_data
        where asset in ('BTC', 'STX') and observed_at >= ${sqlTimestamp(at)}
        order by asset, observed_at asc, id asc`,
  );
  const btc = rows.find((r) => r.asset === 'BTC');
  const stx = rows.find((r) => r.asset === 'STX');
  if (!btc || !stx) return null;
  const observedAt = new Date(
    Math.max(new Date(btc.observed_at).getTime(), new Date(stx.observed_at).getTime()),
  );
  return { btcUsd: BigInt(btc.price_usd), stxUsd: BigInt(stx.price_usd), observedAt };
}

/**
 * One pass of the operator: makes the chain match the accounting. Collateral is locked and
 * released by the registry itself (in the purchase and the settlement), so the operator credits
 * providers the premium claims they made (each claim once), sets each provider's withdrawal
 * allowance to what the ledger holds pending for them (compare-and-set against the live
 * allowance), and settles policies past their expiration height (exercise with the payout when
 * in the money at the settlement price, else expire) — PENDING ones too: they are collateralized
 * on chain even when the ledger could not back them.
 *
 * Every call goes through the outbox: an (action, subject) is not sent again while its
 * transaction is pending, nor before a failure's back-off ends, so overlapping passes and a slow
 * Chainhook cost no duplicate transactions; and each call is refused on chain when it would
 * repeat (a credited claim, a stale allowance, a settled policy).
 */
export async function operateVault(
  db: Executor,
  chain: VaultChain,
  deps: { ids: ContractIds; maxPriceAgeMs: number; now: Date },
): Promise<OperatorReport> {
  const report: OperatorReport = { actions: [] };
  await pollOutbox(db, chain, deps.now);
  const send = outboxSender(db, chain, deps.now, report);
  await creditClaims(db, deps.ids, send);
  await setAllowances(db, chain, deps.ids, send);
  await settleDue(db, chain, deps, send, report);
  return report;
}

/**
 * The pass's one way to send a call: reserves (action, subject) in the outbox (nothing is sent
 * when `reserve` refuses), submits it with the pass's next nonce, records the transaction on the
 * reservation and reports it.
 */
function outboxSender(db: Executor, chain: VaultChain, now: Date, report: OperatorReport): Send {
  const nonces = nonceCounter(chain);
  return async (action, subject, call, options = {}) => {
    const id = await reserve(db, action, subject, now, options.once ?? false);
    if (id === null) return;
    const nonce = await nonces.take();
    const sent = await submitCall(chain, call, nonce);
    // A transaction the node took (pending, or mined either way) used its nonce.
    if (sent.ok !== false || sent.txId !== '') nonces.used();
    await recordSent(db, id, sent, nonce, now);
    report.actions.push({
      action,
      subject,
      ...(options.amount === undefined ? {} : { amount: options.amount.toString() }),
      ...sent,
    });
  };
}

/** Submits a call; a broadcast that throws is a refused one (no transaction, the error its result). */
async function submitCall(chain: VaultChain, call: ContractCall, nonce: bigint | null): Promise<SentCall> {
  try {
    return await chain.submit(call, nonce === null ? undefined : { nonce });
  } catch (error) {
    return { txId: '', ok: false, result: (error as Error).message };
  }
}

/** Puts a sent call's transaction on its reservation; a call the chain already decided is settled. */
async function recordSent(db: Executor, id: bigint, sent: SentCall, nonce: bigint | null, now: Date) {
  await db.execute(
    sql`update operator_outbox set tx_id = ${sent.txId || null}, nonce = ${nonce}, updated_at = ${sqlTimestamp(now)}
        where id = ${id}`,
  );
  if (sent.ok !== null) await settleOutboxRow(db, id, sent.ok ? 'CONFIRMED' : 'FAILED', sent.result, now);
}

type Send = (
  action: OperatorActionKind,
  subject: string,
  call: ContractCall,
  options?: { amount?: bigint; once?: boolean },
) => Promise<void>;

/**
 * Premium a provider claimed joins its capital in the ledger; the vault must count it as the
 * provider's too before it can be withdrawn. Each PREMIUM_CLAIM entry is one claim, credited once
 * on chain under its claim id, until its `premium-credit` event is ingested.
 */
async function creditClaims(db: Executor, ids: ContractIds, send: Send): Promise<void> {
  const claimIdSql = sql`encode(sha256(convert_to(le.idempotency_key, 'UTF8')), 'hex')`;
  const uncredited = await queryRows<{ claim_id: string; principal: string; token: Token; amount: string }>(
    db,
    sql`select ${claimIdSql} as claim_id, p.principal, le.token, le.amount::text
        from ledger_history le join providers p on p.id = le.provider_id
        where le.type = 'PREMIUM_CLAIM' and le.amount > 0
          and not exists (select 1 from chain_events e
                          where e.status = 'APPLIED' and e.event_type = 'premium-credit'
                            and lower(replace(e.payload->>'claim-id', '0x', '')) = ${claimIdSql})
        order by le.id`,
  );
  for (const c of uncredited) {
    const amount = BigInt(c.amount);
    await send(
      'credit',
      c.claim_id,
      creditPremiumCall(ids, { provider: c.principal, token: c.token, claimId: c.claim_id, amount }),
      { amount, once: true },
    );
  }
}

/**
 * The allowance follows the ledger's pending withdrawal, both ways (a cancelled request drops
 * it). The ledger's view is only as recent as ingestion: while the vault's live allowance differs
 * from what the ingested events say it is (a set or a withdrawal not ingested yet), the pending
 * amount may be stale and nothing is sent — raising the allowance from a stale view would let a
 * provider take twice. Otherwise the set is a compare-and-set against that allowance, so a
 * withdrawal landing in between makes it fail rather than apply a stale amount.
 */
async function setAllowances(db: Executor, chain: VaultChain, ids: ContractIds, send: Send): Promise<void> {
  for (const w of await withdrawalStates(db)) {
    const live = await chain.withdrawalAllowance(w.principal, w.token);
    if (live === w.target || live !== w.authorized) continue;
    const call = setWithdrawalAllowanceCall(ids, {
      provider: w.principal,
      token: w.token,
      expected: w.authorized,
      amount: w.target,
    });
    await send('allowance', `${w.principal}:${w.token}`, call, { amount: w.target });
  }
}

/**
 * The prices a policy expiring at burn height `height` settles at: the first observation at or
 * after the time of that burn block where the chain tells it; else (the local chain, whose burn
 * blocks carry synthetic times) the latest price if it is fresh. Null (with the reason) until
 * there is one.
 */
async function pricesForExpiry(
  db: Executor,
  chain: VaultChain,
  height: number,
  deps: { maxPriceAgeMs: number; now: Date },
): Promise<{ btcUsd: bigint; stxUsd: bigint } | string> {
  const expiredAt = await chain.burnBlockTime(height);
  if (expiredAt) {
    return (
      (await settlementPrices(db, expiredAt)) ??
      `No BTC and STX price observed since the expiry (${expiredAt.toISOString()}) yet`
    );
  }
  try {
    const market = await getFreshMarketData(db, deps.maxPriceAgeMs, deps.now);
    return { btcUsd: market.BTC.priceUsd, stxUsd: market.STX.priceUsd };
  } catch (error) {
    if (!(isAppError(error) && error.code === 'STALE_MARKET_DATA')) throw error;
    return error.message;
  }
}

/** The policies with an on-chain id past their expiration height that the ledger has not settled. */
async function duePolicies(db: Executor, height: number): Promise<DuePolicyRow[]> {
  return queryRows<DuePolicyRow>(
    db,
    sql`select p.onchain_id::text, p.type, p.strike_usd::text, p.amount_sats::text,
          p.collateral_amount::text, p.expiration_height, p.token,
          (select e.payload->>'protected-value' from chain_events e
           where e.status = 'APPLIED' and e.event_type = 'policy-created'
             and e.payload->>'policy-id' = p.onchain_id::text
           order by e.id desc limit 1) as protected_value
        from policies p
        where p.status in ('ACTIVE', 'PENDING') and p.onchain_id is not null
          and p.expiration_height <= ${height}
        order by p.expiration_height, p.id`,
  );
}

/**
 * Settles every policy past its expiration height that the registry still has active, at the
 * prices of its expiry (`pricesForExpiry`), never at a price from before it.
 */
async function settleDue(
  db: Executor,
  chain: VaultChain,
  deps: { ids: ContractIds; maxPriceAgeMs: number; now: Date },
  send: Send,
  report: OperatorReport,
): Promise<void> {
  const burnHeight = await chain.burnBlockHeight();
  const due = await duePolicies(db, burnHeight);
  for (const p of due) {
    const policyId = BigInt(p.onchain_id);
    if ((await chain.policyStatus(policyId)) !== 'active') continue;
    const prices = await pricesForExpiry(db, chain, p.expiration_height, deps);
    if (typeof prices === 'string') {
      // The next pass settles once a price is observed.
      report.settlementSkipped = prices;
      continue;
    }
    // The chain event carries only the payout: the prices are kept for the backers' notices (X4),
    // and the burn height the premium delay counts from.
    await db.execute(
      sql`update policies set settlement_btc_usd = ${prices.btcUsd}, settlement_stx_usd = ${prices.stxUsd},
            settlement_burn_height = ${burnHeight}
          where onchain_id = ${p.onchain_id}`,
    );
    const payout = settlementPayout(
      {
        type: p.type,
        strikeUsd: BigInt(p.strike_usd),
        amountSats: BigInt(p.amount_sats),
        collateral: BigInt(p.collateral_amount),
        ...(p.protected_value === null ? {} : { protectedValue: BigInt(p.protected_value) }),
        token: p.token,
      },
      prices,
    );
    // An sBTC-backed CALL is paid in sats by `exercise-policy-sbtc`.
    if (payout > 0n)
      await send(
        'exercise',
        p.onchain_id,
        exercisePolicyCall(deps.ids, { policyId, payout, token: p.token }),
        {
          amount: payout,
        },
      );
    else await send('expire', p.onchain_id, expirePolicyCall(deps.ids, policyId));
  }
}
