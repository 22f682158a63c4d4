import { createHash } from 'node:crypto';
import type { Simnet } from '@stacks/clarinet-sdk';
import { Cl, encodeStructuredDataBytes } from '@stacks/transactions';
import { beforeEach, describe, expect, it } from 'vitest';
import { REGISTRY_ERRORS, VAULT_ERRORS } from '../src/errors';
import {
  CHAIN_IDS,
  PURCHASE_WINDOW_SECONDS,
  type QuoteTerms,
  quoteDomain,
  quoteTermsCV,
  quoteValidUntil,
  signQuoteTerms,
} from '../src/quote-terms';
import { freshSimnet, printed } from '../src/simnet';

// Clarinet's public devnet keys: the deployer is the operator and signs quotes.
const OPERATOR_KEY = '753b7cc01a1a2e86221266a154af739463fce51219d97e4f856cd7200c3bd2a601';
const OPERATOR_PUBKEY = '0390a5cac7c33fda49f70bc1b0866fa0ba7a9440d9de647fecb8132ceb76a94dfa';
const OTHER_KEY = '7287ba251d44a4d3fd9276c88ce34c5c52a038955511cccaf77e61068649c17801';

const ERR = {
  ...REGISTRY_ERRORS,
  EXCEEDS_COLLATERAL: VAULT_ERRORS.EXCEEDS_COLLATERAL,
  INSUFFICIENT_LIQUIDITY: VAULT_ERRORS.INSUFFICIENT_LIQUIDITY,
};
const err = (code: number) => Cl.error(Cl.uint(code));

