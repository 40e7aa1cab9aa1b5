// Backup and restore of the whole database, with each engine's own tool: SQLite's online backup
// API (a consistent copy while the server keeps writing) and pg_dump / pg_restore for PostgreSQL
// (custom format, restored in one transaction). The file's first bytes say which engine wrote it,
// so a restore into the other engine is refused before anything is touched.
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, openSync, readSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { isPostgresUrl } from './store.js';

export type BackupFormat = 'sqlite' | 'postgres';

export class BackupError extends Error {
  override name = 'BackupError';
}

const SQLITE_MAGIC = 'SQLite format 3\u0000';
const PGDUMP_MAGIC = 'PGDMP';

/** Which engine wrote a backup file, from its first bytes; throws a clear error otherwise. */
export function backupFormat(file: string): BackupFormat {
  if (!existsSync(file)) throw new BackupError(`备份文件不存在：${file}`);
  const fd = openSync(file, 'r');
  const head = Buffer.alloc(16);
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1', 0, 16) === SQLITE_MAGIC) return 'sqlite';
  if (head.toString('latin1', 0, 5) === PGDUMP_MAGIC) return 'postgres';
  throw new BackupError(`${file} 不是 tuopin 的备份文件（既不是 SQLite 数据库，也不是 pg_dump 自定义格式）`);
}

/**
 * PostgreSQL client tools: `TUOPIN_PG_BIN` if set, else Debian's newest /usr/lib/postgresql/N/bin,
 * else PATH. pg_dump refuses a server newer than itself, so the newest installed is the one to use.
 */
export function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  const dirs: string[] = [];
  if (process.env.TUOPIN_PG_BIN) dirs.push(process.env.TUOPIN_PG_BIN);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const v of versions) dirs.push(join(debian, v, 'bin'));
  }
  dirs.push(...(process.env.PATH ?? '').split(delimiter).filter((d) => d !== ''));
  for (const d of dirs) {
    const p = join(d, name);
    if (existsSync(p)) return p;
  }
  throw new BackupError(`找不到 ${name}：请安装 PostgreSQL 客户端（Debian：postgresql-client），或设置 TUOPIN_PG_BIN`);
}

function run(tool: string, args: string[]): void {
  const r = spawnSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.error) throw new BackupError(`无法运行 ${tool}：${r.error.message}`);
  if (r.status !== 0) {
    const msg = (r.stderr ?? '').trim().split('\n').slice(-3).join(' / ');
    throw new BackupError(`${tool} 失败（退出码 ${r.status}）：${msg}`);
  }
}

/** Writes a backup of `target` (SQLite path or postgres:// URL) to `file`; refuses to overwrite. */
export async function backupDatabase(target: string, file: string): Promise<{ format: BackupFormat; bytes: number }> {
  const out = resolve(file);
  if (existsSync(out)) throw new BackupError(`备份文件已存在：${out}（不会覆盖，请换一个文件名）`);
  if (!existsSync(dirname(out))) throw new BackupError(`目录不存在：${dirname(out)}`);
  if (isPostgresUrl(target)) {
    run(pgTool('pg_dump'), ['--format=custom', '--no-owner', '--no-privileges', `--file=${out}`, `--dbname=${target}`]);
    return { format: 'postgres', bytes: statSync(out).size };
  }
  const src = resolve(target);
  if (!existsSync(src)) throw new BackupError(`数据库文件不存在：${src}`);
  const db = new Database(src, { readonly: true, fileMustExist: true });
  try {
    await db.backup(out);
  } finally {
    db.close();
  }
  return { format: 'sqlite', bytes: statSync(out).size };
}

/**
 * Restores `file` into `target`. SQLite: the backup is checked (integrity_check) in a temporary copy
 * beside the target and only then moved over it, so a bad file leaves the database as it was.
 * PostgreSQL: pg_restore --clean in a single transaction (all or nothing).
 */
export function restoreDatabase(file: string, target: string): BackupFormat {
  const format = backupFormat(resolve(file));
  const targetFormat: BackupFormat = isPostgresUrl(target) ? 'postgres' : 'sqlite';
  if (format !== targetFormat) {
    throw new BackupError(
      `备份文件来自 ${format === 'sqlite' ? 'SQLite' : 'PostgreSQL'}，不能恢复到 ${targetFormat === 'sqlite' ? 'SQLite' : 'PostgreSQL'} 数据库`,
    );
  }
  if (format === 'postgres') {
    run(pgTool('pg_restore'), [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--no-privileges',
      '--single-transaction',
      '--exit-on-error',
      `--dbname=${target}`,
      resolve(file),
    ]);
    return format;
  }
  const dest = resolve(target);
  if (!existsSync(dirname(dest))) throw new BackupError(`目录不存在：${dirname(dest)}`);
  const staging = `${dest}.restoring-${process.pid}`;
  rmSync(staging, { force: true });
  copyFileSync(resolve(file), staging);
  try {
    const copy = new Database(staging, { fileMustExist: true });
    try {
      const check = copy.pragma('integrity_check', { simple: true });
      if (check !== 'ok') throw new BackupError(`备份文件已损坏（integrity_check：${String(check)}）`);
      // A backup carries no WAL: make the copy self-contained before it replaces the database.
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
  } catch (e) {
    rmSync(staging, { force: true });
    if (e instanceof BackupError) throw e;
    throw new BackupError(`备份文件无法打开：${e instanceof Error ? e.message : String(e)}`);
  }
  for (const suffix of ['-wal', '-shm']) rmSync(`${dest}${suffix}`, { force: true });
  renameSync(staging, dest);
  return format;
}
