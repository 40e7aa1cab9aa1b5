// Linkage quality floors on the demo lists (issue 9 targets): quality, not timing, so a test.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIST_KINDS } from '../../io/lists/profiles.js';
import { loadLinkageSettings } from '../../io/lists/linkageSettings.js';
import { readWorkbook } from '../../io/sheets/index.js';
import { generateCounty } from '../generate.js';
import { generateDemoLists } from './generate.js';
import type { DemoTruth } from './generate.js';
import { measureKind, registryIndexOf, sumScores } from './quality.js';
import type { KindQuality } from './quality.js';
import { writeDemoLists } from './write.js';

const SEED = 2018;
const SCALE = 0.1;
let dir: string;
let results: KindQuality[];

beforeAll(async () => {
  const county = generateCounty({ seed: SEED, scale: SCALE });
  dir = mkdtempSync(join(tmpdir(), 'tuopin-quality-'));
  await writeDemoLists(dir, generateDemoLists(county, { seed: SEED }));
  const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as DemoTruth;
  const index = registryIndexOf(county, loadLinkageSettings());
  results = LIST_KINDS.map((kind) => measureKind(kind, readWorkbook(join(dir, `${kind}.xlsx`)), truth, index));
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('person matches on the demo lists', () => {
  it('meet the floors: precision at least 0.995, recall at least 0.98', () => {
    const ours = sumScores(results.map((r) => r.ours));
    expect(ours.precision).toBeGreaterThanOrEqual(0.995);
    expect(ours.recall).toBeGreaterThanOrEqual(0.98);
  });

  it('find more of the right people than exact-ID matching alone, on every list, and no fewer right', () => {
    const ours = sumScores(results.map((r) => r.ours));
    const exact = sumScores(results.map((r) => r.exactId));
    expect(ours.recall).toBeGreaterThan(exact.recall);
    for (const r of results) expect(r.ours.correct, r.kind).toBeGreaterThanOrEqual(r.exactId.correct);
  });

  it('every list stays above 0.97 recall and 0.99 precision on its own', () => {
    for (const r of results) {
      expect(r.ours.precision, r.kind).toBeGreaterThanOrEqual(0.99);
      expect(r.ours.recall, r.kind).toBeGreaterThanOrEqual(0.97);
    }
  });

  it('rows that only a name and a place can link come out for a person to confirm rather than as matches', () => {
    const missed = results.flatMap((r) => r.missed);
    // What is missed is nearly all rows without an ID number; most wait on the review screen.
    expect(missed.filter((m) => m.typos.includes('missing-id')).length).toBeGreaterThanOrEqual(missed.length * 0.9);
    expect(missed.filter((m) => m.outcome === 'possible').length).toBeGreaterThan(0);
  });
});
