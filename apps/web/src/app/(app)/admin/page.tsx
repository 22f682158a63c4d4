import { vaultOwner } from '@bithedge/contracts';
import type { Metadata } from 'next';
import { forbidden } from 'next/navigation';
import { connection } from 'next/server';
import { FIRST_ALERTS_PAGE, FIRST_AUDIT_PAGE } from '@/components/admin/admin-queries';
import { AlertsSection } from '@/components/admin/alerts-section';
import { AuditLog } from '@/components/admin/audit-log';
import { OperationsSection } from '@/components/admin/operations-section';
import { ProvidersAtRisk } from '@/components/admin/providers-at-risk';
import { RiskParametersSection } from '@/components/admin/risk-parameters-section';
import { TiersSection } from '@/components/admin/tiers-section';
import { PageHeader } from '@/components/ui/page-header';
import { LoadingStatus, Skeleton } from '@/components/ui/skeleton';
import { RequireSignIn } from '@/components/wallet/require-sign-in';
import { configuredContractIds } from '@/server/contract-ids';
import { getQueryClient, HydrateClient, trpc } from '@/trpc/server';

export const metadata: Metadata = { title: 'Admin' };

/**
 * The admin console. Access is decided here, on the server, from the session before anything is
 * fetched: an anonymous visitor gets the sign-in prompt (signing in refreshes this page, which
 * then decides again), a signed-in non-admin HTTP 403 and the forbidden page; neither receives any admin data, and
 * the procedures refuse them anyway (adminProcedure). For an admin every section's first query
 * is prefetched, so the figures are in the first HTML.
 */
export default async function AdminPage() {
  await connection();
  const queryClient = getQueryClient();
  const session = await queryClient.fetchQuery(trpc.auth.me.queryOptions()).catch(() => null);
  if (!session) return <SignInFirst />;
  if (session.role !== 'admin') forbidden();
  await Promise.all([
    queryClient.prefetchQuery(trpc.admin.riskParameters.queryOptions()),
    queryClient.prefetchQuery(trpc.admin.tierVersions.queryOptions()),
    queryClient.prefetchQuery(trpc.admin.vaultTierCaps.queryOptions()),
    queryClient.prefetchQuery(trpc.admin.providersAtRisk.queryOptions()),
    queryClient.prefetchQuery(trpc.admin.operations.queryOptions()),
    queryClient.prefetchInfiniteQuery(
      trpc.admin.alerts.infiniteQueryOptions(FIRST_ALERTS_PAGE, {
        getNextPageParam: (page) => page.nextCursor ?? undefined,
      }),
    ),
    queryClient.prefetchInfiniteQuery(
      trpc.admin.auditLog.infiniteQueryOptions(FIRST_AUDIT_PAGE, {
        getNextPageParam: (page) => page.nextCursor ?? undefined,
      }),
    ),
  ]);
  const ids = configuredContractIds();
  return (
    <HydrateClient>
      <div className="space-y-section">
        <PageHeader
          title="Admin"
          description="Alerts, risk parameters, tiers, provider health, operations and the log of every admin action."
        />
        <nav aria-label="Admin sections" className="flex flex-wrap gap-2 text-sm">
          {[
            ['#alerts-heading', 'Alerts'],
            ['#risk-heading', 'Risk parameters'],
            ['#tiers-heading', 'Tiers'],
            ['#health-heading', 'Health'],
            ['#operations-heading', 'Operations'],
            ['#audit-heading', 'Audit log'],
          ].map(([href, label]) => (
            <a
              key={href}
              href={href}
              className="rounded-md border border-slate-200 bg-white px-3 py-1.5 font-medium text-slate-700 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand-500"
            >
              {label}
            </a>
          ))}
        </nav>
        <AlertsSection />
        <RiskParametersSection />
        <TiersSection vault={ids ? { ids, owner: vaultOwner(ids) } : null} />
        <ProvidersAtRisk />
        <OperationsSection />
        <AuditLog />
      </div>
    </HydrateClient>
  );
}

function SignInFirst() {
  return (
    <HydrateClient>
      <div className="space-y-section">
        <PageHeader title="Admin" description="For the people who run the pool." />
        <RequireSignIn reason="The admin console is for the pool's administrators: sign in with an admin wallet.">
          {/* Signed in in this browser: the page reloads from the server, which decides access. */}
          <LoadingStatus label="Checking your access">
            <Skeleton className="h-40" />
          </LoadingStatus>
        </RequireSignIn>
      </div>
    </HydrateClient>
  );
}
