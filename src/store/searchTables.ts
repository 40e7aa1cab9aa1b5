// Table types for the table added by migration 0007 (search facets). Kept apart from
// schema.ts so the repositories that use them widen the handle with `withTables` instead of the
// shared Database type changing under everyone else.
import type { TableSpec } from './bulk.js';
import type { Db, Trx } from './schema.js';

export type AssessmentFacetsTable = {
  run_id: number;
  household_id: string;
  head_name: string | null;
  size: number;
  failing: string;
  reassessed_at: string | null;
  reassessed_by: string | null;
};

// Type aliases, not interfaces: `withTables` wants an index-signature-compatible record.
export type SearchTables = {
  assessment_facets: AssessmentFacetsTable;
};

export const assessmentFacetsSpec: TableSpec = {
  table: 'assessment_facets',
  key: ['run_id', 'household_id'],
  columns: (
    [
      ['run_id', 'integer'],
      ['household_id', 'text'],
      ['head_name', 'text'],
      ['size', 'integer'],
      ['failing', 'text'],
      ['reassessed_at', 'text'],
      ['reassessed_by', 'text'],
    ] satisfies [keyof AssessmentFacetsTable, 'text' | 'integer'][]
  ).map(([name, pg]) => ({ name, pg })),
};

export const withSearch = (db: Db) => db.withTables<SearchTables>();
export const trxWithSearch = (trx: Trx) => trx.withTables<SearchTables>();
