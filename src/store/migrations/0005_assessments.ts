import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';
import { DOUBLE, bool01NotNull } from './columns.js';

export function assessments(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('assessment_runs')
        .addColumn('id', 'integer', (c) => (dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedAlwaysAsIdentity()))
        .addColumn('rulebook_id', 'text', (c) => c.notNull())
        .addColumn('reference_date', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('household_count', 'integer', (c) => c.notNull())
        .addColumn('county', 'text')
        .execute();

      // Snapshot rows carry their own region codes (as of the run) and no foreign key to
      // households: a result must survive the household being deleted or moved later.
      await db.schema
        .createTable('assessment_results')
        .addColumn('run_id', 'integer', (c) => c.notNull().references('assessment_runs.id'))
        .addColumn('household_id', 'text', (c) => c.notNull())
        .addColumn('village_code', 'text', (c) => c.notNull())
        .addColumn('township_code', 'text')
        .addColumn('county_code', 'text')
        .addColumn('class', 'text', (c) => c.notNull())
        .addColumn('in_scope', 'integer', bool01NotNull('in_scope'))
        .addColumn('per_capita', DOUBLE)
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('detail', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('assessment_results_pk', ['run_id', 'household_id'])
        .execute();
      await db.schema.createIndex('assessment_results_class').on('assessment_results').columns(['run_id', 'class']).execute();
      await db.schema.createIndex('assessment_results_village').on('assessment_results').columns(['run_id', 'village_code']).execute();
      await db.schema.createIndex('assessment_results_township').on('assessment_results').columns(['run_id', 'township_code']).execute();

      await db.schema
        .createTable('village_results')
        .addColumn('run_id', 'integer', (c) => c.notNull().references('assessment_runs.id'))
        .addColumn('village_code', 'text', (c) => c.notNull())
        .addColumn('township_code', 'text')
        .addColumn('county_code', 'text')
        .addColumn('data', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('village_results_pk', ['run_id', 'village_code'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('village_results').execute();
      await db.schema.dropTable('assessment_results').execute();
      await db.schema.dropTable('assessment_runs').execute();
    },
  };
}
