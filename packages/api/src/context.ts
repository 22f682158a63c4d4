import type { Database } from '@bithedge/db';

/** Who is calling. Sign-in fills this in; until then every caller is anonymous. */
export interface Session {
  principal: string;
  role: 'user' | 'admin';
}

export interface Context {
  db: Database;
  session: Session | null;
}

export interface CreateContextOptions {
  db: Database;
  session?: Session | null;
}

export function createContext({ db, session = null }: CreateContextOptions): Context {
  return { db, session };
}
