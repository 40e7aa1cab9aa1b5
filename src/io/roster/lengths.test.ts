// A roster cell longer than the contract allows (src/domain/textLimits.ts) is an import error
// naming sheet, row and column, so it is never stored and copied into the change log.
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../domain/idNumber.js';
import { tempFile } from '../../../test/fixtures/roster.js';
import { readWorkbook } from '../sheets/index.js';
import { parseRoster } from './parse.js';

const ID_HEAD = makeIdNumber('620523', '1968-03-15', 11);

async function roster(name: string, group: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow(['户编号', '人编号', '姓名', '证件号码', '与户主关系', '行政村', '自然村', '贫困户属性', '脱贫属性']);
  ws.addRow(['H1', 'P1', '李明', ID_HEAD, '户主', '南街村', group, '一般贫困户', '未脱贫']);
  ws.addRow(['H1', 'P2', name, null, '配偶', '南街村', group, '一般贫困户', '未脱贫']);
  const path = tempFile(`lengths-${name.length}-${group.length}.xlsx`);
  await wb.xlsx.writeFile(path);
  return path;
}

const parse = async (name: string, group: string) => parseRoster(readWorkbook(readFileSync(await roster(name, group)), 'lengths.xlsx'));

describe('roster cells longer than the limits', () => {
  it('a 5,000-character member name is an error naming sheet, row and column, and no member carries it', async () => {
    const p = await parse('张'.repeat(5000), '一组');
    const errors = p.issues.filter((i) => i.severity === 'error');
    expect(errors).toEqual([expect.objectContaining({ code: 'too-long', sheet: '花名册', row: 3, column: 'C', header: '姓名' })]);
    expect(errors[0]!.message).toBe('姓名不能超过 50 个字符（本格有 5000 个字符）：请改正后重新导入');
    expect(errors[0]!.value!.length).toBeLessThan(30);
  });

  it('a group name over 30 characters likewise; names and groups at the limit pass', async () => {
    const long = await parse('张秀兰', '组'.repeat(31));
    expect(long.issues.filter((i) => i.severity === 'error').map((i) => [i.code, i.row, i.column])).toEqual([
      ['too-long', 2, 'G'],
      ['too-long', 3, 'G'],
    ]);
    const edge = await parse('张'.repeat(50), '组'.repeat(30));
    expect(edge.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(edge.members.map((m) => m.name)).toContain('张'.repeat(50));
  });
});
