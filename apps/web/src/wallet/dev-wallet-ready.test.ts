import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  devWalletInstalled,
  devWalletSettled,
  expectDevWallet,
  resetDevWalletReadiness,
} from './dev-wallet-ready';

/** Whether `promise` has settled after the pending microtasks and `ms` of fake time. */
async function settledAfter(promise: Promise<unknown>, ms = 0): Promise<boolean> {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await vi.advanceTimersByTimeAsync(ms);
  return done;
}

describe('waiting for the dev wallet', () => {
  afterEach(() => {
    resetDevWalletReadiness();
    vi.useRealTimers();
  });

  it('does not wait where no dev wallet is expected (production, or the flag off)', async () => {
    vi.useFakeTimers();
    expect(await settledAfter(devWalletSettled())).toBe(true);
  });

  it('holds a request made before the dev wallet installed itself until it has', async () => {
    vi.useFakeTimers();
    expectDevWallet();
    const waiting = devWalletSettled();
    expect(await settledAfter(waiting, 5_000)).toBe(false);
    devWalletInstalled();
    expect(await settledAfter(waiting)).toBe(true);
    // Later requests go straight on.
    expect(await settledAfter(devWalletSettled())).toBe(true);
  });

  it('gives up after the timeout when the dev wallet never comes (its chunk failed to load)', async () => {
    vi.useFakeTimers();
    expectDevWallet();
    const waiting = devWalletSettled(10_000);
    expect(await settledAfter(waiting, 9_999)).toBe(false);
    expect(await settledAfter(waiting, 1)).toBe(true);
  });

  it('counts an install announced late, or twice, as installed', async () => {
    vi.useFakeTimers();
    devWalletInstalled();
    expectDevWallet();
    expect(await settledAfter(devWalletSettled())).toBe(true);
  });
});
