/**
 * Formula-safe text in what the system writes. A spreadsheet program takes text that begins with
 * =, +, -, @ (or a tab or carriage return before one of them) for a formula when the text is
 * typed, pasted or opened from CSV: "formula injection" (OWASP: CSV Injection). A name or a note
 * typed into the roster can carry one (=HYPERLINK(...), @SUM(...), +cmd|...).
 *
 * - .xlsx: exceljs writes every string as a string cell (shared or t="str"), never a formula, so
 *   no program evaluates it on opening. What remains is editing: Excel, WPS and LibreOffice turn a
 *   General cell holding "=..." into a formula as soon as someone presses F2 and Enter. Such cells
 *   get the Text number format (@), under which they stay text when edited. The text itself is
 *   not changed, so a roster written by the system reads back (and re-imports) unchanged.
 * - CSV: a field is only text, so the program decides; the field gets a leading apostrophe, as
 *   OWASP recommends (Excel and WPS show the rest as text).
 * Numbers are never touched: a negative amount in a number cell stays a number.
 */
import type ExcelJS from 'exceljs';

const FORMULA_START = /^[=+\-@\t\r]/;

/** Text a spreadsheet program could take for a formula. */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/** The Text number format: Excel's "@", which keeps an edited cell as text. */
export const TEXT_FORMAT = '@';

/**
 * Marks one written cell: when its value is formula-like text, it gets the Text format (a copy of
 * its style: exceljs shares style objects between cells). Call after the cell's style is set.
 */
export function guardFormulaText(cell: ExcelJS.Cell): void {
  const v = cell.value;
  if (typeof v === 'string' && looksLikeFormula(v)) cell.style = { ...cell.style, numFmt: TEXT_FORMAT };
}

/** guardFormulaText over every cell of a row (for writers that use addRow). Returns the row. */
export function guardFormulaRow<R extends ExcelJS.Row>(row: R): R {
  row.eachCell({ includeEmpty: false }, (cell) => guardFormulaText(cell));
  return row;
}

/** A CSV field's text: formula-like text gets a leading apostrophe. Quote the result as usual. */
export function csvSafeText(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text;
}

/** One CSV field, formula-safe and quoted when it needs to be (RFC 4180). Numbers are written as they are. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const s = csvSafeText(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
