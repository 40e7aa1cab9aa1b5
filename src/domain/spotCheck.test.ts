import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './digest.js';
import { rateWithInterval } from './sampling.js';
import { drawSample, sampleSizeForProportion, snapshotFingerprint, stratifiedErrorRate, stratumSize, type SampleUnit } from './spotCheck.js';

function county(villages: Record<string, number>): SampleUnit[] {
  const out: SampleUnit[] = [];
  for (const [v, n] of Object.entries(villages)) {
    for (let i = 1; i <= n; i++) out.push({ id: `${v}${String(i).padStart(4, '0')}`, villageCode: v, townshipCode: v.slice(0, 9) });
  }
  return out;
}

describe('sha256Hex', () => {
  it('matches the FIPS test vectors and node:crypto on any text, Chinese included', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        expect(sha256Hex(s)).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
      }),
      { numRuns: 200 },
    );
    expect(sha256Hex('石门村'.repeat(40))).toBe(createHash('sha256').update('石门村'.repeat(40)).digest('hex'));
  });
});

describe('drawSample', () => {
  const units = county({ '622421100201': 40, '622421100202': 7, '622421100303': 120 });

  it('redraws the same sample from the same seed and snapshot, whatever order the units arrive in', () => {
    const a = drawSample(units, 20181120, { kind: 'share', share: 0.1, minPerVillage: 5 });
    const b = drawSample([...units].reverse(), 20181120, { kind: 'share', share: 0.1, minPerVillage: 5 });
    expect(b).toEqual(a);
    expect(a.fingerprint).toBe(snapshotFingerprint([...units].reverse()));
    const c = drawSample(units, 20181121, { kind: 'share', share: 0.1, minPerVillage: 5 });
    expect(c.strata.map((s) => s.sampled)).not.toEqual(a.strata.map((s) => s.sampled));
  });

  it('takes the share per village, at least the minimum, never more than the village has', () => {
    const s = drawSample(units, 7, { kind: 'share', share: 0.1, minPerVillage: 5 });
    expect(s.strata.map((x) => [x.villageCode, x.population, x.sampled.length])).toEqual([
      ['622421100201', 40, 5],
      ['622421100202', 7, 5],
      ['622421100303', 120, 12],
    ]);
    const per = drawSample(units, 7, { kind: 'per-village', perVillage: 10, minPerVillage: 0 });
    expect(per.strata.map((x) => x.sampled.length)).toEqual([10, 7, 10]);
    for (const x of per.strata) expect(new Set(x.sampled).size).toBe(x.sampled.length);
    expect(stratumSize(30, { kind: 'share', share: 0.1, minPerVillage: 0 })).toBe(3);
  });

  it("keeps a village's draw when another village is added to the population", () => {
    const before = drawSample(units, 99, { kind: 'per-village', perVillage: 4, minPerVillage: 0 });
    const after = drawSample([...units, ...county({ '622421100404': 30 })], 99, { kind: 'per-village', perVillage: 4, minPerVillage: 0 });
    expect(after.strata.filter((s) => s.villageCode !== '622421100404')).toEqual(before.strata);
    expect(after.fingerprint).not.toBe(before.fingerprint);
  });

  it('refuses a bad design or seed and duplicate units, in Chinese', () => {
    expect(() => drawSample(units, 1, { kind: 'share', share: 0, minPerVillage: 1 })).toThrow('抽样比例');
    expect(() => drawSample(units, -1, { kind: 'share', share: 0.1, minPerVillage: 1 })).toThrow('随机种子');
    expect(() => drawSample([...units, units[0]!], 1, { kind: 'share', share: 0.1, minPerVillage: 1 })).toThrow('重复');
  });
});

describe('stratifiedErrorRate', () => {
  it('weights each village by its population and carries the rate to the population (hand calculation)', () => {
    // Village 1: 100 households, 10 checked, 1 wrong; village 2: 300 households, 10 checked, none wrong.
    // p = 100/400 · 1/10 + 300/400 · 0 = 0.025.
    // var = (1/4)² · (90/99) · (0.1 · 0.9)/9 = 0.000568182; n_eff = 0.025 · 0.975 / var = 42.9 → capped at 20 checked.
    // Wilson at p = 0.025, n = 20, z = 1.96: centre 0.101534, half-width 0.098921 → [0.002613, 0.200455].
    const e = stratifiedErrorRate([
      { population: 100, checked: 10, errors: 1 },
      { population: 300, checked: 10, errors: 0 },
    ]);
    expect(e.rate).toBeCloseTo(0.025, 12);
    expect(e.low!).toBeCloseTo(0.002613, 5);
    expect(e.high!).toBeCloseTo(0.200455, 5);
    expect(e.estimatedErrors).toBeCloseTo(10, 9);
    expect(e.estimatedErrorsHigh!).toBeCloseTo(80.18, 1);
  });

  it('gives a useful upper bound at zero errors, equal to the plain Wilson bound', () => {
    const e = stratifiedErrorRate([
      { population: 500, checked: 60, errors: 0 },
      { population: 200, checked: 40, errors: 0 },
    ]);
    expect(e.rate).toBe(0);
    expect(e.low).toBe(0);
    expect(e.high!).toBeCloseTo(rateWithInterval(0, 100).high!, 12);
  });

  it('says nothing when nothing was checked, and refuses impossible results', () => {
    expect(stratifiedErrorRate([{ population: 10, checked: 0, errors: 0 }]).rate).toBeNull();
    expect(() => stratifiedErrorRate([{ population: 10, checked: 3, errors: 4 }])).toThrow('抽查结果无效');
  });
});

describe('sampleSizeForProportion', () => {
  it('follows Cochran with the finite-population correction', () => {
    // n0 = 1.96² · 0.02 · 0.98 / 0.01² = 752.9; with N = 15,000: 752.9 / (1 + 751.9/15000) = 716.98 → 717.
    expect(sampleSizeForProportion(0.02, 0.01, 15000)).toBe(717);
    expect(sampleSizeForProportion(0.5, 0.05, 100)).toBe(80);
    expect(sampleSizeForProportion(0.5, 0.05, 0)).toBe(0);
  });
});
