// Who is asking: the Viewer derived from the signed-in user on every request. Routes take the
// scope, sector and masking from here and nowhere else.
import type { FastifyRequest } from 'fastify';
import { maskFor, type MaskOptions } from '../../domain/mask.js';
import { ALL, regionsScope, type Actor, type Scope, type User } from '../../store/index.js';
import { can, mayBeAdmin, type Action, type Role, type Sector } from '../../domain/roles.js';
import { forbidden, unauthorized } from '../errors.js';

export interface Viewer {
  userId: string;
  username: string;
  name: string;
  role: Role;
  admin: boolean;
  /** Applied by the store's queries. */
  scope: Scope;
  /** Set for the sector role: the projection keeps that sector's fields only. */
  sector: Sector | null;
  mask: MaskOptions;
}

/** What the session hook attaches to a request with a valid session. */
export interface SessionState {
  idHash: string;
  csrfToken: string;
  user: User;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Null when not signed in (or the session is no longer valid). */
    viewer: Viewer | null;
    session: SessionState | null;
  }
}

/**
 * county -> whole county, office masking; sector -> whole county, its sector's fields only;
 * leader/township/village -> their region codes. A scoped role without codes sees nothing
 * rather than everything.
 */
export function viewerFor(user: User): Viewer {
  const base = { userId: user.id, username: user.username, name: user.name, role: user.role, admin: user.admin && mayBeAdmin(user.role) };
  switch (user.role) {
    case 'county':
      return { ...base, scope: ALL, sector: null, mask: maskFor('office') };
    case 'sector':
      return { ...base, scope: ALL, sector: (user.sector as Sector | null) ?? null, mask: maskFor('internal') };
    case 'leader':
    case 'township':
    case 'village':
      return { ...base, scope: regionsScope(user.scopeCodes), sector: null, mask: maskFor('internal') };
  }
}

/** The signed-in viewer, or a 401. */
export function requireViewer(request: FastifyRequest): Viewer {
  if (request.viewer === null || request.viewer === undefined) throw unauthorized();
  return request.viewer;
}

/** The viewer if its role may take `action` (domain/roles.ts), else 403 (401 when not signed in). */
export function requireCan(request: FastifyRequest, action: Action): Viewer {
  const viewer = requireViewer(request);
  if (!can(viewer, action)) throw forbidden();
  return viewer;
}

export function requireAdmin(request: FastifyRequest): Viewer {
  const viewer = requireViewer(request);
  if (!can(viewer, 'user.admin')) throw forbidden('只有系统管理员可以管理用户');
  return viewer;
}

/** The change log's actor for writes made by this viewer. */
export function actorOf(viewer: Viewer): Actor {
  return { id: viewer.userId, name: viewer.name };
}
