// 收入测算表 (docs/rulebooks.md): one row per household with every item of its income form, so an
// inspector can redo the sum. Items the rulebook leaves out stay visible under 不计入收入, greyed,
// next to the counted ones grouped by category.
import type { IncomeResult } from '../../domain/assessment.js';
import { CATEGORY_LABELS, NO_INCOME_FORM, perCapitaFen } from '../../domain/income.js';
import { INCOME_ITEMS } from '../../domain/types.js';
import type { IncomeCategory, IncomeItemCode } from '../../domain/types.js';
import { LedgerError } from './ledgers.js';
import type { WriteResult } from './ledgers.js';
import { openSheet, openWorkbook, safeSheetName } from './style.js';
import type { CellValue, ColumnSpec, HeaderCell } from './style.js';

export interface IncomeFormRow {
  townshipName: string;
  villageName: string;
  householdId: string;
  headName: string | null;
  income: IncomeResult;
}

export interface IncomeFormOptions {
  /** Title row, e.g. “示范县2018年贫困户收入测算表”. */
  title?: string;
  /** Sheet name (<= 31 characters). */
  sheetName?: string;
  /**
   * Items the rulebook leaves out (rulebook.income.excludedItems). Without it the set is read
   * from the rows' `counted` flags, which only covers items that appear on some form.
   */
  excludedItems?: readonly IncomeItemCode[];
  /** Printed at the top left and bottom right of every page. */
  pageHeaderLeft?: string;
  generatedAt?: string;
}

export const INCOME_SHEET = '收入测算表';
export const EXCLUDED_GROUP = '不计入收入';

const COUNTED_CATEGORIES = ['wage', 'production', 'property', 'transfer'] as const satisfies readonly IncomeCategory[];

type ItemDef = (typeof INCOME_ITEMS)[number];

export interface IncomeColumnPlan {
  /** Counted income items, grouped by category in form order (costs are the 生产经营性支出 column). */
  groups: { category: (typeof COUNTED_CATEGORIES)[number]; label: string; items: ItemDef[] }[];
  excluded: ItemDef[];
}

function excludedSet(rows: readonly IncomeFormRow[], given: readonly IncomeItemCode[] | undefined): Set<IncomeItemCode> {
  const excluded = new Set<IncomeItemCode>(given ?? []);
  if (given === undefined) {
    for (const r of rows) for (const line of r.income.items) if (!line.counted) excluded.add(line.code);
  }
  // Columns are shared by all rows, so every row must count the same items; a mixture means
  // results from different rulebooks and the group headers would misstate some rows.
  for (const r of rows) {
    for (const line of r.income.items) {
      if (line.counted === excluded.has(line.code)) {
        throw new LedgerError(`收入测算表各户的计入口径不一致：户 ${r.householdId} 的“${line.label}”${line.counted ? '计入' : '不计入'}收入，与其他户不同`);
      }
    }
  }
  return excluded;
}

export function planIncomeColumns(excluded: ReadonlySet<IncomeItemCode>): IncomeColumnPlan {
  return {
    groups: COUNTED_CATEGORIES.map((category) => ({
      category,
      label: CATEGORY_LABELS[category],
      items: INCOME_ITEMS.filter((i) => i.category === category && !excluded.has(i.code)),
    })).filter((g) => g.items.length > 0),
    excluded: INCOME_ITEMS.filter((i) => excluded.has(i.code)),
  };
}

const ID_HEADERS: ColumnSpec[] = [
  { header: '序号', kind: 'int', width: 6 },
  { header: '乡镇', kind: 'text' },
  { header: '行政村', kind: 'text' },
  { header: '户编号', kind: 'text' },
  { header: '户主姓名', kind: 'text' },
];

const SUMMARY_HEADERS: ColumnSpec[] = [
  { header: '计入收入合计', kind: 'money' },
  { header: '生产经营性支出', kind: 'money' },
  { header: '纯收入', kind: 'money' },
  { header: '家庭人口', kind: 'int', width: 6 },
  { header: '人均纯收入', kind: 'money' },
  { header: '收入线', kind: 'money' },
  { header: '是否达标', kind: 'center', width: 10 },
  { header: '测算过程', kind: 'wrap', width: 60 },
];

export async function writeIncomeForms(path: string, rows: readonly IncomeFormRow[], opts: IncomeFormOptions = {}): Promise<WriteResult> {
  const plan = planIncomeColumns(excludedSet(rows, opts.excludedItems));
  const counted = plan.groups.flatMap((g) => g.items);
  const itemColumn = (i: ItemDef, muted: boolean): ColumnSpec => ({
    header: i.label,
    kind: 'money',
    maxWidth: 14,
    ...(muted ? { variant: 'muted' as const } : {}),
  });
  const columns: ColumnSpec[] = [
    ...ID_HEADERS,
    ...counted.map((i) => itemColumn(i, false)),
    ...plan.excluded.map((i) => itemColumn(i, true)),
    ...SUMMARY_HEADERS,
  ];

  // Two header rows: categories over items, with the single columns spanning both rows.
  const top: { col: number; cell: HeaderCell }[] = [];
  const bottom: { col: number; cell: HeaderCell }[] = [];
  let col = 1;
  for (const spec of ID_HEADERS) top.push({ col: col++, cell: { text: spec.header, rowSpan: 1 } });
  for (const g of plan.groups) {
    top.push({ col, cell: { text: g.label, colSpan: g.items.length - 1 } });
    for (const i of g.items) bottom.push({ col: col++, cell: { text: i.label } });
  }
  if (plan.excluded.length > 0) {
    top.push({ col, cell: { text: EXCLUDED_GROUP, colSpan: plan.excluded.length - 1, muted: true } });
    for (const i of plan.excluded) bottom.push({ col: col++, cell: { text: i.label, muted: true } });
  }
  for (const spec of SUMMARY_HEADERS) top.push({ col: col++, cell: { text: spec.header, rowSpan: 1 } });

  const itemOrder = [...counted, ...plan.excluded].map((i) => i.code);
  const values: CellValue[][] = rows.map((r, n) => {
    const inc = r.income;
    const amounts = new Map<IncomeItemCode, number>(inc.items.map((l) => [l.code, l.amount]));
    const noForm = inc.year === null;
    const pc = perCapitaFen(inc);
    return [
      n + 1,
      r.townshipName,
      r.villageName,
      r.householdId,
      r.headName ?? '',
      ...itemOrder.map((code) => amounts.get(code) ?? null),
      noForm ? null : inc.grossCounted,
      noForm ? null : inc.costs,
      noForm ? null : inc.net,
      inc.size,
      pc === null ? null : pc / 100,
      inc.line,
      noForm ? NO_INCOME_FORM : inc.pass ? '达标' : '未达标',
      inc.arithmetic,
    ];
  });

  const wb = openWorkbook(path);
  wb.creator = 'tuopin';
  const sheet = openSheet(
    wb,
    {
      name: safeSheetName(opts.sheetName ?? INCOME_SHEET, new Set()),
      title: opts.title ?? '贫困户收入测算表',
      columns,
      headerRows: [top, bottom],
      freezeColumns: ID_HEADERS.length,
      ...(opts.pageHeaderLeft !== undefined ? { pageHeaderLeft: opts.pageHeaderLeft } : {}),
      ...(opts.generatedAt !== undefined ? { pageFooterRight: `生成时间：${opts.generatedAt}` } : {}),
    },
    values,
  );
  for (const v of values) sheet.addRow(v);
  sheet.commit();
  await wb.commit();
  return { sheets: [{ name: sheet.name, rows: sheet.rowCount }] };
}
