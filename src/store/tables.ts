// Column lists for the bulk writer, in table order, with the PostgreSQL array type each
// column's values travel as. `satisfies` ties each list to the Kysely row type, so a column
// renamed in schema.ts fails to compile here.
import type { ColumnSpec, PgType, TableSpec } from './bulk.js';
import type {
  AssessmentResultsTable,
  ChangesTable,
  HouseholdsTable,
  IncomeFormsTable,
  MembersTable,
  RegionsTable,
  TaskBaseTable,
  VillageResultsTable,
} from './schema.js';

const T: PgType = 'text';
const I: PgType = 'integer';
const D: PgType = 'double precision';
const B: PgType = 'bigint';

function cols<R>(spec: { [K in keyof R & string]?: PgType }): ColumnSpec[] {
  return Object.entries(spec).map(([name, pg]) => ({ name, pg: pg as PgType }));
}

export const regionsSpec: TableSpec = {
  table: 'regions',
  key: ['code'],
  columns: cols<RegionsTable>({
    code: T,
    name: T,
    level: T,
    parent_code: T,
    township_code: T,
    county_code: T,
    rural_population: I,
    poor_village: I,
    exit_year: I,
    exited: I,
    indicators: T,
  } satisfies Record<keyof RegionsTable, PgType>),
};

/** Only the derived scope columns, for re-deriving them after the tree changes. */
export const regionCodesSpec: TableSpec = {
  table: 'regions',
  key: ['code'],
  columns: [
    { name: 'code', pg: T },
    { name: 'township_code', pg: T },
    { name: 'county_code', pg: T },
  ],
};

export const householdsSpec: TableSpec = {
  table: 'households',
  key: ['id'],
  columns: cols<HouseholdsTable>({
    id: T,
    village_code: T,
    township_code: T,
    county_code: T,
    group_name: T,
    attribute: T,
    standard: T,
    identified_year: I,
    main_cause: T,
    other_causes: T,
    status: T,
    exit_year: I,
    relocation: T,
    guarantee: I,
    food_clothing_ok: I,
    food_clothing_note: T,
    housing_grade: T,
    housing_renovation: T,
    housing_area: D,
    water_secured: I,
    water_piped: I,
    water_fetch_minutes: D,
    water_litres: D,
    water_quality_ok: I,
    water_reliability: D,
    cultivated_land: D,
    forest_land: D,
    road_distance_km: D,
    sanitary_toilet: I,
    cadre_name: T,
    cadre_unit: T,
    cadre_phone: T,
    work_team: T,
    phone: T,
    bank_account: T,
  } satisfies Record<keyof HouseholdsTable, PgType>),
};

export const householdCodesSpec: TableSpec = {
  table: 'households',
  key: ['id'],
  columns: [
    { name: 'id', pg: T },
    { name: 'township_code', pg: T },
    { name: 'county_code', pg: T },
  ],
};

export const membersSpec: TableSpec = {
  table: 'members',
  key: ['id'],
  columns: cols<MembersTable>({
    id: T,
    household_id: T,
    name: T,
    id_number: T,
    sex: T,
    birth_date: T,
    ethnicity: T,
    relation: T,
    education: T,
    school_status: T,
    out_of_school_reason: T,
    home_schooled: I,
    health: T,
    disability_grade: I,
    labour: T,
    migrant_place: T,
    migrant_months: D,
    basic_medical: I,
    critical_illness: I,
    pension: I,
    medical_assistance: I,
    family_doctor: I,
    phone: T,
  } satisfies Record<keyof MembersTable, PgType>),
};

export const incomeFormsSpec: TableSpec = {
  table: 'income_forms',
  key: ['household_id', 'year'],
  columns: cols<IncomeFormsTable>({ household_id: T, year: I, items: T, note: T } satisfies Record<keyof IncomeFormsTable, PgType>),
};

export const tasksSpec: TableSpec = {
  table: 'tasks',
  key: ['id'],
  immutable: ['created_at'],
  columns: cols<TaskBaseTable>({
    id: T,
    household_id: T,
    member_id: T,
    indicator: T,
    due_date: T,
    status: T,
    sector: T,
    note: T,
    created_at: T,
    updated_at: T,
  } satisfies Record<keyof TaskBaseTable, PgType>),
};

/**
 * Every column including `seq`: appendChanges numbers the rows itself, in the order it chains
 * them, so the chain order and the seq order are the same by construction (not by the engine's
 * habit of numbering a multi-row insert in order).
 */
export const changesSpec: TableSpec = {
  table: 'changes',
  key: ['seq'],
  overridingSystemValue: true,
  columns: cols<ChangesTable>({
    seq: B,
    at: T,
    actor_id: T,
    actor_name: T,
    entity: T,
    entity_id: T,
    household_id: T,
    village_code: T,
    township_code: T,
    county_code: T,
    action: T,
    before: T,
    after: T,
    reason: T,
    batch_id: T,
    prev_hash: T,
    hash: T,
  } satisfies Record<keyof ChangesTable, PgType>),
};

export const assessmentResultsSpec: TableSpec = {
  table: 'assessment_results',
  key: ['run_id', 'household_id'],
  columns: cols<AssessmentResultsTable>({
    run_id: I,
    household_id: T,
    village_code: T,
    township_code: T,
    county_code: T,
    class: T,
    in_scope: I,
    per_capita: D,
    summary: T,
    detail: T,
  } satisfies Record<keyof AssessmentResultsTable, PgType>),
};

export const villageResultsSpec: TableSpec = {
  table: 'village_results',
  key: ['run_id', 'village_code'],
  columns: cols<VillageResultsTable>({
    run_id: I,
    village_code: T,
    township_code: T,
    county_code: T,
    data: T,
  } satisfies Record<keyof VillageResultsTable, PgType>),
};
