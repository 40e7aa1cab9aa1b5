import { createHash } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ageAt, parseIdNumber } from '../domain/idNumber.js';
import { assessHouseholds } from '../domain/classify.js';
import { assessVillages } from '../domain/village.js';
import { assessCounty } from '../domain/county.js';
import type { CountyAssessment, VillageAssessment } from '../domain/assessment.js';
import { loadRulebook } from '../rulebooks/loader.js';
import {
  Household as HouseholdSchema,
  IncomeForm as IncomeFormSchema,
  Member as MemberSchema,
  Region as RegionSchema,
  Task as TaskSchema,
} from '../domain/types.js';
import type { HouseholdRecord, Member, Region } from '../domain/types.js';
import { DEMO_COUNTY_CODE, DEMO_RULES, findGaps, generateCounty, generateCountyDetailed, type DemoCounty, type DetailedCounty } from './generate.js';
import { summarizeDemo } from './summary.js';

function hashOf(county: DemoCounty): string {
  return createHash('sha256').update(JSON.stringify(county)).digest('hex');
}

function records(county: DemoCounty): HouseholdRecord[] {
  const byId = new Map<string, HouseholdRecord>();
  for (const household of county.households) byId.set(household.id, { household, members: [], income: null, tasks: [] });
  for (const m of county.members) byId.get(m.householdId)?.members.push(m);
  for (const f of county.incomes) {
    const rec = byId.get(f.householdId);
    if (rec) rec.income = f;
  }
  for (const t of county.tasks) byId.get(t.householdId)?.tasks.push(t);
  return [...byId.values()];
}

const REF = '2018-12-31';

describe('determinism', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives byte-identical output for the same seed', () => {
    const a = hashOf(generateCounty({ seed: 7, scale: 0.02 }));
    const b = hashOf(generateCounty({ seed: 7, scale: 0.02 }));
    expect(a).toBe(b);
  });

  it('gives a different county for a different seed', () => {
    expect(hashOf(generateCounty({ seed: 7, scale: 0.02 }))).not.toBe(hashOf(generateCounty({ seed: 8, scale: 0.02 })));
  });

  it('never consults Math.random or the clock', () => {
    vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random called');
    });
    vi.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('Date.now called');
    });
    expect(() => generateCounty({ seed: 3, scale: 0.02 })).not.toThrow();
  });

  it('rejects impossible options with a Chinese message', () => {
    expect(() => generateCounty({ scale: 0 })).toThrow(/规模系数/);
    expect(() => generateCounty({ year: 2018.5 })).toThrow(/年度/);
  });
});

describe('the small county (scale 0.02) keeps the proportions', () => {
  const county = generateCounty({ seed: 11, scale: 0.02 });

  it('has about 2 % of the households, in a few villages of one or two townships', () => {
    expect(county.households.length).toBe(302);
    const townships = county.regions.filter((r) => r.level === 'township').length;
    expect(townships).toBeGreaterThanOrEqual(1);
    expect(townships).toBeLessThanOrEqual(3);
    expect(county.regions.filter((r) => r.level === 'village')).toHaveLength(6);
    const mean = county.members.length / county.households.length;
    expect(mean).toBeGreaterThan(3.4);
    expect(mean).toBeLessThan(4.4);
  });

  it('validates against the registry schemas', () => {
    const invalid = [
      ...county.regions.filter((r) => !RegionSchema.safeParse(r).success).map((r) => r.code),
      ...county.households.filter((h) => !HouseholdSchema.safeParse(h).success).map((h) => h.id),
      ...county.members.filter((m) => !MemberSchema.safeParse(m).success).map((m) => m.id),
      ...county.incomes.filter((f) => !IncomeFormSchema.safeParse(f).success).map((f) => f.householdId),
      ...county.tasks.filter((t) => !TaskSchema.safeParse(t).success).map((t) => t.id),
    ];
    expect(invalid).toEqual([]);
  });

  it('follows the year option: ages, exits and task dates move with it', () => {
    const later = generateCounty({ seed: 11, scale: 0.02, year: 2019 });
    expect(later.incomes.every((f) => f.year === 2019)).toBe(true);
    expect(later.tasks.every((t) => t.dueDate.startsWith('2019-') || t.dueDate.startsWith('2020-'))).toBe(true);
    expect(later.households.every((h) => h.exitYear === null || h.exitYear <= 2018)).toBe(true);
  });
});

