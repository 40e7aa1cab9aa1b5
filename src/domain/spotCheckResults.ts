// From households to a spot check's population, and from filled check forms to error rates with
// intervals (docs/spot-checks.md). Pure: the store hands in the snapshot and the forms.
//
// Two kinds of exercise share the forms:
// - a spot check (抽查): villages are the strata, every village of the population is sampled;
//   township and county rates are stratified estimates (spotCheck.ts), carried to the population;
// - the three-rate pre-assessment (三率一度): villages are sampled first, then exited households
//   in them (misexit), non-registered households are surveyed there (omission), and every
//   surveyed household is asked for its approval. Misexit and omission are counted in people, as
//   the national check counts them; approval in households.
import type { CountyAssessment, Criterion } from './assessment.js';
import { sha256Hex } from './digest.js';
import { Random } from './random.js';
import { rateWithInterval, type RateEstimate } from './sampling.js';
import {
  drawSample,
  snapshotFingerprint,
  SampleDesignError,
  stratifiedErrorRate,
  type DrawnSample,
  type SampleUnit,
  type StratifiedEstimate,
} from './spotCheck.js';
import type { SpotCheckPopulation, SpotCheckSettings } from './spotCheckSettings.js';
import type { ExitStatus } from './types.js';
import { formatPercent } from './village.js';

/** A registered household as a population is built from: where it is, its status, its latest class, its people. */
export interface PopulationHousehold {
  id: string;
  villageCode: string;
  townshipCode: string;
  status: ExitStatus;
  class: string | null;
  people: number;
}

export function inPopulation(pop: SpotCheckPopulation, h: PopulationHousehold): boolean {
  if (pop.statuses !== undefined && !pop.statuses.includes(h.status)) return false;
  if (pop.classes !== undefined && (h.class === null || !pop.classes.includes(h.class))) return false;
  return true;
}

/** The population's units; the membership fields (status, class) enter the snapshot's fingerprint. */
export function populationUnits(pop: SpotCheckPopulation, households: readonly PopulationHousehold[]): SampleUnit[] {
  return households
    .filter((h) => inPopulation(pop, h))
    .map((h) => ({ id: h.id, villageCode: h.villageCode, townshipCode: h.townshipCode, membership: `${h.status}|${h.class ?? ''}` }));
}

/**
 * z for a two-sided confidence level: Acklam's rational approximation of the normal quantile
 * (relative error below 1.2e-9), so the level is a rulebook number rather than a table in code.
 */
export function zForConfidence(confidence: number): number {
  if (!(confidence > 0 && confidence < 1)) throw new SampleDesignError(`置信水平应在 0 与 1 之间，收到 ${confidence}`);
  const p = 1 - (1 - confidence) / 2;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pHigh = 1 - 0.02425;
  if (p <= pHigh) {
    const q = p - 0.5;
    const r = q * q;
    return (
      ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
    );
  }
  const q = Math.sqrt(-2 * Math.log(1 - p));
  return -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) / ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
}

// ------------------------------------------------------------------ the three-rate draw

export interface VillageUnit {
  code: string;
  townshipCode: string;
}

export interface ThreeRateDraw extends DrawnSample {
  /** Sampled villages, sorted (exited households are drawn in these only). */
  villages: string[];
  /** Non-registered households to survey in each sampled village. */
  unregisteredPerVillage: number;
}

/**
 * Villages first (poor and non-poor alike, a seeded shuffle of the sorted codes), then exited
 * households in them, the registered share spread evenly over the sampled villages with the
 * minimum per village. The fingerprint covers the population and the village list, so a village
 * added or removed is detected as well.
 */
