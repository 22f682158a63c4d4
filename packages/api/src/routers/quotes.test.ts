import { openDatabase, premiumCalculations, quotes, riskParameters } from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext, createQuotingContext, type Session } from '../context';
import { devnetAccount } from '../devnet-accounts';
import { createQuoteInputCaches, expireQuotes, type QuoteParams } from '../services/quotes';
import { callHttp } from '../test/context';
import { type QuotingFixture, quotingFixture, refusal } from '../test/quoting';
import { appRouter, createCaller } from '.';

const alice: Session = { principal: devnetAccount('wallet_1').address, role: 'user' };
const bob: Session = { principal: devnetAccount('wallet_2').address, role: 'user' };
const T0 = new Date('2026-06-01T12:00:00Z');
const HOUR = 3_600_000;
const params: QuoteParams = { protectedValuePercentage: 90, amount: '0.25', days: 30, policyType: 'PUT' };

/** Narrows a saved quote or chain terms to the buyer's (these tests save buyer quotes). */
function asBuyer<T extends { quoteType: string }>(value: T): Extract<T, { quoteType: 'BUYER' }> {
  if (value.quoteType !== 'BUYER') throw new Error(`expected a buyer quote, got ${value.quoteType}`);
  return value as Extract<T, { quoteType: 'BUYER' }>;
}

