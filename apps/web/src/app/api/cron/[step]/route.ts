import { handleCron } from '@/server/cron';
import { getCronDeps } from '@/server/cron-deps';
import { getEnv } from '@/server/env';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

async function handler(req: Request, { params }: { params: Promise<{ step: string }> }): Promise<Response> {
  const { step } = await params;
  return handleCron(req.headers.get('authorization'), step, getEnv().cronSecret, () => getCronDeps());
}

// Schedulers differ: Vercel cron sends GET, most others POST.
export { handler as GET, handler as POST };
