// Household classification (A/B/C, docs/rulebooks.md): scope, income, indicators, then the first
// class rule of the rulebook whose conditions all hold. Pure: the reference date is an argument.
//
// Out-of-scope households (已脱贫, 易地扶贫搬迁未入住, 兜底保障户 — per the rulebook's screening
// settings) get the class OUT_OF_SCOPE, but their income and indicators are still computed:
// the office uses them to spot exited households slipping back and guaranteed households with
// housing or schooling gaps, and the cost is the same either way.
//
// HouseholdAssessment.indicators holds the five non-income indicators only; income lives in
// `income` (a class rule may compare it with a line other than the income rule's). Tasks whose
// indicator is 'income' are not used by the engine: income cannot be "remediated" into class B.
import type { HouseholdRecord } from './types.js';
import type { HouseholdAssessment, IndicatorCheck } from './assessment.js';
import { OUT_OF_SCOPE } from './assessment.js';
import type { Rulebook } from './rulebook.js';
import { computeIncome, incomePassesLine, incomeSummary } from './income.js';
import { evaluateIndicators, openGaps } from './indicators.js';
import { RELOCATION_LABELS, STATUS_LABELS } from './labels.js';
import { OUT_OF_SCOPE_LABEL, pickClass, type IndicatorState } from './classes.js';

export { OUT_OF_SCOPE_LABEL };

interface ClassSettings {
  statuses: ReadonlySet<HouseholdRecord['household']['status']>;
}

const classCache = new WeakMap<Rulebook, ClassSettings>();

function classSettings(rb: Rulebook): ClassSettings {
  let s = classCache.get(rb);
  if (!s) {
    s = { statuses: new Set(rb.screening.statuses) };
    classCache.set(rb, s);
  }
  return s;
}

/** Why a household is outside the screening (null when in scope); several reasons are joined. */
export function scopeReason(rec: HouseholdRecord, rb: Rulebook): string | null {
  const h = rec.household;
  const statusOut = !classSettings(rb).statuses.has(h.status);
  const relocationOut = rb.screening.excludeRelocationNotMovedIn && h.relocation === 'planned';
  const guaranteeOut = rb.screening.excludeGuarantee && h.guarantee;
  if (!statusOut && !relocationOut && !guaranteeOut) return null;
  const reasons: string[] = [];
  if (statusOut) reasons.push(STATUS_LABELS.label(h.status));
  if (relocationOut) reasons.push(`易地扶贫${RELOCATION_LABELS.label('planned')}`);
  if (guaranteeOut) reasons.push('兜底保障户');
  return reasons.join('、');
}

function indicatorState(checks: readonly IndicatorCheck[]): IndicatorState {
  let anyUnmet = false;
  let allRemediable = true;
  for (const c of checks) {
    if (!c.veto || c.met) continue;
    anyUnmet = true;
    if (!c.remediable) allRemediable = false;
  }
  if (!anyUnmet) return 'all-met';
  return allRemediable ? 'remediable' : 'stuck';
}

function taskNote(check: IndicatorCheck, rb: Rulebook): string {
  const qualifying = check.remediation.filter((r) => r.qualifies);
  if (qualifying.length > 0) {
    const rest = check.remediable ? '' : '；其余短板无年内整改任务';
    return `（整改任务${qualifying.map((r) => `${r.taskId}，${r.dueDate}前完成`).join('；')}${rest}）`;
  }
  const late = check.remediation.filter((r) => r.dueDate > rb.tasks.deadline && (r.status === 'open' || r.status === 'in-progress' || r.status === 'done'));
  if (late.length > 0) return `（整改任务${late.map((r) => r.taskId).join('、')}完成时限晚于${rb.tasks.deadline}，年内无法补齐）`;
  return '（无年内整改任务）';
}

function summaryLines(scope: string | null, income: HouseholdAssessment['income'], checks: readonly IndicatorCheck[], rb: Rulebook): string[] {
  const lines: string[] = [];
  if (scope !== null) lines.push(`${OUT_OF_SCOPE_LABEL}：${scope}`);
  if (income !== null && !income.pass) lines.push(`收入：${incomeSummary(income, rb)}`);
  for (const c of checks) {
    if (!c.veto || c.met) continue;
    lines.push(
      `${c.label}：${openGaps(c)
        .map((g) => g.text)
        .join('；')}${taskNote(c, rb)}`,
    );
  }
  return lines;
}

export function assessHousehold(rec: HouseholdRecord, rulebook: Rulebook, referenceDate: string): HouseholdAssessment {
  const h = rec.household;
  const size = rec.members.length;
  let headName: string | null = null;
  for (const m of rec.members)
    if (m.relation === 'head') {
      headName = m.name;
      break;
    }
  const scope = scopeReason(rec, rulebook);
  const income = computeIncome(rec.income, size, rulebook);
  const indicators = evaluateIndicators(rec, rulebook, referenceDate);

  let cls: string = OUT_OF_SCOPE;
  let label = OUT_OF_SCOPE_LABEL;
  let preExit = false;
  if (scope === null) {
    const state = indicatorState(indicators);
    const def = pickClass(rulebook, (line) => income !== null && (line === income.lineName ? income.pass : incomePassesLine(income, rulebook, line)), state);
    cls = def.code;
    label = def.label;
    preExit = def.preExit;
  }
  return {
    householdId: h.id,
    villageCode: h.villageCode,
    headName,
    size,
    inScope: scope === null,
    scopeReason: scope,
    class: cls,
    classLabel: label,
    preExit,
    income,
    indicators,
    summary: summaryLines(scope, income, indicators, rulebook),
  };
}

export function assessHouseholds(recs: HouseholdRecord[], rulebook: Rulebook, referenceDate: string): HouseholdAssessment[] {
  const out = new Array<HouseholdAssessment>(recs.length);
  for (let i = 0; i < recs.length; i++) out[i] = assessHousehold(recs[i]!, rulebook, referenceDate);
  return out;
}
