// A filtered list as a workbook (农户名单, 村名单, 待审批, 变更记录): one sheet in the ledgers'
// layout (style.ts: title row, frozen header, A4 landscape print with the header repeated), titled
// for the scope it was exported from, so a township's file says the township.
import { openSheet, openWorkbook, safeSheetName, type CellValue, type ColumnSpec } from './style.js';
import type { WriteResult } from './ledgers.js';

export interface ListSheet {
  sheetName: string;
  /** The title row, e.g. 城关镇农户名单. */
  title: string;
  columns: readonly ColumnSpec[];
  rows: readonly (readonly CellValue[])[];
  /** What the rows are (scope, filters, count), printed top left. */
  pageHeaderLeft?: string;
  /** Printed in the footer; the writer never reads the clock. */
  generatedAt?: string;
  freezeColumns?: number;
}

export async function writeListWorkbook(path: string, list: ListSheet): Promise<WriteResult> {
  const wb = openWorkbook(path);
  wb.creator = 'tuopin';
  const sheet = openSheet(
    wb,
    {
      name: safeSheetName(list.sheetName, new Set()),
      title: list.title,
      columns: list.columns,
      ...(list.freezeColumns !== undefined ? { freezeColumns: list.freezeColumns } : {}),
      ...(list.pageHeaderLeft !== undefined ? { pageHeaderLeft: list.pageHeaderLeft } : {}),
      ...(list.generatedAt !== undefined ? { pageFooterRight: `生成时间：${list.generatedAt}` } : {}),
    },
    list.rows,
  );
  for (const r of list.rows) sheet.addRow(r);
  sheet.commit();
  await wb.commit();
  return { sheets: [{ name: sheet.name, rows: sheet.rowCount }] };
}
