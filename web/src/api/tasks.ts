// Calls of the remediation-task endpoints (src/contract/tasks.ts), kept beside endpoints.ts.
import { download, get, post } from './client.js';
import type {
  AttachmentView,
  TaskAssignRequest,
  TaskListResponse,
  TaskProposeResponse,
  TaskStepRequest,
  TaskStepResponse,
  TaskSummaryResponse,
  TaskView,
} from '../../../src/contract/tasks.js';

export type { AttachmentView, TaskListResponse, TaskStepRequest, TaskStepResponse, TaskSummaryResponse, TaskView };

export interface TaskFilter {
  status?: string[];
  sector?: string;
  indicator?: string;
  township?: string;
  village?: string;
  household?: string;
  /** 责任人; '-' for the tasks nobody was named for. */
  responsible?: string;
  overdue?: boolean;
}

function query(f: TaskFilter) {
  return {
    status: f.status && f.status.length > 0 ? f.status.join(',') : undefined,
    sector: f.sector,
    indicator: f.indicator,
    township: f.township,
    village: f.village,
    household: f.household,
    responsible: f.responsible,
    overdue: f.overdue ? 'true' : undefined,
  };
}

export const taskApi = {
  list: (f: TaskFilter, page: number, pageSize: number, signal?: AbortSignal) =>
    get<TaskListResponse>('/api/tasks', { query: { ...query(f), page, pageSize }, signal }),
  summary: () => get<TaskSummaryResponse>('/api/tasks/summary'),
  step: (id: string, body: TaskStepRequest) => post<TaskStepResponse>(`/api/tasks/${encodeURIComponent(id)}/steps`, body, { silent: true }), // the dialog shows refusals
  assign: (body: TaskAssignRequest) => post<{ assigned: number }>('/api/tasks/assign', body),
  propose: () => post<TaskProposeResponse>('/api/tasks/propose', {}),
  attachments: (id: string) => get<{ attachments: AttachmentView[] }>(`/api/tasks/${encodeURIComponent(id)}/attachments`),
  upload: (id: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return post<AttachmentView>(`/api/tasks/${encodeURIComponent(id)}/attachments`, undefined, { form, silent: true });
  },
  attachmentUrl: (id: string, attachmentId: string) => `/api/tasks/${encodeURIComponent(id)}/attachments/${encodeURIComponent(attachmentId)}`,
  exportLedger: (f: TaskFilter) => download('/api/export/tasks.xlsx', '整改任务台账.xlsx', query(f)),
};
