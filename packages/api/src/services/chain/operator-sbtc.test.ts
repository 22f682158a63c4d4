/**
 * An sBTC-backed CALL on the local chain (Clarinet simnet), its blocks ingested as Chainhook
 * payloads: sBTC providers deposit, a buyer buys a CALL backed by sBTC, BTC ends above the strike,
 * and `operateVault` pays the buyer floor((S − K) × amount / S) sats with `exercise-policy-sbtc`;
 * the backers' sBTC is debited, their premium shares are STX, and the vault, the mirror and the
 * ledger agree per token after every step.
 */
import {
  buyPolicyCall,
  CHAIN_IDS,
  contractIds,
  depositCall,
  type QuoteTerms,
  quoteValidUntil,
  signQuoteTerms,
  toPlain,
} from '@bithedge/contracts';
import type { LocalChain } from '@bithedge/contracts/local-chain';
import {
  type DatabaseHandle,
  ledgerEntries,
  policies,
  providerBalances,
  providers,
  type Token,
} from '@bithedge/db';
import { BLOCKS_PER_DAY } from '@bithedge/pricing';
import { Cl } from '@stacks/transactions';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localVaultChain, type VaultChain } from '../../adapters/vault-chain';
import { devnetAccount } from '../../devnet-accounts';
import { type LocalChainEnv, openLocalChainEnv } from '../../test/local-chain';
import { feedAt } from '../../test/prices';
import { verifyLedger } from '../ledger';
import { getProviderYieldStats, getTierMetrics } from '../liquidity';
import { recordMarketSnapshot } from '../market/market-data';
import { distributeDuePremiums } from '../policies/premium-distribution';
import { claimProviderPremiums } from '../premiums';
import { operateVault } from './operator';
import { reconcileVault } from './reconciliation';

const ids = contractIds('devnet');
const operator = devnetAccount('deployer');
const alice = devnetAccount('wallet_1').address;
const bob = devnetAccount('wallet_2').address;
const buyer = devnetAccount('wallet_3').address;
const USD = 100_000_000n;

