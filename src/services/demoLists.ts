// Use case: write the demo county's outside lists (one workbook per kind) and their truth, so
// the cross-check can be tried and measured on lists whose right answers are known.
import { generateCounty } from '../demo/generate.js';
import { generateDemoLists } from '../demo/lists/generate.js';
import { writeDemoLists } from '../demo/lists/write.js';
import type { WrittenLists } from '../demo/lists/write.js';

export async function writeDemoListFiles(opts: { seed: number; scale: number; year: number; dir: string }): Promise<WrittenLists> {
  const county = generateCounty({ seed: opts.seed, scale: opts.scale, year: opts.year });
  return writeDemoLists(opts.dir, generateDemoLists(county, { seed: opts.seed, year: opts.year }));
}
