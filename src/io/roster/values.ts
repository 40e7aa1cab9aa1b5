/**
 * Cell readers for the roster columns. They run once per cell of a county-sized roster (millions
 * of calls), so each is a plain function with hoisted regular expressions and a fast path for
 * the common shape (a number cell, ISO date text, a short label).
 *
 * Contract: `null` = the cell is empty (keep the default / carry the household value);
 * `undefined` = the cell holds something this column cannot accept (the caller reports it).
 */
import { parseIdNumber } from '../../domain/idNumber.js';
import type { IdResult } from '../../domain/idNumber.js';
import { isKnownProvincePrefix } from '../../domain/regionCodes.js';
import { serialToIso } from '../sheets/dates.js';
import type { CellValue } from '../sheets/types.js';

export type Reader<T> = (v: CellValue) => T | null | undefined;

/** Placeholders people type into a cell that has nothing to say. */
const EMPTY_WORDS = new Set(['-', '—', '–', '--', '——', '/', '\\', '／', '无', '空']);

export function readText(v: CellValue): string | null {
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? null : t;
  }
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  return null;
}

/** The digit count of a safe integer (no sign). */
function digits(n: number): number {
  return n === 0 ? 1 : Math.floor(Math.log10(Math.abs(n))) + 1;
}

/**
 * Identifiers (户编号, 人编号, 任务编号). A number cell is accepted only while Excel still holds
 * every digit (at most 15); past that the tail is already zeros and no key can be trusted.
 */
export function readKey(v: CellValue): string | null | undefined {
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0 || digits(v) > 15) return undefined;
    return String(v);
  }
  const t = readText(v);
  if (t === null) return null;
  return t.charCodeAt(0) === 0x27 ? t.slice(1).trim() || null : t; // Excel's "store as text" apostrophe
}

/** Phone numbers and bank accounts: text. Long number cells lose digits, so they are refused. */
export function readPhone(v: CellValue): string | null | undefined {
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0 || digits(v) > 15) return undefined;
    return String(v);
  }
  const t = readText(v);
  if (t === null) return null;
  return t.charCodeAt(0) === 0x27 ? t.slice(1).trim() || null : t;
}

const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;
const FULL_WIDTH_NUM = /[\uff10-\uff19\uff0e\uff0c\uff0b\uff0d\uff05]/gu;
const NUMBER_NOISE = /[,\s\u3000\u00a0]/gu;
/** Units people type after an amount; the column header already says which. */
const TRAILING_UNIT = /(?:元|万元|亩|平方米|平米|㎡|m2|公里|千米|km|里|米|分钟|分|小时|升|l|%|个月|月|人|口)$/iu;

function foldNumber(ch: string): string {
  return String.fromCharCode(ch.charCodeAt(0) - 0xfee0);
}

/** Text that is a number once thousands separators, full-width digits and a unit are removed. */
function numberFromText(s: string): number | null | undefined {
  const t = s.trim();
  if (t === '') return null;
  if (PLAIN_NUMBER.test(t)) return Number(t);
  if (EMPTY_WORDS.has(t)) return null;
  let u = t.replace(FULL_WIDTH_NUM, foldNumber).replace(NUMBER_NOISE, '');
  const unit = TRAILING_UNIT.exec(u);
  if (unit && unit.index > 0) u = u.slice(0, unit.index);
  if (u.startsWith('¥') || u.startsWith('￥')) u = u.slice(1);
  return PLAIN_NUMBER.test(u) ? Number(u) : undefined;
}

/** Any decimal (income items). */
export function readAmount(v: CellValue): number | null | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') return numberFromText(v);
  return v === null ? null : undefined;
}

/** A non-negative decimal (areas, minutes, litres, distances). */
export function readNumber(v: CellValue): number | null | undefined {
  const n = readAmount(v);
  return n === null || n === undefined ? n : n >= 0 ? n : undefined;
}

export function readInt(v: CellValue): number | null | undefined {
  const n = readNumber(v);
  return n === null || n === undefined ? n : Number.isInteger(n) ? n : undefined;
}

/** '2016', 2016, '2016年', a date in 2016 is not a year. */
export function readYear(v: CellValue): number | null | undefined {
  let n: number | null | undefined;
  if (typeof v === 'string') {
    const t = v.trim();
    n = numberFromText(t.endsWith('年') || t.endsWith('年度') ? t.replace(/年度?$/u, '') : t);
  } else {
    n = readAmount(v);
  }
  if (n === null || n === undefined) return n;
  return Number.isInteger(n) && n >= 1900 && n <= 2100 ? n : undefined;
}

/** 0-12 months of migrant work. */
export function readMonths(v: CellValue): number | null | undefined {
  const n = readNumber(v);
  return n === null || n === undefined ? n : n <= 12 ? n : undefined;
}

