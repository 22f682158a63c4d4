import { describe, expect, it } from 'vitest';
import { stacksNodeTipReader } from './node-tip';

describe('stacksNodeTipReader', () => {
  it("reads the Stacks tip's height and hash from /v2/info", async () => {
    const urls: string[] = [];
    const reader = stacksNodeTipReader({
      baseUrl: 'https://node.test',
      fetch: (async (url: URL) => {
        urls.push(String(url));
        return Response.json({
          burn_block_height: 925_731,
          stacks_tip_height: 4_190_220,
          stacks_tip: 'e2b4',
        });
      }) as typeof fetch,
    });
    expect(await reader.tip()).toEqual({ height: 4_190_220, hash: '0xe2b4' });
    expect(urls).toEqual(['https://node.test/v2/info']);
  });

  it('fails on an HTTP error or an unexpected body, and gives up after its timeout', async () => {
    const answering = (response: () => Response) =>
      stacksNodeTipReader({ baseUrl: 'https://node.test', fetch: (async () => response()) as typeof fetch });
    await expect(answering(() => new Response('', { status: 502 })).tip()).rejects.toThrow(/HTTP 502/);
    await expect(answering(() => Response.json({ stacks_tip_height: 'soon' })).tip()).rejects.toThrow(
      /unexpected/,
    );
    const hanging = stacksNodeTipReader({
      baseUrl: 'https://node.test',
      timeoutMs: 20,
      fetch: ((_url: URL, init: RequestInit) =>
        new Promise((_, reject) =>
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason)),
        )) as typeof fetch,
    });
    await expect(hanging.tip()).rejects.toThrow(/timed out|aborted/i);
  });
});
