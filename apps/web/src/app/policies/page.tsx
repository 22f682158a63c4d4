import type { Metadata } from 'next';
import { PolicyList } from '@/components/policies/policy-list';
import { RequireSignIn } from '@/components/wallet/require-sign-in';

export const metadata: Metadata = { title: 'Your policies' };

export default function PoliciesPage() {
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-bold">Your policies</h1>
        <p className="mt-1 text-slate-600">
          Protection you bought. At expiry a policy in the money pays out from the pool; otherwise it expires.
        </p>
      </div>
      <RequireSignIn reason="Policies belong to the wallet that bought them: sign in to see yours.">
        <PolicyList />
      </RequireSignIn>
    </div>
  );
}
