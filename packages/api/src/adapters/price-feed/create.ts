import { PythHermesFeed } from './pyth-hermes';
import { SimulatedPriceFeed } from './simulated';
import type { PriceFeed } from './types';

export type PriceFeedConfig =
  | { kind: 'simulated'; seed?: number | undefined; start?: { BTC: number; STX: number } | undefined }
  | { kind: 'pyth'; baseUrl: string; apiKey?: string | undefined; timeoutMs?: number | undefined };

/** The feed the configuration names: Pyth Hermes in production, the simulation elsewhere. */
export function createPriceFeed(config: PriceFeedConfig): PriceFeed {
  if (config.kind === 'pyth') {
    return new PythHermesFeed({
      baseUrl: config.baseUrl,
      apiKey: config.apiKey,
      ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}),
    });
  }
  return new SimulatedPriceFeed({
    ...(config.seed !== undefined ? { seed: config.seed } : {}),
    ...(config.start ? { start: config.start } : {}),
  });
}
