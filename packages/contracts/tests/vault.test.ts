import type { Simnet } from '@stacks/clarinet-sdk';
import { Cl } from '@stacks/transactions';
import { beforeEach, describe, expect, it } from 'vitest';
import { VAULT_ERRORS } from '../src/errors';
import { freshSimnet, printed } from '../src/simnet';

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

  it('takes sBTC only from the configured token contract', () => {
    simnet.callPublicFn('mock-sbtc', 'mint', [Cl.uint(100_000_000), Cl.principal(alice)], alice);
    const ok = vault(
      'deposit-sbtc',
      [Cl.contractPrincipal(deployer, 'mock-sbtc'), Cl.uint(40_000_000), Cl.stringAscii('aggressive')],
      alice,
    );
    expect(ok.result).toEqual(Cl.ok(Cl.uint(40_000_000)));
    expect(simnet.getAssetsMap().get('.mock-sbtc.sbtc')?.get(`${deployer}.liquidity-pool-vault`)).toBe(
      40_000_000n,
    );
    // A look-alike token is refused (here: the right code at an address the vault does not trust).
    expect(vault('set-sbtc-token', [Cl.principal(`${bob}.mock-sbtc`)], deployer).result).toEqual(
      Cl.ok(Cl.bool(true)),
    );
    const fake = vault(
      'deposit-sbtc',
      [Cl.contractPrincipal(deployer, 'mock-sbtc'), Cl.uint(1), Cl.stringAscii('aggressive')],
      alice,
    );
    expect(fake.result).toEqual(err(ERR.INVALID_TOKEN));
    expect(sbtc).toContain('mock-sbtc');
  });

  it('pays a withdrawal only to the provider, within the operator allowance, consuming it', () => {
    vault('deposit-stx', [Cl.uint(10_000_000), Cl.stringAscii('conservative')], alice);
    expect(vault('withdraw-stx', [Cl.uint(1)], alice).result).toEqual(err(ERR.EXCEEDS_ALLOWANCE));
    // Only the operator sets allowances.
    expect(
      vault(
        'set-withdrawal-allowance',
        [Cl.principal(alice), Cl.stringAscii('STX'), Cl.uint(4_000_000)],
        alice,
      ).result,
    ).toEqual(err(ERR.UNAUTHORIZED));
    const allowance = vault(
      'set-withdrawal-allowance',
      [Cl.principal(alice), Cl.stringAscii('STX'), Cl.uint(4_000_000)],
      deployer,
    );
    expect(printed(allowance.events)).toEqual([
      { event: 'allowance', provider: alice, token: 'STX', amount: 4_000_000n },
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

  it('never lets a withdrawal take locked collateral, and locks only free funds', () => {
    vault('deposit-stx', [Cl.uint(10_000_000), Cl.stringAscii('balanced')], alice);
    vault(
      'set-withdrawal-allowance',
      [Cl.principal(alice), Cl.stringAscii('STX'), Cl.uint(10_000_000)],
      deployer,
    );
    expect(
      vault('lock-collateral', [Cl.uint(1), Cl.stringAscii('STX'), Cl.uint(8_000_000)], alice).result,
    ).toEqual(err(ERR.UNAUTHORIZED));
    const lock = vault('lock-collateral', [Cl.uint(1), Cl.stringAscii('STX'), Cl.uint(8_000_000)], deployer);
    expect(printed(lock.events)).toEqual([
      { event: 'lock', 'policy-id': 1n, token: 'STX', amount: 8_000_000n },
    ]);
    expect(
      vault('lock-collateral', [Cl.uint(1), Cl.stringAscii('STX'), Cl.uint(1)], deployer).result,
    ).toEqual(err(ERR.ALREADY_LOCKED));
    expect(
      vault('lock-collateral', [Cl.uint(2), Cl.stringAscii('STX'), Cl.uint(2_000_001)], deployer).result,
    ).toEqual(err(ERR.INSUFFICIENT_LIQUIDITY));
    expect(vault('withdraw-stx', [Cl.uint(2_000_001)], alice).result).toEqual(
      err(ERR.INSUFFICIENT_LIQUIDITY),
    );
    expect(vault('withdraw-stx', [Cl.uint(2_000_000)], alice).result).toEqual(Cl.ok(Cl.uint(2_000_000)));

    expect(vault('release-collateral', [Cl.uint(1)], bob).result).toEqual(err(ERR.UNAUTHORIZED));
    const release = vault('release-collateral', [Cl.uint(1)], deployer);
    expect(printed(release.events)).toEqual([
      { event: 'release', 'policy-id': 1n, token: 'STX', amount: 8_000_000n },
    ]);
    expect(vault('release-collateral', [Cl.uint(1)], deployer).result).toEqual(err(ERR.NO_COLLATERAL));
    expect(totals('STX')).toEqual(Cl.tuple({ balance: Cl.uint(8_000_000), locked: Cl.uint(0) }));
  });

  it('withdraws sBTC to the provider', () => {
    simnet.callPublicFn('mock-sbtc', 'mint', [Cl.uint(50_000_000), Cl.principal(alice)], alice);
    const token = Cl.contractPrincipal(deployer, 'mock-sbtc');
    vault('deposit-sbtc', [token, Cl.uint(50_000_000), Cl.stringAscii('balanced')], alice);
    vault(
      'set-withdrawal-allowance',
      [Cl.principal(alice), Cl.stringAscii('SBTC'), Cl.uint(20_000_000)],
      deployer,
    );
    expect(vault('withdraw-sbtc', [token, Cl.uint(20_000_000)], alice).result).toEqual(
      Cl.ok(Cl.uint(20_000_000)),
    );
    expect(simnet.getAssetsMap().get('.mock-sbtc.sbtc')?.get(alice)).toBe(20_000_000n);
  });

  it('lets only the owner rotate the operator, and the old operator loses its powers', () => {
    expect(vault('set-operator', [Cl.principal(bob)], alice).result).toEqual(err(ERR.UNAUTHORIZED));
    const rotated = vault('set-operator', [Cl.principal(bob)], deployer);
    expect(printed(rotated.events)).toEqual([{ event: 'operator', previous: deployer, operator: bob }]);
    expect(
      vault('set-withdrawal-allowance', [Cl.principal(alice), Cl.stringAscii('STX'), Cl.uint(1)], deployer)
        .result,
    ).toEqual(err(ERR.UNAUTHORIZED));
    expect(
      vault('set-withdrawal-allowance', [Cl.principal(alice), Cl.stringAscii('STX'), Cl.uint(1)], bob).result,
    ).toEqual(Cl.ok(Cl.uint(1)));
  });

  it('takes premiums and pays settlements only from the registry', () => {
    expect(vault('collect-premium-stx', [Cl.uint(1), Cl.uint(100)], alice).result).toEqual(
      err(ERR.UNAUTHORIZED),
    );
    expect(
      vault('pay-settlement-stx', [Cl.uint(1), Cl.principal(alice), Cl.uint(1)], deployer).result,
    ).toEqual(err(ERR.NO_COLLATERAL));
    vault('deposit-stx', [Cl.uint(10_000_000), Cl.stringAscii('balanced')], bob);
    vault('lock-collateral', [Cl.uint(1), Cl.stringAscii('STX'), Cl.uint(5_000_000)], deployer);
    expect(
      vault('pay-settlement-stx', [Cl.uint(1), Cl.principal(alice), Cl.uint(1)], deployer).result,
    ).toEqual(err(ERR.UNAUTHORIZED));
  });
});
