// Result types of the assessment. Every class carries its reasons, indicator by indicator:
// what was checked, the values seen, the rule applied and the member concerned.
import type { IncomeCategory, IncomeItemCode, IndicatorCode } from './types.js';

/** 'out-of-scope' is reserved; the other class codes come from the rulebook (A/B/C for exit). */
export const OUT_OF_SCOPE = 'out-of-scope';
export type ExitClass = string;

export interface Reason {
  /** Member concerned, when the rule applies per member. */
  memberId: string | null;
  memberName: string | null;
  /** Plain Chinese, e.g. “张小明（13岁）为非在校生，原因：家庭困难”. */
  text: string;
  /** The rule applied, readable: e.g. “义务教育年龄 6–15 周岁须在校”. */
  rule: string;
  /** The values seen. */
  values: Record<string, string | number | boolean | null>;
}

export interface Remediation {
  taskId: string;
  dueDate: string;
  status: string;
  /** Counts toward B: open (not cancelled/returned-without-plan) and due by the rulebook deadline. */
  qualifies: boolean;
  why: string;
}

export interface IndicatorCheck {
  indicator: IndicatorCode;
  label: string;
  veto: boolean;
  met: boolean;
  /** Met because a remediation task for it was verified (整改已验收), not because the record says so. */
  metByVerifiedTask: boolean;
  /** Why it is met or unmet; empty when met with nothing to say. */
  reasons: Reason[];
  /** Tasks addressing this indicator (only for unmet ones). */
  remediation: Remediation[];
  /** Unmet and every unmet member/aspect is covered by a qualifying task. */
  remediable: boolean;
}

export interface IncomeLine {
  code: IncomeItemCode;
  label: string;
  category: IncomeCategory;
  amount: number;
  counted: boolean;
}

export interface IncomeResult {
  year: number | null;
  items: IncomeLine[];
  /** Sum of counted wage, production, property and transfer items. */
  grossCounted: number;
  /** Production and operating costs deducted. */
  costs: number;
  /** Amount of items left out by the rulebook (kept on the form for the record). */
  excluded: number;
  net: number;
  size: number;
  perCapita: number;
  lineName: string;
  line: number;
  pass: boolean;
  /** The arithmetic in Chinese, e.g. “(12000 + 3000 − 1500) ÷ 4 = 3375.00 元，未超过 3700 元”. */
  arithmetic: string;
}

export interface HouseholdAssessment {
  householdId: string;
  villageCode: string;
  headName: string | null;
  size: number;
  inScope: boolean;
  /** Why the household is out of scope (已脱贫, 易地搬迁未入住, 兜底保障), else null. */
  scopeReason: string | null;
  class: ExitClass;
  classLabel: string;
  preExit: boolean;
  income: IncomeResult | null;
  indicators: IndicatorCheck[];
  /** One line per failing veto indicator (and income), in Chinese, for ledgers and lists. */
  summary: string[];
}

export interface VillageIndicatorCheck {
  key: string;
  label: string;
  met: boolean;
  value: boolean | number | null;
}

export interface VillageAssessment {
  code: string;
  name: string;
  townshipCode: string | null;
  poorVillage: boolean;
  exited: boolean;
  ruralPopulation: number | null;
  /** Registered poor people not yet exited. */
  remainingPoor: number;
  /** People in households classed pre-exit this year. */
  preExitPeople: number;
  incidenceNow: number | null;
  incidenceAfter: number | null;
  households: Record<string, number>; // class code -> households
  people: Record<string, number>; // class code -> people
  indicators: VillageIndicatorCheck[];
  indicatorsMet: boolean;
  /** A poor village not yet exited whose incidence after exit and indicators pass. */
  preExit: boolean;
  reasons: string[];
}

export interface Criterion {
  key: string;
  label: string;
  value: number | null;
  threshold: number;
  comparison: '<' | '<=' | '>=';
  /** true / false, or null when the data (e.g. the sample check) is not there yet. */
  met: boolean | null;
  note: string | null;
}

export interface CountyAssessment {
  code: string;
  name: string;
  ruralPopulation: number;
  registeredPoor: number;
  remainingPoor: number;
  inScopeHouseholds: number;
  inScopePeople: number;
  households: Record<string, number>;
  people: Record<string, number>;
  incidenceNow: number | null;
  incidenceAfter: number | null;
  poorVillages: number;
  poorVillagesExited: number;
  poorVillagesPreExit: number;
  criteria: Criterion[];
  ready: boolean | null;
  blockers: string[];
}

export interface TownshipSummary {
  code: string;
  name: string;
  households: Record<string, number>;
  people: Record<string, number>;
  remainingPoor: number;
  ruralPopulation: number;
  incidenceNow: number | null;
  incidenceAfter: number | null;
  villages: number;
  preExitVillages: number;
}

export interface SampleCheck {
  exitedSampled: number;
  misexited: number;
  unregisteredSampled: number;
  omitted: number;
  surveyed: number;
  approving: number;
}
