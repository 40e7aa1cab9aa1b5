/**
 * Roster import problems: the issue record, the Chinese text people read, and the error workbook
 * they fix their file with. Every message says what is wrong and what to do about it.
 */
import ExcelJS from 'exceljs';
import { columnIndex } from '../sheets/columns.js';
import type { CellValue, Workbook } from '../sheets/types.js';
import { HEADER_SCAN_ROWS, detectHeader } from './header.js';
import { guardFormulaRow, guardFormulaText } from '../sheets/safeText.js';
import { MergeFill } from './mergeFill.js';

export type IssueSeverity = 'error' | 'warning';

export interface RosterIssue {
  /** 'error' rejects the import; 'warning' is reported and the import goes ahead. */
  severity: IssueSeverity;
  sheet: string;
  /** 1-based row as Excel shows it; null for a problem of the whole sheet or workbook. */
  row: number | null;
  /** Column letter ('F'); null when the problem is not one cell's. */
  column: string | null;
  /** The column's header as the sheet shows it. */
  header: string | null;
  /** The cell's content as text. */
  value: string | null;
  /** Chinese: what is wrong and what to do. */
  message: string;
  /** Stable English code for programs and tests, e.g. 'duplicate-member-id'. */
  code: string;
}

/** Cell content as the user typed it, for messages. */
export function cellText(v: CellValue | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

/** What a column of each kind accepts, for “应填……” in messages. */
export const KIND_ADVICE: Readonly<Record<string, string>> = {
  key: '应为编号文本；编号超过15位时请先把该列设为“文本”格式再录入，否则 Excel 会把后几位变成0',
  phone: '超过15位的号码被 Excel 当作数字保存，后几位已变成0；请把该列设为“文本”格式后重新录入',
  number: '应填不小于0的数字（可带千分位逗号，如 3,500）',
  amount: '应填数字（可带千分位逗号，如 3,500），没有该项收入请留空或填0',
  int: '应填不小于0的整数',
  year: '应填四位年份，如 2018',
  months: '应填0—12之间的月数',
  percent: '应填0—100之间的百分数，如 95 或 95%',
  bool: '应填“是”或“否”（也可填 √/×、有/无、1/0、Y/N）',
  date: '应填日期，如 1988-01-01、1988/1/1、19880101 或 1988年1月1日',
  disabilityGrade: '应填残疾等级1—4级，如“一级”或“2级”',
  villageCode: '应为12位行政区划代码（县6位+乡镇3位+村3位）；没有代码可留空，按县、乡镇、行政村名称识别',
  causes: '应填致贫原因，多个原因用顿号“、”分隔',
};

/**
 * “花名册 第12行 F列（证件号码）“43052419880101123”：……”, one line per issue; warnings are marked
 * [提示]. With `max`, the rest is summarised in a last line.
 */
export function formatIssues(issues: readonly RosterIssue[], max?: number): string[] {
  const limit = max === undefined ? issues.length : Math.max(0, Math.min(max, issues.length));
  const lines: string[] = [];
  for (let i = 0; i < limit; i++) lines.push(formatIssue(issues[i]!));
  if (limit < issues.length) {
    const rest = issues.slice(limit);
    const errors = rest.filter((x) => x.severity === 'error').length;
    lines.push(`……另有${rest.length}条问题未列出（其中错误${errors}条），请查看错误报告工作簿`);
  }
  return lines;
}

export function formatIssue(issue: RosterIssue): string {
  let place = issue.sheet;
  if (issue.row !== null) place += ` 第${issue.row}行`;
  if (issue.column !== null) place += ` ${issue.column}列`;
  if (issue.header !== null) place += issue.column !== null ? `（${issue.header}）` : ` “${issue.header}”列`;
  if (issue.value !== null) place += `“${issue.value}”`;
  return `${issue.severity === 'warning' ? '[提示] ' : ''}${place}：${issue.message}`;
}

// ------------------------------------------------------------------ error workbook

const ERROR_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
const WARNING_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFEB9C' } };
const NOTE_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FF9C0006' } };
const BOLD: Partial<ExcelJS.Font> = { bold: true };
const LIST_SHEET = '问题清单';
const NOTE_HEADER = '错误说明';

/** Excel sheet names: at most 31 characters, none of : \ / ? * [ ], unique ignoring case. */
function safeSheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[:\\/?*[\]]/gu, '_').slice(0, 31) || 'Sheet';
  let candidate = base;
  for (let i = 2; taken.has(candidate.toLowerCase()); i++) {
    const suffix = `(${i})`;
    candidate = base.slice(0, 31 - suffix.length) + suffix;
  }
  taken.add(candidate.toLowerCase());
  return candidate;
}

interface RowMarks {
  messages: string[];
  /** 0-based column -> worst severity. */
  cells: Map<number, IssueSeverity>;
}

/**
 * Writes a workbook the operator can fix their data in: a 问题清单 sheet listing every issue, then
 * each sheet that has row-level issues copied with its original rows at their original row
 * numbers (so “第12行” means the same row), an extra 错误说明 column, and the problem cells filled
 * (red for errors, yellow for warnings). The added column is not a roster column, so a corrected
 * copy can be imported again as it is.
 */
