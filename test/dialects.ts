// One store test body, every database engine: the way Kysely's own tests loop over dialects.
//
//   describeEachDialect('household store', (db) => {
//     let store: Store;
//     beforeEach(async () => { store = await openStore(await db.fresh()); });
//     afterEach(async () => { await store.close(); });
//     it('…', async () => { … });
//   });
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, inject } from 'vitest';
import type { TestRunContext } from './postgres.js';

export type DialectName = 'sqlite' | 'postgres';

export interface TestDb {
  dialect: DialectName;
  /**
   * SQLite: a file path private to this worker process. PostgreSQL: the run's shared `tuopin_test`
   * database. Prefer `fresh()`; this is for read-only smoke checks.
   */
  url: string;
  /**
   * A connection string for a new, empty database nobody else uses: a new temp file path
   * (SQLite; the file does not exist yet) or `postgres://…/t_<run>_<pid>_<n>` made by
   * `CREATE DATABASE … TEMPLATE template0` (PostgreSQL). Separate databases, not schemas, so code
   * under test may create schemas/extensions or rely on `public`, and parallel files never meet.
   */
  fresh(): Promise<string>;
}

function context(): TestRunContext {
  const ctx = inject('tuopinTest') as TestRunContext | undefined;
  if (ctx === undefined) {
    throw new Error('测试上下文缺失：请用仓库的 vitest.config.ts 运行（它注册了 test/globalSetup.ts）');
  }
  return ctx;
}

const ctx = context();
let counter = 0;

function uniqueName(): string {
  counter += 1;
  // Lower-case and short: PostgreSQL folds unquoted names and truncates at 63 bytes.
  return `t_${ctx.runId}_${process.pid}_${counter}_${randomBytes(2).toString('hex')}`;
}

type Cleanup = () => Promise<void>;

function sqliteDb(track: (c: Cleanup) => void): TestDb {
  const dir = join(ctx.tmpRoot, 'sqlite');
  mkdirSync(dir, { recursive: true });
  return {
    dialect: 'sqlite',
    url: join(dir, `shared-${process.pid}.db`),
    async fresh() {
      const file = join(dir, `${uniqueName()}.db`);
      track(async () => {
        for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
      });
      return file;
    },
  };
}

function databaseUrl(base: string, database: string): string {
  const u = new URL(base);
  u.pathname = `/${database}`;
  return u.toString();
}

function postgresDb(baseUrl: string, track: (c: Cleanup) => void): TestDb {
  return {
    dialect: 'postgres',
    url: baseUrl,
    async fresh() {
      const name = uniqueName();
      const admin = new pg.Client({ connectionString: baseUrl });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8'`);
      } finally {
        await admin.end();
      }
      track(async () => {
        const c = new pg.Client({ connectionString: baseUrl });
        await c.connect();
        try {
          // A database still in use is left for globalSetup's teardown: forcing it here would
          // kill a pool the test forgot to close and surface as an unrelated crash.
          const busy = await c.query('SELECT 1 FROM pg_stat_activity WHERE datname = $1 LIMIT 1', [name]);
          if (busy.rowCount === 0) await c.query(`DROP DATABASE IF EXISTS "${name}"`);
        } catch {
          // Same: teardown drops whatever is left.
        } finally {
          await c.end();
        }
      });
      return databaseUrl(baseUrl, name);
    },
  };
}

function unavailable(dialect: DialectName, reason: string): TestDb {
  return {
    dialect,
    url: '',
    fresh() {
      return Promise.reject(new Error(`${dialect} 不可用：${reason}`));
    },
  };
}

function skipReason(dialect: DialectName): string | null {
  if (!ctx.dialects.includes(dialect)) return `TUOPIN_TEST_DIALECTS 未包含 ${dialect}`;
  if (dialect === 'postgres' && ctx.pgUrl === null) return ctx.pgSkipReason ?? 'PostgreSQL 不可用';
  return null;
}

function make(dialect: DialectName, track: (c: Cleanup) => void): TestDb {
  const reason = skipReason(dialect);
  if (reason !== null) return unavailable(dialect, reason);
  return dialect === 'sqlite' ? sqliteDb(track) : postgresDb(ctx.pgUrl as string, track);
}

const ALL: readonly DialectName[] = ['sqlite', 'postgres'];

/** True when PostgreSQL cases run in this process. */
export const postgresAvailable: boolean = skipReason('postgres') === null;

/**
 * The databases available to this run (SQLite always unless filtered out; PostgreSQL when
 * available). Databases from these `fresh()` calls are cleaned up at the end of the run, not
 * per suite; inside `describeEachDialect` they are dropped after the suite.
 */
export const dialects: TestDb[] = ALL.filter((d) => skipReason(d) === null).map((d) => make(d, () => undefined));

/**
 * Declares `name [sqlite]` and `name [postgres]` suites around the same body. A dialect that is
 * unavailable is declared as skipped with the reason in its title (globalSetup has already failed
 * the run when CI=true, so this only happens on a developer machine).
 */
export function describeEachDialect(name: string, body: (db: TestDb) => void): void {
  for (const dialect of ALL) {
    const reason = skipReason(dialect);
    const title = reason === null ? `${name} [${dialect}]` : `${name} [${dialect}] — 已跳过：${reason}`;
    describe.skipIf(reason !== null)(title, () => {
      const cleanups: Cleanup[] = [];
      const db = make(dialect, (c) => cleanups.push(c));
      afterAll(async () => {
        for (const c of cleanups.splice(0)) await c();
      });
      body(db);
    });
  }
}