export function drawThreeRate(
  units: readonly SampleUnit[],
  villages: readonly VillageUnit[],
  seed: number,
  settings: SpotCheckSettings['threeRate'],
): ThreeRateDraw {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new SampleDesignError(`随机种子应为非负整数，收到 ${seed}`);
  const codes = [...new Set(villages.map((v) => v.code))].sort();
  if (codes.length === 0) throw new SampleDesignError('没有可抽取的行政村');
  const shuffled = Random.derive(seed, 'three-rate', 'villages').shuffle([...codes]);
  const chosen = shuffled.slice(0, Math.min(settings.villages, codes.length)).sort();
  const perVillage = Math.max(settings.minPerVillage, Math.ceil(settings.registeredHouseholds / chosen.length));
  const set = new Set(chosen);
  const inVillages = units.filter((u) => set.has(u.villageCode));
  const sample =
    inVillages.length === 0
      ? { seed, design: { kind: 'per-village' as const, perVillage, minPerVillage: 0 }, fingerprint: '', population: 0, size: 0, strata: [] }
      : drawSample(inVillages, seed, { kind: 'per-village', perVillage, minPerVillage: 0 });
  return {
    ...sample,
    population: units.length,
    fingerprint: sha256Hex(`${snapshotFingerprint(units)}\n${codes.join(',')}`),
    villages: chosen,
    unregisteredPerVillage: Math.max(settings.minPerVillage, Math.ceil(settings.unregisteredHouseholds / chosen.length)),
  };
}

// ------------------------------------------------------------------ forms and estimates

/** A filled check form (核查表). */
export interface CheckAnswers {
  classRight: boolean;
  incomeRight: boolean;
  /** Indicator code -> as recorded is right. */
  indicatorsRight: Record<string, boolean>;
  dataAsOnSite: boolean;
  /** 认可: null when the household was not asked (absent). */
  approves: boolean | null;
}

/** Any answer that finds the record wrong. */
export function formFindsError(a: CheckAnswers): boolean {
  return !a.classRight || !a.incomeRight || !a.dataAsOnSite || Object.values(a.indicatorsRight).some((v) => !v);
}

/** A village of the population at the draw: its households and their people. */
export interface StratumFacts {
  villageCode: string;
  townshipCode: string;
  households: number;
  people: number;
  /** Non-registered rural people (rural population less the registered), for omission. */
  unregisteredPeople?: number;
}

export interface CheckedHousehold {
  householdId: string;
  villageCode: string;
  people: number;
  answers: CheckAnswers;
}

export interface AreaEstimates {
  code: string;
  sampled: number;
  checked: number;
  /** Wrongly classed (类别不准): the count carried to the population is the county's estimate. */
  classError: StratifiedEstimate;
  /** Any answer wrong (class, income, an indicator, data not as on site). */
  anyError: StratifiedEstimate;
  approval: RateEstimate & { asked: number; approving: number };
}

function estimatesFor(
  code: string,
  strata: readonly StratumFacts[],
  sampledByVillage: Map<string, number>,
  forms: readonly CheckedHousehold[],
  z: number,
): AreaEstimates {
  const byVillage = new Map<string, CheckedHousehold[]>();
  for (const f of forms) {
    const list = byVillage.get(f.villageCode);
    if (list) list.push(f);
    else byVillage.set(f.villageCode, [f]);
  }
  const result = (wrong: (a: CheckAnswers) => boolean) =>
    stratifiedErrorRate(
      strata.map((s) => {
        const fs = byVillage.get(s.villageCode) ?? [];
        return { population: s.households, checked: fs.length, errors: fs.filter((f) => wrong(f.answers)).length };
      }),
      z,
    );
  const asked = forms.filter((f) => f.answers.approves !== null);
  const approving = asked.filter((f) => f.answers.approves === true).length;
  return {
    code,
    sampled: strata.reduce((n, s) => n + (sampledByVillage.get(s.villageCode) ?? 0), 0),
    checked: forms.length,
    classError: result((a) => !a.classRight),
    anyError: result(formFindsError),
    approval: { ...rateWithInterval(approving, asked.length, z), asked: asked.length, approving },
  };
}

