import { describe, expect, it } from 'vitest';
import type { CountyAssessment } from './assessment.js';
import { Z_95 } from './sampling.js';
import { snapshotFingerprint } from './spotCheck.js';
import {
  drawThreeRate,
  populationUnits,
  preAssessedCounty,
  rateVerdict,
  spotCheckEstimates,
  threeRates,
  zForConfidence,
  type CheckAnswers,
  type CheckedHousehold,
  type PopulationHousehold,
} from './spotCheckResults.js';
import { DEFAULT_SPOT_CHECK } from './spotCheckSettings.js';

const right: CheckAnswers = { classRight: true, incomeRight: true, indicatorsRight: { water: true }, dataAsOnSite: true, approves: true };
const wrongClass: CheckAnswers = { ...right, classRight: false, approves: false };

function forms(village: string, n: number, wrong: number, people = 1): CheckedHousehold[] {
  return Array.from({ length: n }, (_, i) => ({ householdId: `${village}-${i}`, villageCode: village, people, answers: i < wrong ? wrongClass : right }));
}

describe('zForConfidence', () => {
  it('gives the normal quantiles of the usual levels', () => {
    expect(zForConfidence(0.95)).toBeCloseTo(Z_95, 8);
    expect(zForConfidence(0.9)).toBeCloseTo(1.644853627, 8);
    expect(zForConfidence(0.99)).toBeCloseTo(2.575829304, 8);
    expect(zForConfidence(0.999)).toBeCloseTo(3.290526731, 7);
    expect(() => zForConfidence(1)).toThrow(/置信水平/);
  });
});

describe('spotCheckEstimates', () => {
  // By hand: village 1 has 900 households, 10 checked, 3 wrongly classed; village 2 has 100, 10
  // checked, none wrong. p = 0.9·0.3 + 0.1·0 = 0.27. var = 0.9²·(890/899)·(0.3·0.7)/9 = 0.018711;
  // n_eff = 0.27·0.73/0.018711 = 10.534; Wilson(0.27, 10.534) = [0.09388, 0.56905].
  // Wrongly classed county-wide: 0.27 × 1000 = 270, [93.9, 569.0].
  const strata = [
    { villageCode: 'V1', townshipCode: 'T1', households: 900, people: 3000 },
    { villageCode: 'V2', townshipCode: 'T2', households: 100, people: 400 },
  ];
  const sampled = new Map([
    ['V1', 12],
    ['V2', 10],
  ]);
  const filled = [...forms('V1', 10, 3), ...forms('V2', 10, 0)];

  it('weights the villages by their population and matches a hand calculation', () => {
    const { county } = spotCheckEstimates(strata, sampled, filled, Z_95);
    expect(county.sampled).toBe(22);
    expect(county.checked).toBe(20);
    expect(county.classError.rate).toBeCloseTo(0.27, 10);
    expect(county.classError.low).toBeCloseTo(0.093875, 5);
    expect(county.classError.high).toBeCloseTo(0.569047, 5);
    expect(county.classError.estimatedErrors).toBeCloseTo(270, 6);
    expect(county.classError.estimatedErrorsLow).toBeCloseTo(93.875, 2);
    expect(county.classError.estimatedErrorsHigh).toBeCloseTo(569.047, 2);
    // Unweighted, the 3 errors in 20 would read 15%: the big village's 30% dominates its weight.
    expect(county.classError.rate).not.toBeCloseTo(3 / 20, 2);
    // Approval: 17 of 20 asked, a plain Wilson interval.
    expect(county.approval).toMatchObject({ asked: 20, approving: 17, rate: 0.85 });
  });

  it('gives each township its own villages only', () => {
    const { townships } = spotCheckEstimates(strata, sampled, filled, Z_95);
    expect(townships.map((t) => [t.code, t.checked, t.classError.rate])).toEqual([
      ['T1', 10, 0.3],
      ['T2', 10, 0],
    ]);
    // Zero errors still has an upper bound.
    expect(townships[1]!.classError.high!).toBeGreaterThan(0.1);
  });

  it('counts an indicator, income or site answer as an error of the record, not of the class', () => {
    const f = [{ householdId: 'h', villageCode: 'V2', people: 1, answers: { ...right, indicatorsRight: { water: false } } }];
    const { county } = spotCheckEstimates(strata, sampled, f, Z_95);
    expect(county.classError.errors).toBe(0);
    expect(county.anyError.errors).toBe(1);
  });
});

