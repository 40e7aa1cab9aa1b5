// Zip-bomb benchmark: the web server's memory and other users' latency while a bomb is uploaded.
//
//   npx tsx bench/zip-bomb.ts [--scale 0.2] [--no-write]
//
// Compiles the project (tsc -p tsconfig.build.json) and runs the server from dist/ with plain
// node in a child process, as `tuopin serve` does (so the import worker is the compiled one), on
// a demo county (seed 2018) at --scale. The parent signs in as the county office, keeps 10 users
// opening household lists (each one request every 100 ms, latency counted from when it was due),
// uploads each bomb and waits for the import job to end, while sampling the child's RSS from
// /proc every 10 ms. Writes a "## Zip bomb" section to bench/RESULTS.md unless --no-write.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { bombXlsx } from '../test/kits/sheets.js';
import { apiSignIn, createDemoDb, type ApiSession } from '../test/browser/webApp.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const MB = 1024 * 1024;
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const SCALE = arg('scale', 0.2);
const WRITE = !process.argv.includes('--no-write');
const USERS = 10;
const PERIOD_MS = 100;
const say = (s: string) => process.stderr.write(`${s}\n`);

say('编译（tsc）…');
execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
const dir = mkdtempSync(join(tmpdir(), 'tuopin-bomb-bench-'));
const db = join(dir, 'demo.db');
say(`生成演示县（规模 ${SCALE}）…`);
const info = await createDemoDb(db, SCALE);

const serverCode = `
const { startServer } = await import(${JSON.stringify(new URL('../dist/server/main.js', import.meta.url).href)});
const s = await startServer({ port: 0, host: '127.0.0.1', db: process.argv[1], demo: true, logLevel: 'warn', env: {} });
process.stdout.write(JSON.stringify({ url: s.url }) + '\\n');
await s.closed;
process.exit(0);`;
const child = spawn(process.execPath, ['--input-type=module', '-e', serverCode, db], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, NODE_OPTIONS: '' },
});
process.once('exit', () => child.kill('SIGKILL'));
const url = await new Promise<string>((res, rej) => {
  createInterface({ input: child.stdout! }).once('line', (l) => res((JSON.parse(l) as { url: string }).url));
  child.once('exit', (c) => rej(new Error(`服务器退出（${c}）`)));
});

const rssMb = () => {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
};
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
};

// One session shared by the users: logins are rate-limited per address (10 a minute).
const county = await apiSignIn(url, 'admin');
const village = await apiSignIn(url, 'cun');
const users: ApiSession[] = Array.from({ length: USERS }, () => village);

interface Run {
  label: string;
  uploadMb: number;
  inflatedMb: number;
  ms: number;
  outcome: string;
  p50: number;
  p95: number;
  max: number;
  requests: number;
  errors: number;
  rss0: number;
  peak: number;
}

