import type { CellValue, Merge, SheetRow } from '../sheets/types.js';

/**
 * Values of vertically merged cells below the header (户编号 merged over a household's rows is
 * common): the merge's value is stored only in its top-left cell, so the rows below get it here.
 */
export class MergeFill {
  readonly active: boolean;
  private readonly merges: Merge[];
  private next = 0;
  private live: { merge: Merge; value: CellValue }[] = [];

  constructor(merges: readonly Merge[], lastHeaderRow: number) {
    this.merges = merges.filter((m) => m.top > lastHeaderRow && m.bottom > m.top).sort((a, b) => a.top - b.top);
    this.active = this.merges.length > 0;
  }

  apply(r: SheetRow): void {
    const row = r.row;
    this.live = this.live.filter((l) => l.merge.bottom >= row);
    while (this.next < this.merges.length && this.merges[this.next]!.top <= row) {
      const m = this.merges[this.next++]!;
      if (m.top === row) this.live.push({ merge: m, value: r.cells[m.left] ?? null });
    }
    for (const { merge, value } of this.live) {
      if (value === null) continue;
      for (let c = merge.left; c <= merge.right; c++) {
        if (row === merge.top && c === merge.left) continue;
        const cur = r.cells[c];
        if (cur === null || cur === undefined) {
          while (r.cells.length < c) r.cells.push(null);
          r.cells[c] = value;
        }
      }
    }
  }
}
