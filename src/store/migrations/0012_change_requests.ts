import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../schema.js';

// 动态调整: a change to a sensitive field (ID number, poverty attribute, income items) waits here
// for a second person's approval. The payload keeps what was proposed and the values it was based
// on, so an approval can tell when the record has moved on since (已过期).
export function changeRequests(_dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('change_requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // No FK: a request and its decision stay readable after the household is gone.
        .addColumn('household_id', 'text', (c) => c.notNull())
        .addColumn('village_code', 'text', (c) => c.notNull())
        .addColumn('township_code', 'text')
        .addColumn('county_code', 'text')
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('member-add', 'member-remove', 'member-correct', 'household-correct', 'income-edit')`))
        /** JSON: { change, basedOn, proposed, sensitive, subject }. */
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('requested_by_id', 'text', (c) => c.notNull())
        .addColumn('requested_by_name', 'text', (c) => c.notNull())
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'approved', 'rejected', 'withdrawn')`))
        .addColumn('decided_by_id', 'text')
        .addColumn('decided_by_name', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('decision_reason', 'text')
        .execute();
      await db.schema.createIndex('change_requests_status').on('change_requests').columns(['status', 'requested_at']).execute();
      await db.schema.createIndex('change_requests_household').on('change_requests').column('household_id').execute();
      await db.schema.createIndex('change_requests_township').on('change_requests').column('township_code').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('change_requests').execute();
    },
  };
}
