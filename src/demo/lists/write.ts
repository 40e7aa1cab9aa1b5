/**
 * Writes the demo lists as the departments' workbooks, one `<kind>.xlsx` per kind, and
 * truth.json beside them. Each workbook: one sheet, a title row, the header row (frozen), text
 * cells for ID numbers and codes, so Excel neither rounds an 18-digit number nor drops a leading 0.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { LIST_KINDS } from '../../io/lists/profiles.js';
import type { ListKind } from '../../io/lists/profiles.js';
import { guardFormulaRow } from '../../io/sheets/safeText.js';
import type { DemoList } from './builder.js';
import { truthOf } from './generate.js';
import type { DemoLists } from './generate.js';
import { stampZip } from './stableZip.js';

const TITLE_FONT = { name: '宋体', size: 14, bold: true };
const HEADER_FONT = { name: '宋体', size: 11, bold: true };

export async function writeDemoList(file: string, list: DemoList): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  wb.creator = list.source;
  wb.title = list.title;
  // The file's own dates are the list's as-of date, not the clock's.
  wb.created = new Date(`${list.asOf}T00:00:00Z`);
  wb.modified = wb.created;
  const ws = wb.addWorksheet(list.sheet, { views: [{ state: 'frozen', ySplit: 2 }] });
  const text = new Set(list.textColumns);
  ws.columns = list.headers.map((h, i) => ({ width: Math.max(8, Math.min(24, h.length * 2 + 4)), ...(text.has(i) ? { style: { numFmt: '@' } } : {}) }));
  const title = ws.addRow([list.title]);
  title.font = TITLE_FONT;
  ws.mergeCells(1, 1, 1, list.headers.length);
  title.commit();
  const header = ws.addRow(list.headers);
  header.font = HEADER_FONT;
  header.commit();
  for (const cells of list.rows) guardFormulaRow(ws.addRow(cells.map((c) => (c === null ? undefined : c)))).commit();
  ws.commit();
  await wb.commit();
  writeFileSync(file, stampZip(readFileSync(file), list.asOf));
}

export interface WrittenLists {
  dir: string;
  files: { kind: ListKind; file: string; rows: number }[];
  truthFile: string;
}

export async function writeDemoLists(dir: string, lists: DemoLists): Promise<WrittenLists> {
  mkdirSync(dir, { recursive: true });
  const files: WrittenLists['files'] = [];
  for (const kind of LIST_KINDS) {
    const file = join(dir, `${kind}.xlsx`);
    await writeDemoList(file, lists.lists[kind]);
    files.push({ kind, file, rows: lists.lists[kind].rows.length });
  }
  const truthFile = join(dir, 'truth.json');
  writeFileSync(truthFile, `${JSON.stringify(truthOf(lists), null, 1)}\n`);
  return { dir, files, truthFile };
}
