import type { TierName, Token } from '../schema';

interface DemoBalance {
  token: Token;
  available: bigint;
  locked: bigint;
}

interface DemoProvider {
  principal: string;
  tier: TierName;
  balances: DemoBalance[];
}

const stx = (n: number) => BigInt(n) * 1_000_000n;
const btc = (sats: number) => BigInt(sats);

/**
 * Demo liquidity providers: the well-known Clarinet devnet wallets, so the dev wallet can sign
 * in as one of them. Figures are chosen to give every tier capital and a visible utilization.
 * The API package's seedDemoLedger writes them through the ledger (deposits and locks), so the
 * demo database satisfies every ledger identity.
 */
export const DEMO_PROVIDERS: readonly DemoProvider[] = [
  {
    principal: 'ST1SJ3DTE5DN7X54YDH5D64R3BCB6A2AG2ZQ8YPD5',
    tier: 'conservative',
    balances: [
      { token: 'STX', available: stx(120_000), locked: stx(30_000) },
      { token: 'SBTC', available: btc(150_000_000), locked: btc(50_000_000) },
    ],
  },
  {
    principal: 'ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AG',
    tier: 'conservative',
    balances: [{ token: 'STX', available: stx(80_000), locked: stx(20_000) }],
  },
  {
    principal: 'ST2JHG361ZXG51QTKY2NQCVBPPRRE2KZB1HR05NNC',
    tier: 'balanced',
    balances: [
      { token: 'STX', available: stx(150_000), locked: stx(100_000) },
      { token: 'SBTC', available: btc(200_000_000), locked: btc(100_000_000) },
    ],
  },
  {
    principal: 'ST2NEB84ASENDXKYGJPQW86YXQCEFEX2ZQPG87ND',
    tier: 'balanced',
    balances: [{ token: 'SBTC', available: btc(75_000_000), locked: btc(25_000_000) }],
  },
  {
    principal: 'ST2REHHS5J3CERCRBEPMGH7921Q6PYKAADT7JP2VB',
    tier: 'aggressive',
    balances: [
      { token: 'STX', available: stx(60_000), locked: stx(140_000) },
      { token: 'SBTC', available: btc(40_000_000), locked: btc(60_000_000) },
    ],
  },
  {
    principal: 'ST3AM1A56AK2C1XAFJ4115ZSV26EB49BVQ10MGCS0',
    tier: 'aggressive',
    balances: [{ token: 'STX', available: stx(25_000), locked: stx(75_000) }],
  },
];
