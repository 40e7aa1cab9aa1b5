// 一户一策: one plan row per household (causes and goals) and its assistance measures.
//
// No foreign key to households, as with the assessment snapshots: a roster re-import that
// removes a household must not fail on its plan, and the plan (what was promised, with money
// attached) is kept for the record. Reads join households, so an orphaned plan is never shown.
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

export function householdPlans(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('household_plans')
        .addColumn('household_id', 'text', (c) => c.primaryKey())
        .addColumn('main_cause', 'text')
        // Cause[] as JSON text.
        .addColumn('other_causes', 'text', (c) => c.notNull())
        .addColumn('goals', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('plan_measures')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('household_id', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('responsible_name', 'text', (c) => c.notNull())
        .addColumn('responsible_unit', 'text')
        // Integer fen: money is stored exactly.
        .addColumn('funds_fen', 'integer', (c) => c.notNull())
        .addColumn('start_date', 'text', (c) => c.notNull())
        .addColumn('end_date', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('plan_measures_household').on('plan_measures').column('household_id').execute();
      await db.schema.createIndex('plan_measures_category').on('plan_measures').column('category').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('plan_measures').execute();
      await db.schema.dropTable('household_plans').execute();
    },
  };
}
