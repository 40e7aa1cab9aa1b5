// The supervision reads at county size (figures in RESULTS.md, section "Supervision"): on a
// database holding the demo county (`tuopin --db FILE demo`), times (1) the weekly dispatch of a
// closed week the first time (computed from the change log and written as its snapshot), (2) the
// same week again (read from the snapshot), (3) the what-if over every open task, and (4) the
// problem ledger. Works on a copy: the database given is not changed.
//   npx tsx bench/supervision.ts FILE.db
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { maskFor } from '../src/domain/mask.js';
import type { Access } from '../src/services/access.js';
import { listProblems } from '../src/services/problems.js';
import { weeklyReport } from '../src/services/weekly.js';
import { runWhatIf } from '../src/services/whatIf.js';
import { ALL, openStore } from '../src/store/index.js';

const source = process.argv[2];
if (source === undefined) throw new Error('用法：npx tsx bench/supervision.ts FILE.db');
const dir = mkdtempSync(join(tmpdir(), 'tuopin-bench-sup-'));
const actor = { id: 'bench', name: '基准测试' };
// The demo's autumn push: the weeks before it are closed.
const clock = () => '2018-11-20T02:00:00.000Z';
const office: Access = { userId: 'bench', name: '基准测试', role: 'county', scope: ALL, sector: null, mask: maskFor('office') };
try {
  copyFileSync(source, join(dir, 'county.db'));
  const store = await openStore(join(dir, 'county.db'), { clock });
  const ctx = { store, actor, clock };
  const time = async (f: () => Promise<unknown>) => {
    const t = performance.now();
    await f();
    return Math.round(performance.now() - t);
  };
  const weeklyFirstMs = await time(() => weeklyReport(ctx, office, '2018-W46'));
  const weeklySnapshotMs: number[] = [];
  for (let i = 0; i < 3; i++) weeklySnapshotMs.push(await time(() => weeklyReport(ctx, office, '2018-W46')));
  const whatIfMs: number[] = [];
  for (let i = 0; i < 3; i++) whatIfMs.push(await time(() => runWhatIf(ctx, office, { dueThisMonth: true })));
  const all = await runWhatIf(ctx, office, { dueThisMonth: true });
  const ledgerMs = await time(() => listProblems(ctx, office));
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    JSON.stringify({
      households: (await store.registry.loadRecords(ALL, {})).length,
      weeklyFirstMs,
      weeklySnapshotMedianMs: med(weeklySnapshotMs),
      whatIfTasks: all.tasks,
      whatIfMedianMs: med(whatIfMs),
      ledgerMs,
    }),
  );
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
