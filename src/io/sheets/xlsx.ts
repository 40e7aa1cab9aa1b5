import { isBuiltinDateFormat, isDateFormatCode, normaliseIsoDate, serialToIso } from './dates.js';
import { SheetFormatError } from './types.js';
import type { CellValue, Merge, Sheet, SheetRow, Workbook } from './types.js';
import { columnLetter as columnName } from './columns.js';
import { MAX_CELL_CHARS, type InflateLimits } from './limits.js';
import { checkCellText, decodeXmlText, GT, LT, XmlMalformed, XmlScanner, XmlTextTooLong } from './xml.js';
import { ZipArchive } from './zip.js';
import type { ZipEntry } from './zip.js';

/** What every sheet of one workbook needs to turn raw cells into values. */
interface CellContext {
  sharedStrings: (string | null)[];
  /** Indexed by a cell's s attribute (cellXfs index): 1 when its number format shows a date. */
  dateStyles: Uint8Array;
  date1904: boolean;
}

const CH_c = 0x63;
const CH_v = 0x76;
const CH_t = 0x74;
const CH_r = 0x72;
const CH_s = 0x73;
const CH_f = 0x66;

const T_NUMBER = 0;
const T_SHARED = 1;
const T_STR = 2;
const T_INLINE = 3;
const T_BOOL = 4;
const T_ERROR = 5;
const T_DATE = 6;

const POW10: number[] = [];
for (let i = 0; i <= 22; i++) POW10.push(10 ** i);

/**
 * Numbers are parsed straight from the bytes. When the digits form an integer m < 2^53 and there
 * are at most 22 decimals, m / 10^k is one correctly rounded IEEE division, i.e. exactly what
 * Number() gives; everything else (exponents, 16+ digit integers like ID numbers) uses Number().
 */
function parseNumber(b: Buffer, s: number, e: number): number {
  let i = s;
  let neg = false;
  if (b[i] === 0x2d) {
    neg = true;
    i++;
  }
  let m = 0;
  let digits = 0;
  let frac = -1;
  for (; i < e; i++) {
    const d = b[i]! - 0x30;
    if (d >= 0 && d <= 9) {
      m = m * 10 + d;
      digits++;
      if (frac >= 0) frac++;
    } else if (d === -2 && frac < 0) frac = 0;
    else break;
  }
  if (i === e && digits > 0 && m <= Number.MAX_SAFE_INTEGER && frac <= 22) {
    const v = frac > 0 ? m / POW10[frac]! : m;
    return neg ? -v : v;
  }
  const text = b.toString('latin1', s, e).trim();
  return text === '' ? NaN : Number(text);
}

