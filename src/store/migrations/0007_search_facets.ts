import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

// What the household list filters and sorts on, per assessment result, as plain columns: the
// HouseholdAssessment JSON in assessment_results.detail cannot be filtered in SQL on both
// engines alike. A side table (not new assessment_results columns) keeps the snapshot table and
// its bulk spec untouched; rows are written by saveRun and rewritten with their result.
export function searchFacets(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('assessment_facets')
        .addColumn('run_id', 'integer', (c) => c.notNull().references('assessment_runs.id'))
        .addColumn('household_id', 'text', (c) => c.notNull())
        .addColumn('head_name', 'text')
        .addColumn('size', 'integer', (c) => c.notNull())
        /** Failing indicator codes wrapped in commas (',income,housing,'), '' when none. */
        .addColumn('failing', 'text', (c) => c.notNull())
        /** Set when the result was re-assessed after the run (an income edit): when and by whom. */
        .addColumn('reassessed_at', 'text')
        .addColumn('reassessed_by', 'text')
        .addPrimaryKeyConstraint('assessment_facets_pk', ['run_id', 'household_id'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('assessment_facets').execute();
    },
  };
}
