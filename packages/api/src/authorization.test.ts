/**
 * The authorization matrix: every procedure of the app router, called as an anonymous visitor, as
 * provider A on A's own data, as provider A on provider B's data, and as an admin. A procedure
 * added without an entry here fails the first test.
 */
import { randomUUID } from 'node:crypto';
import {
  adminAlerts,
  type DatabaseHandle,
  openDatabase,
  providers,
  seedRiskParameters,
  seedTiers,
} from '@bithedge/db';
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedPriceFeed } from './adapters/price-feed';
import type { Session } from './context';
import { createQuotingContext } from './context';
import { type DevnetAccount, devnetAccount } from './devnet-accounts';
import { appRouter, createCaller } from './routers';
import { createChallenge } from './services/auth';
import { accruePremium, deposit, earnPremium } from './services/ledger';
import { requestProviderWithdrawal } from './services/liquidity/withdrawals';
import { recordMarketSnapshot } from './services/market/market-data';
import type { QuoteParams } from './services/quotes/price';
import { saveQuote } from './services/quotes/saved';
import { contextFor, recordingAuth, signWith, TEST_AUTH_CONFIG } from './test/context';
import { insertTestPolicies } from './test/policies';

const alice = devnetAccount('wallet_1');
const bob = devnetAccount('wallet_2');
const admin = devnetAccount('deployer');

type Caller = 'anonymous' | 'alice' | 'admin';
type Access = 'public' | 'provider' | 'admin';

interface Fixtures {
  handle: DatabaseHandle;
  /** One saved quote per account, by address. */
  quoteOf: Record<string, string>;
}

interface MatrixEntry {
  access: Access;
  /** A valid input for `who` acting on their own data (or on public data). */
  input?: (f: Fixtures, who: DevnetAccount) => Promise<unknown> | unknown;
  /** For procedures that name one owner's resource: alice's call naming bob's. */
  foreignInput?: (f: Fixtures) => Promise<unknown> | unknown;
}

async function signedMessage(f: Fixtures, who: DevnetAccount) {
  const { message } = await createChallenge(f.handle.db, TEST_AUTH_CONFIG, who.address);
  return { message, ...signWith(who, message) };
}

const riskParams = {
  baseRate: 0.01,
  volatilityMultiplier: 1,
  durationFactor: 0.1,
  coverageFactor: 0.2,
  tierMultipliers: { conservative: 0.8, balanced: 1, aggressive: 1.25 },
  liquidityAdjustment: 0,
  marketTrendAdjustment: 0,
};

const quoteParams: QuoteParams = { protectedValuePercentage: 90, amount: '0.1', days: 7, policyType: 'PUT' };
const providerParams = { token: 'STX', amount: '1500.5', tier: 'balanced', days: 30 } as const;
const ownQuote = (f: Fixtures, who: DevnetAccount) => ({ id: f.quoteOf[who.address] });
/** A fresh quote of `who` (declining one spends it, so the shared fixture quotes stay active). */
const freshProviderQuote = async (f: Fixtures, who: DevnetAccount) => ({
  id: (
    await saveQuote(
      f.handle.db,
      who.address,
      { quoteType: 'PROVIDER', params: providerParams },
      createQuotingContext(),
    )
  ).id,
});
const bobsQuote = (f: Fixtures) => ({ id: f.quoteOf[bob.address] });

/** The seeded balanced STX tier with a larger cap. */
const tierValues = {
  capacityLimit: 20_000_000_000_000n,
  collateralRatioBps: 12_500,
  premiumMultiplierBps: 10_000,
  maxExposureBps: 7_000,
  warningThresholdBps: 11_500,
  marginCallThresholdBps: 10_500,
};

