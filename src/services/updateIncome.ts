// Use case: a county, township or village user edits one household's income form.
//
// One transaction: the form is written through the registry (diffRecords + applyImport, so the
// change row carries who, when, before, after and why) and the household is re-assessed in the
// latest run (reassess.ts).
import type { HouseholdAssessment } from '../domain/assessment.js';
import { IncomeForm, type HouseholdRecord } from '../domain/types.js';
import { diffRecords, isEmptyPlan } from '../store/index.js';
import { AccessError, notAllowed, notFound, outOfScope, type Access } from './access.js';
import type { ServiceContext } from './context.js';
import { withReassessment, type ClassBefore } from './reassess.js';

export const INCOME_EDITORS: readonly Access['role'][] = ['county', 'township', 'village'];

export interface IncomeEdit {
  items: IncomeForm['items'];
  note: string | null;
  /** Why (required): printed in the household's history. */
  reason: string;
}

export interface IncomeEditResult {
  householdId: string;
  year: number;
  changed: boolean;
  previous: ClassBefore | null;
  assessment: HouseholdAssessment;
  runId: number;
}

export async function updateIncome(ctx: ServiceContext, viewer: Access, householdId: string, edit: IncomeEdit): Promise<IncomeEditResult> {
  if (!INCOME_EDITORS.includes(viewer.role)) throw notAllowed('只有县扶贫办、乡镇和村级账号可以修改收入测算表');
  const reason = edit.reason.trim();
  if (reason === '') throw new AccessError(400, 'reason-required', '请填写修改原因');
  const { store } = ctx;
  const { value, runId } = await withReassessment(ctx, async (trx, r) => {
    const [record] = await store.registry.loadRecords(viewer.scope, { year: r.year, householdIds: [householdId], trx });
    if (record === undefined) {
      const exists = await trx.selectFrom('households').select('id').where('id', '=', householdId).executeTakeFirst();
      throw exists === undefined ? notFound("该户") : outOfScope("该户");
    }
    const form = IncomeForm.parse({ householdId, year: r.year, items: edit.items, note: edit.note });
    const updated: HouseholdRecord = { ...record, income: form };
    const plan = diffRecords([record], [updated]);
    const changed = !isEmptyPlan(plan);
    if (changed) await store.registry.applyImport(trx, plan, ctx.actor, reason, null, ctx.clock());
    return { changed, year: r.year, ...(await r.reassess(updated, `修改收入测算表：${reason}`)) };
  });
  return { householdId, year: value.year, changed: value.changed, previous: value.previous, assessment: value.assessment, runId };
}
