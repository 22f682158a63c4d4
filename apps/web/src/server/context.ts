import 'server-only';
import { type Context, createContext } from '@bithedge/api';
import { getDatabase } from './db';

/** The tRPC context for one request. Sessions arrive with sign-in; until then, anonymous. */
export async function createRequestContext(): Promise<Context> {
  const { db } = await getDatabase();
  return createContext({ db, session: null });
}
