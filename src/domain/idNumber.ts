/**
 * Resident ID numbers (居民身份证号码, GB 11643-1999).
 *
 * Layout of the 18-character number: 6-digit address code (GB/T 2260), 8-digit birth date
 * YYYYMMDD, 3-digit sequence (odd = male, even = female), 1 check character (ISO 7064 MOD 11-2,
 * '0'-'9' or 'X'). The older 15-digit number has the birth date as YYMMDD (always 19YY) and no
 * check character.
 *
 * Pure: no I/O and no clock. Whether a birth date lies in the future is a question for the
 * caller, who knows the reference date (see `ageAt`).
 */
import { isKnownProvincePrefix } from './regionCodes.js';

export type IdProblem = 'empty' | 'float-damaged' | 'bad-length' | 'bad-characters' | 'bad-region' | 'bad-date' | 'bad-check';

export interface IdInfo {
  /** 18 characters, check character upper-case 'X' where it is one. */
  normalized: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'M' | 'F';
  /** The 6-digit address code. */
  regionCode: string;
  /** True when the input was an old 15-digit number. */
  convertedFrom15: boolean;
}

export type IdResult =
  | { ok: true; value: IdInfo }
  | {
      ok: false;
      problem: IdProblem;
      /** Specific, user-facing, in Chinese. */
      message: string;
      /** The raw value as text, unchanged, so error reports show what the cell really held. */
      input: string;
    };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Index = (weighted sum mod 11). */
const CHECK_CHARS = '10X98765432';

/** Years we accept in a birth date. Outside this a date is a typing error, not a person. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2099;

/**
 * Excel (and LibreOffice) store numbers as IEEE doubles and keep only 15 significant digits;
 * the 16th digit onwards is replaced by zeros when the value is typed in. So any numeric cell
 * with more than 15 digits has already lost information.
 */
const SPREADSHEET_DIGITS = 15;

// ---------------------------------------------------------------------------------------------
// Normalisation

/**
 * Characters that are invisible or are spaces: removed wherever they occur. `\s` covers ASCII
 * whitespace, NBSP (U+00A0), the ideographic space (U+3000), U+2000-U+200A, U+FEFF and line
 * separators; the rest are zero-width/format characters that `\s` does not cover.
 */
const INVISIBLES = /[\s\u00AD\u180E\u200B-\u200F\u2060-\u2064\u206A-\u206F]/gu;

/**
 * Quote marks that wrap a value pasted from chat, Word or a CSV export. The apostrophe is also
 * Excel's "store as text" marker. Full-width forms have already been folded to ASCII by then.
 */
