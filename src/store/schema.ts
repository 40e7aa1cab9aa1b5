// Table types for Kysely. Column types are the portable subset both engines store the same way:
// text, integer (booleans as 0/1), double (real), ISO dates/timestamps as text, JSON as text.
import type { Generated, Transaction, Kysely } from 'kysely';

/** 0/1 in both engines; the repositories map it to boolean. */
export type Bool01 = number;

export interface RegionsTable {
  code: string;
  name: string;
  level: string;
  parent_code: string | null;
  /** Derived from the region tree on every write, for scope filters. */
  township_code: string | null;
  county_code: string | null;
  rural_population: number | null;
  poor_village: Bool01;
  exit_year: number | null;
  /** The exit is recorded as done (已退出). */
  exited: Bool01;
  /** VillageIndicators as JSON text, or null. */
  indicators: string | null;
}

export interface HouseholdsTable {
  id: string;
  village_code: string;
  township_code: string | null;
  county_code: string | null;
  group_name: string | null;
  attribute: string;
  standard: string | null;
  identified_year: number | null;
  main_cause: string | null;
  /** Cause[] as JSON text. */
  other_causes: string;
  status: string;
  exit_year: number | null;
  relocation: string;
  guarantee: Bool01;
  food_clothing_ok: Bool01 | null;
  food_clothing_note: string | null;
  housing_grade: string | null;
  housing_renovation: string;
  housing_area: number | null;
  water_secured: Bool01 | null;
  water_piped: Bool01 | null;
  water_fetch_minutes: number | null;
  water_litres: number | null;
  water_quality_ok: Bool01 | null;
  water_reliability: number | null;
  cultivated_land: number | null;
  forest_land: number | null;
  road_distance_km: number | null;
  sanitary_toilet: Bool01 | null;
  cadre_name: string | null;
  cadre_unit: string | null;
  cadre_phone: string | null;
  work_team: string | null;
  phone: string | null;
  bank_account: string | null;
}

export interface MembersTable {
  id: string;
  household_id: string;
  name: string;
  id_number: string | null;
  sex: string | null;
  birth_date: string | null;
  ethnicity: string | null;
  relation: string;
  education: string | null;
  school_status: string;
  out_of_school_reason: string | null;
  home_schooled: Bool01;
  health: string;
  disability_grade: number | null;
  labour: string | null;
  migrant_place: string | null;
  migrant_months: number | null;
  basic_medical: Bool01 | null;
  critical_illness: Bool01 | null;
  pension: Bool01 | null;
  medical_assistance: Bool01 | null;
  family_doctor: Bool01 | null;
  phone: string | null;
}

export interface IncomeFormsTable {
  household_id: string;
  year: number;
  /** Partial record of item code -> yuan, JSON text. */
  items: string;
  note: string | null;
}

/** The columns the registry (roster imports) writes; the workflow columns are the task service's. */
export interface TaskBaseTable {
  id: string;
  household_id: string;
  member_id: string | null;
  indicator: string;
  due_date: string;
  status: string;
  sector: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
}

/** Workflow columns (migration 0009), optional so the roster's bulk writes leave them to defaults. */
export interface TasksTable extends TaskBaseTable {
  responsible?: string | null;
  proposed?: number;
  started_at?: string | null;
  done_by?: string | null;
  done_by_name?: string | null;
  done_at?: string | null;
  evidence_note?: string | null;
  evidence_date?: string | null;
  close_out?: string | null;
  verified_by?: string | null;
  verified_by_name?: string | null;
  verified_at?: string | null;
  return_reason?: string | null;
  decline_reason?: string | null;
}

export interface TaskAttachmentsTable {
  id: string;
  task_id: string;
  household_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  data: Uint8Array;
  uploaded_by: string;
  uploaded_by_name: string;
  uploaded_at: string;
}

export interface ChangesTable {
  seq: Generated<number>;
  at: string;
  actor_id: string;
  actor_name: string;
  entity: string;
  entity_id: string;
  /** Set for household-linked entities: the household history view reads by it. */
  household_id: string | null;
  /**
   * Region codes of the changed row at write time, so scope applies to history even after the
   * household is deleted or moved.
   */
  village_code: string | null;
  township_code: string | null;
  county_code: string | null;
  action: string;
  /** JSON: changed fields only for updates (dotted paths), full record for deletes. */
  before: string | null;
  /** JSON: changed fields only for updates, full record for creates. */
  after: string | null;
  reason: string | null;
  batch_id: string | null;
  /**
   * The hash chain (chain.ts, migration 0008): the previous row's hash, and SHA-256 over this
   * row's columns and prev_hash. Written by appendChanges; null only on a row put in by hand.
   */
  prev_hash: string | null;
  hash: string | null;
}

/** Heads that `audit verify` found intact (append-only; see store/audit.ts). */
export interface ChangeCheckpointsTable {
  id: Generated<number>;
  seq: number;
  hash: string;
  /** Rows in the log at that time. */
  row_count: number;
  at: string;
  actor_id: string;
  actor_name: string;
}

export interface ImportsTable {
  id: string;
  at: string;
  actor_id: string;
  actor_name: string;
  file_name: string;
  sha256: string;
  /** JSON object of counts (rows read, created, updated, ...). */
  counts: string;
  status: string;
}

export interface AssessmentRunsTable {
  id: Generated<number>;
  rulebook_id: string;
  reference_date: string;
  at: string;
  actor_id: string;
  actor_name: string;
  household_count: number;
  /** CountyAssessment JSON, or null when the run covered no county. */
  county: string | null;
  /** Newest change-log seq among the assessment's inputs that the run reflects; null: unknown (stale). */
  input_seq: number | null;
}

export interface AssessmentResultsTable {
  run_id: number;
  household_id: string;
  village_code: string;
  township_code: string | null;
  county_code: string | null;
  class: string;
  in_scope: Bool01;
  per_capita: number | null;
  /** string[] JSON. */
  summary: string;
  /** HouseholdAssessment JSON. */
  detail: string;
}

export interface VillageResultsTable {
  run_id: number;
  village_code: string;
  township_code: string | null;
  county_code: string | null;
  /** VillageAssessment JSON. */
  data: string;
}

export interface Database {
  regions: RegionsTable;
  households: HouseholdsTable;
  members: MembersTable;
  income_forms: IncomeFormsTable;
  tasks: TasksTable;
  task_attachments: TaskAttachmentsTable;
  changes: ChangesTable;
  change_checkpoints: ChangeCheckpointsTable;
  imports: ImportsTable;
  assessment_runs: AssessmentRunsTable;
  assessment_results: AssessmentResultsTable;
  village_results: VillageResultsTable;
}

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
export type Dialect = 'sqlite' | 'postgres';
