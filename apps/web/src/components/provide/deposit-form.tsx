'use client';
import type { ContractIds } from '@bithedge/contracts';
import type { Token } from '@bithedge/db';
import type { Tier } from '@bithedge/pricing';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardDescription, CardTitle } from '@/components/ui/card';
import { ConnectButton } from '@/components/wallet/connect-button';
import { formatToken, TOKEN_META } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import { useInvalidate } from '@/trpc/invalidate';
import { loadContractCalls, requestContractCall } from '@/wallet/stacks-wallet';
import { useSession } from '@/wallet/use-session';
import { amountUnits, capacityError } from './yield-form-state';

/**
 * The last step: deposits the amount, token and tier chosen above into the vault (the wallet
 * signs a deny-mode contract call). Signing in is needed here only; a signed-out visitor sees the
 * sign-in prompt where the button would be. A deposit above the tier's room is refused first.
 */
export function DepositForm({
  ids,
  token,
  tier,
  amount,
  capacityLeft,
}: {
  ids: ContractIds | null;
  token: Token;
  tier: Tier;
  amount: string;
  /** Room left in the tier (base units); undefined while it loads. */
  capacityLeft: bigint | undefined;
}) {
  const { session } = useSession();
  const invalidate = useInvalidate();
  const trpc = useTRPC();
  const meta = TOKEN_META[token];
  const current = useQuery({ ...trpc.provider.portfolio.queryOptions(), enabled: session !== null }).data
    ?.tier;
  const [error, setError] = useState<string | null>(null);
  const deposit = useMutation({
    mutationFn: async (units: bigint) => {
      if (!session || !ids) throw new Error('Sign in first');
      const { depositCall } = await loadContractCalls();
      return requestContractCall(
        depositCall(ids, { provider: session.principal, token, amount: units, tier }),
      );
    },
    // The ledger follows once the chain event is ingested; refetch what shows balances.
    onSuccess: invalidate.balances,
  });
  const units = amountUnits(amount, token);

  return (
    <Card
      as="form"
      aria-labelledby="deposit-heading"
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        // A malformed amount is already named under its field above; nothing is sent.
        if (typeof units === 'string') return setError(null);
        const refusal = capacityLeft === undefined ? null : capacityError(units, capacityLeft, token, tier);
        setError(refusal);
        if (!refusal) deposit.mutate(units);
      }}
    >
      <CardTitle id="deposit-heading" as="h3">
        Deposit
      </CardTitle>
      <CardDescription>
        {typeof units === 'string'
          ? 'Enter the amount above.'
          : `${formatToken(units, token, meta.decimals)} into the ${tier} tier.`}{' '}
        What your capital backs stays locked until those policies end.
      </CardDescription>
      {current && current !== tier ? (
        <Alert tone="warning" role="note">
          Your capital is in the {current} tier: a deposit under {tier} moves all of it to {tier} (policies it
          already backs keep it locked until they end).
        </Alert>
      ) : null}
      {!ids ? (
        <Alert tone="warning">The vault's address is not configured (CONTRACTS_DEPLOYER).</Alert>
      ) : !session ? (
        <div className="flex flex-col items-start gap-2" data-testid="deposit-sign-in">
          <p className="text-sm text-slate-700">
            Deposits come from your wallet: sign in with it to deposit.
          </p>
          <ConnectButton />
        </div>
      ) : (
        <>
          <Button type="submit" loading={deposit.isPending} className="w-full sm:w-auto">
            {deposit.isPending ? 'Confirm in your wallet…' : 'Deposit'}
          </Button>
          <p className="text-xs text-slate-500">
            Your wallet will show a post-condition: you send exactly this amount of {meta.label} and nothing
            else.
          </p>
        </>
      )}
      {error ? (
        <Alert tone="error" data-testid="deposit-refused">
          {error}
        </Alert>
      ) : null}
      {deposit.isSuccess ? (
        <Alert tone="success" data-testid="deposit-txid">
          Sent: transaction {deposit.data.txid.slice(0, 10)}…{deposit.data.txid.slice(-6)}
        </Alert>
      ) : null}
      {deposit.isError ? <Alert tone="error">{deposit.error.message}</Alert> : null}
    </Card>
  );
}
