import { ButtonLink } from '@/components/ui/button';
import { PageHeader } from '@/components/ui/page-header';

export default function NotFound() {
  return (
    <PageHeader
      title="Page not found"
      description="There is no page at this address."
      actions={
        <ButtonLink href="/" variant="secondary">
          Back to the overview
        </ButtonLink>
      }
    />
  );
}
