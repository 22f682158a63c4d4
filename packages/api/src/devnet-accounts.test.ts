import { getAddressFromPrivateKey, privateKeyToPublic } from '@stacks/transactions';
import { describe, expect, it } from 'vitest';
import { DEVNET_ACCOUNTS } from './devnet-accounts';

describe('devnet accounts', () => {
  it.each(DEVNET_ACCOUNTS)('$name: address and public key derive from the private key', (a) => {
    expect(getAddressFromPrivateKey(a.privateKey, 'testnet')).toBe(a.address);
    expect(privateKeyToPublic(a.privateKey)).toBe(a.publicKey);
  });
});
