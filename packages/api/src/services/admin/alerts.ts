import { adminAlerts, type Executor } from '@bithedge/db';

/**
 * Records an on-chain fact the backend could not follow as it should (a withdrawal beyond what the
 * ledger held, an event out of range, a deposit in an unexpected token, a policy the ledger could
 * not back) for the people who run the pool. Ingestion records these instead of refusing the
 * delivery: a refused delivery would be retried for ever and hold back every later block.
 */
export async function raiseAdminAlert(
  tx: Executor,
  alert: { kind: string; message: string; data: Record<string, unknown> },
): Promise<void> {
  await tx.insert(adminAlerts).values(alert);
}
