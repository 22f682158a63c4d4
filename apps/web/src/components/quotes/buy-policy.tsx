'use client';
import type { ChainTerms } from '@bithedge/api';
import type { ContractIds } from '@bithedge/contracts';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { TextLink } from '@/components/ui/text-link';
import { formatUsd } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import { useInvalidate } from '@/trpc/invalidate';
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
  const invalidate = useInvalidate();
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
        return invalidate.chainTerms();
      }
      setToConfirm(null);
      return invalidate.purchase();
    },
  });

  if (buy.data?.kind === 'sent')
    return (
      <Alert tone="success" className="mt-5">
        Bought: transaction {buy.data.txid.slice(0, 10)}…{buy.data.txid.slice(-6)}.{' '}
        <TextLink href="/policies" tone="inherit">
          See your policies
        </TextLink>
      </Alert>
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
        <Button
          fullWidth
          onClick={() =>
            moved
              ? setToConfirm({ terms: current, acceptedUsd: current.saved.premiumUsd })
              : buy.mutate(current.premiumUsd)
          }
          loading={buy.isPending}
        >
          {buy.isPending ? busyLabel : 'Buy protection'}
        </Button>
      )}
      <p className="text-xs text-slate-500">
        You buy at today's price, re-priced when you click; the signed terms are good for 5 minutes and your
        wallet sends exactly the premium.
      </p>
      {buy.isError ? <Alert tone="error">{buy.error.message}</Alert> : null}
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
      className="space-y-3 rounded-control border border-warning-300 bg-warning-50 p-3 text-sm text-warning-950"
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
        <Button onClick={onConfirm} loading={busy} className="flex-1">
          {busy ? busyLabel : `Confirm and buy at ${now}`}
        </Button>
        <Button variant="secondary" onClick={onCancel} disabled={busy}>
          Cancel
        </Button>
      </div>
    </section>
  );
}
