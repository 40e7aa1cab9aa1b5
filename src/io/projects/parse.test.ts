import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { libraryXlsx, PROJECT_HEADER } from '../../../test/fixtures/projects.js';
import { allRegions, codes } from '../../../test/fixtures/store.js';
import { DEFAULT_PROJECT_SETTINGS } from '../../domain/rulebook.js';
import { formatIssues } from '../roster/errors.js';
import { readWorkbook } from '../sheets/index.js';
import { parseProjectLibrary } from './parse.js';

let n = 0;
const nextId = (year: number) => `XM${year}-${String(++n).padStart(4, '0')}`;

describe('project library parse', () => {
  it('reads projects with villages by code or name, amounts to the fen, and numbers rows without an id', async () => {
    n = 0;
    const file = await libraryXlsx([
      [
        'XM-01',
        '石门村饮水工程',
        '饮水',
        2018,
        '东坪镇',
        codes.shimen,
        '蓄水池1座',
        '2018-03-01',
        '2018-10-31',
        '县水务局',
        '水务',
        480000,
        120,
        300000.55,
        2000,
      ],
      [null, '东坪镇养殖产业', '产业', '2018年', '东坪镇', '石门村、东坪村', '肉牛养殖', null, null, null, null, null, null, '100,000', null],
    ]);
    const r = parseProjectLibrary(readWorkbook(file, '项目库.xlsx'), DEFAULT_PROJECT_SETTINGS, allRegions, nextId);
    expect(r.issues).toEqual([]);
    expect(r.projects).toHaveLength(2);
    expect(r.projects[0]).toMatchObject({
      id: 'XM-01',
      type: 'water',
      year: 2018,
      villages: [codes.shimen],
      contractFen: 48_000_000,
      fundSources: { central: 30_000_055, self: 200_000 },
    });
    expect(r.projects[1]).toMatchObject({
      id: 'XM2018-0001',
      type: 'industry',
      status: 'reserve',
      villages: [codes.shimen, codes.dongpingVillage].sort(),
      fundSources: { central: 10_000_000 },
    });
    expect(r.rowOf.get('XM-01')).toBe(3);
  });

  it('reports every problem with sheet, row, column and value', async () => {
    const file = await libraryXlsx([
      ['XM-01', '', '修路', 2018, null, '不存在村', '道路硬化', '2018-13-01', null, null, null, null, -3, 'abc', null],
      ['XM-02', '饮水', '饮水', 2018, null, codes.shimen, '管道', null, null, null, null, null, null, 1.234, null],
      ['XM-02', '饮水', '饮水', 2018, null, codes.shimen, '管道', null, null, null, null, null, null, 1, null],
    ]);
    const r = parseProjectLibrary(readWorkbook(file, '项目库.xlsx'), DEFAULT_PROJECT_SETTINGS, allRegions, nextId);
    const lines = formatIssues(r.issues);
    expect(lines).toContain('项目库 第3行 B列（项目名称）：必填，不能为空');
    expect(lines.some((l) => l.startsWith('项目库 第3行 C列（项目类型）“修路”：项目类型应为：产业、'))).toBe(true);
    expect(lines).toContain('项目库 第3行 F列（实施地点）“不存在村”：“不存在村”不是本县的行政村（可填12位行政区划代码或村名）');
    expect(lines.some((l) => l.startsWith('项目库 第3行 H列（开工日期）“2018-13-01”'))).toBe(true);
    expect(lines).toContain('项目库 第3行 M列（受益户数）“-3”：应填不小于0的整数');
    expect(lines).toContain('项目库 第3行 N列（中央财政专项扶贫资金（元））“abc”：应填不小于0的金额（元），可带两位小数');
    expect(lines).toContain('项目库 第4行 N列（中央财政专项扶贫资金（元））“1.234”：金额最多两位小数，收到 1.234');
    expect(lines).toContain('项目库 第5行 A列（项目编号）“XM-02”：项目编号与第4行重复');
  });

  it('names a missing required column and a file without a project sheet', async () => {
    const noContent = await libraryXlsx(
      [['XM-01', '饮水', '饮水', 2018]],
      PROJECT_HEADER.filter((h) => h !== '建设内容'),
    );
    const r = parseProjectLibrary(readWorkbook(noContent, 'a.xlsx'), DEFAULT_PROJECT_SETTINGS, allRegions, nextId);
    expect(formatIssues(r.issues)).toEqual(['项目库 第2行 “建设内容”列：缺少“建设内容”列，请按项目库模板填写表头']);
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRow(['户编号', '姓名']);
    const none = parseProjectLibrary(readWorkbook(Buffer.from(await wb.xlsx.writeBuffer()), 'b.xlsx'), DEFAULT_PROJECT_SETTINGS, allRegions, nextId);
    expect(none.issues.map((i) => i.code)).toEqual(['no-project-sheet']);
  });
});
