import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { rateWithInterval, sampleRates } from './sampling.js';

describe('rateWithInterval (Wilson score)', () => {
  it('matches published Wilson intervals', () => {
    // Reference values: Newcombe (1998), Table I, and direct evaluation of the formula.
    const a = rateWithInterval(1, 100);
    expect(a.rate).toBe(0.01);
    expect(a.low).toBeCloseTo(0.0018, 4);
    expect(a.high).toBeCloseTo(0.0545, 4);
    const b = rateWithInterval(5, 10);
    expect(b.low).toBeCloseTo(0.2366, 4);
    expect(b.high).toBeCloseTo(0.7634, 4);
  });

  it('keeps a useful upper bound at zero events and stays inside [0, 1]', () => {
    expect(rateWithInterval(0, 10)).toEqual({ rate: 0, low: 0, high: expect.closeTo(0.2775, 4) });
    const all = rateWithInterval(10, 10);
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(0.7225, 4);
  });

  it('narrows with a bigger sample', () => {
    const small = rateWithInterval(2, 100);
    const big = rateWithInterval(20, 1000);
    expect(big.high! - big.low!).toBeLessThan(small.high! - small.low!);
  });

  it('uses the z it is given', () => {
    const z95 = rateWithInterval(5, 50);
    const z99 = rateWithInterval(5, 50, 2.5758);
    expect(z99.low!).toBeLessThan(z95.low!);
    expect(z99.high!).toBeGreaterThan(z95.high!);
  });

  it('has no rate without a sample', () => {
    expect(rateWithInterval(0, 0)).toEqual({ rate: null, low: null, high: null });
  });

  it('refuses impossible counts', () => {
    expect(() => rateWithInterval(3, 2)).toThrow(/抽样数据无效/);
    expect(() => rateWithInterval(-1, 2)).toThrow(RangeError);
    expect(() => rateWithInterval(1.5, 2)).toThrow(RangeError);
    expect(() => rateWithInterval(1, 2, 0)).toThrow(RangeError);
  });

  it('always brackets the observed rate inside [0, 1] (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100000 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))),
        ([s, n]) => {
          const r = rateWithInterval(s, n);
          expect(r.low!).toBeGreaterThanOrEqual(0);
          expect(r.high!).toBeLessThanOrEqual(1);
          expect(r.low!).toBeLessThanOrEqual(r.rate! + 1e-12);
          expect(r.high!).toBeGreaterThanOrEqual(r.rate! - 1e-12);
        },
      ),
    );
  });
});

describe('sampleRates', () => {
  it('gives the three rates of the county check', () => {
    const r = sampleRates({ exitedSampled: 200, misexited: 2, unregisteredSampled: 400, omitted: 4, surveyed: 300, approving: 285 });
    expect(r.misexit.rate).toBe(0.01);
    expect(r.misexit.high).toBeCloseTo(0.0357, 4);
    expect(r.omission.rate).toBe(0.01);
    expect(r.approval.rate).toBe(0.95);
    expect(r.approval.low).toBeCloseTo(0.9192, 4);
  });
});
