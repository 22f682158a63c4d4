import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { PYTH_FEED_IDS } from '@bithedge/api';
import postgres from 'postgres';

/*
 * What the several-instances test runs on: a fresh PostgreSQL database, a stand-in for Pyth's
 * Hermes (a production build refuses the simulated feed), and `next start` processes of the build
 * the end-to-end suite already made, each in the production environment a deployment gives it.
 */

const WEB_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A port the system says is free now (the server is started on it right after). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** An empty, unmigrated database on the server at `adminUrl`: the instances race to migrate it. */
export async function createEmptyDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `bithedge_multi_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

/**
 * Hermes' `GET /v2/updates/price/latest` answering fresh BTC and STX prices (as recorded from the
 * real service, published now), so the `market-data` step and the health monitor run as deployed.
 */
export async function startFakeHermes(): Promise<{
  url: string;
  requests: () => number;
  close(): Promise<void>;
}> {
  let requests = 0;
  const price = (id: string, value: string, conf: string) => ({
    id,
    price: { price: value, conf, expo: -8, publish_time: Math.floor(Date.now() / 1000) },
  });
  const server: Server = createServer((req, res) => {
    requests++;
    if (!req.url?.startsWith('/v2/updates/price/latest')) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        parsed: [
          price(PYTH_FEED_IDS.BTC, '9712345678901', '3456789012'),
          price(PYTH_FEED_IDS.STX, '61234567', '45678'),
        ],
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface Instance {
  name: string;
  url: string;
  /** Everything the process wrote, for the report when something fails. */
  output: () => string;
  stop(): Promise<void>;
}

/**
 * `next start` of the existing build on `port` with exactly `env` (plus NODE_ENV=production, PATH
 * and HOME): nothing of
 * the runner's environment (the sandbox flags the suite's own server runs with) leaks into it.
 */
export function startInstance(name: string, port: number, env: Record<string, string>): Instance {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      `${WEB_ROOT}node_modules/next/dist/bin/next`,
      'start',
      '--hostname',
      '127.0.0.1',
      '--port',
      String(port),
    ],
    {
      cwd: WEB_ROOT,
      env: { NODE_ENV: 'production', PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so stopping it stops any worker it forked too.
      detached: true,
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.pid === undefined) return;
      process.kill(-child.pid, 'SIGTERM');
      const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves once `/api/health` answers 200 (the instance migrated, seeded and scheduled). */
export async function waitHealthy(instance: Instance, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${instance.url}/api/health`);
      if (res.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `${instance.name} (${instance.url}) did not become healthy in ${timeoutMs} ms:\n${instance.output()}`,
  );
}
