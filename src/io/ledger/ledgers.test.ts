import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRulebook } from '../../rulebooks/loader.js';
import { maskFor, HIDDEN } from '../../domain/mask.js';
import { classSheetTitle, ledgerSheetNames, LedgerError, writeLedgers } from './ledgers.js';
import type { LedgerInput, WriteResult } from './ledgers.js';
import { FULL_IDS, households, ledgerFixture } from '../../../test/fixtures/ledger.js';
import { readWithOpenpyxl, records, sheetByName } from '../../../test/kits/readBack.js';
import type { ReadSheet, ReadWorkbook } from '../../../test/kits/readBack.js';
import { safeSheetName } from './style.js';

const rulebook = loadRulebook('seed-county-2018');
const SHEETS = ['A类（巩固提升）', 'B类（补短板后退出）', 'C类（本年度不退出）', '不在筛查范围', '村退出测算', '乡镇汇总', '县退出测算'];

let dir: string;
let input: LedgerInput;
let masked: ReadWorkbook;
let maskedResult: WriteResult;
let office: ReadWorkbook;
let notice: ReadWorkbook;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tuopin-ledger-'));
  input = ledgerFixture(rulebook);
  maskedResult = await writeLedgers(join(dir, 'masked.xlsx'), input);
  masked = readWithOpenpyxl(join(dir, 'masked.xlsx'), { xml: true });
  await writeLedgers(join(dir, 'office.xlsx'), input, { mask: maskFor('office') });
  office = readWithOpenpyxl(join(dir, 'office.xlsx'));
  await writeLedgers(join(dir, 'notice.xlsx'), input, { mask: maskFor('public-notice') });
  notice = readWithOpenpyxl(join(dir, 'notice.xlsx'), { xml: true });
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function row(sheet: ReadSheet, householdId: string): Record<string, string | number | boolean | null> {
  const r = records(sheet).find((x) => x['户编号'] === householdId);
  if (!r) throw new Error(`${sheet.name} 中没有户 ${householdId}`);
  return r;
}

function allCellText(wb: ReadWorkbook): string[] {
  return wb.sheets.flatMap((s) =>
    s.values
      .flat()
      .filter((v) => v !== null)
      .map(String),
  );
}

function column(sheet: ReadSheet, header: string, headerRow = 2): number {
  const i = (sheet.values[headerRow - 1] ?? []).indexOf(header);
  if (i < 0) throw new Error(`${sheet.name} 中没有列“${header}”`);
  return i;
}

describe('writeLedgers: sheets', () => {
  it('has one sheet per class in rulebook order, then out-of-scope, village, township and county', () => {
    expect(masked.sheets.map((s) => s.name)).toEqual(SHEETS);
    expect(ledgerSheetNames(rulebook)).toEqual(SHEETS);
    expect(maskedResult.sheets).toEqual([
      { name: SHEETS[0], rows: 1 },
      { name: SHEETS[1], rows: 2 },
      { name: SHEETS[2], rows: 2 },
      { name: SHEETS[3], rows: 2 },
      { name: SHEETS[4], rows: 3 },
      { name: SHEETS[5], rows: 3 },
      { name: SHEETS[6], rows: expect.any(Number) as number },
    ]);
  });

  it('puts every household on the sheet of its class', () => {
    const ids = (name: string) => records(sheetByName(masked, name)).map((r) => r['户编号']);
    expect(ids(SHEETS[0]!)).toEqual([households.aConsolidating.householdId]);
    expect(ids(SHEETS[1]!)).toEqual([households.bHousingTask.householdId, households.bEducationMember13.householdId]);
    expect(ids(SHEETS[2]!)).toEqual([households.cIncomeBelowLine.householdId, households.cMedicalNoTask.householdId]);
    expect(ids('不在筛查范围')).toEqual([households.outOfScopeRelocation.householdId, households.outOfScopeGuarantee.householdId]);
  });

  it('refuses a household whose class the rulebook does not define', async () => {
    const bad = { ...input, households: [{ ...households.aConsolidating, class: 'D' }] };
    await expect(writeLedgers(join(dir, 'bad.xlsx'), bad)).rejects.toThrow(LedgerError);
    await expect(writeLedgers(join(dir, 'bad.xlsx'), bad)).rejects.toThrow(/类别“D”不在规则库/);
  });
});

