// The 农户 list as the person filtered it, as a workbook: every page of it (up to a limit), in
// the viewer's scope, with what the viewer may see (the route's projection), titled and named for
// the scope (a township's file says the township, a filtered village the village).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ATTRIBUTE_LABELS, CAUSE_LABELS, INDICATOR_LABELS, STATUS_LABELS } from '../domain/labels.js';
import type { Cause, ExitStatus, IndicatorCode, PovertyAttribute } from '../domain/types.js';
import { writeListWorkbook } from '../io/ledger/list.js';
import type { ColumnSpec } from '../io/ledger/style.js';
import { ALL, type Store } from '../store/index.js';
import type { Access } from './access.js';
import { AccessError } from './access.js';
import { chinaDate } from './history.js';
import { regionNames, searchHouseholds, type HouseholdListItem, type ListQuery } from './searchHouseholds.js';

/** More rows than a county has households: an export is the whole filtered list or refused. */
export const EXPORT_ROW_LIMIT = 50_000;
const PAGE = 200;

export interface ExportedList {
  path: string;
  fileName: string;
  cleanup: () => void;
}

/** The name a file and its title carry: the filtered village or township, else the viewer's own area. */
export async function scopeName(store: Store, viewer: Access, filter: { township?: string | undefined; village?: string | undefined }): Promise<string> {
  const names = await regionNames(store);
  if (filter.village !== undefined) return `${names.name(names.region(filter.village)?.parentCode ?? null) ?? ''}${names.name(filter.village) ?? ''}`;
  if (filter.township !== undefined) return names.name(filter.township) ?? filter.township;
  if (viewer.scope.kind === 'regions') return viewer.scope.codes.map((c) => names.name(c) ?? c).join('、');
  const county = (await store.regions.list(ALL)).find((r) => r.level === 'county');
  return county?.name ?? '全县';
}

function filterText(q: ListQuery, classLabel: (c: string) => string): string {
  const parts: string[] = [];
  if (q.class !== undefined) parts.push(`类别 ${classLabel(q.class)}`);
  if (q.indicator !== undefined) parts.push(`未达标 ${INDICATOR_LABELS.label(q.indicator as IndicatorCode)}`);
  if (q.cause !== undefined) parts.push(`致贫原因 ${CAUSE_LABELS.label(q.cause as Cause)}`);
  if (q.attribute !== undefined) parts.push(`属性 ${ATTRIBUTE_LABELS.label(q.attribute as PovertyAttribute)}`);
  if (q.q !== undefined) parts.push(`搜索“${q.q}”`);
  return parts.join('，');
}

export async function exportHouseholdList(
  store: Store,
  viewer: Access,
  query: Omit<ListQuery, 'page' | 'pageSize'>,
  opts: { now: string; project: (item: HouseholdListItem) => Partial<HouseholdListItem>; showIncome: boolean; showCause: boolean },
): Promise<ExportedList> {
  const items: Partial<HouseholdListItem>[] = [];
  const classLabels = new Map<string, string>();
  for (let page = 1; ; page++) {
    const list = await searchHouseholds(store, viewer, { ...query, page, pageSize: PAGE });
    if (list.total > EXPORT_ROW_LIMIT)
      throw new AccessError(400, 'too-many', `符合条件的农户有 ${list.total} 户，超过一次导出的上限 ${EXPORT_ROW_LIMIT} 户，请先筛选`);
    for (const i of list.items) {
      if (i.class !== null && i.classLabel !== null) classLabels.set(i.class, i.classLabel);
      items.push(opts.project(i));
    }
    if (page * PAGE >= list.total) break;
  }
  const where = await scopeName(store, viewer, query);
  const filters = filterText(query, (c) => classLabels.get(c) ?? c);
  const columns: ColumnSpec[] = [
    { header: '序号', kind: 'int', width: 6 },
    { header: '乡镇', kind: 'text', maxWidth: 12 },
    { header: '行政村', kind: 'text', maxWidth: 12 },
    { header: '村民小组', kind: 'text', maxWidth: 10 },
    { header: '户编号', kind: 'text' },
    { header: '户主', kind: 'text', maxWidth: 8 },
    { header: '人口', kind: 'int' },
    { header: '贫困户属性', kind: 'center' },
    { header: '脱贫属性', kind: 'center' },
    ...(opts.showCause ? [{ header: '主要致贫原因', kind: 'center' } as const] : []),
    { header: '类别', kind: 'center' },
    ...(opts.showIncome ? [{ header: '人均纯收入（元）', kind: 'money' } as const] : []),
    { header: '未达标指标', kind: 'wrap', maxWidth: 30 },
  ];
  const rows = items.map((h, n) => [
    n + 1,
    h.townshipName ?? '',
    h.villageName ?? '',
    h.group ?? '',
    h.id ?? '',
    h.headName ?? '',
    h.size ?? null,
    h.attribute ? ATTRIBUTE_LABELS.label(h.attribute as PovertyAttribute) : '',
    h.status ? STATUS_LABELS.label(h.status as ExitStatus) : '',
    ...(opts.showCause ? [h.mainCause ? CAUSE_LABELS.label(h.mainCause as Cause) : ''] : []),
    h.classLabel ?? h.class ?? '',
    ...(opts.showIncome ? [h.perCapita ?? null] : []),
    (h.failing ?? []).map((c) => INDICATOR_LABELS.label(c as IndicatorCode)).join('、'),
  ]);
  const today = chinaDate(opts.now);
  const fileName = `${where}农户名单${filters ? `（${filters}）` : ''}_${today}.xlsx`.replace(/[\\/:*?"<>|]/g, '');
  const dir = mkdtempSync(join(tmpdir(), 'tuopin-list-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    const path = join(dir, 'households.xlsx');
    await writeListWorkbook(path, {
      sheetName: '农户名单',
      title: `${where}农户名单`,
      columns,
      rows,
      freezeColumns: 6,
      pageHeaderLeft: `${where}${filters ? `　${filters}` : ''}　共 ${items.length} 户`,
      generatedAt: today,
    });
    return { path, fileName, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}
