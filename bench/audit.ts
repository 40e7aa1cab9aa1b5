// The hash chain's cost at county size (figures in RESULTS.md, section "Hash chain"): imports the cached demo roster (bench/run.ts makes it)
// into a fresh SQLite file, then measures (1) hashing every change row alone, i.e. what chaining
// adds to the import's write, and (2) `audit verify` over the whole log (read + hash + links).
//   npx tsx bench/audit.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changeHash } from '../src/store/chain.js';
import { openStore } from '../src/store/index.js';
import { importRoster } from '../src/services/importRoster.js';

const roster = join(import.meta.dirname, '.cache', 'demo-roster-seed2018.xlsx');
const dir = mkdtempSync(join(tmpdir(), 'tuopin-bench-audit-'));
const actor = { id: 'bench', name: '基准测试' };
const clock = () => new Date().toISOString();
try {
  const store = await openStore(join(dir, 'bench.db'), { clock });
  const t0 = performance.now();
  const o = await importRoster({ store, actor, clock }, roster, { incomeYear: 2018 });
  const importMs = performance.now() - t0;
  const rows = await store.audit.storedRows();
  const bytes = rows.reduce((n, r) => n + (r.before?.length ?? 0) + (r.after?.length ?? 0), 0);
  const hashMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    for (const r of rows) changeHash(r);
    hashMs.push(performance.now() - t);
  }
  const verifyMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const report = await store.audit.verify({ actor, record: false });
    verifyMs.push(performance.now() - t);
    if (!report.intact) throw new Error('chain broken');
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(0);
  console.log(
    JSON.stringify({
      households: o.households,
      changeRows: rows.length,
      jsonMB: +(bytes / 2 ** 20).toFixed(1),
      importMs: +importMs.toFixed(0),
      writeMs: Math.round(o.timings['writeMs'] ?? 0),
      hashAllMedianMs: +med(hashMs),
      verifyMedianMs: +med(verifyMs),
    }),
  );
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
