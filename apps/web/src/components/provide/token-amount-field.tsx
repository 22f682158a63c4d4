import type { Token } from '@bithedge/db';
import { parseDecimal } from '@bithedge/pricing';
import type { ReactNode } from 'react';
import { Field, Input } from '@/components/ui/field';
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
    <Field id={id} label={label} error={error} className={className}>
      {(control) => (
        <Input
          {...control}
          inputMode="decimal"
          autoComplete="off"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          className="w-full tabular-nums"
          placeholder={placeholder}
        />
      )}
    </Field>
  );
}
