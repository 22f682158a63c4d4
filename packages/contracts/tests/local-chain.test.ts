import { fileURLToPath } from 'node:url';
import { Cl, makeContractCall, Pc, PostConditionMode } from '@stacks/transactions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buyPolicyCall, type ContractCall, depositCall, exercisePolicyCall } from '../src/calls';
import { contractIds } from '../src/contract-ids';
import { LocalChain } from '../src/local-chain';
import { CHAIN_IDS, type QuoteTerms, quoteValidUntil, signQuoteTerms } from '../src/quote-terms';

// Clarinet's public devnet wallet_1 key (settings/Devnet.toml).
const WALLET_1_KEY = '7287ba251d44a4d3fd9276c88ce34c5c52a038955511cccaf77e61068649c17801';
const WALLET_1 = 'ST1SJ3DTE5DN7X54YDH5D64R3BCB6A2AG2ZQ8YPD5';
const ids = contractIds('devnet');

describe('LocalChain', () => {
  let chain: LocalChain;
  beforeAll(async () => {
    chain = await LocalChain.start(fileURLToPath(new URL('../Clarinet.toml', import.meta.url)));
  });

  const signed = async (amount: bigint, postConditionAmount: bigint, key = WALLET_1_KEY) => {
    const [contractAddress, contractName] = ids.vault.split('.') as [string, string];
    const tx = await makeContractCall({
      contractAddress,
      contractName,
      functionName: 'deposit-stx',
      functionArgs: [Cl.uint(amount), Cl.stringAscii('balanced')],
      postConditions: [Pc.principal(WALLET_1).willSendEq(postConditionAmount).ustx()],
      postConditionMode: PostConditionMode.Deny,
      senderKey: key,
      network: 'devnet',
      fee: 0,
      nonce: 0,
      validateWithAbi: false,
    });
    return tx.serialize();
  };

  it('runs a signed call as its signer and checks its post-conditions against what it moved', async () => {
    const held = chain.submit(await signed(1_000_000n, 1_000_000n));
    expect(held).toMatchObject({ ok: true, sender: WALLET_1, postConditionViolations: [] });
    expect(held.block.transactions[0]?.metadata.receipt.events.length).toBeGreaterThan(0);

    // A transaction whose conditions do not cover the transfer: a node would abort it; the local
    // chain reports it.
    const broken = chain.submit(await signed(2_000_000n, 1_000_000n));
    expect(broken.postConditionViolations).toEqual([
      `${WALLET_1} sent STX: 2000000, but the condition is eq 1000000`,
    ]);

    // Operator calls run as the given sender, conditions checked the same way.
    const asOperator = chain.runAs(
      depositCall(ids, { provider: WALLET_1, token: 'STX', amount: 5n, tier: 'balanced' }),
      WALLET_1,
    );
    expect(asOperator.postConditionViolations).toEqual([]);
  });

  it('C1: tells its own clock (stacks-block-time), which runs ahead of the wall clock as it mines', () => {
    const start = chain.blockTime;
    expect(start).toBeGreaterThan(Date.now() / 1000 - 60);
    chain.mineBurnBlocks(6);
    // Minutes of chain time per burn block, however fast they were mined.
    expect(chain.blockTime).toBeGreaterThan(start + 1_800);
  });

  it('refuses what is not a signed contract call', async () => {
    const tx = await signed(1n, 1n);
    // Flip a byte inside the signature: the origin no longer verifies.
    const tampered = `${tx.slice(0, 100)}${tx[100] === '0' ? '1' : '0'}${tx.slice(101)}`;
    expect(() => chain.submit(tampered)).toThrow();
    expect(() => chain.mineBurnBlocks(0)).toThrow(RangeError);
  });
});

describe('LocalChain: an sBTC-backed CALL end to end', () => {
  const OPERATOR_KEY = '753b7cc01a1a2e86221266a154af739463fce51219d97e4f856cd7200c3bd2a601';
  const OPERATOR_PUBKEY = '0390a5cac7c33fda49f70bc1b0866fa0ba7a9440d9de647fecb8132ceb76a94dfa';
  const WALLET_2 = 'ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AG';
  let chain: LocalChain;
  beforeAll(async () => {
    chain = await LocalChain.start(
      fileURLToPath(new URL('../Clarinet.toml', import.meta.url)),
      OPERATOR_PUBKEY,
    );
  });

  /** The buyer's wallet signs the binding's call, post-conditions and all. */
  const signedCall = async (call: ContractCall) => {
    const [contractAddress, contractName] = call.contract.split('.') as [string, string];
    const tx = await makeContractCall({
      contractAddress,
      contractName,
      functionName: call.functionName,
      functionArgs: call.functionArgs,
      postConditions: call.postConditions,
      postConditionMode: PostConditionMode.Deny,
      senderKey: WALLET_1_KEY,
      network: 'devnet',
      fee: 0,
      nonce: 0,
      validateWithAbi: false,
    });
    return tx.serialize();
  };

  it('deposits sBTC, buys a CALL on it, pays the buyer in sBTC within its post-condition', async () => {
    const deposit = depositCall(ids, {
      provider: WALLET_2,
      token: 'SBTC',
      amount: 50_000_000n,
      tier: 'balanced',
    });
    expect(chain.runAs(deposit, WALLET_2)).toMatchObject({ ok: true, postConditionViolations: [] });
    const terms: QuoteTerms = {
      quoteId: '00000000-0000-4000-8000-0000000000aa',
      buyer: WALLET_1,
      policyType: 'CALL',
      strikeUsd: 6_000_000_000_000n,
      amountSats: 10_000_000n,
      protectedValue: 10_000_000n,
      premium: 150_000_000n,
      expirationHeight: BigInt(chain.burnBlockHeight + 144),
      validUntil: quoteValidUntil(chain.blockTime),
      collateral: 10_000_000n,
      collateralToken: 'SBTC',
    };
    const signature = signQuoteTerms(terms, OPERATOR_KEY, CHAIN_IDS.devnet, ids.registry);
    const bought = chain.submit(await signedCall(buyPolicyCall(ids, terms, signature)));
    expect(bought).toMatchObject({ ok: true, result: '(ok u1)', postConditionViolations: [] });
    const buyerSats = chain.sbtcBalance(WALLET_1);
    chain.mineBurnBlocks(144);
    // BTC at $80,000: floor((80,000 − 60,000) × 0.1 BTC / 80,000) = 2,500,000 sats.
    const payout = ((8_000_000_000_000n - terms.strikeUsd) * terms.amountSats) / 8_000_000_000_000n;
    const deployer = 'ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM';
    const exercised = chain.runAs(exercisePolicyCall(ids, { policyId: 1n, payout, token: 'SBTC' }), deployer);
    expect(exercised).toMatchObject({ ok: true, result: `(ok u${payout})`, postConditionViolations: [] });
    expect(chain.sbtcBalance(WALLET_1)).toBe(buyerSats + 2_500_000n);
    expect(chain.sbtcBalance(ids.vault)).toBe(50_000_000n - 2_500_000n);
    expect(chain.vaultTotals('SBTC')).toEqual(
      Cl.tuple({ balance: Cl.uint(50_000_000n - 2_500_000n), locked: Cl.uint(0) }),
    );
  });
});
