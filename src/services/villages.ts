// Use case: village exit (村退出): the stored village results of the latest run in scope, and one
// village's page with its households grouped by class.
import type { VillageAssessment } from '../domain/assessment.js';
import type { Store } from '../store/index.js';
import { notFound, type Access } from './access.js';
import { regionNames, searchHouseholds, type HouseholdListItem } from './searchHouseholds.js';
import { classLabeler, tryRulebookById } from './rulebooks.js';

export interface VillageRow extends VillageAssessment {
  townshipName: string | null;
}

export interface VillageDetail {
  village: VillageRow;
  classes: { code: string; label: string; households: HouseholdListItem[] }[];
}

export async function listVillages(store: Store, viewer: Access, filter: { township?: string; preExit?: boolean } = {}): Promise<VillageRow[]> {
  const [villages, names] = await Promise.all([store.assessments.latestVillages(viewer.scope), regionNames(store)]);
  return villages
    .filter((v) => (filter.township === undefined || v.townshipCode === filter.township) && (filter.preExit === undefined || v.preExit === filter.preExit))
    .map((v) => ({ ...v, townshipName: names.name(v.townshipCode) }));
}

export async function villageDetail(store: Store, viewer: Access, code: string): Promise<VillageDetail> {
  const [village] = await store.assessments.latestVillages(viewer.scope).then((vs) => vs.filter((v) => v.code === code));
  if (village === undefined) {
    // Out of scope answers as absent, so village codes cannot be probed.
    throw notFound('该村的测算结果');
  }
  const names = await regionNames(store);
  const items: HouseholdListItem[] = [];
  for (let page = 1; ; page++) {
    const batch = await searchHouseholds(store, viewer, { village: code, sort: 'class', page, pageSize: 200 });
    items.push(...batch.items);
    if (items.length >= batch.total || batch.items.length === 0) break;
  }
  const run = await store.assessments.latestRun();
  const label = classLabeler(run === null ? null : tryRulebookById(run.rulebookId));
  const groups = new Map<string, HouseholdListItem[]>();
  for (const h of items) {
    const key = h.class ?? '';
    let list = groups.get(key);
    if (list === undefined) groups.set(key, (list = []));
    list.push(h);
  }
  return {
    village: { ...village, townshipName: names.name(village.townshipCode) },
    classes: [...groups.entries()].map(([c, households]) => ({ code: c, label: c === '' ? '未测算' : (label(c) ?? c), households })),
  };
}
