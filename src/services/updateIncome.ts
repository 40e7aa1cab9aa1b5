// Use case: a county, township or village user edits one household's income form.
//
// One transaction: the form is written through the registry (diffRecords + applyImport, so the
// change row carries who, when, before, after and why), the household is re-assessed with the
// active rulebook, and its row in the latest run is rewritten in place together with its
// village's figures and the county figures, so the dashboard and lists agree with the page the
// user is looking at the moment the request returns.
import type { CountyAssessment, HouseholdAssessment, VillageAssessment } from '../domain/assessment.js';
import { assessHousehold } from '../domain/classify.js';
import { assessCounty as assessCountyDomain } from '../domain/county.js';
import { IncomeForm, type HouseholdRecord } from '../domain/types.js';
import { assessVillages } from '../domain/village.js';
import type { Rulebook } from '../rulebooks/schema.js';
import { ALL, diffRecords, isEmptyPlan, regionsScope, type Trx } from '../store/index.js';
import { AccessError, notAllowed, notFound, outOfScope, type Access } from './access.js';
import { assessCounty } from './assessCounty.js';
import type { ServiceContext } from './context.js';
import { activeRulebook } from './rulebooks.js';

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
  previous: { class: string; classLabel: string } | null;
  assessment: HouseholdAssessment;
  runId: number;
}

/**
 * What an income change can move in a run: this household's result, its village's incidence
 * after exit (pre-exit people) and the county figures built on the villages. Recomputed from the
 * stored run plus the new result, not from a whole-county re-assessment (~2 s).
 */
async function rewriteInRun(ctx: ServiceContext, trx: Trx, runId: number, rulebook: Rulebook, result: HouseholdAssessment): Promise<void> {
  const { store } = ctx;
  const regions = await store.regions.list(ALL, { trx });
  const village = regions.find((r) => r.code === result.villageCode);
  let villageResult: VillageAssessment | null = null;
  if (village !== undefined) {
    const parent = regions.find((r) => r.code === village.parentCode);
    const scope = regionsScope([village.code]);
    const records = await store.registry.loadRecords(scope, { trx });
    const stored = await store.assessments.latestResults(scope, { runId, villageCode: village.code, trx });
    const results = stored.filter((r) => r.householdId !== result.householdId).concat(result);
    villageResult = assessVillages(parent === undefined ? [village] : [parent, village], records, results, rulebook)[0] ?? null;
  }
  let county: CountyAssessment | null = null;
  const countyRegion = regions.find((r) => r.level === 'county');
  if (countyRegion !== undefined) {
    const villages = (await store.assessments.latestVillages(ALL, { runId, trx })).map((v) => (villageResult !== null && v.code === villageResult.code ? villageResult : v));
    // The county figures read each result's size, class and scope flag only; the stored columns
    // give those without parsing 15,000 result documents.
    const tallies = (await store.search.tallyRows(trx, runId)).map((t) =>
      t.householdId === result.householdId ? { householdId: t.householdId, class: result.class, inScope: result.inScope, size: result.size } : t,
    );
    county = assessCountyDomain(countyRegion, villages, tallies as unknown as HouseholdAssessment[], rulebook);
  }
  await store.search.replaceResult(trx, runId, { result, village: villageResult, county, actor: ctx.actor, at: ctx.clock() });
}

export async function updateIncome(ctx: ServiceContext, viewer: Access, householdId: string, edit: IncomeEdit): Promise<IncomeEditResult> {
  if (!INCOME_EDITORS.includes(viewer.role)) throw notAllowed('只有县扶贫办、乡镇和村级账号可以修改收入测算表');
  const reason = edit.reason.trim();
  if (reason === '') throw new AccessError(400, 'reason-required', '请填写修改原因');
  const { store } = ctx;
  const rulebook = await activeRulebook(store);
  const year = rulebook.year;

  const run = await store.assessments.latestRun();
  // The run's reference date stays, so the other households of the run and this one are aged alike.
  const referenceDate = run !== null && run.rulebookId === rulebook.id ? run.referenceDate : rulebook.assessmentDate;

  const outcome = await store.transaction(async (trx) => {
    if (store.dialect === 'postgres' && run !== null) {
      // Edits rewrite shared village and county figures of the run: one at a time.
      await trx.selectFrom('assessment_runs').select('id').where('id', '=', run.id).forUpdate().execute();
    }
    const [record] = await store.registry.loadRecords(viewer.scope, { year, householdIds: [householdId], trx });
    if (record === undefined) {
      const exists = await trx.selectFrom('households').select('id').where('id', '=', householdId).executeTakeFirst();
      throw exists === undefined ? notFound("该户") : outOfScope("该户");
    }
    const form = IncomeForm.parse({ householdId, year, items: edit.items, note: edit.note });
    const updated: HouseholdRecord = { ...record, income: form };
    const plan = diffRecords([record], [updated]);
    const changed = !isEmptyPlan(plan);
    if (changed) await store.registry.applyImport(trx, plan, ctx.actor, reason, null, ctx.clock());

    const before = run === null ? null : await store.search.result(ALL, householdId, { runId: run.id, trx });
    const assessment = assessHousehold(updated, rulebook, referenceDate);
    if (run !== null && run.rulebookId === rulebook.id) await rewriteInRun(ctx, trx, run.id, rulebook, assessment);
    return {
      changed,
      assessment,
      previous: before === null ? null : { class: before.result.class, classLabel: before.result.classLabel },
      runId: run?.id ?? null,
    };
  });

  let runId = outcome.runId;
  if (runId === null || run?.rulebookId !== rulebook.id) {
    // No run yet, or the latest one was made under another rulebook: only a whole run is consistent.
    runId = (await assessCounty(ctx, { rulebook, referenceDate })).runId;
  }
  return { householdId, year, changed: outcome.changed, previous: outcome.previous, assessment: outcome.assessment, runId: runId ?? 0 };
}
