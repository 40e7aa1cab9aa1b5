// Benchmarks on the demo county: roster import, whole-county assessment, ledger export.
// Each measurement runs in its own child process so that peak memory (maxRSS) belongs to that
// operation alone; wall times are measured inside the child around the operation itself.
//
//   npx tsx bench/run.ts [--runs 5] [--write]      (--write updates bench/RESULTS.md)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cacheDir = join(here, '.cache');
const rosterFile = join(cacheDir, 'demo-roster-seed2018.xlsx');

interface Sample {
  task: string;
  ms: number;
  maxRssMb: number;
  detail: Record<string, unknown>;
}

// ------------------------------------------------------------------ child tasks

async function child(task: string, arg: string): Promise<void> {
  // The CLI and the server tune the heap the same way (src/runtime.ts); measure what they do.
  (await import('../src/runtime.js')).tuneHeap();
  const { openStore } = await import('../src/store/index.js');
  const { importRoster } = await import('../src/services/importRoster.js');
  const { loadRulebook } = await import('../src/rulebooks/loader.js');
  const { assessHouseholds } = await import('../src/domain/classify.js');
  const { assessVillages, summarizeTownships } = await import('../src/domain/village.js');
  const { assessCounty: assessCountyDomain } = await import('../src/domain/county.js');
  const { assessCounty } = await import('../src/services/assessCounty.js');
  const { exportLedgers } = await import('../src/services/exportLedgers.js');
  const { ALL } = await import('../src/store/index.js');
  const rulebook = loadRulebook('seed-county-2018');
  const clock = () => new Date().toISOString();
  const actor = { id: 'bench', name: '基准测试' };
  let ms = 0;
  let detail: Record<string, unknown> = {};

  if (task === 'import') {
    rmSync(arg, { force: true });
    const store = await openStore(arg);
    const t = performance.now();
    const o = await importRoster({ store, actor, clock }, rosterFile, { incomeYear: rulebook.year });
    ms = performance.now() - t;
    detail = { households: o.households, members: o.members, ...o.timings };
    await store.close();
  } else if (task === 'assess') {
    const store = await openStore(arg);
    const t0 = performance.now();
    const [regions, records] = await Promise.all([store.regions.list(ALL), store.registry.loadRecords(ALL, { year: rulebook.year })]);
    const loadMs = performance.now() - t0;
    // Warm the engine once (JIT) and time the next runs: the server assesses repeatedly.
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      const t = performance.now();
      const results = assessHouseholds(records, rulebook, rulebook.assessmentDate);
      const villages = assessVillages(regions, records, results, rulebook);
      summarizeTownships(regions, villages);
      assessCountyDomain(regions.find((r) => r.level === 'county')!, villages, results, rulebook);
      times.push(performance.now() - t);
    }
    const warm = times.slice(1).sort((a, b) => a - b);
    ms = warm[Math.floor(warm.length / 2)]!;
    detail = { households: records.length, loadMs: Math.round(loadMs), firstMs: Math.round(times[0]!), bestMs: Math.round(warm[0]!) };
    await store.close();
  } else if (task === 'export') {
    const store = await openStore(arg);
    const report = await assessCounty({ store, actor, clock }, { rulebook, save: false });
    const out = join(tmpdir(), `tuopin-bench-export-${process.pid}`);
    const t = performance.now();
    const r = await exportLedgers(report, out, { generatedAt: clock() });
    ms = performance.now() - t;
    detail = { rows: r.files.map((f) => f.sheets.reduce((s, x) => s + x.rows, 0)) };
    rmSync(out, { recursive: true, force: true });
    await store.close();
  }
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ task, ms, maxRssMb, detail } satisfies Sample)}\n`);
}

// ------------------------------------------------------------------ parent

function runChild(task: string, arg: string): Sample {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', task, arg], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (r.status !== 0) throw new Error(`${task} failed:\n${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop()!;
  return JSON.parse(line) as Sample;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function ensureRoster(): Promise<void> {
  if (existsSync(rosterFile)) return;
  mkdirSync(cacheDir, { recursive: true });
  const { writeDemoRoster } = await import('../src/services/demo.js');
  process.stderr.write('生成演示县花名册（种子 2018）…\n');
  await writeDemoRoster({ seed: 2018, scale: 1, year: 2018, file: rosterFile });
}

function machine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  let os = '';
  try {
    os = readFileSync('/etc/os-release', 'utf8').match(/PRETTY_NAME="(.*)"/)?.[1] ?? '';
  } catch {
    /* not Linux */
  }
  return `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os}, Node ${process.version}`;
}