const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('pricing.buyerQuote input validation', () => {
  let f: QuotingFixture;
  beforeAll(async () => {
    f = await quotingFixture(() => openDatabase({ dataDir: 'memory://' }), T0);
  });
  afterAll(() => f.handle.close());

  it.each([
    ['protectedValuePercentage', { protectedValuePercentage: 49 }],
    ['protectedValuePercentage', { protectedValuePercentage: 151 }],
    ['protectedValuePercentage', { protectedValuePercentage: 90.5 }],
    ['amount', { amount: '0' }],
    ['amount', { amount: '-1' }],
    ['amount', { amount: '0.123456789' }],
    ['amount', { amount: '10.00000001' }],
    ['amount', { amount: 'lots' }],
    ['amount', { amount: 1 }],
    ['days', { days: 0 }],
    ['days', { days: 366 }],
    ['days', { days: 1.5 }],
    ['policyType', { policyType: 'STRADDLE' }],
    ['spotOverrideUsd', { spotOverrideUsd: -5 }],
  ])('refuses a bad %s with BAD_REQUEST naming it (%o)', async (field, patch) => {
    const res = await callHttp(appRouter, f.at(T0), 'pricing.buyerQuote', { ...params, ...patch });
    expect(res.status).toBe(400);
    const error = res.body.error?.json as { data: { code: string; zodIssues: { path: string[] }[] } };
    expect(error.data.code).toBe('BAD_REQUEST');
    expect(error.data.zodIssues.map((i) => i.path.join('.'))).toEqual([field]);
  });

  it('accepts the limits themselves', async () => {
    const caller = createCaller(f.at(T0));
    for (const patch of [
      { protectedValuePercentage: 50, amount: '0.00000001', days: 1 },
      { protectedValuePercentage: 150, amount: '10', days: 365, policyType: 'CALL' as const },
    ])
      expect((await caller.pricing.buyerQuote({ ...params, ...patch })).premiumUsd).toBeGreaterThanOrEqual(
        0n,
      );
  });
});

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(`quotes on ${target.label}`, () => {
    let f: QuotingFixture;
    beforeAll(async () => {
      f = await quotingFixture(() => target.open(), T0);
    });
    afterAll(() => f?.handle.close());

    it('quotes from the fresh market data and active parameters, exactly and consistently', async () => {
      const quote = await createCaller(f.at(T0)).pricing.buyerQuote(params);
      const { BTC, STX } = quote.market;
      expect(quote.spotUsd).toBe(BTC.priceUsd);
      expect(quote.strikeUsd).toBe((BTC.priceUsd * 90n + 50n) / 100n);
      expect(quote.amountSats).toBe(25_000_000n);
      const b = quote.breakdown;
      expect(b.intrinsicValue + b.timeValue + b.volatilityImpact + b.riskLoading).toBe(quote.premiumUsd);
      expect(quote.premiumUsd).toBeGreaterThan(0n);
      // micro-STX = ceil(USD × 10⁶ / STX price)
      const micro = quote.premiumUsd * 1_000_000n;
      expect(quote.premiumMicroStx).toBe(micro / STX.priceUsd + (micro % STX.priceUsd === 0n ? 0n : 1n));
      expect(quote.breakEvenUsd).toBeLessThan(quote.strikeUsd);
      expect(quote.greeks.delta).toBeLessThan(0);
      expect(quote.volatility).toMatchObject({ market: 0.6, source: 'default' });
      expect(quote.scenarios).toHaveLength(61);
      expect(quote.riskParameters).toMatchObject({ policyType: 'PUT', isActive: true });
    });

    it('prices a what-if spot without touching the market snapshot', async () => {
      const caller = createCaller(f.at(T0));
      const whatIf = await caller.pricing.buyerQuote({ ...params, spotOverrideUsd: 40_000 });
      expect(whatIf.spotUsd).toBe(4_000_000_000_000n);
      expect(whatIf.strikeUsd).toBe(3_600_000_000_000n);
      expect(whatIf.market.BTC.priceUsd).not.toBe(whatIf.spotUsd);
    });

    it('refuses to quote on stale market data', async () => {
      const stale = await refusal(
        createCaller(f.at(new Date(T0.getTime() + HOUR))).pricing.buyerQuote(params),
      );
      expect(stale).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'STALE_MARKET_DATA' });
    });

    it('judges freshness per request even when the prices come from the cache', async () => {
      const caches = createQuoteInputCaches();
      const at = (now: Date) =>
        createCaller(
          createContext({ db: f.handle.db, quoting: createQuotingContext({ now: () => now, caches }) }),
        );
      await at(T0).pricing.buyerQuote(params);
      const stale = await refusal(at(new Date(T0.getTime() + HOUR)).pricing.buyerQuote(params));
      expect(stale).toMatchObject({ appCode: 'STALE_MARKET_DATA' });
    });

    it('logs rapid repeated quotes to premium_calculations once', async () => {
      const ctx = f.at(T0, bob);
      const before = await f.handle.db.$count(
        premiumCalculations,
        eq(premiumCalculations.principal, bob.principal),
      );
      for (const days of [30, 31, 32]) await createCaller(ctx).pricing.buyerQuote({ ...params, days });
      const after = await f.handle.db.$count(
        premiumCalculations,
        eq(premiumCalculations.principal, bob.principal),
      );
      expect(after - before).toBe(1);
    });

    it('saves the server-computed quote, ignoring any premium the client sends', async () => {
      const ctx = f.at(T0, alice);
      const expected = await createCaller(ctx).pricing.buyerQuote(params);
      const res = await callHttp(
        appRouter,
        ctx,
        'quotes.save',
        { params: { ...params, premium: 0.01 }, premiumUsd: 1n, result: { premium: 0 }, name: 'Cheap?' },
        'POST',
      );
      expect(res.status).toBe(200);
      const [row] = await f.handle.db.select().from(quotes).where(eq(quotes.name, 'Cheap?'));
      expect(row?.premiumUsd).toBe(expected.premiumUsd);
      expect(row?.params).toEqual(params);
      expect(row?.owner).toBe(alice.principal);
      expect(row?.expiresAt.getTime()).toBe(T0.getTime() + 24 * HOUR);
    });

    it.each([
      ['name', { name: 'ab\u0000cd' }],
      ['notes', { notes: 'x\u0000' }],
      ['tags', { tags: ['ok', '\u0000'] }],
    ])('fuzz: a NUL character in %s is a BAD_REQUEST naming it, not a 500', async (field, extra) => {
      const res = await callHttp(appRouter, f.at(T0, alice), 'quotes.save', { params, ...extra }, 'POST');
      expect(res.status).toBe(400);
      const error = res.body.error?.json as { data: { code: string; zodIssues: { path: string[] }[] } };
      expect(error.data.code).toBe('BAD_REQUEST');
      expect(error.data.zodIssues.map((i) => i.path[0])).toContain(field);
    });

    it('refuses to save a what-if quote', async () => {
      const caller = createCaller(f.at(T0, alice));
      const error = await refusal(caller.quotes.save({ params: { ...params, spotOverrideUsd: 1 } }));
      expect(error).toMatchObject({ code: 'BAD_REQUEST' });
      expect(error.message).toContain('spotOverrideUsd');
    });

    it('shows a quote to its owner only, and an expired active quote as expired', async () => {
      const saved = await createCaller(f.at(T0, alice)).quotes.save({ params, tags: ['hedge'] });
      const mine = asBuyer(await createCaller(f.at(T0, alice)).quotes.byId({ id: saved.id }));
      expect(mine).toMatchObject({ status: 'ACTIVE', tags: ['hedge'], premiumUsd: saved.premiumUsd });
      expect(mine.quote.premiumUsd).toBe(saved.premiumUsd);
      expect(await refusal(createCaller(f.at(T0, bob)).quotes.byId({ id: saved.id }))).toMatchObject({
        code: 'NOT_FOUND',
      });
      const later = await createCaller(f.at(new Date(T0.getTime() + 25 * HOUR), alice)).quotes.byId({
        id: saved.id,
      });
      expect(later.status).toBe('EXPIRED');
    });

    it('lists the owner’s quotes by type and status with stable cursor pages', async () => {
      const ctx = f.at(T0, bob);
      const caller = createCaller(ctx);
      for (const policyType of ['PUT', 'CALL', 'CALL', 'PUT', 'CALL'] as const)
        await caller.quotes.save({ params: { ...params, policyType } });
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await caller.quotes.list({ limit: 2, cursor });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((q) => q.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toHaveLength(5);
      expect(new Set(seen).size).toBe(5);
      const calls = await caller.quotes.list({ policyType: 'CALL', limit: 50 });
      expect(calls.items.map((q) => q.policyType)).toEqual(['CALL', 'CALL', 'CALL']);
      expect((await caller.quotes.list({ status: 'PURCHASED', limit: 50 })).items).toEqual([]);
      const tomorrow = createCaller(f.at(new Date(T0.getTime() + 25 * HOUR), bob));
      expect((await tomorrow.quotes.list({ status: 'EXPIRED', limit: 50 })).items).toHaveLength(5);
      expect((await tomorrow.quotes.list({ status: 'ACTIVE', limit: 50 })).items).toHaveLength(0);
      expect(await refusal(caller.quotes.list({ limit: 2, cursor: 'garbage' }))).toMatchObject({
        code: 'BAD_REQUEST',
      });
    });

    it.each([
      ['bad base64', '!!!*** not base64 ***'],
      ['bad JSON', Buffer.from('{"createdAt":').toString('base64url')],
      ['not an object', Buffer.from('[1,2]').toString('base64url')],
      ['a non-uuid id', cursorOf({ createdAt: T0.toISOString(), id: 'x' })],
      ['an SQL fragment as id', cursorOf({ createdAt: T0.toISOString(), id: "' or 1=1 --" })],
      ['a bad date', cursorOf({ createdAt: 'yesterday', id: '6f1c2b8e-1d2a-4c3b-9e4f-5a6b7c8d9e0f' })],
      [
        'a date PostgreSQL cannot hold',
        cursorOf({ createdAt: '0000-01-01T00:00:00.000Z', id: '6f1c2b8e-1d2a-4c3b-9e4f-5a6b7c8d9e0f' }),
      ],
      ['a missing id', cursorOf({ createdAt: T0.toISOString() })],
    ])('L4: a cursor with %s is a BAD_REQUEST naming cursor, never a 500', async (_case, cursor) => {
      const res = await callHttp(appRouter, f.at(T0, alice), 'quotes.list', { limit: 5, cursor });
      expect(res.status).toBe(400);
      const error = res.body.error?.json as { message: string; data: { code: string } };
      expect(error.data.code).toBe('BAD_REQUEST');
      expect(error.message).toMatch(/^cursor:/);
    });

    it('L4: a well-formed cursor for a quote that does not exist just pages after it', async () => {
      const cursor = cursorOf({ createdAt: T0.toISOString(), id: 'ffffffff-ffff-4fff-bfff-ffffffffffff' });
      const page = await createCaller(f.at(T0, alice)).quotes.list({ limit: 5, cursor });
      expect(page.items.every((q) => q.createdAt.getTime() <= T0.getTime())).toBe(true);
    });

    it.each([
      ['negative', -1n],
      ['above int64', 2n ** 63n],
      ['not a bigint', 12.5],
    ])(
      'C1: signForPurchase refuses a %s acceptedPremiumUsd with BAD_REQUEST naming it',
      async (_case, value) => {
        const saved = await createCaller(f.at(T0, alice)).quotes.save({ params });
        const res = await callHttp(
          appRouter,
          f.at(T0, alice),
          'quotes.signForPurchase',
          { id: saved.id, acceptedPremiumUsd: value },
          'POST',
        );
        expect(res.status).toBe(400);
        const error = res.body.error?.json as { data: { zodIssues: { path: string[] }[] } };
        expect(error.data.zodIssues.map((i) => i.path.join('.'))).toEqual(['acceptedPremiumUsd']);
      },
    );

    it('M5: an account keeps at most 100 live saved quotes; expired ones do not count', async () => {
      const carol: Session = { principal: devnetAccount('wallet_3').address, role: 'user' };
      const caller = createCaller(f.at(T0, carol));
      const first = await caller.quotes.save({ params });
      const [row] = await f.handle.db.select().from(quotes).where(eq(quotes.id, first.id));
      if (!row) throw new Error('saved quote not found');
      const { id: _id, createdAt: _createdAt, ...copy } = row;
      // 98 live quotes in all, stored directly: pricing each would only slow the test.
      await f.handle.db.insert(quotes).values(Array.from({ length: 97 }, () => copy));
      // Three at once from 98: the per-account lock lets exactly two in.
      const racing = await Promise.allSettled([1, 2, 3].map(() => caller.quotes.save({ params })));
      expect(racing.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
      expect(await f.handle.db.$count(quotes, eq(quotes.owner, carol.principal))).toBe(100);
      const refused = await refusal(caller.quotes.save({ params }));
      expect(refused).toMatchObject({ code: 'PRECONDITION_FAILED', appCode: 'CAPACITY_EXCEEDED' });
      expect(refused.message).toMatch(/^quotes: .*100/);
      // Another account is unaffected, and an expired quote frees its place.
      await createCaller(f.at(T0, bob)).quotes.save({ params });
      await f.handle.db
        .update(quotes)
        .set({ expiresAt: new Date(T0.getTime() - 1) })
        .where(eq(quotes.id, first.id));
      await caller.quotes.save({ params });
      expect(await f.handle.db.$count(quotes, eq(quotes.owner, carol.principal))).toBe(101);
    });

    it('prepares exact chain terms for an active quote, and refuses an expired one', async () => {
      const caller = createCaller(f.at(T0, alice));
      const saved = asBuyer(await caller.quotes.save({ params }));
      const terms = asBuyer(await caller.quotes.prepareForChain({ id: saved.id }));
      const stx = saved.quote.market.STX.priceUsd;
      const ceil = (a: bigint, b: bigint) => a / b + (a % b === 0n ? 0n : 1n);
      expect(terms.amountSats).toBe(25_000_000n);
      expect(terms.premiumMicroStx).toBe(ceil(saved.premiumUsd * 1_000_000n, stx));
      const protectedUsd = ceil(saved.quote.strikeUsd * 25_000_000n, 100_000_000n);
      expect(terms.protectedValue).toBe(ceil(protectedUsd * 1_000_000n, stx));
      expect(terms.currentBurnHeight).toBe(900_000n + 72n);
      expect(terms.expirationBurnHeight).toBe(terms.currentBurnHeight + 30n * 144n);
      expect(
        await refusal(createCaller(f.at(T0, bob)).quotes.prepareForChain({ id: saved.id })),
      ).toMatchObject({
        code: 'NOT_FOUND',
      });

      await f.handle.db
        .update(quotes)
        .set({ expiresAt: new Date(T0.getTime() - 1) })
        .where(eq(quotes.id, saved.id));
      expect(await refusal(caller.quotes.prepareForChain({ id: saved.id }))).toMatchObject({
        code: 'PRECONDITION_FAILED',
        appCode: 'QUOTE_EXPIRED',
      });
    });

    it('expires quotes past their time in one statement, idempotently', async () => {
      const later = new Date(T0.getTime() + 24 * HOUR);
      const stillActive = await f.handle.db.$count(quotes, eq(quotes.status, 'ACTIVE'));
      const first = await expireQuotes(f.handle.db, later);
      expect(first.expired).toBe(stillActive);
      expect(await expireQuotes(f.handle.db, later)).toEqual({ expired: 0 });
      expect(await f.handle.db.$count(quotes, eq(quotes.status, 'ACTIVE'))).toBe(0);
    });

    it('refuses to quote without active risk parameters', async () => {
      await f.handle.db
        .update(riskParameters)
        .set({ isActive: false })
        .where(eq(riskParameters.policyType, 'CALL'));
      const error = await refusal(
        createCaller(f.at(T0)).pricing.buyerQuote({ ...params, policyType: 'CALL' }),
      );
      expect(error).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
      expect(error.message).toContain('No active risk parameters for BTC CALL');
    });
  });
}
