import type { Kysely, Migration } from 'kysely';
import type { Dialect } from '../schema.js';
import { bool01NotNull } from './columns.js';

// A village's exit recorded as done (已退出). An exit year alone no longer says so: this year's is
// a plan. Villages whose exit procedure was completed before this column existed are marked here.
export function regionExitStatus(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('regions').addColumn('exited', 'integer', bool01NotNull('exited')).execute();
      await db
        .updateTable('regions')
        .set({ exited: 1 })
        .where('code', 'in', (eb: any) => eb.selectFrom('exit_procedures').select('subject_id').where('kind', '=', 'village').where('status', '=', 'completed'))
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('regions').dropColumn('exited').execute();
    },
  };
}
