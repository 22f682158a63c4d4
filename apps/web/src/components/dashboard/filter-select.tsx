'use client';
import { Field, Select } from '@/components/ui/field';

/** A labelled filter: "" is "all". */
export function FilterSelect<Value extends string>({
  id,
  label,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: Value | undefined;
  options: readonly { value: Value; label: string }[];
  onChange: (value: Value | undefined) => void;
}) {
  return (
    <Field id={id} label={label} className="min-w-36">
      {(control) => (
        <Select
          {...control}
          value={value ?? ''}
          onChange={(e) => onChange(e.target.value === '' ? undefined : (e.target.value as Value))}
        >
          <option value="">All</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}

export const TOKEN_OPTIONS = [
  { value: 'STX', label: 'STX' },
  { value: 'SBTC', label: 'sBTC' },
] as const;
