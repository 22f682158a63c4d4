'use client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/trpc/client';
import { requestMessageSignature, requestStacksAccount } from './stacks-wallet';

/**
 * The signed-in caller and the two actions that change it. Sign-in is Sign-In with Stacks: the
 * server issues a single-use message naming this site, the wallet signs it, the server verifies it
 * and sets an httpOnly session cookie.
 */
export function useSession() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.auth.me.queryOptions());
  const challenge = useMutation(trpc.auth.challenge.mutationOptions());
  const verify = useMutation(trpc.auth.signIn.mutationOptions());
  const end = useMutation(trpc.auth.signOut.mutationOptions());

  const signIn = useMutation({
    mutationFn: async () => {
      const account = await requestStacksAccount();
      const { message } = await challenge.mutateAsync({ address: account.address });
      const signed = await requestMessageSignature(message);
      const publicKey = signed.publicKey ?? account.publicKey;
      if (!publicKey) throw new Error('The wallet did not say which key signed');
      return verify.mutateAsync({ message, signature: signed.signature, publicKey });
    },
    // Everything cached was fetched as someone else (or no one).
    onSuccess: () => queryClient.invalidateQueries(),
  });
  const signOut = useMutation({
    mutationFn: () => end.mutateAsync(),
    onSuccess: () => queryClient.invalidateQueries(),
  });

  return { session: me.data ?? null, loading: me.isPending, signIn, signOut };
}
