/**
 * H1 on the local chain (the contracts as deployed, blocks delivered to ingestion as Chainhook
 * payloads): a cancel after the vault authorized the withdrawal, a purchase meanwhile, and the
 * provider withdrawing with the old allowance. Plus the two-phase cancel's steps on their own.
 */
import {
  buyPolicyCall,
  CHAIN_IDS,
  contractIds,
  depositCall,
  PURCHASE_WINDOW_SECONDS,
  type QuoteTerms,
  signQuoteTerms,
  toPlain,
  withdrawCall,
} from '@bithedge/contracts';
import type { LocalChain, SubmittedCall } from '@bithedge/contracts/local-chain';
import {
  adminAlerts,
  type DatabaseHandle,
  ledgerEntries,
  openDatabase,
  providerBalances,
  providers,
  seedTiers,
} from '@bithedge/db';
import { Cl, type ClarityValue } from '@stacks/transactions';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localVaultChain, type VaultChain } from '../../adapters/vault-chain';
import { devnetAccount } from '../../devnet-accounts';
import { chainhookDelivery, vaultBlock, vaultEvent } from '../../test/chainhook';
import { type LocalChainEnv, openLocalChainEnv } from '../../test/local-chain';
import { feedAt } from '../../test/prices';
import { ingestChainhookDelivery } from '../chain/ingest';
import { operateVault } from '../chain/operator';
import { reconcileVault } from '../chain/reconciliation';
import { verifyLedger } from '../ledger';
import { cancelPendingWithdrawal, requestProviderWithdrawal, withdrawalStates } from './withdrawals';

const ids = contractIds('devnet');
const operator = devnetAccount('deployer');
const alice = devnetAccount('wallet_1').address;
const bob = devnetAccount('wallet_2').address;
const buyer = devnetAccount('wallet_3').address;
const USD = 100_000_000n;
const STX = 1_000_000n;

