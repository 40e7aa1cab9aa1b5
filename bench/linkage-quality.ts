// Linkage quality on the demo lists (issue 9): the full demo county (seed 2018, scale 1) and
// its eleven lists written as workbooks, read back with parseList, each row linked to the
// registry with the shipped settings, and scored against truth.json; beside it, exact-ID
// matching alone (the normalised ID looked up in the registry: what a VLOOKUP does).
// Prints a Markdown table for bench/RESULTS.md.
// Run: npx tsx bench/linkage-quality.ts [seed] [scale]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCounty } from '../src/demo/generate.js';
import { generateDemoLists } from '../src/demo/lists/generate.js';
import type { DemoTruth } from '../src/demo/lists/generate.js';
import { measureKind, registryIndexOf, sumScores } from '../src/demo/lists/quality.js';
import type { KindQuality, Score } from '../src/demo/lists/quality.js';
import { writeDemoLists } from '../src/demo/lists/write.js';
import { LIST_KINDS } from '../src/io/lists/profiles.js';
import { loadLinkageSettings } from '../src/io/lists/linkageSettings.js';
import { readWorkbook } from '../src/io/sheets/index.js';

const seed = Number(process.argv[2] ?? 2018);
const scale = Number(process.argv[3] ?? 1);

const county = generateCounty({ seed, scale });
const dir = mkdtempSync(join(tmpdir(), 'tuopin-linkage-quality-'));
try {
  await writeDemoLists(dir, generateDemoLists(county, { seed }));
  const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as DemoTruth;
  const index = registryIndexOf(county, loadLinkageSettings());
  const results: KindQuality[] = LIST_KINDS.map((kind) => measureKind(kind, readWorkbook(join(dir, `${kind}.xlsx`)), truth, index));

  const f = (x: number): string => x.toFixed(4);
  const line = (name: string, o: Score, e: Score): string =>
    `| ${name} | ${o.rows} | ${o.truePeople} | ${f(o.precision)} | ${f(o.recall)} | ${o.wrong} | ${o.possible} | ${f(o.recallConfirmed)} | ${f(e.precision)} | ${f(e.recall)} |`;
  console.log(`demo county seed ${seed}, scale ${scale}: ${county.members.length} members`);
  console.log('');
  console.log(
    '| list | rows | rows that are members | precision | recall | wrong matches | possible | recall after review | exact-ID precision | exact-ID recall |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) console.log(line(r.kind, r.ours, r.exactId));
  console.log(line('**all**', sumScores(results.map((r) => r.ours)), sumScores(results.map((r) => r.exactId))));
  const missed = results.flatMap((r) => r.missed);
  const bySlip = new Map<string, number>();
  for (const m of missed) for (const t of m.typos.length ? m.typos : ['(none)']) bySlip.set(t, (bySlip.get(t) ?? 0) + 1);
  console.log('');
  console.log(
    `member rows not matched: ${missed.length} (${missed.filter((m) => m.outcome === 'possible').length} possible), by planted slip: ${[...bySlip].map(([k, v]) => `${k} ${v}`).join(', ')}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
