// The change log's hash chain: rows written before it have null prev_hash/hash; this chains them in
// seq order (lifting the append-only triggers for the length of the migration, then restoring
// exactly the triggers that were there), and adds the verification checkpoints table.
import { sql, type Kysely, type Migration } from 'kysely';
import { GENESIS_HASH, changeHash, type ChainedRow } from '../chain.js';
import type { Dialect } from '../schema.js';

const PAGE = 2000;
/** SQLite rows per UPDATE ... FROM (VALUES ...): 3 parameters each. */
const SQLITE_UPDATE_ROWS = 500;

interface Hashed {
  seq: number;
  prev: string;
  hash: string;
}

async function chainExisting(db: Kysely<any>, dialect: Dialect): Promise<void> {
  let last = 0;
  let prev = GENESIS_HASH;
  for (;;) {
    const rows = (await db.selectFrom('changes').selectAll().where('seq', '>', last).orderBy('seq').limit(PAGE).execute()) as (ChainedRow & { seq: number })[];
    if (rows.length === 0) return;
    const out: Hashed[] = rows.map((r) => {
      const hash = changeHash({ ...r, prev_hash: prev });
      const h = { seq: Number(r.seq), prev, hash };
      prev = hash;
      return h;
    });
    last = Number(rows[rows.length - 1]!.seq);
    if (dialect === 'postgres') {
      await sql`update changes as c set prev_hash = v.p, hash = v.h
        from unnest(${out.map((h) => h.seq)}::bigint[], ${out.map((h) => h.prev)}::text[], ${out.map((h) => h.hash)}::text[]) as v(seq, p, h)
        where c.seq = v.seq`.execute(db);
    } else {
      for (let i = 0; i < out.length; i += SQLITE_UPDATE_ROWS) {
        const part = out.slice(i, i + SQLITE_UPDATE_ROWS);
        await sql`update changes set prev_hash = v.column2, hash = v.column3
          from (values ${sql.join(part.map((h) => sql`(${h.seq}, ${h.prev}, ${h.hash})`))}) as v
          where changes.seq = v.column1`.execute(db);
      }
    }
  }
}

/** Runs `fn` with the change log's append-only triggers out of the way, then puts back exactly those. */
async function withoutTriggers(db: Kysely<any>, dialect: Dialect, fn: () => Promise<void>): Promise<void> {
  if (dialect === 'sqlite') {
    const triggers = (
      await sql<{ name: string; sql: string }>`select name, sql from sqlite_master
      where type = 'trigger' and tbl_name = 'changes' order by name`.execute(db)
    ).rows;
    for (const t of triggers) await sql`drop trigger ${sql.id(t.name)}`.execute(db);
    await fn();
    for (const t of triggers) await sql.raw(t.sql).execute(db);
  } else {
    // Only the ones enabled now, so a trigger someone had disabled stays disabled.
    const triggers = (
      await sql<{ name: string }>`select tgname as name from pg_trigger
      where tgrelid = 'changes'::regclass and not tgisinternal and tgenabled <> 'D' order by tgname`.execute(db)
    ).rows;
    for (const t of triggers) await sql`alter table changes disable trigger ${sql.id(t.name)}`.execute(db);
    await fn();
    for (const t of triggers) await sql`alter table changes enable trigger ${sql.id(t.name)}`.execute(db);
  }
}

export function changeHashChain(dialect: Dialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await withoutTriggers(db, dialect, () => chainExisting(db, dialect));

      // Anchors written by `audit verify`: the head it found intact. Removing the newest rows of
      // the log leaves a shorter chain that is consistent in itself; a checkpoint past its end
      // (or with another hash) is what shows it.
      await db.schema
        .createTable('change_checkpoints')
        .addColumn('id', dialect === 'sqlite' ? 'integer' : 'bigint', (c) =>
          dialect === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedAlwaysAsIdentity(),
        )
        .addColumn('seq', 'bigint', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('row_count', 'bigint', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor_id', 'text', (c) => c.notNull())
        .addColumn('actor_name', 'text', (c) => c.notNull())
        .execute();
      if (dialect === 'sqlite') {
        await sql`create trigger change_checkpoints_no_update before update on change_checkpoints
          begin select raise(abort, '核验锚点只能追加，不能修改'); end`.execute(db);
        await sql`create trigger change_checkpoints_no_delete before delete on change_checkpoints
          begin select raise(abort, '核验锚点只能追加，不能删除'); end`.execute(db);
      } else {
        await sql`create function change_checkpoints_append_only() returns trigger language plpgsql as $$
          begin raise exception '核验锚点只能追加，不能修改或删除'; end $$`.execute(db);
        await sql`create trigger change_checkpoints_no_update_delete before update or delete on change_checkpoints
          for each row execute function change_checkpoints_append_only()`.execute(db);
        await sql`create trigger change_checkpoints_no_truncate before truncate on change_checkpoints
          for each statement execute function change_checkpoints_append_only()`.execute(db);
      }
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('change_checkpoints').execute();
      if (dialect === 'postgres') await sql`drop function change_checkpoints_append_only()`.execute(db);
      // The hashes stay: they are correct, and clearing them would need the triggers lifted again.
    },
  };
}
