import { describe, expect, it } from 'vitest';
import { clientAddress, isLoopbackClient, MAX_BODY_BYTES, readBodyCapped, readJsonBody } from './http';

const request = (headers: Record<string, string>, url = 'http://127.0.0.1:3000/api/local-chain/state') =>
  new Request(url, { headers });

describe('isLoopbackClient', () => {
  it('L1: accepts this machine, by Host and by the socket address Next forwards', () => {
    expect(isLoopbackClient(request({ host: '127.0.0.1:3000', 'x-forwarded-for': '127.0.0.1' }))).toBe(true);
    expect(isLoopbackClient(request({ host: 'localhost:3000', 'x-forwarded-for': '::1' }))).toBe(true);
    expect(isLoopbackClient(request({ host: '[::1]:3000', 'x-forwarded-for': '::ffff:127.0.0.1' }))).toBe(
      true,
    );
  });

  it('L1: refuses a non-loopback Host, or any non-loopback forwarded address', () => {
    expect(isLoopbackClient(request({ host: '192.168.1.20:3000', 'x-forwarded-for': '127.0.0.1' }))).toBe(
      false,
    );
    expect(isLoopbackClient(request({ host: '127.0.0.1:3000', 'x-forwarded-for': '192.168.1.7' }))).toBe(
      false,
    );
    expect(
      isLoopbackClient(request({ host: '127.0.0.1:3000', 'x-forwarded-for': '127.0.0.1, 10.0.0.3' })),
    ).toBe(false);
    expect(isLoopbackClient(request({ host: 'localhost', 'x-real-ip': '203.0.113.9' }))).toBe(false);
    expect(isLoopbackClient(request({ host: 'localhost.evil.example' }))).toBe(false);
  });
});

describe('clientAddress', () => {
  it('takes the address the nearest proxy (or Next, from the socket) wrote', () => {
    expect(clientAddress(request({ 'x-forwarded-for': '198.51.100.1, 203.0.113.9' }))).toBe('203.0.113.9');
    expect(clientAddress(request({ 'x-real-ip': '203.0.113.8' }))).toBe('203.0.113.8');
    expect(clientAddress(request({}))).toBe('unknown');
  });
});

describe('readBodyCapped', () => {
  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    new Request('http://127.0.0.1/api/trpc/x', {
      method: 'POST',
      body,
      headers,
      duplex: 'half',
    } as RequestInit);

  it('M5: refuses a body whose Content-Length is above 64 KB with 413, before reading it', async () => {
    const read = await readBodyCapped(post('{}', { 'content-length': String(MAX_BODY_BYTES + 1) }));
    expect('response' in read && read.response.status).toBe(413);
    if ('response' in read)
      expect(await read.response.json()).toEqual({
        error: `The request body exceeds ${MAX_BODY_BYTES} bytes`,
      });
  });

  it('M5: refuses a streamed body that grows past 64 KB without a Content-Length', async () => {
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 16_384;
        controller.enqueue(new Uint8Array(16_384).fill(32));
      },
    });
    const read = await readBodyCapped(post(endless));
    expect('response' in read && read.response.status).toBe(413);
    // It stopped at the cap instead of reading on.
    expect(sent).toBeLessThanOrEqual(MAX_BODY_BYTES + 3 * 16_384);
  });

  it('passes a body at the cap through unchanged, and the JSON reader keeps its 400', async () => {
    const body = `"${'x'.repeat(MAX_BODY_BYTES - 2)}"`;
    const read = await readJsonBody(post(body));
    expect('body' in read && (read.body as string).length).toBe(MAX_BODY_BYTES - 2);
    const bad = await readJsonBody(post('{nope'));
    expect('response' in bad && bad.response.status).toBe(400);
  });
});
