// The weekly analysis's what-if (推演): if these open tasks were done and accepted, which households
// would become exit-ready, which villages could exit, would the county meet its criteria. The same
// pure assessment as a real run, over copies of the records; nothing is written anywhere.
import type { CountyAssessment, HouseholdAssessment, VillageAssessment } from './assessment.js';
import { exitReadyCodes } from './classes.js';
import { assessHouseholds } from './classify.js';
import { assessCounty } from './county.js';
import type { Rulebook } from './rulebook.js';
import type { HouseholdRecord, Region, Task } from './types.js';
import { assessVillages } from './village.js';

/** Tasks a what-if may close: not yet accepted, not cancelled or declined. */
const CLOSABLE: readonly Task['status'][] = ['proposed', 'open', 'in-progress', 'done', 'returned'];

export const isClosable = (t: Task): boolean => CLOSABLE.includes(t.status);

export interface ClassMove {
  householdId: string;
  villageCode: string;
  from: string;
  to: string;
}

export interface VillageMove {
  code: string;
  name: string;
  townshipCode: string | null;
  before: boolean;
  after: boolean;
}

export interface WhatIfResult {
  /** The tasks taken as done and accepted. */
  tasks: number;
  /** Households whose class changes, and those of them that become exit-ready. */
  moves: ClassMove[];
  becomeReady: ClassMove[];
  villages: VillageMove[];
  /** Null when the records hold no county region (a township's what-if). */
  county: { before: CountyAssessment; after: CountyAssessment } | null;
}

function villageAndCounty(regions: Region[], records: HouseholdRecord[], results: HouseholdAssessment[], rb: Rulebook) {
  const villages = assessVillages(regions, records, results, rb);
  const countyRegion = regions.find((r) => r.level === 'county');
  return { villages, county: countyRegion === undefined ? null : assessCounty(countyRegion, villages, results, rb) };
}

/** Assesses the records as they are and with the chosen tasks verified, and compares. */
export function whatIf(regions: Region[], records: HouseholdRecord[], rb: Rulebook, referenceDate: string, taskIds: ReadonlySet<string>): WhatIfResult {
  let tasks = 0;
  const changed = records.map((r) => {
    if (!r.tasks.some((t) => taskIds.has(t.id) && isClosable(t))) return r;
    return {
      ...r,
      tasks: r.tasks.map((t) => {
        if (!taskIds.has(t.id) || !isClosable(t)) return t;
        tasks += 1;
        return { ...t, status: 'verified' as const };
      }),
    };
  });
  const before = assessHouseholds(records, rb, referenceDate);
  const after = assessHouseholds(changed, rb, referenceDate);
  const ready = new Set(exitReadyCodes(rb));
  const moves: ClassMove[] = [];
  before.forEach((b, i) => {
    const a = after[i]!;
    if (a.class !== b.class) moves.push({ householdId: b.householdId, villageCode: records[i]!.household.villageCode, from: b.class, to: a.class });
  });
  const was = villageAndCounty(regions, records, before, rb);
  const will = villageAndCounty(regions, changed, after, rb);
  const beforeByCode = new Map<string, VillageAssessment>(was.villages.map((v) => [v.code, v]));
  const villages = will.villages
    .filter((v) => v.poorVillage && !v.exited)
    .map((v) => ({ code: v.code, name: v.name, townshipCode: v.townshipCode, before: beforeByCode.get(v.code)?.preExit ?? false, after: v.preExit }))
    .filter((v) => v.before || v.after);
  return {
    tasks,
    moves,
    becomeReady: moves.filter((m) => ready.has(m.to) && !ready.has(m.from)),
    villages,
    county: was.county === null || will.county === null ? null : { before: was.county, after: will.county },
  };
}

/** How many households a rulebook switch would move, pair by pair (before confirming it). */
export function classChanges(
  before: readonly HouseholdAssessment[],
  after: readonly HouseholdAssessment[],
): { from: string; to: string; households: number }[] {
  const byId = new Map(after.map((a) => [a.householdId, a.class]));
  const pairs = new Map<string, { from: string; to: string; households: number }>();
  for (const b of before) {
    const to = byId.get(b.householdId);
    if (to === undefined || to === b.class) continue;
    const k = `${b.class}→${to}`;
    const p = pairs.get(k) ?? { from: b.class, to, households: 0 };
    p.households += 1;
    pairs.set(k, p);
  }
  return [...pairs.values()].sort((a, b) => b.households - a.households || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}
