// What the web benchmarks share: the assessed full demo county kept as a SQLite file in
// bench/.cache/, a server on a copy of it in a child process (so the load generator and the
// server do not share an event loop), a section of bench/RESULTS.md replaced in place, and the
// machine line every figure carries.
//
// Run directly (`tsx bench/serverChild.ts --serve DB`) it is that child: it starts the server on
// 127.0.0.1 on a free port and prints `{"url": ...}` as its first line on stdout.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const self = fileURLToPath(import.meta.url);

if (process.argv[1] === self && process.argv[2] === '--serve') {
  const { tuneHeap } = await import('../src/runtime.js');
  tuneHeap();
  const { startServer } = await import('../src/server/main.js');
  const { WEB_DIR } = await import('../test/browser/webApp.js');
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    db: process.argv[3]!,
    demo: true,
    webDir: WEB_DIR,
    logLevel: 'warn',
    env: process.argv[4] === undefined ? {} : (JSON.parse(process.argv[4]) as Record<string, string>),
  });
  process.stdout.write(`${JSON.stringify({ url: server.url, pid: process.pid })}\n`);
  await server.closed;
  process.exit(0);
}

export const say = (s: string) => process.stderr.write(`${s}\n`);

/** Everything that decides what the stored demo county looks like. */
const DB_INPUTS = ['src/demo', 'src/io', 'src/store', 'src/domain', 'src/services', 'src/rulebooks', 'rulebooks'];

function inputsHash(): string {
  const h = createHash('sha256');
  const walk = (p: string) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p).sort()) walk(join(p, e));
    } else if (!p.endsWith('.test.ts')) {
      h.update(relative(root, p)).update('\0').update(readFileSync(p)).update('\0');
    }
  };
  for (const p of DB_INPUTS) if (existsSync(join(root, p))) walk(join(root, p));
  return h.digest('hex').slice(0, 12);
}

/** The assessed full demo county (seed 2018, scale 1), rebuilt when the code that produces it changes. */
export async function cachedCounty(): Promise<string> {
  const { createDemoDb } = await import('../test/browser/webApp.js');
  const cacheDir = join(here, '.cache');
  mkdirSync(cacheDir, { recursive: true });
  const file = join(cacheDir, `web-demo-s1-${inputsHash()}.db`);
  if (existsSync(file)) return file;
  for (const old of readdirSync(cacheDir)) if (old.startsWith('web-demo-s1-')) rmSync(join(cacheDir, old), { force: true });
  say('生成完整演示县（规模 1）并评估，结果缓存在 bench/.cache/ …');
  const tmp = `${file}.partial`;
  rmSync(tmp, { force: true });
  const info = await createDemoDb(tmp, 1);
  for (const suffix of ['-wal', '-shm']) rmSync(`${tmp}${suffix}`, { force: true });
  renameSync(tmp, file);
  say(`  ${info.households} 户 ${info.members} 人，用时 ${(info.ms / 1000).toFixed(1)} s`);
  return file;
}

export interface ServerChild {
  url: string;
  pid: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** `env`: the server's settings (TUOPIN_* variables), instead of none. */
export async function startServerChild(db: string, env: Record<string, string> = {}): Promise<ServerChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', self, '--serve', db, JSON.stringify(env)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<{ url: string; pid: number }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`服务器子进程退出（${code}）`)));
    lines.on('line', (line) => {
      try {
        resolve(JSON.parse(line) as { url: string; pid: number });
      } catch {
        process.stderr.write(`${line}\n`);
      }
    });
  });
  return {
    ...first,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Resident set size of a process in bytes, from /proc (Linux), or null once it has gone. */
export function rssOf(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, load average at start ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`;
}

/** Replaces the block between `<!-- tag -->` and `<!-- /tag -->` in bench/RESULTS.md, or appends it. */
export function writeResultsSection(tag: string, section: string): void {
  const start = `<!-- ${tag} -->`;
  const end = `<!-- /${tag} -->`;
  const path = join(here, 'RESULTS.md');
  const block = `${start}\n${section}\n${end}`;
  const old = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmark results\n';
  const a = old.indexOf(start);
  const b = old.indexOf(end);
  const next = a >= 0 && b > a ? `${old.slice(0, a)}${block}${old.slice(b + end.length)}` : `${old.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, next);
}
