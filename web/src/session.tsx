// The signed-in user, loaded once from GET /api/session and shared by every page.
import { createContext, useContext } from 'react';
import type { SessionInfo, SessionUser } from './api/types.js';

export interface SessionState {
  info: SessionInfo;
  user: SessionUser;
  refresh: () => Promise<void>;
  logout: () => Promise<void>;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a signed-in layout');
  return s;
}

/** Mirrors the contract's password rule for the forms; the server checks it again. */
export const PASSWORD_MIN_LENGTH = 10;
