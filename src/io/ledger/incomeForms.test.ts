import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INCOME_ITEMS } from '../../domain/types.js';
import type { IncomeResult } from '../../domain/assessment.js';
import { EXCLUDED_ITEMS, households, incomeResult } from '../../../test/fixtures/ledger.js';
import { EXCLUDED_GROUP, INCOME_SHEET, planIncomeColumns, writeIncomeForms } from './incomeForms.js';
import type { IncomeFormRow } from './incomeForms.js';
import { LedgerError } from './ledgers.js';
import { readWithOpenpyxl } from '../../../test/kits/readBack.js';
import type { ReadSheet } from '../../../test/kits/readBack.js';

const noForm: IncomeResult = {
  year: null,
  items: [],
  grossCounted: 0,
  costs: 0,
  excluded: 0,
  net: 0,
  size: 3,
  perCapita: 0,
  lineName: 'poverty',
  line: 3700,
  pass: false,
  arithmetic: '未填报收入测算表',
};

function formRow(h: (typeof households)[keyof typeof households]): IncomeFormRow {
  return { townshipName: h.townshipName, villageName: h.villageName, householdId: h.householdId, headName: h.headName, income: h.income! };
}

const rows: IncomeFormRow[] = [
  formRow(households.aConsolidating),
  formRow(households.bHousingTask),
  formRow(households.cIncomeBelowLine),
  { townshipName: '南川乡', villageName: '南川村', householdId: '6205211022010009', headName: '郑伟', income: noForm },
];

