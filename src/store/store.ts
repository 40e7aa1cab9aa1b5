// Opening a store: one Kysely handle over SQLite (default, a file under ./data) or PostgreSQL
// (a postgres:// URL), migrated on open, with the repositories bound to it.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { bulkWriter } from './bulk.js';
import { rowReader, type Clock, type StoreContext } from './context.js';
import { migrationProvider } from './migrations/index.js';
import { AuditRepository } from './audit.js';
import { AssessmentRepository } from './repositories/assessments.js';
import { ChangeRepository } from './repositories/changes.js';
import { ImportRepository } from './repositories/imports.js';
import { RegionRepository } from './repositories/regions.js';
import { RegistryRepository } from './repositories/registry.js';
import { TaskRepository } from './repositories/tasks.js';
import { PlanRepository } from './repositories/plans.js';
import { SessionRepository } from './repositories/sessions.js';
import { SettingsRepository } from './repositories/settings.js';
import { UserRepository } from './repositories/users.js';
import { SearchRepository } from './repositories/search.js';
import { ExitRepository } from './repositories/exits.js';
import { ChangeRequestRepository } from './repositories/changeRequests.js';
import { ProjectRepository } from './repositories/projects.js';
import { SpotCheckRepository } from './repositories/spotChecks.js';
import { CheckRepository } from './repositories/checks.js';
import type { Database as Schema, Db, Dialect, Trx } from './schema.js';

export const DEFAULT_SQLITE_PATH = './data/tuopin.db';

export interface OpenOptions {
  /** Open without writing: no migrations (they must already be applied), writes fail. */
  readonly?: boolean;
  /** Default timestamp source for write methods not given an explicit `at`. */
  clock?: Clock;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
}

export interface Store {
  /**
   * The Kysely handle, for the store's own tests and test set-ups. Product code outside src/store
   * reads and writes through the repositories below (test/policy/storeBoundary.test.ts).
   */
  readonly db: Db;
  readonly dialect: Dialect;
  readonly readonly: boolean;
  readonly clock: Clock;
  /** Runs `fn` in one transaction: commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly regions: RegionRepository;
  readonly registry: RegistryRepository;
  readonly tasks: TaskRepository;
  readonly imports: ImportRepository;
  /** The assessment read model: runs, results, village and county figures, tallies, ledger pages. */
  readonly assessments: AssessmentRepository;
  readonly changes: ChangeRepository;
  /** Verifying the change log's hash chain (audit.ts). */
  readonly audit: AuditRepository;
  /** The household list of the web pages: search, filters, sort, paging (migration 0007). */
  readonly search: SearchRepository;
  readonly settings: SettingsRepository;
  readonly users: UserRepository;
  readonly sessions: SessionRepository;
  /** 一户一策: plan headers and assistance measures (migration 0011). */
  readonly plans: PlanRepository;
  /** Exit procedures of households and villages (migration 0010). */
  readonly exits: ExitRepository;
  /** Changes waiting for a second person's approval (migration 0012). */
  readonly changeRequests: ChangeRequestRepository;
  /** 项目库: projects, their money, status changes, notices and objections (migration 0013). */
  readonly projects: ProjectRepository;
  /** Spot checks and the three-rate pre-assessment: draws, sampled households, forms, surveys (migration 0017). */
  readonly spotChecks: SpotCheckRepository;
  /** 名单比对: lists, row outcomes, points to verify and their evidence (migration 0016). */
  readonly checks: CheckRepository;
}

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

const systemClock: Clock = () => new Date().toISOString();

// pg returns int8 (count(*), bigint identity) as strings by default; every int8 here (change
// seq, counts) stays far below 2^53, so numbers are safe and match SQLite. Set per pool, not
// globally, so other pg users in the process are unaffected.
const pgTypes = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === pg.types.builtins.INT8 && format !== 'binary') return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  }) as typeof pg.types.getTypeParser,
};

export async function openStore(target: string = DEFAULT_SQLITE_PATH, opts: OpenOptions = {}): Promise<Store> {
  const readonly = opts.readonly === true;
  let dialect: Dialect;
  let db: Db;
  let raw: Database.Database | null = null;

  if (isPostgresUrl(target)) {
    dialect = 'postgres';
    const pool = new pg.Pool({
      connectionString: target,
      max: opts.poolSize ?? 10,
      types: pgTypes,
      ...(readonly ? { options: '-c default_transaction_read_only=on' } : {}),
    });
    // An idle client losing its connection must not crash the process; the next query reports it.
    pool.on('error', (e) => console.error(`[tuopin] PostgreSQL 连接错误：${e.message}`));
    db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  } else {
    dialect = 'sqlite';
    const file = resolve(target);
    if (!readonly) mkdirSync(dirname(file), { recursive: true });
    try {
      raw = new Database(file, readonly ? { readonly: true, fileMustExist: true } : {});
    } catch (e) {
      throw new Error(`无法打开数据库文件 ${file}：${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    if (!readonly) {
      raw.pragma('journal_mode = WAL');
      raw.pragma('synchronous = NORMAL');
      // A county import writes ~100 MB in one transaction; the default 2 MB page cache makes
      // SQLite spill and re-read pages mid-transaction. 64 MB keeps the working set in memory.
      raw.pragma('cache_size = -65536');
      raw.pragma('temp_store = MEMORY');
    }
    raw.pragma('foreign_keys = ON');
    raw.pragma('busy_timeout = 5000');
    db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: raw }) });
  }

  try {
    await migrate(db, dialect, readonly);
  } catch (e) {
    await db.destroy();
    throw e;
  }

  const ctx: StoreContext = {
    db,
    dialect,
    bulk: bulkWriter(dialect, raw),
    clock: opts.clock ?? systemClock,
    selectRows: rowReader(dialect, raw),
  };
  let closed = false;
  const assessments = new AssessmentRepository(ctx);
  return {
    db,
    dialect,
    readonly,
    clock: ctx.clock,
    transaction: (fn) => db.transaction().execute(fn),
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
    regions: new RegionRepository(ctx),
    registry: new RegistryRepository(ctx),
    tasks: new TaskRepository(ctx),
    imports: new ImportRepository(ctx),
    assessments,
    changes: new ChangeRepository(ctx),
    audit: new AuditRepository(ctx),
    search: new SearchRepository(ctx),
    settings: new SettingsRepository(ctx),
    users: new UserRepository(ctx),
    sessions: new SessionRepository(ctx),
    plans: new PlanRepository(ctx),
    exits: new ExitRepository(ctx),
    changeRequests: new ChangeRequestRepository(ctx),
    projects: new ProjectRepository(ctx),
    spotChecks: new SpotCheckRepository(ctx),
    checks: new CheckRepository(ctx),
  };
}

async function migrate(db: Db, dialect: Dialect, readonly: boolean): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
  if (readonly) {
    const pending = (await migrator.getMigrations()).filter((m) => m.executedAt === undefined);
    if (pending.length > 0) {
      throw new Error(`数据库结构不是最新版本（待执行迁移：${pending.map((m) => m.name).join('、')}），请先以读写方式打开一次`);
    }
    return;
  }
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    const msg = error instanceof Error ? error.message : String(error);
    throw new Error(`数据库迁移失败${failed === undefined ? '' : `（${failed}）`}：${msg}`);
  }
}
