// Runs once per `vitest run`, in the main process, before any test file: provides the databases
// every store test loops over (see test/dialects.ts and docs/testing.md).
import { accessSync, constants, mkdtempSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { checkPgUrl, dropRunDatabases, findPgBinaries, removeDir, startTempCluster, type TempCluster, type TestRunContext } from './postgres.js';

type Dialect = TestRunContext['dialects'][number];

function requestedDialects(): Dialect[] {
  const raw = process.env.TUOPIN_TEST_DIALECTS;
  if (raw === undefined || raw.trim() === '') return ['sqlite', 'postgres'];
  const out: Dialect[] = [];
  for (const part of raw.split(',').map((s) => s.trim().toLowerCase())) {
    if (part === 'sqlite' || part === 'postgres') out.push(part);
    else throw new Error(`TUOPIN_TEST_DIALECTS 含未知方言 "${part}"（可选：sqlite, postgres）`);
  }
  return out;
}

// CREATE DATABASE writes a few hundred files; on tmpfs it takes ~15 ms instead of ~200 ms on
// disk here. Docker's default 64 MB /dev/shm would fill up, hence the free-space check.
function scratchBase(): string {
  const explicit = process.env.TUOPIN_TEST_TMPDIR;
  if (explicit !== undefined && explicit !== '') return explicit;
  try {
    accessSync('/dev/shm', constants.W_OK | constants.X_OK);
    const fs = statfsSync('/dev/shm');
    if (fs.bavail * fs.bsize >= 1024 ** 3) return '/dev/shm';
  } catch {
    // No usable /dev/shm: fall through to the ordinary temp dir.
  }
  return tmpdir();
}

function banner(lines: string[]): void {
  const bar = '!'.repeat(78);
  console.warn(['', bar, ...lines.map((l) => `!! ${l}`), bar, ''].join('\n'));
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const isCI = process.env.CI === 'true';
  const dialects = requestedDialects();
  if (isCI && !dialects.includes('postgres')) {
    throw new Error('CI=true 时必须覆盖全部数据库方言：不要设置 TUOPIN_TEST_DIALECTS 去掉 postgres');
  }

  const runId = randomBytes(4).toString('hex');
  const tmpRoot = mkdtempSync(join(scratchBase(), 'tuopin-test-'));
  let cluster: TempCluster | null = null;
  let pgUrl: string | null = null;
  let pgSkipReason: string | null = null;

  // Also covers Ctrl+C and a crashing run, where vitest may never call our teardown.
  const onExit = (): void => {
    cluster?.stop();
    removeDir(tmpRoot);
  };
  process.once('exit', onExit);

  if (!dialects.includes('postgres')) {
    pgSkipReason = 'TUOPIN_TEST_DIALECTS 未包含 postgres';
  } else if (process.env.TUOPIN_TEST_PG_URL !== undefined && process.env.TUOPIN_TEST_PG_URL !== '') {
    // An external server is never optional: the developer asked for it explicitly.
    pgUrl = process.env.TUOPIN_TEST_PG_URL;
    try {
      await checkPgUrl(pgUrl);
    } catch (e) {
      onExit();
      throw new Error(`无法连接 TUOPIN_TEST_PG_URL（${redact(pgUrl)}）：${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  } else {
    const bin = findPgBinaries();
    try {
      if (bin === null) {
        const where = process.env.TUOPIN_PG_BIN ? `TUOPIN_PG_BIN=${process.env.TUOPIN_PG_BIN}` : '/usr/lib/postgresql/*/bin 与 PATH';
        throw new Error(`在 ${where} 中找不到 initdb/pg_ctl（Debian: apt-get install postgresql）`);
      }
      const started = Date.now();
      cluster = await startTempCluster(tmpRoot, bin);
      pgUrl = cluster.url;
      console.log(`[tuopin test] 临时 PostgreSQL 已启动：${cluster.url}（${bin.dir}，${Date.now() - started} ms）`);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      if (isCI) {
        onExit();
        throw new Error(`CI=true：PostgreSQL 是必需的测试依赖，不能跳过。\n${reason}`, { cause: e });
      }
      pgSkipReason = reason.split('\n')[0] ?? reason;
      banner([
        'PostgreSQL 不可用：所有 [postgres] 测试将被跳过（CI 中这会是失败）。',
        ...reason.split('\n').slice(0, 12),
        '解决：安装 postgresql，或设置 TUOPIN_TEST_PG_URL=postgres://…',
      ]);
    }
  }

  const ctx: TestRunContext = { runId, tmpRoot, pgUrl, pgSkipReason, dialects };
  project.provide('tuopinTest', ctx);

  return async () => {
    try {
      // On our own cluster the leftovers vanish with it; on an external server they must be dropped.
      if (pgUrl !== null && cluster === null) {
        const n = await dropRunDatabases(pgUrl, runId);
        if (n > 0) console.log(`[tuopin test] 已清理 ${n} 个遗留测试数据库`);
      }
    } finally {
      onExit();
      process.removeListener('exit', onExit);
    }
  };
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
