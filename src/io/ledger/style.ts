// Shared layout of every sheet the office prints: title row, header rows, frozen panes,
// autofilter, column widths for Chinese text, A4 landscape one page wide with the header rows
// repeated, page numbers. Built on exceljs's streaming writer, which has its own rules:
//   - sheet views and sheetPr/fitToPage are written when the sheet is created, so they must be
//     passed to addWorksheet (setting them later is silently lost);
//   - column widths are written with the first row, so columns are set before any row;
//   - merges, autofilter, page setup and header/footer are written at commit;
//   - print titles go to workbook.xml as _xlnm.Print_Titles, from pageSetup.printTitlesRow.
// Styles are shared objects: exceljs caches a style id per style object, so one object per kind
// costs one lookup per cell instead of building and hashing a style each time.
import ExcelJS from 'exceljs';
import { guardFormulaText } from '../sheets/safeText.js';
import type { Alignment, Borders, Fill, Font, Style, Worksheet } from 'exceljs';

export type CellValue = string | number | null;

/**
 * text: plain; wrap: long text (reasons, tasks), wrapped and top-aligned; center: short
 * verdicts (达标/是); int: a count that needs no grouping (序号, 家庭人口); count: populations
 * ('#,##0'); money: yuan ('#,##0.00'); percent: rates held as fractions ('0.00%').
 */
export type ColumnKind = 'text' | 'wrap' | 'center' | 'int' | 'count' | 'money' | 'percent';

/** normal: a data row; total: the 合计 row; muted: items kept for the record but not counted. */
export type CellVariant = 'normal' | 'total' | 'muted';

export interface ColumnSpec {
  header: string;
  kind: ColumnKind;
  /** Fixed width in Excel character units; otherwise fitted to the header and the values. */
  width?: number;
  /** Upper bound when fitting (long text wraps instead). */
  maxWidth?: number;
  variant?: CellVariant;
}

export const NUM_FMT: Readonly<Record<ColumnKind, string | undefined>> = {
  text: undefined,
  wrap: undefined,
  center: undefined,
  int: '0',
  count: '#,##0',
  money: '#,##0.00',
  percent: '0.00%',
};

const FONT_NAME = '宋体';
const thin = { style: 'thin' as const, color: { argb: 'FF808080' } };
const BORDER: Partial<Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const HEADER_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const TOTAL_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const MUTED_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } };
const BODY_FONT: Partial<Font> = { name: FONT_NAME, size: 10 };
const BOLD_FONT: Partial<Font> = { name: FONT_NAME, size: 10, bold: true };
const MUTED_FONT: Partial<Font> = { name: FONT_NAME, size: 10, color: { argb: 'FF595959' } };

function alignmentFor(kind: ColumnKind): Partial<Alignment> {
  switch (kind) {
    case 'wrap':
      return { vertical: 'top', horizontal: 'left', wrapText: true };
    case 'center':
      return { vertical: 'middle', horizontal: 'center', wrapText: true };
    case 'text':
      return { vertical: 'middle', horizontal: 'left' };
    default:
      return { vertical: 'middle', horizontal: 'right' };
  }
}

const styleCache = new Map<string, Partial<Style>>();

/** The one shared style object for a kind and variant (see the note at the top). */
export function cellStyle(kind: ColumnKind, variant: CellVariant = 'normal'): Partial<Style> {
  const key = `${kind}|${variant}`;
  let style = styleCache.get(key);
  if (!style) {
    const numFmt = NUM_FMT[kind];
    style = {
      font: variant === 'total' ? BOLD_FONT : variant === 'muted' ? MUTED_FONT : BODY_FONT,
      alignment: alignmentFor(kind),
      border: BORDER,
      ...(numFmt ? { numFmt } : {}),
      ...(variant === 'total' ? { fill: TOTAL_FILL } : variant === 'muted' ? { fill: MUTED_FILL } : {}),
    };
    styleCache.set(key, style);
  }
  return style;
}

export const TITLE_STYLE: Partial<Style> = {
  font: { name: FONT_NAME, size: 16, bold: true },
  alignment: { vertical: 'middle', horizontal: 'center' },
};

export const HEADER_STYLE: Partial<Style> = {
  font: BOLD_FONT,
  alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
  border: BORDER,
  fill: HEADER_FILL,
};

export const MUTED_HEADER_STYLE: Partial<Style> = { ...HEADER_STYLE, fill: MUTED_FILL, font: { ...BOLD_FONT, color: { argb: 'FF595959' } } };

// ------------------------------------------------------------------------------ widths

