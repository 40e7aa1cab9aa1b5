// Who is asking, as the data services need it. The server's Viewer (src/server) has these fields
// and more; services take this narrower shape so they stay usable (and testable) without HTTP.
import type { MaskOptions } from '../domain/mask.js';
import type { Role } from '../domain/roles.js';
import type { Scope } from '../store/index.js';

export interface Access {
  userId: string;
  name: string;
  role: Role;
  scope: Scope;
  sector: string | null;
  mask: MaskOptions;
}

/** A refusal the server turns into an HTTP status with the message as is (Chinese). */
export class AccessError extends Error {
  override name = 'AccessError';
  constructor(
    readonly status: 403 | 404 | 409 | 400 | 413,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Also the answer for a record outside the viewer's scope: the same status and body as a missing
 * one, so ids cannot be probed to learn what exists county-wide.
 */
export const notFound = (what: string) => new AccessError(404, 'not-found', `${what}不存在`);
export const notAllowed = (message: string) => new AccessError(403, 'forbidden', message);

/** County-wide: the whole county is in scope (county office, sector departments). */
export function isCountyWide(scope: Scope, countyCode: string | null): boolean {
  if (scope.kind === 'all') return true;
  return countyCode !== null && scope.codes.includes(countyCode);
}