describe('policy-registry', () => {
  let simnet: Simnet;
  let deployer: string;
  let alice: string;
  let bob: string;
  let buyer: string;
  let registry: string;
  let quoteCounter = 0;

  const call = (contract: string, fn: string, args: Parameters<Simnet['callPublicFn']>[2], sender: string) =>
    simnet.callPublicFn(contract, fn, args, sender);
  const stx = (who: string) => simnet.getAssetsMap().get('STX')?.get(who) ?? 0n;
  const vaultTotals = () =>
    simnet.callReadOnlyFn('liquidity-pool-vault', 'get-totals', [Cl.stringAscii('STX')], deployer).result;

  function terms(overrides: Partial<QuoteTerms> = {}): QuoteTerms {
    quoteCounter++;
    return {
      quoteId: `00000000-0000-4000-8000-${quoteCounter.toString(16).padStart(12, '0')}`,
      buyer,
      policyType: 'PUT',
      strikeUsd: 5_400_000_000_000n,
      amountSats: 10_000_000n,
      protectedValue: 3_600_000_000n,
      premium: 150_000_000n,
      expirationHeight: BigInt(simnet.burnBlockHeight + 144),
      // Timed by the chain's own clock, as the backend does (the simnet's runs ahead of ours).
      validUntil: quoteValidUntil(Number(simnet.getBlockTime())),
      collateral: 3_600_000_000n,
      ...overrides,
    };
  }
  const purchase = (
    t: QuoteTerms,
    signature = signQuoteTerms(t, OPERATOR_KEY, CHAIN_IDS.devnet, registry),
    sender = buyer,
  ) => call('policy-registry', 'purchase-policy', [quoteTermsCV(t), Cl.bufferFromHex(signature)], sender);
  const lastPolicyId = () =>
    simnet.callReadOnlyFn('policy-registry', 'get-last-policy-id', [], deployer).result;

  beforeEach(async () => {
    simnet = await freshSimnet();
    const accounts = simnet.getAccounts();
    deployer = accounts.get('deployer') as string;
    alice = accounts.get('wallet_1') as string;
    bob = accounts.get('wallet_2') as string;
    buyer = accounts.get('wallet_3') as string;
    registry = `${deployer}.policy-registry`;
    expect(
      call('policy-registry', 'set-quote-key', [Cl.bufferFromHex(OPERATOR_PUBKEY)], deployer).result,
    ).toEqual(Cl.ok(Cl.bool(true)));
    call('liquidity-pool-vault', 'deposit-stx', [Cl.uint(6_000_000_000), Cl.stringAscii('balanced')], alice);
    call(
      'liquidity-pool-vault',
      'deposit-stx',
      [Cl.uint(4_000_000_000), Cl.stringAscii('conservative')],
      bob,
    );
  });

  it('verifies the contract hashes quotes exactly as the TypeScript signer does', () => {
    const t = terms();
    const onChain = simnet.callReadOnlyFn(
      'policy-registry',
      'quote-hash',
      [quoteTermsCV(t)],
      deployer,
    ).result;
    const offChain = createHash('sha256')
      .update(
        encodeStructuredDataBytes({
          message: quoteTermsCV(t),
          domain: quoteDomain(CHAIN_IDS.devnet, registry),
        }),
      )
      .digest('hex');
    expect(onChain).toEqual(Cl.bufferFromHex(offChain));
  });

  it('whole lifecycle: deposits, purchase with its lock, expiry with its release; the premium stays in the vault', () => {
    const t = terms();
    const buyerBefore = stx(buyer);
    const bought = purchase(t);
    expect(bought.result).toEqual(Cl.ok(Cl.uint(1)));
    expect(stx(buyer)).toBe(buyerBefore - t.premium);
    const events = printed(bought.events);
    expect(events).toContainEqual({ event: 'lock', 'policy-id': 1n, token: 'STX', amount: t.collateral });
    expect(events).toContainEqual({
      event: 'premium',
      'policy-id': 1n,
      buyer,
      token: 'STX',
      amount: t.premium,
    });
    expect(events).toContainEqual(
      expect.objectContaining({
        event: 'policy-created',
        'policy-id': 1n,
        buyer,
        premium: t.premium,
        collateral: t.collateral,
        'policy-type': 'PUT',
      }),
    );
    // Locked in the purchase itself: no operator call is needed (nor accepted).
    expect(vaultTotals()).toEqual(
      Cl.tuple({ balance: Cl.uint(10_000_000_000n + t.premium), locked: Cl.uint(t.collateral) }),
    );
    expect(
      call(
        'liquidity-pool-vault',
        'lock-collateral',
        [Cl.uint(1), Cl.stringAscii('STX'), Cl.uint(t.protectedValue)],
        deployer,
      ).result,
    ).toEqual(err(VAULT_ERRORS.UNAUTHORIZED));

    // Not before its expiration height, and only by the operator.
    expect(call('policy-registry', 'expire-policy', [Cl.uint(1)], deployer).result).toEqual(
      err(ERR.NOT_EXPIRED),
    );
    simnet.mineEmptyBurnBlocks(144);
    expect(call('policy-registry', 'expire-policy', [Cl.uint(1)], alice).result).toEqual(
      err(ERR.UNAUTHORIZED),
    );
    expect(call('liquidity-pool-vault', 'release-collateral', [Cl.uint(1)], deployer).result).toEqual(
      err(VAULT_ERRORS.UNAUTHORIZED),
    );
    const expired = call('policy-registry', 'expire-policy', [Cl.uint(1)], deployer);
    expect(expired.result).toEqual(Cl.ok(Cl.bool(true)));
    expect(printed(expired.events)).toEqual([
      { event: 'release', 'policy-id': 1n, token: 'STX', amount: t.collateral },
      { event: 'policy-expired', 'policy-id': 1n, buyer },
    ]);
    expect(call('policy-registry', 'exercise-policy', [Cl.uint(1), Cl.uint(1)], deployer).result).toEqual(
      err(ERR.NOT_ACTIVE),
    );
    expect(vaultTotals()).toEqual(
      Cl.tuple({ balance: Cl.uint(10_000_000_000n + t.premium), locked: Cl.uint(0) }),
    );
  });

  it('credits premiums to providers, never beyond those paid in, and lets them be withdrawn', () => {
    const t = terms();
    purchase(t);
    const pool = () =>
      simnet.callReadOnlyFn('liquidity-pool-vault', 'get-premium-pool', [Cl.stringAscii('STX')], deployer)
        .result;
    expect(pool()).toEqual(Cl.uint(t.premium));
    let claims = 0;
    const claimId = () => (++claims).toString(16).padStart(64, '0');
    const credit = (who: string, amount: bigint, sender = deployer, claim = claimId()) =>
      call(
        'liquidity-pool-vault',
        'credit-premium',
        [Cl.principal(who), Cl.stringAscii('STX'), Cl.bufferFromHex(claim), Cl.uint(amount)],
        sender,
      );
    expect(credit(alice, 1n, alice).result).toEqual(err(VAULT_ERRORS.UNAUTHORIZED));
    expect(credit(alice, t.premium + 1n).result).toEqual(err(VAULT_ERRORS.EXCEEDS_PREMIUMS));
    expect(credit(alice, 0n).result).toEqual(err(VAULT_ERRORS.INVALID_AMOUNT));
    expect(
      call(
        'liquidity-pool-vault',
        'credit-premium',
        [Cl.principal(alice), Cl.stringAscii('DOGE'), Cl.bufferFromHex(claimId()), Cl.uint(1)],
        deployer,
      ).result,
    ).toEqual(err(VAULT_ERRORS.INVALID_TOKEN));
    const claim = claimId();
    const credited = credit(alice, 100_000_000n, deployer, claim);
    expect(credited.result).toEqual(Cl.ok(Cl.uint(100_000_000n)));
    expect(printed(credited.events)).toEqual([
      { event: 'premium-credit', provider: alice, token: 'STX', 'claim-id': claim, amount: 100_000_000n },
    ]);
    // H2: the same claim sent again (a re-sent or overlapping operator transaction) credits nothing.
    expect(credit(alice, 100_000_000n, deployer, claim).result).toEqual(err(VAULT_ERRORS.ALREADY_CREDITED));
    expect(credit(alice, 1n, deployer, claim).result).toEqual(err(VAULT_ERRORS.ALREADY_CREDITED));
    expect(pool()).toEqual(Cl.uint(t.premium - 100_000_000n));
    expect(credit(bob, 50_000_001n).result).toEqual(err(VAULT_ERRORS.EXCEEDS_PREMIUMS));
    // Alice can now withdraw her deposit and her premium, with the operator's allowance.
    const all = 6_000_000_000n + 100_000_000n;
    call(
      'liquidity-pool-vault',
      'set-withdrawal-allowance',
      [Cl.principal(alice), Cl.stringAscii('STX'), Cl.uint(0), Cl.uint(all)],
      deployer,
    );
    const before = stx(alice);
    expect(call('liquidity-pool-vault', 'withdraw-stx', [Cl.uint(all)], alice).result).toEqual(
      Cl.ok(Cl.uint(all)),
    );
    expect(stx(alice)).toBe(before + all);
    // The vault's balance is what is left: Bob's deposit and the uncredited premium (the policy's
    // collateral is still locked).
    expect(vaultTotals()).toEqual(
      Cl.tuple({
        balance: Cl.uint(4_000_000_000n + t.premium - 100_000_000n),
        locked: Cl.uint(t.collateral),
      }),
    );
  });

  it('second lifecycle: exercise pays the buyer out of the locked collateral, never more', () => {
    // Collateral below the protected value (a tier that under-collateralizes): the lock caps the payout.
    const t = terms({ collateral: 3_000_000_000n });
    purchase(t);
    // M1: not before expiry, even by the operator.
    expect(call('policy-registry', 'exercise-policy', [Cl.uint(1), Cl.uint(1)], deployer).result).toEqual(
      err(ERR.NOT_EXPIRED),
    );
    simnet.mineEmptyBurnBlocks(144);
    // M1: never more than the value the policy protects, nor than what is locked for it.
    expect(
      call('policy-registry', 'exercise-policy', [Cl.uint(1), Cl.uint(t.protectedValue + 1n)], deployer)
        .result,
    ).toEqual(err(ERR.EXCEEDS_PROTECTED));
    expect(
      call('policy-registry', 'exercise-policy', [Cl.uint(1), Cl.uint(t.collateral + 1n)], deployer).result,
    ).toEqual(err(ERR.EXCEEDS_COLLATERAL));
    expect(call('policy-registry', 'exercise-policy', [Cl.uint(1), Cl.uint(1_000_000)], bob).result).toEqual(
      err(ERR.UNAUTHORIZED),
    );
    const before = stx(buyer);
    const payout = 1_200_000_000n;
    const exercised = call('policy-registry', 'exercise-policy', [Cl.uint(1), Cl.uint(payout)], deployer);
    expect(exercised.result).toEqual(Cl.ok(Cl.uint(payout)));
    expect(stx(buyer)).toBe(before + payout);
    // What was not paid out is released back to the pool in the same transaction.
    expect(printed(exercised.events)).toEqual([
      { event: 'settlement', 'policy-id': 1n, buyer, token: 'STX', amount: payout },
      { event: 'release', 'policy-id': 1n, token: 'STX', amount: t.collateral - payout },
      { event: 'policy-exercised', 'policy-id': 1n, buyer, token: 'STX', amount: payout },
    ]);
    expect(call('policy-registry', 'exercise-policy', [Cl.uint(1), Cl.uint(1)], deployer).result).toEqual(
      err(ERR.NOT_ACTIVE),
    );
    expect(vaultTotals()).toEqual(
      Cl.tuple({ balance: Cl.uint(10_000_000_000n + t.premium - payout), locked: Cl.uint(0) }),
    );
  });

  it('refuses a tampered premium, another signer, another buyer, a late or reused quote', () => {
    const t = terms();
    const signature = signQuoteTerms(t, OPERATOR_KEY, CHAIN_IDS.devnet, registry);
    expect(purchase({ ...t, premium: t.premium - 1n }, signature).result).toEqual(err(ERR.BAD_SIGNATURE));
    expect(purchase({ ...t, expirationHeight: t.expirationHeight + 1000n }, signature).result).toEqual(
      err(ERR.BAD_SIGNATURE),
    );
    expect(purchase({ ...t, collateral: t.collateral - 1n }, signature).result).toEqual(
      err(ERR.BAD_SIGNATURE),
    );
    expect(purchase(t, signQuoteTerms(t, OTHER_KEY, CHAIN_IDS.devnet, registry)).result).toEqual(
      err(ERR.BAD_SIGNATURE),
    );
    expect(purchase(t, signQuoteTerms(t, OPERATOR_KEY, CHAIN_IDS.mainnet, registry)).result).toEqual(
      err(ERR.BAD_SIGNATURE),
    );
    expect(purchase(t, signature, alice).result).toEqual(err(ERR.WRONG_BUYER));
    expect(purchase(t, signature).result).toEqual(Cl.ok(Cl.uint(1)));
    expect(purchase(t, signature).result).toEqual(err(ERR.QUOTE_USED));
  });

  it('C1: a quote whose valid-until has passed in chain time is refused, and nothing moves', () => {
    const late = terms();
    expect(late.validUntil).toBe(BigInt(Number(simnet.getBlockTime()) + PURCHASE_WINDOW_SECONDS));
    // One Bitcoin block (ten minutes of chain time) later the five-minute window is over.
    simnet.mineEmptyBurnBlock();
    expect(BigInt(simnet.getBlockTime())).toBeGreaterThan(late.validUntil);
    const before = stx(buyer);
    expect(purchase(late).result).toEqual(err(ERR.QUOTE_EXPIRED));
    expect(stx(buyer)).toBe(before);
    // A fresh quote, timed now, is bought.
    expect(purchase(terms()).result).toEqual(Cl.ok(Cl.uint(1)));
  });

  it('L7: a signature made for another registry (same key, same chain) is refused', () => {
    const t = terms();
    const elsewhere = signQuoteTerms(t, OPERATOR_KEY, CHAIN_IDS.devnet, `${alice}.policy-registry`);
    expect(purchase(t, elsewhere).result).toEqual(err(ERR.BAD_SIGNATURE));
    expect(simnet.callReadOnlyFn('policy-registry', 'get-domain', [], deployer).result).toEqual(
      quoteDomain(CHAIN_IDS.devnet, registry),
    );
  });

  it('M2: with enough free liquidity the purchase locks the collateral atomically', () => {
    const t = terms({ collateral: 10_000_000_000n });
    const bought = purchase(t);
    expect(bought.result).toEqual(Cl.ok(Cl.uint(1)));
    expect(vaultTotals()).toEqual(
      Cl.tuple({ balance: Cl.uint(10_000_000_000n + t.premium), locked: Cl.uint(t.collateral) }),
    );
    expect(
      simnet.callReadOnlyFn('liquidity-pool-vault', 'get-policy-collateral', [Cl.uint(1)], deployer).result,
    ).toEqual(Cl.some(Cl.tuple({ token: Cl.stringAscii('STX'), amount: Cl.uint(t.collateral) })));
  });

  it('M2: without enough free liquidity the purchase is refused: premium unpaid, nothing locked', () => {
    // All the pool's 10,000 STX is free; a policy needing one micro-STX more cannot be bought
    // (and its own premium does not count towards its collateral).
    const t = terms({ collateral: 10_000_000_001n });
    const before = stx(buyer);
    expect(purchase(t).result).toEqual(err(ERR.INSUFFICIENT_LIQUIDITY));
    expect(stx(buyer)).toBe(before);
    expect(vaultTotals()).toEqual(Cl.tuple({ balance: Cl.uint(10_000_000_000n), locked: Cl.uint(0) }));
    expect(lastPolicyId()).toEqual(Cl.uint(0));
    expect(
      simnet.callReadOnlyFn(
        'policy-registry',
        'is-quote-used',
        [quoteTermsCV(t).value['quote-id']!],
        deployer,
      ).result,
    ).toEqual(Cl.bool(false));
    // A quote without collateral is not a policy the pool backs.
    expect(purchase(terms({ collateral: 0n })).result).toEqual(err(ERR.INVALID_TERMS));
  });

  it('lets only the owner set the quote key', () => {
    expect(
      call('policy-registry', 'set-quote-key', [Cl.bufferFromHex(OPERATOR_PUBKEY)], alice).result,
    ).toEqual(err(ERR.UNAUTHORIZED));
  });
});