describe('H1: withdrawal allowance race on the local chain', () => {
  let chain: LocalChain;
  let handle: DatabaseHandle;
  let vault: VaultChain;
  /** Operator transactions mined but not delivered yet (Chainhook lagging behind the chain). */
  let held: SubmittedCall[] | null;
  let deliver: LocalChainEnv['deliver'];
  const userCall = async (call: Parameters<LocalChain['runAs']>[0], sender: string) => {
    const submitted = chain.runAs(call, sender);
    expect(submitted.result, submitted.result).toMatch(/^\(ok/);
    return submitted;
  };
  const pass = () =>
    operateVault(handle.db, vault, {
      ids,
      maxPriceAgeMs: 60_000,
      now: new Date(),
    });
  const balanceOf = async (principal: string) => {
    const [row] = await handle.db
      .select({ b: providerBalances })
      .from(providerBalances)
      .innerJoin(providers, eq(providers.id, providerBalances.providerId))
      .where(eq(providers.principal, principal));
    return row!.b;
  };
  const buyPolicy = async (n: number, protectedValue: bigint) => {
    const t: QuoteTerms = {
      quoteId: `00000000-0000-4000-8000-00000000000${n}`,
      buyer,
      policyType: 'PUT',
      strikeUsd: 54_000n * USD,
      amountSats: 1_000_000n,
      protectedValue,
      premium: 10n * STX,
      expirationHeight: BigInt(chain.burnBlockHeight + 144),
      validUntil: BigInt(chain.blockTime + PURCHASE_WINDOW_SECONDS),
      // The balanced tier's 125% collateral ratio: what the purchase locks in the vault.
      collateral: (protectedValue * 125n) / 100n,
    };
    return userCall(
      buyPolicyCall(ids, t, signQuoteTerms(t, operator.privateKey, CHAIN_IDS.devnet, ids.registry)),
      buyer,
    );
  };
  const vaultTotals = () => toPlain(chain.vaultTotals('STX')) as { balance: bigint; locked: bigint };

  beforeEach(async () => {
    ({ chain, handle, deliver } = await openLocalChainEnv({ prices: feedAt(60_000n * USD, USD / 2n) }));
    held = null;
    vault = localVaultChain(chain, ids, operator.address, async (submitted) => {
      if (held) held.push(submitted);
      else await deliver(submitted);
      return submitted;
    });
  });
  afterEach(() => handle?.close());

  it('H1: a cancel after the allowance was set does not free funds until the lowered allowance is ingested; the old allowance withdrawal applies (no 409) and the ledger equals the vault', async () => {
    // 1. Alice deposits and reserves 1,000 STX; Bob's capital backs the tier too. The operator
    //    authorizes Alice's 1,000.
    await deliver(
      await userCall(
        depositCall(ids, { provider: alice, token: 'STX', amount: 1_000n * STX, tier: 'balanced' }),
        alice,
      ),
    );
    await deliver(
      await userCall(
        depositCall(ids, { provider: bob, token: 'STX', amount: 10_000n * STX, tier: 'balanced' }),
        bob,
      ),
    );
    await requestProviderWithdrawal(handle.db, alice, {
      token: 'STX',
      amount: 1_000n * STX,
      requestId: 'r1',
    });
    expect((await pass()).actions.map((a) => [a.action, a.subject, a.amount])).toEqual([
      ['allowance', `${alice}:STX`, String(1_000n * STX)],
    ]);

    // 2. Alice cancels: the vault still lets her take the 1,000, so they stay pending.
    const cancel = await cancelPendingWithdrawal(handle.db, alice, { token: 'STX', requestId: 'c1' });
    expect([cancel.state, cancel.amount]).toEqual(['CANCELLING', 1_000n * STX]);
    expect(await balanceOf(alice)).toMatchObject({ available: 0n, pendingWithdrawal: 1_000n * STX });
    expect(await withdrawalStates(handle.db, alice)).toEqual([
      {
        principal: alice,
        token: 'STX',
        pending: 1_000n * STX,
        authorized: 1_000n * STX,
        cancelling: true,
        target: 0n,
      },
    ]);
    // A new request meanwhile would be swept back with the cancelled one: refused.
    await expect(
      requestProviderWithdrawal(handle.db, alice, { token: 'STX', amount: 1n, requestId: 'r2' }),
    ).rejects.toMatchObject({ code: 'INVALID_STATE' });

    // 3. A policy is bought in her tier: Alice's reserved funds cannot be locked, Bob's are.
    await deliver(await buyPolicy(1, 400n * STX));
    expect(await balanceOf(alice)).toMatchObject({ locked: 0n, pendingWithdrawal: 1_000n * STX });
    expect((await balanceOf(bob)).locked).toBe(500n * STX);

    // 4. Before the operator lowers the allowance, Alice withdraws 1,000 on chain with the old one.
    //    Ingestion applies it from pending: no refusal, no deficit, and the cancel is complete (the
    //    withdrawal used the allowance up).
    const withdrawal = await userCall(withdrawCall(ids, { token: 'STX', amount: 1_000n * STX }), alice);
    await expect(deliver(withdrawal)).resolves.toBeDefined();
    expect(await balanceOf(alice)).toMatchObject({
      available: 0n,
      locked: 0n,
      pendingWithdrawal: 0n,
      totalWithdrawn: 1_000n * STX,
      withdrawalCancelRequestedAt: null,
    });
    expect(await withdrawalStates(handle.db, alice)).toEqual([]);
    expect(await handle.db.select().from(adminAlerts)).toEqual([]);

    // 5. The purchase locked the policy's collateral on chain itself (M2): the operator's next pass
    //    has nothing to do. The vault, the mirror and the ledger agree.
    expect((await pass()).actions).toEqual([]);
    const result = await reconcileVault(handle.db, [{ token: 'STX', ...vaultTotals() }]);
    expect(result.tokens[0]).toMatchObject({ deficit: 0n, equal: true });
    expect(await verifyLedger(handle.db)).toEqual([]);
  });

  it('H1: the cancelled funds return to available only when the allowance of 0 is ingested, less a withdrawal seen in between', async () => {
    await deliver(
      await userCall(
        depositCall(ids, { provider: alice, token: 'STX', amount: 1_000n * STX, tier: 'balanced' }),
        alice,
      ),
    );
    await requestProviderWithdrawal(handle.db, alice, {
      token: 'STX',
      amount: 1_000n * STX,
      requestId: 'r1',
    });
    await pass();
    await cancelPendingWithdrawal(handle.db, alice, { token: 'STX', requestId: 'c1' });
    // Alice takes 300 of it while the cancel is in progress.
    await deliver(await userCall(withdrawCall(ids, { token: 'STX', amount: 300n * STX }), alice));
    expect(await balanceOf(alice)).toMatchObject({ available: 0n, pendingWithdrawal: 700n * STX });
    // The operator's allowance of 0 is mined but not ingested yet: still cancelling.
    held = [];
    expect((await pass()).actions.map((a) => [a.action, a.amount])).toEqual([['allowance', '0']]);
    expect(await balanceOf(alice)).toMatchObject({ available: 0n, pendingWithdrawal: 700n * STX });
    // Ingested: the 700 left return to available with a WITHDRAWAL_CANCEL entry.
    for (const submitted of held) await deliver(submitted);
    held = null;
    expect(await balanceOf(alice)).toMatchObject({
      available: 700n * STX,
      pendingWithdrawal: 0n,
      withdrawalCancelRequestedAt: null,
    });
    const cancels = await handle.db
      .select()
      .from(ledgerEntries)
      .where(eq(ledgerEntries.type, 'WITHDRAWAL_CANCEL'));
    expect(cancels.map((e) => e.amount)).toEqual([700n * STX]);
    expect((await pass()).actions).toEqual([]);
    const result = await reconcileVault(handle.db, [{ token: 'STX', ...vaultTotals() }]);
    expect(result.reconciled).toBe(true);
    expect(await verifyLedger(handle.db)).toEqual([]);
  });

  it('H1: a cancel with nothing authorized is immediate, as a WITHDRAWAL_CANCEL (not WITHDRAWAL_FAIL)', async () => {
    await deliver(
      await userCall(
        depositCall(ids, { provider: alice, token: 'STX', amount: 1_000n * STX, tier: 'balanced' }),
        alice,
      ),
    );
    await requestProviderWithdrawal(handle.db, alice, { token: 'STX', amount: 400n * STX, requestId: 'r1' });
    const cancel = await cancelPendingWithdrawal(handle.db, alice, { token: 'STX', requestId: 'c1' });
    expect([cancel.state, cancel.amount, cancel.entries.map((e) => e.type)]).toEqual([
      'CANCELLED',
      400n * STX,
      ['WITHDRAWAL_CANCEL'],
    ]);
    expect(await balanceOf(alice)).toMatchObject({ available: 1_000n * STX, pendingWithdrawal: 0n });
    expect(await withdrawalStates(handle.db, alice)).toEqual([]);
  });

  it('H1: a withdrawal beyond pending + available (an allowance ingested late) is recorded with a deficit and an alert, never refused', async () => {
    await deliver(
      await userCall(
        depositCall(ids, { provider: alice, token: 'STX', amount: 1_000n * STX, tier: 'balanced' }),
        alice,
      ),
    );
    // Bob's conservative capital never backs a balanced-tier policy, but it keeps the vault's free
    // funds above what Alice takes: the pool-level check lets her withdrawal through on chain.
    await deliver(
      await userCall(
        depositCall(ids, { provider: bob, token: 'STX', amount: 10_000n * STX, tier: 'conservative' }),
        bob,
      ),
    );
    await requestProviderWithdrawal(handle.db, alice, {
      token: 'STX',
      amount: 1_000n * STX,
      requestId: 'r1',
    });
    // The operator's allowance is mined, but Chainhook lags: the ledger does not know it yet, so
    // the cancel looks immediate and the funds are available again.
    held = [];
    await pass();
    const lagging = held;
    held = null;
    expect((await cancelPendingWithdrawal(handle.db, alice, { token: 'STX', requestId: 'c1' })).state).toBe(
      'CANCELLED',
    );
    // A purchase locks 500 of Alice's available; then she withdraws 1,000 with the allowance.
    await deliver(await buyPolicy(1, 400n * STX));
    expect(await balanceOf(alice)).toMatchObject({ available: 500n * STX, locked: 500n * STX });
    const withdrawal = await userCall(withdrawCall(ids, { token: 'STX', amount: 1_000n * STX }), alice);
    for (const submitted of lagging) await deliver(submitted);
    await expect(deliver(withdrawal)).resolves.toBeDefined();

    // Applied: pending (0) then available (500); the 500 left is a recorded deficit, locked stays
    // behind the policy.
    expect(await balanceOf(alice)).toMatchObject({
      available: 0n,
      locked: 500n * STX,
      pendingWithdrawal: 0n,
      totalWithdrawn: 500n * STX,
    });
    const deficits = await handle.db
      .select()
      .from(ledgerEntries)
      .where(eq(ledgerEntries.type, 'WITHDRAWAL_DEFICIT'));
    expect(deficits.map((e) => e.amount)).toEqual([500n * STX]);
    const alerts = await handle.db.select().from(adminAlerts);
    expect(alerts.map((a) => [a.kind, (a.data as { deficit: string }).deficit])).toEqual([
      ['withdrawal-deficit', String(500n * STX)],
    ]);
    expect(await verifyLedger(handle.db)).toEqual([]);
    // The vault's balance is the ledger's less the recorded deficit.
    const result = await reconcileVault(handle.db, [{ token: 'STX', ...vaultTotals() }]);
    expect(result.tokens[0]?.deficit).toBe(500n * STX);
    expect(result.tokens[0]?.ledger.balance).toBe(vaultTotals().balance);
  });
});

describe('two-phase cancel through ingestion', () => {
  let handle: DatabaseHandle;
  const providerEvent = (event: string, amount: bigint, extra: Record<string, ClarityValue> = {}) =>
    vaultEvent({
      event: Cl.stringAscii(event),
      provider: Cl.principal(alice),
      token: Cl.stringAscii('STX'),
      amount: Cl.uint(amount),
      ...extra,
    });
  /** The vault's `allowance` event: the new amount and the one it replaced (compare-and-set). */
  const allowanceEvent = (amount: bigint, previous: bigint) =>
    providerEvent('allowance', amount, { previous: Cl.uint(previous) });
  const ingest = (apply: unknown[], rollback: unknown[] = []) =>
    ingestChainhookDelivery(handle.db, chainhookDelivery(apply, rollback));
  const blockOf = (height: number, event: ClarityValue) => vaultBlock(height, 'cancel', [[event]]);
  const balance = async () => {
    const [row] = await handle.db
      .select({ b: providerBalances })
      .from(providerBalances)
      .innerJoin(providers, eq(providers.id, providerBalances.providerId))
      .where(eq(providers.principal, alice));
    return {
      available: row!.b.available,
      pending: row!.b.pendingWithdrawal,
      cancelling: row!.b.withdrawalCancelRequestedAt !== null,
    };
  };

  beforeEach(async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
    await seedTiers(handle.db);
    await ingest([blockOf(1, providerEvent('deposit', 1_000n, { tier: Cl.stringAscii('balanced') }))]);
    await requestProviderWithdrawal(handle.db, alice, { token: 'STX', amount: 600n, requestId: 'r1' });
    await ingest([blockOf(2, allowanceEvent(600n, 0n))]);
  });
  afterEach(() => handle?.close());

  it('H1: cancelling keeps the funds pending, the allowance of 0 frees them, its rollback makes the request cancelling again', async () => {
    const cancel = await cancelPendingWithdrawal(handle.db, alice, { token: 'STX', requestId: 'c1' });
    expect([cancel.state, cancel.amount, cancel.entries]).toEqual(['CANCELLING', 600n, []]);
    // A retry of the cancel changes nothing.
    expect(await cancelPendingWithdrawal(handle.db, alice, { token: 'STX', requestId: 'c2' })).toMatchObject({
      applied: false,
      state: 'CANCELLING',
    });
    expect(await balance()).toEqual({ available: 400n, pending: 600n, cancelling: true });
    // An allowance that is lowered but not to 0 does not complete it.
    const lowered = blockOf(3, allowanceEvent(100n, 600n));
    await ingest([lowered]);
    expect(await balance()).toEqual({ available: 400n, pending: 600n, cancelling: true });
    const zero = blockOf(4, allowanceEvent(0n, 100n));
    await ingest([zero]);
    expect(await balance()).toEqual({ available: 1_000n, pending: 0n, cancelling: false });
    // The block with the allowance of 0 is rolled back: the vault authorizes 100 again.
    await ingest([], [zero]);
    expect(await balance()).toEqual({ available: 400n, pending: 600n, cancelling: true });
    expect((await withdrawalStates(handle.db, alice))[0]).toMatchObject({ authorized: 100n, target: 0n });
    await ingest([zero]);
    expect(await balance()).toEqual({ available: 1_000n, pending: 0n, cancelling: false });
    expect(await verifyLedger(handle.db)).toEqual([]);
  });

  it('H1: a withdrawal seen while cancelling takes its share from pending; the rest returns', async () => {
    await cancelPendingWithdrawal(handle.db, alice, { token: 'STX', requestId: 'c1' });
    await ingest([blockOf(3, providerEvent('withdraw', 250n))]);
    expect(await balance()).toEqual({ available: 400n, pending: 350n, cancelling: true });
    await ingest([blockOf(4, allowanceEvent(0n, 350n))]);
    expect(await balance()).toEqual({ available: 750n, pending: 0n, cancelling: false });
    const types = (await handle.db.select().from(ledgerEntries)).map((e) => [e.type, e.amount]);
    expect(types).toContainEqual(['WITHDRAWAL_CANCEL', 350n]);
    expect(types.some(([t]) => t === 'WITHDRAWAL_FAIL')).toBe(false);
    expect(await verifyLedger(handle.db)).toEqual([]);
  });

  it('H1: when a re-org removes the allowance a cancel was waiting on, a retry of the cancel completes it', async () => {
    await cancelPendingWithdrawal(handle.db, alice, { token: 'STX', requestId: 'c1' });
    await ingest([], [blockOf(2, allowanceEvent(600n, 0n))]);
    expect(await balance()).toEqual({ available: 400n, pending: 600n, cancelling: true });
    const retry = await cancelPendingWithdrawal(handle.db, alice, { token: 'STX', requestId: 'c2' });
    expect([retry.state, retry.amount]).toEqual(['CANCELLED', 600n]);
    expect(await balance()).toEqual({ available: 1_000n, pending: 0n, cancelling: false });
    expect(await verifyLedger(handle.db)).toEqual([]);
  });
});
