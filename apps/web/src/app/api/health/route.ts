import { checkDatabase } from '@/server/health';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Public liveness/readiness: 200 when the database answers, 503 when it does not. */
export async function GET(): Promise<Response> {
  const result = await checkDatabase();
  return Response.json(result, {
    status: result.status === 'ok' ? 200 : 503,
    headers: { 'cache-control': 'no-store' },
  });
}
