// Village exit (贫困村退出, docs/rulebooks.md) and township sums. Pure.
//
// remainingPoor counts people in registered households whose status is not 'exited' — in scope
// or not (a relocated-not-moved-in household is still poor). preExitPeople counts people in
// those same not-exited households whose class is pre-exit, so incidence after exit never goes
// below zero even under a rulebook (monitoring) that also classes already-exited households.
import type { HouseholdRecord, Region, VillageIndicators } from './types.js';
import type { HouseholdAssessment, TownshipSummary, VillageAssessment, VillageIndicatorCheck } from './assessment.js';
import type { Rulebook } from './rulebook.js';

export const NO_RURAL_POPULATION = '缺少农村户籍人口';

/**
 * A village counts as exited only when its exit is recorded as done (已退出) or its exit year is
 * before the assessment year. An exit year equal to it is this year's plan: the village is a
 * candidate whose incidence and indicators are checked (docs/rulebooks.md).
 */
export function villageExited(v: Pick<Region, 'exited' | 'exitYear'>, year: number): boolean {
  return v.exited || (v.exitYear !== null && v.exitYear < year);
}

export function formatPercent(x: number): string {
  return `${(Math.round(x * 10000) / 100).toFixed(2)}%`;
}

function incidence(people: number, population: number | null): number | null {
  return population === null || population <= 0 ? null : people / population;
}

function bump(counts: Record<string, number>, key: string, by: number): void {
  counts[key] = (counts[key] ?? 0) + by;
}

export function checkVillageIndicators(indicators: VillageIndicators | null, rb: Rulebook): VillageIndicatorCheck[] {
  return rb.village.indicators.map((rule) => {
    const value = indicators?.[rule.key] ?? null;
    let met: boolean;
    if (typeof value === 'number') met = value >= (rule.min ?? 0);
    else met = value === true;
    return { key: rule.key, label: rule.label, met, value };
  });
}

function indicatorReason(c: VillageIndicatorCheck, rb: Rulebook): string | null {
  if (c.met) return null;
  if (c.value === null) return `${c.label}：未填报`;
  if (typeof c.value === 'number') {
    const min = rb.village.indicators.find((r) => r.key === c.key)?.min ?? 0;
    return `${c.label}：${c.value}元，低于${min}元`;
  }
  return `${c.label}：未达标`;
}

export function assessVillages(regions: Region[], households: HouseholdRecord[], results: HouseholdAssessment[], rulebook: Rulebook): VillageAssessment[] {
  const byCode = new Map(regions.map((r) => [r.code, r]));
  const preExitClasses = new Set(rulebook.classes.filter((c) => c.preExit).map((c) => c.code));
  const classOf = new Map<string, HouseholdAssessment>();
  for (const r of results) classOf.set(r.householdId, r);

  interface Tally {
    remaining: number;
    preExit: number;
    households: Record<string, number>;
    people: Record<string, number>;
  }
  const tallies = new Map<string, Tally>();
  for (const r of regions) if (r.level === 'village') tallies.set(r.code, { remaining: 0, preExit: 0, households: {}, people: {} });

  for (const rec of households) {
    const t = tallies.get(rec.household.villageCode);
    if (!t) continue;
    const size = rec.members.length;
    const result = classOf.get(rec.household.id);
    const notExited = rec.household.status !== 'exited';
    if (notExited) t.remaining += size;
    if (result) {
      bump(t.households, result.class, 1);
      bump(t.people, result.class, size);
      if (notExited && preExitClasses.has(result.class)) t.preExit += size;
    }
  }

  const out: VillageAssessment[] = [];
  for (const v of regions) {
    if (v.level !== 'village') continue;
    const t = tallies.get(v.code)!;
    const parent = v.parentCode === null ? undefined : byCode.get(v.parentCode);
    const exited = villageExited(v, rulebook.year);
    const incidenceNow = incidence(t.remaining, v.ruralPopulation);
    const incidenceAfter = incidence(t.remaining - t.preExit, v.ruralPopulation);
    const indicators = checkVillageIndicators(v.indicators, rulebook);
    const indicatorsMet = indicators.every((c) => c.met);

    const reasons: string[] = [];
    if (!v.poorVillage) reasons.push('非贫困村');
    else if (exited) reasons.push(v.exitYear === null ? '已退出' : `已于${v.exitYear}年退出`);
    if (incidenceAfter === null) reasons.push(NO_RURAL_POPULATION);
    else if (!(incidenceAfter < rulebook.village.maxIncidence)) {
      reasons.push(`脱贫后贫困发生率${formatPercent(incidenceAfter)}，未低于${formatPercent(rulebook.village.maxIncidence)}`);
    }
    // Village indicators decide only a poor village's exit; elsewhere they would be noise.
    if (v.poorVillage && !exited) {
      for (const c of indicators) {
        const r = indicatorReason(c, rulebook);
        if (r !== null) reasons.push(r);
      }
    }
    const preExit = v.poorVillage && !exited && incidenceAfter !== null && incidenceAfter < rulebook.village.maxIncidence && indicatorsMet;

    out.push({
      code: v.code,
      name: v.name,
      townshipCode: parent?.level === 'township' ? parent.code : null,
      poorVillage: v.poorVillage,
      exited,
      ruralPopulation: v.ruralPopulation,
      remainingPoor: t.remaining,
      preExitPeople: t.preExit,
      incidenceNow,
      incidenceAfter,
      households: t.households,
      people: t.people,
      indicators,
      indicatorsMet,
      preExit,
      reasons,
    });
  }
  return out;
}

/**
 * Townships: sums of their villages. The rural population sums the villages that have one; a
 * village without it still adds its poor people, which errs toward a higher incidence — the
 * safe side for an exit decision — and shows up as 缺少农村户籍人口 on the village itself.
 */
export function summarizeTownships(regions: Region[], villages: VillageAssessment[]): TownshipSummary[] {
  const byTownship = new Map<string, VillageAssessment[]>();
  for (const v of villages) {
    if (v.townshipCode === null) continue;
    let list = byTownship.get(v.townshipCode);
    if (!list) byTownship.set(v.townshipCode, (list = []));
    list.push(v);
  }
  const out: TownshipSummary[] = [];
  for (const t of regions) {
    if (t.level !== 'township') continue;
    const list = byTownship.get(t.code) ?? [];
    const households: Record<string, number> = {};
    const people: Record<string, number> = {};
    let remaining = 0;
    let preExitPeople = 0;
    let rural = 0;
    let preExitVillages = 0;
    for (const v of list) {
      for (const [k, n] of Object.entries(v.households)) bump(households, k, n);
      for (const [k, n] of Object.entries(v.people)) bump(people, k, n);
      remaining += v.remainingPoor;
      preExitPeople += v.preExitPeople;
      rural += v.ruralPopulation ?? 0;
      if (v.preExit) preExitVillages++;
    }
    out.push({
      code: t.code,
      name: t.name,
      households,
      people,
      remainingPoor: remaining,
      ruralPopulation: rural,
      incidenceNow: incidence(remaining, rural),
      incidenceAfter: incidence(remaining - preExitPeople, rural),
      villages: list.length,
      preExitVillages,
    });
  }
  return out;
}
