import { describe, expect, it } from 'vitest';
import { explorerTxUrl } from '@/lib/explorer';
import { csvCell, transactionsCsv } from './transactions-csv';

describe('transactions CSV', () => {
  it('writes exact base units, quotes what needs quoting and defuses formulas', () => {
    const csv = transactionsCsv([
      {
        id: 9_007_199_254_740_993n,
        at: new Date('2026-12-01T10:00:00.000Z'),
        type: 'SETTLEMENT_DEBIT',
        kind: 'settlement',
        description: 'Settlement debit for policy #7, "exercised"',
        status: 'CONFIRMED',
        token: 'STX',
        amount: 123_456_789_012_345_678n,
        capitalChange: -123_456_789_012_345_678n,
        premiumIncomeChange: 0n,
        policy: { id: 3, onchainId: '7' },
        chainTxId: '0xabc',
      },
    ]);
    const [header, row, end] = csv.split('\r\n');
    expect(header).toMatch(/^id,time_utc,kind,type,description/);
    expect(row).toBe(
      `9007199254740993,2026-12-01T10:00:00.000Z,settlement,SETTLEMENT_DEBIT,"Settlement debit for policy #7, ""exercised""",CONFIRMED,STX,123456789012345678,-123456789012345678,0,micro-STX,3,7,0xabc`,
    );
    expect(end).toBe('');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-1+1')).toBe(`'-1+1`);
  });

  it('links a transaction to the explorer of its network, and nowhere on the local simnet', () => {
    expect(explorerTxUrl('abc', { kind: 'hiro', chain: 'testnet' })).toBe(
      'https://explorer.hiro.so/txid/0xabc?chain=testnet',
    );
    expect(explorerTxUrl('0xabc', { kind: 'hiro', chain: 'mainnet' })).toBe(
      'https://explorer.hiro.so/txid/0xabc?chain=mainnet',
    );
    expect(explorerTxUrl('0xabc', { kind: 'local' })).toBeNull();
  });
});
