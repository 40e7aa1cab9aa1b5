// The project notice (项目公示) as an .xlsx, A4 portrait: the facts as two columns, then the
// households it reaches. It writes only what the sheet it is given carries, which the service
// built through the public-notice masker.
import ExcelJS from 'exceljs';
import type { ProjectNoticeSheet } from '../../services/projectNotice.js';
import { guardFormulaText } from '../sheets/safeText.js';

const BORDER = { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } } as const;

export async function projectNoticeWorkbook(sheet: ProjectNoticeSheet): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'tuopin';
  const ws = wb.addWorksheet(sheet.kindLabel, {
    pageSetup: {
      paperSize: 9,
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      margins: { left: 0.6, right: 0.6, top: 0.7, bottom: 0.7, header: 0.3, footer: 0.3 },
    },
  });
  ws.columns = [{ width: 8 }, { width: 18 }, { width: 22 }, { width: 30 }];
  const cell = (row: number, col: number, value: string | number, opts: { bold?: boolean; border?: boolean; align?: 'center' | 'left' | 'right' } = {}) => {
    const c = ws.getCell(row, col);
    c.value = value;
    c.font = { name: '宋体', bold: opts.bold ?? false, size: 11 };
    c.alignment = { horizontal: opts.align ?? 'left', vertical: 'middle', wrapText: true };
    if (opts.border) c.border = BORDER;
    guardFormulaText(c);
  };
  const span = (row: number, from: number, value: string, opts: Parameters<typeof cell>[3] = {}) => {
    ws.mergeCells(row, from, row, 4);
    cell(row, from, value, opts);
  };
  span(1, 1, sheet.title, { bold: true, align: 'center' });
  ws.getCell(1, 1).font = { name: '宋体', bold: true, size: 16 };
  ws.getRow(1).height = 30;
  span(2, 1, `${sheet.countyName}${sheet.townshipName}${sheet.villageName}　公示期：${sheet.postedOn} 至 ${sheet.endOn}（不少于 ${sheet.days} 天）`, {
    align: 'center',
  });
  let r = 3;
  for (const f of sheet.facts) {
    ws.mergeCells(r, 1, r, 2);
    cell(r, 1, f.label, { bold: true, border: true, align: 'center' });
    span(r, 3, f.value, { border: true });
    r++;
  }
  r++;
  if (sheet.households.length > 0) {
    span(r++, 1, '受益农户', { bold: true });
    ['序号', '户主姓名', '自然村（组）', '家庭人口（人）'].forEach((h, i) => cell(r, i + 1, h, { bold: true, border: true, align: 'center' }));
    r++;
    for (const h of sheet.households) {
      [h.no, h.headName, h.group, h.size].forEach((v, i) => cell(r, i + 1, v, { border: true, align: 'center' }));
      r++;
    }
    r++;
  }
  for (const p of sheet.footer) span(r++, 1, p);
  r++;
  span(r, 1, sheet.signature, { align: 'right' });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