/**
 * A percentage 0-100. A cell formatted as a percentage stores a fraction (95% is 0.95), so
 * values in (0, 1] are scaled: a supply reliability of 1% is not a real value.
 */
export function readPercent(v: CellValue): number | null | undefined {
  const n = readNumber(v);
  if (n === null || n === undefined) return n;
  const p = n > 0 && n <= 1 ? Math.round(n * 100 * 1e8) / 1e8 : n;
  return p <= 100 ? p : undefined;
}

const BOOL_WORDS: ReadonlyMap<string, boolean> = new Map([
  ...[
    '是',
    '√',
    '✓',
    '✔',
    '有',
    '1',
    'y',
    'yes',
    'true',
    '对',
    '已参加',
    '参加',
    '参保',
    '已参保',
    '已签约',
    '签约',
    '已享受',
    '享受',
    '达标',
    '已达标',
    '已解决',
    '解决',
    '已通',
    '通',
    '是的',
    '有效',
  ].map((w) => [w, true] as const),
  ...[
    '否',
    '×',
    '✗',
    '✘',
    'x',
    '无',
    '0',
    'n',
    'no',
    'false',
    '不是',
    '未参加',
    '不参加',
    '未参保',
    '未签约',
    '未享受',
    '不达标',
    '未达标',
    '未解决',
    '未通',
    '不通',
    '没有',
  ].map((w) => [w, false] as const),
]);
const FULL_WIDTH = /[\uff01-\uff5e]/gu;
const SPACES = /[\s\u3000]+/gu;

export function readBool(v: CellValue): boolean | null | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : undefined;
  if (v === null) return null;
  const t = v.trim();
  if (t === '') return null;
  const direct = BOOL_WORDS.get(t);
  if (direct !== undefined) return direct;
  const folded = t.replace(FULL_WIDTH, foldNumber).replace(SPACES, '').toLowerCase();
  if (folded === '') return null;
  const b = BOOL_WORDS.get(folded);
  if (b !== undefined) return b;
  return EMPTY_WORDS.has(folded) ? null : undefined;
}