const MATRIX: Record<string, MatrixEntry> = {
  'admin.riskParameters': { access: 'admin' },
  'admin.providersAtRisk': { access: 'admin' },
  'admin.publishRiskParameters': {
    access: 'admin',
    input: () => ({ policyType: 'PUT', params: riskParams }),
  },
  'admin.previewRiskParameters': {
    access: 'admin',
    input: () => ({ policyType: 'CALL', params: riskParams }),
  },
  'admin.tierVersions': { access: 'admin' },
  'admin.vaultTierCaps': { access: 'admin' },
  'admin.previewTier': {
    access: 'admin',
    input: () => ({ tier: 'balanced', token: 'STX', values: tierValues }),
  },
  'admin.publishTier': {
    access: 'admin',
    input: () => ({ tier: 'balanced', token: 'STX', values: tierValues }),
  },
  'admin.auditLog': { access: 'admin', input: () => ({ limit: 10 }) },
  'admin.alerts': { access: 'admin', input: () => ({ status: 'open', limit: 10 }) },
  'admin.resolveAlert': {
    access: 'admin',
    // A fresh open alert per caller: the admin's call resolves it, the others must be refused first.
    input: async (f) => {
      const [alert] = await f.handle.db
        .insert(adminAlerts)
        .values({ kind: 'event-quarantined', message: 'An alert to resolve', data: {} })
        .returning();
      return { id: alert!.id, note: 'checked' };
    },
  },
  'admin.operations': { access: 'admin' },
  'auth.challenge': { access: 'public', input: (_f, who) => ({ address: who.address }) },
  'auth.signIn': { access: 'public', input: (f, who) => signedMessage(f, who) },
  'auth.signOut': { access: 'public' },
  'auth.me': { access: 'public' },
  'policies.mine': { access: 'provider' },
  'notifications.list': { access: 'provider', input: () => ({ limit: 5 }) },
  'notifications.unreadCount': { access: 'provider' },
  'notifications.markRead': { access: 'provider', input: () => ({}) },
  'pool.overview': { access: 'public' },
  'pool.tiers': { access: 'public' },
  'pool.tierAvailability': {
    access: 'public',
    input: () => ({ tier: 'balanced', token: 'STX', amount: '1000000' }),
  },
  'pool.history': { access: 'public', input: () => ({ token: 'STX', tier: 'balanced', range: '7d' }) },
  'pool.stressTest': { access: 'public', input: () => ({ btcChangePct: -30, stxPriceUsd: '1.25' }) },
  'pricing.buyerQuote': { access: 'public', input: () => quoteParams },
  'pricing.providerYieldQuote': { access: 'public', input: () => providerParams },
  'pricing.providerYieldTiers': { access: 'public', input: () => ({ token: 'SBTC' }) },
  'provider.portfolio': { access: 'provider' },
  'provider.withdrawals': { access: 'provider' },
  'provider.transactions': { access: 'provider', input: () => ({ kind: 'deposit', limit: 5 }) },
  'provider.allocations': { access: 'provider', input: () => ({ status: 'LOCKED', limit: 5 }) },
  'provider.yieldStats': { access: 'provider' },
  'provider.balanceHistory': { access: 'provider' },
  'provider.health': { access: 'provider' },
  'provider.requestWithdrawal': {
    access: 'provider',
    input: () => ({ token: 'STX', amount: '1000', requestId: randomUUID() }),
  },
  'provider.claimPremiums': {
    access: 'provider',
    input: async (f, who) => {
      // Something earned to claim: a premium share accrued and distributed.
      const [policyId] = await insertTestPolicies(f.handle.db, 1);
      const [row] = await f.handle.db.select().from(providers).where(eq(providers.principal, who.address));
      const shares = {
        policyId: policyId!,
        token: 'STX' as const,
        parts: [{ providerId: row!.id, amount: 7n }],
      };
      await accruePremium(f.handle.db, shares);
      await earnPremium(f.handle.db, shares);
      return { token: 'STX', requestId: randomUUID() };
    },
  },
  'provider.premiums': { access: 'provider', input: () => ({ limit: 5 }) },
  'provider.cancelWithdrawal': {
    access: 'provider',
    input: async (f, who) => {
      await requestProviderWithdrawal(f.handle.db, who.address, {
        token: 'STX',
        amount: 500n,
        requestId: randomUUID(),
      });
      return { token: 'STX', requestId: randomUUID() };
    },
  },
  'quotes.save': { access: 'provider', input: () => ({ params: quoteParams }) },
  'quotes.byId': { access: 'provider', input: ownQuote, foreignInput: bobsQuote },
  'quotes.decline': { access: 'provider', input: freshProviderQuote, foreignInput: bobsQuote },
  'quotes.list': { access: 'provider', input: () => ({ limit: 5 }) },
  'quotes.prepareForChain': { access: 'provider', input: ownQuote, foreignInput: bobsQuote },
  'quotes.signForPurchase': { access: 'provider', input: ownQuote, foreignInput: bobsQuote },
};

const SESSIONS: Record<Caller, Session | null> = {
  anonymous: null,
  alice: { principal: alice.address, role: 'user' },
  admin: { principal: admin.address, role: 'admin' },
};
const ACCOUNTS: Record<Caller, DevnetAccount> = { anonymous: bob, alice, admin };

/** What the caller may do with this access level; null when the call must go through. */
function expectedRefusal(access: Access, caller: Caller): 'UNAUTHORIZED' | 'FORBIDDEN' | null {
  if (access === 'public') return null;
  if (caller === 'anonymous') return 'UNAUTHORIZED';
  if (access === 'admin' && caller !== 'admin') return 'FORBIDDEN';
  return null;
}

