import type { ComponentProps, ReactNode } from 'react';
import { cn } from '@/lib/cn';

/** What a control needs from its Field: its id and the hint/error it is described by. */
export interface FieldControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: true;
}

export const fieldLabelClass = 'block text-sm font-medium text-slate-800';

const controlClass =
  'rounded-control border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:outline-2 focus:outline-brand-500 aria-invalid:border-danger-500 aria-invalid:bg-danger-50';

/**
 * A label, an optional hint and an error around one control. The control gets the wiring as
 * render-prop arguments (id, aria-describedby naming the hint and error, aria-invalid), so a
 * screen reader reads the hint and the error with the field, and no field forgets to.
 */
export function Field({
  id,
  label,
  hint,
  error,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  className?: string;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className={fieldLabelClass}>
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      ) : null}
      <div className="mt-2">
        {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
      </div>
      {error ? (
        <p id={errorId} className="mt-1 text-xs font-medium text-danger-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A text input in the field style; `aria-invalid` turns it red. */
export function Input({ className, ...props }: ComponentProps<'input'>) {
  return <input className={cn(controlClass, className)} {...props} />;
}

/** A multi-line text input in the field style. */
export function Textarea({ className, ...props }: ComponentProps<'textarea'>) {
  return <textarea className={cn(controlClass, className)} {...props} />;
}

export function Select({ className, ...props }: ComponentProps<'select'>) {
  return <select className={cn(controlClass, className)} {...props} />;
}
