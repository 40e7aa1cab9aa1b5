import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { loadRulebook } from '../rulebooks/loader.js';
import type { Rulebook } from './rulebook.js';
import { INCOME_ITEMS, type IncomeItemCode } from './types.js';
import { computeIncome, formatFen, incomePassesLine, incomeSummary, toFen, NO_INCOME_FORM } from './income.js';
import { households, makeIncome } from '../../test/fixtures/domain.js';

const seed = loadRulebook('seed-county-2018');
const gansu = loadRulebook('gansu-2018');
const atLeast: Rulebook = { ...seed, income: { ...seed.income, comparison: 'at-least' } };

function incomeOf(rec: ReturnType<typeof households.compliantFamilyOfFour>, rb: Rulebook = seed) {
  return computeIncome(rec.income, rec.members.length, rb);
}

describe('computeIncome', () => {
  it('computes the compliant family of four: (wage + production + transfer − costs) ÷ 4', () => {
    const r = incomeOf(households.compliantFamilyOfFour());
    expect(r.grossCounted).toBe(19500);
    expect(r.costs).toBe(1500);
    expect(r.net).toBe(18000);
    expect(r.size).toBe(4);
    expect(r.perCapita).toBe(4500);
    expect(r.pass).toBe(true);
    expect(r.line).toBe(3700);
    expect(r.lineName).toBe('poverty');
    expect(r.year).toBe(2018);
    expect(r.arithmetic).toBe('(工资性收入14000.00 + 生产经营性收入3500.00 + 转移性收入2000.00 − 生产经营性支出1500.00) ÷ 4人 = 4500.00元，超过3700元');
  });

  it('works for a household of one', () => {
    const r = incomeOf(households.singlePerson());
    expect(r.size).toBe(1);
    expect(r.net).toBe(5000);
    expect(r.perCapita).toBe(5000);
    expect(r.pass).toBe(true);
    expect(r.arithmetic).toContain('÷ 1人 = 5000.00元');
  });

  it('puts a household exactly at the line (3700.00 from inexact decimals) below a greater-than line', () => {
    const r = incomeOf(households.incomeExactlyAtLine());
    expect(r.net).toBe(14800);
    expect(r.pass).toBe(false);
    expect(r.arithmetic).toContain('= 3700.00元，未超过3700元');
    expect(incomeSummary(r, seed)).toBe('人均纯收入3700.00元，未超过3700元');
  });

  it('lets the same household pass when the rulebook says at-least', () => {
    const r = incomeOf(households.incomeExactlyAtLine(), atLeast);
    expect(r.pass).toBe(true);
    expect(r.arithmetic).toContain('= 3700.00元，达到3700元');
  });

  it('a cent below the line fails even under at-least', () => {
    const r = computeIncome(makeIncome({ localWage: 14799.96 }), 4, atLeast); // 3699.99
    expect(r.pass).toBe(false);
    expect(r.arithmetic).toContain('3699.99元，未达到3700元');
  });

  it('keeps excluded items on the form but leaves them out of the net', () => {
    const r = incomeOf(households.incomeWithExcludedItems());
    expect(r.net).toBe(14000);
    expect(r.perCapita).toBe(3500);
    expect(r.excluded).toBe(6000);
    expect(r.pass).toBe(false);
    const byCode = new Map(r.items.map((i) => [i.code, i]));
    expect(byCode.get('migrantWage')?.counted).toBe(true);
    expect(byCode.get('oneOffRelief')).toMatchObject({ counted: false, amount: 1000, label: '临时救助金', category: 'transfer' });
    expect(byCode.get('medicalReimbursement')?.counted).toBe(false);
    expect(byCode.get('donorHelp')?.counted).toBe(false);
    expect(r.arithmetic).toContain('不计入收入：临时救助金1000.00元、医疗报销3000.00元、帮扶慰问金（物）2000.00元');
  });

  it('lists items in the order of the form catalogue whatever order they were entered in', () => {
    const r = computeIncome(makeIncome({ donorHelp: 10, pension: 20, migrantWage: 30, productionCost: 5 }), 1, seed);
    expect(r.items.map((i) => i.code)).toEqual(['migrantWage', 'productionCost', 'pension', 'donorHelp']);
    expect(r.arithmetic).toContain('不计入收入：帮扶慰问金（物）10.00元');
  });

  it('fails with 未填报收入测算表 when there is no form', () => {
    const r = incomeOf(households.noIncomeForm());
    expect(r.pass).toBe(false);
    expect(r.year).toBeNull();
    expect(r.items).toEqual([]);
    expect(r.arithmetic).toBe(NO_INCOME_FORM);
    expect(incomeSummary(r, seed)).toBe('未填报收入测算表');
  });

  it('never divides by zero: a household without members does not pass', () => {
    const r = incomeOf(households.noMembers());
    expect(r.size).toBe(0);
    expect(r.pass).toBe(false);
    expect(Number.isFinite(r.perCapita)).toBe(true);
    expect(r.arithmetic).toContain('家庭人口为0人，无法计算人均纯收入');
  });

  it('compares with a named line on request and with the rulebook line by default', () => {
    const rec = households.incomeBetweenProvinceAndCountyLines(); // 3600 per person
    expect(computeIncome(rec.income, 4, seed).pass).toBe(false);
    const province = computeIncome(rec.income, 4, seed, 'province');
    expect(province).toMatchObject({ lineName: 'province', line: 3500, pass: true });
    expect(incomePassesLine(computeIncome(rec.income, 4, seed), seed, 'province')).toBe(true);
    expect(computeIncome(rec.income, 4, gansu).pass).toBe(true);
  });

  it('refuses a line the rulebook does not define', () => {
    expect(() => computeIncome(null, 1, seed, 'nope')).toThrow(/没有名为“nope”的收入线/);
  });

  it('shows a negative net (costs above income) without pretending', () => {
    const r = computeIncome(makeIncome({ farming: 1000, productionCost: 1600 }), 2, seed);
    expect(r.net).toBe(-600);
    expect(r.arithmetic).toContain('= -300.00元，未超过3700元');
  });
});

