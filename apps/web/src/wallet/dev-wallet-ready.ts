/**
 * Whether a wallet request should wait for the dev wallet. Where the server enables it, the dev
 * wallet is its own chunk, loaded after the page hydrates and installed by an effect once it has
 * rendered; the Connect button works from hydration on. A click in between (a fast user, or a
 * test on a cold server) found no dev wallet and opened `@stacks/connect`'s "install a wallet"
 * picker instead. So the slot announces the dev wallet before loading it, and requests wait for it.
 */
let installed: Promise<void> | undefined;
let markInstalled: (() => void) | undefined;

/** The server enabled the dev wallet: wallet requests wait until it has installed itself. */
export function expectDevWallet(): void {
  installed ??= new Promise((resolve) => {
    markInstalled = resolve;
  });
}

/** The dev wallet is on `window`: waiting requests go on. */
export function devWalletInstalled(): void {
  expectDevWallet();
  markInstalled?.();
}

/**
 * Resolves once an expected dev wallet has installed itself, at once when none is expected, and
 * after `timeoutMs` at the latest (its chunk failed to load: the request falls back to connect).
 */
export async function devWalletSettled(timeoutMs = 10_000): Promise<void> {
  if (!installed) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([installed, timeout]);
  clearTimeout(timer);
}

/** For tests: forget what was announced. */
export function resetDevWalletReadiness(): void {
  installed = undefined;
  markInstalled = undefined;
}