async function measure(label: string, inflatedBytes: number | null): Promise<Run> {
  const body = inflatedBytes === null ? null : bombXlsx({ sheetBytes: inflatedBytes });
  await new Promise((r) => setTimeout(r, 500));
  const rss0 = rssMb();
  let peak = rss0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb());
  }, 10);
  const latencies: number[] = [];
  let errors = 0;
  let running = true;
  const loops = users.map(async (u, k) => {
    let due = performance.now() + (k * PERIOD_MS) / USERS;
    while (running) {
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const r = await u.fetch(`/api/households?page=${1 + (latencies.length % 5)}&pageSize=20`).catch(() => null);
      if (r === null || !r.ok) errors++;
      else await r.arrayBuffer();
      latencies.push(performance.now() - due);
      due += PERIOD_MS;
    }
  });
  await new Promise((r) => setTimeout(r, 300));
  const t = performance.now();
  let outcome = '—（无上传）';
  if (body !== null) {
    const form = new FormData();
    form.append('file', new Blob([body]), '花名册.xlsx');
    const up = await county.fetch('/api/imports', { method: 'POST', body: form });
    if (up.status !== 202) throw new Error(`上传：HTTP ${up.status} ${await up.text()}`);
    const { jobId } = (await up.json()) as { jobId: string };
    for (;;) {
      const j = await county.get<{ status: string; rejection: { message: string } | null; error: string | null }>(`/api/imports/${jobId}`);
      if (j.status !== 'running') {
        outcome = `${j.status}：${(j.rejection?.message ?? j.error ?? '').slice(0, 60)}…`;
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  } else await new Promise((r) => setTimeout(r, 2000));
  const ms = performance.now() - t;
  await new Promise((r) => setTimeout(r, 300));
  running = false;
  await Promise.all(loops);
  clearInterval(sampler);
  return {
    label,
    uploadMb: (body?.length ?? 0) / MB,
    inflatedMb: (inflatedBytes ?? 0) / MB,
    ms,
    outcome,
    p50: pct(latencies, 50),
    p95: pct(latencies, 95),
    max: Math.max(...latencies),
    requests: latencies.length,
    errors,
    rss0,
    peak,
  };
}

const runs: Run[] = [];
try {
  runs.push(await measure('no upload (baseline, 2 s)', null));
  for (const [label, bytes] of [
    ['bomb: 1.1 GB sheet', 1100 * MB],
    ['bomb: 2.1 GB sheet', 2100 * MB],
  ] as const) {
    for (let i = 0; i < 3; i++) {
      const r = await measure(label, bytes);
      runs.push(r);
      say(`${label} #${i + 1}: ${r.ms.toFixed(0)} ms, p95 ${r.p95.toFixed(1)} ms, RSS +${(r.peak - r.rss0).toFixed(0)} MB`);
    }
  }
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}

const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
const report = [
  '## Zip bomb',
  '',
  `\`npx tsx bench/zip-bomb.ts\` — ${new Date().toISOString().slice(0, 10)} at commit ${commit}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, load average at start ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}.`,
  `Server from dist/ in a child process (demo county at scale ${SCALE}: ${info.households} households), default import limits; ${USERS} village users each opening a household list every ${PERIOD_MS} ms during the upload (latency from when the request was due). RSS of the server process sampled every 10 ms. Targets (issue 13): p95 < 200 ms, memory growth < 200 MB, a clear Chinese message.`,
  '',
  '| run | upload | inflates to | job ms | outcome | requests | errors | p50 | p95 | max | RSS before | peak growth | |',
  '| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |',
  ...runs.map(
    (r) =>
      `| ${r.label} | ${r.uploadMb.toFixed(1)} MB | ${r.inflatedMb ? `${(r.inflatedMb / 1024).toFixed(1)} GB` : '—'} | ${r.ms.toFixed(0)} | ${r.outcome} | ${r.requests} | ${r.errors} | ${r.p50.toFixed(1)} ms | ${r.p95.toFixed(1)} ms | ${r.max.toFixed(0)} ms | ${r.rss0.toFixed(0)} MB | ${(r.peak - r.rss0).toFixed(0)} MB | ${r.p95 < 200 && r.peak - r.rss0 < 200 && r.errors === 0 ? '✓' : '✗'} |`,
  ),
  '',
  'Before the fix (issue 13, same kind of files): the 1.1 GB bomb raised the server from 200 MB to 1.3 GB and stalled every request for 3.6 s; the 2.1 GB one peaked at 3.4 GB and stalled them for 12.8 s.',
].join('\n');
console.log(report);
if (WRITE) {
  const path = join(here, 'RESULTS.md');
  const old = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmark results\n';
  const at = old.indexOf('<!-- zip-bomb -->');
  const before = at >= 0 ? old.slice(0, at) : `${old.trimEnd()}\n\n`;
  const endAt = at >= 0 ? old.indexOf('<!-- /zip-bomb -->', at) : -1;
  const after = endAt >= 0 ? old.slice(endAt + '<!-- /zip-bomb -->'.length) : '\n';
  writeFileSync(path, `${before}<!-- zip-bomb -->\n${report}\n<!-- /zip-bomb -->${after}`);
  say(`已写入 ${path}`);
}
