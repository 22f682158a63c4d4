import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors';
import { SimulatedChainClock, StacksNodeChainClock } from './index';

// The fields of a Stacks node's /v2/info response (Stacks 3.x) that matter, with a few neighbours.
const NODE_INFO = {
  peer_version: 385875968,
  pox_consensus: 'e472cadc17dcf3bc1afafc6aa595899e55f25b72',
  burn_block_height: 925_731,
  stable_pox_consensus: '6b7a5e8cab1a6e54de84c4ac4f1b5e45ecc5ea1a',
  stable_burn_block_height: 925_724,
  server_version: 'stacks-node 3.1.0.0.7',
  network_id: 1,
  parent_network_id: 3652501241,
  stacks_tip_height: 4_190_220,
  stacks_tip: 'e2b4a4dcee4b6bf4c0c8f9b1b1d1b0f0a3b2f4c1d6e7f8a9b0c1d2e3f4a5b6c7',
};

function fetchReturning(body: unknown, status = 200): typeof fetch {
  return async () => new Response(JSON.stringify(body), { status });
}

describe('chain clocks', () => {
  it('simulates one burn block every ten minutes', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const clock = new SimulatedChainClock({ genesisHeight: 100, now: () => now });
    expect(await clock.burnBlockHeight()).toBe(100);
    now = new Date('2026-01-02T00:09:59Z');
    expect(await clock.burnBlockHeight()).toBe(100 + 144);
  });

  it('reads burn_block_height from a node', async () => {
    const clock = new StacksNodeChainClock({
      baseUrl: 'https://node.test',
      fetch: fetchReturning(NODE_INFO),
    });
    expect(await clock.burnBlockHeight()).toBe(925_731);
  });

  it('turns a bad answer into UNAVAILABLE, never a made-up height', async () => {
    for (const fetch of [
      fetchReturning({ burn_block_height: 'soon' }),
      fetchReturning(NODE_INFO, 502),
      (async () => {
        throw new Error('ECONNREFUSED');
      }) as typeof globalThis.fetch,
    ]) {
      const clock = new StacksNodeChainClock({ baseUrl: 'https://node.test', fetch });
      const error = await clock.burnBlockHeight().catch((e: unknown) => e);
      expect(isAppError(error) && error.code).toBe('UNAVAILABLE');
    }
  });
});
