import { MAX_CELL_CHARS } from './limits.js';

/**
 * A pull scanner over the raw bytes of an XML part. It only finds tags and text ranges; strings
 * are decoded when a value is actually needed, which is what makes reading a 55 MB sheet cheap.
 * Namespace prefixes are ignored (`<x:row>` is a `row`), as some generators write them.
 */
export const LT = 0x3c;
export const GT = 0x3e;
const SLASH = 0x2f;
const QUOT = 0x22;
const APOS = 0x27;
const EQ = 0x3d;
const COLON = 0x3a;
const BANG = 0x21;
const QMARK = 0x3f;

export class XmlMalformed extends Error {}

/** A cell's text longer than Excel allows (MAX_CELL_CHARS); xlsx.ts names the sheet and row. */
export class XmlTextTooLong extends XmlMalformed {
  constructor() {
    super(`单元格文字超过 ${MAX_CELL_CHARS} 个字符（Excel 单元格的上限）`);
  }
}

/**
 * Text longer than this many bytes is refused before it is decoded: a cell at the limit needs at
 * most 10 bytes per character (&#1114111; or _xFFFF_ escapes), so nothing Excel wrote is this long,
 * and a crafted one never becomes a string (V8 cannot create one over about 512 million characters).
 */
const MAX_CELL_BYTES = 1024 * 1024;

/** Throws XmlTextTooLong for text over Excel's cell limit; returns it otherwise. */
export function checkCellText(s: string): string {
  if (s.length > MAX_CELL_CHARS) throw new XmlTextTooLong();
  return s;
}

export class XmlScanner {
  readonly buf: Buffer;
  readonly len: number;
  pos: number;
  /** Set by next(): the last tag read. */
  isEnd = false;
  selfClosing = false;
  nameStart = 0;
  nameEnd = 0;
  attrStart = 0;
  attrEnd = 0;
  /** Set by textRange(). */
  textStart = 0;
  textEnd = 0;

  constructor(buf: Buffer, pos = 0, end = buf.length) {
    this.buf = buf;
    this.pos = pos;
    this.len = end;
  }

  /** Moves to the next start or end tag, skipping text, comments, CDATA and processing instructions. */
  next(): boolean {
    const b = this.buf;
    const len = this.len;
    let p = this.pos;
    for (;;) {
      while (p < len && b[p] !== LT) p++;
      if (p >= len) {
        this.pos = len;
        return false;
      }
      const c = b[p + 1];
      if (c === BANG || c === QMARK) {
        p = this.skipMarkup(p);
        continue;
      }
      let q = p + 1;
      let isEnd = false;
      if (c === SLASH) {
        isEnd = true;
        q++;
      }
      let ns = q;
      while (q < len) {
        const ch = b[q]!;
        if (ch === GT || ch === SLASH || ch <= 0x20) break;
        if (ch === COLON) ns = q + 1;
        q++;
      }
      this.nameStart = ns;
      this.nameEnd = q;
      this.attrStart = q;
      // Attribute values may legally contain '>', so quotes are tracked to find the tag's end.
      while (q < len) {
        const ch = b[q];
        if (ch === GT) break;
        if (ch === QUOT || ch === APOS) {
          q++;
          while (q < len && b[q] !== ch) q++;
        }
        q++;
      }
      if (q >= len) throw new XmlMalformed('XML 标签不完整');
      this.isEnd = isEnd;
      const sc = b[q - 1] === SLASH && q - 1 >= this.nameEnd;
      this.selfClosing = sc;
      this.attrEnd = sc ? q - 1 : q;
      this.pos = q + 1;
      return true;
    }
  }

  private skipMarkup(p: number): number {
    const b = this.buf;
    let close: string;
    let from: number;
    if (b[p + 1] === QMARK) [close, from] = ['?>', p + 2];
    else if (b[p + 2] === 0x2d && b[p + 3] === 0x2d) [close, from] = ['-->', p + 4];
    else if (b[p + 2] === 0x5b)
      [close, from] = [']]>', p + 3]; // <![CDATA[
    else [close, from] = ['>', p + 2]; // <!DOCTYPE ...> (xlsx writers use no internal subsets)
    const i = indexOfSeq(b, close, from, this.len);
    if (i < 0) throw new XmlMalformed('XML 注释或声明不完整');
    return i + close.length;
  }

  /** Local name of the last tag equals `name` (ASCII). */
  is(name: string): boolean {
    const n = this.nameEnd - this.nameStart;
    if (n !== name.length) return false;
    const b = this.buf;
    for (let i = 0; i < n; i++) if (b[this.nameStart + i] !== name.charCodeAt(i)) return false;
    return true;
  }

  /** The last tag was a one-letter element `ch` (char code). */
  is1(ch: number): boolean {
    return this.nameEnd - this.nameStart === 1 && this.buf[this.nameStart] === ch;
  }

  /** Skips the rest of an element whose start tag was just read. */
  skipElement(): void {
    if (this.selfClosing || this.isEnd) return;
    let depth = 1;
    while (this.next()) {
      if (this.isEnd) {
        if (--depth === 0) return;
      } else if (!this.selfClosing) depth++;
    }
    throw new XmlMalformed('XML 元素没有结束');
  }