/** Display width in Excel character units: CJK and full-width characters take two. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    w +=
      cp >= 0x1100 &&
      (cp <= 0x115f ||
        (cp >= 0x2e80 && cp <= 0xa4cf) ||
        (cp >= 0xac00 && cp <= 0xd7a3) ||
        (cp >= 0xf900 && cp <= 0xfaff) ||
        (cp >= 0xfe30 && cp <= 0xfe4f) ||
        (cp >= 0xff00 && cp <= 0xff60) ||
        (cp >= 0xffe0 && cp <= 0xffe6) ||
        cp >= 0x20000)
        ? 2
        : 1;
  }
  return w;
}

function valueWidth(value: CellValue, kind: ColumnKind): number {
  if (value === null) return 0;
  if (typeof value === 'number') {
    if (kind === 'percent') return 8;
    // Grouping separators and two decimals for money.
    const digits = String(Math.trunc(Math.abs(value))).length;
    return digits + Math.floor((digits - 1) / 3) + (kind === 'money' ? 3 : 0) + (value < 0 ? 1 : 0);
  }
  let max = 0;
  for (const line of value.split('\n')) max = Math.max(max, displayWidth(line));
  return max;
}

// Enough rows to see the shape of the data; the widths do not need the longest of 15,000.
const WIDTH_SAMPLE_ROWS = 2000;

/** Column widths fitted to the header (which wraps at need) and a sample of the values. */
export function fitWidths(columns: readonly ColumnSpec[], rows: readonly (readonly CellValue[])[]): number[] {
  return columns.map((col, c) => {
    if (col.width !== undefined) return col.width;
    // A header may wrap onto two lines, so half its width (but at least four CJK characters).
    let w = Math.max(Math.min(displayWidth(col.header), Math.max(8, Math.ceil(displayWidth(col.header) / 2))), 4);
    const n = Math.min(rows.length, WIDTH_SAMPLE_ROWS);
    for (let r = 0; r < n; r++) w = Math.max(w, valueWidth(rows[r]?.[c] ?? null, col.kind));
    return Math.min(w + 2, col.maxWidth ?? (col.kind === 'wrap' ? 50 : 40));
  });
}

// ------------------------------------------------------------------------------ names

