export { createPriceFeed, type PriceFeedConfig } from './create';
export { rescale } from './fixed-point';
export {
  HermesLatestResponseSchema,
  PYTH_FEED_IDS,
  PythHermesFeed,
  type PythHermesOptions,
  parseHermesLatest,
} from './pyth-hermes';
export { isSimulatedFeed, type SimulatedFeedOptions, SimulatedPriceFeed } from './simulated';
export * from './types';
