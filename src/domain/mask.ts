/**
 * The one masking helper every output uses (ledgers, notices, exports, API responses) for the
 * personal data that public notices must never show (docs/web.md): ID numbers, phone numbers, bank accounts and health details.
 *
 * What is shown depends on who the output is for, never on the caller remembering to mask:
 * outputs take a `MaskOptions` (usually `maskFor(purpose)`) and print every sensitive value
 * through `masker(options)`.
 *
 * Laws (tested): a masked value never reveals more than the kept characters of its input, and
 * masking an already masked value gives it back unchanged, so a value can pass through two
 * outputs without getting worse or leaking more.
 *
 * Pure: no I/O.
 */
import { maskIdNumber, normalizeIdText } from './idNumber.js';

/** 'full': shown as recorded; 'partial': the conventional few characters kept; 'hidden': nothing kept. */
export type MaskLevel = 'full' | 'partial' | 'hidden';

export interface MaskOptions {
  idNumber: MaskLevel;
  phone: MaskLevel;
  bankAccount: MaskLevel;
  /**
   * Health details (illness, disability) — 'hide' also drops free-text reasons that may name
   * them, because a reason like “李四患慢性病未参加大病保险” cannot be redacted word by word.
   */
  healthDetails: 'show' | 'hide';
}

/**
 * - office: county poverty-alleviation office staff who maintain the registry: everything in full.
 * - internal: working copies for other roles (township, village, sector departments, inspectors):
 *   the conventional partial masks, enough to pick the right person from a list.
 * - public-notice: posted lists (公告公示): no ID, phone, bank account or health detail at all.
 */
export type MaskPurpose = 'office' | 'internal' | 'public-notice';

export const MASK_PURPOSES: readonly MaskPurpose[] = ['office', 'internal', 'public-notice'];

const PRESETS: Readonly<Record<MaskPurpose, Readonly<MaskOptions>>> = Object.freeze({
  office: Object.freeze({ idNumber: 'full', phone: 'full', bankAccount: 'full', healthDetails: 'show' }),
  internal: Object.freeze({ idNumber: 'partial', phone: 'partial', bankAccount: 'partial', healthDetails: 'show' }),
  'public-notice': Object.freeze({ idNumber: 'hidden', phone: 'hidden', bankAccount: 'hidden', healthDetails: 'hide' }),
});

export function maskFor(purpose: MaskPurpose): MaskOptions {
  const preset = PRESETS[purpose];
  if (!preset) throw new RangeError(`未知的脱敏用途“${String(purpose)}”（可选：${MASK_PURPOSES.join('、')}）`);
  return { ...preset };
}

/** The default when an output is given no options: masked, because forgetting must not leak. */
export const DEFAULT_MASK: Readonly<MaskOptions> = PRESETS.internal;

/**
 * What a hidden value prints as. Fixed length, so the length of the original (which tells an
 * old 15-digit ID from a new one, or a landline from a mobile) is not shown either.
 */
export const HIDDEN = '******';

const MASK_CHAR = '*';

function foldFullWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

function isBlank(value: string | null | undefined): value is null | undefined | '' {
  return value === null || value === undefined || value.trim() === '';
}

/** Keeps `head` leading and `tail` trailing characters; needs at least `minKeepLength` to keep any. */
function keepEnds(chars: readonly string[], head: number, tail: number, minKeepLength: number): string {
  if (chars.length < minKeepLength) return MASK_CHAR.repeat(chars.length);
  return chars.slice(0, head).join('') + MASK_CHAR.repeat(chars.length - head - tail) + chars.slice(chars.length - tail).join('');
}

// ------------------------------------------------------------------------------ ID numbers

/** ID number for the given level; '' when there is none. Partial = first 4 and last 4 (see `maskIdNumber`). */
export function maskId(id: string | null | undefined, level: MaskLevel): string {
  if (isBlank(id)) return '';
  switch (level) {
    case 'full':
      return normalizeIdText(id);
    case 'partial':
      return maskIdNumber(id);
    case 'hidden':
      return HIDDEN;
  }
}

// ------------------------------------------------------------------------------ phones

