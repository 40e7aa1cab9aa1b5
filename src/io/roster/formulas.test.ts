// A formula cell whose file holds no computed value must not read as a blank: blank would let an
// import erase what is stored (an ID number, for one).
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../domain/idNumber.js';
import { readWorkbook } from '../sheets/index.js';
import { readFileSync } from 'node:fs';
import { tempFile } from '../../../test/fixtures/roster.js';
import { parseRoster } from './parse.js';

const ID_HEAD = makeIdNumber('620523', '1968-03-15', 11);

async function rosterWithFormulaId(result: string | undefined): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow(['户编号', '人编号', '姓名', '证件号码', '与户主关系', '行政村', '贫困户属性', '脱贫属性']);
  ws.addRow(['H1', 'P1', '李明', ID_HEAD, '户主', '南街村', '一般贫困户', '未脱贫']);
  ws.addRow(['H1', 'P2', '张秀兰', null, '配偶', '南街村', '一般贫困户', '未脱贫']);
  ws.getCell('D3').value = result === undefined ? ({ formula: 'Z3&""' } as ExcelJS.CellFormulaValue) : { formula: 'Z3&""', result };
  const path = tempFile(`formula-${result === undefined ? 'none' : 'empty'}.xlsx`);
  await wb.xlsx.writeFile(path);
  return path;
}

describe('formula cells without a computed value', () => {
  for (const [what, result] of [
    ['an empty cached value', ''],
    ['no cached value at all', undefined],
  ] as const) {
    it(`a 证件号码 formula with ${what} is an error naming sheet, row and column`, async () => {
      const path = await rosterWithFormulaId(result);
      const p = parseRoster(readWorkbook(readFileSync(path), 'formula.xlsx'));
      const errors = p.issues.filter((i) => i.severity === 'error');
      expect(errors).toEqual([expect.objectContaining({ code: 'formula-without-value', sheet: '花名册', row: 3, column: 'D', header: '证件号码' })]);
      expect(errors[0]!.message).toMatch(/公式/);
    });
  }
});
