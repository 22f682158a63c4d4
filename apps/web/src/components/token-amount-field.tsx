import type { Token } from '@bithedge/db';
import { parseDecimal } from '@bithedge/pricing';
import type { ReactNode } from 'react';
import { TOKEN_META } from '@/lib/format';

/** An amount typed in a token's units as base units, or the message saying why it is not one. */
export function parseTokenAmount(amount: string, token: Token): bigint | string {
  const meta = TOKEN_META[token];
  try {
    return parseDecimal(amount || 'x', meta.decimals);
  } catch {
    return `Enter an amount of ${meta.label} with at most ${meta.decimals} decimals`;
  }
}

/** A labelled amount input with its error tied to it for screen readers. */
export function TokenAmountField({
  id,
  label,
  value,
  onChange,
  error,
  placeholder,
  className,
}: {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  error: string | null;
  placeholder?: string;
  className?: string;
}) {
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input
        id={id}
        inputMode="decimal"
        autoComplete="off"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className="mt-2 w-full rounded-md border border-slate-300 px-3 py-2 text-sm tabular-nums focus:outline-2 focus:outline-brand-500 aria-invalid:border-red-500"
        placeholder={placeholder}
      />
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-xs font-medium text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
