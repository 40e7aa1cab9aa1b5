import { describe, it, expect } from 'vitest';
import { loadRulebook } from '../rulebooks/loader.js';
import { OUT_OF_SCOPE } from './assessment.js';
import type { HouseholdRecord, Region } from './types.js';
import { assessHouseholds } from './classify.js';
import { assessVillages, summarizeTownships, villageExited } from './village.js';
import {
  REFERENCE_DATE,
  TOWNSHIP2_CODE,
  TOWNSHIP_CODE,
  VILLAGE_CODE,
  households,
  makeIncome,
  regions,
  smallCounty,
  villageIndicatorsAllMet,
} from '../../test/fixtures/domain.js';

const seed = loadRulebook('seed-county-2018');
const monitoring = loadRulebook('monitoring-2021');

function villagesOf(regionList: Region[], records: HouseholdRecord[], rb = seed, date = REFERENCE_DATE) {
  const results = assessHouseholds(records, rb, date);
  return assessVillages(regionList, records, results, rb);
}

function byName(list: ReturnType<typeof villagesOf>, name: string) {
  const v = list.find((x) => x.name === name);
  if (!v) throw new Error(name);
  return v;
}

describe('assessVillages', () => {
  const county = smallCounty();
  const villages = villagesOf(county.regions, county.records);

  it('assesses every village and only villages', () => {
    expect(villages.map((v) => v.name)).toEqual(['红星村', '向阳村', '东风村', '新华村']);
    expect(byName(villages, '红星村').townshipCode).toBe(TOWNSHIP_CODE);
    expect(byName(villages, '东风村').townshipCode).toBe(TOWNSHIP2_CODE);
  });

  it('counts remaining poor (out-of-scope ones too, exited ones not), pre-exit people and incidence before/after', () => {
    const v = byName(villages, '红星村');
    expect(v.remainingPoor).toBe(11);
    expect(v.preExitPeople).toBe(4);
    expect(v.incidenceNow).toBeCloseTo(11 / 300, 12);
    expect(v.incidenceAfter).toBeCloseTo(7 / 300, 12);
    expect(v.households).toEqual({ A: 1, C: 1, [OUT_OF_SCOPE]: 2 });
    expect(v.people).toEqual({ A: 4, C: 3, [OUT_OF_SCOPE]: 8 });
    expect(v.indicatorsMet).toBe(true);
    expect(v.preExit).toBe(true);
    expect(v.reasons).toEqual([]);
  });

  it('counts B households as pre-exit people, and keeps a village whose incidence after exit is too high', () => {
    const v = byName(villages, '向阳村');
    expect(v.households).toEqual({ B: 1, C: 1 });
    expect(v.preExitPeople).toBe(4);
    expect(v.incidenceNow).toBeCloseTo(0.08, 12);
    expect(v.incidenceAfter).toBeCloseTo(0.04, 12);
    expect(v.preExit).toBe(false);
    expect(v.reasons).toEqual(['脱贫后贫困发生率4.00%，未低于3.00%']);
  });

  it('has no incidence without a rural population', () => {
    const v = byName(villages, '东风村');
    expect(v.incidenceNow).toBeNull();
    expect(v.incidenceAfter).toBeNull();
    expect(v.preExit).toBe(false);
    expect(v.reasons).toEqual(['非贫困村', '缺少农村户籍人口']);
  });

  it('does not pre-exit a village that has already exited', () => {
    const v = byName(villages, '新华村');
    expect(v.exited).toBe(true);
    expect(v.preExit).toBe(false);
    expect(v.remainingPoor).toBe(0);
    expect(v.incidenceNow).toBe(0);
    expect(v.reasons).toEqual(['已于2017年退出']);
  });

  it('reads an exit year equal to the assessment year as a plan, not an exit, unless the exit is recorded as done', () => {
    const plannedList = [regions.county(), regions.township(), regions.poorVillage({ exitYear: seed.year, indicators: null })];
    const planned = villagesOf(plannedList, [households.compliantFamilyOfFour()])[0]!;
    expect(planned.exited).toBe(false);
    // A candidate: its indicators are checked and hold it back.
    expect(planned.preExit).toBe(false);
    expect(planned.reasons).toContain('有主导产业：未填报');
    expect(villageExited({ exitYear: seed.year, exited: false }, seed.year)).toBe(false);
    expect(villageExited({ exitYear: seed.year, exited: true }, seed.year)).toBe(true);
    expect(villageExited({ exitYear: seed.year - 1, exited: false }, seed.year)).toBe(true);
    expect(villageExited({ exitYear: null, exited: false }, seed.year)).toBe(false);
    const doneList = [regions.county(), regions.township(), regions.poorVillage({ exitYear: seed.year, exited: true })];
    const done = villagesOf(doneList, [households.compliantFamilyOfFour()])[0]!;
    expect(done).toMatchObject({ exited: true, preExit: false });
    expect(done.reasons).toEqual([`已于${seed.year}年退出`]);
  });

  it('holds a village back when a village indicator is missing or below its minimum', () => {
    const regionList = [
      regions.township(),
      regions.poorVillage({ indicators: { ...villageIndicatorsAllMet(), leadingIndustry: null, collectiveIncome: 0, clinicWithDoctor: false } }),
    ];
    const v = villagesOf(regionList, [households.compliantFamilyOfFour()])[0]!;
    expect(v.indicatorsMet).toBe(false);
    expect(v.preExit).toBe(false);
    expect(v.indicators.filter((c) => !c.met).map((c) => [c.key, c.value])).toEqual([
      ['leadingIndustry', null],
      ['collectiveIncome', 0],
      ['clinicWithDoctor', false],
    ]);
    expect(v.reasons).toEqual(['有主导产业：未填报', '有村集体经济收入：0元，低于1元', '有标准化卫生室和村医：未达标']);
  });

  it('treats a village with no indicators recorded as not meeting them', () => {
    const v = villagesOf([regions.poorVillage({ indicators: null })], [])[0]!;
    expect(v.indicatorsMet).toBe(false);
    expect(v.indicators).toHaveLength(10);
    expect(v.incidenceNow).toBe(0);
  });

  it('does not count already exited households as pre-exit under the monitoring rulebook', () => {
    const rich = households.exited({ income: makeIncome({ migrantWage: 40000 }, { year: 2021 }) });
    const v = villagesOf([regions.poorVillage()], [rich], monitoring, '2021-12-31')[0]!;
    expect(v.households).toEqual({ stable: 1 });
    expect(v.remainingPoor).toBe(0);
    expect(v.preExitPeople).toBe(0);
    expect(v.incidenceAfter).toBe(0);
  });

  it('ignores households of unknown villages', () => {
    const stray = households.compliantFamilyOfFour({ household: { id: 'X1', villageCode: '999999999999' } });
    const v = villagesOf([regions.poorVillage()], [households.compliantFamilyOfFour(), stray])[0]!;
    expect(v.code).toBe(VILLAGE_CODE);
    expect(v.households).toEqual({ A: 1 });
  });
});

