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
export type { Database, Db, Trx, Dialect } from './schema.js';
