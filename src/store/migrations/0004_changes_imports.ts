import { sql, type Kysely, type Migration } from 'kysely';
import type { Dialect } from '../schema.js';

export function changesImports(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('changes')
        .addColumn('seq', dialect === 'sqlite' ? 'integer' : 'bigint', (c) =>
          dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedAlwaysAsIdentity(),
        )
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('household_id', 'text')
        .addColumn('village_code', 'text')
        .addColumn('township_code', 'text')
        .addColumn('county_code', 'text')
        .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('create', 'update', 'delete')`))
        .addColumn('before', 'text')
        .addColumn('after', 'text')
        .addColumn('reason', 'text')
        .addColumn('batch_id', 'text')
        .addColumn('prev_hash', 'text')
        .addColumn('hash', 'text')
        .execute();
      // Few indices on purpose: every import appends ~90,000 rows here inside its time budget.
      await db.schema.createIndex('changes_household').on('changes').columns(['household_id', 'seq']).execute();
      await db.schema.createIndex('changes_entity').on('changes').columns(['entity', 'entity_id']).execute();
      await db.schema.createIndex('changes_batch').on('changes').column('batch_id').execute();

      // Append-only is enforced by the engine too, so a stray UPDATE from a future query or a
      // console session fails instead of rewriting history.
      if (dialect === 'sqlite') {
        await sql`create trigger changes_no_update before update on changes
          begin select raise(abort, '变更日志只能追加，不能修改'); end`.execute(db);
        await sql`create trigger changes_no_delete before delete on changes
          begin select raise(abort, '变更日志只能追加，不能删除'); end`.execute(db);
      } else {
        await sql`create function changes_append_only() returns trigger language plpgsql as $$
          begin raise exception '变更日志只能追加，不能修改或删除'; end $$`.execute(db);
        await sql`create trigger changes_no_update_delete before update or delete on changes
          for each row execute function changes_append_only()`.execute(db);
        await sql`create trigger changes_no_truncate before truncate on changes
          for each statement execute function changes_append_only()`.execute(db);
      }

      await db.schema
        .createTable('imports')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .addColumn('file_name', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('counts', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('imports_at').on('imports').column('at').execute();
      await db.schema.createIndex('imports_sha256').on('imports').column('sha256').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('imports').execute();
      await db.schema.dropTable('changes').execute();
      if (dialect === 'postgres') await sql`drop function changes_append_only()`.execute(db);
    },
  };
}