let dir: string;
let sheet: ReadSheet;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tuopin-income-'));
  const result = await writeIncomeForms(join(dir, 'income.xlsx'), rows, {
    title: '示范县2018年贫困户收入测算表',
    excludedItems: EXCLUDED_ITEMS,
    generatedAt: '2018-10-08',
  });
  expect(result).toEqual({ sheets: [{ name: INCOME_SHEET, rows: 4 }] });
  const wb = readWithOpenpyxl(join(dir, 'income.xlsx'));
  expect(wb.sheets.map((s) => s.name)).toEqual([INCOME_SHEET]);
  sheet = wb.sheets[0]!;
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function letter(i: number): string {
  let s = '';
  for (let x = i + 1; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** Column index of an item label in the second header row (row 3). */
function itemCol(label: string): number {
  const i = (sheet.values[2] ?? []).indexOf(label);
  if (i < 0) throw new Error(`没有收入项“${label}”`);
  return i;
}

/** Column index of a single (two-row) header in row 2. */
function topCol(label: string): number {
  const i = (sheet.values[1] ?? []).indexOf(label);
  if (i < 0) throw new Error(`没有列“${label}”`);
  return i;
}

function dataRow(householdId: string): (string | number | boolean | null)[] {
  const r = sheet.values.slice(3).find((v) => v[3] === householdId);
  if (!r) throw new Error(`没有户 ${householdId}`);
  return r;
}

describe('writeIncomeForms', () => {
  it('has a title and a two-row header: categories merged over their items', () => {
    expect(sheet.values[0]).toEqual(['示范县2018年贫困户收入测算表']);
    const wage = topCol('工资性收入');
    expect(sheet.values[2]?.slice(wage, wage + 3)).toEqual(['外出务工收入', '本地务工收入', '公益性岗位收入']);
    expect(sheet.merged).toContain(`${letter(wage)}2:${letter(wage + 2)}2`);
    // Single columns span both header rows.
    expect(sheet.merged).toContain('A2:A3');
    expect(sheet.merged).toContain(`${letter(topCol('测算过程'))}2:${letter(topCol('测算过程'))}3`);
  });

  it('keeps the excluded items visible under 不计入收入, after the counted ones', () => {
    const group = topCol(EXCLUDED_GROUP);
    const excludedLabels = INCOME_ITEMS.filter((i) => EXCLUDED_ITEMS.includes(i.code)).map((i) => i.label);
    expect(sheet.values[2]?.slice(group, group + excludedLabels.length)).toEqual(excludedLabels);
    expect(sheet.merged).toContain(`${letter(group)}2:${letter(group + excludedLabels.length - 1)}2`);
    expect(group).toBeGreaterThan(itemCol('其他转移性收入'));
  });

  it('writes a household’s amounts, totals and arithmetic as numbers', () => {
    const r = dataRow(households.aConsolidating.householdId);
    expect(r.slice(0, 5)).toEqual([1, '东山镇', '东山村', households.aConsolidating.householdId, '李明']);
    expect(r[itemCol('外出务工收入')]).toBe(18000);
    expect(r[itemCol('种植业收入')]).toBe(3500);
    expect(r[itemCol('临时救助金')]).toBe(800);
    expect(r[itemCol('本地务工收入')]).toBeNull();
    expect(r[topCol('计入收入合计')]).toBe(21500);
    expect(r[topCol('生产经营性支出')]).toBe(1500);
    expect(r[topCol('纯收入')]).toBe(20000);
    expect(r[topCol('家庭人口')]).toBe(4);
    expect(r[topCol('人均纯收入')]).toBe(5000);
    expect(r[topCol('收入线')]).toBe(3700);
    expect(r[topCol('是否达标')]).toBe('达标');
    expect(r[topCol('测算过程')]).toBe(households.aConsolidating.income!.arithmetic);
    expect(sheet.number_formats[3]?.[itemCol('外出务工收入')]).toBe('#,##0.00');
    expect(sheet.number_formats[3]?.[topCol('人均纯收入')]).toBe('#,##0.00');
  });

  it('shows a household without a form as such, with no figures', () => {
    const r = dataRow('6205211022010009');
    expect(r[topCol('计入收入合计')]).toBeNull();
    expect(r[topCol('人均纯收入')]).toBeNull();
    expect(r[topCol('是否达标')]).toBe('未填报收入测算表');
  });

  it('freezes the two header rows and the identifiers, and prints them on every page', () => {
    expect(sheet.freeze_panes).toBe('F4');
    expect(sheet).toMatchObject({ orientation: 'landscape', paper_size: 9, fit_to_width: 1, print_title_rows: '$1:$3' });
    expect(sheet.auto_filter).toMatch(/^A3:[A-Z]+7$/u);
    expect(sheet.odd_footer.right).toBe('生成时间：2018-10-08');
  });

  it('reads the excluded items from the rows when not given, and refuses rows that disagree', async () => {
    const derived = join(dir, 'derived.xlsx');
    await writeIncomeForms(derived, rows);
    const groups = readWithOpenpyxl(derived).sheets[0]!.values[1] ?? [];
    expect(groups).toContain(EXCLUDED_GROUP);

    const mixed = [...rows, { ...rows[0]!, householdId: 'X1', income: incomeResult({ oneOffRelief: 500, farming: 9000 }, 2, []) }];
    await expect(writeIncomeForms(join(dir, 'mixed.xlsx'), mixed, { excludedItems: EXCLUDED_ITEMS })).rejects.toThrow(LedgerError);
    await expect(writeIncomeForms(join(dir, 'mixed.xlsx'), mixed, { excludedItems: EXCLUDED_ITEMS })).rejects.toThrow(
      /计入口径不一致：户 X1 的“临时救助金”计入收入/,
    );
  });

  it('plans every income item exactly once (costs are the 生产经营性支出 column)', () => {
    const plan = planIncomeColumns(new Set(EXCLUDED_ITEMS));
    const planned = [...plan.groups.flatMap((g) => g.items), ...plan.excluded].map((i) => i.code);
    expect(new Set(planned).size).toBe(planned.length);
    expect([...planned, 'productionCost'].sort()).toEqual(INCOME_ITEMS.map((i) => i.code).sort());
  });
});
