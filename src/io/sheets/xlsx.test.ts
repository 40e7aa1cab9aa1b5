import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readWorkbook, SheetFormatError } from './index.js';
import type { Sheet, Workbook } from './index.js';
import { makeXlsx, makeZip, rowsOf } from '../../../test/kits/sheets.js';

async function exceljsBuffer(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function sheetNamed(wb: Workbook, name: string): Sheet {
  const s = wb.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name}`);
  return s;
}

/** A roster the way an office would type it in Excel, written by exceljs (shared strings, styles). */
async function rosterFixture(): Promise<Buffer> {
  return exceljsBuffer((wb) => {
    const ws = wb.addWorksheet('花名册');
    // Two-row header: merged group titles over the real column names.
    ws.getCell('A1').value = '基本信息';
    ws.mergeCells('A1:C1');
    ws.getCell('D1').value = '收入情况';
    ws.mergeCells('D1:E1');
    ws.getRow(2).values = ['姓名', '证件号码', '出生日期', '人均纯收入（元）', '是否脱贫', '备注'];

    ws.getRow(3).values = ['张三', '430524198801011234', new Date(Date.UTC(1988, 0, 1)), 9407.28, true, '  保留空格 '];
    ws.getCell('C3').numFmt = 'yyyy-mm-dd';

    // eslint-disable-next-line no-loss-of-precision -- an ID number typed as a number, as Excel keeps it
    ws.getRow(4).values = ['李四', 430524198801011234, new Date(Date.UTC(1990, 11, 31)), { formula: 'D3*2', result: 18814.56 }, false];
    ws.getCell('C4').numFmt = 'yyyy"年"m"月"d"日"';

    // Empty cells in the middle of a row.
    ws.getCell('A5').value = '王五';
    ws.getCell('E5').value = 'A&B <c> "q"';
    ws.getCell('C5').value = new Date(Date.UTC(2024, 2, 5, 8, 30, 0));
    ws.getCell('C5').numFmt = 'yyyy-mm-dd hh:mm:ss';

    // Row 6 is never written; row 7 only has far-right columns.
    ws.getCell('Z7').value = '远';
    ws.getCell('AB7').value = 0;

    ws.getCell('A8').value = { richText: [{ text: '加粗', font: { bold: true } }, { text: '普通' }] };
    ws.getCell('B8').value = { formula: 'A8&"!"', result: '加粗普通!' };
    ws.getCell('C8').value = { error: '#N/A' };
    ws.getCell('D8').value = 45292;
    ws.getCell('D8').numFmt = 'mm-dd-yy'; // exceljs maps this to built-in id 14
    ws.getCell('E8').value = -0.125;

    const hidden = wb.addWorksheet('说明');
    hidden.state = 'hidden';
    hidden.getCell('A1').value = '隐藏的说明页';
  });
}

describe('readWorkbook on an exceljs-written roster', () => {
  it('lists sheets in workbook order with their visibility', async () => {
    const wb = readWorkbook(await rosterFixture(), '花名册.xlsx');
    expect(wb.format).toBe('xlsx');
    expect(wb.encoding).toBeUndefined();
    expect(wb.sheets.map((s) => [s.name, s.hidden])).toEqual([
      ['花名册', false],
      ['说明', true],
    ]);
  });

  it('reads strings, numbers, dates, booleans, formulas and gaps', async () => {
    const rows = rowsOf(sheetNamed(readWorkbook(await rosterFixture()), '花名册'));
    expect(rows).toEqual([
      [1, ['基本信息', null, null, '收入情况']],
      [2, ['姓名', '证件号码', '出生日期', '人均纯收入（元）', '是否脱贫', '备注']],
      [3, ['张三', '430524198801011234', '1988-01-01', 9407.28, true, '  保留空格 ']],
      // The 18-digit number stays the float Excel stored, so the importer can see the damage.
      // eslint-disable-next-line no-loss-of-precision -- the same float, read back
      [4, ['李四', 430524198801011234, '1990-12-31', 18814.56, false]],
      [5, ['王五', null, '2024-03-05 08:30:00', null, 'A&B <c> "q"']],
      [7, [...Array<null>(25).fill(null), '远', null, 0]],
      [8, ['加粗普通', '加粗普通!', '#N/A', '2024-01-01', -0.125]],
    ]);
    const id = rows[3]![1][1];
    expect(typeof id).toBe('number');
    expect(String(id)).not.toBe('430524198801011234');
  });

  it('reports merged ranges with 1-based rows and 0-based columns', async () => {
    const sheet = sheetNamed(readWorkbook(await rosterFixture()), '花名册');
    expect(sheet.merges).toEqual([
      { top: 1, bottom: 1, left: 0, right: 2 },
      { top: 1, bottom: 1, left: 3, right: 4 },
    ]);
    expect(sheetNamed(readWorkbook(await rosterFixture()), '说明').merges).toEqual([]);
  });

  it('can iterate rows more than once, and stop early', async () => {
    const sheet = readWorkbook(await rosterFixture()).sheets[0]!;
    for (const r of sheet.rows()) {
      expect(r.row).toBe(1);
      break;
    }
    const first = rowsOf(sheet);
    expect(rowsOf(sheet)).toEqual(first);
    expect(first).toHaveLength(7);
  });
});

describe('readWorkbook on exceljs streaming-writer output', () => {
  it('reads entries written with data descriptors and shared strings', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sheets-')), '流式.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
    const ws = writer.addWorksheet('流式');
    ws.addRow(['序号', '姓名', '出生日期']).commit();
    for (let i = 1; i <= 300; i++) {
      const row = ws.addRow([i, `姓名${i % 7}`, new Date(Date.UTC(2000, 0, i))]);
      row.getCell(3).numFmt = 'yyyy"年"m"月"d"日"';
      row.commit();
    }
    ws.commit();
    await writer.commit();
    const buf = readFileSync(file);
    // The writer streams, so its local headers defer sizes to data descriptors (flag bit 3).
    expect(buf.readUInt16LE(6) & 0x8).toBe(0x8);
    const rows = rowsOf(readWorkbook(buf).sheets[0]!);
    expect(rows).toHaveLength(301);
    expect(rows[0]).toEqual([1, ['序号', '姓名', '出生日期']]);
    expect(rows[1]).toEqual([2, [1, '姓名1', '2000-01-01']]);
    expect(rows[300]).toEqual([301, [300, '姓名6', '2000-10-26']]);
  });
});

const STYLES_WITH_DATES =
  '<numFmts count="2"><numFmt numFmtId="14" formatCode="yyyy/m/d"/><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/><numFmt numFmtId="177" formatCode="0.00&quot;元&quot;"/></numFmts>' +
  // cellStyleXfs must not be mistaken for cellXfs: its date format would shift the indexes.
  '<cellStyleXfs count="2"><xf numFmtId="176"/><xf numFmtId="14"/></cellStyleXfs>' +
  '<cellXfs count="5"><xf numFmtId="0" xfId="0"/><xf numFmtId="14" xfId="0" applyNumberFormat="1"/><xf numFmtId="176" xfId="0"><alignment horizontal="center"/></xf><xf numFmtId="177" xfId="0"/><xf numFmtId="49" xfId="0"/></cellXfs>';

describe('readWorkbook on hand-made xlsx shapes', () => {
  it('reads inline strings, rich text, phonetic runs, and cells/rows without r', () => {
    const buf = makeXlsx({
      sheets: [
        {
          name: 'Inline',
          body:
            '<sheetData>' +
            '<row><c t="inlineStr"><is><t>甲</t></is></c><c t="inlineStr"><is><r><rPr><b/></rPr><t>乙</t></r><r><t xml:space="preserve"> 丙 </t></r></is></c></row>' +
            '<row><c s="1"/><c t="inlineStr"><is><t>東京</t><rPh sb="0" eb="2"><t>トウキョウ</t></rPh><phoneticPr fontId="1"/></is></c><c><v>3</v></c></row>' +
            '<row r="10"><c r="C10" t="inlineStr"><is><t>x</t></is></c><c><v>4</v></c></row>' +
            '<row/>' +
            '</sheetData>',
        },
      ],
    });
    expect(rowsOf(readWorkbook(buf).sheets[0]!)).toEqual([
      [1, ['甲', '乙 丙 ']],
      [2, [null, '東京', 3]],
      [10, [null, null, 'x', 4]],
      [11, []],
    ]);
  });

  it('decodes shared strings: rich runs, entities, _xHHHH_ escapes, CDATA, rPh, empty items', () => {
    const buf = makeXlsx({
      sharedStrings: [
        '<si><t>普通</t></si>',
        '<si><r><t>前</t></r><r><rPr><sz val="11"/></rPr><t xml:space="preserve"> 后</t></r><rPh sb="0" eb="1"><t>ぜん</t></rPh></si>',
        '<si><t>&lt;a&gt; &amp; &quot;b&quot; &apos;c&apos; &#20013;&#x6587; &#x1F600;</t></si>',
        '<si><t>第一行_x000D_\n第二行 _x005F_x000D_</t></si>',
        '<si><t><![CDATA[<原样> & 保留]]><!-- 注释 -->尾</t></si>',
        '<si><t/></si>',
        '<si/>',
      ],
      sheets: [
        {
          name: 'S',
          body:
            '<sheetData><row r="1">' +
            [0, 1, 2, 3, 4, 5, 6].map((i) => `<c r="${String.fromCharCode(65 + i)}1" t="s"><v>${i}</v></c>`).join('') +
            '<c r="H1" t="s"><v>0</v></c></row></sheetData>',
        },
      ],
    });
    expect(rowsOf(readWorkbook(buf).sheets[0]!)).toEqual([
      [1, ['普通', '前 后', `<a> & "b" 'c' 中文 😀`, '第一行\r\n第二行 _x000D_', '<原样> & 保留尾', null, null, '普通']],
    ]);
  });

  it('turns numbers into dates only through date formats, including redefined built-ins', () => {
    const buf = makeXlsx({
      styles: STYLES_WITH_DATES,
      sheets: [
        {
          name: 'D',
          body:
            '<sheetData><row r="1">' +
            '<c r="A1"><v>45292</v></c><c r="B1" s="1"><v>45292</v></c><c r="C1" s="2"><v>32143</v></c>' +
            '<c r="D1" s="3"><v>45292</v></c><c r="E1" s="4"><v>45292</v></c><c r="F1" s="2"><v>45292.75</v></c>' +
            '<c r="G1" s="99"><v>5</v></c><c r="H1" s="2" t="s"><v>0</v></c>' +
            '</row></sheetData>',
        },
      ],
      sharedStrings: ['<si><t>文本不受格式影响</t></si>'],
    });
    expect(rowsOf(readWorkbook(buf).sheets[0]!)).toEqual([
      [1, [45292, '2024-01-01', '1988-01-01', 45292, 45292, '2024-01-01 18:00:00', 5, '文本不受格式影响']],
    ]);
  });

  it('honours the 1904 date system', () => {
    const buf = makeXlsx({
      date1904: true,
      styles: STYLES_WITH_DATES,
      sheets: [{ name: 'D', body: '<sheetData><row r="1"><c r="A1" s="1"><v>43830</v></c><c r="B1"><v>43830</v></c></row></sheetData>' }],
    });
    expect(rowsOf(readWorkbook(buf).sheets[0]!)).toEqual([[1, ['2024-01-01', 43830]]]);
  });

  it('reads every cell type: b, e, str, d, n and empty values', () => {
    const buf = makeXlsx({
      sheets: [
        {
          name: 'T',
          body:
            '<sheetData><row r="1">' +
            '<c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v>0</v></c><c r="C1" t="e"><v>#DIV/0!</v></c>' +
            '<c r="D1" t="str"><f>A1&amp;"x"</f><v>TRUEx</v></c><c r="E1" t="d"><v>2024-03-05T00:00:00Z</v></c>' +
            '<c r="F1" t="n"><v>1.5E-3</v></c><c r="G1"><v></v></c><c r="H1"><v/></c><c r="I1" t="str"><v></v></c>' +
            '<c r="J1"><f>1/0</f></c><c r="K1"><v>  42 </v></c><c r="L1"><v>12345678901234567890</v></c>' +
            '</row></sheetData>',
        },
      ],
    });
    expect(rowsOf(readWorkbook(buf).sheets[0]!)).toEqual([
      [1, [true, false, '#DIV/0!', 'TRUEx', '2024-03-05', 0.0015, null, null, null, null, 42, 12345678901234567000]],
    ]);
  });

  it('accepts namespace prefixes and whitespace between tags', () => {
    const body =
      '<x:sheetData xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\n' +
      '  <x:row r="2">\n    <x:c r="B2" t="inlineStr">\n      <x:is><x:t>前缀</x:t></x:is>\n    </x:c>\n' +
      '    <x:c r="C2">\n      <x:v>7</x:v>\n    </x:c>\n  </x:row>\n</x:sheetData>' +
      '<x:mergeCells xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1"><x:mergeCell ref="B2:C3"/></x:mergeCells>';
    const sheet = readWorkbook(makeXlsx({ sheets: [{ name: 'P', body }] })).sheets[0]!;
    expect(rowsOf(sheet)).toEqual([[2, [null, '前缀', 7]]]);
    expect(sheet.merges).toEqual([{ top: 2, bottom: 3, left: 1, right: 2 }]);
  });

  it('finds sheets through the relationships, not by file name, and reads stored entries with data descriptors', () => {
    const buf = makeXlsx({
      method: 0,
      dataDescriptor: true,
      sheetPath: (i) => (i === 0 ? '/xl/data/第二.xml' : 'data/../other/first.xml'),
      sheets: [
        { name: '第一', body: '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>' },
        { name: 'A&amp;B', body: '<sheetData><row r="1"><c r="A1"><v>2</v></c></row></sheetData>' },
      ],
    });
    const wb = readWorkbook(buf);
    expect(wb.sheets.map((s) => s.name)).toEqual(['第一', 'A&B']);
    expect(wb.sheets.map((s) => rowsOf(s))).toEqual([[[1, [1]]], [[1, [2]]]]);
  });

  it('yields no rows for an empty sheet and tolerates missing sharedStrings/styles parts', () => {
    const wb = readWorkbook(
      makeXlsx({
        sheets: [
          { name: '空', body: '<sheetData/>' },
          { name: '无', body: '' },
        ],
      }),
    );
    expect(wb.sheets.map((s) => rowsOf(s))).toEqual([[], []]);
  });

  it('keeps overwriting a repeated column instead of inventing cells', () => {
    const buf = makeXlsx({
      sheets: [{ name: 'R', body: '<sheetData><row r="1"><c r="C1"><v>1</v></c><c r="A1"><v>2</v></c><c><v>3</v></c></row></sheetData>' }],
    });
    expect(rowsOf(readWorkbook(buf).sheets[0]!)).toEqual([[1, [2, 3, 1]]]);
  });
});

describe('numbers are read exactly', () => {
  function readNumber(text: string): unknown {
    const buf = makeXlsx({ sheets: [{ name: 'N', body: `<sheetData><row r="1"><c r="A1"><v>${text}</v></c></row></sheetData>` }] });
    return rowsOf(readWorkbook(buf).sheets[0]!)[0]![1][0];
  }

  it('gives back any double written in its shortest form', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (d) => {
        // -0 is written as "0", so it comes back as 0.
        expect(readNumber(String(d))).toBe(d === 0 ? 0 : d);
      }),
      { numRuns: 300 },
    );
  });

  it('parses plain decimals as Number() does', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^-?\d{1,17}(\.\d{1,12})?$/), (s) => {
        expect(readNumber(s)).toBe(Number(s));
      }),
      { numRuns: 300 },
    );
  });
});

describe('fast and generic cell paths agree', () => {
  type Cell = { kind: 'n'; v: number } | { kind: 'str'; v: string } | { kind: 'b'; v: boolean } | { kind: 'empty' } | { kind: 'none' };
  const cell = fc.oneof(
    fc.record({ kind: fc.constant('n' as const), v: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }) }),
    fc.record({ kind: fc.constant('str' as const), v: fc.string({ unit: fc.constantFrom('a', '张', '&', '<', '"', ' ', '>'), minLength: 1, maxLength: 6 }) }),
    fc.record({ kind: fc.constant('b' as const), v: fc.boolean() }),
    fc.constant({ kind: 'empty' as const }),
    fc.constant({ kind: 'none' as const }),
  );
  const esc = (s: string): string => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('"', '&quot;');

  function sheetXml(rows: Cell[][], prefix: string, sp: string): string {
    const t = (name: string): string => `${prefix}${name}`;
    return (
      `<${t('sheetData')}${prefix ? ` xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"` : ''}>` +
      rows
        .map((cells, r) => {
          const inner = cells
            .map((c, i) => {
              const ref = `${String.fromCharCode(65 + i)}${r + 1}`;
              switch (c.kind) {
                case 'n':
                  return `<${t('c')} r="${ref}">${sp}<${t('v')}>${c.v}</${t('v')}>${sp}</${t('c')}>`;
                case 'str':
                  return `<${t('c')} r="${ref}" t="str">${sp}<${t('v')}>${esc(c.v)}</${t('v')}>${sp}</${t('c')}>`;
                case 'b':
                  return `<${t('c')} t="b" r="${ref}">${sp}<${t('v')}>${c.v ? 1 : 0}</${t('v')}>${sp}</${t('c')}>`;
                case 'empty':
                  return `<${t('c')} r="${ref}" s="0"/>`;
                case 'none':
                  return '';
              }
            })
            .join(sp);
          return `<${t('row')} r="${r + 1}">${sp}${inner}${sp}</${t('row')}>`;
        })
        .join(sp) +
      `</${t('sheetData')}>`
    );
  }

  it('gives the same rows for plain tags (fast path) and prefixed, spaced-out tags (generic path)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 8 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const read = (body: string): unknown => rowsOf(readWorkbook(makeXlsx({ sheets: [{ name: 'F', body }] })).sheets[0]!);
        const expected = rows.map((cells, r) => {
          const values: unknown[] = cells.map((c) => (c.kind === 'n' ? (c.v === 0 ? 0 : c.v) : c.kind === 'str' || c.kind === 'b' ? c.v : null));
          while (values.length > 0 && values[values.length - 1] === null) values.pop();
          return [r + 1, values];
        });
        expect(read(sheetXml(rows, '', ''))).toEqual(expected);
        expect(read(sheetXml(rows, 'x:', '\n  '))).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });
});

describe('broken workbooks', () => {
  it('a truncated sheet fails with code corrupt while iterating', () => {
    const buf = makeXlsx({ sheets: [{ name: '坏', body: '<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"' }] });
    const sheet = readWorkbook(buf, '坏.xlsx').sheets[0]!;
    let err: unknown;
    const seen: number[] = [];
    try {
      for (const r of sheet.rows()) seen.push(r.row);
    } catch (e) {
      err = e;
    }
    expect(seen).toEqual([1]);
    expect(err).toBeInstanceOf(SheetFormatError);
    expect((err as SheetFormatError).code).toBe('corrupt');
    expect((err as SheetFormatError).message).toContain('坏.xlsx');
    expect((err as SheetFormatError).message).toContain('工作表“坏”');
  });

  it('XML that ends between rows, before </sheetData>, is corrupt rather than silently short', () => {
    const buf = makeXlsx({ sheets: [{ name: '截断', body: '<sheetData><row r="1"><c r="A1"><v>1</v></c></row>' }] });
    expect(catchError(() => rowsOf(readWorkbook(buf).sheets[0]!)).code).toBe('corrupt');
  });

  it('a shared string index past the table is corrupt, naming the cell', () => {
    const buf = makeXlsx({
      sharedStrings: ['<si><t>a</t></si>'],
      sheets: [{ name: 'S', body: '<sheetData><row r="3"><c r="B3" t="s"><v>5</v></c></row></sheetData>' }],
    });
    expect(() => rowsOf(readWorkbook(buf).sheets[0]!)).toThrow(/B3/);
  });

  it('a zip cut short is corrupt', async () => {
    const whole = await rosterFixture();
    const err = catchError(() => readWorkbook(whole.subarray(0, Math.floor(whole.length / 2)), '半截.xlsx'));
    expect(err.code).toBe('corrupt');
    expect(err.message).toContain('半截.xlsx');
  });

  it('a damaged deflate stream is corrupt', () => {
    const good = makeXlsx({ sheets: [{ name: 'S', body: '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>' }] });
    const bad = Buffer.from(good);
    // Overwrite the start of the sheet's compressed data (right after its local header's name).
    const name = 'xl/worksheets/sheet1.xml';
    const start = bad.indexOf(name) + name.length;
    bad.fill(0xff, start, start + 8);
    expect(catchError(() => rowsOf(readWorkbook(bad).sheets[0]!)).code).toBe('corrupt');
  });

  it('a sheet listed in workbook.xml but missing from the zip is corrupt', () => {
    const buf = makeXlsx({ sheets: [{ name: 'S', body: '' }] });
    const withoutSheet = makeZip([...listEntries(buf)].filter((e) => !e.name.startsWith('xl/worksheets/')));
    const err = catchError(() => readWorkbook(withoutSheet, 'x.xlsx'));
    expect(err.code).toBe('corrupt');
    expect(err.message).toContain('工作表“S”');
  });

  it('zip-level encryption is reported as encrypted', () => {
    const buf = makeXlsx({ sheets: [{ name: 'S', body: '' }] });
    // Set the encryption flag on the central directory record of the workbook part.
    const copy = Buffer.from(buf);
    const cd = copy.readUInt32LE(copy.length - 22 + 16);
    for (let p = cd; p < copy.length - 22;) {
      const nameLen = copy.readUInt16LE(p + 28);
      if (copy.toString('utf8', p + 46, p + 46 + nameLen) === 'xl/workbook.xml') copy.writeUInt16LE(copy.readUInt16LE(p + 8) | 1, p + 8);
      p += 46 + nameLen + copy.readUInt16LE(p + 30) + copy.readUInt16LE(p + 32);
    }
    expect(catchError(() => readWorkbook(copy)).code).toBe('encrypted');
  });

  it('ZIP64 archives fail clearly', () => {
    const buf = Buffer.from(makeXlsx({ sheets: [{ name: 'S', body: '' }] }));
    buf.writeUInt16LE(0xffff, buf.length - 22 + 10);
    const err = catchError(() => readWorkbook(buf));
    expect(err.code).toBe('corrupt');
    expect(err.message).toContain('ZIP64');
  });
});

function catchError(f: () => unknown): SheetFormatError {
  try {
    f();
  } catch (e) {
    if (e instanceof SheetFormatError) return e;
    throw e;
  }
  throw new Error('expected a SheetFormatError');
}

/** Re-reads the entries of a testkit zip (stored or deflated) so a test can rebuild it without some. */
function* listEntries(buf: Buffer): Generator<{ name: string; data: Buffer; method: 0 }> {
  const cd = buf.readUInt32LE(buf.length - 22 + 16);
  for (let p = cd; p < buf.length - 22;) {
    const nameLen = buf.readUInt16LE(p + 28);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const off = buf.readUInt32LE(p + 42);
    const start = off + 30 + buf.readUInt16LE(off + 26) + buf.readUInt16LE(off + 28);
    const raw = buf.subarray(start, start + size);
    yield { name, data: method === 8 ? inflateRawSync(raw) : raw, method: 0 };
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
}
