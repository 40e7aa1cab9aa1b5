// Users as the API shows them: never the hash, always the names of the regions in scope.
import type { Store, User } from '../../store/index.js';
import type { AdminUser, SessionUser } from '../../contract/api.js';
import { mayBeAdmin, type Sector } from '../../domain/roles.js';

const namesFor = (u: User, names: Map<string, string>) => u.scopeCodes.map((c) => names.get(c) ?? c);

export function sessionUser(u: User, names: Map<string, string>): SessionUser {
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    role: u.role,
    admin: u.admin && mayBeAdmin(u.role),
    sector: (u.sector as Sector | null) ?? null,
    scope: [...u.scopeCodes],
    scopeNames: namesFor(u, names),
  };
}

/** The login back-off as the server counts it for one user name (src/server/auth/backoff.ts). */
export interface LoginState {
  blockedUntil: number | null;
  failures: number;
}

/**
 * `lockedUntil` is set only while some address must still wait to sign in as this user, by the
 * server's clock, so the page shows the server's answer and not a guess from the browser's clock.
 */
export function adminUser(u: User, names: Map<string, string>, now: string, login: LoginState = { blockedUntil: null, failures: 0 }): AdminUser {
  const stored = u.lockedUntil !== null && Date.parse(u.lockedUntil) > Date.parse(now) ? Date.parse(u.lockedUntil) : null;
  const until = Math.max(stored ?? 0, login.blockedUntil ?? 0);
  return {
    ...sessionUser(u, names),
    disabled: u.disabled,
    lockedUntil: until > 0 ? new Date(until).toISOString() : null,
    failedLogins: u.failedLogins + login.failures,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}

export async function presentSessionUser(store: Store, u: User): Promise<SessionUser> {
  return sessionUser(u, await store.regions.names(u.scopeCodes));
}
