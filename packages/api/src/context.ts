import type { Database, Role } from '@bithedge/db';
import type { AuthConfig } from './services/auth';

/** Who is calling: filled in from the session cookie; null for anonymous callers. */
export interface Session {
  principal: string;
  role: Role;
}

/**
 * What the transport gives the auth router: the deployment's sign-in settings, the cookie the
 * request carried, and a way to set or clear it on the response.
 */
export interface AuthTransport {
  config: AuthConfig;
  sessionToken: string | null;
  userAgent: string | null;
  setSessionCookie(token: string, expiresAt: Date): void;
  clearSessionCookie(): void;
}

export interface Context {
  db: Database;
  session: Session | null;
  auth: AuthTransport | null;
}

export interface CreateContextOptions {
  db: Database;
  session?: Session | null;
  auth?: AuthTransport | null;
}

export function createContext({ db, session = null, auth = null }: CreateContextOptions): Context {
  return { db, session, auth };
}
