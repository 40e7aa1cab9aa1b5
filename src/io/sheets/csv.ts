import iconv from 'iconv-lite';
import { SheetFormatError } from './types.js';
import type { CellValue, Merge, Sheet, SheetRow, Workbook } from './types.js';

/**
 * Decodes CSV bytes: a UTF-8 BOM or valid UTF-8 is UTF-8; anything else is taken as GB18030
 * (a superset of GBK), which is what Excel and WPS write on Chinese Windows ("CSV (逗号分隔)").
 */
export function decodeCsvText(buf: Buffer, label: string): { text: string; encoding: 'utf-8' | 'gbk' } {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { text: buf.toString('utf8', 3), encoding: 'utf-8' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'utf-8' };
  } catch {
    const text = iconv.decode(buf, 'gb18030');
    // Text that is neither UTF-8 nor GBK decodes to replacement characters: it is not a CSV.
    let bad = 0;
    for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) bad++;
    if (bad > Math.max(8, text.length / 1000)) {
      throw new SheetFormatError('not-spreadsheet', `文件“${label}”不是电子表格（既不是 .xlsx 也不是可识别编码的 CSV）。`);
    }
    return { text, encoding: 'gbk' };
  }
}

/** Comma unless the first line has more tabs than commas (tab-separated exports saved as .csv/.txt). */
export function guessDelimiter(text: string): string {
  const nl = text.indexOf('\n');
  const first = nl < 0 ? text : text.slice(0, nl);
  let commas = 0;
  let tabs = 0;
  for (let i = 0; i < first.length; i++) {
    const c = first.charCodeAt(i);
    if (c === 0x2c) commas++;
    else if (c === 0x09) tabs++;
  }
  return tabs > commas ? '\t' : ',';
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** A quoted field that never closes: reading on would swallow the rest of the file into one cell. */
export class CsvQuoteError extends Error {
  constructor(readonly line: number) {
    super(`unclosed quote starting on line ${line}`);
  }
}

/**
 * RFC 4180 records, one at a time, with Excel's leniency: ragged rows, quotes inside unquoted
 * fields are literal (6"寸"), text after a closing quote is kept ("a"b -> ab), and CRLF, LF or CR
 * end a record. Written by hand rather than with csv-parse: on the county roster (59,000 x 45,
 * 13.5 M characters) csv-parse's sync API takes about 1 s, the whole import budget is 1.5 s, and
 * this loop takes a fraction of that. csv-parse stays the oracle in the property test.
 */
export class CsvRecordReader {
  private pos = 0;
  private readonly delim: number;

  constructor(
    private readonly text: string,
    delimiter = ',',
  ) {
    this.delim = delimiter.charCodeAt(0);
  }

  next(): string[] | null {
    const t = this.text;
    const n = t.length;
    const d = this.delim;
    let p = this.pos;
    if (p >= n) return null;
    const fields: string[] = [];
    for (;;) {
      let c = t.charCodeAt(p);
      let e: number;
      if (c === QUOTE) {
        const open = p;
        let value = '';
        let start = p + 1;
        p = start;
        for (;;) {
          const q = t.indexOf('"', p);
          if (q < 0) throw new CsvQuoteError(lineOf(t, open));
          if (t.charCodeAt(q + 1) === QUOTE) {
            value += t.slice(start, q + 1);
            p = q + 2;
            start = p;
            continue;
          }
          value += t.slice(start, q);
          p = q + 1;
          break;
        }
        for (e = p; e < n; e++) {
          c = t.charCodeAt(e);
          if (c === d || c === LF || c === CR) break;
        }
        fields.push(e > p ? value + t.slice(p, e) : value);
      } else {
        for (e = p; e < n; e++) {
          c = t.charCodeAt(e);
          if (c === d || c === LF || c === CR) break;
        }
        fields.push(t.slice(p, e));
      }
      p = e;
      if (p >= n) {
        this.pos = n;
        return fields;
      }
      c = t.charCodeAt(p);
      if (c === d) {
        p++;
        continue;
      }
      p += c === CR && t.charCodeAt(p + 1) === LF ? 2 : 1;
      this.pos = p;
      return fields;
    }
  }
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

class CsvSheet implements Sheet {
  readonly merges: Merge[] = [];

  constructor(
    readonly name: string,
    private readonly text: string,
    private readonly label: string,
  ) {}

  /** Parses the text afresh on each call, lazily: the text is kept, parsed rows are not. */
  rows(): Iterable<SheetRow> {
    const { text, label } = this;
    return (function* () {
      const reader = new CsvRecordReader(text, guessDelimiter(text));
      // Excel numbers CSV records, not physical lines, so a quoted multi-line field is one row.
      let row = 0;
      for (;;) {
        let rec: string[] | null;
        try {
          rec = reader.next();
        } catch (e) {
          if (!(e instanceof CsvQuoteError)) throw e;
          throw new SheetFormatError(
            'corrupt',
            `CSV 文件“${label}”第 ${e.line} 行有一个引号没有配对，后面的内容无法正确分列。请在 Excel/WPS 中打开检查后另存为 .xlsx 再导入。`,
            { cause: e },
          );
        }
        if (rec === null) return;
        row++;
        let end = rec.length;
        while (end > 0 && rec[end - 1] === '') end--;
        const cells: CellValue[] = new Array<CellValue>(end);
        for (let j = 0; j < end; j++) {
          const v = rec[j]!;
          cells[j] = v === '' ? null : v;
        }
        yield { row, cells };
      }
    })();
  }
}

export function readCsv(buf: Buffer, label: string, sheetName: string): Workbook {
  const { text, encoding } = decodeCsvText(buf, label);
  if (text.trim() === '') throw new SheetFormatError('empty', `文件“${label}”是空的，没有任何内容。`);
  return { format: 'csv', encoding, sheets: [new CsvSheet(sheetName, text, label)] };
}
