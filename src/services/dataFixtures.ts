// Test fixtures for the data services and routes: a small generated county stored and assessed,
// and one viewer per role with the records each may and may not see.
import { generateCounty, type DemoCounty } from '../demo/generate.js';
import { maskFor } from '../domain/mask.js';
import type { HouseholdRecord } from '../domain/types.js';
import { loadRulebook } from '../rulebooks/loader.js';
import { ALL, diffRecords, regionsScope, type Store } from '../store/index.js';
import type { Access } from './access.js';
import { reassess } from './reassess.js';

export const clerk = { id: 'u-clerk', name: '县扶贫办录入员' };

export function countyRecords(county: DemoCounty): HouseholdRecord[] {
  const records = new Map<string, HouseholdRecord>();
  for (const h of county.households) records.set(h.id, { household: h, members: [], income: null, tasks: [] });
  for (const m of county.members) records.get(m.householdId)?.members.push(m);
  for (const f of county.incomes) {
    const r = records.get(f.householdId);
    if (r) r.income = f;
  }
  for (const t of county.tasks) records.get(t.householdId)?.tasks.push(t);
  return [...records.values()];
}

export interface SeededCounty {
  county: DemoCounty;
  runId: number;
  countyCode: string;
  /** Two townships: the viewers' own (A) and the other one (B). */
  townshipA: string;
  townshipB: string;
  /** A village of township A (the village viewer's) and another village of A. */
  villageA1: string;
  villageA2: string | null;
  /** Households by place, for in-scope / out-of-scope checks. */
  householdsOf(code: string): string[];
}

/** Stores a generated county as the importer would (one plan, one change row per household) and saves a run. */
export async function seedCounty(store: Store, opts: { seed?: number; scale?: number; clock?: () => string } = {}): Promise<SeededCounty> {
  const county = generateCounty({ seed: opts.seed ?? 7, scale: opts.scale ?? 0.02, year: 2018 });
  const clock = opts.clock ?? store.clock;
  const plan = diffRecords({ regions: [], records: [] }, { regions: county.regions, records: countyRecords(county) }, { syncTasks: true });
  await store.transaction((trx) => store.registry.applyImport(trx, plan, clerk, '导入花名册 示范县花名册.xlsx', 'imp-fixture', clock()));
  const report = await reassess({ store, actor: clerk, clock }, { rulebook: loadRulebook('seed-county-2018') });
  const townships = county.regions.filter((r) => r.level === 'township').map((r) => r.code);
  const villagesOf = (t: string) => county.regions.filter((r) => r.level === 'village' && r.parentCode === t).map((r) => r.code);
  const townshipA = townships[0]!;
  const townshipB = townships[1]!;
  const villageOfHousehold = new Map(county.households.map((h) => [h.id, h.villageCode]));
  const parent = new Map(county.regions.map((r) => [r.code, r.parentCode]));
  return {
    county,
    runId: report.runId,
    countyCode: county.regions.find((r) => r.level === 'county')!.code,
    townshipA,
    townshipB,
    villageA1: villagesOf(townshipA)[0]!,
    villageA2: villagesOf(townshipA)[1] ?? null,
    householdsOf: (code) =>
      county.households
        .filter((h) => {
          const v = villageOfHousehold.get(h.id)!;
          return v === code || parent.get(v) === code || code === 'all';
        })
        .map((h) => h.id),
  };
}

export function viewersFor(s: SeededCounty): Record<'county' | 'leader' | 'sector' | 'township' | 'village', Access> {
  return {
    county: { userId: 'u-county', name: '县扶贫办张三', role: 'county', scope: ALL, sector: null, mask: maskFor('office') },
    leader: { userId: 'u-leader', name: '县领导李四', role: 'leader', scope: regionsScope([s.townshipA]), sector: null, mask: maskFor('internal') },
    sector: { userId: 'u-sector', name: '住建局王五', role: 'sector', scope: ALL, sector: '住建', mask: maskFor('internal') },
    township: { userId: 'u-township', name: '乡镇赵六', role: 'township', scope: regionsScope([s.townshipA]), sector: null, mask: maskFor('internal') },
    village: { userId: 'u-village', name: '村文书钱七', role: 'village', scope: regionsScope([s.villageA1]), sector: null, mask: maskFor('internal') },
  };
}
