// The store's public surface; services import from here.
export { openStore, isPostgresUrl, DEFAULT_SQLITE_PATH, type Store, type OpenOptions } from './store.js';
export type { Actor, Clock } from './context.js';
export { ALL, regionsScope, inScope, type Scope } from './scope.js';
export {
  diffRecords, diffRegions, fieldChanges, emptyPlan, isEmptyPlan, planCounts,
  type ImportPlan, type EntityChanges, type Update, type FieldChanges, type PlanCounts, type RegistrySnapshot, type DiffOptions, type Json,
} from './diff.js';
export type { Change, ChangeFilter } from './repositories/changes.js';
export {
  BREAK_LABELS, MAX_LISTED_BREAKS,
  type AuditReport, type AuditBreak, type BreakKind, type Checkpoint, type CheckpointStatus, type ChainHead, type VerifyOptions,
} from './audit.js';
export { CHAIN_VERSION, GENESIS_HASH } from './chain.js';
export type { ImportRecord, NewImport, ImportStatus } from './repositories/imports.js';
export type { AssessmentRun, NewAssessmentRun, ResultFilter, ClassTally, StoredResult } from './repositories/assessments.js';
export type { LoadOptions, ApplyResult } from './repositories/registry.js';
export type { TaskFilter, TaskScope, TaskQuery, TaskRow, AttachmentMeta, NewAttachment } from './repositories/tasks.js';
export type { StoredPlanHeader, MeasureFilter } from './repositories/plans.js';
export type { Entity, Action } from './changeLog.js';
export { usernameKey, UsernameTakenError, UserNotFoundError, type User, type UserWithHash, type NewUser, type UserPatch } from './repositories/users.js';
export type { SessionRecord } from './repositories/sessions.js';
export type { ChangeRequest, NewChangeRequest, RequestStatus, RequestKind, RequestFilter } from './repositories/changeRequests.js';
export type { Database, Db, Trx, Dialect } from './schema.js';
export { HOUSEHOLD_SORTS, type HouseholdSort, type HouseholdSearch, type HouseholdListRow } from './repositories/search.js';
export type { SearchPage } from './queryParts.js';
export type { ExitFilter, StepMeta } from './repositories/exits.js';
