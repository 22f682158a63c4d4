import type { Simnet } from '@stacks/clarinet-sdk';
import { Cl } from '@stacks/transactions';
import { beforeEach, describe, expect, it } from 'vitest';
import { setTierCapCall } from '../src/calls';
import { contractIds, vaultOwner } from '../src/contract-ids';
import { VAULT_ERRORS } from '../src/errors';
import { decodeContractEvent } from '../src/events';
import { freshSimnet, printed } from '../src/simnet';

const ERR = VAULT_ERRORS;
const err = (code: number) => Cl.error(Cl.uint(code));

describe('liquidity-pool-vault tier caps', () => {
  let simnet: Simnet;
  let deployer: string;
  let alice: string;
  let bob: string;
  const vault = (fn: string, args: Parameters<Simnet['callPublicFn']>[2], sender: string) =>
    simnet.callPublicFn('liquidity-pool-vault', fn, args, sender);
  const read = (fn: string, args: Parameters<Simnet['callReadOnlyFn']>[2]) =>
    simnet.callReadOnlyFn('liquidity-pool-vault', fn, args, deployer).result;
  const capital = (tier: string, token = 'STX') =>
    read('get-tier-capital', [Cl.stringAscii(tier), Cl.stringAscii(token)]);
  const setCap = (tier: string, token: string, cap: bigint | null, sender = deployer) =>
    vault(
      'set-tier-cap',
      [Cl.stringAscii(tier), Cl.stringAscii(token), cap === null ? Cl.none() : Cl.some(Cl.uint(cap))],
      sender,
    );
  const depositStx = (who: string, amount: number, tier: string) =>
    vault('deposit-stx', [Cl.uint(amount), Cl.stringAscii(tier)], who).result;
  const allow = (who: string, amount: number) =>
    vault(
      'set-withdrawal-allowance',
      [Cl.principal(who), Cl.stringAscii('STX'), Cl.uint(0), Cl.uint(amount)],
      deployer,
    );

  beforeEach(async () => {
    simnet = await freshSimnet();
    const accounts = simnet.getAccounts();
    deployer = accounts.get('deployer') as string;
    alice = accounts.get('wallet_1') as string;
    bob = accounts.get('wallet_2') as string;
  });

  it('has no cap until the owner sets one, and counts deposits per tier and token', () => {
    expect(read('get-tier-cap', [Cl.stringAscii('balanced'), Cl.stringAscii('STX')])).toEqual(Cl.none());
    expect(depositStx(alice, 7_000_000, 'balanced')).toEqual(Cl.ok(Cl.uint(7_000_000)));
    expect(depositStx(bob, 2_000_000, 'balanced')).toEqual(Cl.ok(Cl.uint(2_000_000)));
    expect(capital('balanced')).toEqual(Cl.uint(9_000_000));
    expect(capital('balanced', 'SBTC')).toEqual(Cl.uint(0));
    expect(capital('aggressive')).toEqual(Cl.uint(0));
    expect(read('get-provider-tier', [Cl.principal(alice)])).toEqual(Cl.some(Cl.stringAscii('balanced')));
  });

  it('takes a deposit within the cap and refuses one over it, moving nothing', () => {
    expect(setCap('balanced', 'STX', 10_000_000n).result).toEqual(Cl.ok(Cl.bool(true)));
    expect(depositStx(alice, 6_000_000, 'balanced')).toEqual(Cl.ok(Cl.uint(6_000_000)));
    // Exactly up to the cap is allowed.
    expect(depositStx(bob, 4_000_000, 'balanced')).toEqual(Cl.ok(Cl.uint(4_000_000)));
    const before = simnet.getAssetsMap().get('STX')?.get(alice);
    expect(depositStx(alice, 1, 'balanced')).toEqual(err(ERR.TIER_CAPACITY));
    expect(simnet.getAssetsMap().get('STX')?.get(alice)).toBe(before);
    expect(capital('balanced')).toEqual(Cl.uint(10_000_000));
    // Another tier has its own cap (none here).
    expect(depositStx(alice, 1, 'aggressive')).toEqual(Cl.ok(Cl.uint(1)));
  });

  it('keeps the existing refusals ahead of the cap', () => {
    setCap('balanced', 'STX', 0n);
    expect(depositStx(alice, 0, 'balanced')).toEqual(err(ERR.INVALID_AMOUNT));
    expect(depositStx(alice, 1, 'yolo')).toEqual(err(ERR.INVALID_TIER));
    // A cap of 0 closes the tier to new deposits.
    expect(depositStx(alice, 1, 'balanced')).toEqual(err(ERR.TIER_CAPACITY));
  });

  it('lets only the owner change a cap, prints each change, and none removes it', () => {
    expect(setCap('balanced', 'STX', 1n, alice).result).toEqual(err(ERR.UNAUTHORIZED));
    expect(setCap('yolo', 'STX', 1n).result).toEqual(err(ERR.INVALID_TIER));
    expect(setCap('balanced', 'BTC', 1n).result).toEqual(err(ERR.INVALID_TOKEN));
    // The operator is not the owner once rotated: caps stay the owner's.
    vault('set-operator', [Cl.principal(bob)], deployer);
    expect(setCap('balanced', 'STX', 1n, bob).result).toEqual(err(ERR.UNAUTHORIZED));
    const first = setCap('balanced', 'STX', 5_000_000n);
    expect(printed(first.events)).toEqual([
      { event: 'tier-cap', tier: 'balanced', token: 'STX', previous: null, cap: 5_000_000n },
    ]);
    const second = setCap('balanced', 'STX', null);
    expect(printed(second.events)).toEqual([
      { event: 'tier-cap', tier: 'balanced', token: 'STX', previous: 5_000_000n, cap: null },
    ]);
    expect(read('get-tier-cap', [Cl.stringAscii('balanced'), Cl.stringAscii('STX')])).toEqual(Cl.none());
    expect(depositStx(alice, 50_000_000, 'balanced')).toEqual(Cl.ok(Cl.uint(50_000_000)));
  });

  it('frees room when a provider of the tier withdraws', () => {
    setCap('conservative', 'STX', 10_000_000n);
    depositStx(alice, 10_000_000, 'conservative');
    expect(depositStx(bob, 3_000_000, 'conservative')).toEqual(err(ERR.TIER_CAPACITY));
    allow(alice, 4_000_000);
    expect(vault('withdraw-stx', [Cl.uint(4_000_000)], alice).result).toEqual(Cl.ok(Cl.uint(4_000_000)));
    expect(capital('conservative')).toEqual(Cl.uint(6_000_000));
    expect(depositStx(bob, 3_000_000, 'conservative')).toEqual(Cl.ok(Cl.uint(3_000_000)));
    expect(depositStx(bob, 1_000_001, 'conservative')).toEqual(err(ERR.TIER_CAPACITY));
  });

  it('moves all of a provider’s balances to the tier of its latest deposit, within that tier’s caps', () => {
    depositStx(alice, 8_000_000, 'conservative');
    setCap('aggressive', 'STX', 10_000_000n);
    // 8 moved + 3 new would be 11 > 10: refused, and Alice stays where she was.
    expect(depositStx(alice, 3_000_000, 'aggressive')).toEqual(err(ERR.TIER_CAPACITY));
    expect(capital('conservative')).toEqual(Cl.uint(8_000_000));
    expect(depositStx(alice, 2_000_000, 'aggressive')).toEqual(Cl.ok(Cl.uint(2_000_000)));
    expect(capital('conservative')).toEqual(Cl.uint(0));
    expect(capital('aggressive')).toEqual(Cl.uint(10_000_000));
    expect(read('get-provider-tier', [Cl.principal(alice)])).toEqual(Cl.some(Cl.stringAscii('aggressive')));
    // Her withdrawal now frees room in aggressive, not conservative.
    allow(alice, 1_000_000);
    vault('withdraw-stx', [Cl.uint(1_000_000)], alice);
    expect(capital('aggressive')).toEqual(Cl.uint(9_000_000));
  });

  it('counts sBTC against the sBTC cap only', () => {
    vault('set-sbtc-token', [Cl.principal(`${deployer}.mock-sbtc`)], deployer);
    simnet.callPublicFn('mock-sbtc', 'mint', [Cl.uint(100_000_000), Cl.principal(alice)], deployer);
    setCap('balanced', 'SBTC', 50_000_000n);
    setCap('balanced', 'STX', 0n);
    const token = Cl.contractPrincipal(deployer, 'mock-sbtc');
    const sbtc = (amount: number) =>
      vault('deposit-sbtc', [token, Cl.uint(amount), Cl.stringAscii('balanced')], alice).result;
    expect(sbtc(50_000_001)).toEqual(err(ERR.TIER_CAPACITY));
    expect(sbtc(50_000_000)).toEqual(Cl.ok(Cl.uint(50_000_000)));
    expect(capital('balanced', 'SBTC')).toEqual(Cl.uint(50_000_000));
  });

  it('builds the owner call the vault accepts from the owner vaultOwner names, and its event decodes', () => {
    const owner = vaultOwner(contractIds('devnet'));
    expect(owner).toBe(deployer);
    const call = setTierCapCall(contractIds('devnet'), { tier: 'aggressive', token: 'STX', cap: 3n });
    expect(call).toMatchObject({
      functionName: 'set-tier-cap',
      postConditionMode: 'deny',
      postConditions: [],
    });
    const { result, events } = simnet.callPublicFn(
      'liquidity-pool-vault',
      call.functionName,
      call.functionArgs,
      owner,
    );
    expect(result).toEqual(Cl.ok(Cl.bool(true)));
    const printedEvent = events.find((e) => e.event === 'print_event');
    expect(decodeContractEvent(printedEvent?.data.value as never)).toEqual({
      event: 'tier-cap',
      tier: 'aggressive',
      token: 'STX',
      previous: null,
      cap: 3n,
    });
    expect(() => setTierCapCall(contractIds('devnet'), { tier: 'balanced', token: 'STX', cap: -1n })).toThrow(
      RangeError,
    );
  });
});
