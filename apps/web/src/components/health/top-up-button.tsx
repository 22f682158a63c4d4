'use client';
import type { ContractIds } from '@bithedge/contracts';
import type { Token } from '@bithedge/db';
import type { Tier } from '@bithedge/pricing';
import { useMutation } from '@tanstack/react-query';
import { Button } from '@/components/ui/button';
import { formatToken } from '@/lib/format';
import { useInvalidate } from '@/trpc/invalidate';
import { loadContractCalls, requestContractCall } from '@/wallet/stacks-wallet';
import { useSession } from '@/wallet/use-session';
import { topUpAmount } from './top-up-amount';

/**
 * One click to restore health: the deposit flow's own contract call (deny-mode post-condition
 * for exactly this amount) under the provider's current tier, so nothing else about its position
 * changes. It deposits `topUpAmount(minimum)`. Health follows once the deposit is ingested.
 */
export function TopUpButton({
  ids,
  tier,
  token,
  minimum,
}: {
  ids: ContractIds;
  tier: string;
  token: Token;
  /** The least deposit that restores health. */
  minimum: bigint;
}) {
  const amount = topUpAmount(minimum);
  const { session } = useSession();
  const invalidate = useInvalidate();
  const topUp = useMutation({
    mutationFn: async () => {
      if (!session) throw new Error('Sign in first');
      const { depositCall } = await loadContractCalls();
      return requestContractCall(
        depositCall(ids, { provider: session.principal, token, amount, tier: tier as Tier }),
      );
    },
    onSuccess: invalidate.balances,
  });
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button loading={topUp.isPending} onClick={() => topUp.mutate()} data-testid="top-up">
        {topUp.isPending ? 'Confirm in your wallet…' : `Deposit ${formatToken(amount, token, 6)}`}
      </Button>
      {topUp.isSuccess ? (
        <span className="text-sm">Sent: health updates once the deposit is confirmed.</span>
      ) : null}
      {topUp.isError ? <span className="text-sm text-danger-700">{topUp.error.message}</span> : null}
    </div>
  );
}
