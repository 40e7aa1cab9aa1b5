import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Random, hashString } from './random.js';

function firstValues(rng: Random, n: number): number[] {
  return Array.from({ length: n }, () => rng.nextUint32());
}

describe('Random', () => {
  it('repeats the same stream for the same seed', () => {
    expect(firstValues(new Random(42), 20)).toEqual(firstValues(new Random(42), 20));
  });

  it('gives different streams for neighbouring seeds', () => {
    expect(firstValues(new Random(42), 5)).not.toEqual(firstValues(new Random(43), 5));
  });

  it('pins the stream, so a change of algorithm is noticed (it would change every demo county)', () => {
    expect(firstValues(new Random(20181231), 4)).toEqual([2284083049, 4228053421, 1939441199, 2249859152]);
  });

  it('derives independent, reproducible sub-streams from labels', () => {
    const a = Random.derive(7, 'village', '629901101201');
    const b = Random.derive(7, 'village', '629901101201');
    const c = Random.derive(7, 'village', '629901101202');
    const va = firstValues(a, 5);
    expect(va).toEqual(firstValues(b, 5));
    expect(va).not.toEqual(firstValues(c, 5));
  });

  it('hashes strings with FNV-1a', () => {
    // Published FNV-1a 32-bit test vectors.
    expect(hashString('')).toBe(0x811c9dc5);
    expect(hashString('a')).toBe(0xe40c292c);
    expect(hashString('foobar')).toBe(0xbf9cf968);
  });

  it('keeps int() within its inclusive bounds for any seed', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 1000 }), (seed, min, span) => {
        const rng = new Random(seed);
        for (let i = 0; i < 20; i++) {
          const x = rng.int(min, min + span);
          if (!(Number.isInteger(x) && x >= min && x <= min + span)) return false;
        }
        return true;
      }),
    );
  });

  it('keeps next() in [0, 1) and roughly uniform', () => {
    const rng = new Random(5);
    const buckets = new Array<number>(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = rng.next();
      if (!(x >= 0 && x < 1)) outside++;
      else buckets[Math.floor(x * 10)]! += 1;
    }
    expect(outside).toBe(0);
    for (const b of buckets) expect(Math.abs(b - 2_000)).toBeLessThan(200);
  });

  it('picks by weight', () => {
    const rng = new Random(9);
    let heavy = 0;
    for (let i = 0; i < 10_000; i++)
      if (
        rng.weighted([
          ['heavy', 3],
          ['light', 1],
        ] as const) === 'heavy'
      )
        heavy++;
    expect(heavy / 10_000).toBeGreaterThan(0.72);
    expect(heavy / 10_000).toBeLessThan(0.78);
    expect(() => rng.weighted([['x', 0]] as const)).toThrow(/权重/);
  });

  it('draws approximately normal values around the mean, bounded', () => {
    const rng = new Random(3);
    const xs = Array.from({ length: 5_000 }, () => rng.normal(100, 10));
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean - 100)).toBeLessThan(1);
    expect(Math.abs(sd - 10)).toBeLessThan(0.6);
    expect(Math.max(...xs)).toBeLessThanOrEqual(100 + 10 * 3 * Math.SQRT2);
  });

  it('shuffles into a permutation', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = new Random(1).shuffle([...items]);
    expect(shuffled).not.toEqual(items);
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items);
  });

  it('refuses a seed that is not a finite number', () => {
    expect(() => new Random(Number.NaN)).toThrow(/随机种子/);
  });
});
