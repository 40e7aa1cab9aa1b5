// 问题整改台账: one row per problem with where it was found, against whom, what kind, the deadline,
// the rectification and its verification, and the accountability decisions; a second sheet lists
// the units and people who reached the rulebook's count of major failures (拟免职或调离). Same
// layout as the other ledgers (style.ts): A4 landscape, header repeated, frozen panes.
import type { Flag, ProblemView } from '../../contract/supervision.js';
import { openSheet, openWorkbook, safeSheetName, type CellValue, type ColumnSpec } from './style.js';
import type { WriteResult } from './ledgers.js';

export const PROBLEM_SHEET = '问题整改台账';
export const FLAG_SHEET = '连续重大失误';

const UNIT_KIND: Readonly<Record<ProblemView['unitKind'], string>> = { township: '乡镇', village: '村', department: '行业部门' };

const COLUMNS: readonly ColumnSpec[] = [
  { header: '序号', kind: 'int', width: 6 },
  { header: '问题编号', kind: 'text' },
  { header: '发现日期', kind: 'center' },
  { header: '问题来源', kind: 'center' },
  { header: '责任单位', kind: 'text', maxWidth: 16 },
  { header: '单位类别', kind: 'center' },
  { header: '责任人', kind: 'text', maxWidth: 14 },
  { header: '问题类别', kind: 'center' },
  { header: '严重程度', kind: 'center' },
  { header: '问题描述', kind: 'wrap', maxWidth: 36 },
  { header: '整改时限', kind: 'center' },
  { header: '整改情况', kind: 'wrap', maxWidth: 30 },
  { header: '整改日期', kind: 'center' },
  { header: '核实情况', kind: 'wrap', maxWidth: 24 },
  { header: '核实日期', kind: 'center' },
  { header: '状态', kind: 'center' },
  { header: '问责情况', kind: 'wrap', maxWidth: 30 },
  { header: '连续重大失误', kind: 'center' },
];

const FLAG_COLUMNS: readonly ColumnSpec[] = [
  { header: '序号', kind: 'int', width: 6 },
  { header: '类别', kind: 'center' },
  { header: '单位或人员', kind: 'text', maxWidth: 20 },
  { header: '所在单位', kind: 'text', maxWidth: 20 },
  { header: '重大问题（件）', kind: 'count' },
  { header: '问题编号', kind: 'wrap', maxWidth: 40 },
  { header: '建议', kind: 'center' },
];

export interface ProblemLedgerInput {
  countyName: string;
  /** Printed in the footer; the writer never reads the clock. */
  generatedAt: string;
  items: readonly ProblemView[];
  flags: readonly Flag[];
  repeatedFailure: { count: number; windowDays: number };
}

export async function writeProblemLedger(path: string, input: ProblemLedgerInput): Promise<WriteResult> {
  const values: CellValue[][] = input.items.map((p, i) => [
    i + 1,
    p.id,
    p.foundOn,
    p.sourceLabel,
    p.unitName,
    UNIT_KIND[p.unitKind],
    p.people.join('、'),
    p.categoryLabel,
    p.severityLabel,
    p.description,
    p.deadline,
    p.rectification ?? '',
    p.rectifiedOn ?? '',
    p.verification ?? '',
    p.verifiedOn ?? '',
    p.stateLabel,
    p.decisions.map((d) => `${d.person}：${d.kindLabel}（${d.document}，${d.decidedOn}）`).join('；'),
    p.flagged ? '是' : '',
  ]);
  const flagValues: CellValue[][] = input.flags.map((f, i) => [
    i + 1,
    f.kind === 'unit' ? '单位' : '人员',
    f.name,
    f.unitName,
    f.problemIds.length,
    f.problemIds.join('、'),
    f.kind === 'person' ? '免职或调离' : '约谈主要负责人',
  ]);
  const wb = openWorkbook(path);
  wb.creator = 'tuopin';
  const taken = new Set<string>();
  const footer = { pageFooterRight: `生成时间：${input.generatedAt}` };
  const sheet = openSheet(
    wb,
    {
      name: safeSheetName(PROBLEM_SHEET, taken),
      title: `${input.countyName}问题整改台账`,
      columns: COLUMNS,
      freezeColumns: 2,
      pageHeaderLeft: `共 ${values.length} 个问题`,
      ...footer,
    },
    values,
  );
  for (const v of values) sheet.addRow(v);
  sheet.commit();
  taken.add(sheet.name.toLowerCase());
  const rf = input.repeatedFailure;
  const flags = openSheet(
    wb,
    {
      name: safeSheetName(FLAG_SHEET, taken),
      title: `连续出现重大失误的单位和人员（${rf.windowDays} 天内重大问题不少于 ${rf.count} 件）`,
      columns: FLAG_COLUMNS,
      ...footer,
    },
    flagValues,
  );
  for (const v of flagValues) flags.addRow(v);
  flags.commit();
  await wb.commit();
  return {
    sheets: [
      { name: sheet.name, rows: sheet.rowCount },
      { name: flags.name, rows: flags.rowCount },
    ],
  };
}
