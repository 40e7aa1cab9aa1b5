// What a class code means under a rulebook: code asks these helpers instead of comparing with a
// code ('A', 'B', 'stable'...), so a rulebook with other classes works without code changes.
import { OUT_OF_SCOPE } from './assessment.js';
import type { ClassDefinition, Rulebook } from './rulebook.js';

export const OUT_OF_SCOPE_LABEL = '不在筛查范围';

/** A class as the exit procedure and the pages need it; also for OUT_OF_SCOPE. */
export interface ClassInfo {
  code: string;
  label: string;
  preExit: boolean;
  needsRemediation: boolean;
}

const byCode = new WeakMap<Rulebook, ReadonlyMap<string, ClassDefinition>>();

function classes(rb: Pick<Rulebook, 'classes'>): ReadonlyMap<string, ClassDefinition> {
  // Keyed on the rulebook object: the web passes the same object on every render.
  const key = rb as Rulebook;
  let m = byCode.get(key);
  if (m === undefined) {
    m = new Map(rb.classes.map((c) => [c.code, c]));
    byCode.set(key, m);
  }
  return m;
}

/** The class definition for a code (undefined for OUT_OF_SCOPE or an unknown code). */
export function classDefinition(rb: Pick<Rulebook, 'classes'>, code: string | null | undefined): ClassDefinition | undefined {
  return code === null || code === undefined ? undefined : classes(rb).get(code);
}

/** Is this class code pre-exit (预脱贫) under the rulebook? OUT_OF_SCOPE and unknown codes never are. */
export function isPreExitClass(rb: Pick<Rulebook, 'classes'>, code: string | null | undefined): boolean {
  return classDefinition(rb, code)?.preExit ?? false;
}

/** Pre-exit with nothing left to remediate (A-like): may be approved and exit. */
export function isExitReadyClass(rb: Pick<Rulebook, 'classes'>, code: string | null | undefined): boolean {
  const c = classDefinition(rb, code);
  return c !== undefined && c.preExit && !c.needsRemediation;
}

/** Codes of the exit-ready classes, and of those that need remediation (for “recent moves B→A”). */
export function exitReadyCodes(rb: Pick<Rulebook, 'classes'>): string[] {
  return rb.classes.filter((c) => c.preExit && !c.needsRemediation).map((c) => c.code);
}
export function remediationCodes(rb: Pick<Rulebook, 'classes'>): string[] {
  return rb.classes.filter((c) => c.needsRemediation).map((c) => c.code);
}

/** “A类”, “稳定”, “不在筛查范围”; an unknown code reads as itself. */
export function classLabel(rb: Pick<Rulebook, 'classes'> | null, code: string): string {
  if (code === OUT_OF_SCOPE) return OUT_OF_SCOPE_LABEL;
  return (rb === null ? undefined : classDefinition(rb, code)?.label) ?? code;
}

/** Tag colour (antd preset) for a class; OUT_OF_SCOPE and unknown codes are neutral. */
export function classColour(rb: Pick<Rulebook, 'classes'> | null, code: string): string {
  if (code === OUT_OF_SCOPE) return 'default';
  return (rb === null ? undefined : classDefinition(rb, code)?.colour) ?? 'blue';
}

/** The class as the exit procedure checks it; null when not assessed. */
export function classInfo(rb: Pick<Rulebook, 'classes'>, code: string | null | undefined): ClassInfo | null {
  if (code === null || code === undefined) return null;
  const c = classDefinition(rb, code);
  if (c === undefined) return { code, label: classLabel(rb, code), preExit: false, needsRemediation: false };
  return { code: c.code, label: c.label, preExit: c.preExit, needsRemediation: c.needsRemediation };
}

/** Whether a class rule's income condition holds, asked per named line. */
export type IncomeTest = (line: string) => boolean | null;
/** The state of the veto indicators: all met, every unmet one has a qualifying task, or stuck. */
export type IndicatorState = 'all-met' | 'remediable' | 'stuck';

/**
 * The class the rulebook's ordered class rules give: the first rule whose conditions all hold
 * (the schema requires an unconditional last rule, so one always does).
 */
export function pickClass(rb: Pick<Rulebook, 'classes' | 'classRules'>, income: IncomeTest, state: IndicatorState): ClassDefinition {
  let rule = rb.classRules[rb.classRules.length - 1]!;
  for (const r of rb.classRules) {
    const w = r.when;
    if (w.income) {
      const pass = income(w.income.line);
      if ((pass === true) !== (w.income.is === 'pass')) continue;
    }
    if (w.indicators === 'all-met' && state !== 'all-met') continue;
    if (w.indicators === 'remediable' && state !== 'remediable') continue;
    if (w.indicators === 'any-unmet' && state === 'all-met') continue;
    rule = r;
    break;
  }
  return classDefinition(rb, rule.class)!;
}
