'use client';
import type { ContractIds } from '@bithedge/contracts';
import type { Token } from '@bithedge/db';
import type { Tier } from '@bithedge/pricing';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { type Choice, ChoiceCards } from '@/components/ui/choice-cards';
import { TOKEN_META } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import { useInvalidate } from '@/trpc/invalidate';
import { loadContractCalls, requestContractCall } from '@/wallet/stacks-wallet';
import { useSession } from '@/wallet/use-session';
import { parseTokenAmount, TokenAmountField } from './token-amount-field';

const TIERS: readonly Choice<Tier>[] = [
  {
    value: 'conservative',
    label: 'Conservative',
    help: 'Backs far out-of-the-money protection: lower premiums, rarely paid out',
  },
  { value: 'balanced', label: 'Balanced', help: 'The middle of the book' },
  {
    value: 'aggressive',
    label: 'Aggressive',
    help: 'Backs protection near the money: higher premiums, paid out more often',
  },
];

const TOKENS: readonly Choice<Token>[] = [
  { value: 'STX', label: 'STX', help: 'Backs policies today; premiums are paid in STX' },
  { value: 'SBTC', label: 'sBTC', help: 'Bitcoin on Stacks (8 decimals), held in the vault' },
];

/** Deposits STX or sBTC into the vault under a tier: the wallet signs a deny-mode contract call. */
export function DepositForm({ ids }: { ids: ContractIds }) {
  const { session } = useSession();
  const invalidate = useInvalidate();
  const [amount, setAmount] = useState('');
  const [tier, setTier] = useState<Tier>('balanced');
  const [token, setToken] = useState<Token>('STX');
  const meta = TOKEN_META[token];
  const trpc = useTRPC();
  const current = useQuery({ ...trpc.provider.portfolio.queryOptions(), enabled: session !== null }).data
    ?.tier;
  const [error, setError] = useState<string | null>(null);
  const deposit = useMutation({
    mutationFn: async () => {
      if (!session) throw new Error('Sign in first');
      const units = parseTokenAmount(amount, token);
      if (typeof units === 'string') throw new Error(units);
      if (units <= 0n) throw new Error('Enter an amount greater than 0');
      const { depositCall } = await loadContractCalls();
      return requestContractCall(
        depositCall(ids, { provider: session.principal, token, amount: units, tier }),
      );
    },
    // The ledger follows once the chain event is ingested; refetch what shows balances.
    onSuccess: invalidate.balances,
  });

  return (
    <Card
      as="form"
      className="space-y-5"
      onSubmit={(event) => {
        event.preventDefault();
        const parsed = parseTokenAmount(amount, token);
        setError(typeof parsed === 'string' ? parsed : null);
        if (typeof parsed !== 'string') deposit.mutate();
      }}
    >
      <ChoiceCards
        legend="Asset"
        name="token"
        choices={TOKENS}
        value={token}
        onChange={setToken}
        gridClassName="sm:grid-cols-2"
      />
      <TokenAmountField
        id="deposit-amount"
        label={`Amount (${meta.label})`}
        value={amount}
        onChange={setAmount}
        error={error}
        placeholder={token === 'STX' ? 'e.g. 2500' : 'e.g. 0.25'}
      />
      <ChoiceCards
        legend="Risk tier"
        name="tier"
        choices={TIERS}
        value={tier}
        onChange={setTier}
        gridClassName="sm:grid-cols-3"
      />
      {current && current !== tier ? (
        <Alert tone="warning" role="note">
          Your capital is in the {current} tier: a deposit under {tier} moves all of it to {tier} (policies it
          already backs keep it locked until they end).
        </Alert>
      ) : null}
      <Button type="submit" loading={deposit.isPending} className="w-full sm:w-auto">
        {deposit.isPending ? 'Confirm in your wallet…' : 'Deposit'}
      </Button>
      <p className="text-xs text-slate-500">
        Your wallet will show a post-condition: you send exactly this amount of {meta.label} and nothing else.
      </p>
      {deposit.isSuccess ? (
        <Alert tone="success" data-testid="deposit-txid">
          Sent: transaction {deposit.data.txid.slice(0, 10)}…{deposit.data.txid.slice(-6)}
        </Alert>
      ) : null}
      {deposit.isError ? <Alert tone="error">{deposit.error.message}</Alert> : null}
    </Card>
  );
}
