import type { Metadata } from 'next';
import { PolicyList } from '@/components/policies/policy-list';
import { PageHeader } from '@/components/ui/page-header';
import { RequireSignIn } from '@/components/wallet/require-sign-in';

export const metadata: Metadata = { title: 'Your policies' };

export default function PoliciesPage() {
  return (
    <div className="space-y-section">
      <PageHeader
        title="Your policies"
        description="Protection you bought. At expiry a policy in the money pays out from the pool; otherwise it expires."
      />
      <RequireSignIn reason="Policies belong to the wallet that bought them: sign in to see yours.">
        <PolicyList />
      </RequireSignIn>
    </div>
  );
}
