// Benchmarks on the demo county: roster import, whole-county assessment, ledger export; and the
// command line's start-up (bench/cli-start.ts, whole process; its own section of RESULTS.md).
// Each measurement runs in its own child process (bench/child.mjs, on the compiled code in dist/)
// so that peak memory (maxRSS) belongs to that operation alone; wall times are measured inside
// the child around the operation itself.
//
//   npx tsx bench/run.ts [--runs 5] [--write]      (--write updates bench/RESULTS.md)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliStartSection, measureCliStart, writeCliStartSection } from './cli-start.js';

const here = dirname(fileURLToPath(import.meta.url));
const cacheDir = join(here, '.cache');
const rosterFile = join(cacheDir, 'demo-roster-seed2018.xlsx');

interface Sample {
  task: string;
  ms: number;
  maxRssMb: number;
  detail: Record<string, unknown>;
}

// ------------------------------------------------------------------ parent

function runChild(task: string, arg: string): Sample {
  // Children run the compiled code with plain node, as the CLI and the server do.
  const r = spawnSync(process.execPath, [join(here, 'child.mjs'), task, arg, rosterFile], {
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
  return `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os}, Node ${process.version} (load average at start ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')})`;
}

async function parent(runs: number, write: boolean): Promise<void> {
  process.stderr.write('编译（tsc）…\n');
  execFileSync(process.execPath, [join(here, '..', 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(here, '..', 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
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
  process.stderr.write('CLI 启动…\n');
  const cli = measureCliStart(Math.max(runs, 15), join(here, '..'), false);

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
  const help = cli.cases.find((c) => c.target !== null)!;
  rows.push(
    `| 命令行启动 \`${help.label}\` (whole process, ${help.ratio.toFixed(2)} × node alone) | ${help.medianMs.toFixed(0)} | ${help.bestMs.toFixed(0)} | ${help.target} | — | ${help.medianMs <= help.target! ? '✓' : '✗'} |`,
  );
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
    "peak memory is the child process's maxRSS (whole Node process, including the runtime).",
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
    // Keep the text above the marker and the web figures below (bench/web.ts writes those).
    const old = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmark results\n\n<!-- results -->\n';
    const head = old.split('<!-- results -->')[0]!;
    const webAt = old.indexOf('<!-- web -->');
    const tail = webAt >= 0 ? `\n${old.slice(webAt)}` : '';
    writeFileSync(path, `${head.trimEnd()}\n\n<!-- results -->\n${report}\n${tail}`);
    writeCliStartSection(cliStartSection(cli, commit));
    console.error(`已写入 ${path}`);
  }
}

const argv = process.argv.slice(2);
const runsIdx = argv.indexOf('--runs');
await parent(runsIdx >= 0 ? Number(argv[runsIdx + 1]) : 5, argv.includes('--write'));
