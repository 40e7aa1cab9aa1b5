// Calls of the cross-check endpoints (src/contract/checks.ts), kept beside endpoints.ts.
import { download, get, post } from './client.js';
import type {
  AssignPointsRequest,
  CheckKindsResponse,
  CheckRunDetailResponse,
  CheckRunListResponse,
  CheckRunView,
  CheckUploadResponse,
  EvidenceView,
  FindingRequest,
  PointDetailResponse,
  PointListResponse,
  PointStepResponse,
  PointSummaryResponse,
  PointView,
  ReviewItem,
  ReviewListResponse,
  ReviewRequest,
  ReviewResponse,
  VerifyRequest,
} from '../../../src/contract/checks.js';
import { ApiError } from './client.js';

export type {
  CheckKindsResponse,
  CheckRunDetailResponse,
  CheckRunView,
  CheckUploadResponse,
  EvidenceView,
  PointDetailResponse,
  PointListResponse,
  PointStepResponse,
  PointSummaryResponse,
  PointView,
  ReviewItem,
  ReviewResponse,
};

export interface PointFilter {
  kind?: string[];
  listKind?: string;
  source?: string;
  runId?: number;
  township?: string;
  village?: string;
  household?: string;
  status?: string[];
  minAgeDays?: number;
  maxAgeDays?: number;
  assignee?: string;
}

function pointQuery(f: PointFilter) {
  return {
    kind: f.kind && f.kind.length > 0 ? f.kind.join(',') : undefined,
    listKind: f.listKind,
    source: f.source,
    runId: f.runId,
    township: f.township,
    village: f.village,
    household: f.household,
    status: f.status && f.status.length > 0 ? f.status.join(',') : undefined,
    minAgeDays: f.minAgeDays,
    maxAgeDays: f.maxAgeDays,
    assignee: f.assignee,
  };
}

const point = (id: number) => `/api/checks/points/${id}`;
const runRow = (runId: number, row: number) => `/api/checks/runs/${runId}/rows/${row}/review`;

export const checkApi = {
  kinds: () => get<CheckKindsResponse>('/api/checks/kinds'),
  /** A refused list answers 422 with the issues: returned, not thrown, so the page can list them. */
  upload: async (file: File, fields: { kind: string; source?: string; asOf?: string }): Promise<CheckUploadResponse> => {
    const form = new FormData();
    form.append('kind', fields.kind);
    if (fields.source) form.append('source', fields.source);
    if (fields.asOf) form.append('asOf', fields.asOf);
    form.append('file', file, file.name);
    try {
      return await post<CheckUploadResponse>('/api/checks/lists', undefined, { form, silent: true });
    } catch (e) {
      if (e instanceof ApiError && e.status === 422 && isUploadResponse(e.body)) return e.body;
      throw e;
    }
  },
  runs: (page: number, pageSize: number, signal?: AbortSignal) => get<CheckRunListResponse>('/api/checks/runs', { query: { page, pageSize }, signal }),
  run: (id: number) => get<CheckRunDetailResponse>(`/api/checks/runs/${id}`),
  reviews: (q: { runId?: number; review?: string; page?: number; pageSize?: number }, signal?: AbortSignal) =>
    get<ReviewListResponse>('/api/checks/reviews', { query: q, signal }),
  review: (runId: number, row: number) => get<ReviewItem>(runRow(runId, row)),
  decide: (runId: number, row: number, body: ReviewRequest) => post<ReviewResponse>(runRow(runId, row), body),
  points: (f: PointFilter, page: number, pageSize: number, signal?: AbortSignal) =>
    get<PointListResponse>('/api/checks/points', { query: { ...pointQuery(f), page, pageSize }, signal }),
  summary: (household?: string) => get<PointSummaryResponse>('/api/checks/points/summary', { query: { household } }),
  point: (id: number) => get<PointDetailResponse>(point(id)),
  uploadEvidence: (id: number, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return post<EvidenceView>(`${point(id)}/evidence`, undefined, { form, silent: true });
  },
  evidenceUrl: (id: number, evidenceId: string) => `${point(id)}/evidence/${encodeURIComponent(evidenceId)}`,
  // The dialogs show refusals in place.
  finding: (id: number, body: FindingRequest) => post<PointStepResponse>(`${point(id)}/finding`, body, { silent: true }),
  verify: (id: number, body: VerifyRequest) => post<PointStepResponse>(`${point(id)}/verify`, body, { silent: true }),
  close: (id: number, note: string | null) => post<PointStepResponse>(`${point(id)}/close`, { note }, { silent: true }),
  assign: (body: AssignPointsRequest) => post<{ assigned: number }>('/api/checks/points/assign', body),
  exportPoints: (f: PointFilter) => download('/api/checks/points.xlsx', '疑点台账.xlsx', pointQuery(f)),
  exportNational: () => download('/api/checks/national-corrections.xlsx', '国办系统更正表.xlsx'),
};

function isUploadResponse(v: unknown): v is CheckUploadResponse {
  return typeof v === 'object' && v !== null && 'rejection' in v;
}

let kindsPromise: Promise<CheckKindsResponse> | null = null;
/** The rulebook's crossCheck labels, loaded once per session (they change only with the rulebook). */
export function loadCheckKinds(): Promise<CheckKindsResponse> {
  kindsPromise ??= checkApi.kinds().catch((e: unknown) => {
    kindsPromise = null;
    throw e;
  });
  return kindsPromise;
}