describe('writeLedgers: household rows', () => {
  it('writes the A household with its income as a number and masked ID and phone', () => {
    const sheet = sheetByName(masked, SHEETS[0]!);
    expect(sheet.values[0]).toEqual(['示范县2018年贫困户退出筛查A类台账']);
    expect(row(sheet, households.aConsolidating.householdId)).toMatchObject({
      序号: 1,
      乡镇: '东山镇',
      行政村: '东山村',
      户主姓名: '李明',
      身份证号: '6205**********0317',
      联系电话: '138****5678',
      家庭人口: 4,
      贫困户属性: '一般贫困户',
      主要致贫原因: '缺资金',
      '人均纯收入（元）': 5000,
      '收入线（元）': 3700,
      收入是否达标: '达标',
      吃穿不愁: '达标',
      住房安全有保障: '达标',
      未达标原因: null,
      整改任务: null,
    });
    const income = column(sheet, '人均纯收入（元）');
    expect(sheet.number_formats[2]?.[income]).toBe('#,##0.00');
  });

  it('shows a B household’s failing indicator with the member named, its summary and its task', () => {
    const sheet = sheetByName(masked, SHEETS[1]!);
    const r = row(sheet, households.bEducationMember13.householdId);
    expect(r['义务教育有保障']).toBe('未达标：赵小明（13岁）为非在校生，原因：家庭困难');
    expect(r['未达标原因']).toBe('义务教育：赵小明（13岁）为非在校生，原因：家庭困难');
    expect(r['整改任务']).toBe('义务教育有保障：T-2018-0011，限2018-09-01前完成，待办');
    expect(r['住房安全有保障']).toBe('达标');
    const housing = row(sheet, households.bHousingTask.householdId);
    expect(housing['整改任务']).toBe('住房安全有保障：T-2018-0007，限2018-11-30前完成，进行中');
    expect(housing['联系电话']).toBe('093****3456');
  });

  it('joins several summary lines with a newline and wraps the reason columns', async () => {
    const two = { ...households.cIncomeBelowLine, summary: ['收入：人均纯收入2450.00元，未超过3700元', '住房安全：住房为D级危房'] };
    await writeLedgers(join(dir, 'two.xlsx'), { ...input, households: [two] });
    const sheet = sheetByName(readWithOpenpyxl(join(dir, 'two.xlsx')), SHEETS[2]!);
    expect(row(sheet, two.householdId)['未达标原因']).toBe('收入：人均纯收入2450.00元，未超过3700元\n住房安全：住房为D级危房');
    const reasonCol = String.fromCharCode(65 + column(sheet, '未达标原因'));
    expect(sheet.wrap).toContain(`${reasonCol}3`);
  });

  it('lists out-of-scope households with the reason they are not screened', () => {
    const sheet = sheetByName(masked, '不在筛查范围');
    expect(row(sheet, households.outOfScopeGuarantee.householdId)).toMatchObject({
      户主姓名: '周华',
      不纳入原因: '兜底保障户',
      身份证号: '6205**********0015',
    });
    expect(row(sheet, households.outOfScopeRelocation.householdId)['不纳入原因']).toBe('易地扶贫搬迁未入住');
  });
});

describe('writeLedgers: masking', () => {
  const ids = Object.values(FULL_IDS);

  it('a masked export holds no full ID number and no birth date, in any cell or in the raw XML', () => {
    for (const text of allCellText(masked)) {
      for (const id of ids) {
        expect(text).not.toContain(id);
        expect(text).not.toContain(id.slice(6, 14));
      }
    }
    const xml = Object.values(masked.xml ?? {}).join('\n');
    expect(xml.length).toBeGreaterThan(1000);
    for (const id of ids) expect(xml).not.toContain(id.slice(6, 14));
  });

  it('the office export shows the full numbers (so the masked test is not vacuous)', () => {
    const r = row(sheetByName(office, SHEETS[0]!), households.aConsolidating.householdId);
    expect(r['身份证号']).toBe(FULL_IDS.liMing);
    expect(r['联系电话']).toBe('13812345678');
  });

  it('a public-notice export hides IDs, phones and health details', () => {
    const r = row(sheetByName(notice, SHEETS[2]!), households.cMedicalNoTask.householdId);
    expect(r['身份证号']).toBe(HIDDEN);
    expect(r['联系电话']).toBe(HIDDEN);
    expect(r['基本医疗有保障']).toBe('未达标');
    expect(r['未达标原因']).toBe('基本医疗有保障未达标');
    const xml = Object.values(notice.xml ?? {}).join('\n');
    expect(xml).not.toContain('慢性病');
    for (const id of ids) expect(xml).not.toContain(id.slice(0, 6) + id.slice(6, 10));
  });
});

