'use client';
import type { ReactNode } from 'react';
import { type Choice, ChoiceCards } from '@/components/choice-cards';
import type { FieldErrors, PolicyType, QuoteForm } from './quote-form-state';

const inputClass =
  'w-full rounded-md border px-3 py-2 text-sm tabular-nums shadow-sm focus:outline-2 focus:outline-brand-500 aria-invalid:border-red-500 aria-invalid:bg-red-50';

function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  error: string | undefined;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {hint ? <p className="text-xs text-slate-500">{hint}</p> : null}
      <div className="mt-2">{children}</div>
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-xs font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function SliderWithInput({
  id,
  label,
  value,
  min,
  max,
  step,
  suffix,
  error,
  onChange,
  inputMode = 'numeric',
}: {
  id: string;
  label: string;
  value: string;
  min: number;
  max: number;
  step: number;
  suffix: string;
  error: string | undefined;
  onChange: (value: string) => void;
  inputMode?: 'numeric' | 'decimal';
}) {
  const numeric = Number(value);
  const sliderValue = Number.isFinite(numeric) ? Math.min(max, Math.max(min, numeric)) : min;
  return (
    <div className="flex items-center gap-3">
      <input
        type="range"
        aria-label={label}
        aria-valuetext={`${value} ${suffix}`}
        min={min}
        max={max}
        step={step}
        value={sliderValue}
        onChange={(e) => onChange(e.target.value)}
        className="h-2 flex-1 cursor-pointer accent-brand-500"
      />
      <div className="relative w-32">
        <input
          id={id}
          inputMode={inputMode}
          autoComplete="off"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className={`${inputClass} border-slate-300 pr-12`}
        />
        <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-xs text-slate-500">
          {suffix}
        </span>
      </div>
    </div>
  );
}

const POLICY_TYPES: readonly Choice<PolicyType>[] = [
  { value: 'PUT', label: 'PUT', help: 'Pays if BTC falls below the strike' },
  { value: 'CALL', label: 'CALL', help: 'Pays if BTC rises above the strike' },
];

/** The four parameters of a policy (and an optional what-if price), as sliders and inputs. */
export function QuoteInputs({
  form,
  errors,
  strikeHint,
  onChange,
}: {
  form: QuoteForm;
  errors: FieldErrors;
  strikeHint: string | null;
  onChange: (patch: Partial<QuoteForm>) => void;
}) {
  return (
    <div className="space-y-6">
      <ChoiceCards
        legend="Protection type"
        name="policyType"
        choices={POLICY_TYPES}
        value={form.policyType}
        onChange={(policyType) => onChange({ policyType })}
        gridClassName="grid-cols-2"
      />

      <Field
        id="protected-value"
        label="Protected value"
        hint={strikeHint ?? 'Strike as a percentage of today’s BTC price'}
        error={errors.protectedValuePercentage}
      >
        <SliderWithInput
          id="protected-value"
          label="Protected value slider"
          value={form.protectedValuePercentage}
          min={50}
          max={150}
          step={1}
          suffix="% of spot"
          error={errors.protectedValuePercentage}
          onChange={(v) => onChange({ protectedValuePercentage: v })}
        />
      </Field>

      <Field id="amount" label="Amount" hint="BTC covered, up to 8 decimals (max 10)" error={errors.amount}>
        <SliderWithInput
          id="amount"
          label="Amount slider"
          value={form.amount}
          min={0.01}
          max={10}
          step={0.01}
          suffix="BTC"
          inputMode="decimal"
          error={errors.amount}
          onChange={(v) => onChange({ amount: v })}
        />
      </Field>

      <Field id="days" label="Duration" hint="Days until the policy expires (1–365)" error={errors.days}>
        <SliderWithInput
          id="days"
          label="Duration slider"
          value={form.days}
          min={1}
          max={365}
          step={1}
          suffix="days"
          error={errors.days}
          onChange={(v) => onChange({ days: v })}
        />
        <div className="mt-2 flex flex-wrap gap-2">
          {[7, 30, 90, 180, 365].map((d) => (
            <button
              key={d}
              type="button"
              onClick={() => onChange({ days: String(d) })}
              aria-pressed={form.days === String(d)}
              className="rounded-full border border-slate-200 px-2.5 py-0.5 text-xs text-slate-700 hover:border-slate-300 aria-pressed:border-brand-500 aria-pressed:bg-brand-50"
            >
              {d} d
            </button>
          ))}
        </div>
      </Field>

      <details className="rounded-lg border border-slate-200 p-3" open={form.spot !== ''}>
        <summary className="cursor-pointer text-sm font-medium text-slate-800">What if BTC were at…</summary>
        <div className="mt-3">
          <Field
            id="spot"
            label="BTC price (USD)"
            hint="Price the policy at a hypothetical BTC price. What-if quotes cannot be saved."
            error={errors.spot}
          >
            <input
              id="spot"
              inputMode="decimal"
              placeholder="Live price"
              value={form.spot}
              onChange={(e) => onChange({ spot: e.target.value })}
              aria-invalid={errors.spot ? true : undefined}
              aria-describedby={errors.spot ? 'spot-error' : undefined}
              className={`${inputClass} border-slate-300`}
            />
          </Field>
        </div>
      </details>
    </div>
  );
}
