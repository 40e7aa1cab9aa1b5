// Typed calls, one per endpoint of the shared plan (notes/web.md).
import { download, get, patch, post, put, request } from './client.js';
import type { HandbookResponse, MeasureRequest, MeasureResponse, PlanHeaderRequest, PlanResponse } from '../../../src/contract/api.js';
import type {
  ActiveRulebook,
  AdminUser,
  AuditOverview,
  AuditReport,
  AuditVerifyRequest,
  CreateUserRequest,
  Dashboard,
  HouseholdDetail,
  HouseholdPage,
  HouseholdQuery,
  ImportJob,
  ImportStart,
  IncomeUpdate,
  IncomeUpdateResult,
  LedgerPage,
  LoginResponse,
  RegionNode,
  RulebookChangeResult,
  RulebookList,
  SessionInfo,
  UpdateUserRequest,
  VillageDetail,
  VillageList,
  ChangeOutcome,
  ChangeRequestList,
  Decision,
  HouseholdCorrectRequest,
  MemberAddRequest,
  MemberCorrectRequest,
  MemberRemoveRequest,
} from './types.js';

const hh = (id: string) => `/api/households/${encodeURIComponent(id)}`;

export const api = {
  session: () => get<SessionInfo>('/api/session', { silent: true }),
  login: (username: string, password: string) => post<LoginResponse>('/api/auth/login', { username, password }, { silent: true, allow401: true }),
  logout: () => post<void>('/api/auth/logout', {}, { silent: true, allow401: true }),
  setup: (body: { username: string; name: string; password: string }) => post<LoginResponse>('/api/setup', body, { silent: true }),

  regions: () => get<{ regions: RegionNode[] }>('/api/regions'),

  dashboard: () => get<Dashboard>('/api/dashboard'),
  households: (q: HouseholdQuery, signal?: AbortSignal) => get<HouseholdPage>('/api/households', { query: { ...q }, signal }),
  household: (id: string) => get<HouseholdDetail>(`/api/households/${encodeURIComponent(id)}`),
  exportHouseholds: (q: HouseholdQuery) => download('/api/export/households.xlsx', '农户名单.xlsx', { ...q }),
  saveIncome: (id: string, body: IncomeUpdate) => put<IncomeUpdateResult>(`/api/households/${encodeURIComponent(id)}/income`, body),

  plan: (id: string) => get<PlanResponse>(`/api/households/${encodeURIComponent(id)}/plan`),
  savePlanHeader: (id: string, body: PlanHeaderRequest) => put<PlanResponse>(`/api/households/${encodeURIComponent(id)}/plan`, body),
  addMeasure: (id: string, body: MeasureRequest) => post<MeasureResponse>(`/api/households/${encodeURIComponent(id)}/plan/measures`, body),
  updateMeasure: (id: string, measureId: string, body: MeasureRequest) =>
    put<MeasureResponse>(`/api/households/${encodeURIComponent(id)}/plan/measures/${encodeURIComponent(measureId)}`, body),
  removeMeasure: (id: string, measureId: string, reason: string) =>
    request<MeasureResponse>('DELETE', `/api/households/${encodeURIComponent(id)}/plan/measures/${encodeURIComponent(measureId)}`, { query: { reason } }),
  handbook: (id: string) => get<HandbookResponse>(`/api/households/${encodeURIComponent(id)}/handbook`),
  // 动态调整
  addMember: (id: string, body: MemberAddRequest) => post<ChangeOutcome>(`${hh(id)}/members`, body),
  removeMember: (id: string, memberId: string, body: MemberRemoveRequest) =>
    post<ChangeOutcome>(`${hh(id)}/members/${encodeURIComponent(memberId)}/remove`, body),
  correctMember: (id: string, memberId: string, body: MemberCorrectRequest) => patch<ChangeOutcome>(`${hh(id)}/members/${encodeURIComponent(memberId)}`, body),
  correctHousehold: (id: string, body: HouseholdCorrectRequest) => patch<ChangeOutcome>(hh(id), body),
  changeRequests: (q: { status?: string; household?: string }, opts: { silent?: boolean } = {}) =>
    get<ChangeRequestList>('/api/change-requests', { query: q, ...opts }),
  approveRequest: (id: string, reason: string | null = null) => post<ChangeOutcome>(`/api/change-requests/${encodeURIComponent(id)}/approve`, { reason }),
  rejectRequest: (id: string, reason: string) => post<Decision>(`/api/change-requests/${encodeURIComponent(id)}/reject`, { reason }),
  withdrawRequest: (id: string) => post<Decision>(`/api/change-requests/${encodeURIComponent(id)}/withdraw`, {}),

  ledger: (cls: string, page: number, pageSize: number, area: { township?: string | undefined; village?: string | undefined } = {}) =>
    get<LedgerPage>(`/api/ledgers/${encodeURIComponent(cls)}`, { query: { page, pageSize, ...area } }),
  exportLedgers: () => download('/api/export/ledgers.xlsx', '脱贫退出台账.xlsx'),
  exportIncomeForms: () => download('/api/export/income-forms.xlsx', '收入测算表.xlsx'),

  villages: () => get<VillageList>('/api/villages'),
  village: (code: string) => get<VillageDetail>(`/api/villages/${encodeURIComponent(code)}`),

  startImport: (file: File, reason: string) => {
    const form = new FormData();
    form.append('reason', reason);
    form.append('file', file, file.name);
    return post<ImportStart>('/api/imports', undefined, { form });
  },
  importJob: (jobId: string) => get<ImportJob>(`/api/imports/${encodeURIComponent(jobId)}`, { silent: true }),
  importErrors: (jobId: string) => download(`/api/imports/${encodeURIComponent(jobId)}/errors.xlsx`, '导入错误报告.xlsx'),
  rosterTemplate: () => download('/api/imports/template.xlsx', '建档立卡花名册模板.xlsx'),

  rulebooks: () => get<RulebookList>('/api/rulebooks'),
  rulebook: () => get<ActiveRulebook>('/api/rulebook'),
  setRulebook: (id: string, reason: string) => put<RulebookChangeResult>('/api/rulebook', { id, reason }),

  users: () => get<{ users: AdminUser[] }>('/api/admin/users'),
  createUser: (body: CreateUserRequest) => post<{ user: AdminUser }>('/api/admin/users', body),
  updateUser: (id: string, body: UpdateUserRequest) => patch<{ user: AdminUser }>(`/api/admin/users/${encodeURIComponent(id)}`, body),

  audit: () => get<AuditOverview>('/api/admin/audit'),
  verifyAudit: (body: AuditVerifyRequest) => post<AuditReport>('/api/admin/audit/verify', body),
};
