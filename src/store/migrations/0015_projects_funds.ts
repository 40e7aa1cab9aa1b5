// 项目库 and its money: projects, the villages and households they reach, fund sources with
// planned amounts, allocations (资金下达) and disbursements (拨付), dated status changes, public
// notices and objections to them. Amounts are integer fen. No foreign keys to regions or
// households, as with plans: a roster re-import must not fail on a project, and the project (money
// spent) stays on record; reads join regions, so a project is seen only through its villages.
import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

export function projectsFunds(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('projects')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('county_code', 'text')
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('start_date', 'text')
        .addColumn('end_date', 'text')
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('implementer', 'text')
        .addColumn('responsible_name', 'text')
        .addColumn('responsible_unit', 'text')
        // The responsible sector department (教育, 水务 ...): its accounts may record this project's money.
        .addColumn('sector', 'text')
        .addColumn('tender_method', 'text')
        .addColumn('tender_winner', 'text')
        .addColumn('contract_fen', 'integer')
        .addColumn('quality_target', 'text')
        .addColumn('benefit_households', 'integer')
        .addColumn('benefit_people', 'integer')
        .addColumn('income_gain_fen', 'integer')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('projects_year').on('projects').column('year').execute();

      await db.schema
        .createTable('project_villages')
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('village_code', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('project_villages_pk', ['project_id', 'village_code'])
        .execute();
      await db.schema.createIndex('project_villages_village').on('project_villages').column('village_code').execute();

      await db.schema
        .createTable('project_households')
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('household_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('project_households_pk', ['project_id', 'household_id'])
        .execute();
      await db.schema.createIndex('project_households_household').on('project_households').column('household_id').execute();

      await db.schema
        .createTable('project_fund_sources')
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('planned_fen', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('project_fund_sources_pk', ['project_id', 'source'])
        .execute();

      for (const table of ['project_allocations', 'project_disbursements']) {
        await db.schema
          .createTable(table)
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('project_id', 'text', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('fen', 'integer', (c) => c.notNull())
          .addColumn('date', 'text', (c) => c.notNull())
          .addColumn('voucher', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex(`${table}_project`).on(table).column('project_id').execute();
      }

      await db.schema
        .createTable('project_status_changes')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('project_status_changes_project').on('project_status_changes').column('project_id').execute();

      await db.schema
        .createTable('project_notices')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('project_id', 'text', (c) => c.notNull())
        // 'plan' (计划公示, before work starts) or 'completion' (完工公示).
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('village_code', 'text', (c) => c.notNull())
        .addColumn('posted_on', 'text', (c) => c.notNull())
        .addColumn('ended_on', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('project_notices_project').on('project_notices').column('project_id').execute();

      await db.schema
        .createTable('project_objections')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('notice_id', 'text', (c) => c.notNull())
        .addColumn('project_id', 'text', (c) => c.notNull())
        .addColumn('received_on', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('handled_on', 'text')
        .addColumn('handling', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('project_objections_notice').on('project_objections').column('notice_id').execute();
    },
    async down(db: Kysely<any>) {
      for (const t of [
        'project_objections',
        'project_notices',
        'project_status_changes',
        'project_disbursements',
        'project_allocations',
        'project_fund_sources',
        'project_households',
        'project_villages',
        'projects',
      ])
        await db.schema.dropTable(t).execute();
    },
  };
}
