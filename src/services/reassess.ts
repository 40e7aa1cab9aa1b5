// Re-assessing single households inside a write transaction, for every use case that changes a
// household (an income edit, a verified task, an approved member change).
//
// The household's row in the latest run is rewritten in place together with its village's
// figures and the county figures, so the dashboard and lists agree with the page the user is
// looking at the moment the request returns, without a whole-county re-assessment (~2 s).
import type { CountyAssessment, HouseholdAssessment, VillageAssessment } from '../domain/assessment.js';
import { assessHousehold } from '../domain/classify.js';
import { assessCounty as assessCountyDomain } from '../domain/county.js';
import type { HouseholdRecord } from '../domain/types.js';
import { assessVillages } from '../domain/village.js';
import type { Rulebook } from '../domain/rulebook.js';
import { ALL, regionsScope, type AssessmentRun, type Trx } from '../store/index.js';
import { assessCounty } from './assessCounty.js';
import type { ServiceContext } from './context.js';
import { activeRulebook } from './rulebooks.js';

export interface ClassBefore {
  class: string;
  classLabel: string;
}

export interface Reassessed {
  previous: ClassBefore | null;
  assessment: HouseholdAssessment;
}

/** Handed to the transaction body of `withReassessment`. */
export interface Reassessor {
  readonly rulebook: Rulebook;
  /** The income-form year of the active rulebook. */
  readonly year: number;
  /**
   * Assesses `record` (as it now stands in `trx`) and rewrites its row in the latest run; a class
   * move is logged with `reason` (what caused it, e.g. 整改任务全部验收).
   */
  reassess(record: HouseholdRecord, reason?: string | null): Promise<Reassessed>;
}

/**
 * What one household's change can move in a run: its result, its village's incidence after
 * exit (pre-exit people) and the county figures built on the villages. Recomputed from the
 * stored run plus the new result.
 */
async function rewriteInRun(ctx: ServiceContext, trx: Trx, runId: number, rulebook: Rulebook, result: HouseholdAssessment, reason: string | null): Promise<void> {
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
    const tallies = (await store.assessments.tallyRows(trx, runId)).map((t) =>
      t.householdId === result.householdId ? { householdId: t.householdId, class: result.class, inScope: result.inScope, size: result.size } : t,
    );
    county = assessCountyDomain(countyRegion, villages, tallies as unknown as HouseholdAssessment[], rulebook);
  }
  await store.assessments.replaceResult(trx, runId, { result, village: villageResult, county, actor: ctx.actor, at: ctx.clock(), reason });
}

/**
 * Runs `body` in one transaction with a Reassessor for the active rulebook. When the body
 * re-assessed a household and there is no run yet, or the latest was made under another
 * rulebook, only a whole run is consistent: one is made after the transaction commits. Returns
 * the body's value and the run the results live in (0 when there is none).
 */
export async function withReassessment<T>(ctx: ServiceContext, body: (trx: Trx, r: Reassessor) => Promise<T>): Promise<{ value: T; runId: number }> {
  const { store } = ctx;
  const rulebook = await activeRulebook(store);
  const run: AssessmentRun | null = await store.assessments.latestRun();
  const inRun = run !== null && run.rulebookId === rulebook.id;
  // The run's reference date stays, so the other households of the run and this one are aged alike.
  const referenceDate = inRun ? run.referenceDate : rulebook.assessmentDate;

  let reassessed = false;
  const value = await store.transaction(async (trx) => {
    if (store.dialect === 'postgres' && run !== null) {
      // Re-assessments rewrite shared village and county figures of the run: one at a time.
      await trx.selectFrom('assessment_runs').select('id').where('id', '=', run.id).forUpdate().execute();
    }
    const reassessor: Reassessor = {
      rulebook,
      year: rulebook.year,
      async reassess(record, reason = null) {
        reassessed = true;
        const before = run === null ? null : await store.assessments.result(ALL, record.household.id, { runId: run.id, trx });
        const assessment = assessHousehold(record, rulebook, referenceDate);
        if (inRun) await rewriteInRun(ctx, trx, run.id, rulebook, assessment, reason);
        return { assessment, previous: before === null ? null : { class: before.result.class, classLabel: before.result.classLabel } };
      },
    };
    return body(trx, reassessor);
  });

  // A body that changed no household (a request left pending) needs no new run.
  const runId = inRun || !reassessed ? (run?.id ?? 0) : ((await assessCounty(ctx, { rulebook, referenceDate })).runId ?? 0);
  return { value, runId };
}
