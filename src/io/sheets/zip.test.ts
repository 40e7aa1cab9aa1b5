// Zip bombs and oversized text: what the reader refuses to inflate or decode, and that the user is
// told why in Chinese (never a raw zlib or V8 message).
import { describe, expect, it } from 'vitest';
import { readWorkbook, SheetFormatError } from './index.js';
import { bombXlsx, makeXlsx, rowsOf } from '../../../test/kits/sheets.js';

const MB = 1024 * 1024;

function refusal(read: () => unknown): SheetFormatError {
  try {
    const wb = read() as { sheets: { rows(): Iterable<unknown> }[] } | undefined;
    // Sheets are inflated lazily; reading every row is what an import does.
    for (const s of wb?.sheets ?? []) for (const _ of s.rows());
  } catch (e) {
    expect(e).toBeInstanceOf(SheetFormatError);
    return e as SheetFormatError;
  }
  throw new Error('the workbook was read, not refused');
}

describe('zip bombs', () => {
  it('refuses a sheet that inflates 1000 to 1, before inflating it, with a Chinese message', async () => {
    const bomb = bombXlsx({ sheetBytes: 200 * MB });
    expect(bomb.length).toBeLessThan(1 * MB);
    const before = process.memoryUsage().arrayBuffers;
    const t = performance.now();
    const e = refusal(() => readWorkbook(bomb, '花名册.xlsx'));
    expect(performance.now() - t).toBeLessThan(500);
    // Nothing near the sheet's size was allocated for it.
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(50 * MB);
    expect(e.code).toBe('too-large');
    expect(e.message).toContain('花名册.xlsx');
    expect(e.message).toMatch(/压缩比/);
    expect(e.message).not.toMatch(/Cannot|zlib|Error|invalid/i); // no zlib/V8 English
  });

  it('refuses a part over the per-part limit even at an ordinary ratio', async () => {
    const rows = Array.from(
      { length: 3000 },
      (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${(i * 7919) % 100003}</v></c><c r="B${i + 1}" t="inlineStr"><is><t>户${i * 31}</t></is></c></row>`,
    ).join('');
    const xlsx = makeXlsx({ sheets: [{ name: '花名册', body: `<sheetData>${rows}</sheetData>` }] });
    const ok = readWorkbook(xlsx, 'a.xlsx');
    expect(rowsOf(ok.sheets[0]!)).toHaveLength(3000);
    const e = refusal(() => readWorkbook(xlsx, 'a.xlsx', { limits: { maxPartBytes: 64 * 1024 } }));
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(/超过.*上限/);
    expect(e.message).toContain('TUOPIN_IMPORT_MAX_PART_MB');
  });

  it('refuses parts that together exceed the total limit', () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${(i * 7919) % 100003}</v></c></row>`).join('');
    const sheets = [1, 2, 3].map((k) => ({ name: `表${k}`, body: `<sheetData>${rows(1500)}</sheetData>` }));
    const xlsx = makeXlsx({ sheets });
    const e = refusal(() => readWorkbook(xlsx, 'a.xlsx', { limits: { maxPartBytes: 80 * 1024, maxTotalBytes: 120 * 1024 } }));
    expect(e.code).toBe('too-large');
    expect(e.message).toContain('TUOPIN_IMPORT_MAX_TOTAL_MB');
  });

  it('does not trust a header that declares a small size: inflation stops there', async () => {
    const bomb = bombXlsx({ sheetBytes: 100 * MB, declaredSize: 10_000 });
    const before = process.memoryUsage().arrayBuffers;
    const e = refusal(() => readWorkbook(bomb, 'b.xlsx'));
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(50 * MB);
    expect(e.message).toMatch(/[\u4e00-\u9fff]/);
    expect(e.message).toContain('b.xlsx');
  });

  it('refuses a bomb made of one huge string', async () => {
    const bomb = bombXlsx({ sheetBytes: 100 * MB, kind: 'string' });
    const e = refusal(() => readWorkbook(bomb, 'c.xlsx'));
    expect(e.code).toBe('too-large');
    expect(e.message).not.toMatch(/Cannot create|Invalid string/);
  });
});

describe('oversized cell text', () => {
  const long = '贫'.repeat(40_000);

  it('an inline string over Excel’s 32767-character cell limit is refused, naming sheet and row', () => {
    const xlsx = makeXlsx({
      sheets: [
        {
          name: '花名册',
          body: `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>${long}</t></is></c></row></sheetData>`,
        },
      ],
    });
    const e = refusal(() => readWorkbook(xlsx, 'd.xlsx'));
    expect(e.code).toBe('too-large');
    expect(e.message).toContain('32767');
    expect(e.message).toContain('花名册');
    expect(e.message).toContain('第 2 行');
  });

  it('a shared string over the limit is refused too; one at the limit is read', () => {
    const at = 'x'.repeat(32767);
    const ok = makeXlsx({
      sheets: [{ name: 'S', body: '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>' }],
      sharedStrings: [`<si><t>${at}</t></si>`],
    });
    expect(rowsOf(readWorkbook(ok, 'e.xlsx').sheets[0]!)).toEqual([[1, [at]]]);
    const bad = makeXlsx({
      sheets: [{ name: 'S', body: '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>' }],
      sharedStrings: [`<si><r><t>${long}</t></r><r><t>尾</t></r></si>`],
    });
    const e = refusal(() => readWorkbook(bad, 'e.xlsx'));
    expect(e.code).toBe('too-large');
    expect(e.message).toContain('32767');
  });

  it('a text made long only by escapes (&amp;) is measured after decoding', () => {
    const amp = '&amp;'.repeat(30_000); // 150,000 bytes, 30,000 characters
    const xlsx = makeXlsx({ sheets: [{ name: 'S', body: `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>${amp}</t></is></c></row></sheetData>` }] });
    expect(rowsOf(readWorkbook(xlsx, 'f.xlsx').sheets[0]!)).toEqual([[1, ['&'.repeat(30_000)]]]);
  });
});
