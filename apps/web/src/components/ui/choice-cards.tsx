'use client';
import { cn } from '@/lib/cn';
import { fieldLabelClass } from './field';

export interface Choice<T extends string> {
  value: T;
  label: string;
  help: string;
}

/** A radio group shown as cards (label and one line of help), keyboard-accessible as radios. */
export function ChoiceCards<T extends string>({
  legend,
  name,
  choices,
  value,
  onChange,
  gridClassName,
}: {
  legend: string;
  name: string;
  choices: readonly Choice<T>[];
  value: T;
  onChange: (value: T) => void;
  gridClassName: string;
}) {
  return (
    <fieldset>
      <legend className={fieldLabelClass}>{legend}</legend>
      <div className={cn('mt-2 grid gap-2', gridClassName)}>
        {choices.map((choice) => (
          <label
            key={choice.value}
            className={cn(
              'cursor-pointer rounded-lg border p-3 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-brand-500',
              value === choice.value
                ? 'border-brand-500 bg-brand-50'
                : 'border-slate-200 hover:border-slate-300',
            )}
          >
            <input
              type="radio"
              name={name}
              value={choice.value}
              checked={value === choice.value}
              onChange={() => onChange(choice.value)}
              className="sr-only"
            />
            <span className="block font-semibold text-slate-900">{choice.label}</span>
            <span className="block text-xs text-slate-600">{choice.help}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
