// What of a 一户一策 plan a viewer reads (projection.ts conventions: absent, not null, for what a
// sector may not see). A sector department answers for some kinds of measure: it reads those
// measures, so it can see what was promised in its field, and not the rest of the plan. The
// goals are about the whole household's income, so no sector reads them; the causes only a
// sector that sees the household's causes (民政).
import type { MeasureCategory } from '../domain/plan.js';
import type { PlanView } from '../services/plans.js';
import type { Viewer } from './auth/viewer.js';
import type { PlanResponse } from '../contract/api.js';
import type { Sector } from '../domain/roles.js';
import { householdFieldVisible, sectorView } from './projection.js';

/** Measure categories each sector department reads. 产业类 and 金融类 have no sector account. */
export const SECTOR_MEASURE_CATEGORIES: Readonly<Record<Sector, readonly MeasureCategory[]>> = {
  教育: ['education'],
  卫健: ['health'],
  医保: ['health'],
  住建: ['housing', 'relocation'],
  水务: ['water'],
  民政: ['social-assistance'],
  人社: ['employment'],
  残联: ['health', 'employment'],
};

export function measureCategoryVisible(viewer: Viewer, category: MeasureCategory): boolean {
  if (sectorView(viewer) === null) return true;
  return viewer.sector !== null && SECTOR_MEASURE_CATEGORIES[viewer.sector].includes(category);
}

export function projectPlan(viewer: Viewer, plan: PlanView): PlanResponse {
  const out: PlanResponse = { ...plan, measures: plan.measures.filter((m) => measureCategoryVisible(viewer, m.category)) };
  if (sectorView(viewer) !== null) {
    out.canEdit = false;
    delete out.goals;
    if (!householdFieldVisible(viewer, 'mainCause')) {
      delete out.mainCause;
      delete out.otherCauses;
    }
  }
  return out;
}
