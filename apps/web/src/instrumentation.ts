/** Runs once when a server instance starts: fail fast on bad config, migrate and seed up front. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getEnv } = await import('./server/env');
  getEnv();
  const { getDatabase } = await import('./server/db');
  await getDatabase();
  // The local chain takes seconds to deploy the contracts: do it before the first request.
  const { getLocalChain, seedDemoOnLocalChain } = await import('./server/local-chain');
  const chain = await getLocalChain();
  if (chain && getEnv().seedDemoData) await seedDemoOnLocalChain(await chain);
  const { startLocalOperator } = await import('./server/vault-chain');
  startLocalOperator();
  // After the demo deposits, so the first pool snapshot shows them. Every scheduled step
  // (market data, health, premiums, snapshots, reconciliation, ...) runs from here.
  const { startInternalScheduler } = await import('./server/scheduler');
  await startInternalScheduler();
}
