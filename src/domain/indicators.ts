// The non-income indicators of household exit (两不愁三保障 and safe drinking water, docs/rulebooks.md).
// Each evaluator lists the household's gaps (one Reason per failing member or aspect) and notes
// (reasons that explain a pass worth explaining, e.g. 送教上门). A common step then applies the
// remediation tasks: a verified task closes the gap it covers; open tasks due within the
// rulebook's deadline make the remaining gaps remediable (class B).
//
// Results are values: the check of an indicator met with nothing to say is one frozen object
// shared by every household (per rulebook) — at county scale, fresh copies were most of the
// assessment's garbage. Code that wants to annotate a check must copy it.
//
// Decisions worth knowing:
// - Education, member without a usable birth date (missing, impossible, or after the reference
//   date): when the record shows the member attending or having completed compulsory school,
//   no age is needed and they are covered. Otherwise the age cannot be judged; the member is
//   NOT counted as a gap (one adult without a birth date would otherwise hold back the whole
//   household) but a note “出生日期缺失，无法判断” is attached so the data gap is visible and fixed.
// - Housing, grade null: the national system records a grade only for dangerous houses, so
//   no grade means no dangerous house (met).
// - Medical, null enrolment counts as not enrolled (a gap to verify, not a pass).
// - Water: each recorded aspect is judged and each failing one is its own gap. A blank measurement
//   never passes: it is a gap (未填报) unless the rulebook lets the household's 是否解决安全饮水 flag
//   stand in for blanks and the flag says yes (then a note says so); a flag saying no makes the
//   blanks a gap with the flag named.
// - Task coverage: a task with a member covers that member's gap; a household-level task
//   (memberId null) covers every gap of its indicator; a household-level gap (housing, water,
//   food) is covered by any task of its indicator.
import type { HouseGrade, HouseholdRecord, IndicatorCode, Member, Renovation, SchoolStatus, Task } from './types.js';
import type { IndicatorCheck, Reason, Remediation } from './assessment.js';
import type { Rulebook } from './rulebook.js';
import { NON_INCOME_INDICATORS } from './rulebook.js';
import { ageAt } from './idNumber.js';
import { GRADE_LABELS, RENOVATION_LABELS, SCHOOL_STATUS_LABELS, TASK_STATUS_LABELS } from './labels.js';

export type NonIncomeIndicator = (typeof NON_INCOME_INDICATORS)[number];

export interface Findings {
  readonly gaps: readonly Reason[];
  readonly notes: readonly Reason[];
}

/** Shared "nothing to say" result: most indicators of most households are simply met. */
const NOTHING: Findings = Object.freeze({ gaps: Object.freeze([]), notes: Object.freeze([]) });

// ------------------------------------------------------------------ rulebook-derived settings

interface IndicatorRules {
  attending: ReadonlySet<SchoolStatus>;
  completed: ReadonlySet<string>;
  unsafeGrades: ReadonlySet<HouseGrade>;
  safeRenovation: ReadonlySet<Renovation>;
  qualifyingStatuses: ReadonlySet<Task['status']>;
  educationRule: string;
  medicalRule: string;
  housingRule: string;
  waterRule: string;
  /** The check of an indicator met with nothing to say: identical for most households, so shared. */
  plainMet: Readonly<Record<NonIncomeIndicator, IndicatorCheck>>;
}

const rulesCache = new WeakMap<Rulebook, IndicatorRules>();

/** Task statuses that can still bring an indicator up to standard this year. */
const QUALIFYING_TASK_STATUSES: readonly Task['status'][] = ['open', 'in-progress', 'done'];

