// A throw-away PostgreSQL cluster for one test run: found, initialised, started and removed by
// test/globalSetup.ts. Nothing here is used by the application itself.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, rmSync, chmodSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import pg from 'pg';

/** What globalSetup hands to every test worker through vitest's provide/inject. */
export interface TestRunContext {
  /** Short random id; every database `fresh()` creates is named `t_<runId>_…`, so teardown can find leftovers. */
  runId: string;
  /** Per-run scratch directory (SQLite files live here); removed at teardown. */
  tmpRoot: string;
  /** URL of a database the harness may use as admin connection (CREATE/DROP DATABASE); null when PostgreSQL is unavailable. */
  pgUrl: string | null;
  /** Why PostgreSQL cases are skipped (only ever set outside CI). */
  pgSkipReason: string | null;
  /** Dialects requested with TUOPIN_TEST_DIALECTS (default: all). */
  dialects: Array<'sqlite' | 'postgres'>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    tuopinTest: TestRunContext;
  }
}

export const TEST_DATABASE = 'tuopin_test';

export interface PgBinaries {
  dir: string;
  initdb: string;
  pgCtl: string;
}

/**
 * Where initdb and pg_ctl live. TUOPIN_PG_BIN, when set, is the only place looked at, so a
 * developer can pin a version — and so the "no PostgreSQL" path can be exercised on a machine
 * that has one.
 */
export function findPgBinaries(env: NodeJS.ProcessEnv = process.env): PgBinaries | null {
  const candidates: string[] = [];
  if (env.TUOPIN_PG_BIN !== undefined && env.TUOPIN_PG_BIN !== '') {
    candidates.push(env.TUOPIN_PG_BIN);
  } else {
    // Debian keeps server binaries off PATH, one directory per major version; prefer the newest.
    const debianRoot = '/usr/lib/postgresql';
    if (existsSync(debianRoot)) {
      const versions = readdirSync(debianRoot)
        .filter((v) => /^\d+(\.\d+)?$/.test(v))
        .sort((a, b) => Number(b) - Number(a));
      for (const v of versions) candidates.push(join(debianRoot, v, 'bin'));
    }
    for (const p of (env.PATH ?? '').split(delimiter)) if (p !== '') candidates.push(p);
  }
  for (const dir of candidates) {
    const initdb = join(dir, 'initdb');
    const pgCtl = join(dir, 'pg_ctl');
    if (existsSync(initdb) && existsSync(pgCtl)) return { dir, initdb, pgCtl };
  }
  return null;
}

/** Asks the kernel for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => {
        if (addr !== null && typeof addr === 'object') resolve(addr.port);
        else reject(new Error('无法获取空闲端口'));
      });
    });
  });
}

interface RunAs {
  /** Runs a program as the cluster owner; throws with stderr on failure. */
  run(program: string, args: string[], cwd: string): string;
  /** uid/gid the data directory must belong to; null when it is us. */
  owner: { uid: number; gid: number } | null;
  describe: string;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function whichSync(program: string): string | null {
  for (const dir of ['/usr/sbin', '/usr/bin', '/sbin', '/bin', ...(process.env.PATH ?? '').split(delimiter)]) {
    if (dir !== '' && existsSync(join(dir, program))) return join(dir, program);
  }
  return null;
}

// initdb refuses to run as root, so as root everything runs as the `postgres` account the
// Debian package creates.
function runAsClusterOwner(): RunAs {
  const direct: RunAs = {
    run(program, args, cwd) {
      return execOrExplain(program, args, cwd);
    },
    owner: null,
    describe: 'current user',
  };
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return direct;

  let uid: number;
  let gid: number;
  try {
    uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  } catch {
    throw new Error('以 root 运行测试时需要系统用户 postgres（initdb 拒绝以 root 运行）：请安装 postgresql 软件包，或设置 TUOPIN_TEST_PG_URL');
  }
  const runuser = whichSync('runuser');
  if (runuser !== null) {
    return {
      run(program, args, cwd) {
        return execOrExplain(runuser, ['-u', 'postgres', '--', program, ...args], cwd);
      },
      owner: { uid, gid },
      describe: 'runuser -u postgres',
    };
  }
  const su = whichSync('su');
  if (su === null) throw new Error('以 root 运行测试时找不到 runuser 或 su，无法以 postgres 用户启动数据库');
  return {
    run(program, args, cwd) {
      const cmd = [program, ...args].map(shellQuote).join(' ');
      return execOrExplain(su, ['postgres', '-s', '/bin/sh', '-c', cmd], cwd);
    },
    owner: { uid, gid },
    describe: 'su postgres',
  };
}

