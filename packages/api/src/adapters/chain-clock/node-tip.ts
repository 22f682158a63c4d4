import { z } from 'zod';

/** The chain's tip as a node reports it: what ingestion lag is measured against. */
export interface ChainTip {
  height: number;
  hash: string | null;
}

export interface ChainTipReader {
  readonly source: string;
  tip(): Promise<ChainTip>;
}

const NodeTipSchema = z.object({
  stacks_tip_height: z.int().nonnegative(),
  stacks_tip: z.string().optional(),
});

/**
 * The Stacks tip (height and hash) from a node's `GET /v2/info`, the same endpoint the chain clock
 * reads the burn height from. Time-boxed (3 s by default): the admin page asks on every refresh
 * and must not hang on a slow node. Throws on any failure; the caller shows it.
 */
export function stacksNodeTipReader(options: {
  baseUrl: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}): ChainTipReader {
  const fetcher = options.fetch ?? globalThis.fetch;
  return {
    source: 'stacks-node',
    async tip() {
      const response = await fetcher(new URL('/v2/info', options.baseUrl), {
        signal: AbortSignal.timeout(options.timeoutMs ?? 3_000),
      });
      if (!response.ok) throw new Error(`Stacks node answered HTTP ${response.status} for /v2/info`);
      const parsed = NodeTipSchema.safeParse(await response.json());
      if (!parsed.success) throw new Error('Stacks node sent an unexpected /v2/info');
      const hash = parsed.data.stacks_tip;
      return {
        height: parsed.data.stacks_tip_height,
        hash: hash ? `0x${hash.replace(/^0x/, '')}` : null,
      };
    },
  };
}
