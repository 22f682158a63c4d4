'use client';
import { buyPolicyCall, type ContractIds } from '@bithedge/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/trpc/client';
import { requestContractCall } from '@/wallet/stacks-wallet';

/**
 * Buys a saved quote: the server signs its terms (refusing when the pool cannot back it), and the
 * wallet signs the registry call, whose post-condition lets it send exactly the premium.
 */
export function BuyPolicy({ ids, quoteId }: { ids: ContractIds; quoteId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sign = useMutation(trpc.quotes.signForPurchase.mutationOptions());
  const buy = useMutation({
    mutationFn: async () => {
      const result = await sign.mutateAsync({ id: quoteId });
      if (result.status !== 'SIGNED') throw new Error('The premium changed; review the new terms');
      return requestContractCall(buyPolicyCall(ids, result.terms, result.signature));
    },
    onSuccess: () => queryClient.invalidateQueries(),
  });
  if (buy.isSuccess)
    return (
      <p role="status" className="mt-5 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
        Bought: transaction {buy.data.txid.slice(0, 10)}…{buy.data.txid.slice(-6)}.{' '}
        <Link href="/policies" className="font-semibold underline">
          See your policies
        </Link>
      </p>
    );
  return (
    <div className="mt-5 space-y-2">
      <button
        type="button"
        onClick={() => buy.mutate()}
        disabled={buy.isPending}
        className="w-full rounded-md bg-brand-500 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-60"
      >
        {buy.isPending
          ? sign.isPending
            ? 'Signing the terms…'
            : 'Confirm in your wallet…'
          : 'Buy protection'}
      </button>
      <p className="text-xs text-slate-500">
        The terms are signed for about an hour of Bitcoin blocks; your wallet sends exactly the premium.
      </p>
      {buy.isError ? (
        <p role="alert" className="text-sm text-red-700">
          {buy.error.message}
        </p>
      ) : null}
    </div>
  );
}