  /**
   * After a non-self-closing start tag: if the element holds plain text only, sets
   * textStart/textEnd, consumes the end tag and returns true. Otherwise (CDATA, comments, child
   * elements) leaves the position alone and returns false; use readText() then.
   */
  textRange(): boolean {
    const b = this.buf;
    const len = this.len;
    let p = this.pos;
    while (p < len && b[p] !== LT) p++;
    if (b[p + 1] !== SLASH) return false;
    this.textStart = this.pos;
    this.textEnd = p;
    this.pos = p;
    this.next();
    return true;
  }

  /** After a non-self-closing start tag: the element's direct text (CDATA included), decoded; consumes the end tag. */
  readText(): string {
    if (this.textRange()) return decodeXmlText(this.buf, this.textStart, this.textEnd);
    const b = this.buf;
    let out = '';
    let depth = 0;
    let p = this.pos;
    for (;;) {
      const lt = b.indexOf(LT, p);
      if (lt < 0 || lt >= this.len) throw new XmlMalformed('XML 文本没有结束');
      if (depth === 0 && lt > p) out = checkCellText(out + decodeXmlText(b, p, lt));
      if (b[lt + 1] === BANG && b[lt + 2] === 0x5b) {
        const end = indexOfSeq(b, ']]>', lt + 9, this.len);
        if (end < 0) throw new XmlMalformed('XML CDATA 段没有结束');
        if (depth === 0) {
          if (end - (lt + 9) > MAX_CELL_BYTES) throw new XmlTextTooLong();
          out = checkCellText(out + b.toString('utf8', lt + 9, end));
        }
        p = end + 3;
        continue;
      }
      if (b[lt + 1] === BANG || b[lt + 1] === QMARK) {
        p = this.skipMarkup(lt); // a comment inside the text: the text goes on after it
        continue;
      }
      this.pos = lt;
      this.next();
      p = this.pos;
      if (this.isEnd) {
        if (depth === 0) return out;
        depth--;
      } else if (!this.selfClosing) depth++;
    }
  }

  /** Value of attribute `name` (local name, ASCII) on the last tag, decoded; undefined if absent. */
  attr(name: string): string | undefined {
    const r = this.attrRange(name);
    return r < 0 ? undefined : decodeAttr(this.buf, r, this.textEnd);
  }

  /** Finds attribute `name`: returns the value's start and sets textEnd, or -1. */
  attrRange(name: string): number {
    const b = this.buf;
    let p = this.attrStart;
    const e = this.attrEnd;
    while (p < e) {
      while (p < e && b[p]! <= 0x20) p++;
      if (p >= e) break;
      let ns = p;
      while (p < e && b[p] !== EQ && b[p]! > 0x20) {
        if (b[p] === COLON) ns = p + 1;
        p++;
      }
      const ne = p;
      while (p < e && b[p] !== QUOT && b[p] !== APOS) p++;
      const quote = b[p];
      const vs = ++p;
      while (p < e && b[p] !== quote) p++;
      const ve = p++;
      if (ne - ns === name.length) {
        let ok = true;
        for (let i = 0; i < name.length; i++) {
          if (b[ns + i] !== name.charCodeAt(i)) {
            ok = false;
            break;
          }
        }
        if (ok) {
          this.textEnd = ve;
          return vs;
        }
      }
    }
    return -1;
  }
}

export function indexOfSeq(b: Buffer, seq: string, from: number, end: number): number {
  const i = b.indexOf(seq, from, 'latin1');
  return i < 0 || i + seq.length > end ? -1 : i;
}

const ENTITY = /&(?:#[xX]([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
// Excel escapes characters XML cannot carry (and a literal "_x" sequence as _x005F_) this way.
const OOXML_ESCAPE = /_x([0-9a-fA-F]{4})_/g;

function replaceEntity(m: string, hex: string | undefined, dec: string | undefined, name: string | undefined): string {
  if (name !== undefined) return NAMED[name]!;
  const cp = hex !== undefined ? parseInt(hex, 16) : parseInt(dec!, 10);
  return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
}

export function decodeEntities(s: string): string {
  return s.includes('&') ? s.replace(ENTITY, replaceEntity) : s;
}

/** Decodes text content: UTF-8, entities, XML line-end normalisation and OOXML _xHHHH_ escapes. */
export function decodeXmlText(b: Buffer, s: number, e: number): string {
  if (e - s > MAX_CELL_BYTES) throw new XmlTextTooLong();
  let str = b.toString('utf8', s, e);
  if (str.includes('\r')) str = str.replace(/\r\n?/g, '\n');
  if (str.includes('&')) str = str.replace(ENTITY, replaceEntity);
  if (str.includes('_x')) str = str.replace(OOXML_ESCAPE, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  return str.length > MAX_CELL_CHARS ? checkCellText(str) : str;
}

/** Decodes an attribute value read by attr(): entities only (sheet names, format codes, paths). */
export function decodeAttr(b: Buffer, s: number, e: number): string {
  return decodeEntities(b.toString('utf8', s, e));
}
