import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';

// The remediation task workflow (docs/tasks.md): who is responsible, each step's who and when,
// the evidence and the sector close-out, and the evidence files themselves. Scope stays with the
// household row (tasks join households), so tasks written by a roster import need no extra codes.
const TEXT_COLUMNS = [
  'responsible',
  'started_at',
  'done_by',
  'done_by_name',
  'done_at',
  'evidence_note',
  'evidence_date',
  /** JSON of the sector close-out (taskFlow.ts CloseOut). */
  'close_out',
  'verified_by',
  'verified_by_name',
  'verified_at',
  'return_reason',
  'decline_reason',
] as const;

export function taskWorkflow(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      // One column per statement: SQLite's ALTER TABLE adds one at a time.
      for (const c of TEXT_COLUMNS) await db.schema.alterTable('tasks').addColumn(c, 'text').execute();
      await db.schema
        .alterTable('tasks')
        .addColumn('proposed', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();

      // Evidence files live in the database, so a backup of the one store holds them too.
      await db.schema
        .createTable('task_attachments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // No foreign key: evidence outlives a task removed with its household by a roster import
        // (nothing is lost silently), the way tasks keep a removed member's number.
        .addColumn('task_id', 'text', (c) => c.notNull())
        .addColumn('household_id', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('data', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
        .addColumn('uploaded_by', 'text', (c) => c.notNull())
        .addColumn('uploaded_by_name', 'text', (c) => c.notNull())
        .addColumn('uploaded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('task_attachments_task').on('task_attachments').column('task_id').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('task_attachments').execute();
      await db.schema.alterTable('tasks').dropColumn('proposed').execute();
      for (const c of TEXT_COLUMNS) await db.schema.alterTable('tasks').dropColumn(c).execute();
    },
  };
}
