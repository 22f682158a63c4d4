/**
 * pricing.buyerQuote over HTTP against the production build: requests per second and latency at
 * 50 concurrent connections (autocannon). Builds the app, starts `next start` on a fresh in-memory
 * database with the demo data, and cycles through a few different quotes so no answer is cached.
 *
 *   pnpm --filter @bithedge/web bench          (BENCH_SECONDS=15 by default)
 */
import autocannon from 'autocannon';
import { buildApp, startServer, waitForHealth } from './production-server.mjs';

const port = Number(process.env.BENCH_PORT ?? 3200);
const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const base = `http://127.0.0.1:${port}`;

buildApp();
const stop = startServer(port);

const path = (input) =>
  `/api/trpc/pricing.buyerQuote?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
const inputs = [
  { protectedValuePercentage: 90, amount: '0.1', days: 30, policyType: 'PUT' },
  { protectedValuePercentage: 80, amount: '1.5', days: 90, policyType: 'PUT' },
  { protectedValuePercentage: 110, amount: '0.25', days: 7, policyType: 'CALL' },
  { protectedValuePercentage: 100, amount: '2', days: 365, policyType: 'CALL' },
];

await waitForHealth(base, 120);
// Warm up the route (JIT, module loading) before measuring.
for (const input of inputs) {
  const res = await fetch(base + path(input));
  if (!res.ok) throw new Error(`warm-up failed: HTTP ${res.status} ${await res.text()}`);
}
const result = await autocannon({
  url: base,
  connections: 50,
  duration: seconds,
  requests: inputs.map((input) => ({ method: 'GET', path: path(input) })),
});
stop();

const summary = {
  connections: 50,
  seconds,
  requests: result.requests.total,
  requestsPerSecond: Math.round(result.requests.average),
  latencyMs: {
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
  },
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
};
console.log(JSON.stringify(summary, null, 2));
console.log(
  `pricing.buyerQuote: ${summary.requestsPerSecond} req/s, p50 ${summary.latencyMs.p50} ms, p99 ${summary.latencyMs.p99} ms at 50 connections (${summary.non2xx} non-2xx, ${summary.errors} errors)`,
);
process.exit(summary.non2xx + summary.errors > 0 ? 1 : 0);
