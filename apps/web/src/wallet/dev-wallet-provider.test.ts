import { DEVNET_ACCOUNTS, devnetAccount } from '@bithedge/api/devnet';
import { verifyMessageSignatureRsv } from '@stacks/encryption';
import { Cl, deserializeTransaction, Pc, PostConditionMode, postConditionToHex } from '@stacks/transactions';
import { describe, expect, it } from 'vitest';
import { createDevWalletProvider } from './dev-wallet-provider';

describe('dev wallet provider', () => {
  it('refuses to exist on mainnet', () => {
    expect(() => createDevWalletProvider('mainnet', () => devnetAccount('wallet_1'))).toThrow(/mainnet/);
  });

  it('gives the selected account and signs messages its public key verifies', async () => {
    let account = devnetAccount('wallet_1');
    const wallet = createDevWalletProvider('devnet', () => account);
    const addresses = await wallet.request('getAddresses');
    expect(addresses).toMatchObject({
      result: { addresses: [{ symbol: 'STX', address: account.address, publicKey: account.publicKey }] },
    });

    account = devnetAccount('wallet_2');
    const signed = await wallet.request('stx_signMessage', { message: 'hello' });
    if (!('result' in signed)) throw new Error('expected a signature');
    const { signature, publicKey } = signed.result as { signature: string; publicKey: string };
    expect(publicKey).toBe(account.publicKey);
    expect(verifyMessageSignatureRsv({ message: 'hello', signature, publicKey })).toBe(true);
    expect(verifyMessageSignatureRsv({ message: 'hellO', signature, publicKey })).toBe(false);
  });

  it('answers unknown methods and bad params with JSON-RPC errors', async () => {
    const wallet = createDevWalletProvider('testnet', () => DEVNET_ACCOUNTS[0]);
    expect(await wallet.request('stx_transferStx', {})).toMatchObject({ error: { code: -32601 } });
    expect(await wallet.request('stx_signMessage', { message: 7 })).toMatchObject({
      error: { code: -32602 },
    });
  });
});

describe('dev wallet contract calls', () => {
  it('signs the call with the selected account and hands it to the local chain', async () => {
    const account = devnetAccount('wallet_3');
    let sent = '';
    const wallet = createDevWalletProvider(
      'devnet',
      () => account,
      async (hex) => {
        sent = hex;
        return { txid: '0xabc' };
      },
    );
    const response = await wallet.request('stx_callContract', {
      contract: 'ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM.liquidity-pool-vault',
      functionName: 'deposit-stx',
      functionArgs: [Cl.serialize(Cl.uint(5_000_000)), Cl.serialize(Cl.stringAscii('balanced'))],
      postConditions: [postConditionToHex(Pc.principal(account.address).willSendEq(5_000_000).ustx())],
    });
    expect(response).toEqual({ jsonrpc: '2.0', id: expect.any(String), result: { txid: '0xabc' } });
    const tx = deserializeTransaction(sent);
    expect(() => tx.verifyOrigin()).not.toThrow();
    expect(tx.payload).toMatchObject({ functionName: { content: 'deposit-stx' } });
    expect(tx.postConditionMode).toBe(PostConditionMode.Deny);
    expect(tx.postConditions.values).toHaveLength(1);
  });

  it('says so when there is no local chain, and refuses malformed calls', async () => {
    const offline = createDevWalletProvider('devnet', () => devnetAccount('wallet_1'));
    expect(await offline.request('stx_callContract', {})).toMatchObject({
      error: { message: /no local chain/ },
    });
    const online = createDevWalletProvider(
      'devnet',
      () => devnetAccount('wallet_1'),
      async () => ({ txid: 'x' }),
    );
    expect(await online.request('stx_callContract', { contract: 'nope', functionName: 'f' })).toMatchObject({
      error: { code: -32602, message: /ADDRESS.contract-name/ },
    });
  });
});
