// One benchmark measurement in a fresh process, on the compiled code (dist/), as the CLI runs.
//   node bench/child.mjs <import|assess|export> <sqlite file> <roster file>
// Prints one JSON line: { task, ms, maxRssMb, detail }.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dist = new URL('../dist/', import.meta.url);
const load = (p) => import(new URL(p, dist).href);

const { tuneHeap } = await load('runtime.js');
tuneHeap();
const { openStore, ALL } = await load('store/index.js');
const { importRoster } = await load('services/importRoster.js');
const { loadRulebook } = await load('rulebooks/loader.js');
const { assessHouseholds } = await load('domain/classify.js');
const { assessVillages, summarizeTownships } = await load('domain/village.js');
const { assessCounty: assessCountyDomain } = await load('domain/county.js');
const { assessCounty } = await load('services/assessCounty.js');
const { exportLedgers } = await load('services/exportLedgers.js');

const [task, db, roster] = process.argv.slice(2);
const rulebook = loadRulebook('seed-county-2018');
const clock = () => new Date().toISOString();
const actor = { id: 'bench', name: '基准测试' };
let ms;
let detail;

if (task === 'import') {
  rmSync(db, { force: true });
  rmSync(`${db}-wal`, { force: true });
  rmSync(`${db}-shm`, { force: true });
  const store = await openStore(db);
  const t = performance.now();
  const o = await importRoster({ store, actor, clock }, roster, { incomeYear: rulebook.year });
  ms = performance.now() - t;
  detail = { households: o.households, members: o.members, ...Object.fromEntries(Object.entries(o.timings).map(([k, v]) => [k, Math.round(v)])) };
  await store.close();
} else if (task === 'assess') {
  const store = await openStore(db);
  const t0 = performance.now();
  const [regions, records] = await Promise.all([store.regions.list(ALL), store.registry.loadRecords(ALL, { year: rulebook.year })]);
  const loadMs = performance.now() - t0;
  // The first run includes JIT compilation; the server assesses repeatedly, so the median of
  // the following runs is the figure, with the first reported beside it.
  const times = [];
  for (let i = 0; i < 6; i++) {
    const t = performance.now();
    const results = assessHouseholds(records, rulebook, rulebook.assessmentDate);
    const villages = assessVillages(regions, records, results, rulebook);
    summarizeTownships(regions, villages);
    assessCountyDomain(
      regions.find((r) => r.level === 'county'),
      villages,
      results,
      rulebook,
    );
    times.push(performance.now() - t);
  }
  const warm = times.slice(1).sort((a, b) => a - b);
  ms = warm[Math.floor(warm.length / 2)];
  detail = { households: records.length, loadMs: Math.round(loadMs), firstMs: Math.round(times[0]), bestMs: Math.round(warm[0]) };
  await store.close();
} else if (task === 'export') {
  const store = await openStore(db);
  const report = await assessCounty({ store, actor, clock }, { rulebook, save: false });
  const out = join(tmpdir(), `tuopin-bench-export-${process.pid}`);
  const t = performance.now();
  const r = await exportLedgers(report, out, { generatedAt: clock() });
  ms = performance.now() - t;
  detail = { rows: r.files.map((f) => f.sheets.reduce((s, x) => s + x.rows, 0)) };
  rmSync(out, { recursive: true, force: true });
  await store.close();
} else {
  throw new Error(`unknown task ${task}`);
}
process.stdout.write(`${JSON.stringify({ task, ms, maxRssMb: process.resourceUsage().maxRSS / 1024, detail })}\n`);
