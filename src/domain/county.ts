// County exit (贫困县退出, docs/rulebooks.md). Pure.
//
// The county's rural population is derived from its villages (the registry keeps it per
// village); the county region's own figure is used only when no village has one.
//
// Comprehensive incidence (综合贫困发生率) needs the third-party sample. The sample rates are
// extrapolated to the county:
//   remainingAfter = remaining poor − people in pre-exit households
//   omitted   ≈ omission rate × (rural population − registered poor)      (the unregistered)
//   misexited ≈ misexit rate  × (registered poor − remainingAfter)         (exited or exiting)
//   comprehensive = (remainingAfter + omitted + misexited) ÷ rural population
// Point estimates are used, as the provincial assessment does; the Wilson intervals are given
// in the criteria notes so the office can see how much room the sample leaves.
import type { Region } from './types.js';
import type { CountyAssessment, Criterion, HouseholdAssessment, SampleCheck, VillageAssessment } from './assessment.js';
import type { Rulebook } from './rulebook.js';
import { type RateEstimate, rateWithInterval } from './sampling.js';
import { formatPercent } from './village.js';

export const AWAITING_SAMPLE = '待第三方抽样核查';

function bump(counts: Record<string, number>, key: string, by: number): void {
  counts[key] = (counts[key] ?? 0) + by;
}

function judge(value: number | null, threshold: number, comparison: Criterion['comparison']): boolean | null {
  if (value === null) return null;
  if (comparison === '<') return value < threshold;
  if (comparison === '<=') return value <= threshold;
  return value >= threshold;
}

function intervalNote(est: RateEstimate, successes: number, n: number, what: string): string {
  if (est.rate === null) return `抽样中无${what}`;
  return `样本${n}，发现${successes}；95%置信区间${formatPercent(est.low!)}–${formatPercent(est.high!)}`;
}

function sampleCriterion(
  key: string,
  label: string,
  threshold: number,
  comparison: Criterion['comparison'],
  sample: SampleCheck | undefined,
  pick: (s: SampleCheck) => [number, number],
  what: string,
): Criterion {
  if (!sample) return { key, label, value: null, threshold, comparison, met: null, note: AWAITING_SAMPLE };
  const [successes, n] = pick(sample);
  const est = rateWithInterval(successes, n);
  return { key, label, value: est.rate, threshold, comparison, met: judge(est.rate, threshold, comparison), note: intervalNote(est, successes, n, what) };
}

const SYMBOL: Record<Criterion['comparison'], string> = { '<': '低于', '<=': '不高于', '>=': '不低于' };

function blocker(c: Criterion): string | null {
  if (c.met === true) return null;
  if (c.met === null) return `${c.label}：${c.note ?? '数据不足，无法判断'}`;
  const v = c.value === null ? '—' : formatPercent(c.value);
  return `${c.label}：${v}，要求${SYMBOL[c.comparison]}${formatPercent(c.threshold)}`;
}

