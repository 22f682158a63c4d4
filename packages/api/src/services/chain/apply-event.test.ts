import {
  contractIds,
  DEVNET_DEPLOYER,
  expectedSbtcContract,
  SBTC_CONTRACTS,
  watchedContracts,
} from '@bithedge/contracts';
import { printBlock } from '@bithedge/contracts/simnet';
import { adminAlerts, providerBalances, seedTiers } from '@bithedge/db';
import { testDatabaseTargets } from '@bithedge/db/testing';
import { Cl } from '@stacks/transactions';
import { describe, expect, it } from 'vitest';
import { devnetAccount } from '../../devnet-accounts';
import { ingestChainhookDelivery, parseChainhookDelivery } from './ingest';

const ids = contractIds('devnet');
const alice = devnetAccount('wallet_1').address;

const sbtcDeposit = (tokenContract: string, amount: bigint) =>
  Cl.tuple({
    event: Cl.stringAscii('deposit'),
    provider: Cl.principal(alice),
    token: Cl.stringAscii('SBTC'),
    'token-contract': Cl.principal(tokenContract),
    amount: Cl.uint(amount),
    tier: Cl.stringAscii('balanced'),
  });

for (const target of await testDatabaseTargets()) {
  describe.skipIf(target.skipReason !== undefined)(
    `sBTC deposits through ingestion on ${target.label}`,
    () => {
      it('M8: an sBTC deposit in another token contract is recorded as an alert, not credited, and does not wedge', async () => {
        const handle = await target.open();
        try {
          await seedTiers(handle.db);
          const block = printBlock(ids.vault, 1, 'm8', [
            [sbtcDeposit(`${devnetAccount('wallet_2').address}.mock-sbtc`, 500n)],
            [sbtcDeposit(ids.sbtc, 700n)],
          ]);
          const result = await ingestChainhookDelivery(
            handle.db,
            parseChainhookDelivery({ apply: [block], rollback: [] }, watchedContracts(ids)),
          );
          expect(result).toMatchObject({ appliedBlocks: 1, newEvents: 2 });
          const balances = await handle.db.select().from(providerBalances);
          expect(balances.map((b) => [b.token, b.available])).toEqual([['SBTC', 700n]]);
          const alerts = await handle.db.select().from(adminAlerts);
          expect(alerts.map((a) => a.kind)).toEqual(['untrusted-sbtc-deposit']);
          expect(alerts[0]?.message).toContain(ids.sbtc);
        } finally {
          await handle.close();
        }
      });
    },
  );
}

describe('expectedSbtcContract', () => {
  it('is the devnet mock for the devnet deployer, else the network’s real sBTC', () => {
    expect(expectedSbtcContract(ids.vault)).toBe(`${DEVNET_DEPLOYER}.mock-sbtc`);
    expect(
      expectedSbtcContract(contractIds('mainnet', 'SP2C2YFP12AJZB4MABJBAJ55XECVS7E4PMMZ89YZR').vault),
    ).toBe(SBTC_CONTRACTS.mainnet);
    expect(
      expectedSbtcContract(contractIds('testnet', 'ST2CY5V39NHDPWSXMW9QDT3HC3GD6Q6XX4CFRK9AG').vault),
    ).toBe(SBTC_CONTRACTS.testnet);
  });
});
