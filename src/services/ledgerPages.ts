// Use case: the ledgers (台账) page by page, with exactly the columns and cells of the exported
// workbook's sheets (io/ledger/ledgers.ts householdSheetTable), from the latest stored run.
import { OUT_OF_SCOPE, type HouseholdAssessment } from '../domain/assessment.js';
import { ATTRIBUTE_LABELS, CAUSE_LABELS } from '../domain/labels.js';
import type { HouseholdRecord } from '../domain/types.js';
import { householdSheetTable, type LedgerHousehold } from '../io/ledger/ledgers.js';
import type { CellValue, ColumnKind } from '../io/ledger/style.js';
import { NON_INCOME_INDICATORS, type Rulebook } from '../domain/rulebook.js';
import type { Store } from '../store/index.js';
import { AccessError, type Access } from './access.js';
import { regionNames, type RegionNames } from './searchHouseholds.js';
import { narrowScope } from './narrowScope.js';
import { activeRulebook, classLabeler, tryRulebookById } from './rulebooks.js';

export interface LedgerPage {
  class: string;
  classLabel: string;
  runId: number | null;
  columns: { header: string; kind: ColumnKind }[];
  rows: CellValue[][];
  total: number;
  page: number;
  pageSize: number;
}

/** The registry facts a ledger row prints beside the assessment (as exportLedgers does). */
export function ledgerHousehold(a: HouseholdAssessment, rec: HouseholdRecord | undefined, names: RegionNames): LedgerHousehold {
  const head = rec?.members.find((m) => m.relation === 'head') ?? null;
  const village = names.region(a.villageCode);
  return {
    ...a,
    townshipName: names.name(village?.parentCode ?? null) ?? '',
    villageName: names.name(a.villageCode) ?? '',
    headIdNumber: head?.idNumber ?? null,
    phone: rec?.household.phone ?? head?.phone ?? null,
    attributeLabel: rec ? ATTRIBUTE_LABELS.label(rec.household.attribute) : '',
    mainCauseLabel: rec?.household.mainCause ? CAUSE_LABELS.label(rec.household.mainCause) : null,
  };
}

/**
 * Which columns a viewer may see (the server derives it from the sector projection): columns of
 * indicators it may not see, income columns without income, and the summaries that span every
 * indicator (未达标原因, 整改任务, 不纳入原因) when `summaries` is false, are dropped.
 */
export interface LedgerColumnFilter {
  indicator(code: string): boolean;
  income: boolean;
  summaries: boolean;
}

const INCOME_HEADERS = new Set(['人均纯收入（元）', '收入线（元）', '收入是否达标']);
const SUMMARY_HEADERS = new Set(['未达标原因', '整改任务', '不纳入原因']);

function columnMask(rulebook: Rulebook, headers: readonly string[], filter: LedgerColumnFilter): boolean[] {
  const indicatorHeaders = new Map<string, string>(NON_INCOME_INDICATORS.map((c) => [rulebook.indicators[c].label, c]));
  return headers.map((h) => {
    const code = indicatorHeaders.get(h);
    if (code !== undefined) return filter.indicator(code);
    if (INCOME_HEADERS.has(h)) return filter.income;
    if (SUMMARY_HEADERS.has(h)) return filter.summaries;
    return true;
  });
}

export async function ledgerPage(
  store: Store,
  viewer: Access,
  cls: string,
  page = 1,
  pageSize = 50,
  filter: LedgerColumnFilter | null = null,
  /** A township or village to narrow the page to (within the viewer's scope). */
  area?: string,
): Promise<LedgerPage> {
  const scope = await narrowScope(store, viewer.scope, area);
  const run = await store.assessments.latestRun();
  const rulebook = (run === null ? null : tryRulebookById(run.rulebookId)) ?? (await activeRulebook(store));
  if (cls !== OUT_OF_SCOPE && !rulebook.classes.some((c) => c.code === cls)) {
    throw new AccessError(404, 'not-found', `规则库“${rulebook.name}”没有“${cls}”类`);
  }
  page = Math.max(1, page);
  pageSize = Math.max(1, Math.min(200, pageSize));
  const result = await store.assessments.ledgerPage(scope, cls, { runId: run?.id ?? -1, offset: (page - 1) * pageSize, limit: pageSize });
  const ids = result.items.map((a) => a.householdId);
  const [records, names] = await Promise.all([
    ids.length === 0 ? Promise.resolve([]) : store.registry.loadRecords(viewer.scope, { householdIds: ids }),
    regionNames(store),
  ]);
  const byId = new Map(records.map((r) => [r.household.id, r]));
  const table = householdSheetTable(rulebook, cls, { mask: viewer.mask });
  let columns = table.columns.map((c) => ({ header: c.header, kind: c.kind }));
  let rows = result.items.map((a, i) => table.row((page - 1) * pageSize + i + 1, ledgerHousehold(a, byId.get(a.householdId), names)));
  if (filter !== null) {
    const keep = columnMask(
      rulebook,
      columns.map((c) => c.header),
      filter,
    );
    columns = columns.filter((_, i) => keep[i]);
    rows = rows.map((r) => r.filter((_, i) => keep[i]));
  }
  return {
    class: cls,
    classLabel: classLabeler(rulebook)(cls) ?? cls,
    runId: run?.id ?? null,
    columns,
    rows,
    total: result.total,
    page,
    pageSize,
  };
}
