/**
 * The route half of the authorization matrix: every route handler under `src/app/api` is listed
 * with who may call it; a new route without an entry fails. Protected routes are called without a
 * secret, with a wrong one, and with the right one.
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTestEnv } from '../test/env';

const CRON_SECRET = 'test-cron-secret-0123456789';
const WEBHOOK_SECRET = 'test-webhook-secret-0123456789';

type RouteAccess =
  | { access: 'public' }
  /** Development only: answers 404 unless LOCAL_CHAIN is on (never in production or on mainnet). */
  | { access: 'dev-only' }
  /** A request the secret holder may make, sent with each candidate authorization header. */
  | {
      access: 'cron' | 'webhook';
      request: () => { url: string; init: RequestInit; params: Record<string, string> };
    };

const ROUTES: Record<string, RouteAccess> = {
  'health/route.ts': { access: 'public' },
  'trpc/[trpc]/route.ts': { access: 'public' }, // each procedure has its own rule: see the api matrix
  'local-chain/[action]/route.ts': { access: 'dev-only' },
  'webhooks/vault/route.ts': {
    access: 'webhook',
    request: () => ({
      url: 'http://test/api/webhooks/vault',
      init: { method: 'POST', body: JSON.stringify({ apply: [], rollback: [] }) },
      params: {},
    }),
  },
  'cron/[step]/route.ts': {
    access: 'cron',
    request: () => ({
      url: 'http://test/api/cron/auth-cleanup',
      init: { method: 'POST' },
      params: { step: 'auth-cleanup' },
    }),
  },
};

const apiDir = fileURLToPath(new URL('../app/api', import.meta.url));
function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? routeFiles(join(dir, entry.name))
      : entry.name === 'route.ts'
        ? [relative(apiDir, join(dir, entry.name))]
        : [],
  );
}

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

describe('route secrets', () => {
  useTestEnv({
    PGLITE_DATA_DIR: 'memory://',
    SEED_DEMO_DATA: 'false',
    CRON_SECRET,
    VAULT_WEBHOOK_SECRET: WEBHOOK_SECRET,
  });

  it('lists every route handler', () => {
    expect(routeFiles(apiDir).sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it('keeps the development-only routes closed unless LOCAL_CHAIN is on', async () => {
    for (const [file, rule] of Object.entries(ROUTES)) {
      if (rule.access !== 'dev-only') continue;
      const mod = (await import(`../app/api/${file.replace(/\.ts$/, '')}`)) as Record<string, Handler>;
      for (const [method, action] of [
        ['GET', 'state'],
        ['POST', 'call'],
        ['POST', 'mine'],
      ] as const) {
        const response = await mod[method]!(
          new Request(`http://test/api/local-chain/${action}`, {
            method,
            body: method === 'POST' ? '{}' : null,
          }),
          {
            params: Promise.resolve({ action }),
          },
        );
        expect(response.status, `${method} ${action}`).toBe(404);
      }
    }
  });

  for (const [file, rule] of Object.entries(ROUTES)) {
    if (rule.access === 'public' || rule.access === 'dev-only') continue;
    const secret = rule.access === 'cron' ? CRON_SECRET : WEBHOOK_SECRET;
    const other = rule.access === 'cron' ? WEBHOOK_SECRET : CRON_SECRET;
    it.each([
      ['no authorization', undefined, 401],
      ['a wrong secret', 'Bearer wrong-secret-of-the-same-size!', 401],
      ['the other route family’s secret', `Bearer ${other}`, 401],
      ['the secret without the Bearer scheme', secret, 401],
      ['the right secret', `Bearer ${secret}`, 200],
    ] as const)(`${file} with %s → %i`, async (_label, authorization, status) => {
      const mod = (await import(`../app/api/${file.replace(/\.ts$/, '')}`)) as Record<string, Handler>;
      const { url, init, params } = rule.request();
      const method = init.method ?? 'GET';
      const handler = mod[method];
      if (!handler) throw new Error(`${file} has no ${method} handler`);
      const headers = new Headers(init.headers);
      if (authorization) headers.set('authorization', authorization);
      const response = await handler(new Request(url, { ...init, headers }), {
        params: Promise.resolve(params),
      });
      expect(response.status).toBe(status);
    });
  }
});

describe('vault webhook input', () => {
  useTestEnv({
    PGLITE_DATA_DIR: 'memory://',
    SEED_DEMO_DATA: 'false',
    VAULT_WEBHOOK_SECRET: WEBHOOK_SECRET,
  });

  it.each([
    ['not JSON', '{apply:', /not JSON/],
    ['not a delivery', JSON.stringify({ apply: 'x', rollback: [] }), /Malformed Chainhook payload at apply/],
  ])('answers %s with 400 and the reason', async (_label, body, reason) => {
    const { POST } = (await import('../app/api/webhooks/vault/route')) as {
      POST: (req: Request) => Promise<Response>;
    };
    const response = await POST(
      new Request('http://test/api/webhooks/vault', {
        method: 'POST',
        body,
        headers: { authorization: `Bearer ${WEBHOOK_SECRET}` },
      }),
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(reason);
  });

  it('answers a settlement that arrives before its purchase with 409, then applies both in order', async () => {
    const { POST } = (await import('../app/api/webhooks/vault/route')) as {
      POST: (req: Request) => Promise<Response>;
    };
    const { Cl, serializeCV } = await import('@stacks/transactions');
    const { contractIds } = await import('@bithedge/contracts');
    const ids = contractIds('devnet');
    const buyer = 'ST2JHG361ZXG51QTKY2NQCVBPPRRE2KZB1HR05NNC';
    const event = (fields: Record<string, import('@stacks/transactions').ClarityValue>) => ({
      type: 'SmartContractEvent',
      position: { index: 0 },
      data: {
        contract_identifier: ids.registry,
        topic: 'print',
        raw_value: `0x${serializeCV(Cl.tuple(fields))}`,
      },
    });
    const block = (height: number, fields: Record<string, import('@stacks/transactions').ClarityValue>) => ({
      block_identifier: { index: height, hash: `0x${height.toString(16).padStart(64, '0')}` },
      transactions: [
        {
          transaction_identifier: { hash: `0x${(1000 + height).toString(16).padStart(64, '0')}` },
          metadata: { success: true, receipt: { events: [event(fields)] } },
        },
      ],
    });
    const created = block(1, {
      event: Cl.stringAscii('policy-created'),
      'policy-id': Cl.uint(9),
      buyer: Cl.principal(buyer),
      'quote-id': Cl.bufferFromHex('00000000000040008000000000000009'),
      'policy-type': Cl.stringAscii('PUT'),
      'strike-usd': Cl.uint(5_000_000_000_000n),
      'amount-sats': Cl.uint(1_000_000n),
      'protected-value': Cl.uint(100_000_000n),
      token: Cl.stringAscii('STX'),
      premium: Cl.uint(1_000_000n),
      collateral: Cl.uint(125_000_000n),
      'expiration-height': Cl.uint(500),
    });
    const expired = block(2, {
      event: Cl.stringAscii('policy-expired'),
      'policy-id': Cl.uint(9),
      buyer: Cl.principal(buyer),
    });
    const deliver = (apply: unknown[]) =>
      POST(
        new Request('http://test/api/webhooks/vault', {
          method: 'POST',
          body: JSON.stringify({ apply, rollback: [] }),
          headers: { authorization: `Bearer ${WEBHOOK_SECRET}` },
        }),
      );
    const early = await deliver([expired]);
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ retry: true, error: expect.stringMatching(/never recorded/) });
    expect((await deliver([created, expired])).status).toBe(200);
  });
});
