'use client';
import { sessionChanged } from '@/trpc/session-change';
import { vanillaTrpc } from '@/trpc/vanilla';
import { requestMessageSignature, requestStacksAccount } from './stacks-wallet';

/**
 * Sign-In with Stacks: the server issues a single-use message naming this site, the wallet signs
 * it, the server verifies it and sets an httpOnly session cookie. Imported when the visitor clicks
 * "Connect wallet" or "Sign out", so no page loads the flow (or the tRPC client) up front.
 */
export async function signInWithWallet(): Promise<void> {
  const trpc = vanillaTrpc();
  const account = await requestStacksAccount();
  const { message } = await trpc.auth.challenge.mutate({ address: account.address });
  const signed = await requestMessageSignature(message);
  const publicKey = signed.publicKey ?? account.publicKey;
  if (!publicKey) throw new Error('The wallet did not say which key signed');
  const { principal, role } = await trpc.auth.signIn.mutate({
    message,
    signature: signed.signature,
    publicKey,
  });
  await sessionChanged({ principal, role });
}

export async function signOutOfSite(): Promise<void> {
  await vanillaTrpc().auth.signOut.mutate();
  await sessionChanged(null);
}
