import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Simnet } from '@stacks/clarinet-sdk';
import { Cl } from '@stacks/transactions';
import { beforeEach, describe, expect, it } from 'vitest';
import { VAULT_ERRORS } from '../src/errors';
import { freshSimnet, printed } from '../src/simnet';

// The mock's code, pointing at the deployer's trait: deployed under another address, a look-alike.
const MOCK_SBTC_SOURCE = readFileSync(
  fileURLToPath(new URL('../contracts/mock-sbtc.clar', import.meta.url)),
  'utf8',
).replace('.sip-010-trait.', "'ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM.sip-010-trait.");

const ERR = VAULT_ERRORS;
const err = (code: number) => Cl.error(Cl.uint(code));

describe('liquidity-pool-vault', () => {
  let simnet: Simnet;
  let deployer: string;
  let alice: string;
  let bob: string;
  let sbtc: string;
  const vault = (fn: string, args: Parameters<Simnet['callPublicFn']>[2], sender: string) =>
    simnet.callPublicFn('liquidity-pool-vault', fn, args, sender);
  const read = (fn: string, args: Parameters<Simnet['callReadOnlyFn']>[2]) =>
    simnet.callReadOnlyFn('liquidity-pool-vault', fn, args, deployer).result;
  const totals = (token: string) => read('get-totals', [Cl.stringAscii(token)]);
  const stx = (who: string) => simnet.getAssetsMap().get('STX')?.get(who) ?? 0n;

  beforeEach(async () => {
    simnet = await freshSimnet();
    const accounts = simnet.getAccounts();
    deployer = accounts.get('deployer') as string;
    alice = accounts.get('wallet_1') as string;
    bob = accounts.get('wallet_2') as string;
    sbtc = `${deployer}.mock-sbtc`;
  });

  it('takes STX deposits under a tier and prints a stable event', () => {
    const before = stx(alice);
    const { result, events } = vault('deposit-stx', [Cl.uint(5_000_000), Cl.stringAscii('balanced')], alice);
    expect(result).toEqual(Cl.ok(Cl.uint(5_000_000)));
    expect(stx(alice)).toBe(before - 5_000_000n);
    expect(printed(events)).toEqual([
      { event: 'deposit', provider: alice, token: 'STX', amount: 5_000_000n, tier: 'balanced' },
    ]);
    expect(read('get-provider-balance', [Cl.principal(alice), Cl.stringAscii('STX')])).toEqual(
      Cl.uint(5_000_000),
    );
    expect(totals('STX')).toEqual(Cl.tuple({ balance: Cl.uint(5_000_000), locked: Cl.uint(0) }));
  });

  it('refuses zero amounts and unknown tiers', () => {
    expect(vault('deposit-stx', [Cl.uint(0), Cl.stringAscii('balanced')], alice).result).toEqual(
      err(ERR.INVALID_AMOUNT),
    );
    expect(vault('deposit-stx', [Cl.uint(1), Cl.stringAscii('yolo')], alice).result).toEqual(
      err(ERR.INVALID_TIER),
    );
  });

  it('takes sBTC only from the configured token contract, and names it in the deposit event', () => {
    simnet.callPublicFn('mock-sbtc', 'mint', [Cl.uint(100_000_000), Cl.principal(alice)], alice);
    const ok = vault(
      'deposit-sbtc',
      [Cl.contractPrincipal(deployer, 'mock-sbtc'), Cl.uint(40_000_000), Cl.stringAscii('aggressive')],
      alice,
    );
    expect(ok.result).toEqual(Cl.ok(Cl.uint(40_000_000)));
    expect(printed(ok.events)).toEqual([
      {
        event: 'deposit',
        provider: alice,
        token: 'SBTC',
        'token-contract': sbtc,
        amount: 40_000_000n,
        tier: 'aggressive',
      },
    ]);
    expect(simnet.getAssetsMap().get('.mock-sbtc.sbtc-token')?.get(`${deployer}.liquidity-pool-vault`)).toBe(
      40_000_000n,
    );
    // M8: a look-alike token (the same code deployed elsewhere, mintable by anyone) is refused.
    simnet.deployContract('fake-sbtc', MOCK_SBTC_SOURCE, { clarityVersion: 5 }, bob);
    simnet.callPublicFn(`${bob}.fake-sbtc`, 'mint', [Cl.uint(10), Cl.principal(alice)], alice);
    const fake = vault(
      'deposit-sbtc',
      [Cl.contractPrincipal(bob, 'fake-sbtc'), Cl.uint(1), Cl.stringAscii('aggressive')],
      alice,
    );
    expect(fake.result).toEqual(err(ERR.INVALID_TOKEN));
  });

  it('M8: the sBTC token is set once, and sBTC is refused until it is', async () => {
    // The deployment wired it (freshSimnet): it cannot be switched afterwards, even by the owner.
    expect(vault('set-sbtc-token', [Cl.principal(`${bob}.mock-sbtc`)], deployer).result).toEqual(
      err(ERR.ALREADY_SET),
    );
    expect(read('get-sbtc-token', [])).toEqual(Cl.some(Cl.principal(sbtc)));

    const bare = await freshSimnet(undefined, { wire: false });
    const token = Cl.contractPrincipal(deployer, 'mock-sbtc');
    bare.callPublicFn('mock-sbtc', 'mint', [Cl.uint(10), Cl.principal(alice)], alice);
    expect(
      bare.callPublicFn(
        'liquidity-pool-vault',
        'deposit-sbtc',
        [token, Cl.uint(10), Cl.stringAscii('balanced')],
        alice,
      ).result,
    ).toEqual(err(ERR.NO_SBTC_TOKEN));
    expect(
      bare.callPublicFn('liquidity-pool-vault', 'withdraw-sbtc', [token, Cl.uint(1)], alice).result,
    ).toEqual(err(ERR.NO_SBTC_TOKEN));
    expect(
      bare.callPublicFn('liquidity-pool-vault', 'set-sbtc-token', [Cl.principal(sbtc)], alice).result,
    ).toEqual(err(ERR.UNAUTHORIZED));
    expect(
      bare.callPublicFn('liquidity-pool-vault', 'set-sbtc-token', [Cl.principal(sbtc)], deployer).result,
    ).toEqual(Cl.ok(Cl.bool(true)));
    expect(
      bare.callPublicFn(
        'liquidity-pool-vault',
        'deposit-sbtc',
        [token, Cl.uint(10), Cl.stringAscii('balanced')],
        alice,
      ).result,
    ).toEqual(Cl.ok(Cl.uint(10)));
  });

  it('M1: the registry is set once', () => {
    expect(vault('set-registry', [Cl.contractPrincipal(deployer, 'mock-sbtc')], deployer).result).toEqual(
      err(ERR.ALREADY_SET),
    );
    expect(read('get-registry', [])).toEqual(Cl.some(Cl.principal(`${deployer}.policy-registry`)));
  });

  it('pays a withdrawal only to the provider, within the operator allowance, consuming it', () => {
    vault('deposit-stx', [Cl.uint(10_000_000), Cl.stringAscii('conservative')], alice);
    expect(vault('withdraw-stx', [Cl.uint(1)], alice).result).toEqual(err(ERR.EXCEEDS_ALLOWANCE));
    // Only the operator sets allowances.
    expect(
      vault(
        'set-withdrawal-allowance',
        [Cl.principal(alice), Cl.stringAscii('STX'), Cl.uint(0), Cl.uint(4_000_000)],
        alice,
      ).result,
    ).toEqual(err(ERR.UNAUTHORIZED));
    const allowance = vault(
      'set-withdrawal-allowance',
      [Cl.principal(alice), Cl.stringAscii('STX'), Cl.uint(0), Cl.uint(4_000_000)],
      deployer,
    );
    expect(printed(allowance.events)).toEqual([
      { event: 'allowance', provider: alice, token: 'STX', previous: 0n, amount: 4_000_000n },
    ]);
    // Bob cannot use Alice's allowance: his call debits his own (empty) balance.
    expect(vault('withdraw-stx', [Cl.uint(1_000_000)], bob).result).toEqual(err(ERR.EXCEEDS_ALLOWANCE));
    expect(vault('withdraw-stx', [Cl.uint(4_000_001)], alice).result).toEqual(err(ERR.EXCEEDS_ALLOWANCE));
    const before = stx(alice);
    const { result, events } = vault('withdraw-stx', [Cl.uint(3_000_000)], alice);
    expect(result).toEqual(Cl.ok(Cl.uint(3_000_000)));
    expect(stx(alice)).toBe(before + 3_000_000n);
    expect(printed(events)).toEqual([
      { event: 'withdraw', provider: alice, token: 'STX', amount: 3_000_000n },
    ]);
    expect(read('get-withdrawal-allowance', [Cl.principal(alice), Cl.stringAscii('STX')])).toEqual(
      Cl.uint(1_000_000),
    );
    expect(vault('withdraw-stx', [Cl.uint(1_000_001)], alice).result).toEqual(err(ERR.EXCEEDS_ALLOWANCE));
  });

  it('H1: an allowance set against a stale value is refused (compare-and-set)', () => {
    vault('deposit-stx', [Cl.uint(10_000_000), Cl.stringAscii('conservative')], alice);
    const set = (expected: number, amount: number) =>
      vault(
        'set-withdrawal-allowance',
        [Cl.principal(alice), Cl.stringAscii('STX'), Cl.uint(expected), Cl.uint(amount)],
        deployer,
      ).result;
    expect(set(0, 4_000_000)).toEqual(Cl.ok(Cl.uint(4_000_000)));
    // Alice withdraws part of it before the operator's next decision lands.
    expect(vault('withdraw-stx', [Cl.uint(3_000_000)], alice).result).toEqual(Cl.ok(Cl.uint(3_000_000)));
    // The operator, still believing 4 STX are authorized, would raise it again: refused.
    expect(set(4_000_000, 4_000_000)).toEqual(err(ERR.ALLOWANCE_CHANGED));
    expect(read('get-withdrawal-allowance', [Cl.principal(alice), Cl.stringAscii('STX')])).toEqual(
      Cl.uint(1_000_000),
    );
    // Against the live value it goes through.
    expect(set(1_000_000, 0)).toEqual(Cl.ok(Cl.uint(0)));
  });

  it('M1: only the registry locks and releases collateral, never the operator or owner key', () => {
    vault('deposit-stx', [Cl.uint(10_000_000), Cl.stringAscii('balanced')], alice);
    for (const sender of [deployer, alice]) {
      expect(
        vault('lock-collateral', [Cl.uint(1), Cl.stringAscii('STX'), Cl.uint(8_000_000)], sender).result,
      ).toEqual(err(ERR.UNAUTHORIZED));
      expect(vault('release-collateral', [Cl.uint(1)], sender).result).toEqual(err(ERR.NO_COLLATERAL));
    }
    expect(totals('STX')).toEqual(Cl.tuple({ balance: Cl.uint(10_000_000), locked: Cl.uint(0) }));
    // (Locks, their liquidity bound and releases through the registry: registry.test.ts.)
  });

  it('withdraws sBTC to the provider', () => {
    simnet.callPublicFn('mock-sbtc', 'mint', [Cl.uint(50_000_000), Cl.principal(alice)], alice);
    const token = Cl.contractPrincipal(deployer, 'mock-sbtc');
    vault('deposit-sbtc', [token, Cl.uint(50_000_000), Cl.stringAscii('balanced')], alice);
    vault(
      'set-withdrawal-allowance',
      [Cl.principal(alice), Cl.stringAscii('SBTC'), Cl.uint(0), Cl.uint(20_000_000)],
      deployer,
    );
    // The vault allows the token to move exactly this asset and amount (with-ft), nothing else.
    expect(vault('withdraw-sbtc', [token, Cl.uint(20_000_000)], alice).result).toEqual(
      Cl.ok(Cl.uint(20_000_000)),
    );
    expect(simnet.getAssetsMap().get('.mock-sbtc.sbtc-token')?.get(alice)).toBe(20_000_000n);
  });

  it('lets only the owner rotate the operator, and the old operator loses its powers', () => {
    expect(vault('set-operator', [Cl.principal(bob)], alice).result).toEqual(err(ERR.UNAUTHORIZED));
    const rotated = vault('set-operator', [Cl.principal(bob)], deployer);
    expect(printed(rotated.events)).toEqual([{ event: 'operator', previous: deployer, operator: bob }]);
    const allow = [Cl.principal(alice), Cl.stringAscii('STX'), Cl.uint(0), Cl.uint(1)];
    expect(vault('set-withdrawal-allowance', allow, deployer).result).toEqual(err(ERR.UNAUTHORIZED));
    expect(vault('set-withdrawal-allowance', allow, bob).result).toEqual(Cl.ok(Cl.uint(1)));
  });

  it('takes premiums and pays settlements only from the registry', () => {
    expect(vault('collect-premium-stx', [Cl.uint(1), Cl.uint(100)], alice).result).toEqual(
      err(ERR.UNAUTHORIZED),
    );
    expect(
      vault('pay-settlement-stx', [Cl.uint(1), Cl.principal(alice), Cl.uint(1)], deployer).result,
    ).toEqual(err(ERR.NO_COLLATERAL));
    expect(
      vault('lock-collateral', [Cl.uint(1), Cl.stringAscii('STX'), Cl.uint(5_000_000)], deployer).result,
    ).toEqual(err(ERR.UNAUTHORIZED));
  });
});
