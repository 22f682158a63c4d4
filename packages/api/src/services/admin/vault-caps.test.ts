import { contractIds, setTierCapCall, vaultOwner, watchedContracts } from '@bithedge/contracts';
import { printBlock } from '@bithedge/contracts/simnet';
import { type DatabaseHandle, DEFAULT_TIERS, seedTiers, type TierName, type Token } from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { Cl, type ClarityValue } from '@stacks/transactions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devnetAccount } from '../../devnet-accounts';
import { appRouter } from '../../routers';
import { callHttp, contextFor } from '../../test/context';
import { deliverTo, localChainForTests } from '../../test/local-chain';
import { ingestChainhookDelivery, parseChainhookDelivery } from '../chain';
import { publishTier, type TierValues } from './tiers';
import { listVaultTierCaps, vaultCapFor } from './vault-caps';

const ids = contractIds('devnet');
const CONTRACTS = watchedContracts(ids);
const ADMIN = { principal: 'ST1PQHQKV0RJXZFY1DGX8MNSNYVE3VGZJSRTPGZGM', role: 'admin' as const };

const uintOrNone = (value: bigint | null) => (value === null ? Cl.none() : Cl.some(Cl.uint(value)));
/** The vault's print for `set-tier-cap` (liquidity-pool-vault.clar). */
const tierCap = (tier: TierName, token: Token, previous: bigint | null, cap: bigint | null): ClarityValue =>
  Cl.tuple({
    event: Cl.stringAscii('tier-cap'),
    tier: Cl.stringAscii(tier),
    token: Cl.stringAscii(token),
    previous: uintOrNone(previous),
    cap: uintOrNone(cap),
  });
const block = (height: number, txs: ClarityValue[][]) => printBlock(ids.vault, height, 'caps', txs);
const delivery = (apply: unknown[], rollback: unknown[] = []) =>
  parseChainhookDelivery({ apply, rollback }, CONTRACTS);

const seeded = (tier: TierName, token: Token) => {
  const found = DEFAULT_TIERS.find((t) => t.name === tier && t.token === token);
  if (!found) throw new Error(`no seeded ${tier} ${token}`);
  return found;
};
const valuesOf = (tier: TierName, token: Token, capacityLimit: bigint): TierValues => {
  const { name: _name, token: _token, ...values } = seeded(tier, token);
  return { ...values, capacityLimit };
};