const EDGE_QUOTES = /^['"`‘’“”「」『』]+|['"`‘’“”「」『』]+$/gu;

/** Full-width ASCII block U+FF01..U+FF5E maps to U+0021..U+007E by a fixed offset. */
function foldFullWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

/**
 * Canonical text of an ID-number cell, without judging it: full-width characters folded to
 * ASCII, every space and invisible character removed (inside as well as around — people type
 * "430524 19880101 1234"), surrounding quotes and Excel's leading apostrophe stripped, and a
 * lower-case x made upper-case. Idempotent.
 *
 * Numbers are rendered in their shortest decimal form; that text may already be wrong when the
 * number is >= 2^53 — `parseIdNumber` reports that, this function only spells it.
 */
export function normalizeIdText(raw: unknown): string {
  let text: string;
  if (typeof raw === 'string') text = raw;
  else if (typeof raw === 'number' || typeof raw === 'bigint') text = String(raw);
  else return '';
  text = foldFullWidth(text);
  text = text.replace(INVISIBLES, '');
  text = text.replace(EDGE_QUOTES, '');
  return text.replace(/x/gu, 'X');
}

// ---------------------------------------------------------------------------------------------
// Building blocks

/** ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function checkCharacter(first17: string): string {
  if (!/^\d{17}$/u.test(first17)) {
    throw new RangeError(`计算校验位需要17位数字，收到“${first17}”`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  }
  return CHECK_CHARS.charAt(sum % 11);
}

/**
 * Old 15-digit number to 18 digits: '19' goes before the two-digit year (15-digit numbers were
 * issued only to people born in the 1900s) and the check character is appended. Does not judge
 * region or date; `parseIdNumber` does.
 */
export function convert15to18(id15: string): string {
  const text = normalizeIdText(id15);
  if (!/^\d{15}$/u.test(text)) {
    throw new RangeError(`旧身份证号应为15位数字，收到“${id15}”`);
  }
  const first17 = `${text.slice(0, 6)}19${text.slice(6)}`;
  return first17 + checkCharacter(first17);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

interface YMD {
  year: number;
  month: number;
  day: number;
}

/** Parses 'YYYYMMDD' into a real calendar date, or null. */
function parseCompactDate(compact: string): YMD | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/u.exec(compact);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** Parses 'YYYY-MM-DD' (a real calendar date) or throws: these come from code, not from users. */
function parseIsoDate(iso: string, what: string): YMD {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(iso);
  const date = m ? parseCompactDate(`${m[1]}${m[2]}${m[3]}`) : null;
  if (!date) throw new RangeError(`${what}应为有效的YYYY-MM-DD日期，收到“${iso}”`);
  return date;
}

// ---------------------------------------------------------------------------------------------
// Parsing

type Outcome = { ok: true; text: string } | { ok: false; problem: IdProblem; message: string };

const FLOAT_ADVICE = '请将该单元格格式设为“文本”后重新录入该身份证号';

function floatDamagedMessage(shown: string): string {
  return `身份证号“${shown}”已被电子表格当作数字保存，超过15位的部分已丢失，无法还原；${FLOAT_ADVICE}`;
}

function floatDamaged(shown: string): Outcome {
  return { ok: false, problem: 'float-damaged', message: floatDamagedMessage(shown) };
}

function badCharacters(shown: string, detail: string): Outcome {
  return { ok: false, problem: 'bad-characters', message: `身份证号“${shown}”${detail}` };
}

/** A JS number from a spreadsheet reader: usable only while it is an exact integer of <= 15 digits. */
function textFromNumber(n: number): Outcome {
  const shown = String(n);
  if (!Number.isFinite(n) || !Number.isInteger(n) || n < 0) {
    return badCharacters(shown, '不是有效的身份证号数字');
  }
  if (n > Number.MAX_SAFE_INTEGER || shown.length > SPREADSHEET_DIGITS) return floatDamaged(shown);
  return { ok: true, text: shown };
}

/**
 * Text that shows a number went through a double on its way here: scientific notation
 * ('4.30524198801011E+17') or a trailing '.0' ('430524880101123.0', typical of pandas exports).
 */
function undoNumericText(text: string): Outcome {
  const sci = /^\+?(\d*)(?:\.(\d*))?E([+-]?\d+)$/iu.exec(text);
  const intPart = sci?.[1] ?? '';
  const fracPart = sci?.[2] ?? '';
  if (sci && intPart + fracPart !== '') {
    const allDigits = intPart + fracPart;
    const significant = allDigits.replace(/^0+/u, '');
    // Where the decimal point falls inside `significant` once the exponent is applied.
    const pointAt = intPart.length + Number(sci[3]) - (allDigits.length - significant.length);
    // Zero, or a value below 1: not an ID, and the character check below says so.
    if (significant === '' || pointAt <= 0) return { ok: true, text };
    if (/[1-9]/u.test(significant.slice(pointAt))) return badCharacters(text, '不是整数');
    // 16+ digits cannot be exact; fewer written digits than the value has means the display
    // was rounded (Excel's General format shows '4.30525E+14'). Either way digits are gone.
    if (pointAt > SPREADSHEET_DIGITS || significant.length < pointAt) return floatDamaged(text);
    return { ok: true, text: significant.slice(0, pointAt) };
  }
  const decimal = /^(\d+)\.0*$/u.exec(text);
  if (decimal) {
    const digits = decimal[1] ?? '';
    return digits.length > SPREADSHEET_DIGITS ? floatDamaged(text) : { ok: true, text: digits };
  }
  return { ok: true, text };
}

function describeBadChars(text: string): string {
  const bad = [...new Set([...text].filter((ch) => !/[0-9X]/u.test(ch)))];
  const listed = bad.slice(0, 5).join('');
  return bad.length > 5 ? `${listed}…` : listed;
}

function fail(raw: unknown, problem: IdProblem, message: string): IdResult {
  return { ok: false, problem, message, input: rawAsText(raw) };
}

function rawAsText(raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'bigint' || typeof raw === 'boolean') return String(raw);
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? 'Invalid Date' : raw.toISOString();
  return raw === null || raw === undefined ? '' : Object.prototype.toString.call(raw);
}

/**
 * Validates and normalises an ID number from any cell value (string, number, bigint). Old
 * 15-digit numbers are converted to 18. Never repairs a wrong number: a float-damaged or
 * wrongly checked number is reported, not guessed.
 */
export function parseIdNumber(raw: unknown): IdResult {
  if (raw === null || raw === undefined) return fail(raw, 'empty', '身份证号为空');

  let outcome: Outcome;
  if (typeof raw === 'number') {
    outcome = textFromNumber(raw);
  } else if (typeof raw === 'string' || typeof raw === 'bigint') {
    const text = normalizeIdText(raw);
    if (text === '') return fail(raw, 'empty', '身份证号为空');
    outcome = undoNumericText(text);
  } else {
    const kind = raw instanceof Date ? '日期' : typeof raw;
    return fail(raw, 'bad-characters', `身份证号应为文本或数字，实际为${kind}`);
  }
  if (!outcome.ok) return fail(raw, outcome.problem, outcome.message);
  const text = outcome.text;

  if (/[^0-9X]/u.test(text)) {
    return fail(raw, 'bad-characters', `身份证号“${text}”含有非法字符“${describeBadChars(text)}”，只能由数字和末位X组成`);
  }
  const length = text.length;
  if (length !== 18 && length !== 15) {
    return fail(raw, 'bad-length', `身份证号“${text}”应为18位（旧证15位），实际为${length}位`);
  }
  const xAt = text.indexOf('X');
  if (xAt !== -1 && xAt !== 17) {
    const where = length === 15 ? '15位旧身份证号不含X' : 'X只能是最后一位校验位';
    return fail(raw, 'bad-characters', `身份证号“${text}”格式不对：${where}`);
  }

  const convertedFrom15 = length === 15;
  const regionCode = text.slice(0, 6);
  if (!isKnownProvincePrefix(regionCode)) {
    return fail(raw, 'bad-region', `身份证号“${text}”的地区码${regionCode}无效：前两位${regionCode.slice(0, 2)}不是省级行政区代码`);
  }

  const compactDate = convertedFrom15 ? `19${text.slice(6, 12)}` : text.slice(6, 14);
  const date = parseCompactDate(compactDate);
  if (!date) return fail(raw, 'bad-date', `身份证号“${text}”的出生日期${compactDate}不存在`);
  if (date.year < MIN_YEAR || date.year > MAX_YEAR) {
    return fail(raw, 'bad-date', `身份证号“${text}”的出生年份${date.year}不在${MIN_YEAR}—${MAX_YEAR}年之间`);
  }

  let normalized: string;
  if (convertedFrom15) {
    normalized = convert15to18(text);
  } else {
    const expected = checkCharacter(text.slice(0, 17));
    const actual = text.charAt(17);
    if (expected !== actual) {
      // 15 significant digits followed by '000' is exactly what Excel writes for an 18-digit
      // number cell (and what a CSV export of one contains); the real last digits are gone.
      // A genuine ID ending in '000' has a matching check and never reaches this branch.
      if (text.endsWith('000')) return fail(raw, 'float-damaged', floatDamagedMessage(text));
      return fail(raw, 'bad-check', `身份证号“${text}”校验位应为${expected}，实际为${actual}`);
    }
    normalized = text;
  }

  const sequenceLastDigit = Number(normalized.charAt(16));
  return {
    ok: true,
    value: {
      normalized,
      birthDate: `${compactDate.slice(0, 4)}-${compactDate.slice(4, 6)}-${compactDate.slice(6, 8)}`,
      sex: sequenceLastDigit % 2 === 1 ? 'M' : 'F',
      regionCode,
      convertedFrom15,
    },
  };
}

export function isValidIdNumber(raw: unknown): boolean {
  return parseIdNumber(raw).ok;
}

// ---------------------------------------------------------------------------------------------
// Age, masking, synthesis

/**
 * Age in full years on `referenceDate` (both 'YYYY-MM-DD'); the birthday itself counts, so a
 * person born 2005-09-01 is 13 on 2018-09-01. Someone born on 29 February turns a year older on
 * 1 March in common years: on 28 February they have not yet lived the full year (the convention
 * of e.g. Hong Kong's and England's law). Negative when the reference precedes the birth date —
 * a data error the caller should report, so it is not hidden as 0.
 */
export function ageAt(birthDate: string, referenceDate: string): number {
  const birth = parseIsoDate(birthDate, '出生日期');
  const ref = parseIsoDate(referenceDate, '参考日期');
  let birthdayMonth = birth.month;
  let birthdayDay = birth.day;
  if (birth.month === 2 && birth.day === 29 && !isLeapYear(ref.year)) {
    birthdayMonth = 3;
    birthdayDay = 1;
  }
  const hadBirthday = ref.month > birthdayMonth || (ref.month === birthdayMonth && ref.day >= birthdayDay);
  return ref.year - birth.year - (hadBirthday ? 0 : 1);
}

/**
 * The one masking helper for every output that shows an ID number to someone who does not need
 * it in full (public notices, exports for other roles). Keeps the first 4 characters (province
 * and prefecture — too coarse to identify anyone) and the last 4 (enough for a clerk to pick
 * the right person from a paper list), and masks the rest, which hides the county code and the
 * whole birth date: county + birth date + sex is nearly identifying on its own.
 *
 * Input is normalised first, so spacing or full-width digits cannot leak through. Anything
 * shorter than a 15-digit old number is masked completely: keeping 8 characters of a short
 * string would show most of it.
 */
export function maskIdNumber(id: string): string {
  const chars = [...normalizeIdText(id)];
  if (chars.length < 15) return '*'.repeat(chars.length);
  return chars.slice(0, 4).join('') + '*'.repeat(chars.length - 8) + chars.slice(-4).join('');
}

/**
 * Builds a valid 18-character ID number (for the synthetic demo data and test fixtures).
 * `sequence` is 0..999; odd gives a man, even a woman. Throws on impossible arguments, because
 * a generator that quietly produced invalid numbers would poison every test built on it.
 */
export function makeIdNumber(regionCode: string, birthDate: string, sequence: number): string {
  if (!/^\d{6}$/u.test(regionCode) || !isKnownProvincePrefix(regionCode)) {
    throw new RangeError(`地区码应为以有效省级代码开头的6位数字，收到“${regionCode}”`);
  }
  const date = parseIsoDate(birthDate, '出生日期');
  if (date.year < MIN_YEAR || date.year > MAX_YEAR) {
    throw new RangeError(`出生年份应在${MIN_YEAR}—${MAX_YEAR}年之间，收到${date.year}`);
  }
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw new RangeError(`顺序码应为0—999的整数，收到${sequence}`);
  }
  const first17 = `${regionCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}
