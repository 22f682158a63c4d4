import { describe, expect, it } from 'vitest';
import { capLabel, mismatchMessage } from './vault-caps-format';

describe('vault cap wording', () => {
  it('names no cap, a closed tier and a cap to the base unit', () => {
    expect(capLabel(null, 'STX')).toBe('No cap');
    expect(capLabel(0n, 'SBTC')).toBe('0 sBTC (closed)');
    expect(capLabel(10_000_000_000_000n, 'STX')).toBe('10,000,000 STX');
    expect(capLabel(5_000_000_001n, 'SBTC')).toBe('50.00000001 sBTC');
  });

  it('tells the owner what the vault holds and what to apply', () => {
    expect(
      mismatchMessage({
        tier: 'balanced',
        token: 'STX',
        vaultCap: 10_000_000_000_000n,
        targetCap: 20_000_000_000_000n,
      }),
    ).toBe(
      'The vault still caps Balanced STX at 10,000,000 STX; the contract owner must apply 20,000,000 STX.',
    );
    expect(mismatchMessage({ tier: 'aggressive', token: 'SBTC', vaultCap: null, targetCap: 0n })).toBe(
      'The vault does not cap Aggressive sBTC at all; the contract owner must apply 0 sBTC (closed).',
    );
  });
});
