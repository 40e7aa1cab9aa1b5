// Calls of the spot-check endpoints (src/contract/spotChecks.ts), kept beside endpoints.ts.
import { get, post, put } from './client.js';
import type {
  AreaResult,
  DrawRequest,
  FormRequest,
  FormView,
  SpotCheckDetailResponse,
  SpotCheckListResponse,
  SpotCheckSummary,
  SurveyRequest,
} from '../../../src/contract/spotChecks.js';

export type { AreaResult, DrawRequest, FormRequest, FormView, SpotCheckDetailResponse, SpotCheckListResponse, SpotCheckSummary, SurveyRequest };

const one = (id: string) => `/api/spot-checks/${encodeURIComponent(id)}`;

export const spotCheckApi = {
  list: (kind: 'spot' | 'three-rate', signal?: AbortSignal) => get<SpotCheckListResponse>('/api/spot-checks', { query: { kind }, signal }),
  draw: (body: DrawRequest) => post<SpotCheckDetailResponse>('/api/spot-checks', body),
  get: (id: string, signal?: AbortSignal) => get<SpotCheckDetailResponse>(one(id), { signal }),
  saveForm: (id: string, householdId: string, body: FormRequest) => put<SpotCheckDetailResponse>(`${one(id)}/forms/${encodeURIComponent(householdId)}`, body),
  addSurvey: (id: string, body: SurveyRequest) => post<SpotCheckDetailResponse>(`${one(id)}/surveys`, body),
};
