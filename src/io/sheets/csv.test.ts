import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { CsvRecordReader } from './csv.js';
import { readWorkbook, SheetFormatError } from './index.js';
import { rowsOf } from '../../../test/kits/sheets.js';

const ROSTER = '户编号,姓名,证件号码,人均纯收入\r\n522401001,张三,430524198801011234,9407.28\r\n522401002,"李四, 之子","多行\r\n备注",\r\n';

describe('readWorkbook on CSV', () => {
  it('reads UTF-8 without BOM, keeping every cell a string', () => {
    const wb = readWorkbook(Buffer.from(ROSTER, 'utf8'), '花名册.csv');
    expect(wb.format).toBe('csv');
    expect(wb.encoding).toBe('utf-8');
    expect(wb.sheets.map((s) => s.name)).toEqual(['花名册']);
    expect(wb.sheets[0]!.merges).toEqual([]);
    expect(rowsOf(wb.sheets[0]!)).toEqual([
      [1, ['户编号', '姓名', '证件号码', '人均纯收入']],
      [2, ['522401001', '张三', '430524198801011234', '9407.28']],
      // A quoted field with a comma stays one cell; one with a line break stays one record.
      [3, ['522401002', '李四, 之子', '多行\r\n备注']],
    ]);
  });

  it('strips a UTF-8 BOM', () => {
    const wb = readWorkbook(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('姓名,性别\n张三,男\n', 'utf8')]), 'bom.csv');
    expect(wb.encoding).toBe('utf-8');
    expect(rowsOf(wb.sheets[0]!)).toEqual([
      [1, ['姓名', '性别']],
      [2, ['张三', '男']],
    ]);
  });

  it('falls back to GBK for what Excel on Chinese Windows writes', () => {
    const text = '姓名,乡镇,备注\r\n张三,城关镇,"含,逗号"\r\n李四,龙泉镇,\r\n';
    const wb = readWorkbook(iconv.encode(text, 'gbk'), '导出.csv');
    expect(wb.encoding).toBe('gbk');
    expect(rowsOf(wb.sheets[0]!)).toEqual([
      [1, ['姓名', '乡镇', '备注']],
      [2, ['张三', '城关镇', '含,逗号']],
      [3, ['李四', '龙泉镇']],
    ]);
  });

  it('keeps blank lines as blank rows so row numbers match Excel, and does not trim', () => {
    const wb = readWorkbook(Buffer.from('a,b\n\n , x \n,,\nc\n', 'utf8'), 't.csv');
    expect(rowsOf(wb.sheets[0]!)).toEqual([
      [1, ['a', 'b']],
      [2, []],
      [3, [' ', ' x ']],
      [4, []],
      [5, ['c']],
    ]);
  });

  it('accepts ragged rows and stray quotes', () => {
    const wb = readWorkbook(Buffer.from('a,b,c\n1\n1,2,3,4\n5,6"寸",7\n', 'utf8'), 'r.csv');
    expect(rowsOf(wb.sheets[0]!)).toEqual([
      [1, ['a', 'b', 'c']],
      [2, ['1']],
      [3, ['1', '2', '3', '4']],
      [4, ['5', '6"寸"', '7']],
    ]);
  });

  it('detects tab-separated text', () => {
    const wb = readWorkbook(Buffer.from('姓名\t金额\n张三\t1,000\n', 'utf8'), '导出.txt');
    expect(rowsOf(wb.sheets[0]!)).toEqual([
      [1, ['姓名', '金额']],
      [2, ['张三', '1,000']],
    ]);
  });

  it('can iterate rows more than once', () => {
    const sheet = readWorkbook(Buffer.from(ROSTER, 'utf8'), 'x.csv').sheets[0]!;
    expect(rowsOf(sheet)).toEqual(rowsOf(sheet));
  });

  it('names the sheet after the file, or Sheet1 without one', () => {
    expect(readWorkbook(Buffer.from('a\n'), 'C:/导入/村级台账.2024.csv').sheets[0]!.name).toBe('村级台账.2024');
    expect(readWorkbook(Buffer.from('a\n'), 'D:\\乡镇\\名单.csv').sheets[0]!.name).toBe('名单');
    expect(readWorkbook(Buffer.from('a\n')).sheets[0]!.name).toBe('Sheet1');
  });

  it('reports an unclosed quote as corrupt with where it happened', () => {
    const wb = readWorkbook(Buffer.from('a,b\n1,"没有结束\n2,3\n', 'utf8'), '坏.csv');
    let err: unknown;
    try {
      rowsOf(wb.sheets[0]!);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SheetFormatError);
    expect((err as SheetFormatError).code).toBe('corrupt');
    expect((err as SheetFormatError).message).toMatch(/坏\.csv.*引号/);
  });

  it('treats a file of only whitespace (or only a BOM) as empty', () => {
    for (const buf of [Buffer.from(' \r\n\r\n'), Buffer.from([0xef, 0xbb, 0xbf])]) {
      expect(() => readWorkbook(buf, 'e.csv')).toThrow(expect.objectContaining({ code: 'empty' }));
    }
  });
});

function records(text: string, delimiter = ','): string[][] {
  const r = new CsvRecordReader(text, delimiter);
  const out: string[][] = [];
  for (let rec = r.next(); rec !== null; rec = r.next()) out.push(rec);
  return out;
}

describe('CsvRecordReader', () => {
  it('handles doubled quotes, empty quoted fields and trailing delimiters', () => {
    expect(records('"a""b",""," ""x"" "\n1,2,\n')).toEqual([
      ['a"b', '', ' "x" '],
      ['1', '2', ''],
    ]);
  });

  it('ends records on CRLF, LF or a lone CR, with or without a final line break', () => {
    expect(records('a\r\nb\rc\nd')).toEqual([['a'], ['b'], ['c'], ['d']]);
  });

  it('keeps text after a closing quote, as Excel does', () => {
    expect(records('"a"b,c\n')).toEqual([['ab', 'c']]);
  });

  it('reports the line where an unclosed quote starts', () => {
    expect(() => records('a\nb\n"c,\nd\n')).toThrow(/line 3/);
  });

  it('agrees with csv-parse on well-formed CSV', () => {
    const field = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', '张', ',', '"', '\n', '\r\n', ' ', '\t', '1'), maxLength: 8 }),
      fc.constantFrom('430524198801011234', '', '9407.28'),
    );
    const encode = (f: string): string => (/[",\r\n]/.test(f) || f === '' ? `"${f.replaceAll('"', '""')}"` : f);
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'), (recs, eol) => {
        const text = recs.map((r) => r.map(encode).join(',')).join(eol) + eol;
        const ours = records(text);
        const theirs = parse(text, { relax_column_count: true, skip_empty_lines: false }) as string[][];
        expect(ours).toEqual(theirs);
        expect(ours).toEqual(recs);
      }),
      { numRuns: 500 },
    );
  });
});
