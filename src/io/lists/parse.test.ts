import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../domain/idNumber.js';
import { RegistryIndex } from '../../domain/linkage/link.js';
import { formatIssue } from '../roster/errors.js';
import { readWorkbook } from '../sheets/read.js';
import { loadLinkageSettings } from './linkageSettings.js';
import { parseList, matchListHeader } from './parse.js';
import { LIST_KINDS, LIST_PROFILES } from './profiles.js';

const ID1 = makeIdNumber('620121', '2006-03-09', 11);
const ID2 = makeIdNumber('620121', '2007-11-02', 22);

async function xlsx(rows: (string | number | null)[][], sheetName = '学籍'): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function csv(rows: (string | number | null)[][], encoding: 'utf8' | 'gbk'): Buffer {
  const text = rows.map((r) => r.map((v) => (v === null ? '' : String(v))).join(',')).join('\r\n');
  return encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8');
}

const SCHOOL_ROLL = [
  ['某县2018年秋季学期学籍名单', null, null, null, null, null],
  ['序号', '学生姓名', '身份证号码', '学校名称', '年级', '学籍状态'],
  [1, '王小明', ID1, '第一小学', '六年级', '在读'],
  [2, '李娟', ID2.slice(0, 17) + (ID2[17] === '1' ? '2' : '1'), '第一中学', '七年级', '辍学'],
  [3, '张三', null, '第一中学', '八年级', '休学'],
];

