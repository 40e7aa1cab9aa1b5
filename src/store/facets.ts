// Search facets of one household result (migration 0007): what the list filters and sorts on.
import type { HouseholdAssessment } from '../domain/assessment.js';
import type { AssessmentFacetsTable } from './searchTables.js';

/** Codes of what fails: 'income' when income does not pass (or no form), then each unmet veto indicator. */
export function failingCodes(r: HouseholdAssessment): string[] {
  const out: string[] = [];
  if (r.income !== null && !r.income.pass) out.push('income');
  for (const c of r.indicators) if (c.veto && !c.met) out.push(c.indicator);
  return out;
}

/** ',income,housing,' — commas on both ends so `like '%,water,%'` matches whole codes only. */
export function encodeFailing(codes: readonly string[]): string {
  return codes.length === 0 ? '' : `,${codes.join(',')},`;
}

export function decodeFailing(text: string | null): string[] {
  if (text === null || text === '') return [];
  return text.split(',').filter((c) => c !== '');
}

export function facetRow(runId: number, r: HouseholdAssessment, reassessed: { at: string; by: string } | null = null): AssessmentFacetsTable {
  return {
    run_id: runId,
    household_id: r.householdId,
    head_name: r.headName,
    size: r.size,
    failing: encodeFailing(failingCodes(r)),
    reassessed_at: reassessed?.at ?? null,
    reassessed_by: reassessed?.by ?? null,
  };
}
