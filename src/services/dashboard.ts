// Use case: the dashboard (总览) of the latest run, in the viewer's scope. Everything comes from
// stored figures: class tallies and failing-indicator counts are two aggregate queries, the
// incidence figures sum the stored village results, so nothing is re-assessed per request.
import { OUT_OF_SCOPE, type Criterion, type TownshipSummary } from '../domain/assessment.js';
import { INDICATOR_LABELS } from '../domain/labels.js';
import { summarizeTownships } from '../domain/village.js';
import type { Region } from '../domain/types.js';
import type { Rulebook } from '../domain/rulebook.js';
import { ALL, type Store } from '../store/index.js';
import { isCountyWide, type Access } from './access.js';
import { classLabeler, tryRulebookById } from './rulebooks.js';
import { withPreAssessment } from './spotChecks.js';

export interface ClassFigure {
  code: string;
  label: string;
  preExit: boolean;
  households: number;
  people: number;
}

export interface Dashboard {
  run: { id: number; at: string; rulebookId: string; rulebookName: string; referenceDate: string } | null;
  registeredHouseholds: number;
  registeredPoor: number;
  inScopeHouseholds: number;
  inScopePeople: number;
  /** Every class of the run's rulebook (zeros included) and the out-of-scope class last. */
  classes: ClassFigure[];
  remainingPoor: number;
  ruralPopulation: number;
  incidenceNow: number | null;
  incidenceAfter: number | null;
  villages: number;
  poorVillages: number;
  preExitVillages: number;
  townships: (TownshipSummary & { classes: ClassFigure[] })[];
  /** In-scope households failing each indicator, most common first (zeros left out). */
  failing: { code: string; label: string; households: number }[];
  /** County exit criteria and what blocks the county: county-wide viewers only. */
  county: { name: string; ready: boolean | null; blockers: string[]; criteria: Criterion[] } | null;
}

const FAILING_CODES = ['income', 'food-clothing', 'water', 'education', 'medical', 'housing'];

function indicatorLabel(rb: Rulebook | null, code: string): string {
  if (rb !== null && code !== 'income') {
    const ind = (rb.indicators as Record<string, { label: string } | undefined>)[code];
    if (ind !== undefined) return ind.label;
  }
  return INDICATOR_LABELS.labels[code as keyof typeof INDICATOR_LABELS.labels] ?? code;
}

function classFigures(rb: Rulebook | null, households: Record<string, number>, people: Record<string, number>): ClassFigure[] {
  const label = classLabeler(rb);
  const codes = [...(rb?.classes.map((c) => c.code) ?? [])];
  for (const k of Object.keys(households)) if (!codes.includes(k) && k !== OUT_OF_SCOPE) codes.push(k);
  codes.push(OUT_OF_SCOPE);
  const pre = new Set((rb?.classes ?? []).filter((c) => c.preExit).map((c) => c.code));
  return codes.map((code) => ({ code, label: label(code) ?? code, preExit: pre.has(code), households: households[code] ?? 0, people: people[code] ?? 0 }));
}

export async function dashboard(store: Store, viewer: Access): Promise<Dashboard> {
  const run = await store.assessments.latestRun();
  const rb = run === null ? null : tryRulebookById(run.rulebookId);
  const runId = run?.id ?? -1;
  const [tallies, villages, failingCounts, regions] = await Promise.all([
    store.assessments.classTallies(viewer.scope, { runId }),
    store.assessments.latestVillages(viewer.scope, { runId }),
    store.assessments.failingCounts(viewer.scope, FAILING_CODES, { runId }),
    store.regions.list(ALL),
  ]);

  const households: Record<string, number> = {};
  const people: Record<string, number> = {};
  let registeredHouseholds = 0;
  let registeredPoor = 0;
  let inScopeHouseholds = 0;
  let inScopePeople = 0;
  for (const t of tallies) {
    households[t.class] = (households[t.class] ?? 0) + t.households;
    people[t.class] = (people[t.class] ?? 0) + t.people;
    registeredHouseholds += t.households;
    registeredPoor += t.people;
    if (t.inScope) {
      inScopeHouseholds += t.households;
      inScopePeople += t.people;
    }
  }

  let remaining = 0;
  let preExitPeople = 0;
  let rural = 0;
  let poorVillages = 0;
  let preExitVillages = 0;
  for (const v of villages) {
    remaining += v.remainingPoor;
    preExitPeople += v.preExitPeople;
    rural += v.ruralPopulation ?? 0;
    if (v.poorVillage) poorVillages++;
    if (v.preExit) preExitVillages++;
  }

  // Townships of the villages in scope (a village user sees the one row of its own township).
  const townshipCodes = new Set(villages.map((v) => v.townshipCode).filter((c): c is string => c !== null));
  const townshipRegions: Region[] = regions.filter((r) => r.level === 'township' && townshipCodes.has(r.code));
  const townships = summarizeTownships(townshipRegions, villages).map((t) => ({ ...t, classes: classFigures(rb, t.households, t.people) }));

  const countyRegion = regions.find((r) => r.level === 'county') ?? null;
  const county =
    run?.county !== null && run?.county !== undefined && isCountyWide(viewer.scope, countyRegion?.code ?? null)
      ? { name: run.county.name, ...(await withPreAssessment(store, run.county)) }
      : null;

  return {
    run:
      run === null ? null : { id: run.id, at: run.at, rulebookId: run.rulebookId, rulebookName: rb?.name ?? run.rulebookId, referenceDate: run.referenceDate },
    registeredHouseholds,
    registeredPoor,
    inScopeHouseholds,
    inScopePeople,
    classes: classFigures(rb, households, people),
    remainingPoor: remaining,
    ruralPopulation: rural,
    incidenceNow: rural > 0 ? remaining / rural : null,
    incidenceAfter: rural > 0 ? (remaining - preExitPeople) / rural : null,
    villages: villages.length,
    poorVillages,
    preExitVillages,
    townships,
    failing: FAILING_CODES.map((code) => ({ code, label: indicatorLabel(rb, code), households: failingCounts[code] ?? 0 }))
      .filter((f) => f.households > 0)
      .sort((a, b) => b.households - a.households),
    county,
  };
}