export async function writeErrorWorkbook(path: string, wb: Workbook, issues: readonly RosterIssue[]): Promise<void> {
  const out = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const taken = new Set<string>([LIST_SHEET.toLowerCase()]);

  const list = out.addWorksheet(LIST_SHEET);
  list.columns = [
    { header: '级别', key: 'severity', width: 8 },
    { header: '工作表', key: 'sheet', width: 14 },
    { header: '行', key: 'row', width: 8 },
    { header: '列', key: 'column', width: 6 },
    { header: '列名', key: 'header', width: 18 },
    { header: '单元格内容', key: 'value', width: 24 },
    { header: '问题说明', key: 'message', width: 80 },
  ];
  list.getRow(1).font = BOLD;
  for (const issue of issues) {
    const row = list.addRow({
      severity: issue.severity === 'error' ? '错误' : '提示',
      sheet: issue.sheet,
      row: issue.row,
      column: issue.column,
      header: issue.header,
      value: issue.value,
      message: issue.message,
    });
    if (issue.severity === 'error') row.getCell(1).font = NOTE_FONT;
    guardFormulaRow(row).commit();
  }
  list.commit();

  const bySheet = new Map<string, Map<number, RowMarks>>();
  for (const issue of issues) {
    if (issue.row === null) continue;
    let rows = bySheet.get(issue.sheet);
    if (!rows) bySheet.set(issue.sheet, (rows = new Map()));
    let marks = rows.get(issue.row);
    if (!marks) rows.set(issue.row, (marks = { messages: [], cells: new Map() }));
    const label = issue.header ? `${issue.column ?? ''}列（${issue.header}）` : issue.column ? `${issue.column}列` : '';
    marks.messages.push(`${issue.severity === 'warning' ? '[提示] ' : ''}${label ? `${label}：` : ''}${issue.message}`);
    const col = issue.column ? columnIndex(issue.column) : -1;
    if (col >= 0 && marks.cells.get(col) !== 'error') marks.cells.set(col, issue.severity);
  }

  for (const sheet of wb.sheets) {
    const marks = bySheet.get(sheet.name);
    if (!marks) continue;
    // First pass: the width, so the note column sits right of every data column.
    let width = 0;
    const head: { row: number; cells: CellValue[] }[] = [];
    for (const r of sheet.rows()) {
      if (r.cells.length > width) width = r.cells.length;
      if (head.length < HEADER_SCAN_ROWS) head.push(r);
    }
    for (const m of sheet.merges) width = Math.max(width, m.right + 1);
    const header = detectHeader(head, sheet.merges);
    const noteCol = width + 1; // 1-based for exceljs

    const ws = out.addWorksheet(safeSheetName(sheet.name, taken));
    ws.getColumn(noteCol).width = 60;
    // Title and header merges are kept; merges among the data rows (户编号 merged over a
    // household) are written out as the value in every row, as the importer reads them.
    const dataStart = header ? header.lastHeaderRow : 0;
    for (const m of sheet.merges) {
      if (m.top <= dataStart && (m.top !== m.bottom || m.left !== m.right)) ws.mergeCells(m.top, m.left + 1, m.bottom, m.right + 1);
    }
    const fill = new MergeFill(sheet.merges, dataStart);
    // Rows that have issues but that the reader never yielded (a blank row) still get their note,
    // written in row order because a streamed sheet cannot go back.
    const pending = [...marks.keys()].sort((a, b) => a - b);
    let next = 0;
    const flushBefore = (limit: number): void => {
      while (next < pending.length && pending[next]! < limit) {
        const n = pending[next++]!;
        const row = ws.getRow(n);
        writeMarks(row, marks.get(n)!, noteCol);
        row.commit();
      }
    };
    for (const r of sheet.rows()) {
      flushBefore(r.row);
      if (pending[next] === r.row) next++;
      if (fill.active) fill.apply(r);
      const row = ws.getRow(r.row);
      const cells = r.cells;
      for (let c = 0; c < cells.length; c++) {
        const v = cells[c];
        if (v !== null && v !== undefined) {
          const cell = row.getCell(c + 1);
          cell.value = v;
          guardFormulaText(cell);
        }
      }
      const mark = marks.get(r.row);
      if (header && r.row === header.headerRow) {
        // Issues about the header (missing columns …) are in 问题清单; here only their cells are marked.
        if (mark) writeMarks(row, mark, noteCol);
        const cell = row.getCell(noteCol);
        cell.value = NOTE_HEADER;
        cell.font = BOLD;
      } else if (mark) {
        writeMarks(row, mark, noteCol);
      }
      row.commit();
    }
    flushBefore(Number.POSITIVE_INFINITY);
    ws.commit();
  }
  await out.commit();
}

function writeMarks(row: ExcelJS.Row, mark: RowMarks, noteCol: number): void {
  const note = row.getCell(noteCol);
  note.value = mark.messages.join('；');
  note.font = NOTE_FONT;
  for (const [col, severity] of mark.cells) {
    row.getCell(col + 1).fill = severity === 'error' ? ERROR_FILL : WARNING_FILL;
  }
}