/** Rates per township and for the whole population, each stratified by village. */
export function spotCheckEstimates(
  strata: readonly StratumFacts[],
  sampledByVillage: Map<string, number>,
  forms: readonly CheckedHousehold[],
  z: number,
): { county: AreaEstimates; townships: AreaEstimates[] } {
  const villageTownship = new Map(strata.map((s) => [s.villageCode, s.townshipCode]));
  const townships = [...new Set(strata.map((s) => s.townshipCode))].sort();
  return {
    county: estimatesFor('county', strata, sampledByVillage, forms, z),
    townships: townships.map((t) =>
      estimatesFor(
        t,
        strata.filter((s) => s.townshipCode === t),
        sampledByVillage,
        forms.filter((f) => villageTownship.get(f.villageCode) === t),
        z,
      ),
    ),
  };
}

/** 漏评 short form: a non-registered household surveyed in a sampled village. */
export interface SurveyedHousehold {
  villageCode: string;
  people: number;
  /** People in it who meet the identification standard (should have been registered). */
  eligiblePeople: number;
  approves: boolean | null;
}

export interface ThreeRates {
  misexit: StratifiedEstimate;
  omission: StratifiedEstimate;
  approval: RateEstimate & { asked: number; approving: number };
}

/**
 * Misexit: people in exited households found wrongly exited (类别不准: income not stably above the
 * line or a guarantee missing) ÷ people checked, weighted by the sampled villages' exited people and
 * carried to every exited person. Omission: eligible people found ÷ non-registered people surveyed,
 * weighted by the villages' non-registered population. Approval: households approving ÷ asked.
 */
export function threeRates(
  strata: readonly StratumFacts[],
  sampledVillages: readonly string[],
  forms: readonly CheckedHousehold[],
  surveys: readonly SurveyedHousehold[],
  z: number,
): ThreeRates {
  const sampled = new Set(sampledVillages);
  const misexit = stratifiedErrorRate(
    strata.map((s) => {
      const fs = forms.filter((f) => f.villageCode === s.villageCode);
      return {
        population: Math.max(
          s.people,
          fs.reduce((n, f) => n + f.people, 0),
        ),
        checked: fs.reduce((n, f) => n + f.people, 0),
        errors: fs.filter((f) => !f.answers.classRight).reduce((n, f) => n + f.people, 0),
      };
    }),
    z,
  );
  const omission = stratifiedErrorRate(
    strata
      .filter((s) => sampled.has(s.villageCode) || (s.unregisteredPeople ?? 0) > 0)
      .map((s) => {
        const ss = surveys.filter((x) => x.villageCode === s.villageCode);
        const checked = ss.reduce((n, x) => n + x.people, 0);
        return { population: Math.max(s.unregisteredPeople ?? 0, checked), checked, errors: ss.reduce((n, x) => n + x.eligiblePeople, 0) };
      }),
    z,
  );
  const answers = [...forms.map((f) => f.answers.approves), ...surveys.map((s) => s.approves)].filter((a): a is boolean => a !== null);
  const approving = answers.filter((a) => a).length;
  return { misexit, omission, approval: { ...rateWithInterval(approving, answers.length, z), asked: answers.length, approving } };
}

// ------------------------------------------------------------------ verdicts and the dashboard

export interface RateVerdict {
  met: boolean | null;
  /** "95% 上限 1.80% < 2.00%" */
  text: string;
}

const pct = (x: number) => formatPercent(x);

/**
 * A sampled rate passes only when the whole interval does: an upper bound under a maximum, a lower
 * bound at or over a minimum. A point estimate under 2% with an upper bound over it is not a pass:
 * the county's own sample cannot yet tell it from a fail.
 */
export function rateVerdict(est: RateEstimate, threshold: number, comparison: '<' | '>=', confidence: number): RateVerdict {
  const level = `${Math.round(confidence * 1000) / 10}%`;
  if (est.rate === null || est.low === null || est.high === null) return { met: null, text: '样本中尚无核查结果' };
  if (comparison === '<') {
    const met = est.high < threshold;
    return { met, text: `${level} 上限 ${pct(est.high)} ${met ? '<' : '≥'} ${pct(threshold)}` };
  }
  const met = est.low >= threshold;
  return { met, text: `${level} 下限 ${pct(est.low)} ${met ? '≥' : '<'} ${pct(threshold)}` };
}

