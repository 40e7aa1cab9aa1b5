import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { ageAt, checkCharacter, convert15to18, isValidIdNumber, makeIdNumber, maskIdNumber, normalizeIdText, parseIdNumber } from './idNumber.js';
import type { IdProblem, IdResult } from './idNumber.js';
import { PROVINCE_PREFIXES, isKnownProvincePrefix, provinceName } from './regionCodes.js';

/**
 * Named ID-number fixtures. Check characters were computed independently of the code under test
 * (by hand from the MOD 11-2 weights), so the scenarios can catch a wrong implementation.
 */
const ids = {
  /** The worked example printed in GB 11643-1999 itself: Beijing Chaoyang, 1949-12-31, woman. */
  standardExampleWithX: '11010519491231002X',
  /** Hunan Longhui, 1988-01-01, sequence 123 (man), check 1. */
  longhuiMan1988: '430524198801011231',
  /** Gansu Jingyuan, born on a leap day, sequence 001 (man). */
  jingyuanLeapDay1988: '620421198802290018',
  /** A genuine number whose last three characters are 000: must not be mistaken for float damage. */
  genuineEndingIn000: '620421198801013000',
  /** The old 15-digit form of standardExampleWithX. */
  standardExampleOld15: '110105491231002',
  /** The old 15-digit form of longhuiMan1988. */
  longhuiOld15: '430524880101123',
  /** standardExampleWithX with its X typed as 5. */
  wrongCheckExpectsX: '110105194912310025',
  /** 30 February, with a check character that would otherwise be right. */
  february30: '430524198802301230',
  /** Province prefix 99 does not exist; the check character is right. */
  province99: '990524198801011230',
  /** Born 1899: a real date, but outside the years we accept. */
  born1899: '430524189901011234',
  /** What Excel writes for longhuiMan1988 typed into a number cell: 15 digits then zeros. */
  excelZeroFilled: '430524198801011000',
  /** The same cell shown in scientific notation. */
  excelScientific: '4.30524198801011E+17',
  /** One digit short. */
  seventeenDigits: '43052419880101123',
  /** A capital letter O typed for the zero in the month. */
  letterOInside: '4305241988O1011231',
} as const;

function problemOf(result: IdResult): IdProblem | 'ok' {
  return result.ok ? 'ok' : result.problem;
}

function messageOf(result: IdResult): string {
  return result.ok ? '' : result.message;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries

const digit = fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((a) => a.join(''));

const regionCodeArb = fc.tuple(fc.constantFrom(...PROVINCE_PREFIXES), digits(4)).map(([prefix, rest]) => prefix + rest);

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

const birthDateArb = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map(isoDate);

const birthDate1900sArb = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('1999-12-31T00:00:00Z'), noInvalidDate: true }).map(isoDate);

const sequenceArb = fc.integer({ min: 0, max: 999 });

const validIdArb = fc.tuple(regionCodeArb, birthDateArb, sequenceArb).map(([region, date, seq]) => makeIdNumber(region, date, seq));

/** Characters real cells add around or inside an ID number. */
const noiseChars = [' ', '\t', '\u00A0', '\u3000', '\u200B', '\uFEFF', "'", '"', '“', '”', '\n'];

// ---------------------------------------------------------------------------------------------

