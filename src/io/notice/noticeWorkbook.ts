// The printable public-notice list (公示名单) as an .xlsx, A4 portrait, one sheet per village.
// It prints only what a posted notice may show: names of the heads, natural village, household
// size, class and attribute. No ID numbers, no phones (the one phone is the township office's,
// for objections) — the NoticeList it is given carries nothing else.
import ExcelJS from 'exceljs';
import { guardFormulaText } from '../sheets/safeText.js';

export interface NoticeRow {
  no: number;
  headName: string;
  group: string;
  size: number;
  classLabel: string;
  attributeLabel: string;
}

export interface NoticeList {
  title: string;
  countyName: string;
  townshipName: string;
  villageName: string;
  /** Notice dates (yyyy-mm-dd), null while not yet posted (a draft to print and post). */
  start: string | null;
  end: string | null;
  days: number;
  /** The township office's objection phone (监督电话), from settings; null = a blank to fill in by hand. */
  objectionPhone: string | null;
  rows: NoticeRow[];
  /** The paragraphs under the table. */
  footer: string[];
  signature: string;
}

const HEADERS = ['序号', '户主姓名', '自然村（组）', '家庭人口（人）', '类别', '贫困户属性'];

export async function noticeWorkbook(list: NoticeList): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'tuopin';
  const ws = wb.addWorksheet('公示名单', {
    pageSetup: {
      paperSize: 9,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.6, right: 0.6, top: 0.7, bottom: 0.7, header: 0.3, footer: 0.3 },
    },
  });
  ws.columns = [{ width: 7 }, { width: 14 }, { width: 16 }, { width: 14 }, { width: 10 }, { width: 16 }];
  const span = (row: number, text: string, opts: { bold?: boolean; size?: number; align?: 'center' | 'left' | 'right' } = {}) => {
    ws.mergeCells(row, 1, row, HEADERS.length);
    const cell = ws.getCell(row, 1);
    cell.value = text;
    cell.font = { name: '宋体', bold: opts.bold ?? false, size: opts.size ?? 11 };
    cell.alignment = { horizontal: opts.align ?? 'left', vertical: 'middle', wrapText: true };
    guardFormulaText(cell);
  };
  span(1, list.title, { bold: true, size: 16, align: 'center' });
  ws.getRow(1).height = 30;
  const period =
    list.start === null ? `公示期：____年__月__日 至 ____年__月__日（不少于 ${list.days} 天）` : `公示期：${list.start} 至 ${list.end}（${list.days} 天）`;
  span(2, `${list.countyName}${list.townshipName}${list.villageName}　${period}`, { align: 'center' });
  const header = ws.getRow(3);
  HEADERS.forEach((h, i) => {
    const c = header.getCell(i + 1);
    c.value = h;
    c.font = { name: '宋体', bold: true };
    c.alignment = { horizontal: 'center', vertical: 'middle' };
    c.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
  });
  let r = 4;
  for (const row of list.rows) {
    const values = [row.no, row.headName, row.group, row.size, row.classLabel, row.attributeLabel];
    const line = ws.getRow(r++);
    values.forEach((v, i) => {
      const c = line.getCell(i + 1);
      c.value = v;
      c.alignment = { horizontal: 'center', vertical: 'middle' };
      c.border = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } };
      // Names and groups are typed by people: "=..." must stay text when someone edits the list.
      guardFormulaText(c);
    });
  }
  r++;
  for (const p of list.footer) span(r++, p);
  r++;
  span(r, list.signature, { align: 'right' });
  ws.pageSetup.printTitlesRow = '3:3';
  return Buffer.from(await wb.xlsx.writeBuffer());
}
