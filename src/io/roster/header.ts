/**
 * Finding the header row of a sheet: rosters have title rows above it ("XX县建档立卡贫困人口
 * 花名册" merged across), sometimes a two-row header where a parent such as “家庭收入情况（元）”
 * is merged over its children, and the header is never guaranteed to be in row 1.
 *
 * Each of the first rows is scored as a one-row header and, with the row below it, as a two-row
 * header; the score is the number of distinct known columns it names. The best wins; on a tie a
 * one-row header beats a two-row one and an earlier row beats a later one.
 */
import { columnLetter } from '../sheets/columns.js';
import type { CellValue, Merge, SheetRow } from '../sheets/types.js';
import { matchHeader } from './profile.js';
import type { FieldDef } from './profile.js';

/** Rows (as the reader yields them) searched for a header. */
export const HEADER_SCAN_ROWS = 30;
/** A header must name at least this many known columns; fewer is a note or a data row. */
export const MIN_HEADER_SCORE = 2;

export interface HeaderColumn {
  /** 0-based column index (SheetRow.cells). */
  col: number;
  letter: string;
  /** The header as the sheet shows it: the child text of a two-row header, else the cell's text. */
  header: string;
  /** `parent/child` for a two-row header, else the same as `header`. */
  fullHeader: string;
  field: FieldDef | null;
}

export interface HeaderInfo {
  /** 1-based row of the (first) header row. */
  headerRow: number;
  /** The last header row: headerRow, or headerRow + 1 for a two-row header. Data starts below it. */
  lastHeaderRow: number;
  /** Every column with header text, in column order. */
  columns: HeaderColumn[];
  /** Distinct known fields named. */
  score: number;
}

/** Header text as people read it: trimmed, runs of whitespace/line breaks made one space. */
export function displayText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.replace(/[\s\u3000]+/gu, ' ').trim();
  if (typeof v === 'boolean') return v ? '是' : '否';
  return String(v);
}

interface Candidate {
  info: HeaderInfo;
  double: boolean;
}

export function detectHeader(rows: readonly SheetRow[], merges: readonly Merge[]): HeaderInfo | null {
  const scan = rows.slice(0, HEADER_SCAN_ROWS);
  if (scan.length === 0) return null;
  const lastRow = scan[scan.length - 1]!.row;
  const byRow = new Map<number, SheetRow>();
  for (const r of scan) byRow.set(r.row, r);
  const relevant = merges.filter((m) => m.top <= lastRow);

  /** The cell's own text, or the text of a merge that starts in this row and covers the cell. */
  const textAt = (row: number, col: number): string => {
    const own = displayText(byRow.get(row)?.cells[col]);
    if (own !== '') return own;
    for (const m of relevant) {
      if (m.top === row && m.left <= col && col <= m.right && m.left !== col) {
        return displayText(byRow.get(row)?.cells[m.left]);
      }
    }
    return '';
  };
  const coveredFromAbove = (row: number, col: number): boolean => relevant.some((m) => m.top < row && row <= m.bottom && m.left <= col && col <= m.right);

  const widthOf = (row: number): number => {
    let w = byRow.get(row)?.cells.length ?? 0;
    for (const m of relevant) if (m.top <= row && row <= m.bottom) w = Math.max(w, m.right + 1);
    return w;
  };

  let best: Candidate | null = null;
  const consider = (c: Candidate): void => {
    if (c.info.score < MIN_HEADER_SCORE) return;
    if (!best || c.info.score > best.info.score || (c.info.score === best.info.score && best.double && !c.double && c.info.headerRow >= best.info.headerRow)) {
      best = c;
    }
  };

  for (let i = 0; i < scan.length; i++) {
    const r = scan[i]!.row;
    // One-row header.
    {
      const width = widthOf(r);
      const columns: HeaderColumn[] = [];
      for (let c = 0; c < width; c++) {
        const text = coveredFromAbove(r, c) ? '' : textAt(r, c);
        if (text === '') continue;
        columns.push({ col: c, letter: columnLetter(c), header: text, fullHeader: text, field: matchHeader(text) });
      }
      consider({ info: finish(r, r, columns), double: false });
    }
    // Two-row header: this row and the next, if the next is the very next row of the sheet.
    const next = scan[i + 1];
    if (next && next.row === r + 1) {
      const width = Math.max(widthOf(r), widthOf(r + 1));
      const columns: HeaderColumn[] = [];
      let children = 0;
      for (let c = 0; c < width; c++) {
        const parent = coveredFromAbove(r, c) ? '' : textAt(r, c);
        const child = coveredFromAbove(r + 1, c) ? '' : textAt(r + 1, c);
        if (parent === '' && child === '') continue;
        let field: FieldDef | null;
        if (parent !== '' && child !== '') {
          children++;
          field = matchHeader(parent + child) ?? matchHeader(child);
        } else {
          field = matchHeader(child || parent);
        }
        const header = child || parent;
        const fullHeader = parent && child ? `${parent}/${child}` : header;
        columns.push({ col: c, letter: columnLetter(c), header, fullHeader, field });
      }
      if (children > 0 || columns.some((col) => col.header !== textAt(r, col.col))) {
        consider({ info: finish(r, r + 1, columns), double: true });
      }
    }
  }
  return best === null ? null : (best as Candidate).info;
}

function finish(headerRow: number, lastHeaderRow: number, columns: HeaderColumn[]): HeaderInfo {
  const fields = new Set<string>();
  for (const c of columns) if (c.field) fields.add(c.field.key);
  return { headerRow, lastHeaderRow, columns, score: fields.size };
}
