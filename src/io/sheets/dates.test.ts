import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isBuiltinDateFormat, isDateFormatCode, normaliseIsoDate, serialToIso } from './dates.js';

describe('isDateFormatCode', () => {
  it.each([
    'yyyy"年"m"月"d"日"',
    'yyyy/mm/dd',
    'yyyy-mm-dd hh:mm:ss',
    'm/d/yy',
    '[$-804]yyyy"年"m"月"',
    '[DBNum1][$-804]yyyy"年"m"月"d"日"',
    'mm-dd-yy',
    'h:mm AM/PM',
    'YYYY.MM.DD',
  ])('%s is a date', (code) => {
    expect(isDateFormatCode(code)).toBe(true);
  });

  it.each([
    'General',
    '0.00',
    '#,##0.00"元"',
    '0"天"',
    '[Red]#,##0;[Blue]-#,##0',
    '@',
    '0.00E+00',
    '\\d0', // an escaped literal d
    '_-* #,##0_-;-* #,##0_-',
    '[h]:mm:ss', // elapsed time is a duration
    '"Today is "0',
  ])('%s is not a date', (code) => {
    expect(isDateFormatCode(code)).toBe(false);
  });

  it('knows the built-in date ids, including the CJK ones', () => {
    for (const id of [14, 17, 22, 27, 31, 36, 45, 47, 50, 55, 58]) expect(isBuiltinDateFormat(id)).toBe(true);
    for (const id of [0, 1, 2, 10, 13, 23, 26, 37, 44, 48, 49, 59, 164]) expect(isBuiltinDateFormat(id)).toBe(false);
  });
});

describe('serialToIso', () => {
  it('follows the 1900 system with the Lotus leap-year bug', () => {
    expect(serialToIso(1, false)).toBe('1900-01-01');
    expect(serialToIso(59, false)).toBe('1900-02-28');
    expect(serialToIso(60, false)).toBe('1900-02-29');
    expect(serialToIso(61, false)).toBe('1900-03-01');
    expect(serialToIso(32215, false)).toBe('1988-03-13');
    expect(serialToIso(45292, false)).toBe('2024-01-01');
    expect(serialToIso(2958465, false)).toBe('9999-12-31');
  });

  it('adds the time of day when there is one, rounded to the second', () => {
    expect(serialToIso(45292.5, false)).toBe('2024-01-01 12:00:00');
    expect(serialToIso(45292 + (13 * 3600 + 5 * 60 + 9) / 86400, false)).toBe('2024-01-01 13:05:09');
    // 0.9999999 of a day rounds up into the next day rather than to 24:00:00.
    expect(serialToIso(45292.9999999, false)).toBe('2024-01-02');
    expect(serialToIso(0.25, false)).toBe('06:00:00');
  });

  it('honours the 1904 system', () => {
    expect(serialToIso(0, true)).toBe('1904-01-01');
    expect(serialToIso(43830, true)).toBe('2024-01-01');
  });

  it('gives up on serials no date has', () => {
    expect(serialToIso(-1, false)).toBeNull();
    expect(serialToIso(1e9, false)).toBeNull();
    expect(serialToIso(Number.NaN, false)).toBeNull();
  });

  it('agrees with the JS calendar for every day after 1900-03-01', () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 2958465 }), (serial) => {
        const iso = new Date(Date.UTC(1899, 11, 30) + serial * 86400000).toISOString().slice(0, 10);
        expect(serialToIso(serial, false)).toBe(iso);
        if (serial >= 1462) expect(serialToIso(serial - 1462, true)).toBe(iso);
      }),
    );
  });
});

describe('normaliseIsoDate', () => {
  it('shapes t="d" cell text like serial dates', () => {
    expect(normaliseIsoDate('2024-03-05T00:00:00Z')).toBe('2024-03-05');
    expect(normaliseIsoDate('2024-03-05T00:00:00.000')).toBe('2024-03-05');
    expect(normaliseIsoDate('2024-03-05')).toBe('2024-03-05');
    expect(normaliseIsoDate('2024-03-05T08:30:00+08:00')).toBe('2024-03-05 08:30:00');
    expect(normaliseIsoDate('08:30')).toBe('08:30:00');
    expect(normaliseIsoDate('not a date')).toBe('not a date');
  });
});
