// The store's public surface; services import from here.
export { openStore, DEFAULT_SQLITE_PATH, type Store } from './store.js';
export type { Actor, Clock } from './context.js';
export { ALL, regionsScope, type Scope } from './scope.js';
export { diffRecords, fieldChanges, isEmptyPlan, planCounts, type ImportPlan, type PlanCounts, type Json } from './diff.js';
export type { Change } from './repositories/changes.js';
export { type AuditReport, type AuditBreak } from './audit.js';
export type { AssessmentRun } from './repositories/assessments.js';
export type { TaskScope, TaskQuery, TaskRow } from './repositories/tasks.js';
export { UsernameTakenError, UserNotFoundError, type User, type UserPatch } from './repositories/users.js';
export type { ChangeRequest } from './repositories/changeRequests.js';
export type { Trx } from './schema.js';
export { type HouseholdSearch, type HouseholdListRow } from './repositories/search.js';
export type { StepMeta } from './repositories/exits.js';
export type { ProjectDetail } from './repositories/projects.js';
export type { SpotCheckHeader, StoredSampled, StoredStratum, SpotCheckKind } from './repositories/spotChecks.js';
export type { CheckList, ListCounts, NewPoint, Point, PointPatch, PointQuery, PointScope, RowRecord, StoredRow } from './repositories/checks.js';
export type { Visit, Problem, ProblemDetail, Decision, NewProblem } from './repositories/supervision.js';
