/**
 * Figures describing a generated county: what the generator produced, as shares, so a test or a
 * `demo` command can show that the county looks like the one the README describes (about 15,000 households, 59,000 people). Read from the
 * generated records and the generator's intents; it does not run the assessment engine.
 */
import type { DetailedCounty } from './generate.js';
import { DEMO_RULES } from './generate.js';
import { villageExited } from '../domain/village.js';

export interface DemoSummary {
  townships: number;
  villages: number;
  poorVillages: number;
  exitedPoorVillages: number;
  /** Poor villages not yet exited, as the generator meant them: planned to exit this year or deep-poverty. */
  plannedExitVillages: number;
  deepPovertyVillages: number;
  /** Planned villages behind on relocation (meant to end near or just above 3 %). */
  relocationBehindVillages: number;
  ruralPopulation: number;
  households: number;
  people: number;
  meanHouseholdSize: number;
  /** Registered poor not yet exited ÷ rural population. */
  countyIncidence: number;
  /** Median incidence of the poor villages not yet exited. */
  medianPoorVillageIncidence: number;
  /** Median incidence (before this year's exits) of the villages planned to exit, and of the deep-poverty villages. */
  medianPlannedVillageIncidence: number;
  medianDeepVillageIncidence: number;
  /** Highest incidence among exited poor villages. */
  maxExitedVillageIncidence: number;
  attributeShares: Record<string, number>;
  statusShares: Record<string, number>;
  /** Shares of all registered households. */
  scopeShares: Record<string, number>;
  outOfScopeShare: number;
  inScopeHouseholds: number;
  /** Shares of in-scope households, as the generator intends them (A/B/C). */
  classShares: Record<string, number>;
  /** In-scope households whose counted per-capita net does not exceed the line. */
  belowLineShare: number;
  /** In-scope households within ±100 yuan per capita of the line. */
  nearLine: number;
  /** In-scope households exactly on the line. */
  exactLine: number;
  /** In-scope households at or below the line that the excluded items would lift over it. */
  excludedItemsMatter: number;
  /** Share of in-scope households with the indicator unmet. */
  gapShares: Record<string, number>;
  tasks: number;
}

function shares(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  for (const k of Object.keys(out)) out[k] = (out[k] ?? 0) / values.length;
  return out;
}

function median(xs: number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

export function summarizeDemo({ county, intents, villages: plans }: DetailedCounty): DemoSummary {
  // The generated year: every income form is of it.
  const DEMO_YEAR = county.incomes[0]?.year ?? 0;
  const villages = county.regions.filter((r) => r.level === 'village');
  const sizeOf = new Map<string, number>();
  for (const m of county.members) sizeOf.set(m.householdId, (sizeOf.get(m.householdId) ?? 0) + 1);
  const remainingByVillage = new Map<string, number>();
  for (const h of county.households) {
    if (h.status === 'exited') continue;
    remainingByVillage.set(h.villageCode, (remainingByVillage.get(h.villageCode) ?? 0) + (sizeOf.get(h.id) ?? 0));
  }
  const incidence = (code: string, pop: number | null): number => (remainingByVillage.get(code) ?? 0) / (pop ?? 1);
  const ruralPopulation = villages.reduce((s, v) => s + (v.ruralPopulation ?? 0), 0);
  const remaining = [...remainingByVillage.values()].reduce((a, b) => a + b, 0);

  const kindOf = new Map(plans.map((p) => [p.code, p.kind]));
  const medianOf = (kind: string): number => median(villages.filter((v) => kindOf.get(v.code) === kind).map((v) => incidence(v.code, v.ruralPopulation)));

  const inScope = intents.filter((i) => i.scope === 'in-scope');
  const line = DEMO_RULES.line;
  const gapShares: Record<string, number> = {};
  for (const i of inScope) for (const g of new Set(i.gaps.map((x) => x.indicator))) gapShares[g] = (gapShares[g] ?? 0) + 1;
  for (const k of Object.keys(gapShares)) gapShares[k] = (gapShares[k] ?? 0) / inScope.length;

  return {
    townships: county.regions.filter((r) => r.level === 'township').length,
    villages: villages.length,
    poorVillages: villages.filter((v) => v.poorVillage).length,
    exitedPoorVillages: villages.filter((v) => v.poorVillage && villageExited(v, DEMO_YEAR)).length,
    plannedExitVillages: plans.filter((p) => p.kind === 'planned').length,
    deepPovertyVillages: plans.filter((p) => p.kind === 'deep').length,
    relocationBehindVillages: plans.filter((p) => p.relocationBehind).length,
    ruralPopulation,
    households: county.households.length,
    people: county.members.length,
    meanHouseholdSize: county.members.length / county.households.length,
    countyIncidence: remaining / ruralPopulation,
    medianPoorVillageIncidence: median(villages.filter((v) => v.poorVillage && !villageExited(v, DEMO_YEAR)).map((v) => incidence(v.code, v.ruralPopulation))),
    medianPlannedVillageIncidence: medianOf('planned'),
    medianDeepVillageIncidence: medianOf('deep'),
    maxExitedVillageIncidence: Math.max(0, ...villages.filter((v) => villageExited(v, DEMO_YEAR)).map((v) => incidence(v.code, v.ruralPopulation))),
    attributeShares: shares(county.households.map((h) => h.attribute)),
    statusShares: shares(county.households.map((h) => h.status)),
    scopeShares: shares(intents.map((i) => i.scope)),
    outOfScopeShare: intents.filter((i) => i.scope !== 'in-scope').length / intents.length,
    inScopeHouseholds: inScope.length,
    classShares: shares(inScope.map((i) => i.expectedClass)),
    belowLineShare: inScope.filter((i) => i.countedNet <= line * i.size).length / inScope.length,
    nearLine: inScope.filter((i) => Math.abs(i.countedNet - line * i.size) <= 100 * i.size).length,
    exactLine: inScope.filter((i) => i.countedNet === line * i.size).length,
    excludedItemsMatter: inScope.filter((i) => i.countedNet <= line * i.size && i.netWithExcluded > line * i.size).length,
    gapShares,
    tasks: county.tasks.length,
  };
}
