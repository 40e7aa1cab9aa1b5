// 周调度 workbook: the week's figures by township with the change on the week before and the
// ranking, the county's totals, tasks by sector, and the county office's analysis and the
// weekly meeting's record; A4 landscape like every ledger (style.ts).
import type { WeeklyResponse } from '../../contract/supervision.js';
import { FIGURE_KEYS, WEEKLY_FIGURE_LABELS } from '../../domain/supervision.js';
import { openSheet, openWorkbook, safeSheetName, type CellValue, type ColumnSpec } from './style.js';
import type { WriteResult } from './ledgers.js';

export const WEEKLY_SHEET = '周调度';
export const SECTOR_SHEET = '分行业整改任务';
export const NOTES_SHEET = '分析与例会';

const signed = (n: number | undefined) => (n === undefined ? '' : n > 0 ? `+${n}` : String(n));

export async function writeWeeklyReport(path: string, r: WeeklyResponse, opts: { generatedAt: string; minVisits: number }): Promise<WriteResult> {
  const columns: ColumnSpec[] = [
    { header: '排名', kind: 'int', width: 6 },
    { header: '乡镇', kind: 'text', maxWidth: 14 },
    ...FIGURE_KEYS.flatMap((k): ColumnSpec[] => [
      { header: WEEKLY_FIGURE_LABELS[k], kind: 'count' },
      { header: '较上周', kind: 'center', width: 7 },
    ]),
    { header: '得分', kind: 'int' },
  ];
  const values: CellValue[][] = r.townships.map((t) => [t.rank, t.name, ...FIGURE_KEYS.flatMap((k) => [t.figures[k], signed(t.change?.[k])]), t.score]);
  const total: CellValue[] | null =
    r.county === null ? null : ['', '全县合计', ...FIGURE_KEYS.flatMap((k) => [r.county!.figures[k], signed(r.county!.change?.[k])]), ''];
  const wb = openWorkbook(path);
  wb.creator = 'tuopin';
  const taken = new Set<string>();
  const head = {
    pageHeaderLeft: `${r.week}（${r.start} 至 ${r.end}）${r.snapshot ? '' : '　本周未结束，数字随工作变化'}`,
    pageFooterRight: `生成时间：${opts.generatedAt}`,
  };
  const main = openSheet(
    wb,
    { name: safeSheetName(WEEKLY_SHEET, taken), title: `${r.countyName}脱贫攻坚周调度（${r.week}）`, columns, freezeColumns: 2, ...head },
    total === null ? values : [...values, total],
  );
  for (const v of values) main.addRow(v);
  if (total !== null) main.addRow(total, 'total');
  main.commit();
  taken.add(main.name.toLowerCase());

  const sectorColumns: ColumnSpec[] = [
    { header: '乡镇', kind: 'text', maxWidth: 14 },
    { header: '行业部门', kind: 'center' },
    { header: '新开', kind: 'count' },
    { header: '完成', kind: 'count' },
    { header: '验收', kind: 'count' },
    { header: '逾期', kind: 'count' },
  ];
  const sectorRows: CellValue[][] = [
    ...r.townships.flatMap((t) => t.sectors.map((s) => [t.name, s.sector, s.opened, s.done, s.verified, s.late])),
    ...(r.county === null ? [] : r.county.sectors.map((s) => ['全县', s.sector, s.opened, s.done, s.verified, s.late])),
  ];
  const sectors = openSheet(
    wb,
    { name: safeSheetName(SECTOR_SHEET, taken), title: `分行业整改任务（${r.week}）`, columns: sectorColumns, ...head },
    sectorRows,
  );
  for (const v of sectorRows) sectors.addRow(v);
  sectors.commit();
  taken.add(sectors.name.toLowerCase());

  const noteRows: CellValue[][] = [
    ['县扶贫办分析', r.analysis ?? '（尚未填写）'],
    ['例会记录', r.meeting ?? '（尚未填写）'],
    ['督查走访要求', `县级领导每周至少到联系乡村走访 ${opts.minVisits} 次`],
    ['待核实疑点、抽查结果', '（比对和抽查功能接入后在此列出）'],
  ];
  const notes = openSheet(
    wb,
    {
      name: safeSheetName(NOTES_SHEET, taken),
      title: `分析与例会（${r.week}）`,
      columns: [
        { header: '项目', kind: 'text', width: 16 },
        { header: '内容', kind: 'wrap', width: 90 },
      ],
      ...head,
    },
    noteRows,
  );
  for (const v of noteRows) notes.addRow(v);
  notes.commit();
  await wb.commit();
  return {
    sheets: [
      { name: main.name, rows: main.rowCount },
      { name: sectors.name, rows: sectors.rowCount },
      { name: notes.name, rows: notes.rowCount },
    ],
  };
}
