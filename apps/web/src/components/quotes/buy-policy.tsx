'use client';
import type { ChainTerms } from '@bithedge/api';
import type { ContractIds } from '@bithedge/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { formatUsd } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import { loadContractCalls, requestContractCall } from '@/wallet/stacks-wallet';

/** Two USD amounts formatted so that different amounts never read the same (cents, else 10⁻⁸). */
export function formatUsdPair(a: bigint, b: bigint): [string, string] {
  const digits = a !== b && formatUsd(a) === formatUsd(b) ? 8 : 2;
  return [formatUsd(a, digits), formatUsd(b, digits)];
}

/**
 * Buys a saved quote at its CURRENT price: the server re-prices it and signs the terms (refusing
 * when the pool cannot back it), and the wallet signs the registry call, whose post-condition lets
 * it send exactly the premium. The buyer only ever agrees to a premium they were shown: when it
 * differs from the saved one they confirm it first, and when it rose again before signing the
 * server answers PRICE_CHANGED and the new price is put to them.
 */
export function BuyPolicy({ ids, current }: { ids: ContractIds; current: ChainTerms }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  /** Terms awaiting the buyer's confirmation of a premium other than the saved one. */
  const [toConfirm, setToConfirm] = useState<{ terms: ChainTerms; acceptedUsd: bigint } | null>(null);
  const sign = useMutation(trpc.quotes.signForPurchase.mutationOptions());
  const buy = useMutation({
    mutationFn: async (acceptedPremiumUsd: bigint) => {
      const result = await sign.mutateAsync({ id: current.quoteId, acceptedPremiumUsd });
      if (result.status === 'PRICE_CHANGED')
        return { kind: 'changed' as const, terms: result.current, acceptedUsd: acceptedPremiumUsd };
      const { buyPolicyCall } = await loadContractCalls();
      return {
        kind: 'sent' as const,
        ...(await requestContractCall(buyPolicyCall(ids, result.terms, result.signature))),
      };
    },
    onSuccess: (outcome) => {
      if (outcome.kind === 'changed') {
        setToConfirm({ terms: outcome.terms, acceptedUsd: outcome.acceptedUsd });
        return queryClient.invalidateQueries(trpc.quotes.prepareForChain.queryFilter());
      }
      setToConfirm(null);
      return queryClient.invalidateQueries();
    },
  });

  if (buy.data?.kind === 'sent')
    return (
      <p role="status" className="mt-5 rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
        Bought: transaction {buy.data.txid.slice(0, 10)}…{buy.data.txid.slice(-6)}.{' '}
        <Link href="/policies" className="font-semibold underline">
          See your policies
        </Link>
      </p>
    );

  const moved = current.premiumUsd !== current.saved.premiumUsd;
  const busyLabel = sign.isPending ? 'Pricing and signing the terms…' : 'Confirm in your wallet…';
  return (
    <div className="mt-5 space-y-2">
      {toConfirm ? (
        <ConfirmNewPrice
          pending={toConfirm}
          busy={buy.isPending}
          busyLabel={busyLabel}
          onConfirm={() => buy.mutate(toConfirm.terms.premiumUsd)}
          onCancel={() => setToConfirm(null)}
        />
      ) : (
        <button
          type="button"
          onClick={() =>
            moved
              ? setToConfirm({ terms: current, acceptedUsd: current.saved.premiumUsd })
              : buy.mutate(current.premiumUsd)
          }
          disabled={buy.isPending}
          className="w-full rounded-md bg-brand-500 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-60"
        >
          {buy.isPending ? busyLabel : 'Buy protection'}
        </button>
      )}
      <p className="text-xs text-slate-500">
        You buy at today's price, re-priced when you click; the signed terms are good for 5 minutes and your
        wallet sends exactly the premium.
      </p>
      {buy.isError ? (
        <p role="alert" className="text-sm text-red-700">
          {buy.error.message}
        </p>
      ) : null}
    </div>
  );
}

/** "Saved at $X — now $Y": the buyer agrees to the new premium before anything is signed. */
function ConfirmNewPrice({
  pending,
  busy,
  busyLabel,
  onConfirm,
  onCancel,
}: {
  pending: { terms: ChainTerms; acceptedUsd: bigint };
  busy: boolean;
  busyLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { terms, acceptedUsd } = pending;
  const [before, now] = formatUsdPair(acceptedUsd, terms.premiumUsd);
  const fromSaved = acceptedUsd === terms.saved.premiumUsd;
  return (
    <section
      aria-labelledby="confirm-price-heading"
      className="space-y-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950"
      data-testid="confirm-price"
    >
      <h3 id="confirm-price-heading" className="font-semibold">
        The premium has changed
      </h3>
      <p data-testid="price-comparison">
        {fromSaved ? 'Saved at' : 'You accepted'} <s>{before}</s> — now <strong>{now}</strong>
      </p>
      <p className="text-xs">
        Re-priced at {terms.pricedAt.toLocaleTimeString()} from today's BTC price{' '}
        {formatUsd(terms.spotUsd, 0)}: the strike is now {formatUsd(terms.strikeUsd, 0)} (saved:{' '}
        {formatUsd(terms.saved.strikeUsd, 0)}).
      </p>
      <div className="flex gap-2">
        <button
          type="button"
          onClick={onConfirm}
          disabled={busy}
          className="flex-1 rounded-md bg-brand-500 px-3 py-2 font-semibold text-white hover:bg-brand-600 disabled:opacity-60"
        >
          {busy ? busyLabel : `Confirm and buy at ${now}`}
        </button>
        <button
          type="button"
          onClick={onCancel}
          disabled={busy}
          className="rounded-md border border-amber-400 px-3 py-2 hover:bg-amber-100 disabled:opacity-60"
        >
          Cancel
        </button>
      </div>
    </section>
  );
}