describe('vault operator: an sBTC-backed CALL on the local chain', () => {
  let chain: LocalChain;
  let vault: VaultChain;
  let handle: DatabaseHandle;
  let userCall: LocalChainEnv['userCall'];
  const pass = () => operateVault(handle.db, vault, { ids, maxPriceAgeMs: 60_000, now: new Date() });
  async function expectReconciled() {
    const totals = (['STX', 'SBTC'] as const).map((token) => ({
      token,
      ...(toPlain(chain.vaultTotals(token)) as { balance: bigint; locked: bigint }),
    }));
    const result = await reconcileVault(handle.db, totals);
    expect(result.tokens.map((t) => t.ledger)).toEqual(
      totals.map(({ balance, locked }) => ({ balance, locked })),
    );
    expect(result.reconciled).toBe(true);
    expect(await verifyLedger(handle.db)).toEqual([]);
  }
  const balance = async (principal: string, token: Token) =>
    (
      await handle.db
        .select({ b: providerBalances })
        .from(providerBalances)
        .innerJoin(providers, eq(providers.id, providerBalances.providerId))
        .where(eq(providers.principal, principal))
    ).find((r) => r.b.token === token)?.b;

  beforeAll(async () => {
    let deliver: LocalChainEnv['deliver'];
    ({ chain, handle, deliver, userCall } = await openLocalChainEnv({
      prices: feedAt(100_000n * USD, USD / 2n),
    }));
    vault = localVaultChain(chain, ids, operator.address, deliver);
  });
  afterAll(() => handle?.close());

  it('pays the buyer in sats, debits the sBTC backers, shares the premium in STX; reconciled throughout', async () => {
    // Without a quote in the database a CALL is backed by the aggressive tier.
    for (const [who, sats] of [
      [alice, 200_000_000n],
      [bob, 100_000_000n],
    ] as const)
      await userCall(
        depositCall(ids, { provider: who, token: 'SBTC', amount: sats, tier: 'aggressive' }),
        who,
      );
    await expectReconciled();
    const terms: QuoteTerms = {
      quoteId: '00000000-0000-4000-8000-0000000000b1',
      buyer,
      policyType: 'CALL',
      strikeUsd: 100_000n * USD,
      amountSats: 10_000_000n,
      protectedValue: 10_000_000n,
      premium: 150_000_000n,
      expirationHeight: BigInt(chain.burnBlockHeight) + BLOCKS_PER_DAY,
      validUntil: quoteValidUntil(chain.blockTime),
      // 0.1 BTC at the aggressive tier's 110%, in sats.
      collateral: 11_000_000n,
      collateralToken: 'SBTC',
    };
    await userCall(
      buyPolicyCall(ids, terms, signQuoteTerms(terms, operator.privateKey, CHAIN_IDS.devnet, ids.registry)),
      buyer,
    );
    await expectReconciled();
    expect((await balance(alice, 'SBTC'))?.locked).toBe(7_333_333n);
    expect((await balance(bob, 'SBTC'))?.locked).toBe(3_666_667n);

    // Past the expiry, BTC at $120,000: floor(20,000 × 10,000,000 / 120,000) = 1,666,666 sats.
    chain.mineBurnBlocks(150);
    await recordMarketSnapshot(handle.db, feedAt(120_000n * USD, USD / 2n));
    const buyerSats = chain.sbtcBalance(buyer);
    const settle = await pass();
    expect(settle.actions.map((a) => [a.action, a.subject, a.amount ?? null, a.ok])).toEqual([
      ['exercise', '1', '1666666', true],
    ]);
    expect(chain.sbtcBalance(buyer)).toBe(buyerSats + 1_666_666n);
    await expectReconciled();
    const [policy] = await handle.db.select().from(policies);
    expect([policy?.token, policy?.status, policy?.settlementAmount]).toEqual([
      'SBTC',
      'EXERCISED',
      1_666_666n,
    ]);
    const debits = (await handle.db.select().from(ledgerEntries)).filter(
      (e) => e.type === 'SETTLEMENT_DEBIT',
    );
    expect(debits.map((d) => d.token)).toEqual(['SBTC', 'SBTC']);
    expect(debits.reduce((s, d) => s + d.amount, 0n)).toBe(1_666_666n);
    expect((await balance(bob, 'SBTC'))?.locked).toBe(0n);
    expect((await balance(bob, 'SBTC'))?.available).toBe(100_000_000n - debits[1]!.amount);

    // Until then Bob's share is pending on his sBTC line, and on the sBTC tier's.
    const settled = await getProviderYieldStats(handle.db, bob, new Date());
    expect(settled.find((s) => s.token === 'SBTC')).toMatchObject({ pendingPremiums: 50_000_005n });
    expect(settled.find((s) => s.token === 'STX')).toMatchObject({ pendingPremiums: 0n });
    const sbtcTiers = (await getTierMetrics(handle.db)).find((m) => m.token === 'SBTC')!;
    expect(sbtcTiers.premiumsPending).toBe(150_000_000n);

    // The premium shares (STX) come due a day of Bitcoin blocks later, in an STX row opened for
    // backers that never deposited STX.
    chain.mineBurnBlocks(Number(BLOCKS_PER_DAY));
    const due = await distributeDuePremiums(handle.db, {
      burnHeight: chain.burnBlockHeight,
      now: new Date(),
    });
    expect(due).toMatchObject({ distributed: 2, amount: '150000000' });
    const earned = [
      (await balance(alice, 'STX'))?.earnedPremiums,
      (await balance(bob, 'STX'))?.earnedPremiums,
    ];
    // 150 STX pro rata of 7,333,333 : 3,666,667, the unit left to Bob's larger remainder.
    expect(earned).toEqual([99_999_995n, 50_000_005n]);
    await expectReconciled();
    expect((await pass()).actions).toEqual([]);

    // The dashboard's yield lines: the STX income is on the sBTC line (the capital that earned it),
    // the STX line (no STX capital) shows none, and the lines add up to the ledger's STX balance.
    const stats = await getProviderYieldStats(handle.db, bob, new Date());
    const line = (token: Token) => stats.find((s) => s.token === token)!;
    expect(line('SBTC')).toMatchObject({
      premiumToken: 'STX',
      pendingPremiums: 0n,
      earnedPremiums: 50_000_005n,
      totalEarned: 50_000_005n,
      settlementLoss: debits[1]!.amount,
    });
    expect(line('SBTC').apyBps).toBeGreaterThan(0);
    expect(line('STX')).toMatchObject({ totalEarned: 0n, capital: 0n });

    // The pool's tier lines likewise: the 150 STX are the sBTC aggressive tier's, not the STX one's.
    const metrics = await getTierMetrics(handle.db);
    const tier = (token: Token) =>
      metrics.find((m) => m.token === token)!.tiers.find((t) => t.tier === 'aggressive')!;
    expect(tier('SBTC')).toMatchObject({ premiumsEarned: 150_000_000n, premiumsPending: 0n });
    expect(tier('SBTC').realizedYieldBps).toBeGreaterThan(0);
    expect(tier('STX')).toMatchObject({ premiumsEarned: 0n, premiumsPending: 0n });

    // Bob, who never deposited STX, claims his STX share: the operator credits it in the vault
    // (credit-premium opens his STX position there), and the books still agree per token.
    const claim = await claimProviderPremiums(
      handle.db,
      { principal: bob, requestId: 'bob-claims-his-call-premium' },
      { burnHeight: chain.burnBlockHeight, now: new Date() },
    );
    expect(claim.claims.map((c) => [c.token, c.amount])).toEqual([['STX', 50_000_005n]]);
    const credit = await pass();
    expect(credit.actions.map((a) => [a.action, a.amount ?? null, a.ok])).toEqual([
      ['credit', '50000005', true],
    ]);
    const onChain = chain.readOnly('liquidity-pool-vault', 'get-provider-balance', [
      Cl.principal(bob),
      Cl.stringAscii('STX'),
    ]);
    expect(toPlain(onChain)).toBe(50_000_005n);
    expect((await balance(bob, 'STX'))?.available).toBe(50_000_005n);
    // The claimed share stays on the sBTC line, now as claimed.
    const afterClaim = await getProviderYieldStats(handle.db, bob, new Date());
    expect(afterClaim.find((s) => s.token === 'SBTC')).toMatchObject({
      earnedPremiums: 0n,
      claimedPremiums: 50_000_005n,
      totalEarned: 50_000_005n,
    });
    expect(afterClaim.find((s) => s.token === 'STX')).toMatchObject({ totalEarned: 0n });
    await expectReconciled();
  });
});