describe('writeLedgers: villages, townships, county', () => {
  it('writes village incidence as numbers with a percent format', () => {
    const sheet = sheetByName(masked, '村退出测算');
    const rows = records(sheet);
    const dongshan = rows.find((r) => r['行政村'] === '东山村')!;
    expect(dongshan).toMatchObject({ 乡镇: '东山镇', 是否贫困村: '是', 农村户籍人口: 1200, 未脱贫人口: 30, 预脱贫人口: 7, 是否预退出: '是' });
    expect(dongshan['贫困发生率（现）']).toBeCloseTo(0.025, 12);
    expect(dongshan['贫困发生率（退出后）']).toBeCloseTo(23 / 1200, 12);
    expect(dongshan['有村集体经济收入']).toBe('52,000元');
    const xigou = rows.find((r) => r['行政村'] === '西沟村')!;
    expect(xigou).toMatchObject({
      是否预退出: '否',
      原因: '退出后贫困发生率4.38%，未低于3%',
      有主导产业: '否',
      有村集体经济收入: '0元（未达标）',
      通硬化路: '未填报',
    });
    const col = column(sheet, '贫困发生率（现）');
    expect(sheet.number_formats[2]?.[col]).toBe('0.00%');
  });

  it('township rows are the sums of their villages, and 合计 the sum of the townships', () => {
    const villages = records(sheetByName(masked, '村退出测算'));
    const sheet = sheetByName(masked, '乡镇汇总');
    const rows = records(sheet);
    expect(rows.map((r) => r['乡镇'])).toEqual(['东山镇', '南川乡', null]);
    for (const t of rows.slice(0, 2)) {
      const mine = villages.filter((v) => v['乡镇'] === t['乡镇']);
      const sum = (k: string) => mine.reduce((s, v) => s + Number(v[k]), 0);
      expect(t['农村户籍人口']).toBe(sum('农村户籍人口'));
      expect(t['未脱贫人口']).toBe(sum('未脱贫人口'));
      expect(t['预脱贫人数']).toBe(sum('预脱贫人口'));
      expect(t['行政村数']).toBe(mine.length);
      expect(t['预退出村数']).toBe(mine.filter((v) => v['是否预退出'] === '是').length);
    }
    const total = rows[2]!;
    expect(total['序号']).toBe('合计');
    const countHeaders = (sheet.values[1] ?? []).filter((h): h is string => typeof h === 'string' && /(户数|人数|人口|村数)$/u.test(h));
    expect(countHeaders.length).toBeGreaterThan(10);
    for (const h of countHeaders) expect(total[h]).toBe(Number(rows[0]![h]) + Number(rows[1]![h]));
    expect(total['B类户数']).toBe(2);
    expect(total['贫困发生率（现）']).toBeCloseTo(90 / 2950, 12);
    expect(total['贫困发生率（退出后）']).toBeCloseTo((90 - 12) / 2950, 12);
  });

  it('writes the county criteria with their verdicts and the blockers', () => {
    const rows = records(sheetByName(masked, '县退出测算'));
    const byItem = new Map(rows.map((r) => [r['项目'], r]));
    expect(byItem.get('综合贫困发生率')).toMatchObject({ 标准: '低于3.00%', 结论: '达到' });
    expect(byItem.get('贫困村退出比例')).toMatchObject({ 数值: 0.5, 标准: '不低于80.00%', 结论: '未达到', 说明: '含预退出村' });
    expect(byItem.get('错退率')).toMatchObject({ 数值: null, 结论: '待核查' });
    expect(byItem.get('是否具备退出条件')).toMatchObject({ 结论: '不具备' });
    expect(byItem.get('待解决问题1')?.['说明']).toBe('贫困村退出比例未达到80%');
    expect(byItem.get('农村户籍人口')?.['数值']).toBe(2950);
  });
});

