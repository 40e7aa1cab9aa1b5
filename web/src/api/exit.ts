// Calls of the exit procedure (退出程序) and the notice list; types from the server's contract.
import { download, get, post, put } from './client.js';
import type {
  ExitStepRequest,
  HouseholdExitResponse,
  NoticeListResponse,
  ObjectionPhoneRequest,
  ObjectionPhonesResponse,
  ObjectionRequest,
  ObjectionResolveRequest,
  ProcedureDefView,
  ProcedureView,
  VillageExitResponse,
  VillageExitStepRequest,
} from '../../../src/contract/api.js';

export type {
  ExitStepRequest,
  HouseholdExitResponse,
  NoticeListResponse,
  ObjectionPhonesResponse,
  ProcedureDefView,
  ProcedureView,
  VillageExitResponse,
  VillageExitStepRequest,
};
export type { ExitHouseholdRowView as ExitHouseholdRow } from '../../../src/contract/api.js';

const v = (code: string) => `/api/villages/${encodeURIComponent(code)}`;

export const exitApi = {
  village: (code: string) => get<VillageExitResponse>(`${v(code)}/exit`),
  household: (id: string) => get<HouseholdExitResponse>(`/api/households/${encodeURIComponent(id)}/exit`),
  recordSteps: (code: string, body: ExitStepRequest) => post<{ recorded: string[] }>(`${v(code)}/exit/steps`, body, { silent: true }),
  recordVillageStep: (code: string, body: VillageExitStepRequest) => post<ProcedureView>(`${v(code)}/exit/village-steps`, body, { silent: true }),
  objection: (procedureId: string, body: ObjectionRequest) =>
    post<ProcedureView>(`/api/exit/procedures/${encodeURIComponent(procedureId)}/objections`, body, { silent: true }),
  resolve: (procedureId: string, objectionId: string, body: ObjectionResolveRequest) =>
    post<ProcedureView>(`/api/exit/procedures/${encodeURIComponent(procedureId)}/objections/${encodeURIComponent(objectionId)}/resolve`, body, {
      silent: true,
    }),
  notice: (code: string) => get<NoticeListResponse>(`${v(code)}/exit/notice`),
  objectionPhones: () => get<ObjectionPhonesResponse>('/api/exit/objection-phones'),
  setObjectionPhone: (body: ObjectionPhoneRequest) => put<ObjectionPhonesResponse>('/api/exit/objection-phones', body, { silent: true }),
  noticeXlsx: (code: string) => download(`${v(code)}/exit/notice.xlsx`, '公示名单.xlsx'),
};