async function parent(runs: number, write: boolean): Promise<void> {
  await ensureRoster();
  const dbDir = join(tmpdir(), `tuopin-bench-${process.pid}`);
  mkdirSync(dbDir, { recursive: true });
  const db = join(dbDir, 'bench.db');
  const samples: Record<string, Sample[]> = { import: [], assess: [], export: [] };
  for (let i = 0; i < runs; i++) {
    samples['import']!.push(runChild('import', db));
    process.stderr.write(`import ${i + 1}/${runs}: ${samples['import']!.at(-1)!.ms.toFixed(0)} ms\n`);
  }
  for (let i = 0; i < runs; i++) samples['assess']!.push(runChild('assess', db));
  for (let i = 0; i < runs; i++) samples['export']!.push(runChild('export', db));
  rmSync(dbDir, { recursive: true, force: true });

  const targets: Record<string, { ms: number; label: string }> = {
    import: { ms: 1500, label: '导入花名册 import roster (xlsx → SQLite)' },
    assess: { ms: 100, label: '全县测算 whole-county assessment (warm, domain only)' },
    export: { ms: 2000, label: '台账导出 ledger + income-form export' },
  };
  const rows = Object.entries(samples).map(([task, s]) => {
    const t = targets[task]!;
    const med = median(s.map((x) => x.ms));
    const best = Math.min(...s.map((x) => x.ms));
    const rss = Math.max(...s.map((x) => x.maxRssMb));
    const ok = med <= t.ms && rss < 500 ? '✓' : '✗';
    return `| ${t.label} | ${med.toFixed(0)} | ${best.toFixed(0)} | ${t.ms} | ${rss.toFixed(0)} | ${ok} |`;
  });
  const details = Object.entries(samples).map(([task, s]) => `- ${task}: ${s.map((x) => JSON.stringify(x.detail)).join('; ')}`);
  let size = '';
  try {
    size = `${(readFileSync(rosterFile).length / 2 ** 20).toFixed(1)} MB`;
  } catch {
    /* ignore */
  }
  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })();
  const report = [
    `Measured ${new Date().toISOString().slice(0, 10)} at commit ${commit} on ${machine()}.`,
    `Demo county seed 2018 (roster ${size}); ${runs} runs each, each in a fresh process; times in ms, median and best;`,
    'peak memory is the child process\'s maxRSS (whole Node process, including the runtime).',
    '',
    '| operation | median ms | best ms | target ms | peak RSS MB | within target (time and < 500 MB) |',
    '| --- | ---: | ---: | ---: | ---: | :---: |',
    ...rows,
    '',
    'Details per run:',
    ...details,
  ].join('\n');
  console.log(report);
  if (write) {
    const path = join(here, 'RESULTS.md');
    const head = existsSync(path) ? readFileSync(path, 'utf8').split('<!-- results -->')[0]! : '# Benchmark results\n\n';
    writeFileSync(path, `${head.trimEnd()}\n\n<!-- results -->\n${report}\n`);
    console.error(`已写入 ${path}`);
  }
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') {
  await child(argv[1]!, argv[2]!);
} else {
  const runsIdx = argv.indexOf('--runs');
  const runs = runsIdx >= 0 ? Number(argv[runsIdx + 1]) : 5;
  await parent(runs, argv.includes('--write'));
}