describe('the full county (scale 1)', () => {
  let detailed: DetailedCounty;
  let county: DemoCounty;
  const membersOf = new Map<string, Member[]>();

  beforeAll(() => {
    detailed = generateCountyDetailed({ seed: 20181231 });
    county = detailed.county;
    for (const m of county.members) membersOf.set(m.householdId, [...(membersOf.get(m.householdId) ?? []), m]);
  });

  it('has the size of the county the README describes (about 15,000 households, 59,000 people)', () => {
    expect(county.households.length).toBeGreaterThanOrEqual(14_000);
    expect(county.households.length).toBeLessThanOrEqual(16_000);
    expect(county.members.length).toBeGreaterThanOrEqual(56_000);
    expect(county.members.length).toBeLessThanOrEqual(62_000);
    const townships = county.regions.filter((r) => r.level === 'township');
    const villages = county.regions.filter((r) => r.level === 'village');
    expect(townships.length).toBeGreaterThanOrEqual(13);
    expect(townships.length).toBeLessThanOrEqual(17);
    expect(villages.length).toBeGreaterThanOrEqual(250);
    expect(villages.length).toBeLessThanOrEqual(350);
  });

  it('builds the region tree from prefix codes: county 6, township 9, village 12 digits', () => {
    const byCode = new Map(county.regions.map((r) => [r.code, r]));
    for (const r of county.regions) {
      if (r.level === 'county') {
        expect(r.code).toBe(DEMO_COUNTY_CODE);
        expect(r.parentCode).toBeNull();
        continue;
      }
      expect(r.code).toMatch(r.level === 'township' ? /^\d{9}$/ : /^\d{12}$/);
      const parent = byCode.get(r.parentCode ?? '');
      expect(parent?.level).toBe(r.level === 'township' ? 'county' : 'township');
      expect(r.code.startsWith(parent?.code ?? '?')).toBe(true);
    }
    expect(new Set(county.regions.map((r) => r.name)).size).toBe(county.regions.length);
    expect(county.regions.filter((r) => r.level === 'township').some((r) => r.name === '城关镇')).toBe(true);
  });

  it('gives every household exactly one head, listed first, and 1 to 8 members', () => {
    const wrong = county.households.filter((h) => {
      const ms = membersOf.get(h.id) ?? [];
      return ms.filter((m) => m.relation === 'head').length !== 1 || ms[0]?.relation !== 'head' || ms.length < 1 || ms.length > 8;
    });
    expect(wrong.map((h) => h.id)).toEqual([]);
  });

  it('gives everyone a valid, unique 18-digit ID whose birth date and sex match the record', () => {
    const seen = new Set<string>();
    const wrong: string[] = [];
    for (const m of county.members) {
      const parsed = parseIdNumber(m.idNumber);
      if (!parsed.ok) {
        wrong.push(`${m.id}: ${parsed.message}`);
        continue;
      }
      const v = parsed.value;
      if (v.normalized !== m.idNumber || v.convertedFrom15 || v.regionCode !== DEMO_COUNTY_CODE || v.birthDate !== m.birthDate || v.sex !== m.sex) {
        wrong.push(`${m.id}: ${m.idNumber} ${m.birthDate} ${m.sex}`);
      }
      seen.add(v.normalized);
    }
    expect(wrong).toEqual([]);
    expect(seen.size).toBe(county.members.length);
  });

  it('gives unique household and person numbers that are never 18 characters', () => {
    expect(new Set(county.households.map((h) => h.id)).size).toBe(county.households.length);
    expect(new Set(county.members.map((m) => m.id)).size).toBe(county.members.length);
    const wrong = county.members.filter((m) => !/^\d{19}$/.test(m.id) || !m.id.startsWith(m.householdId));
    expect(wrong.map((m) => m.id)).toEqual([]);
  });

  it('keeps ages consistent with relations (parents at least 16 years older)', () => {
    const wrong: string[] = [];
    const older = (parent: Member, child: Member, years: number) => {
      if (ageAt(parent.birthDate ?? '', child.birthDate ?? '') < years) {
        wrong.push(`${child.householdId}: ${parent.relation} ${parent.birthDate} vs ${child.relation} ${child.birthDate}`);
      }
    };
    let checked = 0;
    for (const h of county.households) {
      const ms = membersOf.get(h.id) ?? [];
      const head = ms[0] as Member;
      const spouse = ms.find((m) => m.relation === 'spouse');
      for (const m of ms) {
        if (m.relation === 'son' || m.relation === 'daughter') {
          older(head, m, 16);
          if (spouse) older(spouse, m, 16);
          checked++;
        }
        if (m.relation === 'grandson' || m.relation === 'granddaughter') older(head, m, 32);
        if (m.relation === 'father' || m.relation === 'mother') older(m, head, 16);
        if (ageAt(m.birthDate ?? '', REF) < 0) wrong.push(`${m.id}: born after ${REF}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(20_000);
  });

  it('writes names of two or three characters', () => {
    const wrong = county.members.filter((m) => [...m.name].length < 2 || [...m.name].length > 3 || !/^\p{Script=Han}+$/u.test(m.name));
    expect(wrong.map((m) => m.name)).toEqual([]);
  });

  it('keeps compulsory-age children in school, but for a few dropouts and children taught at home', () => {
    const compulsory = county.members.filter((m) => {
      const age = ageAt(m.birthDate ?? '', REF);
      return age >= 6 && age <= 15;
    });
    const dropouts = compulsory.filter((m) => m.schoolStatus === 'none' && !m.homeSchooled && m.education !== '初中');
    const home = compulsory.filter((m) => m.homeSchooled);
    expect(compulsory.length).toBeGreaterThan(8_000);
    expect(dropouts.length / compulsory.length).toBeGreaterThan(0.001);
    expect(dropouts.length / compulsory.length).toBeLessThan(0.01);
    expect(dropouts.every((m) => m.outOfSchoolReason !== null)).toBe(true);
    expect(home.length).toBeGreaterThan(0);
    expect(home.every((m) => m.health === 'disabled' && (m.disabilityGrade ?? 9) <= 2 && m.schoolStatus === 'none')).toBe(true);
    // Born in autumn, six on 31 December, still in preschool: attending under the rule.
    expect(compulsory.some((m) => m.schoolStatus === 'preschool')).toBe(true);
  });

  it('records the water “secured” flag consistently with the water details', () => {
    const wrong = county.households.filter((h) => h.water.secured !== !findGaps(h, [], REF).some((g) => g.indicator === 'water'));
    expect(wrong.map((h) => h.id)).toEqual([]);
    expect(county.households.some((h) => h.water.secured === false)).toBe(true);
    // Threshold cases exist: exactly 20 minutes, 20 litres, 90 %.
    expect(county.households.some((h) => h.water.fetchMinutes === DEMO_RULES.maxFetchMinutes && h.water.secured)).toBe(true);
    expect(county.households.some((h) => h.water.litresPerPersonDay === DEMO_RULES.minLitresPerPersonDay && h.water.secured)).toBe(true);
  });

  it('has a few percent dangerous houses in every renovation state', () => {
    const dangerous = county.households.filter((h) => h.housing.grade === 'C' || h.housing.grade === 'D');
    expect(dangerous.length / county.households.length).toBeGreaterThan(0.04);
    expect(dangerous.length / county.households.length).toBeLessThan(0.15);
    expect(new Set(dangerous.map((h) => h.housing.renovation))).toEqual(new Set(['none', 'planned', 'in-progress', 'finished', 'accepted']));
  });

  it('enrols about 99 % in basic medical insurance, a little fewer in critical-illness insurance', () => {
    const basic = county.members.filter((m) => m.basicMedical).length / county.members.length;
    const critical = county.members.filter((m) => m.criticalIllness).length / county.members.length;
    expect(basic).toBeGreaterThan(0.985);
    expect(basic).toBeLessThan(0.999);
    expect(critical).toBeLessThan(basic);
    expect(critical).toBeGreaterThan(0.97);
  });

  it('uses obviously fictitious phones and bank accounts', () => {
    expect(county.members.filter((m) => m.phone !== null && !/^13[0-8]0000\d{4}$/.test(m.phone)).map((m) => m.phone)).toEqual([]);
    expect(county.households.filter((h) => !/^1390000\d{4}$/.test(h.cadre.phone ?? '')).map((h) => h.cadre.phone)).toEqual([]);
    expect(county.households.filter((h) => h.bankAccount !== null && !/^62990000\d{11}$/.test(h.bankAccount)).map((h) => h.bankAccount)).toEqual([]);
  });

  it('has one income form per household for the year', () => {
    expect(county.incomes).toHaveLength(county.households.length);
    const ids = new Set(county.incomes.map((f) => f.householdId));
    expect(county.households.every((h) => ids.has(h.id))).toBe(true);
    expect(county.incomes.every((f) => f.year === 2018)).toBe(true);
    // Migrant workers' households report wages.
    const migrantHouseholds = new Set(county.members.filter((m) => m.migrantMonths !== null).map((m) => m.householdId));
    const withWages = county.incomes.filter((f) => migrantHouseholds.has(f.householdId) && (f.items.migrantWage ?? 0) > 0).length;
    expect(withWages / migrantHouseholds.size).toBeGreaterThan(0.9);
    // 低保 households receive 低保金.
    const dibao = new Set(county.households.filter((h) => h.attribute === 'dibao').map((h) => h.id));
    expect(county.incomes.filter((f) => dibao.has(f.householdId)).every((f) => (f.items.dibao ?? 0) > 0)).toBe(true);
  });

  it('points every task at an existing household and member, with the right sector', () => {
    const households = new Set(county.households.map((h) => h.id));
    const members = new Map(county.members.map((m) => [m.id, m]));
    const sectors: Record<string, string> = { water: '水务', education: '教育', medical: '医保', housing: '住建', 'food-clothing': '乡镇' };
    expect(county.tasks.length).toBeGreaterThan(1_000);
    expect(new Set(county.tasks.map((t) => t.id)).size).toBe(county.tasks.length);
    const wrong = county.tasks.filter((t) => {
      const memberOk =
        t.indicator === 'education' || t.indicator === 'medical' ? members.get(t.memberId ?? '')?.householdId === t.householdId : t.memberId === null;
      return !households.has(t.householdId) || !memberOk || t.sector !== sectors[t.indicator] || !['open', 'in-progress'].includes(t.status);
    });
    expect(wrong.map((t) => t.id)).toEqual([]);
    expect(county.tasks.some((t) => t.dueDate > REF)).toBe(true);
    expect(county.tasks.some((t) => t.dueDate === REF)).toBe(true);
  });

  it('hits the targeted distribution', () => {
    const s = summarizeDemo(detailed);
    expect(s.ruralPopulation).toBeGreaterThan(330_000);
    expect(s.ruralPopulation).toBeLessThan(400_000);
    expect(s.meanHouseholdSize).toBeGreaterThan(3.7);
    expect(s.meanHouseholdSize).toBeLessThan(4.1);
    expect(s.medianPoorVillageIncidence).toBeGreaterThan(0.1);
    expect(s.medianPoorVillageIncidence).toBeLessThan(0.4);
    expect(s.maxExitedVillageIncidence).toBeLessThan(0.03);
    // 120 poor villages, 30 exited; of the other 90, 74 planned to exit (4 behind on relocation), 16 deep-poverty.
    expect(s.poorVillages).toBe(120);
    expect(s.exitedPoorVillages).toBe(30);
    expect(s.plannedExitVillages).toBe(74);
    expect(s.deepPovertyVillages).toBe(16);
    expect(s.relocationBehindVillages).toBe(4);
    expect(s.medianPlannedVillageIncidence).toBeGreaterThan(0.1);
    expect(s.medianPlannedVillageIncidence).toBeLessThan(0.2);
    expect(s.medianDeepVillageIncidence).toBeGreaterThan(0.25);
    expect(s.medianDeepVillageIncidence).toBeLessThan(0.45);
    expect(s.attributeShares.general).toBeGreaterThan(0.65);
    expect(s.attributeShares.general).toBeLessThan(0.75);
    expect(s.attributeShares.dibao).toBeGreaterThan(0.2);
    expect(s.attributeShares.dibao).toBeLessThan(0.3);
    expect(s.attributeShares.tekun).toBeGreaterThan(0.03);
    expect(s.attributeShares.tekun).toBeLessThan(0.07);
    expect(s.outOfScopeShare).toBeGreaterThan(0.2);
    expect(s.outOfScopeShare).toBeLessThan(0.3);
    expect(s.belowLineShare).toBeGreaterThan(0.08);
    expect(s.belowLineShare).toBeLessThan(0.12);
    expect(s.exactLine).toBeGreaterThanOrEqual(5);
    expect(s.exactLine).toBeLessThanOrEqual(30);
    expect(s.nearLine).toBeGreaterThan(50);
    expect(s.excludedItemsMatter).toBeGreaterThan(10);
    expect(s.classShares.A).toBeGreaterThan(0.6);
    expect(s.classShares.A).toBeLessThan(0.7);
    expect(s.classShares.B).toBeGreaterThan(0.15);
    expect(s.classShares.B).toBeLessThan(0.25);
    expect(s.classShares.C).toBeGreaterThan(0.08);
    expect(s.classShares.C).toBeLessThan(0.15);
  });

  it('is classed by the assessment engine exactly as the generator intended', () => {
    const rulebook = loadRulebook('seed-county-2018');
    const results = assessHouseholds(records(county), rulebook, rulebook.assessmentDate);
    const intended = new Map(detailed.intents.map((i) => [i.householdId, i.expectedClass]));
    const mismatches = results
      .filter((r) => r.class !== intended.get(r.householdId))
      .map((r) => `${r.householdId}: ${intended.get(r.householdId)} ≠ ${r.class}`);
    expect(mismatches.slice(0, 5)).toEqual([]);
    const inScope = results.filter((r) => r.inScope);
    const share = (c: string) => inScope.filter((r) => r.class === c).length / inScope.length;
    expect(share('A')).toBeGreaterThan(0.6);
    expect(share('A')).toBeLessThan(0.7);
    expect(share('B')).toBeGreaterThan(0.15);
    expect(share('B')).toBeLessThan(0.25);
    expect(share('C')).toBeGreaterThan(0.08);
    expect(share('C')).toBeLessThan(0.15);
  });
});

/** Runs the real engine (households, villages, county) on a generated county. */
function assessDemo(detailed: DetailedCounty): { villages: VillageAssessment[]; county: CountyAssessment } {
  const rulebook = loadRulebook('seed-county-2018');
  const recs = records(detailed.county);
  const results = assessHouseholds(recs, rulebook, rulebook.assessmentDate);
  const villages = assessVillages(detailed.county.regions, recs, results, rulebook);
  const countyRegion = detailed.county.regions.find((r) => r.level === 'county') as Region;
  return { villages, county: assessCounty(countyRegion, villages, results, rulebook) };
}

const assessed = new Map<number, ReturnType<typeof assessDemo> & { detailed: DetailedCounty }>();

function assessedSeed(seed: number): ReturnType<typeof assessDemo> & { detailed: DetailedCounty } {
  let a = assessed.get(seed);
  if (!a) {
    const detailed = generateCountyDetailed({ seed });
    assessed.set(seed, (a = { detailed, ...assessDemo(detailed) }));
  }
  return a;
}

/** Why a blocked village is blocked: 'incidence' and/or the keys of its unmet village indicators. */
function blockers(v: VillageAssessment): string[] {
  const keys = v.indicators.filter((c) => !c.met).map((c) => c.key as string);
  return v.incidenceAfter !== null && v.incidenceAfter < 0.03 ? keys : ['incidence', ...keys];
}

describe('village exit at full scale, through the real engine: a county in its exit year', () => {
  // The default seed and two others: the figures are tuned, not pinned, so any seed should land here.
  it.each([20181231, 1, 2])(
    'seed %i: 65-80 per cent of the open poor villages pre-exit, near the 80 per cent line',
    (seed) => {
      const { detailed, villages, county } = assessedSeed(seed);
      const open = villages.filter((v) => v.poorVillage && !v.exited);
      const preExit = open.filter((v) => v.preExit);
      expect(open).toHaveLength(90);
      expect(preExit.length / open.length).toBeGreaterThanOrEqual(0.65);
      expect(preExit.length / open.length).toBeLessThanOrEqual(0.8);

      const share = (county.poorVillagesExited + county.poorVillagesPreExit) / county.poorVillages;
      expect(share).toBeGreaterThanOrEqual(0.75);
      expect(share).toBeLessThanOrEqual(0.85);
      expect(county.criteria.find((c) => c.key === 'exitedVillageShare')?.value).toBeCloseTo(share, 10);

      expect(county.incidenceAfter).not.toBeNull();
      expect(county.incidenceAfter as number).toBeLessThan(0.03);
      expect(county.criteria.find((c) => c.key === 'incidenceAfter')?.met).toBe(true);

      // The planned villages sit at 10-20 % before this year's exits.
      const plannedCodes = new Set(detailed.villages.filter((p) => p.kind === 'planned').map((p) => p.code));
      const plannedNow = open
        .filter((v) => plannedCodes.has(v.code))
        .map((v) => v.incidenceNow as number)
        .sort((a, b) => a - b);
      const medianNow = plannedNow[Math.floor(plannedNow.length / 2)] as number;
      expect(medianNow).toBeGreaterThan(0.1);
      expect(medianNow).toBeLessThan(0.2);
    },
    60_000,
  );

  it('blocks the other poor villages for a readable mix of reasons, incidence first', () => {
    const { villages } = assessedSeed(20181231);
    const blocked = villages.filter((v) => v.poorVillage && !v.exited && !v.preExit);
    const counts = new Map<string, number>();
    for (const v of blocked) for (const k of blockers(v)) counts.set(k, (counts.get(k) ?? 0) + 1);
    const incidence = counts.get('incidence') ?? 0;
    // Most are still at or above 3 % after this year's exits ...
    expect(incidence / blocked.length).toBeGreaterThan(0.5);
    expect([...counts.values()].every((n) => n <= incidence)).toBe(true);
    // ... and some lack only a village indicator, not all the same one.
    const indicatorOnly = blocked.filter((v) => !blockers(v).includes('incidence'));
    expect(indicatorOnly.length).toBeGreaterThanOrEqual(3);
    expect(new Set(indicatorOnly.flatMap(blockers)).size).toBeGreaterThanOrEqual(2);
    expect(counts.get('collectiveIncome') ?? 0).toBeGreaterThan(0);
    expect([...counts.keys()].filter((k) => k !== 'incidence').length).toBeGreaterThanOrEqual(3);
    // Every blocked village says why, in Chinese.
    expect(blocked.every((v) => v.reasons.length > 0 && v.reasons.every((r) => /\p{Script=Han}/u.test(r)))).toBe(true);
  }, 60_000);

  it("keeps the generator's plan: deep-poverty villages stay above 3 %, planned ones fall below it", () => {
    const { detailed, villages } = assessedSeed(20181231);
    const byCode = new Map(villages.map((v) => [v.code, v]));
    const plan = (pred: (p: DetailedCounty['villages'][number]) => boolean) =>
      detailed.villages.filter(pred).map((p) => byCode.get(p.code) as VillageAssessment);
    const deep = plan((p) => p.kind === 'deep');
    const onTrack = plan((p) => p.kind === 'planned' && !p.relocationBehind);
    const behind = plan((p) => p.relocationBehind);
    expect(deep.length).toBeGreaterThan(0);
    expect(deep.filter((v) => v.preExit).map((v) => v.code)).toEqual([]);
    expect(deep.every((v) => (v.incidenceAfter ?? 1) >= 0.03)).toBe(true);
    // Collective income of 0 is rare where a village is about to exit.
    const zeroIncome = (vs: VillageAssessment[]) => vs.filter((v) => v.indicators.some((c) => c.key === 'collectiveIncome' && !c.met)).length / vs.length;
    expect(zeroIncome(onTrack)).toBeLessThan(zeroIncome(deep));
    const onTrackLow = onTrack.filter((v) => (v.incidenceAfter ?? 1) < 0.03).length / onTrack.length;
    expect(onTrackLow).toBeGreaterThan(0.95);
    expect(behind.length).toBeGreaterThan(0);
    expect(behind.filter((v) => (v.incidenceAfter ?? 0) >= 0.03).length).toBeGreaterThan(behind.length / 2);
  }, 60_000);
});