describe('threeRates and the verdicts', () => {
  it('counts misexit in people, weighted by the sampled villages, and matches a hand calculation', () => {
    // Village V1: 40 exited people; checked households of 4, 3 and 5 people (12), the 5-person one
    // wrongly exited. V2: 60 exited people, 10 checked, none wrong. p = 0.4·5/12 = 0.16667;
    // n_eff clamps at the 22 people checked; Wilson(0.16667, 22) = [0.064225, 0.368211].
    const strata = [
      { villageCode: 'V1', townshipCode: 'T1', households: 10, people: 40, unregisteredPeople: 500 },
      { villageCode: 'V2', townshipCode: 'T1', households: 15, people: 60, unregisteredPeople: 500 },
    ];
    const checked: CheckedHousehold[] = [
      { householdId: 'a', villageCode: 'V1', people: 4, answers: right },
      { householdId: 'b', villageCode: 'V1', people: 3, answers: right },
      { householdId: 'c', villageCode: 'V1', people: 5, answers: wrongClass },
      ...forms('V2', 5, 0, 2),
    ];
    const surveys = Array.from({ length: 50 }, (_, i) => ({ villageCode: i < 25 ? 'V1' : 'V2', people: 4, eligiblePeople: 0, approves: i >= 4 }));
    const r = threeRates(strata, ['V1', 'V2'], checked, surveys, Z_95);
    expect(r.misexit.rate).toBeCloseTo(1 / 6, 10);
    expect(r.misexit.low).toBeCloseTo(0.064225, 5);
    expect(r.misexit.high).toBeCloseTo(0.368211, 5);
    expect(r.misexit.estimatedErrors).toBeCloseTo(100 / 6, 6);
    expect(r.omission).toMatchObject({ rate: 0, low: 0, checked: 200, errors: 0 });
    // Approval: 8 forms (7 approve) and 50 surveys (46 approve): 53 of 58.
    expect(r.approval).toMatchObject({ asked: 58, approving: 53 });
    expect(rateVerdict(r.misexit, 0.02, '<', 0.95)).toEqual({ met: false, text: '95% 上限 36.82% ≥ 2.00%' });
    expect(rateVerdict(r.omission, 0.02, '<', 0.95).met).toBe(r.omission.high! < 0.02);
  });

  it('passes a rate only on its bound: upper under the maximum, lower at or over the minimum', () => {
    expect(rateVerdict({ rate: 0.01, low: 0.004, high: 0.018 }, 0.02, '<', 0.95)).toEqual({ met: true, text: '95% 上限 1.80% < 2.00%' });
    expect(rateVerdict({ rate: 0.015, low: 0.006, high: 0.031 }, 0.02, '<', 0.95).met).toBe(false);
    // Hand: Wilson(45/50) = [0.7864, 0.9565]: a 90% point estimate whose lower bound is under 90%.
    expect(rateVerdict({ rate: 0.9, low: 0.7864, high: 0.9565 }, 0.9, '>=', 0.95)).toEqual({ met: false, text: '95% 下限 78.64% < 90.00%' });
    expect(rateVerdict({ rate: null, low: null, high: null }, 0.02, '<', 0.95).met).toBeNull();
  });

  it('fills the county criteria that waited for the sample', () => {
    const county: CountyAssessment = {
      code: 'C',
      name: '示范县',
      ruralPopulation: 100_000,
      registeredPoor: 10_000,
      remainingPoor: 3000,
      inScopeHouseholds: 0,
      inScopePeople: 0,
      households: {},
      people: {},
      incidenceNow: 0.03,
      incidenceAfter: 0.01,
      poorVillages: 1,
      poorVillagesExited: 1,
      poorVillagesPreExit: 0,
      criteria: [
        { key: 'incidenceAfter', label: '脱贫后贫困发生率', value: 0.01, threshold: 0.03, comparison: '<', met: true, note: null },
        { key: 'comprehensiveIncidence', label: '综合贫困发生率', value: null, threshold: 0.03, comparison: '<', met: null, note: '待第三方抽样核查' },
        { key: 'misexitRate', label: '错退率', value: null, threshold: 0.02, comparison: '<', met: null, note: '待第三方抽样核查' },
        { key: 'omissionRate', label: '漏评率', value: null, threshold: 0.02, comparison: '<', met: null, note: '待第三方抽样核查' },
        { key: 'approvalRate', label: '群众认可度', value: null, threshold: 0.9, comparison: '>=', met: null, note: '待第三方抽样核查' },
      ],
      ready: null,
      blockers: ['综合贫困发生率：待第三方抽样核查', '错退率：待第三方抽样核查', '漏评率：待第三方抽样核查', '群众认可度：待第三方抽样核查'],
    };
    const est = (rate: number, low: number, high: number, checked: number, errors: number) => ({
      rate,
      low,
      high,
      checked,
      errors,
      population: 0,
      estimatedErrors: null,
      estimatedErrorsLow: null,
      estimatedErrorsHigh: null,
    });
    const out = preAssessedCounty(county, {
      checkId: 'SR-1',
      confidence: 0.95,
      thresholds: { maxMisexitRate: 0.02, maxOmissionRate: 0.02, minApprovalRate: 0.9, maxIncidence: 0.03 },
      rates: {
        misexit: est(0.005, 0.001, 0.018, 800, 4),
        omission: est(0.001, 0.0002, 0.006, 3000, 3),
        approval: { rate: 0.97, low: 0.955, high: 0.98, asked: 1600, approving: 1552 },
      },
    });
    const by = Object.fromEntries(out.criteria.map((c) => [c.key, c]));
    expect(by['misexitRate']).toMatchObject({ value: 0.005, met: true });
    expect(by['misexitRate']!.note).toContain('95% 上限 1.80% < 2.00%');
    expect(by['approvalRate']!.note).toContain('95% 下限 95.50% ≥ 90.00%');
    // (1000 remaining + 0.001·90,000 omitted + 0.005·9000 misexited) ÷ 100,000 = 1.135%.
    expect(by['comprehensiveIncidence']!.value).toBeCloseTo(0.01135, 10);
    expect(out.ready).toBe(true);
    expect(out.blockers).toEqual([]);
  });
});