describe('summarizeTownships', () => {
  it('sums each township’s villages', () => {
    const county = smallCounty();
    const villages = villagesOf(county.regions, county.records);
    const [t1, t2] = summarizeTownships(county.regions, villages);
    expect(t1).toMatchObject({
      code: TOWNSHIP_CODE,
      name: '城关镇',
      villages: 2,
      preExitVillages: 1,
      remainingPoor: 19,
      ruralPopulation: 400,
      households: { A: 1, B: 1, C: 2, [OUT_OF_SCOPE]: 2 },
      people: { A: 4, B: 4, C: 7, [OUT_OF_SCOPE]: 8 },
    });
    expect(t1!.incidenceNow).toBeCloseTo(19 / 400, 12);
    expect(t1!.incidenceAfter).toBeCloseTo(11 / 400, 12);
    // 东风村 has no population: its 4 poor people count against 新华村's 500.
    expect(t2).toMatchObject({ code: TOWNSHIP2_CODE, villages: 2, preExitVillages: 0, remainingPoor: 4, ruralPopulation: 500, households: { A: 1 } });
    expect(t2!.incidenceAfter).toBe(0);
  });

  it('gives a township without villages zero counts and no incidence', () => {
    const [t] = summarizeTownships([regions.township()], []);
    expect(t).toMatchObject({ villages: 0, remainingPoor: 0, ruralPopulation: 0, incidenceNow: null, incidenceAfter: null, households: {}, people: {} });
  });
});
