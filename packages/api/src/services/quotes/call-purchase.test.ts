/**
 * A CALL bought through a signed quote (issue #17): its terms are sBTC-backed (protected value =
 * the amount in sats, collateral = that × the backing tier's ratio, in sats), signing is refused
 * while sBTC is short however much STX the pool holds, and the purchase locks sats in the vault —
 * the vault, the mirror and the ledger agreeing per token.
 */
import { buyPolicyCall, contractIds, depositCall, toPlain } from '@bithedge/contracts';
import type { LocalChain } from '@bithedge/contracts/local-chain';
import { type DatabaseHandle, policies, tiers } from '@bithedge/db';
import { divide } from '@bithedge/pricing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedPriceFeed } from '../../adapters/price-feed';
import type { QuotingContext } from '../../context';
import { devnetAccount } from '../../devnet-accounts';
import { type LocalChainEnv, openLocalChainEnv, quotingOnLocalChain } from '../../test/local-chain';
import { reconcileVault } from '../chain/reconciliation';
import { verifyLedger } from '../ledger';
import { prepareQuoteForChain } from './chain-terms';
import { signQuoteForPurchase } from './purchase-signature';
import { saveQuote } from './saved';

const ids = contractIds('devnet');
const stxProvider = devnetAccount('wallet_1').address;
const sbtcProvider = devnetAccount('wallet_2').address;
const buyer = devnetAccount('wallet_3').address;
const call = { protectedValuePercentage: 110, amount: '0.05', days: 7, policyType: 'CALL' as const };

describe('buying an sBTC-backed CALL through a signed quote', () => {
  let chain: LocalChain;
  let handle: DatabaseHandle;
  let quoting: QuotingContext;
  let deliver: LocalChainEnv['deliver'];
  const totals = (token: 'STX' | 'SBTC') =>
    toPlain(chain.vaultTotals(token)) as { balance: bigint; locked: bigint };
  async function expectReconciled() {
    const result = await reconcileVault(handle.db, [
      { token: 'STX', ...totals('STX') },
      { token: 'SBTC', ...totals('SBTC') },
    ]);
    expect(result.reconciled).toBe(true);
    expect(await verifyLedger(handle.db)).toEqual([]);
  }

  beforeAll(async () => {
    ({ chain, handle, deliver } = await openLocalChainEnv({
      prices: new SimulatedPriceFeed(),
      riskParameters: true,
    }));
    quoting = quotingOnLocalChain(chain);
  });
  afterAll(() => handle?.close());

  it('gives sBTC terms in sats: the amount is the protected value, collateral rounds up toward the pool', async () => {
    const quote = await saveQuote(handle.db, buyer, { params: call }, quoting);
    const terms = await prepareQuoteForChain(handle.db, buyer, quote.id, quoting);
    expect(terms).toMatchObject({
      collateralToken: 'SBTC',
      amountSats: 5_000_000n,
      protectedValue: 5_000_000n,
    });
    // A PUT keeps STX backing.
    const put = await saveQuote(
      handle.db,
      buyer,
      { params: { ...call, policyType: 'PUT', protectedValuePercentage: 90 } },
      quoting,
    );
    expect((await prepareQuoteForChain(handle.db, buyer, put.id, quoting)).collateralToken).toBe('STX');
  });

  it('is refused while sBTC backing is short, naming the sats, however much STX is free', async () => {
    await deliver(
      chain.runAs(
        depositCall(ids, {
          provider: stxProvider,
          token: 'STX',
          amount: 10_000_000_000_000n,
          tier: 'aggressive',
        }),
        stxProvider,
      ),
    );
    const quote = await saveQuote(handle.db, buyer, { params: call }, quoting);
    await expect(signQuoteForPurchase(handle.db, buyer, { id: quote.id }, quoting)).rejects.toMatchObject({
      code: 'CAPACITY_EXCEEDED',
      message: expect.stringMatching(
        /needs \d+ sats of sBTC of \w+-tier collateral and 0 sats of sBTC is free/,
      ),
    });
  });

  it('locks the collateral in sats on purchase; the vault, the mirror and the ledger agree per token', async () => {
    await deliver(
      chain.runAs(
        depositCall(ids, { provider: sbtcProvider, token: 'SBTC', amount: 100_000_000n, tier: 'aggressive' }),
        sbtcProvider,
      ),
    );
    await expectReconciled();
    const quote = await saveQuote(handle.db, buyer, { params: call }, quoting);
    const signing = await signQuoteForPurchase(handle.db, buyer, { id: quote.id }, quoting);
    if (signing.status !== 'SIGNED') throw new Error(`expected SIGNED, got ${signing.status}`);
    const { terms, signature, collateral, current } = signing;
    const [tier] = await handle.db
      .select({ ratio: tiers.collateralRatioBps })
      .from(tiers)
      .where(and(eq(tiers.name, current.backingTier), eq(tiers.token, 'SBTC')));
    expect(terms).toMatchObject({ collateralToken: 'SBTC', protectedValue: 5_000_000n, collateral });
    expect(collateral).toBe(divide(5_000_000n * BigInt(tier!.ratio), 10_000n, 'ceil'));

    const stxBefore = totals('STX');
    const bought = await deliver(chain.runAs(buyPolicyCall(ids, terms, signature), buyer));
    expect(bought.result).toMatch(/^\(ok u\d+\)$/);
    expect(totals('SBTC').locked).toBe(collateral);
    // The premium is paid in STX to the vault; no STX is locked for a CALL.
    expect(totals('STX').locked).toBe(stxBefore.locked);
    const [policy] = await handle.db.select().from(policies).where(eq(policies.quoteId, quote.id));
    expect(policy).toMatchObject({
      type: 'CALL',
      token: 'SBTC',
      collateralAmount: collateral,
      status: 'ACTIVE',
    });
    await expectReconciled();
  });
});
