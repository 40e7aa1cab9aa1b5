import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeIdNumber, parseIdNumber } from '../../domain/idNumber.js';
import { INCOME_ITEMS } from '../../domain/types.js';
import type { SheetRow } from '../sheets/types.js';
import { detectHeader } from './header.js';
import { FIELDS, matchHeader, normalizeHeader } from './profile.js';
import { parseIdNumberFast, readBool, readDate, readNumber } from './values.js';

const rows = (...r: (string | number | null)[][]): SheetRow[] => r.map((cells, i) => ({ row: i + 1, cells }));

describe('normalizeHeader / matchHeader', () => {
  it('ignores spaces, line breaks, bracket width, trailing units and required markers', () => {
    expect(normalizeHeader(' 工资性收入（元） ')).toBe('工资性收入');
    expect(normalizeHeader('取水往返时间\n(分钟)')).toBe('取水往返时间');
    expect(normalizeHeader('* 姓 名')).toBe('姓名');
    expect(normalizeHeader('供水保证率（％）')).toBe('供水保证率');
    expect(matchHeader('证件号码\n（身份证号）')?.key).toBe('idNumber');
    expect(matchHeader('三产（服务业）收入')?.key).toBe('income.services');
    expect(matchHeader('帮扶慰问金（物）（元）')?.key).toBe('income.donorHelp');
    expect(matchHeader('工资性收入-外出务工收入')?.key).toBe('income.migrantWage');
    expect(matchHeader('备注')).toBeNull();
  });

  it('knows every income item by its label', () => {
    for (const item of INCOME_ITEMS) expect(matchHeader(item.label)?.incomeCode).toBe(item.code);
  });

  it('documents every column label in docs/roster-columns.md', () => {
    const doc = readFileSync(new URL('../../../docs/roster-columns.md', import.meta.url), 'utf8');
    const missing = FIELDS.filter((f) => !doc.includes(f.label)).map((f) => f.label);
    expect(missing).toEqual([]);
  });
});

describe('detectHeader', () => {
  it('skips title rows', () => {
    const h = detectHeader(rows(['XX县建档立卡贫困人口花名册'], ['制表单位：XX乡'], ['户编号', '姓名', '与户主关系'], ['H1', '甲', '户主']), [
      { top: 1, left: 0, bottom: 1, right: 2 },
    ]);
    expect(h).toMatchObject({ headerRow: 3, lastHeaderRow: 3, score: 3 });
  });

  it('combines a two-row header and prefers parent+child where that names a column', () => {
    const h = detectHeader(
      rows(
        ['户编号', '姓名', '帮扶责任人', null, '家庭收入情况（元）', null],
        [null, null, '姓名', '联系电话', '外出务工收入', '低保金'],
        ['H1', '甲', '王', '139', 1, 2],
      ),
      [
        { top: 1, left: 0, bottom: 2, right: 0 },
        { top: 1, left: 1, bottom: 2, right: 1 },
        { top: 1, left: 2, bottom: 1, right: 3 },
        { top: 1, left: 4, bottom: 1, right: 5 },
      ],
    )!;
    expect(h.headerRow).toBe(1);
    expect(h.lastHeaderRow).toBe(2);
    expect(h.columns.map((c) => c.field?.key ?? null)).toEqual(['householdId', 'name', 'cadreName', 'cadrePhone', 'income.migrantWage', 'income.dibao']);
  });

  it('returns null when nothing looks like a header', () => {
    expect(detectHeader(rows(['说明'], ['张三', '李四']), [])).toBeNull();
  });
});

describe('value readers', () => {
  it('booleans', () => {
    for (const yes of ['是', '√', '有', '1', 'Y', 'y', 1, 'Ｙ']) expect(readBool(yes as never)).toBe(true);
    for (const no of ['否', '×', '无', '0', 'N', 0]) expect(readBool(no as never)).toBe(false);
    expect(readBool('也许')).toBeUndefined();
    expect(readBool('  ')).toBeNull();
  });

  it('numbers with commas, full-width digits and units; text is refused', () => {
    expect(readNumber('3,500')).toBe(3500);
    expect(readNumber('３５００')).toBe(3500);
    expect(readNumber('12.5亩')).toBe(12.5);
    expect(readNumber('三千')).toBeUndefined();
    expect(readNumber('-5')).toBeUndefined();
  });

  it('dates in every accepted spelling, impossible dates refused', () => {
    for (const d of ['1988-01-01', '1988/1/1', '19880101', '1988年1月1日', '1988.01.01', 19880101]) expect(readDate(d)).toBe('1988-01-01');
    expect(readDate('1988-02-30')).toBeUndefined();
    expect(readDate('明年')).toBeUndefined();
  });

  it('the fast ID path agrees with parseIdNumber on valid and damaged numbers', () => {
    const region = fc.constantFrom('620523', '430524', '110101', '990101');
    const date = fc.date({ min: new Date('1901-01-01'), max: new Date('2090-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(region, date, fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 17 }), fc.constantFrom('', '0', 'X', '9'), (r, d, seq, pos, ch) => {
        let id: string;
        try {
          id = makeIdNumber(r, d, seq);
        } catch {
          id = `${r}${d.replaceAll('-', '')}${String(seq).padStart(3, '0')}0`;
        }
        const damaged = ch === '' ? id : id.slice(0, pos) + ch + id.slice(pos + 1);
        expect(parseIdNumberFast(damaged)).toEqual(parseIdNumber(damaged));
      }),
    );
  });
});
