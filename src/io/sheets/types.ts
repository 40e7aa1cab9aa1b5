export type CellValue = string | number | boolean | null;

export interface SheetRow {
  /** 1-based row number as in the file (the number Excel shows at the left). */
  row: number;
  /** Index 0 = column A. No trailing nulls: a row with no values has `cells: []`. */
  cells: CellValue[];
  /**
   * Columns (0-based) whose cell is a formula the file holds no computed value for (xlsx only;
   * absent when there is none). Such a cell reads as empty in `cells`, but its value is unknown.
   */
  formulasWithoutValue?: number[];
}

/** A merged range: 1-based rows (like SheetRow.row), 0-based columns (like SheetRow.cells). */
export interface Merge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface Sheet {
  name: string;
  /**
   * Parses afresh on every call and yields rows lazily; rows are never cached. An xlsx sheet keeps
   * its unzipped XML after the first call, so a second pass (say, header sniffing then import)
   * does not unzip again. Rows present in the file are yielded, blank ones included; none are invented.
   */
  rows(): Iterable<SheetRow>;
  /** Merged ranges (xlsx only; [] for CSV), read on first access. */
  merges: Merge[];
  /** True for sheets hidden in Excel (state="hidden" or "veryHidden"). */
  hidden?: boolean;
}

export interface Workbook {
  format: 'xlsx' | 'csv';
  sheets: Sheet[];
  /** Only for CSV: how the text was decoded. */
  encoding?: 'utf-8' | 'gbk';
}

export type SheetFormatErrorCode = 'empty' | 'not-spreadsheet' | 'xls-unsupported' | 'corrupt' | 'encrypted' | 'too-large';

/** The file cannot be read as a spreadsheet; `message` is for the user (Chinese). */
export class SheetFormatError extends Error {
  readonly code: SheetFormatErrorCode;

  constructor(code: SheetFormatErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SheetFormatError';
    this.code = code;
  }
}
