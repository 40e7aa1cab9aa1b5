// Writing to the database the way someone with direct access would: outside the store, with the
// change log's append-only triggers out of the way first (SQLite: dropped; PostgreSQL: disabled
// for the length of the statements). For tests of the hash chain's verification.
import Database from 'better-sqlite3';
import pg from 'pg';
import type { DialectName } from './dialects.js';

export async function asAttacker(dialect: DialectName, url: string, statements: string[]): Promise<void> {
  if (dialect === 'sqlite') {
    const raw = new Database(url);
    try {
      raw.exec('drop trigger if exists changes_no_update; drop trigger if exists changes_no_delete;');
      raw.exec('drop trigger if exists change_checkpoints_no_update; drop trigger if exists change_checkpoints_no_delete;');
      for (const s of statements) raw.exec(s);
    } finally {
      raw.close();
    }
    return;
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('begin');
    await c.query('alter table changes disable trigger user');
    await c.query('alter table change_checkpoints disable trigger user');
    for (const s of statements) await c.query(s);
    await c.query('alter table changes enable trigger user');
    await c.query('alter table change_checkpoints enable trigger user');
    await c.query('commit');
  } finally {
    await c.end();
  }
}