function rules(rb: Rulebook): IndicatorRules {
  let r = rulesCache.get(rb);
  if (r) return r;
  const edu = rb.indicators.education.rule;
  const med = rb.indicators.medical.rule;
  const hou = rb.indicators.housing.rule;
  const wat = rb.indicators.water.rule;
  const insured = [med.requireBasicMedical ? '城乡居民基本医疗保险' : null, med.requireCriticalIllness ? '大病保险' : null].filter((x) => x !== null);
  r = {
    attending: new Set(edu.attendingStatuses),
    completed: new Set(edu.completedLevels),
    unsafeGrades: new Set(hou.unsafeGrades),
    safeRenovation: new Set(hou.safeRenovationStates),
    qualifyingStatuses: new Set(QUALIFYING_TASK_STATUSES),
    educationRule: `义务教育适龄人口（${edu.minAge}–${edu.maxAge}周岁）须在校就读或已完成义务教育${edu.homeSchoolingCounts ? '，重度残疾送教上门视为有保障' : ''}`,
    medicalRule: insured.length > 0 ? `家庭成员均须参加${insured.join('、')}` : '不要求参保',
    housingRule: `${hou.unsafeGrades.join('、')}级危房须改造并${hou.safeRenovationStates.map((s) => RENOVATION_LABELS.label(s)).join('或')}`,
    plainMet: Object.freeze(
      Object.fromEntries(
        NON_INCOME_INDICATORS.map((code) => [
          code,
          Object.freeze<IndicatorCheck>({
            indicator: code,
            label: rb.indicators[code].label,
            veto: rb.indicators[code].veto,
            met: true,
            metByVerifiedTask: false,
            reasons: Object.freeze([]) as unknown as Reason[],
            remediation: Object.freeze([]) as unknown as Remediation[],
            remediable: false,
          }),
        ]),
      ) as Record<NonIncomeIndicator, IndicatorCheck>,
    ),
    waterRule: `每人每天供水不少于${wat.minLitresPerPersonDay}升，自来水入户或取水往返不超过${wat.maxFetchMinutes}分钟${wat.requireQuality ? '，水质达标' : ''}，供水保证率不低于${wat.minReliabilityPercent}%`,
  };
  rulesCache.set(rb, r);
  return r;
}

function householdReason(text: string, rule: string, values: Reason['values']): Reason {
  return { memberId: null, memberName: null, text, rule, values };
}

function memberReason(m: Member, text: string, rule: string, values: Reason['values']): Reason {
  return { memberId: m.id, memberName: m.name, text, rule, values };
}

// ------------------------------------------------------------------ evaluators

export function evaluateFoodClothing(rec: HouseholdRecord): Findings {
  const h = rec.household;
  const rule = '吃穿不愁，以户表评议为准';
  const values = { foodClothingOk: h.foodClothingOk, note: h.foodClothingNote };
  if (h.foodClothingOk === true) return NOTHING;
  if (h.foodClothingOk === null) return { gaps: [householdReason('吃穿不愁情况未填报', rule, values)], notes: [] };
  const note = h.foodClothingNote?.trim();
  return { gaps: [householdReason(`吃穿不愁未达标${note ? `：${note}` : ''}`, rule, values)], notes: [] };
}

export function evaluateWater(rec: HouseholdRecord, rb: Rulebook): Findings {
  const w = rec.household.water;
  const rule = rb.indicators.water.rule;
  const text = rules(rb).waterRule;
  const noDetails = w.piped === null && w.fetchMinutes === null && w.litresPerPersonDay === null && w.qualityOk === null && w.reliabilityPercent === null;
  if (noDetails) {
    const fallbackRule = '饮水详细情况未填报时，按全国系统“是否解决安全饮水”判定';
    if (!rule.fallbackToSecuredFlag) return { gaps: [householdReason('饮水安全详细情况未填报', text, { ...w })], notes: [] };
    if (w.secured === true) return { gaps: [], notes: [householdReason('饮水详细情况未填报，按“已解决安全饮水”认定', fallbackRule, { secured: true })] };
    if (w.secured === false) return { gaps: [householdReason('未解决安全饮水（全国系统标记）', fallbackRule, { secured: false })], notes: [] };
    return { gaps: [householdReason('饮水安全情况未填报', fallbackRule, { secured: null })], notes: [] };
  }
  const gaps: Reason[] = [];
  if (w.litresPerPersonDay !== null && w.litresPerPersonDay < rule.minLitresPerPersonDay) {
    gaps.push(
      householdReason(`供水量每人每天${w.litresPerPersonDay}升，低于${rule.minLitresPerPersonDay}升`, text, { litresPerPersonDay: w.litresPerPersonDay }),
    );
  }
  if (w.piped !== true && w.fetchMinutes !== null && w.fetchMinutes > rule.maxFetchMinutes) {
    gaps.push(
      householdReason(`未通自来水，取水往返${w.fetchMinutes}分钟，超过${rule.maxFetchMinutes}分钟`, text, { piped: w.piped, fetchMinutes: w.fetchMinutes }),
    );
  }
  if (rule.requireQuality && w.qualityOk === false) {
    gaps.push(householdReason('水质不达标', text, { qualityOk: false }));
  }
  if (w.reliabilityPercent !== null && w.reliabilityPercent < rule.minReliabilityPercent) {
    gaps.push(householdReason(`供水保证率${w.reliabilityPercent}%，低于${rule.minReliabilityPercent}%`, text, { reliabilityPercent: w.reliabilityPercent }));
  }
  const blanks = blankWaterAspects(w, rule);
  if (blanks.length > 0) {
    const listed = blanks.join('、');
    const fallbackRule = '饮水测量项未填报时，按户“是否解决安全饮水”判定';
    if (rule.fallbackToSecuredFlag && w.secured === true) {
      return gaps.length === 0
        ? blankNote(rb, listed, fallbackRule)
        : { gaps, notes: [householdReason(`${listed}未填报，按“已解决安全饮水”认定`, fallbackRule, { secured: true })] };
    }
    gaps.push(
      rule.fallbackToSecuredFlag && w.secured === false
        ? householdReason(`未解决安全饮水（户标记），${listed}未填报`, fallbackRule, { ...w })
        : householdReason(`${listed}未填报`, text, { ...w }),
    );
  }
  return gaps.length === 0 ? NOTHING : { gaps, notes: [] };
}