function parseUint(b: Buffer, s: number, e: number): number {
  if (s >= e) return -1;
  let n = 0;
  for (let i = s; i < e; i++) {
    const d = b[i]! - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Concatenated text of the <t> runs of an <si> or <is> (rich text included), without <rPh> phonetics. */
function readRichText(x: XmlScanner): string {
  let out = '';
  let depth = 0;
  while (x.next()) {
    if (x.isEnd) {
      if (depth === 0) return out;
      depth--;
    } else if (x.is1(CH_t)) {
      if (!x.selfClosing) out = checkCellText(out + x.readText());
    } else if (x.is('rPh')) {
      x.skipElement();
    } else if (!x.selfClosing) depth++;
  }
  throw new XmlMalformed('字符串没有结束');
}

export function parseSharedStrings(xml: Buffer): (string | null)[] {
  const x = new XmlScanner(xml);
  const out: (string | null)[] = [];
  while (x.next()) {
    if (!x.isEnd && x.is('si')) {
      const s = x.selfClosing ? '' : readRichText(x);
      out.push(s === '' ? null : s);
    }
  }
  return out;
}

export function parseDateStyles(xml: Buffer): Uint8Array {
  const x = new XmlScanner(xml);
  const custom = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  while (x.next()) {
    if (x.isEnd) {
      if (x.is('cellXfs')) inCellXfs = false;
      continue;
    }
    if (x.is('numFmt')) {
      const id = Number(x.attr('numFmtId'));
      const code = x.attr('formatCode');
      if (Number.isInteger(id) && code !== undefined) custom.set(id, code);
    } else if (x.is('cellXfs')) {
      inCellXfs = !x.selfClosing;
    } else if (inCellXfs && x.is('xf')) {
      xfFormats.push(Number(x.attr('numFmtId') ?? 0));
      x.skipElement();
    }
  }
  const out = new Uint8Array(xfFormats.length);
  xfFormats.forEach((id, i) => {
    const code = custom.get(id);
    // A workbook may redefine a built-in id (Chinese Excel writes numFmtId 14 as "yyyy/m/d").
    out[i] = (code !== undefined ? isDateFormatCode(code) : isBuiltinDateFormat(id)) ? 1 : 0;
  });
  return out;
}

/** Reads rows of one sheet's XML on demand. */
class SheetRowReader {
  private readonly x: XmlScanner;
  private done = false;
  /** The row being read (or last read): named when its text is refused. */
  lastRow = 0;
  // Attributes of the cell being read (set by readCellAttrs / fastCellAttrs).
  private cCol = -1;
  private cType = T_NUMBER;
  private cStyle = 0;
  private cSelfClosing = false;
  /** The cell being read holds a formula (<f>). */
  private cFormula = false;
  /** Reused between rows; each row gets an exact-size copy, which keeps allocation (and GC) low. */
  private scratch: CellValue[] = [];

  constructor(
    xml: Buffer,
    private readonly ctx: CellContext,
  ) {
    this.x = new XmlScanner(xml);
    const x = this.x;
    while (x.next()) {
      if (!x.isEnd && x.is('sheetData')) {
        this.done = x.selfClosing;
        return;
      }
    }
    this.done = true;
  }

  readRow(): SheetRow | null {
    if (this.done) return null;
    const x = this.x;
    while (x.next()) {
      if (x.isEnd) {
        if (x.is('sheetData')) {
          this.done = true;
          return null;
        }
        continue;
      }
      if (x.is('row')) return this.parseRow();
      x.skipElement();
    }
    // Running out of XML before </sheetData> would silently drop rows; say so instead.
    throw new XmlMalformed('工作表数据没有结束，文件可能被截断');
  }

  private parseRow(): SheetRow {
    const x = this.x;
    const b = x.buf;
    const len = x.len;
    let rowNum = this.lastRow + 1;
    const rs = x.attrRange('r');
    if (rs >= 0) {
      const n = parseUint(b, rs, x.textEnd);
      if (n > 0) rowNum = n;
    }
    this.lastRow = rowNum;
    if (x.selfClosing) return { row: rowNum, cells: [] };
    const cells = this.scratch;
    let n = 0;
    let col = -1;
    let noValue: number[] | null = null;
    for (;;) {
      let v: CellValue;
      this.cFormula = false;
      let p = x.pos;
      while (p < len && b[p]! <= 0x20) p++;
      if (b[p] === LT && b[p + 1] === CH_c && b[p + 2]! <= 0x20) {
        // Fast path for the shape every mainstream writer uses: <c ...><v>text</v></c>, no prefixes.
        p = this.fastCellAttrs(p + 3);
        col = this.cCol >= 0 ? this.cCol : col + 1;
        if (this.cSelfClosing) {
          x.pos = p;
          continue;
        }
        if (b[p] === LT && b[p + 1] === CH_v && b[p + 2] === GT) {
          const vs = p + 3;
          let q = vs;
          while (q < len && b[q] !== LT) q++;
          if (b[q + 1] === 0x2f && b[q + 2] === CH_v && b[q + 3] === GT && b[q + 4] === LT && b[q + 5] === 0x2f && b[q + 6] === CH_c && b[q + 7] === GT) {
            x.pos = q + 8;
            v = this.convert(b, vs, q, null, null, rowNum, col);
          } else {
            x.pos = p;
            v = this.readCellValue(rowNum, col);
          }
        } else {
          x.pos = p;
          v = this.readCellValue(rowNum, col);
        }
      } else {
        if (!x.next()) throw new XmlMalformed('行没有结束，文件可能被截断');
        if (x.isEnd) {
          if (x.is('row')) break;
          continue;
        }
        if (!x.is1(CH_c)) {
          x.skipElement();
          continue;
        }
        this.readCellAttrs();
        col = this.cCol >= 0 ? this.cCol : col + 1;
        if (x.selfClosing) continue;
        v = this.readCellValue(rowNum, col);
      }
      if (v === null) {
        // A formula whose file holds no computed value: not a blank, the value is unknown.
        if (this.cFormula) (noValue ??= []).push(col);
        continue;
      }
      if (col >= n) {
        while (n < col) cells[n++] = null;
        cells[n++] = v;
      } else cells[col] = v;
    }
    const row: SheetRow = { row: rowNum, cells: cells.slice(0, n) };
    if (noValue !== null) row.formulasWithoutValue = noValue;
    return row;
  }

  /** Attributes of <c> read in the same pass that finds the tag's end; returns the position after it. */
  private fastCellAttrs(p: number): number {
    const b = this.x.buf;
    const len = this.x.len;
    this.cCol = -1;
    this.cType = T_NUMBER;
    this.cStyle = 0;
    for (;;) {
      while (p < len && b[p]! <= 0x20) p++;
      const c = b[p];
      if (c === GT) {
        this.cSelfClosing = false;
        return p + 1;
      }
      if (c === 0x2f && b[p + 1] === GT) {
        this.cSelfClosing = true;
        return p + 2;
      }
      if (p >= len) throw new XmlMalformed('单元格没有结束，文件可能被截断');
      const ns = p;
      while (p < len && b[p] !== 0x3d && b[p]! > 0x20) p++;
      const nameLen = p - ns;
      while (p < len && b[p] !== 0x22 && b[p] !== 0x27) p++;
      const quote = b[p];
      const vs = ++p;
      while (p < len && b[p] !== quote) p++;
      if (p >= len) throw new XmlMalformed('单元格没有结束，文件可能被截断');
      const ve = p++;
      if (nameLen === 1) this.cellAttr(b[ns]!, vs, ve);
    }
  }

  /** Generic-path counterpart of fastCellAttrs, over the attribute range the scanner found. */
  private readCellAttrs(): void {
    const x = this.x;
    const b = x.buf;
    let p = x.attrStart;
    const e = x.attrEnd;
    this.cCol = -1;
    this.cType = T_NUMBER;
    this.cStyle = 0;
    while (p < e) {
      while (p < e && b[p]! <= 0x20) p++;
      if (p >= e) break;
      let ns = p;
      while (p < e && b[p] !== 0x3d && b[p]! > 0x20) {
        if (b[p] === 0x3a) ns = p + 1;
        p++;
      }
      const nameLen = p - ns;
      while (p < e && b[p] !== 0x22 && b[p] !== 0x27) p++;
      const quote = b[p];
      const vs = ++p;
      while (p < e && b[p] !== quote) p++;
      const ve = p++;
      if (nameLen === 1) this.cellAttr(b[ns]!, vs, ve);
    }
  }

  private cellAttr(name: number, vs: number, ve: number): void {
    const b = this.x.buf;
    if (name === CH_r) {
      // Only the column letters matter: the row number comes from <row>.
      let c = 0;
      for (let i = vs; i < ve; i++) {
        const ch = b[i]! | 0x20;
        if (ch < 0x61 || ch > 0x7a) break;
        c = c * 26 + (ch - 0x60);
      }
      if (c > 0) this.cCol = c - 1;
    } else if (name === CH_t) {
      const n = ve - vs;
      const f = b[vs];
      if (n === 1) {
        this.cType = f === CH_s ? T_SHARED : f === 0x62 ? T_BOOL : f === 0x65 ? T_ERROR : f === 0x64 ? T_DATE : T_NUMBER;
      } else if (n === 3 && f === CH_s) this.cType = T_STR;
      else if (n === 9 && f === 0x69) this.cType = T_INLINE;
    } else if (name === CH_s) {
      const s = parseUint(b, vs, ve);
      if (s > 0) this.cStyle = s;
    }
  }

  /** Children of a <c> whose start tag was just read, up to and including </c>. */
  private readCellValue(rowNum: number, col: number): CellValue {
    const x = this.x;
    let vs = -1;
    let ve = -1;
    let vText: string | null = null;
    let inline: string | null = null;
    while (x.next()) {
      if (x.isEnd) return this.convert(x.buf, vs, ve, vText, inline, rowNum, col);
      if (x.is1(CH_v)) {
        if (x.selfClosing) vs = ve = 0;
        else if (x.textRange()) {
          vs = x.textStart;
          ve = x.textEnd;
        } else vText = x.readText();
      } else if (x.is('is')) {
        inline = x.selfClosing ? '' : readRichText(x);
      } else {
        if (x.is1(CH_f)) this.cFormula = true;
        x.skipElement();
      }
    }
    throw new XmlMalformed('单元格没有结束，文件可能被截断');
  }

  /** The cell's value from its <v> bytes [vs, ve) (or already decoded vText) and inline string. */
  private convert(b: Buffer, vs: number, ve: number, vText: string | null, inline: string | null, rowNum: number, col: number): CellValue {
    const type = this.cType;
    if (type === T_INLINE || inline !== null) {
      const s = inline ?? vText ?? (vs >= 0 ? decodeXmlText(b, vs, ve) : '');
      return s === '' ? null : s;
    }
    if (vs < 0 && vText === null) return null;
    switch (type) {
      case T_SHARED: {
        const i = vText !== null ? Number(vText) : parseUint(b, vs, ve);
        const s = this.ctx.sharedStrings[i];
        if (s === undefined) {
          throw new XmlMalformed(`单元格 ${columnName(col)}${rowNum} 引用的共享字符串 ${vText ?? b.toString('latin1', vs, ve)} 不存在`);
        }
        return s;
      }
      case T_NUMBER: {
        const n = vText !== null ? (vText.trim() === '' ? NaN : Number(vText)) : parseNumber(b, vs, ve);
        if (Number.isNaN(n)) {
          const s = vText ?? decodeXmlText(b, vs, ve);
          return s === '' ? null : s;
        }
        const ds = this.ctx.dateStyles;
        if (this.cStyle < ds.length && ds[this.cStyle] === 1) return serialToIso(n, this.ctx.date1904) ?? n;
        return n;
      }
      case T_BOOL: {
        const s = vText ?? b.toString('latin1', vs, ve);
        return s === '1' || s === 'true' ? true : s === '0' || s === 'false' ? false : s === '' ? null : s;
      }
      case T_DATE: {
        const s = vText ?? decodeXmlText(b, vs, ve);
        return s === '' ? null : normaliseIsoDate(s);
      }
      default: {
        const s = vText ?? decodeXmlText(b, vs, ve);
        return s === '' ? null : s;
      }
    }
  }
}

const MERGE_REF = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/;

function letters(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) n = n * 26 + ((s.charCodeAt(i) | 0x20) - 0x60);
  return n - 1;
}

export function parseMergeRef(ref: string): Merge | null {
  const m = MERGE_REF.exec(ref.trim());
  if (!m) return null;
  const c1 = letters(m[1]!);
  const r1 = Number(m[2]);
  const c2 = m[3] !== undefined ? letters(m[3]) : c1;
  const r2 = m[4] !== undefined ? Number(m[4]) : r1;
  return { top: Math.min(r1, r2), bottom: Math.max(r1, r2), left: Math.min(c1, c2), right: Math.max(c1, c2) };
}

function parseMerges(xml: Buffer): Merge[] {
  // mergeCells follows sheetData, so start at the last mention of sheetData (its end tag).
  const from = xml.lastIndexOf('sheetData', undefined, 'latin1');
  const x = new XmlScanner(xml, Math.max(0, from));
  const out: Merge[] = [];
  while (x.next()) {
    if (!x.isEnd && x.is('mergeCell')) {
      const m = parseMergeRef(x.attr('ref') ?? '');
      if (m) out.push(m);
    }
  }
  return out;
}

class XlsxSheet implements Sheet {
  private xml: Buffer | undefined;
  private mergeList: Merge[] | undefined;

  constructor(
    readonly name: string,
    readonly hidden: boolean,
    private readonly zip: ZipArchive,
    private readonly entry: ZipEntry,
    private readonly ctx: CellContext,
    private readonly fileLabel: string,
  ) {}

  /** Inflated once and kept (off the JS heap), so rows() can be called again without unzipping. */
  private load(): Buffer {
    this.xml ??= this.zip.read(this.entry);
    return this.xml;
  }

  private corrupt(e: unknown, row?: number): unknown {
    if (e instanceof XmlTextTooLong) {
      const where = row !== undefined && row > 0 ? `第 ${row} 行` : '';
      return new SheetFormatError(
        'too-large',
        `文件“${this.fileLabel}”的工作表“${this.name}”${where}有单元格的文字超过 ${MAX_CELL_CHARS} 个字符（Excel 单元格的上限），不是 Excel/WPS 能保存的内容，已拒绝读取。请检查该单元格后重新保存为 .xlsx 再导入。`,
        { cause: e },
      );
    }
    if (isSizeRangeError(e)) return tooBig(this.fileLabel, `工作表“${this.name}”`, e);
    if (!(e instanceof XmlMalformed)) return e;
    return new SheetFormatError(
      'corrupt',
      `文件“${this.fileLabel}”的工作表“${this.name}”内容已损坏，无法读取（${e.message}）。请在 Excel/WPS 中打开后重新保存为 .xlsx 再导入。`,
      { cause: e },
    );
  }

  rows(): Iterable<SheetRow> {
    return {
      [Symbol.iterator]: () => {
        let reader: SheetRowReader;
        try {
          reader = new SheetRowReader(this.load(), this.ctx);
        } catch (e) {
          throw this.corrupt(e);
        }
        const it: IterableIterator<SheetRow> = {
          next: (): IteratorResult<SheetRow> => {
            let row: SheetRow | null;
            try {
              row = reader.readRow();
            } catch (e) {
              throw this.corrupt(e, reader.lastRow);
            }
            return row === null ? { done: true, value: undefined } : { done: false, value: row };
          },
          [Symbol.iterator]: () => it,
        };
        return it;
      },
    };
  }

  get merges(): Merge[] {
    if (this.mergeList === undefined) {
      try {
        this.mergeList = parseMerges(this.load());
      } catch (e) {
        throw this.corrupt(e);
      }
    }
    return this.mergeList;
  }
}

interface Relationship {
  type: string;
  target: string;
}

function parseRels(xml: Buffer | undefined, baseDir: string): Map<string, Relationship> {
  const out = new Map<string, Relationship>();
  if (!xml) return out;
  const x = new XmlScanner(xml);
  while (x.next()) {
    if (x.isEnd || !x.is('Relationship')) continue;
    const id = x.attr('Id');
    const target = x.attr('Target');
    if (id === undefined || target === undefined || x.attr('TargetMode') === 'External') continue;
    out.set(id, { type: x.attr('Type') ?? '', target: resolvePart(baseDir, target) });
  }
  return out;
}

/** Resolves a relationship target against the folder of the part that owns the relationship. */
function resolvePart(baseDir: string, target: string): string {
  const t = target.replace(/\\/g, '/');
  const parts = (t.startsWith('/') ? t.slice(1) : baseDir + t).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

function relsPathOf(part: string): { dir: string; rels: string } {
  const slash = part.lastIndexOf('/');
  const dir = part.slice(0, slash + 1);
  return { dir, rels: `${dir}_rels/${part.slice(slash + 1)}.rels` };
}

function notSpreadsheetZip(zip: ZipArchive, label: string): SheetFormatError {
  let what = '是一个 zip 压缩包，不是电子表格';
  if (zip.has('word/document.xml')) what = '是 Word 文档，不是电子表格';
  else if (zip.has('ppt/presentation.xml')) what = '是 PowerPoint 演示文稿，不是电子表格';
  else if (zip.has('xl/workbook.bin')) what = '是 Excel 二进制工作簿（.xlsb），暂不支持。请在 Excel 中另存为 .xlsx 后再导入';
  else {
    const mime = zip.readByName('mimetype')?.toString('latin1') ?? '';
    if (mime.includes('opendocument.spreadsheet')) what = '是 OpenDocument 表格（.ods），暂不支持。请在 WPS/Excel 中另存为 .xlsx 后再导入';
    else if (mime.includes('opendocument')) what = '是 OpenDocument 文档，不是电子表格';
  }
  return new SheetFormatError('not-spreadsheet', `文件“${label}”${what}。`);
}

/**
 * V8 and Node refuse strings and buffers past their limits with RangeErrors whose English text
 * ("Cannot create a string longer than ...", "Invalid string length", "Array buffer allocation
 * failed") means nothing to the user; the limits above keep them from happening, and this is the
 * backstop if an administrator raises the limits too far.
 */
function isSizeRangeError(e: unknown): e is RangeError {
  return (
    e instanceof RangeError &&
    /string longer than|Invalid string length|Invalid array length|allocation failed|Buffer larger than|ERR_STRING_TOO_LONG/i.test(
      `${e.message} ${(e as { code?: string }).code ?? ''}`,
    )
  );
}

function tooBig(label: string, what: string, cause: unknown): SheetFormatError {
  return new SheetFormatError('too-large', `文件“${label}”的${what}内容过大，超出了一次能读取的范围，已拒绝读取。请删去无关的工作表或按乡镇拆分后分别导入。`, {
    cause,
  });
}

/** Runs a parse step, turning malformed XML into a user-facing error that names the part. */
function inPart<T>(label: string, part: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof XmlTextTooLong) {
      throw new SheetFormatError(
        'too-large',
        `文件“${label}”的“${part}”中有一段文字超过 ${MAX_CELL_CHARS} 个字符（Excel 单元格的上限），不是 Excel/WPS 能保存的内容，已拒绝读取。请在 Excel/WPS 中打开检查后重新保存为 .xlsx 再导入。`,
        { cause: e },
      );
    }
    if (isSizeRangeError(e)) throw tooBig(label, `“${part}”`, e);
    if (!(e instanceof XmlMalformed)) throw e;
    throw new SheetFormatError('corrupt', `文件“${label}”已损坏，无法读取（${part}：${e.message}）。请在 Excel/WPS 中打开后重新保存为 .xlsx 再导入。`, {
      cause: e,
    });
  }
}

