import { describe, it, expect } from 'vitest';
import { loadRulebook } from '../rulebooks/loader.js';
import type { SampleCheck } from './assessment.js';
import type { Region } from './types.js';
import { OUT_OF_SCOPE } from './assessment.js';
import { assessHouseholds } from './classify.js';
import { assessVillages } from './village.js';
import { AWAITING_SAMPLE, assessCounty } from './county.js';
import { REFERENCE_DATE, smallCounty } from '../../test/fixtures/domain.js';

const seed = loadRulebook('seed-county-2018');

const goodSample: SampleCheck = { exitedSampled: 200, misexited: 2, unregisteredSampled: 400, omitted: 4, surveyed: 300, approving: 285 };

/** The hand-made county, optionally with 向阳村 already exited so that the village share passes. */
function county(opts: { secondVillageExited?: boolean; secondVillage?: Partial<Region> } = {}, sample?: SampleCheck) {
  const { regions, records } = smallCounty();
  if (opts.secondVillageExited) regions.find((r) => r.name === '向阳村')!.exitYear = 2017;
  if (opts.secondVillage)
    Object.assign(
      regions.find((r) => r.name === '向阳村')!,
      opts.secondVillage,
    );
  const results = assessHouseholds(records, seed, REFERENCE_DATE);
  const villages = assessVillages(regions, records, results, seed);
  return assessCounty(regions[0]!, villages, results, seed, sample);
}

const criterion = (c: ReturnType<typeof county>, key: string) => {
  const x = c.criteria.find((k) => k.key === key);
  if (!x) throw new Error(key);
  return x;
};

describe('assessCounty', () => {
  it('adds up villages and households', () => {
    const c = county();
    expect(c).toMatchObject({
      code: '620521',
      name: '示范县',
      ruralPopulation: 900,
      registeredPoor: 27,
      remainingPoor: 23,
      inScopeHouseholds: 5,
      inScopePeople: 19,
      households: { A: 2, B: 1, C: 2, [OUT_OF_SCOPE]: 2 },
      poorVillages: 3,
      poorVillagesExited: 1,
      poorVillagesPreExit: 1,
    });
    expect(c.incidenceNow).toBeCloseTo(23 / 900, 12);
    expect(c.incidenceAfter).toBeCloseTo(11 / 900, 12);
  });

  it('leaves the sample criteria open (待第三方抽样核查) without a sample', () => {
    const c = county({ secondVillageExited: true });
    expect(criterion(c, 'incidenceAfter').met).toBe(true);
    expect(criterion(c, 'exitedVillageShare')).toMatchObject({ value: 1, met: true });
    for (const key of ['comprehensiveIncidence', 'misexitRate', 'omissionRate', 'approvalRate']) {
      expect(criterion(c, key)).toMatchObject({ value: null, met: null, note: AWAITING_SAMPLE });
    }
    expect(c.ready).toBeNull();
    expect(c.blockers).toEqual(['综合贫困发生率：待第三方抽样核查', '错退率：待第三方抽样核查', '漏评率：待第三方抽样核查', '群众认可度：待第三方抽样核查']);
  });

  it('is ready with a good sample and enough villages exited', () => {
    const c = county({ secondVillageExited: true }, goodSample);
    expect(c.ready).toBe(true);
    expect(c.blockers).toEqual([]);
    expect(criterion(c, 'misexitRate')).toMatchObject({ value: 0.01, threshold: 0.02, comparison: '<', met: true });
    expect(criterion(c, 'misexitRate').note).toBe('样本200，发现2；95%置信区间0.27%–3.57%');
    expect(criterion(c, 'omissionRate')).toMatchObject({ value: 0.01, met: true });
    expect(criterion(c, 'approvalRate')).toMatchObject({ value: 0.95, threshold: 0.9, comparison: '>=', met: true });
  });

  it('extrapolates comprehensive incidence from the sample rates', () => {
    const c = county({ secondVillageExited: true }, goodSample);
    // remaining after exit 11; omitted 1% × (900 − 27) = 8.73; misexited 1% × (27 − 11) = 0.16.
    const comp = criterion(c, 'comprehensiveIncidence');
    expect(comp.value).toBeCloseTo((11 + 8.73 + 0.16) / 900, 12);
    expect(comp.met).toBe(true);
    expect(comp.note).toBe('(剩余贫困人口11人 + 推算漏评8.7人 + 推算错退0.2人) ÷ 农村户籍人口900人');
  });

  it('fails on too few poor villages exited, with the figures in the blocker', () => {
    const c = county({}, goodSample);
    expect(criterion(c, 'exitedVillageShare')).toMatchObject({ met: false, note: '已退出1个 + 本年拟退出1个 ÷ 贫困村3个' });
    expect(criterion(c, 'exitedVillageShare').value).toBeCloseTo(2 / 3, 12);
    expect(c.ready).toBe(false);
    expect(c.blockers).toEqual(['贫困村退出比例（含本年拟退出）：66.67%，要求不低于80.00%']);
  });

  it('does not count a village planned to exit this year as exited: a plan is not an exit', () => {
    // 向阳村 misses the incidence (4% after): listed with this year as its exit year, it must stay a
    // candidate whose figures are checked, so the share stays 2 of 3 and the criterion fails.
    const planned = county({ secondVillage: { exitYear: seed.year } }, goodSample);
    expect(planned.poorVillagesExited).toBe(1);
    expect(criterion(planned, 'exitedVillageShare')).toMatchObject({ met: false, note: '已退出1个 + 本年拟退出1个 ÷ 贫困村3个' });
    // Recorded as done (status 已退出), the same year counts.
    const done = county({ secondVillage: { exitYear: seed.year, exited: true } }, goodSample);
    expect(done.poorVillagesExited).toBe(2);
    expect(criterion(done, 'exitedVillageShare')).toMatchObject({ value: 1, met: true });
    // An exit year before the assessment year is an exit on its own.
    expect(criterion(county({ secondVillage: { exitYear: seed.year - 1 } }, goodSample), 'exitedVillageShare').met).toBe(true);
  });

  it('fails on low approval and on misexits at the threshold', () => {
    const c = county({ secondVillageExited: true }, { ...goodSample, approving: 250, misexited: 4 });
    expect(criterion(c, 'approvalRate').met).toBe(false);
    expect(criterion(c, 'misexitRate')).toMatchObject({ value: 0.02, met: false });
    expect(c.ready).toBe(false);
    expect(c.blockers).toEqual(['错退率：2.00%，要求低于2.00%', '群众认可度：83.33%，要求不低于90.00%']);
  });

  it('is not ready (false beats unknown) when a known criterion fails and others await the sample', () => {
    expect(county().ready).toBe(false);
  });

  it('cannot judge a rate whose sample is empty', () => {
    const c = county({ secondVillageExited: true }, { ...goodSample, exitedSampled: 0, misexited: 0 });
    expect(criterion(c, 'misexitRate')).toMatchObject({ value: null, met: null, note: '抽样中无已脱贫人口' });
    expect(criterion(c, 'comprehensiveIncidence').met).toBeNull();
    expect(c.ready).toBeNull();
  });
});
