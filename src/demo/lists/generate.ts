/**
 * The demo county's outside lists with their ground truth (`tuopin demo --lists DIR`). Pure and
 * seeded: the same county and seed give the same lists and the same truth, row for row.
 */
import { LIST_KINDS } from '../../io/lists/profiles.js';
import type { ListKind } from '../../io/lists/profiles.js';
import { DEMO_COUNTY_NAME } from '../generate.js';
import type { DemoCounty } from '../generate.js';
import type { DemoList, Discrepancy, TruthRow } from './builder.js';
import { LIST_BUILDERS } from './kinds.js';
import { peopleOf } from './people.js';

export interface DemoLists {
  seed: number;
  lists: Record<ListKind, DemoList>;
}

/** truth.json: the agreed shape between the cross-check branches. */
export interface DemoTruth {
  seed: number;
  lists: Record<ListKind, { source: string; asOf: string; rows: TruthRow[]; discrepancies: Discrepancy[] }>;
}

export function generateDemoLists(county: DemoCounty, opts: { seed: number; year?: number }): DemoLists {
  const people = peopleOf(county, opts.seed);
  const countyName = county.regions.find((r) => r.level === 'county')?.name ?? DEMO_COUNTY_NAME;
  const ctx = { people, year: opts.year ?? 2018, seed: opts.seed, countyName };
  const lists = {} as Record<ListKind, DemoList>;
  for (const kind of LIST_KINDS) lists[kind] = LIST_BUILDERS[kind](ctx);
  return { seed: opts.seed, lists };
}

export function truthOf(d: DemoLists): DemoTruth {
  const lists = {} as DemoTruth['lists'];
  for (const kind of LIST_KINDS) {
    const l = d.lists[kind];
    lists[kind] = { source: l.source, asOf: l.asOf, rows: l.truth, discrepancies: l.discrepancies };
  }
  return { seed: d.seed, lists };
}
