// Calls of the project endpoints (src/contract/projects.ts), kept beside endpoints.ts.
import { download, get, post, put } from './client.js';
import type {
  ProgressResponse,
  ProjectDetailResponse,
  ProjectInput,
  ProjectListResponse,
  ProjectNoticeSheetResponse,
  ProjectView,
} from '../../../src/contract/projects.js';

export type { ProgressResponse, ProjectDetailResponse, ProjectInput, ProjectListResponse, ProjectNoticeSheetResponse, ProjectView };

export interface MoneyBody {
  source: string;
  fen: number;
  date: string;
  voucher: string;
}

const at = (id: string) => `/api/projects/${encodeURIComponent(id)}`;

export const projectApi = {
  list: (q: { year?: number; status?: string; type?: string; region?: string; household?: string }, signal?: AbortSignal) =>
    get<ProjectListResponse>('/api/projects', { query: q, signal }),
  progress: (signal?: AbortSignal) => get<ProgressResponse>('/api/projects/progress', { signal }),
  read: (id: string, signal?: AbortSignal) => get<ProjectDetailResponse>(at(id), { signal }),
  // The dialogs show refusals in place (a disbursement over the allocation names the amounts).
  create: (body: ProjectInput) => post<ProjectDetailResponse>('/api/projects', body, { silent: true }),
  update: (id: string, body: ProjectInput) => put<ProjectDetailResponse>(at(id), body, { silent: true }),
  status: (id: string, body: { to: string; date: string; note?: string | null }) => post<ProjectDetailResponse>(`${at(id)}/status`, body, { silent: true }),
  allocate: (id: string, body: MoneyBody) => post<ProjectDetailResponse>(`${at(id)}/allocations`, body, { silent: true }),
  disburse: (id: string, body: MoneyBody) => post<ProjectDetailResponse>(`${at(id)}/disbursements`, body, { silent: true }),
  link: (id: string, households: string[]) => post<ProjectDetailResponse>(`${at(id)}/households`, { households }, { silent: true }),
  notice: (id: string, body: { kind: 'plan' | 'completion'; villageCode: string; postedOn: string }) =>
    post<ProjectDetailResponse>(`${at(id)}/notices`, body, { silent: true }),
  endNotice: (id: string, noticeId: string, endedOn: string) =>
    post<ProjectDetailResponse>(`${at(id)}/notices/${encodeURIComponent(noticeId)}/end`, { endedOn }, { silent: true }),
  objection: (id: string, noticeId: string, body: { receivedOn: string; content: string }) =>
    post<ProjectDetailResponse>(`${at(id)}/notices/${encodeURIComponent(noticeId)}/objections`, body, { silent: true }),
  handle: (id: string, objectionId: string, body: { handledOn: string; handling: string }) =>
    post<ProjectDetailResponse>(`${at(id)}/objections/${encodeURIComponent(objectionId)}/handle`, body, { silent: true }),
  noticeSheet: (id: string, noticeId: string, signal?: AbortSignal) =>
    get<ProjectNoticeSheetResponse>(`${at(id)}/notices/${encodeURIComponent(noticeId)}/print`, { signal }),
  noticeXlsx: (id: string, noticeId: string) => download(`${at(id)}/notices/${encodeURIComponent(noticeId)}/notice.xlsx`, '项目公示.xlsx'),
};
