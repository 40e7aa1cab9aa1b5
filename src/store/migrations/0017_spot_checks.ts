// Spot checks (抽查) and the three-rate pre-assessment (三率一度): the recorded draw (population,
// seed, design, the snapshot's fingerprint), the population's villages at the draw (the strata and
// their weights), the sampled households, the filled check forms and the short forms of surveyed
// non-registered households. Every row carries its village, township and county codes, so the
// store filters by scope in SQL. No foreign keys to households, as with plans and projects: a roster
// re-import must not fail on a check, and the check stays on record as it was drawn.
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

export function spotChecks(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('spot_checks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // 'spot' (抽查) or 'three-rate' (三率一度 pre-assessment).
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('population', 'text', (c) => c.notNull())
        .addColumn('seed', 'bigint', (c) => c.notNull())
        .addColumn('design', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('population_size', 'integer', (c) => c.notNull())
        .addColumn('sample_size', 'integer', (c) => c.notNull())
        .addColumn('rulebook_id', 'text', (c) => c.notNull())
        .addColumn('run_id', 'integer')
        .addColumn('county_code', 'text')
        // Three-rate only: the sampled villages (JSON list) and the non-registered households to survey in each.
        .addColumn('villages', 'text')
        .addColumn('unregistered_per_village', 'integer')
        .addColumn('note', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_by_name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('spot_check_strata')
        .addColumn('check_id', 'text', (c) => c.notNull())
        .addColumn('village_code', 'text', (c) => c.notNull())
        .addColumn('township_code', 'text')
        .addColumn('county_code', 'text')
        .addColumn('households', 'integer', (c) => c.notNull())
        .addColumn('people', 'integer', (c) => c.notNull())
        .addColumn('unregistered_people', 'integer')
        .addPrimaryKeyConstraint('spot_check_strata_pk', ['check_id', 'village_code'])
        .execute();

      await db.schema
        .createTable('spot_check_households')
        .addColumn('check_id', 'text', (c) => c.notNull())
        .addColumn('household_id', 'text', (c) => c.notNull())
        .addColumn('village_code', 'text', (c) => c.notNull())
        .addColumn('township_code', 'text')
        .addColumn('county_code', 'text')
        .addColumn('people', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('spot_check_households_pk', ['check_id', 'household_id'])
        .execute();
      await db.schema.createIndex('spot_check_households_household').on('spot_check_households').column('household_id').execute();

      await db.schema
        .createTable('spot_check_forms')
        .addColumn('check_id', 'text', (c) => c.notNull())
        .addColumn('household_id', 'text', (c) => c.notNull())
        .addColumn('village_code', 'text', (c) => c.notNull())
        .addColumn('township_code', 'text')
        .addColumn('county_code', 'text')
        .addColumn('class_right', 'integer', (c) => c.notNull())
        .addColumn('income_right', 'integer', (c) => c.notNull())
        // Indicator code -> right, as JSON.
        .addColumn('indicators', 'text', (c) => c.notNull())
        .addColumn('data_as_on_site', 'integer', (c) => c.notNull())
        .addColumn('approves', 'integer')
        .addColumn('note', 'text')
        .addColumn('checked_on', 'text', (c) => c.notNull())
        .addColumn('checked_by', 'text', (c) => c.notNull())
        .addColumn('checked_by_name', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('spot_check_forms_pk', ['check_id', 'household_id'])
        .execute();

      await db.schema
        .createTable('spot_check_surveys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('check_id', 'text', (c) => c.notNull())
        .addColumn('village_code', 'text', (c) => c.notNull())
        .addColumn('township_code', 'text')
        .addColumn('county_code', 'text')
        .addColumn('head_name', 'text', (c) => c.notNull())
        .addColumn('people', 'integer', (c) => c.notNull())
        .addColumn('eligible_people', 'integer', (c) => c.notNull())
        .addColumn('approves', 'integer')
        .addColumn('note', 'text')
        .addColumn('surveyed_on', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_by_name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('spot_check_surveys_check').on('spot_check_surveys').column('check_id').execute();
    },
    async down(db: Kysely<any>) {
      for (const t of ['spot_check_surveys', 'spot_check_forms', 'spot_check_households', 'spot_check_strata', 'spot_checks'])
        await db.schema.dropTable(t).execute();
    },
  };
}