const FORBIDDEN_IN_SHEET_NAME = /[[\]:*?/\\']/gu;

/**
 * A valid, unique sheet name: Excel forbids []:*?/\, a leading or trailing apostrophe, and
 * more than 31 characters (UTF-16 units). Apostrophes are dropped everywhere because the
 * print-title defined name quotes the sheet name with them.
 */
export function safeSheetName(wanted: string, taken: Set<string>): string {
  let base = wanted.replace(FORBIDDEN_IN_SHEET_NAME, '').trim();
  if (base === '') base = '工作表';
  const fit = (s: string, max: number) => {
    let out = '';
    for (const ch of s) {
      if (out.length + ch.length > max) break;
      out += ch;
    }
    return out;
  };
  let name = fit(base, 31);
  for (let i = 2; taken.has(name.toLowerCase()); i++) {
    const suffix = `（${i}）`;
    name = fit(base, 31 - suffix.length) + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}

/** Header/footer text: '&' starts a code there, so a literal one is doubled; Excel caps the whole at 255. */
function hfText(text: string, max: number): string {
  const clipped = [...text].slice(0, max).join('');
  return clipped.replace(/&/gu, '&&');
}

// ------------------------------------------------------------------------------ the sheet

export interface HeaderCell {
  text: string;
  /** Extra columns to the right and rows below covered by this cell (merged). */
  colSpan?: number;
  rowSpan?: number;
  muted?: boolean;
}

export interface SheetSpec {
  name: string;
  title: string;
  columns: readonly ColumnSpec[];
  /**
   * Header rows as positioned cells, for multi-row headers; row i holds cells at the given
   * column (1-based). Default: one header row from the column specs.
   */
  headerRows?: readonly (readonly { col: number; cell: HeaderCell }[])[];
  /** Columns frozen at the left, besides the header rows frozen at the top. */
  freezeColumns?: number;
  /** Printed top left and right (e.g. the rulebook and the reference date). */
  pageHeaderLeft?: string;
  pageHeaderRight?: string;
  pageFooterRight?: string;
}

export interface LedgerSheet {
  readonly name: string;
  /** Rows written below the header so far. */
  readonly rowCount: number;
  /** `kinds` overrides the column's kind cell by cell (a column mixing counts and rates). */
  addRow(values: readonly CellValue[], variant?: CellVariant, kinds?: readonly (ColumnKind | undefined)[]): void;
  /** Sets the autofilter over the header and data, and writes the sheet out. */
  commit(): void;
}

export type StreamWorkbook = ExcelJS.stream.xlsx.WorkbookWriter;

export function openWorkbook(filename: string): StreamWorkbook {
  // Inline strings: ledger text is mostly unique (names, numbers, reasons), so a shared-strings
  // table saves little file size and holds every string in memory until the end (~50 MB at
  // county size).
  return new ExcelJS.stream.xlsx.WorkbookWriter({ filename, useStyles: true, useSharedStrings: false });
}

function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** Empty text is left as an empty (styled) cell rather than an empty string, which filters list as a value. */
function toCellValue(v: CellValue): CellValue {
  if (typeof v === 'number' && !Number.isFinite(v)) return null;
  if (v === '') return null;
  return v;
}

/**
 * Opens a sheet with the shared layout, writes its title and header rows, and returns a writer
 * for the data rows. `widthRows` are used only to fit column widths.
 */
export function openSheet(wb: StreamWorkbook, spec: SheetSpec, widthRows: readonly (readonly CellValue[])[]): LedgerSheet {
  const ncols = spec.columns.length;
  const headerRows: readonly (readonly { col: number; cell: HeaderCell }[])[] = spec.headerRows ?? [
    spec.columns.map((c, i) => ({ col: i + 1, cell: { text: c.header } })),
  ];
  const headerEnd = 1 + headerRows.length; // last header row; the title is row 1
  const freezeCols = spec.freezeColumns ?? 0;
  const lastCol = columnLetter(ncols);

  const ws: Worksheet = wb.addWorksheet(spec.name, {
    views: [
      {
        state: 'frozen',
        xSplit: freezeCols,
        ySplit: headerEnd,
        topLeftCell: `${columnLetter(freezeCols + 1)}${headerEnd + 1}`,
        activeCell: `${columnLetter(freezeCols + 1)}${headerEnd + 1}`,
        showGridLines: true,
      },
    ],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      // 0 = as many pages tall as needed; exceljs's default of 1 would squeeze a ledger onto one page.
      fitToHeight: 0,
      margins: { left: 0.4, right: 0.4, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
      printTitlesRow: `1:${headerEnd}`,
    },
    headerFooter: {
      oddHeader: `&L${hfText(spec.pageHeaderLeft ?? '', 100)}&R${hfText(spec.pageHeaderRight ?? '', 100)}`,
      oddFooter: `&C第 &P 页 共 &N 页&R${hfText(spec.pageFooterRight ?? '', 100)}`,
    },
  });

  const widths = fitWidths(spec.columns, widthRows);
  ws.columns = widths.map((width) => ({ width }));

  const title = ws.getRow(1);
  title.height = 30;
  const titleCell = title.getCell(1);
  titleCell.value = spec.title;
  titleCell.style = TITLE_STYLE;
  guardFormulaText(titleCell);
  if (ncols > 1) ws.mergeCells(1, 1, 1, ncols);

  headerRows.forEach((cells, i) => {
    const r = 2 + i;
    const row = ws.getRow(r);
    row.height = headerRows.length > 1 ? 22 : 30;
    // Every header position gets the header style, so merged areas keep their borders.
    for (let c = 1; c <= ncols; c++) row.getCell(c).style = HEADER_STYLE;
  });
  headerRows.forEach((cells, i) => {
    const r = 2 + i;
    for (const { col, cell } of cells) {
      const target = ws.getRow(r).getCell(col);
      target.value = cell.text;
      target.style = cell.muted ? MUTED_HEADER_STYLE : HEADER_STYLE;
      guardFormulaText(target);
      const right = col + (cell.colSpan ?? 0);
      const bottom = r + (cell.rowSpan ?? 0);
      if (right > col || bottom > r) ws.mergeCells(r, col, bottom, right);
    }
  });
  ws.getRow(headerEnd).commit();

  const styles = spec.columns.map((c) => ({
    normal: cellStyle(c.kind, c.variant ?? 'normal'),
    total: cellStyle(c.kind, 'total'),
  }));
  let next = headerEnd + 1;
  let count = 0;

  return {
    name: spec.name,
    get rowCount() {
      return count;
    },
    addRow(values, variant = 'normal', kinds) {
      const row = ws.getRow(next);
      for (let c = 0; c < ncols; c++) {
        const cell = row.getCell(c + 1);
        const v = toCellValue(values[c] ?? null);
        if (v !== null) cell.value = v;
        const kind = kinds?.[c];
        const s = styles[c]!;
        cell.style = kind !== undefined ? cellStyle(kind, variant) : variant === 'total' ? s.total : s.normal;
        // Names, notes and reasons come from people: formula-like text keeps the Text format (safeText.ts).
        guardFormulaText(cell);
      }
      row.commit();
      next++;
      count++;
    },
    commit() {
      ws.autoFilter = `A${headerEnd}:${lastCol}${Math.max(headerEnd, next - 1)}`;
      ws.commit();
    },
  };
}