describe('vaultCapFor', () => {
  it('caps the vault at the published capacity in base units, 0 closing the tier', () => {
    expect(vaultCapFor({ name: 'balanced', token: 'SBTC', capacityLimit: 5_000_000_000n })).toEqual({
      tier: 'balanced',
      token: 'SBTC',
      cap: 5_000_000_000n,
    });
    expect(vaultCapFor({ name: 'aggressive', token: 'STX', capacityLimit: 0n }).cap).toBe(0n);
  });
});

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`vault tier caps on ${target.label}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
      await seedTiers(handle.db);
    });
    afterAll(() => handle?.close());

    const capOf = async (tier: TierName, token: Token) => {
      const row = (await listVaultTierCaps(handle.db)).find((r) => r.tier === tier && r.token === token);
      if (!row) throw new Error(`no ${tier} ${token} row`);
      return row;
    };
    const balanced = seeded('balanced', 'STX').capacityLimit;

    it('reads a vault with no tier-cap event as uncapped: every tier × token out of sync', async () => {
      const rows = await listVaultTierCaps(handle.db);
      expect(rows).toHaveLength(DEFAULT_TIERS.length);
      for (const row of rows) {
        const published = seeded(row.tier, row.token).capacityLimit;
        expect(row).toEqual({
          tier: row.tier,
          token: row.token,
          capacityLimit: published,
          targetCap: published,
          vaultCap: null,
          setBy: null,
          inSync: false,
        });
      }
    });

    it('is in sync once the vault caps a tier at its published capacity', async () => {
      await ingestChainhookDelivery(
        handle.db,
        delivery([block(1, [[tierCap('balanced', 'STX', null, balanced)]])]),
      );
      const row = await capOf('balanced', 'STX');
      expect(row).toMatchObject({ vaultCap: balanced, targetCap: balanced, inSync: true });
      expect(row.setBy).toMatchObject({ blockHeight: 1, txId: expect.stringMatching(/^0x/) });
      // The other tiers and the other token of the same tier stay as they were.
      expect(await capOf('balanced', 'SBTC')).toMatchObject({ vaultCap: null, inSync: false });
    });

    it('flags a published capacity the vault does not hold yet, with the old cap and the new one', async () => {
      await publishTier(handle.db, {
        tier: 'balanced',
        token: 'STX',
        values: valuesOf('balanced', 'STX', balanced * 2n),
        actor: ADMIN.principal,
      });
      expect(await capOf('balanced', 'STX')).toMatchObject({
        capacityLimit: balanced * 2n,
        targetCap: balanced * 2n,
        vaultCap: balanced,
        inSync: false,
      });
    });

    it('follows the latest applied event, and falls back to the earlier cap when its block rolls back', async () => {
      const raised = block(2, [[tierCap('balanced', 'STX', balanced, balanced * 2n)]]);
      await ingestChainhookDelivery(handle.db, delivery([raised]));
      expect(await capOf('balanced', 'STX')).toMatchObject({ vaultCap: balanced * 2n, inSync: true });
      await ingestChainhookDelivery(handle.db, delivery([], [raised]));
      expect(await capOf('balanced', 'STX')).toMatchObject({
        vaultCap: balanced,
        inSync: false,
        setBy: { blockHeight: 1 },
      });
    });

    it('takes the last of several changes in one block, and reads `none` as uncapped', async () => {
      const removed = block(3, [
        [tierCap('balanced', 'STX', balanced, balanced * 2n)],
        [tierCap('balanced', 'STX', balanced * 2n, null)],
      ]);
      await ingestChainhookDelivery(handle.db, delivery([removed]));
      expect(await capOf('balanced', 'STX')).toMatchObject({
        vaultCap: null,
        targetCap: balanced * 2n,
        inSync: false,
        setBy: { blockHeight: 3 },
      });
    });

    it('treats u0 as a cap (closed), in sync with a published capacity of 0', async () => {
      await publishTier(handle.db, {
        tier: 'aggressive',
        token: 'SBTC',
        values: valuesOf('aggressive', 'SBTC', 0n),
        actor: ADMIN.principal,
      });
      expect(await capOf('aggressive', 'SBTC')).toMatchObject({
        vaultCap: null,
        targetCap: 0n,
        inSync: false,
      });
      await ingestChainhookDelivery(
        handle.db,
        delivery([block(4, [[tierCap('aggressive', 'SBTC', null, 0n)]])]),
      );
      expect(await capOf('aggressive', 'SBTC')).toMatchObject({ vaultCap: 0n, targetCap: 0n, inSync: true });
    });

    it('serves admin.vaultTierCaps to admins and refuses others with FORBIDDEN', async () => {
      const admin = await callHttp(appRouter, contextFor(handle, ADMIN), 'admin.vaultTierCaps');
      expect(admin.status).toBe(200);
      const user = contextFor(handle, {
        principal: 'ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AG',
        role: 'user',
      });
      const refused = await callHttp(appRouter, user, 'admin.vaultTierCaps');
      expect(refused.status).toBe(403);
      const caller = appRouter.createCaller(contextFor(handle, ADMIN));
      expect(await caller.admin.vaultTierCaps()).toEqual(await listVaultTierCaps(handle.db));
      await expect(appRouter.createCaller(user).admin.vaultTierCaps()).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    });
  });
}

describe('vault tier caps against the real vault (local chain)', () => {
  it("applies a published capacity only by the owner's set-tier-cap, and then reads what the chain holds", async () => {
    const { openDatabase } = await import('@bithedge/db');
    const [chain, handle] = await Promise.all([localChainForTests(), openDatabase({ dataDir: 'memory://' })]);
    try {
      await seedTiers(handle.db);
      const deliver = deliverTo(handle.db);
      const owner = vaultOwner(ids);
      // What "Apply on the vault" signs for a row: the row's own target cap.
      const apply = (row: { tier: TierName; token: Token; targetCap: bigint }, sender: string) =>
        deliver(
          chain.runAs(setTierCapCall(ids, { tier: row.tier, token: row.token, cap: row.targetCap }), sender),
        );
      const onChain = (tier: TierName, token: Token) =>
        chain.readOnly('liquidity-pool-vault', 'get-tier-cap', [Cl.stringAscii(tier), Cl.stringAscii(token)]);

      for (const row of await listVaultTierCaps(handle.db)) expect((await apply(row, owner)).ok).toBe(true);
      const synced = await listVaultTierCaps(handle.db);
      expect(synced.every((r) => r.inSync)).toBe(true);
      for (const r of synced) expect(onChain(r.tier, r.token)).toEqual(uintOrNone(r.vaultCap));

      const balanced = seeded('balanced', 'STX').capacityLimit;
      await publishTier(handle.db, {
        tier: 'balanced',
        token: 'STX',
        values: valuesOf('balanced', 'STX', balanced + 1n),
        actor: owner,
      });
      const pending = (await listVaultTierCaps(handle.db)).filter((r) => !r.inSync);
      expect(pending).toMatchObject([
        { tier: 'balanced', token: 'STX', vaultCap: balanced, targetCap: balanced + 1n },
      ]);

      // Anyone but the owner — an operator or another admin's wallet — is refused (u100).
      const refused = await apply(pending[0]!, devnetAccount('wallet_1').address);
      expect(refused).toMatchObject({ ok: false, result: '(err u100)' });
      expect(await listVaultTierCaps(handle.db)).toContainEqual(
        expect.objectContaining({ tier: 'balanced', token: 'STX', vaultCap: balanced }),
      );

      expect((await apply(pending[0]!, owner)).ok).toBe(true);
      const after = await listVaultTierCaps(handle.db);
      expect(after.every((r) => r.inSync)).toBe(true);
      expect(onChain('balanced', 'STX')).toEqual(Cl.some(Cl.uint(balanced + 1n)));
    } finally {
      await handle.close();
    }
  }, 120_000);
});
