'use client';
import { type Choice, ChoiceCards } from '@/components/ui/choice-cards';
import { Field, type FieldControlProps, Input } from '@/components/ui/field';
import type { FieldErrors, PolicyType, QuoteForm } from './quote-form-state';

function SliderWithInput({
  control,
  label,
  value,
  min,
  max,
  step,
  suffix,
  onChange,
  inputMode = 'numeric',
}: {
  /** The Field's wiring, for the text input: the slider is its mouse-friendly twin. */
  control: FieldControlProps;
  label: string;
  value: string;
  min: number;
  max: number;
  step: number;
  suffix: string;
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
        <Input
          {...control}
          inputMode={inputMode}
          autoComplete="off"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          className="w-full pr-12 tabular-nums"
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
        {(control) => (
          <SliderWithInput
            control={control}
            label="Protected value slider"
            value={form.protectedValuePercentage}
            min={50}
            max={150}
            step={1}
            suffix="% of spot"
            onChange={(v) => onChange({ protectedValuePercentage: v })}
          />
        )}
      </Field>

      <Field id="amount" label="Amount" hint="BTC covered, up to 8 decimals (max 10)" error={errors.amount}>
        {(control) => (
          <SliderWithInput
            control={control}
            label="Amount slider"
            value={form.amount}
            min={0.01}
            max={10}
            step={0.01}
            suffix="BTC"
            inputMode="decimal"
            onChange={(v) => onChange({ amount: v })}
          />
        )}
      </Field>

      <Field id="days" label="Duration" hint="Days until the policy expires (1–365)" error={errors.days}>
        {(control) => (
          <>
            <SliderWithInput
              control={control}
              label="Duration slider"
              value={form.days}
              min={1}
              max={365}
              step={1}
              suffix="days"
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
          </>
        )}
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
            {(control) => (
              <Input
                {...control}
                inputMode="decimal"
                placeholder="Live price"
                value={form.spot}
                onChange={(e) => onChange({ spot: e.target.value })}
                className="w-full tabular-nums"
              />
            )}
          </Field>
        </div>
      </details>
    </div>
  );
}
