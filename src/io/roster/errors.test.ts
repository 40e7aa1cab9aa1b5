import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../domain/idNumber.js';
import { readWorkbook } from '../sheets/index.js';
import { formatIssue, formatIssues, writeErrorWorkbook } from './errors.js';
import type { RosterIssue } from './errors.js';
import { tempFile, xlsxFile } from '../../../test/fixtures/roster.js';
import { parseRoster } from './parse.js';

const issue = (over: Partial<RosterIssue>): RosterIssue => ({
  severity: 'error',
  sheet: '花名册',
  row: 12,
  column: 'F',
  header: '证件号码',
  value: '43052419880101123',
  message: '身份证号应为18位',
  code: 'id-bad-length',
  ...over,
});

describe('formatIssues', () => {
  it('reads like 花名册 第12行 F列（证件号码）“…”：message', () => {
    expect(formatIssue(issue({}))).toBe('花名册 第12行 F列（证件号码）“43052419880101123”：身份证号应为18位');
    expect(formatIssue(issue({ row: null, column: null, header: null, value: null, message: '找不到表头' }))).toBe('花名册：找不到表头');
    expect(formatIssue(issue({ severity: 'warning', column: null, value: null, message: 'm' }))).toBe('[提示] 花名册 第12行 “证件号码”列：m');
  });

  it('stops at max and says how many more there are', () => {
    const lines = formatIssues([issue({}), issue({ row: 13 }), issue({ row: 14, severity: 'warning' })], 1);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('另有2条问题');
    expect(lines[1]).toContain('错误1条');
  });
});

describe('writeErrorWorkbook', () => {
  it('copies the rows with an 错误说明 column, fills the problem cells and lists every issue', async () => {
    const good = makeIdNumber('620523', '1968-03-15', 11);
    const file = await xlsxFile('with-errors.xlsx', {
      name: '花名册',
      rows: [
        ['某县花名册'],
        ['户编号', '人编号', '姓名', '证件号码', '与户主关系', '行政村', '外出务工收入'],
        ['H1', 'A', '甲', good, '户主', '村', 100],
        ['H1', 'B', '乙', '43052419880101123', '配偶', null, '很多'],
      ],
      merges: [{ top: 1, left: 0, bottom: 1, right: 6 }],
    });
    const wb = readWorkbook(file);
    const parsed = parseRoster(wb, { incomeYear: 2018 });
    const errs = parsed.issues.filter((i) => i.severity === 'error');
    expect(errs.map((e) => [e.row, e.column])).toEqual([
      [4, 'D'],
      [4, 'G'],
    ]);

    const out = tempFile('with-errors.错误报告.xlsx');
    await writeErrorWorkbook(out, wb, parsed.issues);

    // Read back with exceljs, an independent reader, to see fills and the sheet list.
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    expect(book.worksheets.map((w) => w.name)).toEqual(['问题清单', '花名册']);
    const list = book.getWorksheet('问题清单')!;
    expect(list.getRow(1).getCell(7).value).toBe('问题说明');
    expect(list.rowCount).toBe(1 + parsed.issues.length);
    expect(list.getRow(2).getCell(2).value).toBe('花名册');

    const ws = book.getWorksheet('花名册')!;
    expect(ws.getCell('A1').value).toBe('某县花名册');
    expect(ws.getCell('H2').value).toBe('错误说明');
    expect(ws.getCell('D4').value).toBe('43052419880101123');
    expect((ws.getCell('D4').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect((ws.getCell('G4').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect(ws.getCell('D3').fill).toBeUndefined();
    const note = String(ws.getCell('H4').value);
    expect(note).toContain('D列（证件号码）');
    expect(note).toContain('G列（外出务工收入）');
    // Row 3 has only a warning (no 县/乡镇 columns): noted, and no cell filled red.
    expect(
      String(ws.getCell('H3').value)
        .split('；')
        .every((m) => m.startsWith('[提示]')),
    ).toBe(true);

    // The error workbook is itself a roster: fixing the cells makes it importable again.
    const again = parseRoster(readWorkbook(out), { incomeYear: 2018 });
    expect(again.summary.sheets.find((s) => s.name === '花名册')).toMatchObject({ role: 'roster', headerRow: 2 });
    expect(again.summary.unknownColumns).toEqual([{ sheet: '花名册', column: 'H', header: '错误说明' }]);
  });
});
