// Use case: the household list of the web (农户): search, filters, sort and paging in SQL with the
// viewer's scope; labels (class, village, township) added here.
import type { Region } from '../domain/types.js';
import { ALL, type HouseholdListRow, type HouseholdSearch, type Store } from '../store/index.js';
import type { Access } from './access.js';
import { classLabeler, tryRulebookById } from './rulebooks.js';

export interface RegionNames {
  name(code: string | null): string | null;
  region(code: string): Region | undefined;
}

/** Region names for labels. Names are not personal data; rows are scoped before they are named. */
export async function regionNames(store: Store): Promise<RegionNames> {
  const regions = await store.regions.list(ALL);
  const byCode = new Map(regions.map((r) => [r.code, r]));
  return { name: (code) => (code === null ? null : (byCode.get(code)?.name ?? code)), region: (code) => byCode.get(code) };
}

export interface HouseholdListItem extends HouseholdListRow {
  classLabel: string | null;
  villageName: string | null;
  townshipName: string | null;
}

export interface HouseholdList {
  total: number;
  page: number;
  pageSize: number;
  runId: number | null;
  items: HouseholdListItem[];
}

export interface ListQuery extends Omit<HouseholdSearch, 'offset' | 'limit' | 'runId' | 'trx' | 'idVisibility'> {
  page?: number;
  pageSize?: number;
}

export async function searchHouseholds(store: Store, viewer: Access, query: ListQuery): Promise<HouseholdList> {
  const page = Math.max(1, query.page ?? 1);
  const pageSize = Math.max(1, Math.min(200, query.pageSize ?? 20));
  const run = await store.assessments.latestRun();
  const { page: _p, pageSize: _s, ...filters } = query;
  const [result, names] = await Promise.all([
    // A search matches ID numbers only as far as the viewer sees them, so it cannot confirm hidden digits.
    store.search.households(viewer.scope, {
      ...filters,
      idVisibility: viewer.mask.idNumber,
      runId: run?.id ?? -1,
      offset: (page - 1) * pageSize,
      limit: pageSize,
    }),
    regionNames(store),
  ]);
  const label = classLabeler(run === null ? null : tryRulebookById(run.rulebookId));
  return {
    total: result.total,
    page,
    pageSize,
    runId: run?.id ?? null,
    items: result.items.map((r) => ({
      ...r,
      classLabel: label(r.class),
      villageName: names.name(r.villageCode),
      townshipName: names.name(r.townshipCode),
    })),
  };
}