describe('writeLedgers: layout every sheet shares', () => {
  it('title merged over the columns, frozen below the header, filter on the header', () => {
    for (const sheet of masked.sheets) {
      const ncols = (sheet.values[1] ?? []).length;
      const last = String.fromCharCode(64 + ncols);
      expect(sheet.merged, sheet.name).toContain(`A1:${last}1`);
      expect(sheet.freeze_panes, sheet.name).toBe('A3');
      expect(sheet.auto_filter, sheet.name).toMatch(new RegExp(`^A2:${last}\\d+$`, 'u'));
    }
  });

  it('prints A4 landscape, one page wide, header rows repeated, page numbers in the footer', () => {
    for (const sheet of masked.sheets) {
      expect(sheet, sheet.name).toMatchObject({
        orientation: 'landscape',
        paper_size: 9,
        fit_to_page: true,
        fit_to_width: 1,
        fit_to_height: 0,
        print_title_rows: '$1:$2',
      });
      expect(sheet.odd_footer.center).toBe('第 &P 页 共 &N 页');
      expect(sheet.odd_header.right).toBe('测算基准日：2018-12-31');
      expect(sheet.margins.left).toBeGreaterThan(0.2);
      expect(sheet.margins.left).toBeLessThan(1);
    }
  });

  it('sets column widths that fit the Chinese text', () => {
    const sheet = sheetByName(masked, SHEETS[1]!);
    expect(sheet.column_widths['F']).toBe(21); // 身份证号
    const reason = String.fromCharCode(65 + column(sheet, '未达标原因'));
    expect(sheet.column_widths[reason]).toBeGreaterThanOrEqual(30);
    expect(sheet.column_widths[reason]).toBeLessThanOrEqual(50);
  });

  it('the streaming writer kept views, fit-to-page and print titles in the XML', () => {
    const xml = masked.xml ?? {};
    const sheet1 = xml['xl/worksheets/sheet1.xml'] ?? '';
    expect(sheet1).toMatch(/<pageSetUpPr fitToPage="1"\/>/u);
    expect(sheet1).toMatch(/<pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"\/>/u);
    expect(sheet1).toMatch(/<pageSetup paperSize="9" orientation="landscape"[^>]*fitToWidth="1" fitToHeight="0"/u);
    const book = xml['xl/workbook.xml'] ?? '';
    for (let i = 0; i < SHEETS.length; i++) {
      expect(book).toContain(`<definedName name="_xlnm.Print_Titles" localSheetId="${i}">&apos;${SHEETS[i]}&apos;!$1:$2</definedName>`);
    }
  });
});

describe('sheet names', () => {
  it('uses the label and the last clause of the description, or the label alone when too long', () => {
    expect(
      classSheetTitle({
        code: 'A',
        label: 'A类',
        preExit: true,
        needsRemediation: false,
        colour: 'green',
        description: '收入达标且各项指标均已达标，巩固提升',
      }),
    ).toBe('A类（巩固提升）');
    const monitoring = loadRulebook('monitoring-2021');
    expect(ledgerSheetNames(monitoring).slice(0, monitoring.classes.length)).toEqual(
      monitoring.classes.map((c) => {
        const t = classSheetTitle(c);
        expect(t.length).toBeLessThanOrEqual(31);
        return t;
      }),
    );
    expect(
      classSheetTitle({
        code: 'x',
        label: '稳定',
        preExit: true,
        needsRemediation: false,
        colour: 'green',
        description: '收入高于监测线且“两不愁三保障”及饮水安全均有保障并且这一句话足够长以至于超过三十一个字符',
      }),
    ).toBe('稳定');
  });

  it('removes forbidden characters, keeps 31 characters and makes names unique', () => {
    const taken = new Set<string>();
    expect(safeSheetName("A/B:C[1]*?\\'", taken)).toBe('ABC1');
    expect(safeSheetName('abc1', taken)).toBe('abc1（2）');
    const long = safeSheetName('很'.repeat(40), taken);
    expect(long.length).toBe(31);
    expect(safeSheetName('很'.repeat(40), taken)).toBe(`${'很'.repeat(28)}（2）`);
    expect(safeSheetName('', taken)).toBe('工作表');
  });
});
