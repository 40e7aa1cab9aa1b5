/**
 * Excel stores dates as day serials; only the cell's number format says a number is a date.
 * These helpers decide which formats are dates and turn serials into ISO text.
 */

/** Built-in number formats that display dates or times (27-36 and 50-58 are the CJK date formats). */
export function isBuiltinDateFormat(id: number): boolean {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

/**
 * A custom format code is a date when it has a y/m/d/h/s token outside quoted text, [brackets] and
 * escaped characters: 'yyyy"年"m"月"d"日"' and 'yyyy/mm/dd' are dates, '0.00"元"' and '[Red]0' are not.
 * Elapsed-time formats such as '[h]:mm:ss' are durations, not points in time, so they stay numbers.
 */
export function isDateFormatCode(code: string): boolean {
  let date = false;
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    switch (c) {
      case '"': {
        const end = code.indexOf('"', i + 1);
        i = end < 0 ? code.length : end;
        break;
      }
      case '[': {
        const end = code.indexOf(']', i + 1);
        const inner = code.slice(i + 1, end < 0 ? code.length : end).toLowerCase();
        if (/^(h+|m+|s+)$/.test(inner)) return false;
        i = end < 0 ? code.length : end;
        break;
      }
      case '\\':
      case '_':
      case '*':
        i++; // escaped literal, padding or fill character
        break;
      default: {
        const l = c.toLowerCase();
        if (l === 'y' || l === 'm' || l === 'd' || l === 'h' || l === 's') date = true;
      }
    }
  }
  return date;
}

const UNIX_DAY_OF_1899_12_30 = -25569;
const UNIX_DAY_OF_1904_01_01 = -24107;
/** 9999-12-31, the last day Excel can show. */
const MAX_SERIAL_1900 = 2958465;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Proleptic Gregorian date of a day count since 1970-01-01 (H. Hinnant's civil_from_days). */
function civil(z: number): string {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

function clock(secs: number): string {
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  return `${pad2(h)}:${pad2(m)}:${pad2(secs % 60)}`;
}

/**
 * 'YYYY-MM-DD', or 'YYYY-MM-DD HH:MM:SS' when there is a time of day (rounded to the second).
 * In the 1900 system serial 60 is Lotus's phantom 1900-02-29, kept as Excel shows it; a pure time
 * (serial below 1) gives 'HH:MM:SS'. Returns null for serials no date can have (negative, huge).
 */
export function serialToIso(serial: number, date1904: boolean): string | null {
  if (!Number.isFinite(serial) || serial < 0 || serial > MAX_SERIAL_1900 + 1) return null;
  const total = Math.round(serial * 86400);
  const days = Math.floor(total / 86400);
  const secs = total - days * 86400;
  let date: string;
  if (date1904) {
    date = civil(UNIX_DAY_OF_1904_01_01 + days);
  } else {
    if (days === 0) return clock(secs);
    if (days === 60) date = '1900-02-29';
    // Before the phantom day, serial 1 is 1900-01-01, i.e. one day later than the epoch suggests.
    else date = civil(UNIX_DAY_OF_1899_12_30 + (days < 60 ? days + 1 : days));
  }
  return secs === 0 ? date : `${date} ${clock(secs)}`;
}

const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/;
const ISO_TIME = /^(\d{2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?$/;

/** Cells of type t="d" hold ISO 8601 text; normalise it to the same shape as serial dates. */
export function normaliseIsoDate(text: string): string {
  const m = ISO_DATE.exec(text);
  if (m) {
    const hh = m[2] ?? '00';
    const mm = m[3] ?? '00';
    const ss = m[4] ?? '00';
    return hh === '00' && mm === '00' && ss === '00' ? m[1]! : `${m[1]} ${hh}:${mm}:${ss}`;
  }
  const t = ISO_TIME.exec(text);
  if (t) return `${t[1]}:${t[2]}:${t[3] ?? '00'}`;
  return text;
}