export interface PreAssessment {
  checkId: string;
  rates: ThreeRates;
  confidence: number;
  thresholds: { maxMisexitRate: number; maxOmissionRate: number; minApprovalRate: number; maxIncidence: number };
}

const SAMPLE_KEYS = ['comprehensiveIncidence', 'misexitRate', 'omissionRate', 'approvalRate'];

function interval(est: RateEstimate): string {
  return est.low === null || est.high === null ? '' : `，区间 ${pct(est.low)}–${pct(est.high)}`;
}

/**
 * The county criteria with the sample criteria (待第三方抽样核查) filled from the county's own
 * pre-assessment: each rate with its interval and a verdict on the bound; comprehensive incidence
 * with the rates carried to the county (omitted = omission rate × non-registered rural people,
 * misexited = misexit rate × people exited or exiting), as the national check carries them.
 */
export function preAssessedCounty(county: CountyAssessment, pre: PreAssessment): Pick<CountyAssessment, 'criteria' | 'ready' | 'blockers'> {
  const { rates, confidence, thresholds: t } = pre;
  const label = `县自评估 ${pre.checkId}`;
  const criteria = county.criteria.map((c): Criterion => {
    if (c.key === 'misexitRate') {
      const v = rateVerdict(rates.misexit, t.maxMisexitRate, '<', confidence);
      return {
        ...c,
        value: rates.misexit.rate,
        met: v.met,
        note: `${label}：核查 ${rates.misexit.checked} 人，错退 ${rates.misexit.errors} 人${interval(rates.misexit)}；${v.text}`,
      };
    }
    if (c.key === 'omissionRate') {
      const v = rateVerdict(rates.omission, t.maxOmissionRate, '<', confidence);
      return {
        ...c,
        value: rates.omission.rate,
        met: v.met,
        note: `${label}：调查 ${rates.omission.checked} 人，漏评 ${rates.omission.errors} 人${interval(rates.omission)}；${v.text}`,
      };
    }
    if (c.key === 'approvalRate') {
      const v = rateVerdict(rates.approval, t.minApprovalRate, '>=', confidence);
      return {
        ...c,
        value: rates.approval.rate,
        met: v.met,
        note: `${label}：受访 ${rates.approval.asked} 户，认可 ${rates.approval.approving} 户${interval(rates.approval)}；${v.text}`,
      };
    }
    if (c.key === 'comprehensiveIncidence') {
      const rural = county.ruralPopulation;
      if (rural <= 0 || county.incidenceAfter === null || rates.misexit.rate === null || rates.omission.rate === null) {
        return { ...c, note: `${label}：样本不足，无法推算综合贫困发生率` };
      }
      const remainingAfter = Math.round(county.incidenceAfter * rural);
      const omitted = rates.omission.rate * Math.max(0, rural - county.registeredPoor);
      const misexited = rates.misexit.rate * Math.max(0, county.registeredPoor - remainingAfter);
      const value = (remainingAfter + omitted + misexited) / rural;
      return {
        ...c,
        value,
        met: value < t.maxIncidence,
        note: `${label}：(剩余贫困人口${remainingAfter}人 + 推算漏评${omitted.toFixed(1)}人 + 推算错退${misexited.toFixed(1)}人) ÷ 农村户籍人口${rural}人`,
      };
    }
    return c;
  });
  const ready = criteria.some((c) => c.met === false) ? false : criteria.some((c) => c.met === null) ? null : true;
  const untouched = new Set(county.criteria.filter((c) => !SAMPLE_KEYS.includes(c.key)).map((c) => c.label));
  const blockers = [
    ...county.blockers.filter((b) => untouched.has(b.split('：')[0]!)),
    ...criteria.filter((c) => SAMPLE_KEYS.includes(c.key) && c.met !== true).map((c) => `${c.label}：${c.note ?? '数据不足，无法判断'}`),
  ];
  return { criteria, ready, blockers };
}
