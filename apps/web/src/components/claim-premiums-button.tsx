'use client';
import type { Token } from '@bithedge/db';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { formatToken } from '@/lib/format';
import { useTRPC } from '@/trpc/client';

/** Claims a token's earned premium into the available balance (then withdrawable). */
export function ClaimPremiumsButton({ token, earned }: { token: Token; earned: bigint }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const claim = useMutation(
    trpc.provider.claimPremiums.mutationOptions({ onSuccess: () => queryClient.invalidateQueries() }),
  );
  return (
    <div className="mt-3">
      <button
        type="button"
        disabled={claim.isPending}
        onClick={() => claim.mutate({ token, requestId: crypto.randomUUID() })}
        className="rounded-md border border-brand-500 px-3 py-1.5 text-sm font-semibold text-brand-700 hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-60"
      >
        {claim.isPending ? 'Claiming…' : `Claim ${formatToken(earned, token)}`}
      </button>
      {claim.isError ? (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {claim.error.message}
        </p>
      ) : null}
    </div>
  );
}