/** The measurements the water rule needs that are blank, in the rule's order (a blank never shows a condition met). */
function blankWaterAspects(w: HouseholdRecord['household']['water'], rule: Rulebook['indicators']['water']['rule']): string[] {
  const out: string[] = [];
  if (w.litresPerPersonDay === null) out.push('供水量');
  if (w.piped !== true && w.fetchMinutes === null) out.push('取水方式或往返时间');
  if (rule.requireQuality && w.qualityOk === null) out.push('水质');
  if (w.reliabilityPercent === null) out.push('供水保证率');
  return out;
}

// The same few "blank, but the household says secured" notes recur on thousands of households:
// one frozen result per rulebook and set of blanks, like NOTHING.
const blankNotes = new WeakMap<Rulebook, Map<string, Findings>>();
function blankNote(rb: Rulebook, listed: string, rule: string): Findings {
  let byKey = blankNotes.get(rb);
  if (!byKey) blankNotes.set(rb, (byKey = new Map()));
  let f = byKey.get(listed);
  if (!f) {
    f = Object.freeze({
      gaps: Object.freeze([]),
      notes: Object.freeze([Object.freeze(householdReason(`${listed}未填报，按“已解决安全饮水”认定`, rule, { secured: true }))]),
    });
    byKey.set(listed, f);
  }
  return f;
}

/** Age in full years, or null when the birth date is missing, impossible or after the reference date. */
function usableAge(birthDate: string | null, referenceDate: string): number | null {
  if (birthDate === null) return null;
  try {
    const age = ageAt(birthDate, referenceDate);
    return age >= 0 ? age : null;
  } catch {
    return null;
  }
}