const procedurePaths = Object.keys(appRouter._def.procedures).sort();

describe('authorization matrix', () => {
  const fixtures = { quoteOf: {} } as Fixtures;
  beforeAll(async () => {
    fixtures.handle = await openDatabase({ dataDir: 'memory://' });
    await seedRiskParameters(fixtures.handle.db);
    await seedTiers(fixtures.handle.db);
    await recordMarketSnapshot(fixtures.handle.db, new SimulatedPriceFeed());
    for (const account of [alice, bob, admin]) {
      const quote = await saveQuote(
        fixtures.handle.db,
        account.address,
        { params: quoteParams },
        createQuotingContext(),
      );
      fixtures.quoteOf[account.address] = quote.id;
      // Funds to withdraw: a deposit each.
      await deposit(fixtures.handle.db, {
        principal: account.address,
        tier: 'balanced',
        token: 'STX',
        // Enough for the pool to back every test quote (1,000,000 STX each).
        amount: 1_000_000_000_000n,
        chainTxId: `0x${account.address}`,
        chainEventIndex: 0,
      });
    }
  });
  afterAll(() => fixtures.handle?.close());

  async function call(caller: Caller, path: string, input: unknown): Promise<{ code: string | null }> {
    const ctx = contextFor(fixtures.handle, SESSIONS[caller], recordingAuth());
    const procedure = path
      .split('.')
      .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], createCaller(ctx));
    try {
      await (procedure as (input: unknown) => Promise<unknown>)(input);
      return { code: null };
    } catch (error) {
      if (error instanceof TRPCError) return { code: error.code };
      throw error;
    }
  }

  it('has an entry for every procedure, and none for procedures that no longer exist', () => {
    expect(procedurePaths).toEqual(Object.keys(MATRIX).sort());
  });

  describe.each(procedurePaths)('%s', (path) => {
    const entry = MATRIX[path];
    if (!entry) {
      it('has a matrix entry', () => expect.fail(`${path} has no entry in the authorization matrix`));
      return;
    }
    it.each(['anonymous', 'alice', 'admin'] as const)(`as %s`, async (caller) => {
      const input = await entry.input?.(fixtures, ACCOUNTS[caller]);
      const { code } = await call(caller, path, input);
      const refusal = expectedRefusal(entry.access, caller);
      if (refusal) expect(code).toBe(refusal);
      // Allowed calls with valid input must succeed outright, not fail some other way.
      else expect(code).toBeNull();
    });

    if (entry.foreignInput) {
      it("as alice on bob's data", async () => {
        const { code } = await call('alice', path, await entry.foreignInput?.(fixtures));
        // Another owner's resource reads as absent: refusing with FORBIDDEN would confirm it exists.
        expect(code).toBe('NOT_FOUND');
      });
    }
  });

  describe('provider quotes', () => {
    it.each([
      ['quotes.save', 'UNAUTHORIZED'],
      ['quotes.prepareForChain', 'UNAUTHORIZED'],
      ['quotes.decline', 'UNAUTHORIZED'],
    ])('%s refuses an anonymous caller', async (path, code) => {
      const own = await freshProviderQuote(fixtures, alice);
      const input = path === 'quotes.save' ? { quoteType: 'PROVIDER', params: providerParams } : own;
      expect((await call('anonymous', path, input)).code).toBe(code);
    });

    it('saves, prepares and declines only the caller’s own provider quotes', async () => {
      expect(
        (await call('alice', 'quotes.save', { quoteType: 'PROVIDER', params: providerParams })).code,
      ).toBeNull();
      const own = await freshProviderQuote(fixtures, alice);
      const bobs = await freshProviderQuote(fixtures, bob);
      for (const path of ['quotes.byId', 'quotes.prepareForChain', 'quotes.decline']) {
        expect((await call('alice', path, bobs)).code, path).toBe('NOT_FOUND');
        expect((await call('alice', path, own)).code, path).toBeNull();
      }
      // Bob's quote is untouched by alice's attempts.
      expect((await call('admin', 'quotes.byId', bobs)).code).toBe('NOT_FOUND');
    });
  });

  it('provider procedures take no principal: a provider cannot even name someone else', () => {
    for (const [path, entry] of Object.entries(MATRIX)) {
      if (entry.access !== 'provider') continue;
      const procedures = appRouter._def.procedures as Record<string, unknown>;
      const procedure = procedures[path] as { _def: { inputs: { shape?: Record<string, unknown> }[] } };
      const fields = procedure._def.inputs.flatMap((schema) => Object.keys(schema.shape ?? {}));
      expect(
        fields.filter((f) => /principal|owner|address/i.test(f)),
        path,
      ).toEqual([]);
    }
  });
});