describe('populations and the three-rate draw', () => {
  const households: PopulationHousehold[] = [];
  for (let v = 1; v <= 40; v++)
    for (let i = 1; i <= 30; i++)
      households.push({
        id: `V${String(v).padStart(2, '0')}-${i}`,
        villageCode: `V${String(v).padStart(2, '0')}`,
        townshipCode: `T${v % 3}`,
        status: i % 2 === 0 ? 'exited' : 'not-exited',
        class: i % 5 === 0 ? 'C' : 'A',
        people: 3,
      });
  const exited = DEFAULT_SPOT_CHECK.populations.find((p) => p.code === 'exited')!;

  it('keeps the households of the population and fingerprints their status and class', () => {
    const units = populationUnits(exited, households);
    expect(units).toHaveLength(600);
    const moved = households.map((h) => (h.id === 'V01-2' ? { ...h, class: 'C' } : h));
    expect(snapshotFingerprint(populationUnits(exited, moved))).not.toBe(snapshotFingerprint(units));
    expect(populationUnits({ code: 'C', label: 'C', classes: ['C'] }, households)).toHaveLength(240);
  });

  it('samples villages first, then the same number of exited households in each, reproducibly', () => {
    const units = populationUnits(exited, households);
    const villages = [...new Set(households.map((h) => h.villageCode))].map((code) => ({ code, townshipCode: 'T' }));
    const settings = { ...DEFAULT_SPOT_CHECK.threeRate, villages: 10, registeredHouseholds: 100, unregisteredHouseholds: 60 };
    const a = drawThreeRate(units, villages, 42, settings);
    expect(a.villages).toHaveLength(10);
    expect(a.strata.map((s) => s.villageCode)).toEqual(a.villages);
    expect(a.strata.every((s) => s.sampled.length === 10)).toBe(true);
    expect(a.unregisteredPerVillage).toBe(6);
    expect(drawThreeRate([...units].reverse(), [...villages].reverse(), 42, settings)).toEqual(a);
    expect(drawThreeRate(units, villages, 43, settings).villages).not.toEqual(a.villages);
  });
});