export function readXlsx(buf: Buffer, label: string, limits?: InflateLimits): Workbook {
  const zip = new ZipArchive(buf, label, limits);
  let part = 'xl/workbook.xml';
  const rootRels = inPart(label, '_rels/.rels', () => parseRels(zip.readByName('_rels/.rels'), ''));
  for (const r of rootRels.values()) {
    if (r.type.endsWith('/officeDocument') && zip.has(r.target)) part = r.target;
  }
  const wbEntry = zip.find(part);
  if (!wbEntry) throw notSpreadsheetZip(zip, label);
  const { dir, rels: relsPath } = relsPathOf(wbEntry.name);
  const rels = inPart(label, relsPath, () => parseRels(zip.readByName(relsPath), dir));

  let sharedPath = `${dir}sharedStrings.xml`;
  let stylesPath = `${dir}styles.xml`;
  for (const r of rels.values()) {
    if (r.type.endsWith('/sharedStrings')) sharedPath = r.target;
    else if (r.type.endsWith('/styles')) stylesPath = r.target;
  }
  const sharedXml = zip.readByName(sharedPath);
  const stylesXml = zip.readByName(stylesPath);
  const ctx: CellContext = {
    sharedStrings: sharedXml ? inPart(label, sharedPath, () => parseSharedStrings(sharedXml)) : [],
    dateStyles: stylesXml ? inPart(label, stylesPath, () => parseDateStyles(stylesXml)) : new Uint8Array(0),
    date1904: false,
  };

  const wbXml = zip.read(wbEntry);
  const sheets: Sheet[] = [];
  inPart(label, wbEntry.name, () => {
    const x = new XmlScanner(wbXml);
    while (x.next()) {
      if (x.isEnd) continue;
      if (x.is('workbookPr')) {
        const v = x.attr('date1904');
        ctx.date1904 = v === '1' || v === 'true';
      } else if (x.is('sheet')) {
        const name = x.attr('name') ?? `Sheet${sheets.length + 1}`;
        const state = x.attr('state');
        const rel = rels.get(x.attr('id') ?? '');
        if (!rel) {
          throw new SheetFormatError('corrupt', `文件“${label}”已损坏：工作表“${name}”没有对应的内容。请在 Excel/WPS 中打开后重新保存为 .xlsx 再导入。`);
        }
        // Chart sheets and dialog sheets hold no cells.
        if (/\/(chartsheet|dialogsheet)$/.test(rel.type)) continue;
        const entry = zip.find(rel.target);
        if (!entry) {
          throw new SheetFormatError(
            'corrupt',
            `文件“${label}”已损坏：找不到工作表“${name}”的内容（${rel.target}）。请在 Excel/WPS 中打开后重新保存为 .xlsx 再导入。`,
          );
        }
        sheets.push(new XlsxSheet(name, state === 'hidden' || state === 'veryHidden', zip, entry, ctx, label));
      }
    }
  });
  return { format: 'xlsx', sheets };
}
