// Error-rate estimates from samples (spot checks, the third-party county check). Pure.
//
// The Wilson score interval is used instead of the textbook p ± z·√(p(1−p)/n): with the small
// samples and rates near 0 that these checks produce (2 misexits in 150 people), the textbook
// interval collapses to [0, 0] at zero errors and dips below 0, while Wilson stays inside [0, 1]
// and keeps a useful upper bound.
import type { SampleCheck } from './assessment.js';

export const Z_95 = 1.959963984540054;

export interface RateEstimate {
  rate: number | null;
  low: number | null;
  high: number | null;
}

export function rateWithInterval(successes: number, n: number, z: number = Z_95): RateEstimate {
  if (!Number.isInteger(successes) || !Number.isInteger(n) || successes < 0 || n < 0 || successes > n) {
    throw new RangeError(`抽样数据无效：${successes}/${n}（应为0 ≤ 发生数 ≤ 样本数的整数）`);
  }
  if (!(z > 0)) throw new RangeError(`置信系数z应为正数，收到${z}`);
  if (n === 0) return { rate: null, low: null, high: null };
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0 or n successes the bound is exactly 0 or 1 in theory; rounding must not make it 1e-17.
  const low = successes === 0 ? 0 : Math.max(0, centre - half);
  const high = successes === n ? 1 : Math.min(1, centre + half);
  return { rate: p, low, high };
}

export interface SampleRates {
  misexit: RateEstimate;
  omission: RateEstimate;
  approval: RateEstimate;
}

/** The three rates of the county exit check (docs/rulebooks.md) with 95% Wilson intervals. */
export function sampleRates(sample: SampleCheck, z: number = Z_95): SampleRates {
  return {
    misexit: rateWithInterval(sample.misexited, sample.exitedSampled, z),
    omission: rateWithInterval(sample.omitted, sample.unregisteredSampled, z),
    approval: rateWithInterval(sample.approving, sample.surveyed, z),
  };
}
