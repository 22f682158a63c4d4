'use client';
import type { Token } from '@bithedge/db';
import { useMutation } from '@tanstack/react-query';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { formatToken } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import { useInvalidate } from '@/trpc/invalidate';

/** Claims a token's earned premium into the available balance (then withdrawable). */
export function ClaimPremiumsButton({ token, earned }: { token: Token; earned: bigint }) {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const claim = useMutation(trpc.provider.claimPremiums.mutationOptions({ onSuccess: invalidate.balances }));
  return (
    <div className="mt-3 space-y-2">
      <Button
        variant="secondary"
        size="sm"
        loading={claim.isPending}
        onClick={() => claim.mutate({ token, requestId: crypto.randomUUID() })}
      >
        {claim.isPending ? 'Claiming…' : `Claim ${formatToken(earned, token)}`}
      </Button>
      {claim.isError ? <Alert tone="error">{claim.error.message}</Alert> : null}
    </div>
  );
}
