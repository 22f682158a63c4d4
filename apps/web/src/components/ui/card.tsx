import type { ComponentProps, ComponentPropsWithoutRef, ReactNode } from 'react';
import { cn } from '@/lib/cn';

type CardElement = 'div' | 'section' | 'li' | 'ul' | 'form' | 'article';

/** A div's props (events such as onSubmit included) whatever the element. */
export type CardProps = {
  as?: CardElement;
  tone?: 'default' | 'muted';
  /** No padding: for content that runs to the edges (a list with dividers). */
  flush?: boolean;
} & ComponentPropsWithoutRef<'div'>;

const TONES = {
  default: 'border-slate-200 bg-white shadow-sm',
  muted: 'border-slate-200 bg-slate-50',
} as const;

/** A bordered surface with the card padding; `as` keeps the element's meaning (section, li, form). */
export function Card({ as, tone = 'default', flush = false, className, ...props }: CardProps) {
  // Typed as a div: the props are a div's, which every CardElement accepts.
  const Tag = (as ?? 'div') as 'div';
  return <Tag className={cn('rounded-card border', !flush && 'p-card', TONES[tone], className)} {...props} />;
}

/** A card's heading: a direct child of the card, so "the heading's parent" is the card. */
export function CardTitle({
  as: Tag = 'h2',
  className,
  ...props
}: { as?: 'h2' | 'h3' } & ComponentProps<'h2'>) {
  return <Tag className={cn('font-semibold text-slate-900', className)} {...props} />;
}

export function CardDescription({ className, children }: { className?: string; children: ReactNode }) {
  return <p className={cn('mt-1 text-sm text-slate-600', className)}>{children}</p>;
}
