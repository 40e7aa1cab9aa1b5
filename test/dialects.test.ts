// Proves the harness itself on every engine: if this file passes on [postgres], store tests
// really do run against PostgreSQL.
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { describeEachDialect, dialects, postgresAvailable, type TestDb } from './dialects.js';

interface Schema {
  household: { id: number; head_name: string; village: string };
}

function connect(db: TestDb, url: string): Kysely<Schema> {
  if (db.dialect === 'sqlite') return new Kysely<Schema>({ dialect: new SqliteDialect({ database: new Database(url) }) });
  return new Kysely<Schema>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 2 }) }) });
}

async function createHouseholdTable(k: Kysely<Schema>): Promise<void> {
  await k.schema
    .createTable('household')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('head_name', 'text', (c) => c.notNull())
    .addColumn('village', 'text', (c) => c.notNull())
    .execute();
}

describeEachDialect('test harness', (db) => {
  const open: Kysely<Schema>[] = [];
  afterEach(async () => {
    for (const k of open.splice(0)) await k.destroy();
  });
  const use = async (): Promise<Kysely<Schema>> => {
    const k = connect(db, await db.fresh());
    open.push(k);
    return k;
  };

  it('fresh() returns what the store accepts for this engine', async () => {
    const url = await db.fresh();
    if (db.dialect === 'sqlite') {
      expect(url).toMatch(/\.db$/);
      expect(url.startsWith('/')).toBe(true);
      expect(existsSync(url)).toBe(false);
    } else {
      expect(url).toMatch(/^postgres:\/\/[^/]+\/t_[0-9a-f]{8}_\d+_\d+_[0-9a-f]{4}$/);
    }
  });

  it('stores and reads back Chinese text unchanged', async () => {
    const k = await use();
    await createHouseholdTable(k);
    const headName = '欧阳𠮷祥'; // 𠮷 is outside the BMP: catches any UCS-2/encoding truncation
    await k.insertInto('household').values({ id: 1, head_name: headName, village: '石门村' }).execute();
    const rows = await k.selectFrom('household').selectAll().where('village', '=', '石门村').execute();
    expect(rows).toEqual([{ id: 1, head_name: headName, village: '石门村' }]);
  });

  it('gives each fresh() database its own tables', async () => {
    const first = await use();
    const second = await use();
    await createHouseholdTable(first);
    await first.insertInto('household').values({ id: 7, head_name: '张三', village: '东坪村' }).execute();
    // The same DDL succeeding proves the second database has no such table yet.
    await createHouseholdTable(second);
    const rows = await second.selectFrom('household').selectAll().execute();
    expect(rows).toEqual([]);
  });

  it('talks to the engine it claims to be', async () => {
    const k = await use();
    if (db.dialect === 'sqlite') {
      const r = await sql<{ v: string }>`select sqlite_version() as v`.execute(k);
      expect(r.rows[0]?.v).toMatch(/^3\./);
    } else {
      const r = await sql<{ server_version: string }>`show server_version`.execute(k);
      const major = Number(r.rows[0]?.server_version.split('.')[0]);
      expect(major).toBeGreaterThanOrEqual(15);
    }
  });
});

describe('dialect list', () => {
  it('always includes SQLite unless filtered out', () => {
    const filter = process.env.TUOPIN_TEST_DIALECTS;
    if (filter === undefined || filter.includes('sqlite')) expect(dialects.map((d) => d.dialect)).toContain('sqlite');
  });

  it('includes PostgreSQL whenever it is available', () => {
    expect(dialects.some((d) => d.dialect === 'postgres')).toBe(postgresAvailable);
  });

  it.runIf(process.env.CI === 'true')('never runs CI without PostgreSQL', () => {
    expect(postgresAvailable).toBe(true);
  });
});
