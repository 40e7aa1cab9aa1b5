// What of a household a viewer may see, applied in one place: every household/member payload a
// route sends passes through here. Two things happen:
// - sector users (行业部门) keep the identifying fields plus their own sector's fields, indicators
//   and tasks; everything else is removed (absent, not null — null means "not recorded");
// - personal data (ID numbers, phones, bank accounts, health text) is masked for the viewer's
//   masking level through src/domain/mask.ts.
// Scope (which households) is not decided here: the store's queries already applied it.
import type { HouseholdAssessment, IndicatorCheck } from '../domain/assessment.js';
import { masker, type Masker } from '../domain/mask.js';
import type { Household, HouseholdRecord, IncomeForm, IndicatorCode, Member, Task } from '../domain/types.js';
import { isSectorBound, type Sector } from '../domain/roles.js';
import type { Viewer } from './auth/viewer.js';

type HouseholdKey = keyof Household;
type MemberKey = keyof Member;

/** Every sector sees these: enough to know whose record it is and where. */
const COMMON_HOUSEHOLD: readonly HouseholdKey[] = ['id', 'villageCode', 'group', 'attribute', 'status', 'exitYear'];
const COMMON_MEMBER: readonly MemberKey[] = ['id', 'householdId', 'name', 'idNumber', 'sex', 'birthDate', 'relation'];

export interface SectorView {
  household: readonly HouseholdKey[];
  member: readonly MemberKey[];
  /** Indicators (and their tasks) the sector answers for. */
  indicators: readonly IndicatorCode[];
  /** Whether the income form and the income result are shown. */
  income: boolean;
}

/**
 * The fields of each sector department, beyond the common ones. 民政 handles 低保/特困 (which
 * depend on income) and 吃穿; 人社 employment and pensions; 残联 disability.
 */
export const SECTOR_VIEWS: Readonly<Record<Sector, SectorView>> = {
  教育: { household: [], member: ['education', 'schoolStatus', 'outOfSchoolReason', 'homeSchooled'], indicators: ['education'], income: false },
  卫健: { household: [], member: ['health', 'disabilityGrade', 'familyDoctor'], indicators: ['medical'], income: false },
  医保: { household: [], member: ['basicMedical', 'criticalIllness', 'medicalAssistance'], indicators: ['medical'], income: false },
  住建: { household: ['housing', 'relocation'], member: [], indicators: ['housing'], income: false },
  水务: { household: ['water'], member: [], indicators: ['water'], income: false },
  民政: {
    household: ['guarantee', 'foodClothingOk', 'foodClothingNote', 'mainCause', 'otherCauses'],
    member: ['health', 'disabilityGrade', 'labour', 'pension'],
    indicators: ['food-clothing', 'income'],
    income: true,
  },
  人社: { household: [], member: ['labour', 'migrantPlace', 'migrantMonths', 'pension', 'education'], indicators: [], income: false },
  残联: { household: [], member: ['health', 'disabilityGrade', 'labour'], indicators: [], income: false },
};

export type HouseholdView = Partial<Household> & Pick<Household, 'id' | 'villageCode'>;
export type MemberView = Partial<Member> & Pick<Member, 'id' | 'householdId' | 'name'>;

export interface RecordView {
  household: HouseholdView;
  members: MemberView[];
  income: IncomeForm | null;
  tasks: Task[];
}

/** Null for roles that see every field. */
export function sectorView(viewer: Viewer): SectorView | null {
  if (!isSectorBound(viewer.role)) return null;
  // A sector account without a sector sees the common fields only, never everything.
  return viewer.sector === null ? { household: [], member: [], indicators: [], income: false } : SECTOR_VIEWS[viewer.sector];
}

/** Whether `field` of a household is shown to the viewer (for list columns and filters). */
export function householdFieldVisible(viewer: Viewer, field: HouseholdKey): boolean {
  const view = sectorView(viewer);
  return view === null || COMMON_HOUSEHOLD.includes(field) || view.household.includes(field);
}

export function memberFieldVisible(viewer: Viewer, field: MemberKey): boolean {
  const view = sectorView(viewer);
  return view === null || COMMON_MEMBER.includes(field) || view.member.includes(field);
}

