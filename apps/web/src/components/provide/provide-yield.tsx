'use client';
import type { ContractIds } from '@bithedge/contracts';
import type { Token } from '@bithedge/db';
import { TIERS, type Tier } from '@bithedge/pricing';
import { keepPreviousData, skipToken, useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import { useDebounced } from '@/components/protect/use-debounced';
import { Card, CardTitle } from '@/components/ui/card';
import { type Choice, ChoiceCards } from '@/components/ui/choice-cards';
import { Field, Input } from '@/components/ui/field';
import { ErrorPanel } from '@/components/ui/query-state';
import { LoadingStatus, Skeleton } from '@/components/ui/skeleton';
import { formatBps, TOKEN_META } from '@/lib/format';
import { useTRPC } from '@/trpc/client';
import type { RouterOutputs } from '@/trpc/types';
import { DepositForm } from './deposit-form';
import { TokenAmountField } from './token-amount-field';
import {
  validateYieldForm,
  type YieldForm,
  type YieldRequest,
  yieldFormFromSearchParams,
  yieldFormToSearchParams,
} from './yield-form-state';
import { YieldResult } from './yield-result';

const DEBOUNCE_MS = 250;
type TierRanges = RouterOutputs['pricing']['providerYieldTiers'];

const TOKENS: readonly Choice<Token>[] = [
  { value: 'STX', label: 'STX', help: 'Backs policies today; premiums are paid in STX' },
  { value: 'SBTC', label: 'sBTC', help: 'Bitcoin on Stacks (8 decimals), held in the vault' },
];

const TIER_LABELS: Record<Tier, string> = {
  conservative: 'Conservative',
  balanced: 'Balanced',
  aggressive: 'Aggressive',
};

/** Tier cards: each tier's live APY range and strike, or a placeholder while they load. */
function tierChoices(ranges: TierRanges | undefined): Choice<Tier>[] {
  return TIERS.map((tier) => {
    const r = ranges?.tiers.find((t) => t.tier === tier);
    const help = r
      ? `${formatBps(r.apyBps.min)}–${formatBps(r.apyBps.max)} APY now · backs ${ranges?.policyType}s at ${r.strikePercentage}% · ${formatBps(r.utilizationBps)} utilized`
      : 'Loading live APY…';
    return { value: tier, label: TIER_LABELS[tier], help };
  });
}

/**
 * /provide for anyone: a live yield estimate as the provider types (debounced, state in the URL),
 * with its chart and assumptions; saving and depositing need sign-in only at those steps.
 */
export function ProvideYield({ ids }: { ids: ContractIds | null }) {
  const trpc = useTRPC();
  const searchParams = useSearchParams();
  const [form, setForm] = useState<YieldForm>(() =>
    yieldFormFromSearchParams(new URLSearchParams(searchParams)),
  );
  const validation = validateYieldForm(form);
  const errors = 'errors' in validation ? validation.errors : {};
  const requestKey = 'request' in validation ? JSON.stringify(validation.request) : null;
  const settledKey = useDebounced(requestKey, DEBOUNCE_MS);
  const request = useMemo(() => (settledKey ? (JSON.parse(settledKey) as YieldRequest) : null), [settledKey]);

  // The URL follows the parameters as soon as they are valid, so the address bar is always a
  // shareable estimate; it is written only once it no longer describes the form (missing parameters
  // read as the defaults). Written on opening, or after a debounce, a replaceState could land after
  // a click on a link and take the reader back here (home.spec).
  useEffect(() => {
    if (!requestKey) return;
    const query = yieldFormToSearchParams(form).toString();
    const shown = yieldFormToSearchParams(
      yieldFormFromSearchParams(new URLSearchParams(window.location.search)),
    ).toString();
    if (query !== shown) window.history.replaceState(null, '', `?${query}`);
  }, [requestKey, form]);

  const ranges = useQuery({
    ...trpc.pricing.providerYieldTiers.queryOptions({ token: form.token }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const quote = useQuery({
    ...trpc.pricing.providerYieldQuote.queryOptions(request ?? skipToken),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });
  const updating = quote.isFetching && (quote.isPlaceholderData || requestKey !== settledKey);
  const set = (patch: Partial<YieldForm>) => setForm((f) => ({ ...f, ...patch }));
  const room =
    ranges.data?.token === form.token ? ranges.data.tiers.find((t) => t.tier === form.tier) : undefined;

  return (
    <div className="grid gap-section lg:grid-cols-[minmax(0,24rem)_minmax(0,1fr)]">
      <div className="h-fit space-y-section">
        <YieldInputs form={form} errors={errors} ranges={ranges.data} onChange={set} />
        <DepositForm
          ids={ids}
          token={form.token}
          tier={form.tier}
          amount={form.amount}
          capacityLeft={room?.capacityLeft}
        />
      </div>
      <section aria-labelledby="yield-heading" aria-busy={updating} className="min-w-0 space-y-section">
        <h2 id="yield-heading" className="sr-only">
          Yield estimate
        </h2>
        {quote.isError && !quote.data ? (
          <ErrorPanel
            title="No estimate right now"
            message={quote.error.message}
            onRetry={() => quote.refetch()}
          />
        ) : !quote.data ? (
          <LoadingStatus label="Estimating your yield" className="space-y-stack">
            <Skeleton className="h-36" />
            <Skeleton className="h-64" />
          </LoadingStatus>
        ) : (
          <YieldResult
            quote={quote.data}
            updating={updating}
            stale={requestKey === null}
            error={quote.isError ? quote.error.message : null}
          />
        )}
      </section>
    </div>
  );
}

function YieldInputs({
  form,
  errors,
  ranges,
  onChange,
}: {
  form: YieldForm;
  errors: Partial<Record<'amount' | 'days', string>>;
  ranges: TierRanges | undefined;
  onChange: (patch: Partial<YieldForm>) => void;
}) {
  const meta = TOKEN_META[form.token];
  return (
    <Card as="section" aria-labelledby="provide-params-heading" className="space-y-5">
      <CardTitle id="provide-params-heading">Your commitment</CardTitle>
      <ChoiceCards
        legend="Asset"
        name="token"
        choices={TOKENS}
        value={form.token}
        onChange={(token) => onChange({ token })}
        gridClassName="sm:grid-cols-2"
      />
      <TokenAmountField
        id="deposit-amount"
        label={`Amount (${meta.label})`}
        value={form.amount}
        onChange={(amount) => onChange({ amount })}
        error={errors.amount ?? null}
        placeholder={form.token === 'STX' ? 'e.g. 2500' : 'e.g. 0.25'}
      />
      <ChoiceCards
        legend="Risk tier"
        name="tier"
        choices={tierChoices(ranges?.token === form.token ? ranges : undefined)}
        value={form.tier}
        onChange={(tier) => onChange({ tier })}
        gridClassName="grid-cols-1"
      />
      <Field id="provide-days" label="Period (days)" error={errors.days ?? null}>
        {(control) => (
          <Input
            {...control}
            inputMode="numeric"
            value={form.days}
            onChange={(e) => onChange({ days: e.target.value })}
            className="w-full tabular-nums"
          />
        )}
      </Field>
    </Card>
  );
}