describe('lists in', () => {
  it('every profile builds and no header text is claimed twice', () => {
    for (const kind of LIST_KINDS) {
      const p = LIST_PROFILES[kind];
      expect(p.label).toMatch(/[\u4e00-\u9fff]/u);
      expect(matchListHeader(p, p.columns[1]!.label)).not.toBeNull();
    }
  });

  it('reads a school roll from xlsx below a title row, with typed values and ID warnings', async () => {
    const parsed = parseList(readWorkbook(await xlsx(SCHOOL_ROLL), '学籍.xlsx'), 'school-roll');
    expect(parsed.rejected).toBe(false);
    expect(parsed.headerRow).toBe(2);
    expect(parsed.rows.map((r) => r.values.schoolStatus)).toEqual(['enrolled', 'dropped-out', 'suspended']);
    expect(parsed.rows[0]!.person).toMatchObject({ name: '王小明', idNumber: ID1 });
    expect(parsed.rows[0]!.row).toBe(3);
    const warning = parsed.issues.find((i) => i.code === 'id-bad-check')!;
    expect(warning).toMatchObject({ severity: 'warning', sheet: '学籍', row: 4, column: 'C', header: '身份证号码' });
    expect(formatIssue(warning)).toContain('校验位');
  });

  it('reads the same list as CSV in UTF-8 and in GBK', () => {
    for (const enc of ['utf8', 'gbk'] as const) {
      const wb = readWorkbook(csv(SCHOOL_ROLL.slice(1), enc), '学籍.csv');
      const parsed = parseList(wb, 'school-roll');
      expect(parsed.rejected, enc).toBe(false);
      expect(parsed.rows.map((r) => r.person.name)).toEqual(['王小明', '李娟', '张三']);
      expect(parsed.rows[1]!.values.schoolStatus).toBe('dropped-out');
    }
  });

  it('reports a value it cannot read with sheet, row, column and value, and rejects the list', async () => {
    const rows = [...SCHOOL_ROLL.slice(1), [4, '赵四', ID1, '第一小学', '五年级', '在家']];
    const parsed = parseList(readWorkbook(await xlsx(rows), '学籍.xlsx'), 'school-roll');
    expect(parsed.rejected).toBe(true);
    expect(parsed.issues).toContainEqual(
      expect.objectContaining({ severity: 'error', code: 'bad-value', sheet: '学籍', row: 5, column: 'F', header: '学籍状态', value: '在家' }),
    );
  });

  it('refuses a list without a required column and names the near miss', async () => {
    const parsed = parseList(
      readWorkbook(
        await xlsx([
          ['姓名', '身份证号', '学籍情况'],
          ['王小明', ID1, '在读'],
        ]),
        'x.xlsx',
      ),
      'school-roll',
    );
    expect(parsed.rejected).toBe(true);
    const missing = parsed.issues.find((i) => i.code === 'missing-column')!;
    expect(missing.message).toContain('学籍状态');
    expect(missing.message).toContain('学籍情况');
  });

  it('housing grades, yes/no flags and dates', async () => {
    const wb = readWorkbook(
      await xlsx(
        [
          ['户主姓名', '户主身份证号', '鉴定等级', '改造状态', '竣工验收日期'],
          ['王小明', ID1, 'C级', '已竣工验收', '2018/6/30'],
          ['李娟', ID2, 'd', '未改造', null],
        ],
        '危房',
      ),
      'h.xlsx',
    );
    const parsed = parseList(wb, 'housing');
    expect(parsed.rejected).toBe(false);
    expect(parsed.rows.map((r) => [r.values.houseGrade, r.values.renovation, r.values.acceptanceDate])).toEqual([
      ['C', 'accepted', '2018-06-30'],
      ['D', 'none', null],
    ]);

    const med = parseList(
      readWorkbook(
        await xlsx(
          [
            ['姓名', '身份证号', '参保状态', '先诊疗后付费', '一站式结算'],
            ['王小明', ID1, '已参保', '是', '√'],
            ['李娟', ID2, '未参保', '否', '×'],
          ],
          '医保',
        ),
        'm.xlsx',
      ),
      'medical-insurance',
    );
    expect(med.rows.map((r) => [r.values.enrolment, r.values.treatFirst, r.values.oneStop])).toEqual([
      ['enrolled', true, true],
      ['not-enrolled', false, false],
    ]);
  });

  it('the national export: field codes as headers and national codes as values', async () => {
    const wb = readWorkbook(
      await xlsx(
        [
          ['AAC001', 'AAC006', 'AAR010', 'AAC007', 'AAB002', 'AAB004', 'AAB003', 'AAB006', 'AAB017'],
          ['6201210001', '04', '1', '01', '王小明', ID1, '1', '01', '04'],
          ['6201210001', '06', '3', '12', '李娟', ID2, '2', '02', '02'],
        ],
        'AB01',
      ),
      'n.xlsx',
    );
    const parsed = parseList(wb, 'national-export');
    expect(parsed.rejected).toBe(false);
    const v = parsed.rows.map((r) => r.values);
    expect(v[0]).toMatchObject({
      householdId: '6201210001',
      attribute: 'dibao',
      status: 'exited',
      mainCause: 'illness',
      sex: 'M',
      relation: 'head',
      health: 'disabled',
    });
    expect(v[1]).toMatchObject({ attribute: 'tekun', status: 'returned', mainCause: 'other', sex: 'F', relation: 'spouse', health: 'chronic' });
  });

  it('rows of a parsed list link to the registry', async () => {
    const parsed = parseList(readWorkbook(await xlsx(SCHOOL_ROLL), '学籍.xlsx'), 'school-roll');
    const index = new RegistryIndex(
      [
        { memberId: 'P1', householdId: 'H1', name: '王晓明', idNumber: ID1, sex: 'M', birthDate: '2006-03-09', villageCode: null, relation: 'son' },
        { memberId: 'P2', householdId: 'H2', name: '李娟', idNumber: ID2, sex: 'F', birthDate: '2007-11-02', villageCode: null, relation: 'daughter' },
      ],
      loadLinkageSettings(),
    );
    const results = parsed.rows.map((r) => index.link(r.person));
    expect(results[0]).toMatchObject({ outcome: 'match', method: 'id', memberId: 'P1' });
    expect(results[0]!.comparisons[1]).toMatchObject({ field: 'name', level: 'homophone' });
    expect(results[1]).toMatchObject({ memberId: 'P2', method: 'score', idProblem: 'bad-check' });
    expect(results[2]!.outcome).toBe('none');
  });
});
