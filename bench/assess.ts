// Whole-county assessment benchmark: the demo's generated county (~15,100 households, 300 villages),
// households -> villages -> townships -> county. Run: npx tsx bench/assess.ts
// (node --expose-gc gives steadier figures: a full GC before each timed run).
import { loadRulebook } from '../src/rulebooks/loader.js';
import { REFERENCE_DATE, syntheticCounty } from '../test/fixtures/domain.js';
import { assessHouseholds } from '../src/domain/classify.js';
import { assessVillages, summarizeTownships } from '../src/domain/village.js';
import { assessCounty } from '../src/domain/county.js';

const rb = loadRulebook('seed-county-2018');
const { regions, records } = syntheticCounty();
const people = records.reduce((s, r) => s + r.members.length, 0);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const times: number[] = [];
for (let i = 0; i < 12; i++) {
  gc();
  const a = performance.now();
  const results = assessHouseholds(records, rb, REFERENCE_DATE);
  const villages = assessVillages(regions, records, results, rb);
  summarizeTownships(regions, villages);
  assessCounty(regions[0]!, villages, results, rb);
  times.push(performance.now() - a);
}
const warm = times.slice(1).sort((x, y) => x - y);
console.log(
  `${records.length} households / ${people} members: first (cold JIT) ${times[0]!.toFixed(1)} ms; warm min ${warm[0]!.toFixed(1)}, median ${warm[5]!.toFixed(1)}, max ${warm[10]!.toFixed(1)} ms`,
);
