import { PythHermesFeed } from './pyth-hermes';
import { SimulatedPriceFeed } from './simulated';
import type { PriceFeed } from './types';

export type PriceFeedConfig =
  | { kind: 'simulated'; seed?: number | undefined; start?: { BTC: number; STX: number } | undefined }
  /** Hermes requires an API key (M4): the config cannot be written without one. */
  | { kind: 'pyth'; baseUrl: string; apiKey: string; timeoutMs?: number | undefined };

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
