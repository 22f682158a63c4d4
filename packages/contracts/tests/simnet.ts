import { fileURLToPath } from 'node:url';
import { initSimnet, type Simnet } from '@stacks/clarinet-sdk';
import { Cl, type ClarityValue } from '@stacks/transactions';
import { type PlainValue, toPlain } from '../src/clarity-value';

const MANIFEST = fileURLToPath(new URL('../Clarinet.toml', import.meta.url));

/** A fresh simnet with the project deployed and the vault wired to the registry. */
export async function freshSimnet(): Promise<Simnet> {
  const simnet = await initSimnet(MANIFEST);
  const deployer = simnet.getAccounts().get('deployer') as string;
  const wire = simnet.callPublicFn(
    'liquidity-pool-vault',
    'set-registry',
    [Cl.contractPrincipal(deployer, 'policy-registry')],
    deployer,
  );
  if (wire.result.type !== 'ok') throw new Error('set-registry failed');
  return simnet;
}

/** The `print` payloads of a call, as plain values. */
export function printed(events: { event: string; data: { value?: ClarityValue } }[]): PlainValue[] {
  return events
    .filter((e) => e.event === 'print_event' && e.data.value)
    .map((e) => toPlain(e.data.value as ClarityValue));
}
