import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

export function incomeTasks(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('income_forms')
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id'))
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('items', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addPrimaryKeyConstraint('income_forms_pk', ['household_id', 'year'])
        .execute();

      // Minimal now; the remediation workflow adds evidence, verification and history later.
      await db.schema
        .createTable('tasks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('household_id', 'text', (c) => c.notNull().references('households.id'))
        // No foreign key: a task outlives a member removed from the roster (it records what was asked).
        .addColumn('member_id', 'text')
        .addColumn('indicator', 'text', (c) => c.notNull())
        .addColumn('due_date', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('sector', 'text')
        .addColumn('note', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('tasks_household').on('tasks').column('household_id').execute();
      await db.schema.createIndex('tasks_status').on('tasks').column('status').execute();
      await db.schema.createIndex('tasks_sector').on('tasks').column('sector').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('tasks').execute();
      await db.schema.dropTable('income_forms').execute();
    },
  };
}
