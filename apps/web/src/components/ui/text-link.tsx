import Link from 'next/link';
import type { ComponentProps } from 'react';
import { cn } from '@/lib/cn';

/** An inline link in running text: brand colour, underlined. `inherit` keeps the text's colour. */
export function TextLink({
  tone = 'brand',
  className,
  ...props
}: ComponentProps<typeof Link> & { tone?: 'brand' | 'inherit' }) {
  return (
    <Link
      className={cn(
        'font-medium underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-brand-500',
        tone === 'brand' && 'text-brand-700 hover:text-brand-600',
        className,
      )}
      {...props}
    />
  );
}
