// The data rows of a sheet below its header, and compact references to rows.
import type { CellValue, Merge, SheetRow } from '../sheets/types.js';
import { MergeFill } from './mergeFill.js';

export interface RowRef {
  sheet: number;
  row: number;
}

/** A row as one number (sheet * 2^21 + row: Excel has at most 2^20 rows), for the big maps. */
const ROW_SPAN = 2 ** 21;
export const packRef = (sheet: number, row: number): number => sheet * ROW_SPAN + row;
export const unpackRef = (ref: number): RowRef => ({ sheet: Math.floor(ref / ROW_SPAN), row: ref % ROW_SPAN });

/** What DataRows counts as skipped. */
export interface RowCounts {
  rowsSkipped: number;
}

const SPACES = /[\s\u3000]+/gu;

/** 'data', or why the row is skipped: blank (序号 alone counts as blank) or a subtotal row. */
function classifyRow(cells: readonly CellValue[], ignoredCols: ReadonlySet<number>): 'data' | 'blank' | 'subtotal' {
  const checkIgnored = ignoredCols.size > 0;
  let seen = 0;
  for (let c = 0; c < cells.length; c++) {
    const v = cells[c];
    if (v === null || v === undefined) continue;
    if (typeof v === 'string') {
      if (v.length === 0) continue;
      const c0 = v.charCodeAt(0);
      if ((c0 <= 32 || c0 === 0x3000 || c0 === 0xa0) && v.trim() === '') continue;
      // 合计/小计/总计 all end in 计: only such cells are worth a closer look.
      if (seen < 2 && v.indexOf('计') >= 0) {
        const t = v.replace(SPACES, '');
        if (t.includes('合计') || t.includes('小计') || t.includes('总计')) return 'subtotal';
      }
    }
    if (checkIgnored && ignoredCols.has(c)) continue;
    seen++;
    if (seen >= 2) return 'data';
  }
  return seen === 0 ? 'blank' : 'data';
}

/** Some templates number the columns (1, 2, 3 …) in the row under the header. */
function isColumnNumberRow(cells: readonly CellValue[]): boolean {
  let count = 0;
  let last = 0;
  for (const v of cells) {
    if (v === null || v === undefined) continue;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/u.test(v.trim()) ? Number(v) : NaN;
    if (!(n === last + 1 || (count === 0 && Number.isInteger(n) && n >= 0))) return false;
    last = n;
    count++;
  }
  return count >= 3;
}

/**
 * The rows below the header: the buffered ones, then the rest of the sheet. Blank rows,
 * 合计/小计/总计 rows and a row of column numbers (1, 2, 3 ...) right under the header are
 * counted as skipped and not returned. Cells covered by a vertical merge get the merge's value.
 * A pull reader rather than a generator: this runs once per row of a county.
 */
export class DataRows {
  private headIndex = 0;
  private first = true;
  private readonly fill: MergeFill;

  constructor(
    private readonly head: readonly SheetRow[],
    private readonly lastHeaderRow: number,
    private readonly rest: Iterator<SheetRow>,
    merges: readonly Merge[],
    private readonly ignoredCols: ReadonlySet<number>,
    private readonly summary: RowCounts,
    /** Called with each data row returned, before its reader sees it. */
    private readonly inspect: ((r: SheetRow) => void) | null = null,
  ) {
    this.fill = new MergeFill(merges, lastHeaderRow);
  }

  next(): SheetRow | null {
    for (;;) {
      let r: SheetRow;
      if (this.headIndex < this.head.length) {
        r = this.head[this.headIndex++]!;
      } else {
        const n = this.rest.next();
        if (n.done) return null;
        r = n.value;
      }
      if (r.row <= this.lastHeaderRow) continue;
      if (this.fill.active) this.fill.apply(r);
      const kind = classifyRow(r.cells, this.ignoredCols);
      const skip = kind !== 'data' || (this.first && isColumnNumberRow(r.cells));
      this.first = false;
      if (skip) {
        this.summary.rowsSkipped++;
        continue;
      }
      if (this.inspect !== null) this.inspect(r);
      return r;
    }
  }
}
