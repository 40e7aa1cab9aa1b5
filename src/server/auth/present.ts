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

export function adminUser(u: User, names: Map<string, string>, now: string): AdminUser {
  const locked = u.lockedUntil !== null && Date.parse(u.lockedUntil) > Date.parse(now);
  return {
    ...sessionUser(u, names),
    disabled: u.disabled,
    lockedUntil: locked ? u.lockedUntil : null,
    failedLogins: u.failedLogins,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}

export async function presentSessionUser(store: Store, u: User): Promise<SessionUser> {
  return sessionUser(u, await store.regions.names(u.scopeCodes));
}
