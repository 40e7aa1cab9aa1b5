// Spot checks (抽查) that anyone can redraw: a sample is a pure function of a population snapshot,
// a seed and a design. The snapshot is fingerprinted, so a redraw on other data is detected rather
// than silently giving another sample; the draw never depends on the order the units arrive in.
//
// Estimates are stratified by village: each village's error share is weighted by its population,
// the variance carries the finite-population correction, and the interval is Wilson's on the
// effective sample size (Kish: p(1-p)/var), which stays inside [0, 1] at zero errors where the
// normal interval collapses.
import { sha256Hex } from './digest.js';
import { Random } from './random.js';
import { Z_95, type RateEstimate } from './sampling.js';

export interface SampleUnit {
  /** 户编号 (or another stable unit key). */
  id: string;
  villageCode: string;
  townshipCode: string;
  /** The fields that put the unit in the population (status, class): a change to them changes the fingerprint. */
  membership?: string;
}

export type SampleDesign = { kind: 'share'; share: number; minPerVillage: number } | { kind: 'per-village'; perVillage: number; minPerVillage: number };

export interface DrawnStratum {
  villageCode: string;
  townshipCode: string;
  population: number;
  /** Sampled unit ids, sorted. */
  sampled: string[];
}

export interface DrawnSample {
  seed: number;
  design: SampleDesign;
  fingerprint: string;
  population: number;
  size: number;
  strata: DrawnStratum[];
}

export class SampleDesignError extends RangeError {
  override name = 'SampleDesignError';
}

function checkDesign(d: SampleDesign): void {
  if (!Number.isInteger(d.minPerVillage) || d.minPerVillage < 0) throw new SampleDesignError(`每村最少抽取户数应为非负整数，收到 ${d.minPerVillage}`);
  if (d.kind === 'share' && !(d.share > 0 && d.share <= 1)) throw new SampleDesignError(`抽样比例应在 0 到 1 之间（不含 0），收到 ${d.share}`);
  if (d.kind === 'per-village' && (!Number.isInteger(d.perVillage) || d.perVillage < 1))
    throw new SampleDesignError(`每村抽取户数应为正整数，收到 ${d.perVillage}`);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Units sorted by village then id, with duplicates refused: the canonical snapshot. */
function canonical(units: readonly SampleUnit[]): SampleUnit[] {
  const sorted = [...units].sort((a, b) => compare(a.villageCode, b.villageCode) || compare(a.id, b.id));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.id === sorted[i - 1]!.id && sorted[i]!.villageCode === sorted[i - 1]!.villageCode) {
      throw new SampleDesignError(`抽样总体中户编号 ${sorted[i]!.id} 重复`);
    }
  }
  return sorted;
}

/**
 * SHA-256 over the canonical snapshot (village, township, id and, when given, the membership
 * fields, per line): the same units give the same fingerprint whatever their order.
 */
export function snapshotFingerprint(units: readonly SampleUnit[]): string {
  return sha256Hex(
    canonical(units)
      .map((u) => `${u.villageCode}\t${u.townshipCode}\t${u.id}${u.membership === undefined ? '' : `\t${u.membership}`}`)
      .join('\n'),
  );
}

/** How many to draw from a village of `population` units. */
export function stratumSize(population: number, design: SampleDesign): number {
  const wanted = design.kind === 'share' ? Math.ceil(population * design.share - 1e-9) : design.perVillage;
  return Math.min(population, Math.max(wanted, design.minPerVillage));
}

/**
 * Draws a stratified sample. Each village has its own stream (seed, village code), so adding a
 * village elsewhere does not change this village's draw; within a village, a partial
 * Fisher-Yates shuffle over the id-sorted units picks without replacement.
 */
