// `tuopin sample` as an operator runs it: a separate process that redraws a sample recorded through
// the service (same seed, same snapshot: the same 户编号 and fingerprint), the text and JSON forms,
// and refusals with the reason and exit 1.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { maskFor } from '../src/domain/mask.js';
import { drawSpotCheck } from '../src/services/spotChecks.js';
import { ALL, openStore } from '../src/store/index.js';
import { seedCounty } from './fixtures/data.js';

const root = join(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'tuopin-cli-sample-'));
const db = join(dir, 'county.db');

function tuopin(...args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), join(root, 'src/cli/run.ts'), '--db', db, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, TUOPIN_DB: '', DATABASE_URL: '' },
    timeout: 120_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

interface SampleJson {
  population: string;
  seed: number;
  fingerprint: string;
  sampleSize: number;
  villages: { villageCode: string; population: number; sampled: string[] }[];
}

let recorded: { fingerprint: string; byVillage: Record<string, string[]> };

beforeAll(async () => {
  const store = await openStore(db);
  try {
    await seedCounty(store);
    const office = { userId: 'u-county', name: '县扶贫办', role: 'county' as const, scope: ALL, sector: null, mask: maskFor('office') };
    const d = await drawSpotCheck({ store, actor: { id: office.userId, name: office.name }, clock: () => new Date().toISOString() }, office, {
      kind: 'spot',
      population: 'registered',
      seed: 20181120,
      design: { kind: 'share', share: 0.1, minPerVillage: 3 },
    });
    recorded = { fingerprint: d.fingerprint, byVillage: Object.fromEntries(d.villages.map((v) => [v.code, v.sampled.map((h) => h.householdId).sort()])) };
  } finally {
    await store.close();
  }
}, 120_000);

describe('tuopin sample', () => {
  it('redraws the recorded sample from its seed: the same households by village and the same fingerprint', () => {
    const r = tuopin('sample', '--population', 'registered', '--seed', '20181120', '--share', '0.1', '--min-per-village', '3', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as SampleJson;
    expect(out.fingerprint).toBe(recorded.fingerprint);
    expect(Object.fromEntries(out.villages.map((v) => [v.villageCode, v.sampled]))).toEqual(recorded.byVillage);
    expect(out.sampleSize).toBe(Object.values(recorded.byVillage).flat().length);
    for (const v of out.villages) expect(v.sampled.length).toBeGreaterThanOrEqual(Math.min(3, v.population));
  });

  it('gives another sample for another seed, and prints the text form with village names', () => {
    const other = JSON.parse(
      tuopin('sample', '--population', 'registered', '--seed', '7', '--share', '0.1', '--min-per-village', '3', '--json').stdout,
    ) as SampleJson;
    expect(other.fingerprint).toBe(recorded.fingerprint);
    expect(Object.fromEntries(other.villages.map((v) => [v.villageCode, v.sampled]))).not.toEqual(recorded.byVillage);
    const text = tuopin('sample', '--population', 'registered', '--seed', '7', '--per-village', '2');
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('随机种子 7');
    expect(text.stdout).toContain('总体快照指纹');
    expect(text.stdout).toMatch(/村（\d{12}）：2\/\d+ 户/);
  });

  it('refuses an unknown population, a bad seed or a missing design with the reason, exit 1', () => {
    const a = tuopin('sample', '--population', 'nobody', '--seed', '1', '--share', '0.1');
    expect(a.status).toBe(1);
    expect(a.stderr).toContain('抽查总体“nobody”不在规则库');
    const b = tuopin('sample', '--population', 'C', '--seed', '-3', '--share', '0.1');
    expect(b.status).toBe(1);
    expect(b.stderr).toContain('--seed应为不小于 0 的整数');
    const c = tuopin('sample', '--population', 'C', '--seed', '3');
    expect(c.status).toBe(1);
    expect(c.stderr).toContain('--share P（按比例）或 --per-village K');
  });
});
