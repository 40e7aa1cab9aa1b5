// Calls of the supervision endpoints (src/contract/supervision.ts), kept beside endpoints.ts.
import { download, get, post, put } from './client.js';
import type {
  ComplianceResponse,
  DecisionRequest,
  FindingProblemRequest,
  LeaderView,
  LeadersResponse,
  ProblemRequest,
  ProblemView,
  ProblemsResponse,
  VisitRequest,
  VisitView,
  VisitsResponse,
  WeeklyResponse,
  WhatIfRequest,
  WhatIfResponse,
} from '../../../src/contract/supervision.js';

export type { ComplianceResponse, LeaderView, ProblemView, ProblemsResponse, VisitView, WeeklyResponse, WhatIfResponse };

const problem = (id: string) => `/api/supervision/problems/${encodeURIComponent(id)}`;

export const supervisionApi = {
  leaders: (signal?: AbortSignal) => get<LeadersResponse>('/api/supervision/leaders', { signal }),
  assign: (id: string, areas: string[], reason?: string) =>
    put<LeaderView>(`/api/supervision/leaders/${encodeURIComponent(id)}/areas`, { areas, reason: reason ?? null }),
  visits: (signal?: AbortSignal) => get<VisitsResponse>('/api/supervision/visits', { signal }),
  compliance: (signal?: AbortSignal) => get<ComplianceResponse>('/api/supervision/visits/compliance', { signal }),
  recordVisit: (body: VisitRequest) => post<VisitView>('/api/supervision/visits', body),
  raiseFinding: (visitId: string, findingId: string, body: FindingProblemRequest) =>
    post<{ problemId: string }>(`/api/supervision/visits/${encodeURIComponent(visitId)}/findings/${encodeURIComponent(findingId)}/problem`, body),
  addPhoto: (visitId: string, file: File) => {
    const form = new FormData();
    form.append('file', file, file.name);
    return post<VisitView['photos'][number]>(`/api/supervision/visits/${encodeURIComponent(visitId)}/photos`, undefined, { form });
  },
  photoUrl: (visitId: string, photoId: string) => `/api/supervision/visits/${encodeURIComponent(visitId)}/photos/${encodeURIComponent(photoId)}`,
  problems: (signal?: AbortSignal) => get<ProblemsResponse>('/api/supervision/problems', { signal }),
  recordProblem: (body: ProblemRequest) => post<{ id: string }>('/api/supervision/problems', body),
  rectify: (id: string, body: { date: string; text: string }) => post<ProblemView>(`${problem(id)}/rectification`, body),
  verify: (id: string, body: { date: string; text: string; accepted: boolean }) => post<ProblemView>(`${problem(id)}/verification`, body),
  decide: (id: string, body: DecisionRequest) => post<ProblemView>(`${problem(id)}/decisions`, body),
  exportProblems: () => download('/api/export/problems.xlsx', '问题整改台账.xlsx'),
  weekly: (week: string | undefined, signal?: AbortSignal) => get<WeeklyResponse>('/api/supervision/weekly', { query: { week }, signal }),
  weeklyNotes: (week: string, body: { analysis: string | null; meeting: string | null }) =>
    put<WeeklyResponse>(`/api/supervision/weekly/${encodeURIComponent(week)}/notes`, body),
  exportWeekly: (week: string) => download('/api/export/weekly.xlsx', `周调度_${week}.xlsx`, { week }),
  whatIf: (body: WhatIfRequest) => post<WhatIfResponse>('/api/supervision/what-if', body),
};
