import { fileURLToPath } from 'node:url';
import { Cl, makeContractCall, Pc, PostConditionMode } from '@stacks/transactions';
import { beforeAll, describe, expect, it } from 'vitest';
import { depositCall } from '../src/calls';
import { contractIds } from '../src/contract-ids';
import { LocalChain } from '../src/local-chain';

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