describe('normalizeIdText', () => {
  it('folds full-width digits and letters to ASCII', () => {
    expect(normalizeIdText('１１０１０５１９４９１２３１００２Ｘ')).toBe(ids.standardExampleWithX);
    expect(normalizeIdText('１１０１０５１９４９１２３１００２ｘ')).toBe(ids.standardExampleWithX);
  });

  it('upper-cases a lower-case x', () => {
    expect(normalizeIdText('11010519491231002x')).toBe(ids.standardExampleWithX);
  });

  it('removes spaces, tabs, NBSP, ideographic and zero-width spaces anywhere', () => {
    expect(normalizeIdText(' 430524 19880101\t1231 ')).toBe(ids.longhuiMan1988);
    expect(normalizeIdText('430524\u00A019880101\u200B1231\u3000')).toBe(ids.longhuiMan1988);
    expect(normalizeIdText('\uFEFF430524198801011231\u200D')).toBe(ids.longhuiMan1988);
  });

  it("strips Excel's leading apostrophe and surrounding quotes", () => {
    expect(normalizeIdText("'430524198801011231")).toBe(ids.longhuiMan1988);
    expect(normalizeIdText('"430524198801011231"')).toBe(ids.longhuiMan1988);
    expect(normalizeIdText('“430524198801011231”')).toBe(ids.longhuiMan1988);
    expect(normalizeIdText(" '430524198801011231' ")).toBe(ids.longhuiMan1988);
  });

  it('keeps characters it cannot account for, so the parser can name them', () => {
    expect(normalizeIdText(ids.letterOInside)).toBe(ids.letterOInside);
    expect(normalizeIdText('430524-19880101-1231')).toBe('430524-19880101-1231');
  });

  it('spells numbers and gives empty text for non-values', () => {
    expect(normalizeIdText(430524880101123)).toBe(ids.longhuiOld15);
    expect(normalizeIdText(430524198801011231n)).toBe(ids.longhuiMan1988);
    expect(normalizeIdText(null)).toBe('');
    expect(normalizeIdText(undefined)).toBe('');
    expect(normalizeIdText({})).toBe('');
  });

  it('property: is idempotent', () => {
    const messy = fc.string({ unit: fc.constantFrom(...noiseChars, '0', '9', 'x', 'X', '０', 'ｘ', 'Ｘ', '＇', '＂', 'E', '.') });
    fc.assert(
      fc.property(fc.oneof(messy, fc.string({ unit: 'binary' }), fc.double()), (raw) => {
        const once = normalizeIdText(raw);
        expect(normalizeIdText(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });

  it('property: a valid ID wrapped in noise, full-width and lower case parses to the same number', () => {
    const decorated = fc.tuple(
      validIdArb,
      fc.array(fc.constantFrom(...noiseChars.filter((c) => !`'"“”`.includes(c))), { maxLength: 18 }),
      fc.array(fc.nat(17), { maxLength: 18 }),
      fc.boolean(),
      fc.constantFrom('', "'", '"'),
    );
    fc.assert(
      fc.property(decorated, ([id, noise, positions, fullWidth, wrap]) => {
        let text = id.toLowerCase();
        if (fullWidth) text = [...text].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
        const chars = [...text];
        noise.forEach((n, i) => chars.splice(positions[i] ?? 0, 0, n));
        const raw = wrap + chars.join('') + (wrap === "'" ? '' : wrap);
        const result = parseIdNumber(raw);
        expect(result.ok && result.value.normalized).toBe(id);
      }),
      { numRuns: 300 },
    );
  });
});

describe('checkCharacter', () => {
  it('gives X for the example in GB 11643', () => {
    expect(checkCharacter('11010519491231002')).toBe('X');
  });

  it('gives the digits worked out by hand', () => {
    expect(checkCharacter('43052419880101123')).toBe('1');
    expect(checkCharacter('62042119880229001')).toBe('8');
    expect(checkCharacter('62042119880101300')).toBe('0');
  });

  it('matches a table computed outside this code, one row per possible check character', () => {
    // Digits 1-9 only, so every weight takes part in every row.
    const table: Array<[string, string]> = [
      ['33242132443985469', '8'],
      ['48131961117111745', '7'],
      ['74414179468418861', '0'],
      ['89887315284431448', '9'],
      ['15791899331834129', '6'],
      ['57298457646846372', '3'],
      ['41338267581544831', '2'],
      ['84995977943571374', '4'],
      ['55114246624999778', '5'],
      ['27836613684285758', 'X'],
      ['88226473513757531', '1'],
    ];
    for (const [first17, expected] of table) expect(checkCharacter(first17), first17).toBe(expected);
  });

  it('rejects anything but 17 digits', () => {
    expect(() => checkCharacter('1101051949123100')).toThrow(RangeError);
    expect(() => checkCharacter('1101051949123100X')).toThrow(RangeError);
  });

  it('property: any 17 digits plus their check character never fails the check', () => {
    fc.assert(
      fc.property(digits(17), (first17) => {
        const problem = problemOf(parseIdNumber(first17 + checkCharacter(first17)));
        expect(problem).not.toBe('bad-check');
        expect(problem).not.toBe('float-damaged');
      }),
      { numRuns: 500 },
    );
  });

  it('property: with a real province and date, 17 digits plus their check character validate', () => {
    fc.assert(
      fc.property(regionCodeArb, birthDateArb, digits(3), (region, date, seq) => {
        const first17 = region + date.replaceAll('-', '') + seq;
        expect(isValidIdNumber(first17 + checkCharacter(first17))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('property: changing any single character of a valid ID makes it invalid', () => {
    fc.assert(
      fc.property(validIdArb, (id) => {
        for (let i = 0; i < 18; i++) {
          const alternatives = i === 17 ? '0123456789X' : '0123456789';
          for (const c of alternatives) {
            if (c === id[i]) continue;
            const changed = id.slice(0, i) + c + id.slice(i + 1);
            expect(isValidIdNumber(changed), changed).toBe(false);
            // Independently of region and date: MOD 11-2 alone catches every substitution.
            if (i < 17) expect(checkCharacter(changed.slice(0, 17))).not.toBe(id[17]);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseIdNumber: scenarios', () => {
  it('accepts a valid ID with an X check and reads date, sex and region', () => {
    const result = parseIdNumber(ids.standardExampleWithX);
    expect(result).toEqual({
      ok: true,
      value: {
        normalized: '11010519491231002X',
        birthDate: '1949-12-31',
        sex: 'F',
        regionCode: '110105',
        convertedFrom15: false,
      },
    });
  });

  it('accepts a lower-case x', () => {
    const result = parseIdNumber('11010519491231002x');
    expect(result.ok && result.value.normalized).toBe(ids.standardExampleWithX);
  });

  it('accepts full-width digits', () => {
    const result = parseIdNumber('４３０５２４１９８８０１０１１２３１');
    expect(result.ok && result.value.normalized).toBe(ids.longhuiMan1988);
    expect(result.ok && result.value.sex).toBe('M');
  });

  it('accepts spaces inside and around', () => {
    const result = parseIdNumber('  430524 1988 0101 1231 ');
    expect(result.ok && result.value.normalized).toBe(ids.longhuiMan1988);
  });

  it("accepts Excel's leading apostrophe", () => {
    const result = parseIdNumber("'430524198801011231");
    expect(result.ok && result.value.normalized).toBe(ids.longhuiMan1988);
  });

  it('accepts a leap-day birth in a leap year', () => {
    const result = parseIdNumber(ids.jingyuanLeapDay1988);
    expect(result.ok && result.value.birthDate).toBe('1988-02-29');
  });

  it('accepts a genuine number ending in 000 (it is not float damage)', () => {
    const result = parseIdNumber(ids.genuineEndingIn000);
    expect(result.ok && result.value.normalized).toBe(ids.genuineEndingIn000);
    expect(result.ok && result.value.sex).toBe('F');
  });

  it('converts a 15-digit old ID given as a string', () => {
    expect(parseIdNumber(ids.standardExampleOld15)).toEqual({
      ok: true,
      value: {
        normalized: ids.standardExampleWithX,
        birthDate: '1949-12-31',
        sex: 'F',
        regionCode: '110105',
        convertedFrom15: true,
      },
    });
  });

  it('converts a 15-digit old ID given as a spreadsheet number', () => {
    const result = parseIdNumber(430524880101123);
    expect(result.ok && result.value).toEqual({
      normalized: ids.longhuiMan1988,
      birthDate: '1988-01-01',
      sex: 'M',
      regionCode: '430524',
      convertedFrom15: true,
    });
  });

  it('accepts a 15-digit number written as text with a trailing .0 or in exact scientific notation', () => {
    expect(problemOf(parseIdNumber('430524880101123.0'))).toBe('ok');
    const sci = parseIdNumber('4.30524880101123E+14');
    expect(sci.ok && sci.value.normalized).toBe(ids.longhuiMan1988);
  });

  it('accepts a bigint (no precision was lost)', () => {
    expect(problemOf(parseIdNumber(430524198801011231n))).toBe('ok');
  });

  it('reports a wrong check character and names the expected one', () => {
    const result = parseIdNumber(ids.wrongCheckExpectsX);
    expect(problemOf(result)).toBe('bad-check');
    expect(messageOf(result)).toBe('身份证号“110105194912310025”校验位应为X，实际为5');
    expect(result.ok ? null : result.input).toBe(ids.wrongCheckExpectsX);
  });

  it('reports 30 February as a date that does not exist', () => {
    const result = parseIdNumber(ids.february30);
    expect(problemOf(result)).toBe('bad-date');
    expect(messageOf(result)).toContain('出生日期19880230不存在');
  });

  it('reports 29 February in a common year', () => {
    const first17 = '62042119890229001';
    const result = parseIdNumber(first17 + checkCharacter(first17));
    expect(problemOf(result)).toBe('bad-date');
    expect(messageOf(result)).toContain('出生日期19890229不存在');
  });

  it('reports a birth year before 1900', () => {
    const result = parseIdNumber(ids.born1899);
    expect(problemOf(result)).toBe('bad-date');
    expect(messageOf(result)).toContain('出生年份1899');
  });

  it('reports province prefix 99', () => {
    const result = parseIdNumber(ids.province99);
    expect(problemOf(result)).toBe('bad-region');
    expect(messageOf(result)).toContain('地区码990524无效');
    expect(messageOf(result)).toContain('前两位99');
  });

  describe('float-damaged numbers are reported, never repaired', () => {
    const advice = '单元格格式设为“文本”后重新录入该身份证号';

    it('a JS number holding an 18-digit ID', () => {
      const result = parseIdNumber(4.30524198801011e17);
      expect(problemOf(result)).toBe('float-damaged');
      expect(messageOf(result)).toContain(advice);
      expect(result.ok ? null : result.input).toBe('430524198801011000');
    });

    it('any number at or above 2^53, and any integer of 16+ digits', () => {
      expect(problemOf(parseIdNumber(2 ** 53))).toBe('float-damaged');
      expect(problemOf(parseIdNumber(1234567890123456))).toBe('float-damaged');
    });

    it('the same number as scientific-notation text', () => {
      const result = parseIdNumber(ids.excelScientific);
      expect(problemOf(result)).toBe('float-damaged');
      expect(messageOf(result)).toContain(advice);
      expect(problemOf(parseIdNumber('4.30524198801011e+17'))).toBe('float-damaged');
    });

    it('scientific notation rounded for display, even for a 15-digit number', () => {
      expect(problemOf(parseIdNumber('4.30525E+14'))).toBe('float-damaged');
    });

    it('the zero-filled text Excel writes for an 18-digit number cell', () => {
      const result = parseIdNumber(ids.excelZeroFilled);
      expect(problemOf(result)).toBe('float-damaged');
      expect(messageOf(result)).toContain(advice);
    });

    it('an 18-digit decimal with a trailing .0', () => {
      expect(problemOf(parseIdNumber('430524198801011000.0'))).toBe('float-damaged');
    });
  });

  it('reports 17 digits as the wrong length, with the count', () => {
    const result = parseIdNumber(ids.seventeenDigits);
    expect(problemOf(result)).toBe('bad-length');
    expect(messageOf(result)).toContain('实际为17位');
  });

  it('reports a letter inside and names it', () => {
    const result = parseIdNumber(ids.letterOInside);
    expect(problemOf(result)).toBe('bad-characters');
    expect(messageOf(result)).toContain('非法字符“O”');
  });

  it('reports an X anywhere but the last place of an 18-digit number', () => {
    expect(problemOf(parseIdNumber('1101051949123100X2'))).toBe('bad-characters');
    expect(problemOf(parseIdNumber('11010549123100X'))).toBe('bad-characters');
  });

  it('reports empty cells as empty', () => {
    for (const raw of [null, undefined, '', '   ', "'", '\u200B']) {
      expect(problemOf(parseIdNumber(raw))).toBe('empty');
    }
  });

  it('reports values that are neither text nor number', () => {
    const result = parseIdNumber(new Date('1988-01-01T00:00:00Z'));
    expect(problemOf(result)).toBe('bad-characters');
    expect(problemOf(parseIdNumber(true))).toBe('bad-characters');
    expect(problemOf(parseIdNumber(-430524880101123))).toBe('bad-characters');
    expect(problemOf(parseIdNumber(4305248801.5))).toBe('bad-characters');
  });

  it('isValidIdNumber agrees with parseIdNumber', () => {
    expect(isValidIdNumber(ids.standardExampleWithX)).toBe(true);
    expect(isValidIdNumber(ids.wrongCheckExpectsX)).toBe(false);
  });
});

describe('convert15to18', () => {
  it('inserts 19 and appends the check character', () => {
    expect(convert15to18(ids.standardExampleOld15)).toBe(ids.standardExampleWithX);
    expect(convert15to18(ids.longhuiOld15)).toBe(ids.longhuiMan1988);
  });

  it('rejects anything but 15 digits', () => {
    expect(() => convert15to18(ids.standardExampleWithX)).toThrow(RangeError);
  });

  it('property: the result validates and keeps region, birth date and sex', () => {
    fc.assert(
      fc.property(regionCodeArb, birthDate1900sArb, sequenceArb, (region, date, seq) => {
        const old15 = region + date.slice(2).replaceAll('-', '') + String(seq).padStart(3, '0');
        const id18 = convert15to18(old15);
        const result = parseIdNumber(id18);
        expect(result.ok).toBe(true);
        if (!result.ok) return;
        expect(result.value.birthDate).toBe(date);
        expect(result.value.sex).toBe(seq % 2 === 1 ? 'M' : 'F');
        expect(result.value.regionCode).toBe(region);
        const viaParse = parseIdNumber(old15);
        expect(viaParse.ok && viaParse.value).toEqual({ ...result.value, convertedFrom15: true });
      }),
      { numRuns: 300 },
    );
  });
});

describe('makeIdNumber', () => {
  it('builds the fixture numbers', () => {
    expect(makeIdNumber('110105', '1949-12-31', 2)).toBe(ids.standardExampleWithX);
    expect(makeIdNumber('620421', '1988-02-29', 1)).toBe(ids.jingyuanLeapDay1988);
  });

  it('refuses impossible arguments', () => {
    expect(() => makeIdNumber('990524', '1988-01-01', 1)).toThrow(RangeError);
    expect(() => makeIdNumber('43052', '1988-01-01', 1)).toThrow(RangeError);
    expect(() => makeIdNumber('430524', '1988-02-30', 1)).toThrow(RangeError);
    expect(() => makeIdNumber('430524', '1899-12-31', 1)).toThrow(RangeError);
    expect(() => makeIdNumber('430524', '1988-01-01', 1000)).toThrow(RangeError);
    expect(() => makeIdNumber('430524', '1988-01-01', 1.5)).toThrow(RangeError);
  });

  it('property: round-trips region, birth date and sex (odd sequence = man)', () => {
    fc.assert(
      fc.property(regionCodeArb, birthDateArb, sequenceArb, (region, date, seq) => {
        const id = makeIdNumber(region, date, seq);
        const result = parseIdNumber(id);
        expect(result).toEqual({
          ok: true,
          value: {
            normalized: id,
            birthDate: date,
            sex: seq % 2 === 1 ? 'M' : 'F',
            regionCode: region,
            convertedFrom15: false,
          },
        });
      }),
      { numRuns: 500 },
    );
  });
});

describe('ageAt', () => {
  it('counts the birthday itself', () => {
    expect(ageAt('2005-09-01', '2018-09-01')).toBe(13);
  });

  it('is one less on the day before the birthday', () => {
    expect(ageAt('2005-09-01', '2018-08-31')).toBe(12);
  });

  it('is 0 on the day of birth and negative before it', () => {
    expect(ageAt('2018-03-10', '2018-03-10')).toBe(0);
    expect(ageAt('2018-03-10', '2018-03-09')).toBe(-1);
  });

  it('a 29 February birth turns a year older on 1 March in common years', () => {
    expect(ageAt('2000-02-29', '2018-02-28')).toBe(17);
    expect(ageAt('2000-02-29', '2018-03-01')).toBe(18);
  });

  it('a 29 February birth turns a year older on 29 February in leap years', () => {
    expect(ageAt('2000-02-29', '2016-02-28')).toBe(15);
    expect(ageAt('2000-02-29', '2016-02-29')).toBe(16);
  });

  it('rejects malformed dates', () => {
    expect(() => ageAt('2005-02-30', '2018-09-01')).toThrow(RangeError);
    expect(() => ageAt('20050901', '2018-09-01')).toThrow(RangeError);
  });

  it('property: on any later birthday the age is the difference in years', () => {
    fc.assert(
      fc.property(birthDateArb, fc.integer({ min: 0, max: 120 }), (birth, years) => {
        const year = Number(birth.slice(0, 4)) + years;
        const monthDay = birth.slice(5);
        const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
        const birthday = `${year}-${monthDay === '02-29' && !leap ? '03-01' : monthDay}`;
        expect(ageAt(birth, birthday)).toBe(years);
      }),
      { numRuns: 300 },
    );
  });
});

describe('maskIdNumber', () => {
  it('keeps the first 4 and last 4 characters of an 18-character number', () => {
    expect(maskIdNumber(ids.longhuiMan1988)).toBe('4305**********1231');
    expect(maskIdNumber(ids.standardExampleWithX)).toBe('1101**********002X');
  });

  it('hides the birth date of an old 15-digit number too', () => {
    expect(maskIdNumber(ids.longhuiOld15)).toBe('4305*******1123');
  });

  it('normalises first, so spacing cannot shift what is shown', () => {
    expect(maskIdNumber(' 430524 19880101 1231 ')).toBe('4305**********1231');
    expect(maskIdNumber('１１０１０５１９４９１２３１００２ｘ')).toBe('1101**********002X');
  });

  it('masks short text completely', () => {
    expect(maskIdNumber('43052419')).toBe('********');
    expect(maskIdNumber('')).toBe('');
  });
});

describe('regionCodes', () => {
  it('knows the province-level prefixes and nothing else', () => {
    expect(PROVINCE_PREFIXES).toHaveLength(34);
    expect(isKnownProvincePrefix('620421')).toBe(true);
    expect(provinceName('620421')).toBe('甘肃');
    expect(isKnownProvincePrefix('990524')).toBe(false);
    expect(isKnownProvincePrefix('100000')).toBe(false);
    expect(provinceName('990524')).toBeUndefined();
    expect(isKnownProvincePrefix('toString')).toBe(false);
  });
});
