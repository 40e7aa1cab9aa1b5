import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnIndex, columnLetter } from './columns.js';

describe('columnLetter', () => {
  it('names columns as Excel does', () => {
    expect(columnLetter(0)).toBe('A');
    expect(columnLetter(25)).toBe('Z');
    expect(columnLetter(26)).toBe('AA');
    expect(columnLetter(51)).toBe('AZ');
    expect(columnLetter(52)).toBe('BA');
    expect(columnLetter(44)).toBe('AS');
    expect(columnLetter(701)).toBe('ZZ');
    expect(columnLetter(702)).toBe('AAA');
    expect(columnLetter(16383)).toBe('XFD');
  });

  it('rejects negative and fractional indexes', () => {
    expect(() => columnLetter(-1)).toThrow(RangeError);
    expect(() => columnLetter(1.5)).toThrow(RangeError);
  });

  it('round-trips through columnIndex', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (n) => {
        const s = columnLetter(n);
        expect(s).toMatch(/^[A-Z]+$/);
        expect(columnIndex(s)).toBe(n);
        expect(columnIndex(s.toLowerCase())).toBe(n);
      }),
    );
  });

  it('orders like the columns: later index, later name', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 20_000 }), (a, b) => {
        const [x, y] = [columnLetter(a), columnLetter(b)];
        const byName = x.length !== y.length ? x.length - y.length : x < y ? -1 : x > y ? 1 : 0;
        expect(Math.sign(byName)).toBe(Math.sign(a - b));
      }),
    );
  });

  it('columnIndex refuses non-letters', () => {
    expect(columnIndex('')).toBe(-1);
    expect(columnIndex('A1')).toBe(-1);
    expect(columnIndex('列')).toBe(-1);
  });
});
