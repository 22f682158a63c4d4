import Link from 'next/link';
import type { ComponentProps } from 'react';
import { cn } from '@/lib/cn';

export type ButtonVariant = 'primary' | 'secondary' | 'ghost' | 'danger';
export type ButtonSize = 'compact' | 'sm' | 'md' | 'lg' | 'icon';

const BASE =
  'inline-flex items-center justify-center gap-2 text-center rounded-control transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-500 disabled:cursor-not-allowed disabled:opacity-60';

const VARIANTS: Record<ButtonVariant, string> = {
  primary: 'bg-brand-500 font-semibold text-white shadow-sm hover:bg-brand-600 disabled:hover:bg-brand-500',
  secondary:
    'border border-slate-300 bg-white font-medium text-slate-800 hover:bg-slate-50 disabled:hover:bg-white',
  ghost: 'font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900',
  danger: 'bg-danger-600 font-semibold text-white shadow-sm hover:bg-danger-700',
};

const SIZES: Record<ButtonSize, string> = {
  /** Tight spaces, e.g. beside the address in a phone's header. */
  compact: 'px-2 py-1.5 text-sm',
  sm: 'px-3 py-1.5 text-sm',
  md: 'px-3 py-2 text-sm',
  lg: 'px-4 py-2 text-base',
  icon: 'p-2',
};

export interface ButtonStyle {
  variant?: ButtonVariant;
  size?: ButtonSize;
  fullWidth?: boolean;
}

/** The classes of a button, for the rare element that must look like one (a link). */
export function buttonStyles({ variant = 'primary', size = 'md', fullWidth = false }: ButtonStyle = {}) {
  return cn(BASE, VARIANTS[variant], SIZES[size], fullWidth && 'w-full');
}

export interface ButtonProps extends ComponentProps<'button'>, ButtonStyle {
  /** Busy: disabled and announced as busy, with a spinner before the (caller's) busy label. */
  loading?: boolean;
}

/** A native button: type="button" unless told otherwise, so it never submits a form by accident. */
export function Button({
  variant,
  size,
  fullWidth,
  loading = false,
  disabled,
  className,
  children,
  type = 'button',
  ...props
}: ButtonProps) {
  return (
    <button
      type={type}
      disabled={disabled || loading}
      aria-busy={loading || undefined}
      className={cn(buttonStyles({ variant, size, fullWidth }), className)}
      {...props}
    >
      {loading ? <Spinner /> : null}
      {children}
    </button>
  );
}

/** A link that looks like a button: navigation stays a link for assistive technology. */
export function ButtonLink({
  variant,
  size,
  fullWidth,
  className,
  ...props
}: ComponentProps<typeof Link> & ButtonStyle) {
  return <Link className={cn(buttonStyles({ variant, size, fullWidth }), className)} {...props} />;
}

function Spinner() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="size-4 animate-spin" fill="none">
      <circle cx="12" cy="12" r="9" stroke="currentColor" strokeOpacity="0.3" strokeWidth="3" />
      <path d="M21 12a9 9 0 0 0-9-9" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}