// ------------------------------------------------------------------ dates

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number spelt by `len` ASCII digits at `start`, or -1. */
function digitsAt(s: string, start: number, len: number): number {
  let n = 0;
  for (let i = start; i < start + len; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function validDate(y: number, m: number, d: number): boolean {
  return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= (m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m - 1]!);
}

function isoOf(y: number, m: number, d: number): string | undefined {
  if (!validDate(y, m, d)) return undefined;
  return `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

const DATE_PARTS = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/u;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;

/**
 * Dates as date cells ('YYYY-MM-DD' from the reader), or text 1988-01-01, 1988/1/1, 19880101,
 * 1988年1月1日, 1988.01.01; a number 19880101; a bare Excel serial from a cell without a date format.
 */
export function readDate(v: CellValue): string | null | undefined {
  if (typeof v === 'string') {
    // Fast path: the reader's own output for date cells.
    if (v.length === 10 && v.charCodeAt(4) === 0x2d && v.charCodeAt(7) === 0x2d) {
      if (validDate(digitsAt(v, 0, 4), digitsAt(v, 5, 2), digitsAt(v, 8, 2))) return v;
    }
    let t = v.trim();
    if (t === '') return null;
    if (EMPTY_WORDS.has(t)) return null;
    t = t.replace(FULL_WIDTH, foldNumber);
    const parts = DATE_PARTS.exec(t);
    if (parts) return isoOf(Number(parts[1]), Number(parts[2]), Number(parts[3]));
    const compact = COMPACT_DATE.exec(t);
    if (compact) return isoOf(Number(compact[1]), Number(compact[2]), Number(compact[3]));
    return undefined;
  }
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v <= 0) return undefined;
    if (v >= 19000101 && v <= 21001231) {
      return isoOf(Math.floor(v / 10000), Math.floor(v / 100) % 100, v % 100);
    }
    const iso = serialToIso(v, false);
    return iso === null ? undefined : isoOf(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10)));
  }
  return v === null ? null : undefined;
}

// ------------------------------------------------------------------ enums

/**
 * A memoised label lookup: a column holds a handful of distinct labels, so after the first few
 * rows every cell is one Map hit instead of a normalisation.
 */
export function enumReader<C extends string>(lookup: (text: string) => C | undefined): Reader<C> {
  const memo = new Map<string, C | undefined>();
  return (v) => {
    const t = readText(v);
    if (t === null) return null;
    const hit = memo.get(t);
    if (hit !== undefined || memo.has(t)) return hit;
    const folded = t.replace(FULL_WIDTH, foldNumber).replace(/（/gu, '(').replace(/）/gu, ')');
    const code = lookup(t) ?? lookup(folded) ?? lookup(folded.toUpperCase());
    memo.set(t, code);
    return code;
  };
}

const CAUSE_SEPARATORS = /[、,，;；/／|\s\u3000]+/u;

/** Several labels in one cell ('因病、缺资金'): every part must be known. */
export function listReader<C extends string>(lookup: (text: string) => C | undefined): Reader<C[]> {
  const one = enumReader(lookup);
  const memo = new Map<string, C[] | undefined>();
  return (v) => {
    const t = readText(v);
    if (t === null) return null;
    if (memo.has(t)) {
      const hit = memo.get(t);
      return hit === undefined ? undefined : hit.slice();
    }
    const out: C[] = [];
    let ok = true;
    for (const part of t.split(CAUSE_SEPARATORS)) {
      if (part === '' || EMPTY_WORDS.has(part)) continue;
      const c = one(part);
      if (c === undefined || c === null) ok = false;
      else if (!out.includes(c)) out.push(c);
    }
    memo.set(t, ok ? out : undefined);
    return ok ? out.slice() : undefined;
  };
}

const DISABILITY_GRADES: ReadonlyMap<string, number> = new Map([
  ['1', 1],
  ['2', 2],
  ['3', 3],
  ['4', 4],
  ['一', 1],
  ['二', 2],
  ['三', 3],
  ['四', 4],
  ['Ⅰ', 1],
  ['Ⅱ', 2],
  ['Ⅲ', 3],
  ['Ⅳ', 4],
  ['i', 1],
  ['ii', 2],
  ['iii', 3],
  ['iv', 4],
]);

/** 残疾等级 1-4: 1, '一级', '2级', '三', '四级残疾'. */
export function readDisabilityGrade(v: CellValue): number | null | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 1 && v <= 4 ? v : undefined;
  const t = readText(v);
  if (t === null) return null;
  if (EMPTY_WORDS.has(t)) return null;
  const core = t
    .replace(FULL_WIDTH, foldNumber)
    .replace(SPACES, '')
    .replace(/^残疾/u, '')
    .replace(/(?:级|等)(?:残疾)?$/u, '')
    .toLowerCase();
  return DISABILITY_GRADES.get(core);
}

const VILLAGE_CODE = /^\d{12}$/;

/** 行政区划代码: 12 digits (county 6 + township 3 + village 3). Number cells are fine (12 < 15 digits). */
export function readVillageCode(v: CellValue): string | null | undefined {
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0) return undefined;
    const s = String(v);
    return VILLAGE_CODE.test(s) ? s : undefined;
  }
  const t = readText(v);
  if (t === null) return null;
  const s = t.replace(FULL_WIDTH, foldNumber).replace(SPACES, '').replace(/^'/u, '');
  return VILLAGE_CODE.test(s) ? s : undefined;
}

// ------------------------------------------------------------------ ID numbers

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/**
 * parseIdNumber's answer for the common case — a clean 18-character text cell that is valid —
 * without its normalisation passes; anything else (spaces, full-width digits, 15 digits, a
 * number cell, any fault) goes to parseIdNumber, which alone writes the messages. A property
 * test holds the two to the same result.
 */
export function parseIdNumberFast(raw: CellValue): IdResult {
  if (typeof raw !== 'string' || raw.length !== 18) return parseIdNumber(raw);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = raw.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return parseIdNumber(raw);
    sum += d * ID_WEIGHTS[i]!;
  }
  const last = raw.charCodeAt(17);
  if (!((last >= 48 && last <= 57) || last === 88) || ID_CHECK.charCodeAt(sum % 11) !== last) return parseIdNumber(raw);
  if (!isKnownProvincePrefix(raw)) return parseIdNumber(raw);
  const y = (raw.charCodeAt(6) - 48) * 1000 + (raw.charCodeAt(7) - 48) * 100 + (raw.charCodeAt(8) - 48) * 10 + (raw.charCodeAt(9) - 48);
  const m = (raw.charCodeAt(10) - 48) * 10 + (raw.charCodeAt(11) - 48);
  const d = (raw.charCodeAt(12) - 48) * 10 + (raw.charCodeAt(13) - 48);
  if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1 || d > (m === 2 && isLeap(y) ? 29 : MONTH_DAYS[m - 1]!)) {
    return parseIdNumber(raw);
  }
  return {
    ok: true,
    value: {
      normalized: raw,
      birthDate: `${raw.slice(6, 10)}-${raw.slice(10, 12)}-${raw.slice(12, 14)}`,
      sex: (raw.charCodeAt(16) - 48) % 2 === 1 ? 'M' : 'F',
      regionCode: raw.slice(0, 6),
      convertedFrom15: false,
    },
  };
}
