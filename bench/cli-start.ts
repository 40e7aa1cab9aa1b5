// Start-up of the command line, whole process: `node bin/tuopin.js --help` from spawn to exit,
// against node's own start (`node -e ''`) on the same machine at the same moment, so the ratio
// says what tuopin adds whatever the machine's load.
//
//   npx tsx bench/cli-start.ts [--runs 15] [--root <checkout>] [--write]
//
// Compiles first (the CLI runs from dist/). The cases run round-robin, so a burst of load on the
// shared machine falls on all of them alike; the figure is the median of the runs. --root
// measures another checkout's compiled CLI (for a before/after figure); --write replaces the
// "CLI start-up" section of bench/RESULTS.md. bench/run.ts runs the same measurement.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The target for `tuopin --help`, whole process. */
export const CLI_HELP_TARGET_MS = 200;

interface Case {
  label: string;
  args: string[];
  /** The exit code the case must end with (a failure of the wrong kind would measure nothing). */
  status: number;
  target: number | null;
}

export interface CliStartResult {
  runs: number;
  cases: { label: string; command: string; medianMs: number; bestMs: number; ratio: number; target: number | null }[];
  load: string;
}

function cases(root: string): Case[] {
  const bin = join(root, 'bin', 'tuopin.js');
  return [
    { label: "node alone (`node -e ''`, the anchor)", args: ['-e', ''], status: 0, target: null },
    { label: 'tuopin --help', args: [bin, '--help'], status: 0, target: CLI_HELP_TARGET_MS },
    { label: 'tuopin export --help', args: [bin, 'export', '--help'], status: 0, target: null },
    { label: 'tuopin audit verify --help', args: [bin, 'audit', 'verify', '--help'], status: 0, target: null },
    // A real command that loads its code (store, services, rulebooks) and stops at its first check.
    {
      label: 'tuopin import <missing file> (loads the import command, then fails)',
      args: [bin, 'import', join(tmpdir(), 'tuopin-bench-none.xlsx')],
      status: 1,
      target: null,
    },
  ];
}

function timeOnce(c: Case): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, c.args, {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '', TUOPIN_DB: join(tmpdir(), 'tuopin-bench-none.db') },
  });
  const ms = performance.now() - t;
  if (r.status !== c.status) throw new Error(`${c.label}: exit ${r.status}, expected ${c.status}\n${r.stderr}`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Compile `root` (tsconfig.build.json) and time every case `runs` times, round-robin. */
export function measureCliStart(runs: number, root = join(here, '..'), compile = true): CliStartResult {
  if (compile) {
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  }
  const all = cases(root);
  const load = loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
  for (const c of all) timeOnce(c); // warm the file cache; not counted
  const times = all.map(() => [] as number[]);
  for (let i = 0; i < runs; i++) all.forEach((c, k) => times[k]!.push(timeOnce(c)));
  const anchor = median(times[0]!);
  return {
    runs,
    load,
    cases: all.map((c, k) => ({
      label: c.label,
      command: ['node', ...c.args.map((a) => (a.startsWith(root) ? a.slice(root.length + 1) : a === '' ? "''" : a))].join(' '),
      medianMs: median(times[k]!),
      bestMs: Math.min(...times[k]!),
      ratio: median(times[k]!) / anchor,
      target: c.target,
    })),
  };
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

export function cliStartSection(r: CliStartResult, commit: string): string {
  const rows = r.cases.map((c) => {
    const ok = c.target === null ? '' : c.medianMs <= c.target ? '✓' : '✗';
    return `| ${c.label} | ${c.medianMs.toFixed(0)} | ${c.bestMs.toFixed(0)} | ${c.ratio.toFixed(2)} × | ${c.target ?? ''} | ${ok} |`;
  });
  return [
    '## CLI start-up',
    '',
    `\`npx tsx bench/cli-start.ts --runs ${r.runs}\` — ${new Date().toISOString().slice(0, 10)} at commit ${commit} on ${machine()} (load average at start ${r.load}).`,
    `Whole process from spawn to exit, compiled CLI (\`dist/\`), ${r.runs} runs of each case round-robin after one unmeasured warm-up run; median and best in ms,`,
    "and the median over node's own start-up on the same machine at the same time (the anchor: what tuopin adds is the ratio above 1).",
    '',
    '| command | median ms | best ms | × node alone | target ms | |',
    '| --- | ---: | ---: | ---: | ---: | :---: |',
    ...rows,
  ].join('\n');
}

const START = '<!-- cli -->';
const END = '<!-- /cli -->';

/** Replace (or append) the "CLI start-up" section of bench/RESULTS.md. */
export function writeCliStartSection(section: string): void {
  const path = join(here, 'RESULTS.md');
  const block = `${START}\n${section}\n${END}`;
  const old = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmark results\n';
  const a = old.indexOf(START);
  const b = old.indexOf(END);
  writeFileSync(path, a >= 0 && b > a ? `${old.slice(0, a)}${block}${old.slice(b + END.length)}` : `${old.trimEnd()}\n\n${block}\n`);
}

function gitCommit(root: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const at = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const runs = Number(at('--runs') ?? 15);
  if (!(Number.isInteger(runs) && runs > 0)) throw new Error('--runs 应为正整数');
  const root = resolve(at('--root') ?? join(here, '..'));
  process.stderr.write(`编译（tsc）并测量 ${root} …\n`);
  const result = measureCliStart(runs, root);
  const section = cliStartSection(result, gitCommit(root));
  process.stdout.write(`${section}\n`);
  if (argv.includes('--write')) {
    writeCliStartSection(section);
    process.stderr.write('已写入 bench/RESULTS.md（## CLI start-up）\n');
  }
}