function execOrExplain(program: string, args: string[], cwd: string): string {
  // stdin closed and stdout/stderr captured: pg_ctl's postmaster writes to its own log file,
  // so nothing keeps these pipes open after pg_ctl returns.
  const r = spawnSync(program, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  if (r.error !== undefined) throw new Error(`${program} 无法执行：${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(`${[program, ...args].join(' ')} 退出码 ${String(r.status ?? r.signal)}\n${r.stdout}${r.stderr}`.trimEnd());
  }
  return r.stdout;
}

export interface TempCluster {
  url: string;
  dataDir: string;
  port: number;
  bin: PgBinaries;
  /** Idempotent; safe from an 'exit' handler (synchronous). */
  stop(): void;
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(无日志)';
  }
}

/**
 * initdb + pg_ctl start in `<baseDir>/pg`, listening on 127.0.0.1 only, with a socket inside the
 * data directory's parent so it never collides with a system cluster. Durability settings are
 * off: the data is thrown away at the end of the run.
 */
export async function startTempCluster(baseDir: string, bin: PgBinaries): Promise<TempCluster> {
  const as = runAsClusterOwner();
  const root = join(baseDir, 'pg');
  const dataDir = join(root, 'data');
  const sockDir = join(root, 'sock');
  const logFile = join(root, 'postgres.log');
  mkdirSync(sockDir, { recursive: true });
  // The cluster owner must be able to reach the run directory, which mkdtemp creates as 0700.
  chmodSync(baseDir, 0o711);
  if (as.owner !== null) {
    chownSync(root, as.owner.uid, as.owner.gid);
    chownSync(sockDir, as.owner.uid, as.owner.gid);
  }
  writeFileSync(logFile, '');
  if (as.owner !== null) chownSync(logFile, as.owner.uid, as.owner.gid);

  as.run(bin.initdb, ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync'], root);

  const conf = join(dataDir, 'postgresql.conf');
  const baseConf = readFileSync(conf, 'utf8');
  let stopped = false;
  let port = 0;
  let lastError: unknown = null;
  // A free port can be taken between asking and binding; a couple of retries covers that race.
  for (let attempt = 0; attempt < 3; attempt++) {
    port = await freePort();
    writeFileSync(
      conf,
      baseConf +
        [
          '',
          '# tuopin test run',
          "listen_addresses = '127.0.0.1'",
          `port = ${port}`,
          `unix_socket_directories = '${sockDir}'`,
          'fsync = off',
          'synchronous_commit = off',
          'full_page_writes = off',
          'max_connections = 200',
          "log_min_messages = 'warning'",
          '',
        ].join('\n'),
    );
    try {
      as.run(bin.pgCtl, ['-D', dataDir, '-l', logFile, '-w', '-t', '60', 'start'], root);
      lastError = null;
      break;
    } catch (e) {
      lastError = e;
      try {
        as.run(bin.pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], root);
      } catch {
        // Nothing was running.
      }
    }
  }
  if (lastError !== null) {
    const msg = lastError instanceof Error ? lastError.message : String(lastError);
    throw new Error(`pg_ctl start 失败：${msg}\n--- ${logFile} ---\n${tail(logFile)}`);
  }

  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    try {
      // immediate: nothing here needs a clean checkpoint.
      as.run(bin.pgCtl, ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], root);
    } catch (e) {
      console.warn(`[tuopin test] 停止临时 PostgreSQL 失败：${e instanceof Error ? e.message : String(e)}`);
    }
  };

  try {
    const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${TEST_DATABASE} TEMPLATE template0 ENCODING 'UTF8'`);
    } finally {
      await admin.end();
    }
  } catch (e) {
    stop();
    throw new Error(`临时 PostgreSQL 已启动但无法创建数据库 ${TEST_DATABASE}：${e instanceof Error ? e.message : String(e)}\n${tail(logFile)}`, { cause: e });
  }

  return { url: `postgres://postgres@127.0.0.1:${port}/${TEST_DATABASE}`, dataDir, port, bin, stop };
}

/** Checks an externally supplied server is reachable, so a typo fails at setup, not in every test. */
export async function checkPgUrl(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await c.connect();
  try {
    await c.query('SELECT 1');
  } finally {
    await c.end();
  }
}

/** Drops databases created by `fresh()` in this run that a crashed or careless test left behind. */
export async function dropRunDatabases(url: string, runId: string): Promise<number> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await c.connect();
  try {
    const r = await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`t\\_${runId}\\_%`]);
    for (const row of r.rows) await c.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
    return r.rows.length;
  } finally {
    await c.end();
  }
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
