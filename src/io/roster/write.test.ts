import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Household, IncomeForm, Member, Region, Task } from '../../domain/types.js';
import { readWorkbook } from '../sheets/index.js';
import { NAMED_COUNTY, smallCounty, tempFile } from '../../../test/fixtures/roster.js';
import { parseRoster } from './parse.js';
import { writeRoster } from './write.js';

const byCode = <T extends { code: string }>(xs: T[]): T[] => [...xs].sort((a, b) => (a.code < b.code ? -1 : 1));

describe('writeRoster', () => {
  it('round-trips every field: parseRoster(readWorkbook(writeRoster(x))) equals x', async () => {
    const data = smallCounty();
    // The fixture must be what the domain accepts, or the round trip proves nothing.
    z.array(Region).parse(data.regions);
    z.array(Household).parse(data.households);
    z.array(Member).parse(data.members);
    z.array(IncomeForm).parse(data.incomes);
    z.array(Task).parse(data.tasks);

    const file = tempFile('round-trip.xlsx');
    await writeRoster(file, data);
    const p = parseRoster(readWorkbook(file));

    expect(p.issues).toEqual([]);
    expect(p.households).toEqual(data.households);
    expect(p.members).toEqual(data.members);
    expect(p.incomes).toEqual(data.incomes);
    expect(p.tasks).toEqual(data.tasks);
    expect(byCode(p.regions)).toEqual(byCode(data.regions));
    // Title row above the header: the header finder had to look for it.
    expect(p.summary.sheets.map((s) => [s.name, s.role, s.headerRow])).toEqual([
      ['花名册', 'roster', 2],
      ['村情', 'village', 2],
      ['整改任务', 'task', 2],
    ]);
    expect(p.summary.unknownColumns).toEqual([]);
  });

  it('writes ID numbers and accounts as text cells and income on the head row only', async () => {
    const data = smallCounty();
    const file = tempFile('text-cells.xlsx');
    await writeRoster(file, data, { title: '测试花名册' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('花名册')!;
    expect(ws.getCell('A1').value).toBe('测试花名册');
    const headers = (ws.getRow(2).values as unknown[]).slice(1);
    const col = (h: string): number => headers.indexOf(h) + 1;
    const head = ws.getRow(3);
    const idCell = head.getCell(col('证件号码'));
    expect(idCell.type).toBe(ExcelJS.ValueType.String);
    expect(idCell.value).toBe(data.members[0]!.idNumber);
    expect(head.getCell(col('开户银行账号')).type).toBe(ExcelJS.ValueType.String);
    expect(head.getCell(col('外出务工收入')).value).toBe(24000);
    // The spouse's row carries the household columns but not the income form.
    const spouse = ws.getRow(4);
    expect(spouse.getCell(col('贫困户属性')).value).toBe('低保贫困户');
    expect(spouse.getCell(col('外出务工收入')).value).toBeNull();
  });

  it('leaves 行政区划代码 blank for villages coded by name, which read back to the same path code', async () => {
    const data = smallCounty();
    const file = tempFile('named-county.xlsx');
    await writeRoster(file, data);
    const p = parseRoster(readWorkbook(file));
    const named = p.households.find((h) => h.villageCode.startsWith(NAMED_COUNTY))!;
    expect(named.villageCode).toBe(`${NAMED_COUNTY}/红堡镇/山门村`);
  });
});
