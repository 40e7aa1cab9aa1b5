// Test helper: reads a written workbook back with Debian's python3-openpyxl (test/openpyxl_read.py),
// so an export that only exceljs understands fails the tests.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ReadSheet {
  name: string;
  values: (string | number | boolean | null)[][];
  number_formats: (string | null)[][];
  /** openpyxl's data_type per cell: 's' text, 'n' number, 'f' formula, 'b' boolean, 'd' date. */
  data_types: string[][];
  merged: string[];
  freeze_panes: string | null;
  auto_filter: string | null;
  orientation: string | null;
  paper_size: number | null;
  fit_to_page: boolean;
  fit_to_width: number | null;
  fit_to_height: number | null;
  print_title_rows: string | null;
  column_widths: Record<string, number>;
  margins: Record<string, number>;
  odd_header: Record<string, string>;
  odd_footer: Record<string, string>;
  wrap: string[];
}

export interface ReadWorkbook {
  sheets: ReadSheet[];
  defined_names: string[];
  xml?: Record<string, string>;
}

/** Debian's interpreter, which has python3-openpyxl; the `python3` on PATH may be a shim without it. */
export const SYSTEM_PYTHON = '/usr/bin/python3';
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '..', 'openpyxl_read.py');

export function readWithOpenpyxl(file: string, opts: { xml?: boolean } = {}): ReadWorkbook {
  const args = [SCRIPT, file, ...(opts.xml ? ['--xml'] : [])];
  const out = execFileSync(SYSTEM_PYTHON, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(out) as ReadWorkbook;
}

export function sheetByName(wb: ReadWorkbook, name: string): ReadSheet {
  const s = wb.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`工作表“${name}”不存在；现有：${wb.sheets.map((x) => x.name).join('、')}`);
  return s;
}

/** Data rows as objects keyed by the header row (row `headerRow`, 1-based). */
export function records(sheet: ReadSheet, headerRow = 2): Record<string, string | number | boolean | null>[] {
  const header = sheet.values[headerRow - 1] ?? [];
  return sheet.values.slice(headerRow).map((row) => {
    const rec: Record<string, string | number | boolean | null> = {};
    header.forEach((h, i) => {
      if (typeof h === 'string') rec[h] = row[i] ?? null;
    });
    return rec;
  });
}