// A record may hold several numbers (“13812345678/0931-8123456”); each is masked on its own,
// so the kept ends are those of real numbers and not of a run of two glued together.
const PHONE_SEPARATORS = /[/,;、，；|]+/u;

/**
 * One phone number, partial: only digits (and masks) kept — words next to a number can name a
 * person, so they go. 11 or more digits (mobile, or landline with area code) keep the first 3
 * and last 4 (138****5678); 7-10 digits keep the last 4; shorter ones are masked whole.
 */
function maskOnePhone(raw: string): string {
  const chars = [...foldFullWidth(raw)].filter((c) => /[0-9*]/u.test(c));
  if (chars.length >= 11) return keepEnds(chars, 3, 4, 11);
  return keepEnds(chars, 0, 4, 7);
}

export function maskPhone(phone: string | null | undefined, level: MaskLevel): string {
  if (isBlank(phone)) return '';
  switch (level) {
    case 'full':
      return phone.trim();
    case 'partial':
      return phone
        .split(PHONE_SEPARATORS)
        .map(maskOnePhone)
        .filter((p) => p !== '')
        .join('/');
    case 'hidden':
      return HIDDEN;
  }
}

// ------------------------------------------------------------------------------ bank accounts

/**
 * Partial = last 4 only (尾号), as banks print it; the leading digits name the bank and branch.
 * Accounts shorter than 8 characters are masked whole.
 */
export function maskBankAccount(account: string | null | undefined, level: MaskLevel): string {
  if (isBlank(account)) return '';
  switch (level) {
    case 'full':
      return account.trim();
    case 'partial': {
      const chars = [...foldFullWidth(account)].filter((c) => /[0-9A-Za-z*]/u.test(c));
      return keepEnds(chars, 0, 4, 8);
    }
    case 'hidden':
      return HIDDEN;
  }
}

// ------------------------------------------------------------------------------ one object per output

export interface Masker {
  readonly options: Readonly<MaskOptions>;
  idNumber(id: string | null | undefined): string;
  phone(phone: string | null | undefined): string;
  bankAccount(account: string | null | undefined): string;
  /** Free text that may name an illness or disability: itself, or `hiddenAs` when health details are hidden. */
  healthText(text: string, hiddenAs?: string): string;
}

export function masker(options: MaskOptions = DEFAULT_MASK): Masker {
  const opts = Object.freeze({ ...options });
  return {
    options: opts,
    idNumber: (id) => maskId(id, opts.idNumber),
    phone: (phone) => maskPhone(phone, opts.phone),
    bankAccount: (account) => maskBankAccount(account, opts.bankAccount),
    healthText: (text, hiddenAs = '') => (opts.healthDetails === 'show' ? text : hiddenAs),
  };
}

// ------------------------------------------------------------------------------ numbers inside free text

// Free text typed by people (a project's content, a target) can carry a number nobody meant to
// publish: “联系人王某 13812345678”. Longest shapes first, and never part of a longer digit run.
const D = '[0-9\uFF10-\uFF19]';
const EMBEDDED = new RegExp(
  `(?<!${D})(?:(${D}{17}[0-9Xx\uFF38\uFF58]|${D}{15})|(1[3-9\uFF13-\uFF19]${D}{9}|[1\uFF11][3-9\uFF13-\uFF19]${D}{9}|[0\uFF10]${D}{2,3}[-\uFF0D]${D}{7,8})|(${D}{16,19}))(?!${D})`,
  'gu',
);

/** Free text with the ID numbers, phones and bank accounts inside it masked at the options' levels. */
export function maskEmbedded(text: string, options: MaskOptions = DEFAULT_MASK): string {
  return text.replace(EMBEDDED, (whole, id: string | undefined, phone: string | undefined, account: string | undefined) => {
    if (id !== undefined) return options.idNumber === 'full' ? id : maskId(foldFullWidth(id), options.idNumber);
    if (phone !== undefined) return options.phone === 'full' ? phone : maskPhone(foldFullWidth(phone), options.phone);
    if (account !== undefined) return options.bankAccount === 'full' ? account : maskBankAccount(foldFullWidth(account), options.bankAccount);
    return whole;
  });
}
