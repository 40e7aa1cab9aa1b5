import { writeFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { makeIdNumber } from '../../domain/idNumber.js';
import { Household, IncomeForm, Member, Region, Task } from '../../domain/types.js';
import { readWorkbook } from '../sheets/index.js';
import type { CellValue } from '../sheets/types.js';
import type { RosterIssue } from './errors.js';
import { memoryWorkbook, tempFile, xlsxFile } from '../../../test/fixtures/roster.js';
import { parseRoster } from './parse.js';
import type { RosterParse } from './parse.js';

const id = (birth: string, seq: number): string => makeIdNumber('620523', birth, seq);
const ID_HEAD = id('1968-03-15', 11);
const ID_WIFE = id('1970-07-02', 22);
const ID_SON = id('2006-09-01', 31);
const ID_OTHER_HEAD = id('1975-05-05', 41);

/** Rows of objects keyed by header -> sheet rows under that header. */
function table(headers: readonly string[], rows: readonly Record<string, CellValue>[]): CellValue[][] {
  return [headers.slice(), ...rows.map((r) => headers.map((h) => (h in r ? r[h]! : null)))];
}

const errors = (p: RosterParse): RosterIssue[] => p.issues.filter((i) => i.severity === 'error');
const warnings = (p: RosterParse): RosterIssue[] => p.issues.filter((i) => i.severity === 'warning');
const codes = (issues: RosterIssue[]): string[] => issues.map((i) => i.code);

/** Everything parseRoster returns must satisfy the domain schemas (checked here, not in the hot loop). */
function expectValidRecords(p: RosterParse): void {
  z.array(Region).parse(p.regions);
  z.array(Household).parse(p.households);
  z.array(Member).parse(p.members);
  z.array(IncomeForm).parse(p.incomes);
  z.array(Task).parse(p.tasks);
}

const HOUSEHOLD_HEADERS = ['县', '乡镇', '行政村', '自然村', '贫困户属性', '脱贫属性', '家庭人口数', '是否解决安全饮水', '耕地面积（亩）'];
const PERSON_HEADERS = ['序号', '户编号', '人编号', '姓名', '证件号码', '与户主关系'];

const householdValues = {
  县: '甘谷县',
  乡镇: '城关镇',
  行政村: '南街村',
  自然村: '一组',
  贫困户属性: '低保贫困户',
  脱贫属性: '未脱贫',
  家庭人口数: 3,
  是否解决安全饮水: '是',
  '耕地面积（亩）': '6.5',
};

const rosters = {
  /** One sheet, household columns repeated on every member row. */
  everyRow: () =>
    memoryWorkbook({
      name: '花名册',
      rows: table(
        [...PERSON_HEADERS, ...HOUSEHOLD_HEADERS],
        [
          { 序号: 1, 户编号: 'H001', 人编号: 'P001', 姓名: '李明', 证件号码: ID_HEAD, 与户主关系: '户主', ...householdValues },
          { 序号: 2, 户编号: 'H001', 人编号: 'P002', 姓名: '张秀兰', 证件号码: ID_WIFE, 与户主关系: '配偶', ...householdValues },
          { 序号: 3, 户编号: 'H001', 人编号: 'P003', 姓名: '李小军', 证件号码: ID_SON, 与户主关系: '之子', ...householdValues },
        ],
      ),
    }),
  /** One sheet, household columns only on the head's row. */
  headRowOnly: () =>
    memoryWorkbook({
      name: '花名册',
      rows: table(
        [...PERSON_HEADERS, ...HOUSEHOLD_HEADERS],
        [
          { 序号: 1, 户编号: 'H001', 人编号: 'P001', 姓名: '李明', 证件号码: ID_HEAD, 与户主关系: '户主', ...householdValues },
          { 序号: 2, 户编号: 'H001', 人编号: 'P002', 姓名: '张秀兰', 证件号码: ID_WIFE, 与户主关系: '配偶' },
          { 序号: 3, 户编号: 'H001', 人编号: 'P003', 姓名: '李小军', 证件号码: ID_SON, 与户主关系: '之子' },
        ],
      ),
    }),
};

describe('parseRoster: accepted layouts', () => {
  it('reads a clean single-sheet roster with household columns on every row', () => {
    const p = parseRoster(rosters.everyRow());
    expect(errors(p)).toEqual([]);
    expect(p.households).toHaveLength(1);
    expect(p.members.map((m) => [m.id, m.name, m.relation])).toEqual([
      ['P001', '李明', 'head'],
      ['P002', '张秀兰', 'spouse'],
      ['P003', '李小军', 'son'],
    ]);
    const h = p.households[0]!;
    expect(h).toMatchObject({ id: 'H001', group: '一组', attribute: 'dibao', status: 'not-exited', cultivatedLand: 6.5 });
    expect(h.water.secured).toBe(true);
    expect(h.villageCode).toBe('甘谷县/城关镇/南街村');
    // Birth date and sex come from the ID number when the sheet has no such columns.
    expect(p.members[0]).toMatchObject({ idNumber: ID_HEAD, birthDate: '1968-03-15', sex: 'M' });
    expect(p.members[1]).toMatchObject({ birthDate: '1970-07-02', sex: 'F' });
    expect(codes(warnings(p))).toEqual(expect.arrayContaining(['derived-birth-date', 'derived-sex']));
    expect(p.summary.sheets).toEqual([{ name: '花名册', role: 'roster', headerRow: 1, rowsRead: 3, rowsSkipped: 0 }]);
    expectValidRecords(p);
  });

  it('carries household columns from the head row onto member rows that leave them blank', () => {
    const every = parseRoster(rosters.everyRow());
    const headOnly = parseRoster(rosters.headRowOnly());
    expect(errors(headOnly)).toEqual([]);
    expect(headOnly.households).toEqual(every.households);
    expect(headOnly.members).toEqual(every.members);
  });

  it('joins separate household, member and income sheets (identified by headers, not names) by 户编号', () => {
    const wb = memoryWorkbook(
      {
        name: 'Sheet3', // the member sheet, deliberately not named 人
        rows: table(
          ['户编号', '人编号', '姓名', '身份证号', '与户主关系', '在校生状况', '健康状况', '残疾等级'],
          [
            { 户编号: 'H001', 人编号: 'P001', 姓名: '李明', 身份证号: ID_HEAD, 与户主关系: '户主', 健康状况: '残疾', 残疾等级: '二级' },
            { 户编号: 'H001', 人编号: 'P003', 姓名: '李小军', 身份证号: ID_SON, 与户主关系: '之子', 在校生状况: '七年级' },
            { 户编号: 'H002', 人编号: 'P201', 姓名: '王芳', 身份证号: ID_OTHER_HEAD, 与户主关系: '户主' },
          ],
        ),
      },
      {
        name: '户',
        rows: table(
          ['户编号', '行政区划代码', '县', '乡镇', '行政村', '贫困户属性', '脱贫属性', '脱贫年度', '易地扶贫搬迁', '兜底保障户', '危房等级'],
          [
            {
              户编号: 'H001',
              行政区划代码: '620523101201',
              县: '甘谷县',
              乡镇: '城关镇',
              行政村: '南街村',
              贫困户属性: '一般贫困户',
              脱贫属性: '已脱贫',
              脱贫年度: 2016,
              易地扶贫搬迁: '否',
              兜底保障户: '否',
              危房等级: 'D级危房',
            },
            {
              户编号: 'H002',
              行政区划代码: 620523101202,
              县: '甘谷县',
              乡镇: '城关镇',
              行政村: '北山村',
              贫困户属性: '特困供养贫困户',
              脱贫属性: '未脱贫',
              易地扶贫搬迁: '未入住',
              兜底保障户: '是',
            },
          ],
        ),
      },
      {
        name: '收入',
        rows: table(
          ['户编号', '收入年度', '外出务工收入', '低保金', '生产经营性支出'],
          [{ 户编号: 'H001', 收入年度: 2018, 外出务工收入: '24,000', 低保金: 3360, 生产经营性支出: '１８００' }],
        ),
      },
    );
    const p = parseRoster(wb);
    expect(errors(p)).toEqual([]);
    expect(p.summary.sheets.map((s) => s.role)).toEqual(['roster', 'household', 'income']);
    expect(p.households.map((h) => [h.id, h.villageCode, h.status, h.relocation, h.guarantee])).toEqual([
      ['H001', '620523101201', 'exited', 'none', false],
      ['H002', '620523101202', 'not-exited', 'planned', true],
    ]);
    expect(p.households[0]!.housing.grade).toBe('D');
    expect(p.members.find((m) => m.id === 'P001')).toMatchObject({ health: 'disabled', disabilityGrade: 2 });
    expect(p.members.find((m) => m.id === 'P003')!.schoolStatus).toBe('grade7');
    expect(p.incomes).toEqual([{ householdId: 'H001', year: 2018, items: { migrantWage: 24000, dibao: 3360, productionCost: 1800 }, note: null }]);
    expect(p.regions.map((r) => [r.code, r.name, r.level, r.parentCode])).toEqual([
      ['620523', '甘谷县', 'county', null],
      ['620523101', '城关镇', 'township', '620523'],
      ['620523101201', '南街村', 'village', '620523101'],
      ['620523101202', '北山村', 'village', '620523101'],
    ]);
    expectValidRecords(p);
  });

  it('finds the header under title rows and reads a two-row merged header', async () => {
    // Row 1: title merged across; rows 2-3: header. 户编号…与户主关系 are merged down over both
    // header rows; 家庭收入情况（元） is merged across its three children; 帮扶责任人 over 姓名/联系电话.
    const file = await xlsxFile('two-row-header.xlsx', {
      name: '花名册',
      rows: [
        ['甘谷县建档立卡贫困人口花名册'],
        ['户编号', '人编号', '姓名', '证件号码', '与户主关系', '行政村', '家庭收入情况（元）', null, null, '帮扶责任人', null],
        [null, null, null, null, null, null, '工资性收入', '外出务工收入', '低保金', '姓名', '联系电话'],
        ['H001', 'P001', '李明', ID_HEAD, '户主', '南街村', 24000, 24000, 3360, '王建军', '13909381234'],
        ['H001', 'P002', '张秀兰', ID_WIFE, '配偶', null, null, null, null, null, null],
      ],
      merges: [
        { top: 1, left: 0, bottom: 1, right: 10 },
        ...[0, 1, 2, 3, 4, 5].map((c) => ({ top: 2, left: c, bottom: 3, right: c })),
        { top: 2, left: 6, bottom: 2, right: 8 },
        { top: 2, left: 9, bottom: 2, right: 10 },
      ],
    });
    const p = parseRoster(readWorkbook(file), { incomeYear: 2018 });
    expect(errors(p)).toEqual([]);
    expect(p.summary.sheets[0]).toMatchObject({ role: 'roster', headerRow: 2, rowsRead: 2 });
    expect(p.members.map((m) => m.name)).toEqual(['李明', '张秀兰']);
    // 帮扶责任人/姓名 is the cadre, not a second member name.
    expect(p.households[0]!.cadre).toEqual({ name: '王建军', unit: null, phone: '13909381234' });
    expect(p.incomes[0]!.items).toEqual({ migrantWage: 24000, dibao: 3360 });
    // The category total beside its items is recognised and not imported.
    expect(p.summary.ignoredColumns).toEqual([{ sheet: '花名册', column: 'G', header: '家庭收入情况（元）/工资性收入' }]);
  });

  it('skips blank rows, 合计/小计 rows, a column-number row and 序号-only rows, and counts them', () => {
    const headers = [...PERSON_HEADERS, '行政村', '贫困户属性', '脱贫属性'];
    const wb = memoryWorkbook({
      name: '花名册',
      rows: [
        headers,
        [1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 'H001', 'P001', '李明', ID_HEAD, '户主', '南街村', '一般贫困户', '未脱贫'],
        [],
        [2, 'H001', 'P002', '张秀兰', ID_WIFE, '配偶'],
        [null, '小 计', null, null, null, null, null, null, null],
        [3],
        ['合计', '2户', 2],
      ],
    });
    const p = parseRoster(wb);
    expect(errors(p)).toEqual([]);
    expect(p.members).toHaveLength(2);
    expect(p.summary.sheets[0]).toMatchObject({ headerRow: 1, rowsRead: 2, rowsSkipped: 5 });
  });

  it('accepts the national poverty information system export headers and values', () => {
    const headers = [
      '户编号',
      '人编号',
      '姓名',
      '证件号码',
      '性别',
      '出生日期',
      '与户主关系',
      '民族',
      '文化程度',
      '在校生状况',
      '健康状况',
      '劳动技能',
      '务工状况',
      '务工时间',
      '是否参加城乡居民基本医疗保险',
      '是否参加大病保险',
      '是否参加城乡居民基本养老保险',
      '贫困户属性',
      '识别标准',
      '建档立卡年度',
      '主要致贫原因',
      '其他致贫原因',
      '贫困户状态',
      '脱贫年度',
      '危房户',
      '是否解决安全饮水',
      '联系电话',
      '开户银行账号',
      '帮扶责任人',
      '帮扶单位',
      '帮扶责任人联系电话',
      '县',
      '乡镇',
      '行政村',
      '组',
      '低保户标识',
    ];
    const wb = memoryWorkbook({
      name: 'Sheet1',
      rows: table(headers, [
        {
          户编号: 'H9',
          人编号: 'P9',
          姓名: '马有福',
          证件号码: ` ${ID_HEAD.slice(0, 17)}${ID_HEAD.slice(17).toLowerCase()} `,
          性别: '男',
          出生日期: '1968年3月15日',
          与户主关系: '户主',
          民族: '回族',
          文化程度: '初中',
          在校生状况: '非在校生',
          健康状况: '长期慢性病',
          劳动技能: '普通劳动力',
          务工状况: '省外务工',
          务工时间: '8',
          是否参加城乡居民基本医疗保险: '√',
          是否参加大病保险: 'Y',
          是否参加城乡居民基本养老保险: 0,
          贫困户属性: '低保户',
          识别标准: '国家标准',
          建档立卡年度: '2014年',
          主要致贫原因: '因病',
          其他致贫原因: '缺资金、缺技术',
          贫困户状态: '预脱贫',
          脱贫年度: 2018,
          危房户: '是',
          是否解决安全饮水: '有',
          联系电话: 13893812345,
          开户银行账号: "'6228480868123456789",
          帮扶责任人: '王建军',
          帮扶单位: '县财政局',
          帮扶责任人联系电话: '13909381234',
          县: '甘谷县',
          乡镇: '城关镇',
          行政村: '南街村',
          组: '三组',
          低保户标识: '是',
        },
      ]),
    });
    const p = parseRoster(wb);
    expect(errors(p)).toEqual([]);
    const h = p.households[0]!;
    expect(h).toMatchObject({
      attribute: 'dibao',
      standard: 'national',
      identifiedYear: 2014,
      mainCause: 'illness',
      otherCauses: ['lack-capital', 'lack-skills'],
      status: 'pre-exit',
      exitYear: 2018,
      group: '三组',
      phone: '13893812345',
      bankAccount: '6228480868123456789',
      cadre: { name: '王建军', unit: '县财政局', phone: '13909381234' },
    });
    // 危房户=是 without a grade: recorded as C with a warning asking for the grade.
    expect(h.housing.grade).toBe('C');
    expect(codes(warnings(p))).toContain('house-grade-assumed');
    expect(p.members[0]).toMatchObject({
      idNumber: ID_HEAD,
      sex: 'M',
      birthDate: '1968-03-15',
      ethnicity: '回族',
      education: '初中',
      schoolStatus: 'none',
      health: 'chronic',
      labour: 'ordinary',
      migrantPlace: '省外务工',
      migrantMonths: 8,
      basicMedical: true,
      criticalIllness: true,
      pension: false,
    });
    expect(p.summary.unknownColumns).toEqual([{ sheet: 'Sheet1', column: 'AJ', header: '低保户标识' }]);
    expectValidRecords(p);
  });

  it('reads a GBK-encoded CSV export', () => {
    const text = [
      '户编号,人编号,姓名,身份证号码,与户主关系,行政村,贫困户属性,脱贫属性,工资性收入（元）,外出务工收入（元）',
      `H001,P001,李明,${ID_HEAD},户主,南街村,一般贫困户,未脱贫,"3,500","3,500"`,
      `H001,P002,张秀兰,${ID_WIFE},配偶,,,,,`,
    ].join('\r\n');
    const file = tempFile('roster-gbk.csv');
    writeFileSync(file, iconv.encode(text, 'gbk'));
    const wb = readWorkbook(file);
    expect(wb.encoding).toBe('gbk');
    const p = parseRoster(wb, { incomeYear: 2018 });
    expect(errors(p)).toEqual([]);
    expect(p.members.map((m) => m.name)).toEqual(['李明', '张秀兰']);
    expect(p.incomes).toEqual([{ householdId: 'H001', year: 2018, items: { migrantWage: 3500 }, note: null }]);
  });

  it('fills values of cells merged down over a household (户编号 merged across its members)', () => {
    const wb = memoryWorkbook({
      name: '花名册',
      rows: [
        ['户编号', '人编号', '姓名', '证件号码', '与户主关系', '行政村'],
        ['H001', 'P001', '李明', ID_HEAD, '户主', '南街村'],
        [null, 'P002', '张秀兰', ID_WIFE, '配偶'],
      ],
      merges: [
        { top: 2, left: 0, bottom: 3, right: 0 },
        { top: 2, left: 5, bottom: 3, right: 5 },
      ],
    });
    const p = parseRoster(wb);
    expect(errors(p)).toEqual([]);
    expect(p.members.map((m) => m.householdId)).toEqual(['H001', 'H001']);
  });

  it('converts a 15-digit ID number to 18 digits and says so', () => {
    const old15 = '620523680315111'; // born 1968-03-15, sequence 111 (male)
    const wb = memoryWorkbook({
      name: '花名册',
      rows: table(
        ['户编号', '姓名', '身份证号', '与户主关系', '行政村'],
        [{ 户编号: 'H001', 姓名: '李明', 身份证号: old15, 与户主关系: '户主', 行政村: '南街村' }],
      ),
    });
    const p = parseRoster(wb);
    expect(errors(p)).toEqual([]);
    const m = p.members[0]!;
    expect(m.idNumber).toHaveLength(18);
    expect(m.idNumber!.slice(0, 17)).toBe('62052319680315111');
    // Without 人编号 the normalised ID number is the person key.
    expect(m.id).toBe(m.idNumber);
    expect(m).toMatchObject({ birthDate: '1968-03-15', sex: 'M' });
    expect(warnings(p).find((w) => w.code === 'id-converted')).toMatchObject({ sheet: '花名册', row: 2, column: 'C', value: old15 });
  });

  it('reads yes/no, numbers and dates in the forms people type them', () => {
    const wb = memoryWorkbook({
      name: '花名册',
      rows: table(
        [
          '户编号',
          '人编号',
          '姓名',
          '出生日期',
          '与户主关系',
          '行政村',
          '兜底保障户',
          '卫生厕所',
          '水质是否达标',
          '是否自来水入户',
          '住房面积',
          '供水保证率（%）',
          '取水往返时间（分钟）',
        ],
        [
          {
            户编号: 'H1',
            人编号: 'A',
            姓名: '甲',
            出生日期: '1988/1/1',
            与户主关系: '户主',
            行政村: '村',
            兜底保障户: 'N',
            卫生厕所: '×',
            水质是否达标: '达标',
            是否自来水入户: true,
            住房面积: '１２０',
            供水保证率: null,
            '供水保证率（%）': 0.95,
            '取水往返时间（分钟）': '15分钟',
          },
          {
            户编号: 'H2',
            人编号: 'B',
            姓名: '乙',
            出生日期: '19880101',
            与户主关系: '户主',
            行政村: '村',
            兜底保障户: 1,
            住房面积: '1,200.5',
            '供水保证率（%）': '90%',
          },
          { 户编号: 'H3', 人编号: 'C', 姓名: '丙', 出生日期: '1988年1月1日', 与户主关系: '户主', 行政村: '村' },
          { 户编号: 'H4', 人编号: 'D', 姓名: '丁', 出生日期: '1988.01.01', 与户主关系: '户主', 行政村: '村' },
          { 户编号: 'H5', 人编号: 'E', 姓名: '戊', 出生日期: '1988-01-01', 与户主关系: '户主', 行政村: '村' },
        ],
      ),
    });
    const p = parseRoster(wb);
    expect(errors(p)).toEqual([]);
    expect(p.members.map((m) => m.birthDate)).toEqual(Array(5).fill('1988-01-01'));
    const [h1, h2] = p.households;
    expect(h1).toMatchObject({
      guarantee: false,
      sanitaryToilet: false,
      housing: { area: 120 },
      water: { qualityOk: true, piped: true, reliabilityPercent: 95, fetchMinutes: 15 },
    });
    expect(h2).toMatchObject({ guarantee: true, housing: { area: 1200.5 }, water: { reliabilityPercent: 90 } });
  });

  it('builds regions from a village sheet, giving name-only households the village sheet code', () => {
    const wb = memoryWorkbook(
      {
        name: '花名册',
        rows: table(
          ['户编号', '人编号', '姓名', '与户主关系', '县', '乡镇', '行政村'],
          [
            { 户编号: 'H1', 人编号: 'A', 姓名: '甲', 与户主关系: '户主', 县: '甘谷县', 乡镇: '城关镇', 行政村: '南街村' },
            { 户编号: 'H2', 人编号: 'B', 姓名: '乙', 与户主关系: '户主', 县: '甘谷县', 乡镇: '城关镇', 行政村: '西关村' },
          ],
        ),
      },
      {
        name: '村情',
        rows: [
          ['甘谷县各村基本情况'],
          ['县', '乡镇', '行政村', '行政区划代码', '农村户籍人口', '是否贫困村', '退出年度', '主导产业', '村集体经济收入（元）', '通硬化路'],
          ['甘谷县', '城关镇', '南街村', '620523101201', '1,830', '是', 2018, '是', 52000, '否'],
        ],
      },
    );
    const p = parseRoster(wb);
    expect(errors(p)).toEqual([]);
    expect(p.summary.sheets[1]).toMatchObject({ role: 'village', headerRow: 2 });
    expect(p.households.map((h) => h.villageCode)).toEqual(['620523101201', '甘谷县/城关镇/西关村']);
    const village = p.regions.find((r) => r.code === '620523101201')!;
    expect(village).toMatchObject({ name: '南街村', ruralPopulation: 1830, poorVillage: true, exitYear: 2018 });
    expect(village.indicators).toMatchObject({ leadingIndustry: true, collectiveIncome: 52000, hardenedRoad: false, cooperative: null });
    expect(p.regions.find((r) => r.code === '甘谷县/城关镇/西关村')).toMatchObject({ level: 'village', parentCode: '甘谷县/城关镇', ruralPopulation: null });
    expectValidRecords(p);
  });
});

describe('parseRoster: what the file carries', () => {
  const members = () =>
    memoryWorkbook({
      name: '成员',
      rows: table(
        ['户编号', '人编号', '姓名', '证件号码', '与户主关系', '行政村'],
        [{ 户编号: 'H1', 人编号: 'A', 姓名: '甲', 证件号码: ID_HEAD, 与户主关系: '户主', 行政村: '南街村' }],
      ),
    });

  it('a members-only file carries no village sheet and no household facts', () => {
    const p = parseRoster(members());
    expect(errors(p)).toEqual([]);
    expect(p.carried.villageRows).toEqual([]);
    expect(p.carried.village).toEqual([]);
    expect([...p.carried.household].sort()).toEqual(['id', 'villageCode']);
    expect(p.carried.member).toEqual(expect.arrayContaining(['id', 'householdId', 'name', 'idNumber', 'sex', 'birthDate', 'relation']));
    expect(p.carried.member).not.toContain('schoolStatus');
    expect(p.carried.income).not.toContain('items.migrantWage');
  });

  it('a full roster carries its household columns by record path, a village sheet its villages and columns', () => {
    const p = parseRoster(rosters.everyRow());
    expect(p.carried.household).toEqual(expect.arrayContaining(['group', 'attribute', 'status', 'water.secured', 'cultivatedLand']));
    expect(p.carried.household).not.toContain('water.piped');
    expect(p.carried.household).not.toContain('housing.grade');

    const wb = memoryWorkbook(
      {
        name: '花名册',
        rows: table(
          ['户编号', '人编号', '姓名', '与户主关系', '行政村', '行政区划代码'],
          [
            { 户编号: 'H1', 人编号: 'A', 姓名: '甲', 与户主关系: '户主', 行政村: '南街村', 行政区划代码: '620523101201' },
            { 户编号: 'H2', 人编号: 'B', 姓名: '乙', 与户主关系: '户主', 行政村: '西关村', 行政区划代码: '620523101202' },
          ],
        ),
      },
      {
        name: '村情',
        rows: [
          ['行政村', '行政区划代码', '农村户籍人口', '主导产业'],
          ['南街村', '620523101201', 1830, '是'],
        ],
      },
    );
    const q = parseRoster(wb);
    expect(errors(q)).toEqual([]);
    expect(q.carried.villageRows).toEqual(['620523101201']);
    expect([...q.carried.village].sort()).toEqual(['indicators.leadingIndustry', 'ruralPopulation']);
  });

  it('计划退出年度 is a plan, not the exit year: not imported, with a warning; 退出状态 records an exit as done', () => {
    const wb = memoryWorkbook(
      {
        name: '花名册',
        rows: table(
          ['户编号', '人编号', '姓名', '与户主关系', '行政村', '行政区划代码'],
          [
            { 户编号: 'H1', 人编号: 'A', 姓名: '甲', 与户主关系: '户主', 行政村: '南街村', 行政区划代码: '620523101201' },
            { 户编号: 'H2', 人编号: 'B', 姓名: '乙', 与户主关系: '户主', 行政村: '西关村', 行政区划代码: '620523101202' },
          ],
        ),
      },
      {
        name: '村情',
        rows: [
          ['行政村', '行政区划代码', '是否贫困村', '计划退出年度', '退出年度', '退出状态'],
          ['南街村', '620523101201', '是', 2018, null, null],
          ['西关村', '620523101202', '是', null, 2018, '已退出'],
        ],
      },
    );
    const p = parseRoster(wb);
    expect(errors(p)).toEqual([]);
    expect(p.regions.find((r) => r.code === '620523101201')).toMatchObject({ poorVillage: true, exitYear: null, exited: false });
    expect(p.regions.find((r) => r.code === '620523101202')).toMatchObject({ exitYear: 2018, exited: true });
    const planned = warnings(p).filter((w) => w.code === 'planned-exit-year-ignored');
    expect(planned).toHaveLength(1);
    expect(planned[0]!.message).toContain('计划退出年度');
    expect(p.carried.village).not.toContain('plannedExitYear');
    expect(p.carried.village).toEqual(expect.arrayContaining(['exitYear', 'exited', 'poorVillage']));
    expectValidRecords(p);
  });
});

describe('parseRoster: errors name the sheet, row, column and value', () => {
  const base = { 行政村: '南街村', 贫困户属性: '一般贫困户', 脱贫属性: '未脱贫' };
  const headers = ['户编号', '人编号', '姓名', '证件号码', '与户主关系', '行政村', '贫困户属性', '脱贫属性', '外出务工收入'];
  const sheet = (rows: Record<string, CellValue>[]) => memoryWorkbook({ name: '花名册', rows: [['XX县建档立卡贫困人口花名册'], ...table(headers, rows)] });

  it('missing required columns: names them and the nearest header seen', () => {
    const wb = memoryWorkbook({
      name: '花名册',
      rows: table(['户编码号', '人编号', '姓名', '身份证', '关系人', '行政村'], [{ 户编码号: 'H1', 人编号: 'A', 姓名: '甲', 行政村: '村' }]),
    });
    const p = parseRoster(wb);
    const missing = errors(p).filter((e) => e.code === 'missing-column');
    expect(missing).toHaveLength(2);
    expect(missing[0]).toMatchObject({ sheet: '花名册', row: 1, column: 'A', header: '户编码号' });
    expect(missing[0]!.message).toContain('缺少必需的列“户编号”');
    expect(missing[0]!.message).toContain('最接近的是A列“户编码号”');
    expect(missing[1]!.message).toContain('“与户主关系”');
    expect(p.members).toEqual([]);
  });

  it('no header found', () => {
    const wb = memoryWorkbook({ name: '数据', rows: [['这是一份说明'], ['张三', '李四', 123]] });
    const p = parseRoster(wb);
    expect(errors(p)).toEqual([expect.objectContaining({ code: 'no-header', sheet: '数据', row: null })]);
    expect(errors(p)[0]!.message).toContain('找不到表头');
  });

  it('a roster with only its header, and a workbook with nothing in it', () => {
    const headerOnly = parseRoster(sheet([]));
    expect(errors(headerOnly)).toEqual([expect.objectContaining({ code: 'empty-roster', sheet: '花名册', row: 2 })]);
    const nothing = parseRoster(memoryWorkbook({ name: 'Sheet1', rows: [] }, { name: 'Sheet2', rows: [[null], []] }));
    expect(errors(nothing)).toEqual([expect.objectContaining({ code: 'empty-roster', sheet: 'Sheet1' })]);
  });

  it('bad ID numbers, each with its own message; a float-damaged number cell is not guessed at', () => {
    const badCheck = `${ID_HEAD.slice(0, 17)}${ID_HEAD[17] === '0' ? '1' : '0'}`;
    const p = parseRoster(
      sheet([
        { 户编号: 'H1', 人编号: 'A', 姓名: '甲', 证件号码: 620523196803150000, 与户主关系: '户主', ...base },
        { 户编号: 'H1', 人编号: 'B', 姓名: '乙', 证件号码: badCheck, 与户主关系: '配偶' },
        { 户编号: 'H1', 人编号: 'C', 姓名: '丙', 证件号码: '43052419880101123', 与户主关系: '之子' },
        { 户编号: 'H1', 人编号: 'D', 姓名: '丁', 证件号码: '620523199902301234', 与户主关系: '之女' },
      ]),
    );
    const bad = errors(p);
    expect(codes(bad)).toEqual(['id-float-damaged', 'id-bad-check', 'id-bad-length', 'id-bad-date']);
    expect(bad[0]).toMatchObject({ sheet: '花名册', row: 3, column: 'D', header: '证件号码' });
    expect(bad[0]!.message).toContain('文本');
    expect(bad[2]).toMatchObject({ row: 5, value: '43052419880101123' });
    expect(bad[2]!.message).toContain('应为18位');
    expect(bad[1]!.message).toContain('校验位');
  });

  it('duplicate 人编号 and the same ID number twice', () => {
    const p = parseRoster(
      sheet([
        { 户编号: 'H1', 人编号: 'A', 姓名: '甲', 证件号码: ID_HEAD, 与户主关系: '户主', ...base },
        { 户编号: 'H1', 人编号: 'A', 姓名: '乙', 证件号码: ID_WIFE, 与户主关系: '配偶' },
        { 户编号: 'H1', 人编号: 'C', 姓名: '丙', 证件号码: ID_HEAD, 与户主关系: '之子' },
      ]),
    );
    const e = errors(p);
    expect(e.map((x) => [x.code, x.row, x.column, x.value])).toEqual([
      ['duplicate-member-id', 4, 'B', 'A'],
      ['duplicate-id-number', 5, 'D', ID_HEAD],
    ]);
    expect(e[0]!.message).toContain('第3行重复');
    expect(e[1]!.message).toContain('第3行重复');
  });

  it('text in a number column', () => {
    const p = parseRoster(sheet([{ 户编号: 'H1', 人编号: 'A', 姓名: '甲', 证件号码: ID_HEAD, 与户主关系: '户主', ...base, 外出务工收入: '三千五' }]));
    expect(errors(p)).toEqual([
      expect.objectContaining({ code: 'not-a-number', sheet: '花名册', row: 3, column: 'I', header: '外出务工收入', value: '三千五' }),
    ]);
    expect(errors(p)[0]!.message).toContain('数字列');
  });

  it('a household with no head, and one with two', () => {
    const p = parseRoster(
      sheet([
        { 户编号: 'H1', 人编号: 'A', 姓名: '甲', 与户主关系: '配偶', ...base },
        { 户编号: 'H2', 人编号: 'B', 姓名: '乙', 与户主关系: '户主', ...base },
        { 户编号: 'H2', 人编号: 'C', 姓名: '丙', 与户主关系: '户主' },
      ]),
    );
    expect(errors(p).map((x) => [x.code, x.row, x.column])).toEqual([
      ['no-head', 3, 'E'],
      ['multiple-heads', 5, 'E'],
    ]);
    expect(errors(p)[0]!.message).toContain('没有户主');
    expect(errors(p)[1]!.message).toContain('第4行');
  });

  it('an unknown poverty attribute or status rejects; an unknown relation is a warning', () => {
    const p = parseRoster(
      sheet([
        { 户编号: 'H1', 人编号: 'A', 姓名: '甲', 与户主关系: '户主', 行政村: '村', 贫困户属性: '边缘户', 脱贫属性: '脱了' },
        { 户编号: 'H1', 人编号: 'B', 姓名: '乙', 与户主关系: '之表弟' },
      ]),
    );
    expect(errors(p).map((x) => [x.code, x.column, x.value])).toEqual([
      ['unknown-enum', 'G', '边缘户'],
      ['missing-value', 'G', null],
      ['unknown-enum', 'H', '脱了'],
      ['missing-value', 'H', null],
    ]);
    expect(errors(p)[0]!.message).toContain('一般贫困户');
    expect(warnings(p).find((w) => w.code === 'unknown-relation')).toMatchObject({ row: 4, value: '之表弟' });
  });

  it('member rows whose household columns conflict with the head row', () => {
    const p = parseRoster(
      sheet([
        { 户编号: 'H1', 人编号: 'A', 姓名: '甲', 与户主关系: '户主', ...base },
        { 户编号: 'H1', 人编号: 'B', 姓名: '乙', 与户主关系: '配偶', 行政村: '南街村', 贫困户属性: '低保户' },
        { 户编号: 'H1', 人编号: 'C', 姓名: '丙', 与户主关系: '之子', 贫困户属性: '一般户' }, // same code, other spelling: fine
      ]),
    );
    expect(errors(p)).toEqual([expect.objectContaining({ code: 'household-conflict', row: 4, column: 'G', value: '低保户' })]);
    expect(errors(p)[0]!.message).toContain('第3行是“一般贫困户”');
  });

  it('a given birth date or sex disagreeing with the ID number is a warning and the ID wins', () => {
    const wb = memoryWorkbook({
      name: '花名册',
      rows: table(
        ['户编号', '人编号', '姓名', '证件号码', '性别', '出生日期', '与户主关系', '行政村'],
        [
          { 户编号: 'H1', 人编号: 'A', 姓名: '甲', 证件号码: ID_HEAD, 性别: '女', 出生日期: '1968-03-16', 与户主关系: '户主', 行政村: '村' },
          { 户编号: 'H1', 人编号: 'B', 姓名: '乙', 证件号码: ID_WIFE, 与户主关系: '配偶' },
        ],
      ),
    });
    const p = parseRoster(wb);
    expect(errors(p)).toEqual([]);
    expect(p.members[0]).toMatchObject({ sex: 'M', birthDate: '1968-03-15' });
    expect(codes(warnings(p))).toEqual(expect.arrayContaining(['sex-mismatch', 'birth-date-mismatch', 'derived-sex', 'derived-birth-date']));
    expect(warnings(p).find((w) => w.code === 'birth-date-mismatch')).toMatchObject({ row: 2, column: 'F', value: '1968-03-16' });
  });

  it('income columns without a year, and a category total without its items', () => {
    const p = parseRoster(
      memoryWorkbook({
        name: '花名册',
        rows: table(
          ['户编号', '人编号', '姓名', '与户主关系', '行政村', '外出务工收入', '转移性收入'],
          [{ 户编号: 'H1', 人编号: 'A', 姓名: '甲', 与户主关系: '户主', 行政村: '村', 外出务工收入: 100, 转移性收入: 5000 }],
        ),
      }),
    );
    expect(codes(errors(p))).toEqual(['income-total-only', 'no-income-year']);
  });
});
