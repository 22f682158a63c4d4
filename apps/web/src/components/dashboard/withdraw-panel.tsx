'use client';
import type { ContractIds } from '@bithedge/contracts';
import type { Token } from '@bithedge/db';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { parseTokenAmount, TokenAmountField } from '@/components/provide/token-amount-field';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardDescription, CardTitle } from '@/components/ui/card';
import { Field, Select } from '@/components/ui/field';
import { ErrorPanel } from '@/components/ui/query-state';
import { LoadingStatus, Skeleton } from '@/components/ui/skeleton';
import { formatToken, TOKEN_META } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import { useInvalidate } from '@/trpc/invalidate';
import { loadContractCalls, requestContractCall } from '@/wallet/stacks-wallet';

/**
 * Withdrawing takes three steps, because the vault pays out only what the operator authorized:
 * the provider reserves an amount of its available balance, the operator sets the on-chain
 * allowance to it, and the provider's wallet signs the withdrawal (paid only to the provider).
 */
export function WithdrawPanel({ ids }: { ids: ContractIds }) {
  const trpc = useTRPC();
  const invalidate = useInvalidate();
  const portfolio = useQuery(trpc.provider.portfolio.queryOptions());
  const withdrawals = useQuery({
    ...trpc.provider.withdrawals.queryOptions(),
    // While a reservation waits for the operator's authorization (or a cancel for the allowance to
    // be taken back), look again every 2 s.
    refetchInterval: (query) => (query.state.data?.some((w) => w.authorized !== w.target) ? 2_000 : false),
  });
  const [token, setToken] = useState<Token>('STX');
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<string | null>(null);
  const request = useMutation(
    trpc.provider.requestWithdrawal.mutationOptions({ onSuccess: invalidate.balances }),
  );
  const cancel = useMutation(
    trpc.provider.cancelWithdrawal.mutationOptions({ onSuccess: invalidate.balances }),
  );
  const withdraw = useMutation({
    mutationFn: async (w: { token: Token; amount: bigint }) => {
      const { withdrawCall } = await loadContractCalls();
      return requestContractCall(withdrawCall(ids, w));
    },
    onSuccess: invalidate.balances,
  });

  if (portfolio.isPending || withdrawals.isPending)
    return (
      <LoadingStatus label="Loading withdrawals">
        <Skeleton className="h-48" />
      </LoadingStatus>
    );
  if (portfolio.isError || withdrawals.isError)
    return (
      <ErrorPanel
        title="Withdrawals could not be loaded"
        message={(portfolio.error ?? withdrawals.error)?.message ?? ''}
        onRetry={() => {
          void portfolio.refetch();
          void withdrawals.refetch();
        }}
      />
    );
  const balances = portfolio.data?.balances ?? [];
  if (balances.length === 0) return null;
  const meta = TOKEN_META[token];
  const available = balances.find((b) => b.token === token)?.available ?? 0n;
  const inProgress = withdrawals.data.filter((w) => w.pending > 0n || w.cancelling);

  return (
    <Card as="section" aria-labelledby="withdraw-heading" className="space-y-stack">
      <div>
        <CardTitle id="withdraw-heading">Withdraw</CardTitle>
        <CardDescription>
          Only your available balance can be withdrawn: collateral locked behind policies stays until they
          end.
        </CardDescription>
      </div>
      {inProgress.length > 0 ? (
        <ul className="space-y-3" aria-label="Withdrawals in progress">
          {inProgress.map((w) => {
            // A cancel is two-phase: the funds stay reserved (and withdrawable) until the vault's
            // allowance is back to 0, so no Cancel and no Withdraw button meanwhile.
            const ready = !w.cancelling && w.authorized === w.pending;
            return (
              <li
                key={w.token}
                className="flex flex-wrap items-center justify-between gap-3 rounded-lg bg-slate-50 p-3 text-sm"
              >
                <span>
                  <span className="font-medium tabular-nums">{formatToken(w.pending, w.token)}</span>{' '}
                  {w.cancelling ? (
                    <span className="text-slate-600" role="status">
                      cancelling: returns to your available balance once the vault's allowance is withdrawn…
                    </span>
                  ) : ready ? (
                    <span className="text-success-800">authorized by the vault: ready to withdraw</span>
                  ) : (
                    <span className="text-slate-600" role="status">
                      reserved, waiting for the vault operator to authorize it…
                    </span>
                  )}
                </span>
                <span className="flex gap-2">
                  {ready ? (
                    <Button
                      size="sm"
                      loading={withdraw.isPending}
                      onClick={() => withdraw.mutate({ token: w.token, amount: w.pending })}
                    >
                      {withdraw.isPending
                        ? 'Confirm in your wallet…'
                        : `Withdraw ${formatToken(w.pending, w.token)}`}
                    </Button>
                  ) : null}
                  {w.cancelling ? null : (
                    <Button
                      variant="secondary"
                      size="sm"
                      disabled={cancel.isPending}
                      onClick={() => cancel.mutate({ token: w.token, requestId: crypto.randomUUID() })}
                    >
                      Cancel
                    </Button>
                  )}
                </span>
              </li>
            );
          })}
        </ul>
      ) : null}
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          setError(null);
          const units = parseTokenAmount(amount, token);
          if (typeof units === 'string') {
            setError(units);
            return;
          }
          if (units <= 0n || units > available) {
            setError(`Enter an amount above 0 and at most the ${formatToken(available, token)} available`);
            return;
          }
          request.mutate(
            { token, amount: units.toString(), requestId: crypto.randomUUID() },
            { onSuccess: () => setAmount('') },
          );
        }}
      >
        <Field id="withdraw-token" label="Asset">
          {(control) => (
            <Select {...control} value={token} onChange={(e) => setToken(e.target.value as Token)}>
              {balances.map((b) => (
                <option key={b.token} value={b.token}>
                  {TOKEN_META[b.token].label}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <TokenAmountField
          id="withdraw-amount"
          className="min-w-40 flex-1"
          label={`Amount (${meta.label}) · ${formatToken(available, token)} available`}
          value={amount}
          onChange={setAmount}
          error={error}
        />
        <Button type="submit" loading={request.isPending}>
          {request.isPending ? 'Reserving…' : 'Request withdrawal'}
        </Button>
      </form>
      {[request.error, cancel.error, withdraw.error].map((e) =>
        e ? (
          <Alert key={e.message} tone="error">
            {e.message}
          </Alert>
        ) : null,
      )}
      {withdraw.isSuccess ? (
        <Alert tone="success" data-testid="withdraw-txid">
          Sent: transaction {withdraw.data.txid.slice(0, 10)}…{withdraw.data.txid.slice(-6)}
        </Alert>
      ) : null}
    </Card>
  );
}
