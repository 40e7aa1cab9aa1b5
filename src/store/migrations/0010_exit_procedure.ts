import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../schema.js';

// The exit procedure (退出程序): one row per procedure of a household or a village, its dated
// steps (each recorded once, never edited) and the objections raised during its public notice.
export function exitProcedure(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('exit_procedures')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        // Household id or village code; no FK, so the record outlives a household deleted later.
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('village_code', 'text', (c) => c.notNull())
        .addColumn('township_code', 'text')
        .addColumn('county_code', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('closed_reason', 'text')
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('exit_procedures_subject').on('exit_procedures').columns(['kind', 'subject_id']).execute();
      // At most one live (open or completed) procedure per household or village, also under two
      // users starting one at the same moment; sent-back ones stay as history.
      await db.schema
        .createIndex('exit_procedures_live')
        .on('exit_procedures')
        .columns(['kind', 'subject_id'])
        .unique()
        .where(sql.ref('status'), '<>', 'sent-back')
        .execute();
      await db.schema.createIndex('exit_procedures_village').on('exit_procedures').column('village_code').execute();
      await db.schema.createIndex('exit_procedures_township').on('exit_procedures').column('township_code').execute();

      await db.schema
        .createTable('exit_steps')
        .addColumn('procedure_id', 'text', (c) => c.notNull().references('exit_procedures.id'))
        .addColumn('step', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('minutes', 'text')
        .addColumn('votes_for', 'integer')
        .addColumn('votes_against', 'integer')
        .addColumn('backdate_reason', 'text')
        // One record per step: a second “公示” for the same procedure is a key violation.
        .addPrimaryKeyConstraint('exit_steps_pk', ['procedure_id', 'step'])
        .execute();

      await db.schema
        .createTable('exit_objections')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('procedure_id', 'text', (c) => c.notNull().references('exit_procedures.id'))
        .addColumn('received_on', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('recorded_by_id', 'text', (c) => c.notNull())
        .addColumn('recorded_by_name', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text')
        .addColumn('resolved_on', 'text')
        .addColumn('resolution_note', 'text')
        .addColumn('resolved_by_id', 'text')
        .addColumn('resolved_by_name', 'text')
        .execute();
      await db.schema.createIndex('exit_objections_procedure').on('exit_objections').column('procedure_id').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('exit_objections').execute();
      await db.schema.dropTable('exit_steps').execute();
      await db.schema.dropTable('exit_procedures').execute();
    },
  };
}
