import { describe, expect, it } from 'vitest';
import { useTestEnv } from '../test/env';

const SECRET = 'test-local-chain-secret-0123';

type Handler = (req: Request, ctx: { params: Promise<{ action: string }> }) => Promise<Response>;

describe('/api/local-chain', () => {
  useTestEnv({
    PGLITE_DATA_DIR: 'memory://',
    SEED_DEMO_DATA: 'false',
    LOCAL_CHAIN: 'true',
    LOCAL_CHAIN_SECRET: SECRET,
  });

  async function call(
    action: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string> },
  ) {
    const mod = (await import('../app/api/local-chain/[action]/route')) as unknown as Record<string, Handler>;
    const method = init.method ?? 'POST';
    const response = await mod[method]!(
      new Request(`http://127.0.0.1:3000/api/local-chain/${action}`, {
        method,
        headers: { 'content-type': 'application/json', ...init.headers },
        body: init.body === undefined ? null : JSON.stringify(init.body),
      }),
      // The route's segment is the action without its query string.
      { params: Promise.resolve({ action: action.split('?')[0]! }) },
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
  const loopback = { host: '127.0.0.1:3000', 'x-forwarded-for': '127.0.0.1' };

  it('L1: refuses a client that is not this machine, with 403', async () => {
    for (const headers of [
      { host: 'devbox.lan:3000', 'x-forwarded-for': '192.168.1.7' },
      { host: '127.0.0.1:3000', 'x-forwarded-for': '192.168.1.7' },
    ]) {
      const mine = await call('mine', { body: { burnBlocks: 1 }, headers });
      expect(mine.status).toBe(403);
      expect(mine.body.error).toMatch(/only to this machine/);
      expect((await call('state', { method: 'GET', headers })).status).toBe(403);
    }
  }, 120_000);

  it('L1: answers a loopback client, and a remote one holding LOCAL_CHAIN_SECRET', async () => {
    expect((await call('state', { method: 'GET', headers: loopback })).status).toBe(200);
    const remote = { host: 'devbox.lan:3000', 'x-forwarded-for': '192.168.1.7' };
    expect(
      (
        await call('state', {
          method: 'GET',
          headers: { ...remote, authorization: 'Bearer wrong-secret-000000' },
        })
      ).status,
    ).toBe(403);
    expect(
      (await call('state', { method: 'GET', headers: { ...remote, authorization: `Bearer ${SECRET}` } }))
        .status,
    ).toBe(200);
  }, 120_000);

  it("gives a wallet's sBTC in sats, and names a bad principal with a 400", async () => {
    const remote = { host: 'devbox.lan:3000', 'x-forwarded-for': '192.168.1.7' };
    const principal = 'ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AG';
    expect((await call(`wallet?principal=${principal}`, { method: 'GET', headers: remote })).status).toBe(
      403,
    );
    const wallet = await call(`wallet?principal=${principal}`, { method: 'GET', headers: loopback });
    expect(wallet.status).toBe(200);
    expect(wallet.body).toEqual({ principal, sbtc: expect.stringMatching(/^\d+$/) });
    expect(await call('wallet?principal=nope', { method: 'GET', headers: loopback })).toEqual({
      status: 400,
      body: { error: 'principal must be a Stacks address' },
    });
  }, 120_000);

  it('L1: caps burnBlocks at one week per call, with 400 naming it', async () => {
    const tooMany = await call('mine', { body: { burnBlocks: 1_009 }, headers: loopback });
    expect(tooMany).toEqual({ status: 400, body: { error: 'burnBlocks must be at most 1008 (one week)' } });
    const week = await call('mine', { body: { burnBlocks: 1_008 }, headers: loopback });
    expect(week.status).toBe(200);
    expect(week.body.burnBlockHeight).toEqual(expect.any(Number));
  }, 120_000);

  it('shocks the simulated prices for good and runs a health pass; a bad shock is a 400', async () => {
    const remote = { host: 'devbox.lan:3000', 'x-forwarded-for': '192.168.1.7' };
    expect((await call('shock', { body: { stxChangePct: -30 }, headers: remote })).status).toBe(403);
    expect(await call('shock', { body: {}, headers: loopback })).toEqual({
      status: 400,
      body: { error: 'give btcChangePct or stxChangePct' },
    });
    expect((await call('shock', { body: { stxChangePct: -100 }, headers: loopback })).body).toEqual({
      error: 'a change must be above -100%',
    });
    const { getPriceFeed } = await import('./price-feed');
    const { isSimulatedFeed } = await import('@bithedge/api');
    const feed = getPriceFeed();
    if (!isSimulatedFeed(feed)) throw new Error('the test server runs the simulated feed');
    // Compared at one moment: the walk moves on each minute, and the call may cross one.
    const moment = new Date();
    const before = feed.at(moment);
    const shocked = await call('shock', { body: { stxChangePct: -30 }, headers: loopback });
    expect(shocked.status).toBe(200);
    expect(Number(feed.at(moment).STX.priceUsd) / Number(before.STX.priceUsd)).toBeCloseTo(0.7, 6);
    expect(shocked.body.prices).toMatchObject({ STX: (await feed.latest()).STX.priceUsd.toString() });
    expect(shocked.body.health).toMatchObject({ checked: expect.any(Number) });
  }, 120_000);

  it('caps every tier on the local chain from the database, and ingests the tier-cap events', async () => {
    const { Cl } = await import('@stacks/transactions');
    const { chainEvents, DEFAULT_TIERS } = await import('@bithedge/db');
    const { getLocalChain } = await import('./local-chain');
    const { getDatabase } = await import('./db');
    const chain = await getLocalChain()!;
    for (const tier of DEFAULT_TIERS) {
      const cap = chain.readOnly('liquidity-pool-vault', 'get-tier-cap', [
        Cl.stringAscii(tier.name),
        Cl.stringAscii(tier.token),
      ]);
      expect(cap).toEqual(Cl.some(Cl.uint(tier.capacityLimit)));
    }
    const { db } = await getDatabase();
    const events = await db.select().from(chainEvents);
    expect(events.filter((e) => e.eventType === 'tier-cap' && e.status === 'APPLIED')).toHaveLength(
      DEFAULT_TIERS.length,
    );
  }, 120_000);

  // After the test above: it counts the start-up caps.
  it("applies a published capacity the owner's wallet signs, through POST call, and the admin view follows", async () => {
    const { makeContractCall, PostConditionMode } = await import('@stacks/transactions');
    const { contractIds, setTierCapCall, vaultOwner } = await import('@bithedge/contracts');
    const { devnetAccount, listVaultTierCaps, publishTier } = await import('@bithedge/api');
    const { tiers } = await import('@bithedge/db');
    const { getLocalChain } = await import('./local-chain');
    const { getDatabase } = await import('./db');
    await getLocalChain();
    const { db } = await getDatabase();
    const ids = contractIds('devnet');
    const balancedSbtc = async () =>
      (await listVaultTierCaps(db)).find((r) => r.tier === 'balanced' && r.token === 'SBTC')!;
    expect(await balancedSbtc()).toMatchObject({ inSync: true });
    const {
      id: _id,
      name: _name,
      token: _token,
      createdAt: _c,
      updatedAt: _u,
      ...values
    } = (await db.select().from(tiers)).find((t) => t.name === 'balanced' && t.token === 'SBTC')!;
    await publishTier(db, {
      tier: 'balanced',
      token: 'SBTC',
      values: { ...values, capacityLimit: values.capacityLimit + 1n },
      actor: vaultOwner(ids),
    });
    const pending = await balancedSbtc();
    expect(pending).toMatchObject({ inSync: false, vaultCap: values.capacityLimit });

    // What the dev wallet does with the call "Apply on the vault" builds (dev-wallet-provider.ts).
    const built = setTierCapCall(ids, { tier: pending.tier, token: pending.token, cap: pending.targetCap });
    const [contractAddress, contractName] = built.contract.split('.') as [string, string];
    const transaction = await makeContractCall({
      contractAddress,
      contractName,
      functionName: built.functionName,
      functionArgs: built.functionArgs,
      postConditions: built.postConditions,
      postConditionMode: PostConditionMode.Deny,
      senderKey: devnetAccount('deployer').privateKey,
      network: 'devnet',
      fee: 0,
      nonce: 0,
      validateWithAbi: false,
    });
    const sent = await call('call', { body: { transaction: transaction.serialize() }, headers: loopback });
    expect(sent).toMatchObject({ status: 200, body: { ok: true } });
    expect(await balancedSbtc()).toMatchObject({ inSync: true, vaultCap: values.capacityLimit + 1n });
  }, 120_000);
});
