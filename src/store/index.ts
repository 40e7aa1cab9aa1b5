// The store's public surface; services import from here.
export { openStore, isPostgresUrl, DEFAULT_SQLITE_PATH, type Store, type OpenOptions } from './store.js';
export type { Actor, Clock } from './context.js';
export { ALL, regionsScope, inScope, type Scope } from './scope.js';
export {
  diffRecords, diffRegions, fieldChanges, emptyPlan, isEmptyPlan, planCounts,
  type ImportPlan, type EntityChanges, type Update, type FieldChanges, type PlanCounts, type RegistrySnapshot, type DiffOptions, type Json,
} from './diff.js';
export type { Change, ChangeFilter } from './repositories/changes.js';
export type { ImportRecord, NewImport, ImportStatus } from './repositories/imports.js';
export type { AssessmentRun, NewAssessmentRun, ResultFilter } from './repositories/assessments.js';
export type { LoadOptions, ApplyResult } from './repositories/registry.js';
export type { TaskFilter } from './repositories/tasks.js';
export type { Entity, Action } from './changeLog.js';
export { usernameKey, UsernameTakenError, UserNotFoundError, type User, type UserWithHash, type NewUser, type UserPatch, type UserRole } from './repositories/users.js';
export type { SessionRecord } from './repositories/sessions.js';
export type { ChangeRequest, NewChangeRequest, RequestStatus, RequestKind, RequestFilter } from './repositories/changeRequests.js';
export type { Database, Db, Trx, Dialect } from './schema.js';
export {
  HOUSEHOLD_SORTS, type HouseholdSort, type HouseholdSearch, type HouseholdListRow, type SearchPage, type ClassTally,
} from './repositories/search.js';
