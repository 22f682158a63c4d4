import type { ReactNode } from 'react';
import { TRPCReactProvider } from '@/trpc/client';

/**
 * The pages that query from the browser (TanStack Query + the tRPC client). The home page is not
 * among them: it renders its figures on the server, so its first load carries no query layer.
 */
export default function ClientQueryLayout({ children }: { children: ReactNode }) {
  return <TRPCReactProvider>{children}</TRPCReactProvider>;
}
