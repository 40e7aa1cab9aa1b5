// Response and request shapes of the JSON API as the pages use them. Domain shapes come from
// src/domain (type-only imports: nothing of the server enters the bundle). Where the server's
// contract (src/contract/) defines an endpoint, its types are re-exported here.
import type { Criterion } from '../../../src/domain/assessment.js';
import type { Rulebook } from '../../../src/domain/rulebook.js';

export type { Criterion, Rulebook };

// ---- core endpoints: the server's contract (type-only).
import type {
  AdminUser as ContractAdminUser,
  CreateUserRequest,
  LoginResponse,
  RegionNode as ContractRegionNode,
  SessionResponse,
  SessionUser as ContractSessionUser,
  UpdateUserRequest,
} from '../../../src/contract/api.js';

export type SessionUser = ContractSessionUser;
export type SessionInfo = SessionResponse;
export type RegionNode = ContractRegionNode;
export type AdminUser = ContractAdminUser;
export type { LoginResponse, CreateUserRequest, UpdateUserRequest };
export type { Role, Sector } from '../../../src/domain/roles.js';

// ---- audit endpoints: the server's contract (type-only).
export type { AuditBreak, AuditCheckpoint, AuditOverview, AuditReport, AuditVerifyRequest } from '../../../src/contract/api.js';

// ---- data endpoints: the server's contract (type-only).
import type {
  AssessmentView,
  DashboardResponse,
  HOUSEHOLD_SORT_KEYS,
  HouseholdDetailResponse,
  HouseholdListItem,
  HouseholdListResponse,
  ImportJobView,
  IncomeFormView as ContractIncomeFormView,
  IncomeUpdateRequest,
  IncomeUpdateResponse,
  LedgerPageResponse,
  RulebookSwitchResponse,
  VillageDetailResponse,
  VillageView,
} from '../../../src/contract/api.js';
import type { z } from 'zod';
import type {
  ClassFigure as ClassFigureSchema,
  ClassMovementView,
  RulebookListResponse as RulebookListSchema,
  RulebookSummary as RulebookSummarySchema,
  ImportStartResponse as ImportStartSchema,
  VillageListResponse as VillageListSchema,
  ImportIssueView,
  ActiveRulebookResponse as ActiveRulebookSchema,
} from '../../../src/contract/api.js';

export type Dashboard = DashboardResponse;
export type ClassFigure = z.infer<typeof ClassFigureSchema>;
export type HouseholdRow = HouseholdListItem;
/** The list query as the page builds it (the contract's input type is loose: query strings are preprocessed). */
export interface HouseholdQuery {
  q?: string;
  township?: string;
  village?: string;
  class?: string;
  indicator?: string;
  cause?: string;
  attribute?: string;
  sort?: (typeof HOUSEHOLD_SORT_KEYS)[number];
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}
export type HouseholdPage = HouseholdListResponse;
export type HouseholdDetail = HouseholdDetailResponse;
export type MemberView = HouseholdDetail['members'][number];
export type Assessment = AssessmentView;
export type IncomeFormView = ContractIncomeFormView;
export type IncomeUpdate = IncomeUpdateRequest;
export type IncomeUpdateResult = IncomeUpdateResponse;
export type LedgerPage = LedgerPageResponse;
export type LedgerColumn = LedgerPage['columns'][number];
export type LedgerCell = LedgerPage['rows'][number][number];
export type VillageRow = VillageView;
export type VillageList = z.infer<typeof VillageListSchema>;
export type VillageDetail = VillageDetailResponse;
export type ClassMovement = z.infer<typeof ClassMovementView>;
export type ImportJob = ImportJobView;
export type ImportStart = z.infer<typeof ImportStartSchema>;
export type PlanCounts = NonNullable<ImportJob['outcome']>['counts'];
export type RulebookSummary = z.infer<typeof RulebookSummarySchema>;
export type RulebookList = z.infer<typeof RulebookListSchema>;
export type ActiveRulebook = z.infer<typeof ActiveRulebookSchema>;
export type RulebookChangeResult = RulebookSwitchResponse;
export type Page<T> = { total: number; items: T[] };

/** One import problem: where it is and what to do (the server's RosterIssue). */
export type ImportIssue = ImportIssueView;

// ---- 动态调整: member changes and second-person approval (type-only from the contract).
import type {
  ChangeOutcomeResponse,
  ChangeRequestListResponse,
  ChangeRequestView as ContractChangeRequestView,
  DecisionResponse,
  HouseholdCorrectRequest,
  MemberAddRequest,
  MemberCorrectRequest,
  MemberRemoveRequest,
} from '../../../src/contract/api.js';

export type ChangeOutcome = ChangeOutcomeResponse;
export type ChangeRequestView = ContractChangeRequestView;
export type ChangeRequestList = ChangeRequestListResponse;
export type Decision = DecisionResponse;
export type { HouseholdCorrectRequest, MemberAddRequest, MemberCorrectRequest, MemberRemoveRequest };
