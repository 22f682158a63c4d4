import { BURN_BLOCK_MS } from '@bithedge/pricing';
import { z } from 'zod';
import { AppError } from '../../errors';

/**
 * Where the current Bitcoin (burn) block height comes from (policy expiries are counted in it),
 * and the chain's time (a quote's `valid-until` is checked against `stacks-block-time`).
 */
export interface ChainClock {
  readonly source: string;
  burnBlockHeight(): Promise<number>;
  /**
   * Unix seconds as the chain's next block will tell `stacks-block-time`. On a network that is the
   * wall clock (Stacks block times follow it); the local chain's own clock runs ahead of it.
   */
  unixTime(): Promise<number>;
}

/** The wall clock in unix seconds: what a real network's block times follow. */
export const wallClockSeconds = (now: () => Date = () => new Date()): number =>
  Math.floor(now().getTime() / 1000);

/**
 * The in-app local chain as a clock: its burn height and its own block time (the simnet adds
 * ten minutes per burn block it mines, so it is ahead of the wall clock).
 */
export function localChainClock(
  chain: () => Promise<{ burnBlockHeight: number; blockTime: number }>,
): ChainClock {
  return {
    source: 'local-chain',
    burnBlockHeight: async () => (await chain()).burnBlockHeight,
    unixTime: async () => (await chain()).blockTime,
  };
}

export interface SimulatedChainClockOptions {
  /** The burn height at `epoch`. */
  genesisHeight?: number;
  epoch?: Date;
  now?: () => Date;
}

/**
 * A burn height that advances one block every ten minutes from a fixed point: the development
 * stand-in until the local chain (simnet) reports its own height.
 */
export class SimulatedChainClock implements ChainClock {
  readonly source = 'simulated';
  readonly #genesisHeight: number;
  readonly #epoch: number;
  readonly #now: () => Date;

  constructor(options: SimulatedChainClockOptions = {}) {
    this.#genesisHeight = options.genesisHeight ?? 925_000;
    this.#epoch = (options.epoch ?? new Date('2026-01-01T00:00:00Z')).getTime();
    this.#now = options.now ?? (() => new Date());
  }

  async burnBlockHeight(): Promise<number> {
    const elapsed = Math.max(0, this.#now().getTime() - this.#epoch);
    return this.#genesisHeight + Math.floor(elapsed / BURN_BLOCK_MS);
  }

  async unixTime(): Promise<number> {
    return wallClockSeconds(this.#now);
  }
}

/** The part of a Stacks node's `GET /v2/info` we read. */
export const NodeInfoSchema = z.object({
  burn_block_height: z.int().nonnegative(),
  stacks_tip_height: z.int().nonnegative(),
});

export interface StacksNodeChainClockOptions {
  /** A Stacks node or the Hiro API, e.g. `https://api.hiro.so`. */
  baseUrl: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** The burn height a Stacks node reports. */
export class StacksNodeChainClock implements ChainClock {
  readonly source = 'stacks-node';
  readonly #options: Required<StacksNodeChainClockOptions>;

  constructor(options: StacksNodeChainClockOptions) {
    this.#options = { timeoutMs: 5_000, fetch: globalThis.fetch, ...options };
  }

  async unixTime(): Promise<number> {
    return wallClockSeconds();
  }

  async burnBlockHeight(): Promise<number> {
    let response: Response;
    try {
      response = await this.#options.fetch(new URL('/v2/info', this.#options.baseUrl), {
        signal: AbortSignal.timeout(this.#options.timeoutMs),
      });
    } catch (error) {
      throw new AppError('UNAVAILABLE', `Stacks node unreachable: ${(error as Error).message}`);
    }
    if (!response.ok) throw new AppError('UNAVAILABLE', `Stacks node answered HTTP ${response.status}`);
    const parsed = NodeInfoSchema.safeParse(await response.json());
    if (!parsed.success)
      throw new AppError(
        'UNAVAILABLE',
        `Stacks node sent an unexpected /v2/info: ${parsed.error.issues[0]?.message}`,
      );
    return parsed.data.burn_block_height;
  }
}
export * from './node-tip';