export function indicatorVisible(viewer: Viewer, indicator: IndicatorCode): boolean {
  const view = sectorView(viewer);
  return view === null || view.indicators.includes(indicator);
}

export function incomeVisible(viewer: Viewer): boolean {
  const view = sectorView(viewer);
  return view === null || view.income;
}

function pick<T extends object, K extends keyof T>(o: T, keys: Iterable<K>): Partial<T> {
  const out: Partial<T> = {};
  for (const k of keys) if (k in o) out[k] = o[k];
  return out;
}

export function projectHousehold(viewer: Viewer, h: Household, m: Masker = masker(viewer.mask)): HouseholdView {
  const view = sectorView(viewer);
  const masked: Household = {
    ...h,
    phone: h.phone === null ? null : m.phone(h.phone),
    bankAccount: h.bankAccount === null ? null : m.bankAccount(h.bankAccount),
    cadre: { ...h.cadre, phone: h.cadre.phone === null ? null : m.phone(h.cadre.phone) },
  };
  if (view === null) return masked;
  return { ...pick(masked, [...COMMON_HOUSEHOLD, ...view.household]), id: h.id, villageCode: h.villageCode };
}

export function projectMember(viewer: Viewer, member: Member, m: Masker = masker(viewer.mask)): MemberView {
  const view = sectorView(viewer);
  const masked: MemberView = {
    ...member,
    idNumber: member.idNumber === null ? null : m.idNumber(member.idNumber),
    phone: member.phone === null ? null : m.phone(member.phone),
    // Out-of-school reasons are free text that often names an illness or disability.
    outOfSchoolReason: member.outOfSchoolReason === null ? null : m.healthText(member.outOfSchoolReason, '（已隐去）'),
  };
  if (m.options.healthDetails === 'hide') {
    // Absent rather than a value: “healthy” or null would both claim something.
    delete masked.health;
    delete masked.disabilityGrade;
  }
  if (view === null) return masked;
  return { ...pick(masked, [...COMMON_MEMBER, ...view.member]), id: member.id, householdId: member.householdId, name: member.name };
}

export function projectIncome(viewer: Viewer, form: IncomeForm | null): IncomeForm | null {
  return form !== null && incomeVisible(viewer) ? form : null;
}

/** Sector users see the tasks of their sector or of their indicators. */
export function projectTasks(viewer: Viewer, tasks: readonly Task[]): Task[] {
  const view = sectorView(viewer);
  if (view === null) return [...tasks];
  return tasks.filter((t) => t.sector === viewer.sector || view.indicators.includes(t.indicator));
}

function maskCheck(check: IndicatorCheck, m: Masker): IndicatorCheck {
  if (m.options.healthDetails === 'show') return check;
  return {
    ...check,
    reasons: check.reasons.map((r) => ({ ...r, text: m.healthText(r.text, '（涉及健康信息，已隐去）'), values: {} })),
  };
}

/**
 * The assessment as the viewer may see it: a sector user gets its own indicators only, no
 * income result unless it handles income, and a summary made of those indicators' reasons
 * (the stored summary lines cover every indicator).
 */
export function projectAssessment(viewer: Viewer, a: HouseholdAssessment, m: Masker = masker(viewer.mask)): HouseholdAssessment {
  const view = sectorView(viewer);
  const indicators = a.indicators.filter((c) => view === null || view.indicators.includes(c.indicator)).map((c) => maskCheck(c, m));
  if (view === null) return { ...a, indicators };
  const summary = indicators.filter((c) => !c.met).flatMap((c) => (c.reasons.length > 0 ? c.reasons.map((r) => r.text) : [`${c.label}未达标`]));
  return { ...a, indicators, income: view.income ? a.income : null, summary };
}

/** A whole record: household, members, income form, tasks. */
export function projectRecord(viewer: Viewer, r: HouseholdRecord): RecordView {
  const m = masker(viewer.mask);
  return {
    household: projectHousehold(viewer, r.household, m),
    members: r.members.map((x) => projectMember(viewer, x, m)),
    income: projectIncome(viewer, r.income),
    tasks: projectTasks(viewer, r.tasks),
  };
}