export function evaluateEducation(rec: HouseholdRecord, rb: Rulebook, referenceDate: string): Findings {
  const r = rules(rb);
  const edu = rb.indicators.education.rule;
  let gaps: Reason[] | null = null;
  let notes: Reason[] | null = null;
  for (const m of rec.members) {
    if (r.attending.has(m.schoolStatus)) continue;
    if (m.education !== null && r.completed.has(m.education.trim())) continue;
    const age = usableAge(m.birthDate, referenceDate);
    if (age === null) {
      (notes ??= []).push(
        memberReason(m, `${m.name}出生日期${m.birthDate === null ? '缺失' : `“${m.birthDate}”无效`}，无法判断是否为义务教育适龄人口，请核实`, r.educationRule, {
          birthDate: m.birthDate,
          schoolStatus: m.schoolStatus,
        }),
      );
      continue;
    }
    if (age < edu.minAge || age > edu.maxAge) continue;
    const values = {
      age,
      birthDate: m.birthDate,
      schoolStatus: m.schoolStatus,
      education: m.education,
      outOfSchoolReason: m.outOfSchoolReason,
      homeSchooled: m.homeSchooled,
    };
    if (m.homeSchooled && edu.homeSchoolingCounts) {
      (notes ??= []).push(memberReason(m, `${m.name}（${age}岁）送教上门，视为义务教育有保障`, r.educationRule, values));
      continue;
    }
    const status = m.schoolStatus === 'none' ? '为非在校生' : `在校状况为“${SCHOOL_STATUS_LABELS.label(m.schoolStatus)}”`;
    const why = m.outOfSchoolReason?.trim() ? `原因：${m.outOfSchoolReason.trim()}` : '未填报原因';
    const home = m.homeSchooled ? '；送教上门按本规则不视为在校' : '';
    (gaps ??= []).push(memberReason(m, `${m.name}（${age}岁）${status}，${why}${home}`, r.educationRule, values));
  }
  return gaps === null && notes === null ? NOTHING : { gaps: gaps ?? [], notes: notes ?? [] };
}

export function evaluateMedical(rec: HouseholdRecord, rb: Rulebook): Findings {
  const rule = rb.indicators.medical.rule;
  const text = rules(rb).medicalRule;
  let gaps: Reason[] | null = null;
  for (const m of rec.members) {
    const noBasic = rule.requireBasicMedical && m.basicMedical !== true;
    const noCritical = rule.requireCriticalIllness && m.criticalIllness !== true;
    if (!noBasic && !noCritical) continue;
    const basic = noBasic ? `城乡居民基本医疗保险${m.basicMedical === null ? '（未填报）' : ''}` : '';
    const critical = noCritical ? `大病保险${m.criticalIllness === null ? '（未填报）' : ''}` : '';
    const missing = basic && critical ? `${basic}、${critical}` : basic || critical;
    (gaps ??= []).push(memberReason(m, `${m.name}未参加${missing}`, text, { basicMedical: m.basicMedical, criticalIllness: m.criticalIllness }));
  }
  return gaps === null ? NOTHING : { gaps, notes: [] };
}

export function evaluateHousing(rec: HouseholdRecord, rb: Rulebook): Findings {
  const r = rules(rb);
  const { grade, renovation } = rec.household.housing;
  if (grade === null || !r.unsafeGrades.has(grade)) return NOTHING;
  const values = { grade, renovation };
  const gradeText = GRADE_LABELS.label(grade);
  if (r.safeRenovation.has(renovation)) {
    return { gaps: [], notes: [householdReason(`${gradeText}，已改造并${RENOVATION_LABELS.label(renovation)}`, r.housingRule, values)] };
  }
  const text = renovation === 'none' ? `${gradeText}，未改造` : `${gradeText}，改造未验收（${RENOVATION_LABELS.label(renovation)}）`;
  return { gaps: [householdReason(text, r.housingRule, values)], notes: [] };
}

// ------------------------------------------------------------------ tasks

function covers(task: Task, gap: Reason): boolean {
  return task.memberId === null || gap.memberId === null || task.memberId === gap.memberId;
}

export function taskQualifies(task: Task, rb: Rulebook): boolean {
  return rules(rb).qualifyingStatuses.has(task.status) && task.dueDate <= rb.tasks.deadline;
}

function byDueThenId(a: Remediation, b: Remediation): number {
  return a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.taskId < b.taskId ? -1 : a.taskId > b.taskId ? 1 : 0;
}

function remediation(task: Task, rb: Rulebook): Remediation {
  const qualifies = taskQualifies(task, rb);
  let why: string;
  if (task.status === 'cancelled') why = '任务已取消';
  else if (task.status === 'returned') why = '任务被退回，须重新制定整改措施';
  else if (task.status === 'verified') why = '任务已验收';
  else if (task.status === 'proposed') why = '整改建议，待乡镇确认责任人和完成时限';
  else if (task.status === 'declined') why = '不予立项（年内无法完成）';
  else if (task.dueDate > rb.tasks.deadline) why = `完成时限${task.dueDate}晚于整改截止日期${rb.tasks.deadline}`;
  else why = `${TASK_STATUS_LABELS.label(task.status)}，${task.dueDate}前完成`;
  return { taskId: task.id, dueDate: task.dueDate, status: task.status, qualifies, why };
}

