'use client';
import type { ContractIds, VaultToken } from '@bithedge/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorPanel } from '@/components/query-state';
import { parseTokenAmount, TokenAmountField } from '@/components/token-amount-field';
import { formatToken, TOKEN_META } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import { loadContractCalls, requestContractCall } from '@/wallet/stacks-wallet';

const buttonPrimary =
  'rounded-md bg-brand-500 px-3 py-1.5 font-semibold text-white hover:bg-brand-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-60';

/**
 * Withdrawing takes three steps, because the vault pays out only what the operator authorized:
 * the provider reserves an amount of its available balance, the operator sets the on-chain
 * allowance to it, and the provider's wallet signs the withdrawal (paid only to the provider).
 */
export function WithdrawPanel({ ids }: { ids: ContractIds }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const portfolio = useQuery(trpc.provider.portfolio.queryOptions());
  const withdrawals = useQuery({
    ...trpc.provider.withdrawals.queryOptions(),
    // While a reservation waits for the operator's authorization (or a cancel for the allowance to
    // be taken back), look again every 2 s.
    refetchInterval: (query) => (query.state.data?.some((w) => w.authorized !== w.target) ? 2_000 : false),
  });
  const [token, setToken] = useState<VaultToken>('STX');
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries();
  const request = useMutation(trpc.provider.requestWithdrawal.mutationOptions({ onSuccess: refresh }));
  const cancel = useMutation(trpc.provider.cancelWithdrawal.mutationOptions({ onSuccess: refresh }));
  const withdraw = useMutation({
    mutationFn: async (w: { token: VaultToken; amount: bigint }) => {
      const { withdrawCall } = await loadContractCalls();
      return requestContractCall(withdrawCall(ids, w));
    },
    onSuccess: refresh,
  });

  if (portfolio.isPending || withdrawals.isPending)
    return (
      <div role="status" className="h-48 animate-pulse rounded-xl border border-slate-200 bg-white">
        <span className="sr-only">Loading withdrawals…</span>
      </div>
    );
  if (portfolio.isError || withdrawals.isError)
    return (
      <ErrorPanel
        title="Withdrawals could not be loaded"
        message={(portfolio.error ?? withdrawals.error)?.message ?? ''}
        onRetry={refresh}
      />
    );
  const balances = portfolio.data?.balances ?? [];
  if (balances.length === 0) return null;
  const meta = TOKEN_META[token];
  const available = balances.find((b) => b.token === token)?.available ?? 0n;
  const inProgress = withdrawals.data.filter((w) => w.pending > 0n || w.cancelling);

  return (
    <section
      aria-labelledby="withdraw-heading"
      className="space-y-4 rounded-xl border border-slate-200 bg-white p-5"
    >
      <div>
        <h2 id="withdraw-heading" className="font-semibold text-slate-900">
          Withdraw
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          Only your available balance can be withdrawn: collateral locked behind policies stays until they
          end.
        </p>
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
                    <span className="text-emerald-800">authorized by the vault: ready to withdraw</span>
                  ) : (
                    <span className="text-slate-600" role="status">
                      reserved, waiting for the vault operator to authorize it…
                    </span>
                  )}
                </span>
                <span className="flex gap-2">
                  {ready ? (
                    <button
                      type="button"
                      disabled={withdraw.isPending}
                      onClick={() => withdraw.mutate({ token: w.token, amount: w.pending })}
                      className={buttonPrimary}
                    >
                      {withdraw.isPending
                        ? 'Confirm in your wallet…'
                        : `Withdraw ${formatToken(w.pending, w.token)}`}
                    </button>
                  ) : null}
                  {w.cancelling ? null : (
                    <button
                      type="button"
                      disabled={cancel.isPending}
                      onClick={() => cancel.mutate({ token: w.token, requestId: crypto.randomUUID() })}
                      className="rounded-md border border-slate-300 px-3 py-1.5 font-medium text-slate-700 hover:bg-white focus-visible:outline-2 focus-visible:outline-brand-500"
                    >
                      Cancel
                    </button>
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
        <div>
          <label htmlFor="withdraw-token" className="block text-sm font-medium text-slate-800">
            Asset
          </label>
          <select
            id="withdraw-token"
            value={token}
            onChange={(e) => setToken(e.target.value as VaultToken)}
            className="mt-2 rounded-md border border-slate-300 px-3 py-2 text-sm"
          >
            {balances.map((b) => (
              <option key={b.token} value={b.token}>
                {TOKEN_META[b.token].label}
              </option>
            ))}
          </select>
        </div>
        <TokenAmountField
          id="withdraw-amount"
          className="min-w-40 flex-1"
          label={`Amount (${meta.label}) · ${formatToken(available, token)} available`}
          value={amount}
          onChange={setAmount}
          error={error}
        />
        <button
          type="submit"
          disabled={request.isPending}
          className="rounded-md bg-slate-900 px-3 py-2 text-sm font-semibold text-white hover:bg-slate-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:opacity-60"
        >
          {request.isPending ? 'Reserving…' : 'Request withdrawal'}
        </button>
      </form>
      {[request.error, cancel.error, withdraw.error].map((e) =>
        e ? (
          <p key={e.message} role="alert" className="text-sm text-red-700">
            {e.message}
          </p>
        ) : null,
      )}
      {withdraw.isSuccess ? (
        <p role="status" className="text-sm text-emerald-800" data-testid="withdraw-txid">
          Sent: transaction {withdraw.data.txid.slice(0, 10)}…{withdraw.data.txid.slice(-6)}
        </p>
      ) : null}
    </section>
  );
}
