import { DEVNET_ACCOUNTS, devnetAccount } from '@bithedge/api/devnet';
import { verifyMessageSignatureRsv } from '@stacks/encryption';
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