export function drawSample(units: readonly SampleUnit[], seed: number, design: SampleDesign): DrawnSample {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new SampleDesignError(`随机种子应为非负整数，收到 ${seed}`);
  checkDesign(design);
  const sorted = canonical(units);
  const strata: DrawnStratum[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j < sorted.length && sorted[j]!.villageCode === sorted[i]!.villageCode) j++;
    const group = sorted.slice(i, j);
    const n = stratumSize(group.length, design);
    const rng = Random.derive(seed, 'spot-check', group[0]!.villageCode);
    const ids = group.map((u) => u.id);
    for (let k = 0; k < n; k++) {
      const pick = rng.int(k, ids.length - 1);
      [ids[k], ids[pick]] = [ids[pick]!, ids[k]!];
    }
    strata.push({ villageCode: group[0]!.villageCode, townshipCode: group[0]!.townshipCode, population: group.length, sampled: ids.slice(0, n).sort(compare) });
    i = j;
  }
  return {
    seed,
    design,
    fingerprint: snapshotFingerprint(sorted),
    population: sorted.length,
    size: strata.reduce((s, x) => s + x.sampled.length, 0),
    strata,
  };
}

export interface StratumResult {
  population: number;
  checked: number;
  errors: number;
}

export interface StratifiedEstimate extends RateEstimate {
  checked: number;
  errors: number;
  population: number;
  /** Estimated units in error in the population, with the interval carried over. */
  estimatedErrors: number | null;
  estimatedErrorsLow: number | null;
  estimatedErrorsHigh: number | null;
}

/** Stratified error rate (weighted by stratum population) with a Wilson interval on the effective sample size. */
export function stratifiedErrorRate(strata: readonly StratumResult[], z: number = Z_95): StratifiedEstimate {
  let population = 0;
  let checked = 0;
  let errors = 0;
  for (const s of strata) {
    if (
      !Number.isInteger(s.population) ||
      !Number.isInteger(s.checked) ||
      !Number.isInteger(s.errors) ||
      s.errors < 0 ||
      s.checked < s.errors ||
      s.population < s.checked
    ) {
      throw new SampleDesignError(`抽查结果无效：总体 ${s.population}，核查 ${s.checked}，有误 ${s.errors}`);
    }
    population += s.population;
    checked += s.checked;
    errors += s.errors;
  }
  const covered = strata.filter((s) => s.checked > 0);
  const coveredPopulation = covered.reduce((n, s) => n + s.population, 0);
  if (checked === 0 || coveredPopulation === 0) {
    return { rate: null, low: null, high: null, checked, errors, population, estimatedErrors: null, estimatedErrorsLow: null, estimatedErrorsHigh: null };
  }
  // Strata with no checked unit carry no information; the estimate speaks for the strata checked.
  let p = 0;
  let variance = 0;
  for (const s of covered) {
    const w = s.population / coveredPopulation;
    const ph = s.errors / s.checked;
    p += w * ph;
    const fpc = s.population > 1 ? (s.population - s.checked) / (s.population - 1) : 0;
    if (s.checked > 1) variance += (w * w * fpc * (ph * (1 - ph))) / (s.checked - 1);
  }
  const nEff = variance > 0 && p > 0 && p < 1 ? Math.max(1, Math.min(checked, (p * (1 - p)) / variance)) : checked;
  const { low, high } = wilson(p, nEff, z);
  return {
    rate: p,
    low,
    high,
    checked,
    errors,
    population,
    estimatedErrors: p * population,
    estimatedErrorsLow: low * population,
    estimatedErrorsHigh: high * population,
  };
}

/** Wilson score interval for a share `p` observed on an (effective, possibly fractional) sample of `n`. */
export function wilson(p: number, n: number, z: number = Z_95): { low: number; high: number } {
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: p === 0 ? 0 : Math.max(0, centre - half), high: p === 1 ? 1 : Math.min(1, centre + half) };
}

/**
 * Households to sample to estimate a share near `expected` within ±`margin` at the z level, with
 * the finite-population correction (Cochran). The rulebook gives expected and margin.
 */
export function sampleSizeForProportion(expected: number, margin: number, population: number, z: number = Z_95): number {
  if (!(expected > 0 && expected < 1)) throw new SampleDesignError(`预期比例应在 0 与 1 之间，收到 ${expected}`);
  if (!(margin > 0 && margin < 1)) throw new SampleDesignError(`允许误差应在 0 与 1 之间，收到 ${margin}`);
  if (!Number.isInteger(population) || population < 0) throw new SampleDesignError(`总体数应为非负整数，收到 ${population}`);
  if (population === 0) return 0;
  const n0 = (z * z * expected * (1 - expected)) / (margin * margin);
  return Math.min(population, Math.ceil(n0 / (1 + (n0 - 1) / population)));
}