export function assessCounty(
  county: Region,
  villages: VillageAssessment[],
  results: HouseholdAssessment[],
  rulebook: Rulebook,
  sample?: SampleCheck,
): CountyAssessment {
  const rc = rulebook.county;
  let villagePopulation = 0;
  let remaining = 0;
  let preExitPeople = 0;
  let poorVillages = 0;
  let poorExited = 0;
  let poorPreExit = 0;
  for (const v of villages) {
    villagePopulation += v.ruralPopulation ?? 0;
    remaining += v.remainingPoor;
    preExitPeople += v.preExitPeople;
    if (v.poorVillage) {
      poorVillages++;
      if (v.exited) poorExited++;
      else if (v.preExit) poorPreExit++;
    }
  }
  const rural = villagePopulation > 0 ? villagePopulation : (county.ruralPopulation ?? 0);

  const households: Record<string, number> = {};
  const people: Record<string, number> = {};
  let registered = 0;
  let inScopeHouseholds = 0;
  let inScopePeople = 0;
  for (const r of results) {
    registered += r.size;
    bump(households, r.class, 1);
    bump(people, r.class, r.size);
    if (r.inScope) {
      inScopeHouseholds++;
      inScopePeople += r.size;
    }
  }

  const remainingAfter = remaining - preExitPeople;
  const incidenceNow = rural > 0 ? remaining / rural : null;
  const incidenceAfter = rural > 0 ? remainingAfter / rural : null;

  const criteria: Criterion[] = [];
  criteria.push({
    key: 'incidenceAfter',
    label: '脱贫后贫困发生率',
    value: incidenceAfter,
    threshold: rc.maxIncidence,
    comparison: '<',
    met: judge(incidenceAfter, rc.maxIncidence, '<'),
    note: incidenceAfter === null ? '缺少农村户籍人口' : `剩余贫困人口${remainingAfter}人 ÷ 农村户籍人口${rural}人`,
  });

  let comprehensive: Criterion = {
    key: 'comprehensiveIncidence',
    label: '综合贫困发生率',
    value: null,
    threshold: rc.maxIncidence,
    comparison: '<',
    met: null,
    note: AWAITING_SAMPLE,
  };
  if (sample && rural > 0) {
    const omission = rateWithInterval(sample.omitted, sample.unregisteredSampled);
    const misexit = rateWithInterval(sample.misexited, sample.exitedSampled);
    if (omission.rate === null || misexit.rate === null) {
      comprehensive = { ...comprehensive, note: '抽样中缺少已脱贫人口或未建档人口，无法推算' };
    } else {
      const omitted = omission.rate * Math.max(0, rural - registered);
      const misexited = misexit.rate * Math.max(0, registered - remainingAfter);
      const value = (remainingAfter + omitted + misexited) / rural;
      comprehensive = {
        ...comprehensive,
        value,
        met: judge(value, rc.maxIncidence, '<'),
        note: `(剩余贫困人口${remainingAfter}人 + 推算漏评${omitted.toFixed(1)}人 + 推算错退${misexited.toFixed(1)}人) ÷ 农村户籍人口${rural}人`,
      };
    }
  } else if (sample) {
    comprehensive = { ...comprehensive, note: '缺少农村户籍人口' };
  }
  criteria.push(comprehensive);

  const share = poorVillages > 0 ? (poorExited + poorPreExit) / poorVillages : null;
  criteria.push({
    key: 'exitedVillageShare',
    label: '贫困村退出比例（含本年拟退出）',
    value: share,
    threshold: rc.minExitedVillageShare,
    comparison: '>=',
    met: share === null ? true : judge(share, rc.minExitedVillageShare, '>='),
    note: share === null ? '无贫困村' : `已退出${poorExited}个 + 本年拟退出${poorPreExit}个 ÷ 贫困村${poorVillages}个`,
  });
  criteria.push(sampleCriterion('misexitRate', '错退率', rc.maxMisexitRate, '<', sample, (s) => [s.misexited, s.exitedSampled], '已脱贫人口'));
  criteria.push(sampleCriterion('omissionRate', '漏评率', rc.maxOmissionRate, '<', sample, (s) => [s.omitted, s.unregisteredSampled], '未建档人口'));
  criteria.push(sampleCriterion('approvalRate', '群众认可度', rc.minApprovalRate, '>=', sample, (s) => [s.approving, s.surveyed], '受访户'));

  const ready = criteria.some((c) => c.met === false) ? false : criteria.some((c) => c.met === null) ? null : true;
  const blockers = criteria.map(blocker).filter((b): b is string => b !== null);

  return {
    code: county.code,
    name: county.name,
    ruralPopulation: rural,
    registeredPoor: registered,
    remainingPoor: remaining,
    inScopeHouseholds,
    inScopePeople,
    households,
    people,
    incidenceNow,
    incidenceAfter,
    poorVillages,
    poorVillagesExited: poorExited,
    poorVillagesPreExit: poorPreExit,
    criteria,
    ready,
    blockers,
  };
}