describe('money helpers', () => {
  it('reads yuan to fen the way a person reads the decimals', () => {
    expect(toFen(1.005)).toBe(101);
    expect(toFen(0.285)).toBe(29);
    expect(toFen(0.1 + 0.2)).toBe(30);
    expect(toFen(-1.005)).toBe(-101);
    expect(toFen(3700)).toBe(370000);
    expect(() => toFen(Number.NaN)).toThrow();
  });

  it('formats fen without floating point', () => {
    expect(formatFen(337500)).toBe('3375.00');
    expect(formatFen(5)).toBe('0.05');
    expect(formatFen(-150)).toBe('-1.50');
    expect(formatFen(0)).toBe('0.00');
  });
});

describe('income laws (property tests)', () => {
  const countedCodes = INCOME_ITEMS.filter((i) => i.category !== 'cost' && !seed.income.excludedItems.includes(i.code)).map((i) => i.code);
  const allCodes = INCOME_ITEMS.map((i) => i.code);
  const amount = fc.integer({ min: 0, max: 50_000_000 }).map((fen) => fen / 100);
  const form = fc.dictionary(fc.constantFrom(...allCodes), amount).map((items) => makeIncome(items as Partial<Record<IncomeItemCode, number>>));
  const size = fc.integer({ min: 1, max: 12 });

  it('per-capita × size equals the net, to the cent', () => {
    fc.assert(
      fc.property(form, size, (f, n) => {
        const r = computeIncome(f, n, seed);
        expect(Math.round(r.perCapita * n * 100)).toBe(Math.round(r.net * 100));
      }),
    );
  });

  it('net = counted income − costs, and counted + excluded covers every item on the form', () => {
    fc.assert(
      fc.property(form, size, (f, n) => {
        const r = computeIncome(f, n, seed);
        expect(toFen(r.net)).toBe(toFen(r.grossCounted) - toFen(r.costs));
        const total = Object.values(f.items).reduce((s, v) => s + toFen(v), 0);
        expect(toFen(r.grossCounted) + toFen(r.costs) + toFen(r.excluded)).toBe(total);
      }),
    );
  });

  it('adding a counted income item never lowers per-capita income (nor turns a pass into a fail)', () => {
    fc.assert(
      fc.property(form, size, fc.constantFrom(...countedCodes), amount, (f, n, code, extra) => {
        const before = computeIncome(f, n, seed);
        const more = makeIncome({ ...f.items, [code]: (f.items[code] ?? 0) + extra });
        const after = computeIncome(more, n, seed);
        expect(after.perCapita).toBeGreaterThanOrEqual(before.perCapita);
        if (before.pass) expect(after.pass).toBe(true);
      }),
    );
  });
});
