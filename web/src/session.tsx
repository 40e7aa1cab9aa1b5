// The signed-in user, loaded once from GET /api/session and shared by every page.
import { createContext, useContext } from 'react';
import type { Role, Sector, SessionInfo, SessionUser } from './api/types.js';

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

export const ROLE_LABELS: Record<Role, string> = {
  county: '县扶贫办',
  leader: '县级领导',
  sector: '行业部门',
  township: '乡镇用户',
  village: '村级用户',
};

/** Mirrors SECTORS of the contract (a runtime import would bring Zod into the bundle). */
export const SECTORS: readonly Sector[] = ['教育', '卫健', '医保', '住建', '水务', '民政', '人社', '残联'];

/** Mirrors the contract's password rule for the forms; the server checks it again. */
export const PASSWORD_MIN_LENGTH = 10;

/** What the menu and buttons offer; the server refuses the rest anyway. */
export function can(user: SessionUser) {
  return {
    importRoster: user.role === 'county',
    changeRulebook: user.role === 'county',
    manageUsers: user.admin,
    editIncome: user.role === 'county' || user.role === 'township' || user.role === 'village',
    /** Propose member and household changes (动态调整). */
    changeRecords: user.role === 'county' || user.role === 'township' || user.role === 'village',
    /** Approve or reject others' changes to sensitive fields (待审批). */
    approveChanges: user.role === 'county' || user.role === 'township',
    seeChangeRequests: user.role !== 'sector',
  };
}
