import { openDatabase, quotes } from '@bithedge/db';
import { rerunMigration, testDatabaseTargets } from '@bithedge/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../context';
import { devnetAccount } from '../devnet-accounts';
import { deposit } from '../services/ledger';
import {
  commitProviderQuoteForDeposit,
  expireQuotes,
  type ProviderYieldParams,
  prepareQuoteForChain,
  uncommitProviderQuotes,
} from '../services/quotes';
import { callHttp } from '../test/context';
import { type QuotingFixture, quotingFixture, refusal } from '../test/quoting';
import { appRouter, createCaller } from '.';

const alice: Session = { principal: devnetAccount('wallet_1').address, role: 'user' };
const bob: Session = { principal: devnetAccount('wallet_2').address, role: 'user' };
const T0 = new Date('2026-06-01T12:00:00Z');
const HOUR = 3_600_000;
const params: ProviderYieldParams = { token: 'STX', amount: '1500.5', tier: 'balanced', days: 30 };

describe('pricing.providerYieldQuote input validation', () => {
  let f: QuotingFixture;
  beforeAll(async () => {
    f = await quotingFixture(() => openDatabase({ dataDir: 'memory://' }), T0, { tiers: true });
  });
  afterAll(() => f.handle.close());

  it.each([
    ['token', { token: 'BTC' }],
    ['token', { token: undefined }],
    ['tier', { tier: 'reckless' }],
    ['tier', { tier: 'Balanced' }],
    ['amount', { amount: '0' }],
    ['amount', { amount: '0.0000000' }],
    ['amount', { amount: '-1' }],
    ['amount', { amount: 'lots' }],
    ['amount', { amount: 1500 }],
    ['amount', { amount: '1.1234567' }],
    ['amount', { token: 'SBTC', amount: '0.123456789' }],
    ['amount', { amount: '100000000.000001' }],
    ['amount', { token: 'SBTC', amount: '1000.00000001' }],
    ['days', { days: 0 }],
    ['days', { days: 366 }],
    ['days', { days: 1.5 }],
  ])('refuses a bad %s with BAD_REQUEST naming it (%o)', async (field, patch) => {
    const res = await callHttp(appRouter, f.at(T0), 'pricing.providerYieldQuote', { ...params, ...patch });
    expect(res.status).toBe(400);
    const error = res.body.error?.json as { data: { code: string; zodIssues: { path: string[] }[] } };
    expect(error.data.code).toBe('BAD_REQUEST');
    expect(error.data.zodIssues.map((i) => i.path.join('.'))).toEqual([field]);
  });

  it('accepts the limits themselves, to anyone', async () => {
    const caller = createCaller(f.at(T0));
    for (const patch of [
      { amount: '0.000001', days: 1, tier: 'conservative' as const },
      { amount: '100000000', days: 365, tier: 'aggressive' as const },
      { token: 'SBTC' as const, amount: '0.00000001' },
      { token: 'SBTC' as const, amount: '1000' },
    ])
      expect((await caller.pricing.providerYieldQuote({ ...params, ...patch })).amount).toBeGreaterThan(0n);
  });

  it('refuses a bad token for the tier ranges with BAD_REQUEST naming it', async () => {
    const res = await callHttp(appRouter, f.at(T0), 'pricing.providerYieldTiers', { token: 'ETH' });
    expect(res.status).toBe(400);
    const error = res.body.error?.json as { data: { zodIssues: { path: string[] }[] } };
    expect(error.data.zodIssues.map((i) => i.path.join('.'))).toEqual(['token']);
  });

  it('stale prices are a typed PRECONDITION_FAILED, as for buyer quotes', async () => {
    const stale = await refusal(
      createCaller(f.at(new Date(T0.getTime() + HOUR))).pricing.providerYieldQuote(params),
    );
    expect(stale).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'STALE_MARKET_DATA' });
  });
});

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`provider quotes on ${target.label}`, () => {
    let f: QuotingFixture;
    beforeAll(async () => {
      f = await quotingFixture(() => target.open(), T0, { tiers: true });
      // Capital in the tier, so the quote has live utilization to work from.
      await deposit(f.handle.db, {
        principal: bob.principal,
        tier: 'balanced',
        token: 'STX',
        amount: 2_000_000_000_000n,
        chainTxId: '0xprovider-quotes',
        chainEventIndex: 0,
      });
    });
    afterAll(() => f?.handle.close());

    async function saveProvider(session: Session, extra: Partial<ProviderYieldParams> = {}) {
      const saved = await createCaller(f.at(T0, session)).quotes.save({
        quoteType: 'PROVIDER',
        params: { ...params, ...extra },
        name: 'Yield',
      });
      if (saved.quoteType !== 'PROVIDER') throw new Error('expected a provider quote');
      return saved;
    }

    it('saves a provider quote re-priced on the server, ignoring any figures the client sends', async () => {
      const expected = await createCaller(f.at(T0)).pricing.providerYieldQuote(params);
      const res = await callHttp(
        appRouter,
        f.at(T0, alice),
        'quotes.save',
        { quoteType: 'PROVIDER', params: { ...params, apyBps: 99_999 }, premiumUsd: 1n, name: 'Rich?' },
        'POST',
      );
      expect(res.status).toBe(200);
      const [row] = await f.handle.db.select().from(quotes).where(eq(quotes.name, 'Rich?'));
      expect(row).toMatchObject({
        quoteType: 'PROVIDER',
        token: 'STX',
        tier: 'balanced',
        policyType: 'PUT',
        params,
        premiumUsd: expected.premiumIncome.usd,
        owner: alice.principal,
        status: 'ACTIVE',
      });
      expect(row?.expiresAt.getTime()).toBe(T0.getTime() + 24 * HOUR);
    });

    it('reads a provider quote saved before quotes named their policy type with the one its token backs', async () => {
      const saved = await saveProvider(alice, { token: 'SBTC', amount: '0.25' });
      expect(saved.quote.policyType).toBe('CALL');
      const [row] = await f.handle.db.select().from(quotes).where(eq(quotes.id, saved.id));
      // The row names it too (it once stored PUT for every provider quote; migration 0020).
      expect(row?.policyType).toBe('CALL');
      const { policyType: _dropped, ...legacy } = (row!.result as { json: Record<string, unknown> }).json;
      await f.handle.db
        .update(quotes)
        .set({ result: { ...(row!.result as object), json: legacy } })
        .where(eq(quotes.id, saved.id));
      await f.handle.db.update(quotes).set({ policyType: 'PUT' }).where(eq(quotes.id, saved.id));
      const read = await createCaller(f.at(T0, alice)).quotes.byId({ id: saved.id });
      expect(read.quoteType === 'PROVIDER' && read.quote.policyType).toBe('CALL');
      expect(read.policyType).toBe('CALL');
    });

    it('migration 0020 names the type an sBTC provider quote backs in rows saved as PUT', async () => {
      const sbtc = await saveProvider(alice, { token: 'SBTC', amount: '0.3' });
      const stx = await saveProvider(alice, { token: 'STX', amount: '300' });
      await f.handle.db.update(quotes).set({ policyType: 'PUT' }).where(eq(quotes.id, sbtc.id));
      await rerunMigration(f.handle.db, '0020_provider_quote_policy_type');
      const typeOf = async (id: string) =>
        (await f.handle.db.select().from(quotes).where(eq(quotes.id, id)))[0]?.policyType;
      expect([await typeOf(sbtc.id), await typeOf(stx.id)]).toEqual(['CALL', 'PUT']);
    });

    it('refuses a provider save with bad params naming the field under params', async () => {
      const res = await callHttp(
        appRouter,
        f.at(T0, alice),
        'quotes.save',
        { quoteType: 'PROVIDER', params: { ...params, tier: 'wild' } },
        'POST',
      );
      expect(res.status).toBe(400);
      const error = res.body.error?.json as { data: { zodIssues: { path: (string | number)[] }[] } };
      expect(error.data.zodIssues.map((i) => i.path.join('.'))).toEqual(['params.tier']);
    });

    it('lists provider quotes with their type next to buyer ones, filterable by type', async () => {
      const carol: Session = { principal: devnetAccount('wallet_3').address, role: 'user' };
      const caller = createCaller(f.at(T0, carol));
      await caller.quotes.save({
        params: { protectedValuePercentage: 90, amount: '0.1', days: 7, policyType: 'PUT' },
      });
      await saveProvider(carol);
      const all = await caller.quotes.list({ limit: 10 });
      expect(all.items.map((q) => q.quoteType).sort()).toEqual(['BUYER', 'PROVIDER']);
      expect((await caller.quotes.list({ quoteType: 'PROVIDER', limit: 10 })).items).toHaveLength(1);
      // A PUT filter is about policies bought: the provider quote's PUT is not one.
      expect(
        (await caller.quotes.list({ policyType: 'PUT', limit: 10 })).items.map((q) => q.quoteType),
      ).toEqual(['BUYER']);
    });

    it('prepares the deposit call exactly: function, tier, base units and the period in blocks', async () => {
      const saved = await saveProvider(alice, {
        token: 'SBTC',
        amount: '0.25',
        tier: 'aggressive',
        days: 45,
      });
      const terms = await createCaller(f.at(T0, alice)).quotes.prepareForChain({ id: saved.id });
      expect(terms).toMatchObject({
        quoteType: 'PROVIDER',
        quoteId: saved.id,
        contract: 'liquidity-pool-vault',
        functionName: 'deposit-sbtc',
        token: 'SBTC',
        tier: 'aggressive',
        amount: '25000000',
        durationDays: 45,
        durationBlocks: String(45 * 144),
        currentBurnHeight: String(900_000 + 72),
        periodEndBurnHeight: String(900_072 + 45 * 144),
        capacityLeft: String(50n * 100_000_000n),
      });
      const stx = await saveProvider(alice);
      expect(await createCaller(f.at(T0, alice)).quotes.prepareForChain({ id: stx.id })).toMatchObject({
        functionName: 'deposit-stx',
        amount: '1500500000',
        durationBlocks: String(30 * 144),
      });
      // Not signable for a policy purchase, and not someone else's to prepare.
      const signing = await prepareQuoteForChain(
        f.handle.db,
        alice.principal,
        stx.id,
        f.at(T0).quoting,
      ).catch((e: unknown) => e);
      expect(signing).toMatchObject({ code: 'INVALID_STATE' });
      expect(await refusal(createCaller(f.at(T0, bob)).quotes.prepareForChain({ id: stx.id }))).toMatchObject(
        {
          code: 'NOT_FOUND',
        },
      );
    });

    it('refuses deposit terms above the tier capacity, saying how much room is left', async () => {
      const saved = await saveProvider(alice, { amount: '9000000' });
      const error = await refusal(createCaller(f.at(T0, alice)).quotes.prepareForChain({ id: saved.id }));
      expect(error).toMatchObject({ appCode: 'CAPACITY_EXCEEDED' });
      expect(error.message).toContain('room for 8000000000000');
    });

    it('declines: owner only, active only, and it stays listed as DECLINED', async () => {
      const saved = await saveProvider(alice);
      expect(await refusal(createCaller(f.at(T0, bob)).quotes.decline({ id: saved.id }))).toMatchObject({
        code: 'NOT_FOUND',
      });
      const declined = await createCaller(f.at(T0, alice)).quotes.decline({ id: saved.id });
      expect(declined).toMatchObject({ status: 'DECLINED', declinedAt: T0 });
      expect(await refusal(createCaller(f.at(T0, alice)).quotes.decline({ id: saved.id }))).toMatchObject({
        appCode: 'INVALID_STATE',
      });
      expect(
        await refusal(createCaller(f.at(T0, alice)).quotes.prepareForChain({ id: saved.id })),
      ).toMatchObject({
        appCode: 'INVALID_STATE',
      });
      const listed = await createCaller(f.at(T0, alice)).quotes.list({ status: 'DECLINED', limit: 50 });
      expect(listed.items.map((q) => q.id)).toContain(saved.id);
      const expired = await saveProvider(alice);
      const later = createCaller(f.at(new Date(T0.getTime() + 25 * HOUR), alice));
      expect(await refusal(later.quotes.decline({ id: expired.id }))).toMatchObject({
        appCode: 'QUOTE_EXPIRED',
      });
    });

    it('a deposit in the quote’s token and tier commits the newest matching quote; a re-org undoes it', async () => {
      const dave: Session = { principal: devnetAccount('deployer').address, role: 'user' };
      const older = await saveProvider(dave);
      const newer = await saveProvider(dave);
      const otherTier = await saveProvider(dave, { tier: 'conservative' });
      // created_at is the database's clock; put the saves on the test's, one second apart.
      for (const [i, id] of [older.id, newer.id, otherTier.id].entries())
        await f.handle.db
          .update(quotes)
          .set({ createdAt: new Date(T0.getTime() + i * 1_000) })
          .where(eq(quotes.id, id));
      const at = new Date(T0.getTime() + 60_000);
      const commit = (txId: string, tier: 'balanced' | 'aggressive') =>
        f.handle.db.transaction((tx) =>
          commitProviderQuoteForDeposit(tx, { principal: dave.principal, token: 'STX', tier, txId, now: at }),
        );
      expect(await commit('0xnone', 'aggressive')).toBeNull();
      expect(await commit('0xdep1', 'balanced')).toBe(newer.id);
      const read = (id: string) => createCaller(f.at(at, dave)).quotes.byId({ id });
      expect(await read(newer.id)).toMatchObject({
        status: 'COMMITTED',
        committedTxId: '0xdep1',
        committedAt: at,
      });
      expect((await read(older.id)).status).toBe('ACTIVE');
      expect((await read(otherTier.id)).status).toBe('ACTIVE');
      // A second deposit commits the next one; the expiry step leaves committed quotes alone.
      expect(await commit('0xdep2', 'balanced')).toBe(older.id);
      await expireQuotes(f.handle.db, new Date(T0.getTime() + 25 * HOUR));
      expect((await read(older.id)).status).toBe('COMMITTED');
      await f.handle.db.transaction((tx) => uncommitProviderQuotes(tx, '0xdep1'));
      expect(await read(newer.id)).toMatchObject({ status: 'ACTIVE', committedTxId: null });
    });
  });
}
