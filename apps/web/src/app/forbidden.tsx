import { ButtonLink } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';
import { ReloadOnSessionChange } from '@/components/wallet/reload-on-session-change';

/** Rendered, with HTTP 403, where a page calls `forbidden()`: today /admin for a non-admin. */
export default function Forbidden() {
  return (
    <>
      <ReloadOnSessionChange />
      <PageHeader
        title="403: admins only"
        description="This page is open to the pool's administrators. The wallet you signed in with is not one of them."
        actions={
          <ButtonLink href="/" variant="secondary">
            Back to the overview
          </ButtonLink>
        }
      />
    </>
  );
}