// The gaps still open on an unmet check, kept beside the check rather than in it because Reason
// has no field telling a gap from an explanatory note. Filled for every check this module makes;
// for a check read back from storage the fallback keeps everything but closed gaps (an education
// note such as 送教上门 would then be listed too — rare beside an unmet check, and harmless).
const openGapsOf = new WeakMap<IndicatorCheck, readonly Reason[]>();

/** The reasons that make a check unmet (empty when met); excludes closed gaps and notes. */
export function openGaps(check: IndicatorCheck): readonly Reason[] {
  if (check.met) return [];
  return openGapsOf.get(check) ?? check.reasons.filter((r) => !r.text.startsWith(RESOLVED_PREFIX));
}

const RESOLVED_PREFIX = '整改任务已验收';

/** Turns an evaluator's findings into the IndicatorCheck, applying the household's tasks. */
export function finishIndicator(indicator: NonIncomeIndicator, findings: Findings, tasks: readonly Task[], rb: Rulebook): IndicatorCheck {
  const settings = rb.indicators[indicator];
  if (findings.gaps.length === 0) {
    if (findings.notes.length === 0) return rules(rb).plainMet[indicator];
    return {
      indicator,
      label: settings.label,
      veto: settings.veto,
      met: true,
      metByVerifiedTask: false,
      reasons: [...findings.notes],
      remediation: [],
      remediable: false,
    };
  }
  const own = tasks.length === 0 ? tasks : tasks.filter((t) => t.indicator === indicator);
  const open: Reason[] = [];
  const closed: Reason[] = [];
  for (const gap of findings.gaps) {
    const verified = own.find((t) => t.status === 'verified' && covers(t, gap));
    if (verified) {
      closed.push({
        memberId: gap.memberId,
        memberName: gap.memberName,
        text: `${RESOLVED_PREFIX}（${verified.id}）：${gap.text}`,
        rule: '短板经整改并验收后视为达标',
        values: { ...gap.values, taskId: verified.id },
      });
    } else {
      open.push(gap);
    }
  }
  const met = open.length === 0;
  const reasons = [...open, ...closed, ...findings.notes];
  if (met) {
    return { indicator, label: settings.label, veto: settings.veto, met, metByVerifiedTask: closed.length > 0, reasons, remediation: [], remediable: false };
  }
  // Same inputs, same answer, order included: the record's tasks arrive in whatever order the store
  // read them (and proposals are appended), so the list is sorted by due date, then task id.
  const remediationList = own.map((t) => remediation(t, rb)).sort(byDueThenId);
  const qualifying = own.filter((t) => taskQualifies(t, rb));
  const remediable = open.every((gap) => qualifying.some((t) => covers(t, gap)));
  const check: IndicatorCheck = {
    indicator,
    label: settings.label,
    veto: settings.veto,
    met,
    metByVerifiedTask: false,
    reasons,
    remediation: remediationList,
    remediable,
  };
  openGapsOf.set(check, open);
  return check;
}

function findings(indicator: NonIncomeIndicator, rec: HouseholdRecord, rb: Rulebook, referenceDate: string): Findings {
  switch (indicator) {
    case 'food-clothing':
      return evaluateFoodClothing(rec);
    case 'water':
      return evaluateWater(rec, rb);
    case 'education':
      return evaluateEducation(rec, rb, referenceDate);
    case 'medical':
      return evaluateMedical(rec, rb);
    case 'housing':
      return evaluateHousing(rec, rb);
  }
}

/** One check per non-income indicator, in the rulebook's display order (NON_INCOME_INDICATORS). */
export function evaluateIndicators(rec: HouseholdRecord, rulebook: Rulebook, referenceDate: string): IndicatorCheck[] {
  return NON_INCOME_INDICATORS.map((code) => finishIndicator(code, findings(code, rec, rulebook, referenceDate), rec.tasks, rulebook));
}

/** Convenience for callers holding an IndicatorCode that may be 'income'. */
export function isNonIncomeIndicator(code: IndicatorCode): code is NonIncomeIndicator {
  return code !== 'income';
}
