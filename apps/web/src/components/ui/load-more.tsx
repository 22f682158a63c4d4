import type { ReactNode } from 'react';
import { Button, type ButtonStyle } from './button';

/** What LoadMore needs of an infinite query (TanStack Query's useInfiniteQuery result). */
export interface NextPage {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/**
 * The button under a keyset-paged list that fetches its next page, busy while it does; nothing
 * once the last page is shown. `wrapperClassName` puts it in a footer of its own.
 */
export function LoadMore({
  query,
  children,
  variant = 'secondary',
  size = 'sm',
  fullWidth,
  className,
  wrapperClassName,
}: ButtonStyle & {
  query: NextPage;
  children: ReactNode;
  className?: string;
  wrapperClassName?: string;
}) {
  if (!query.hasNextPage) return null;
  const button = (
    <Button
      variant={variant}
      size={size}
      fullWidth={fullWidth}
      className={className}
      loading={query.isFetchingNextPage}
      onClick={() => query.fetchNextPage()}
    >
      {children}
    </Button>
  );
  return wrapperClassName ? <div className={wrapperClassName}>{button}</div> : button;
}
