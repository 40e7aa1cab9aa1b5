// Re-assessment, the one way the stored assessment is made current.
//
// `reassess` assesses the whole county and stores the run (with the task proposals it makes, and
// optionally the rulebook it was made under as the active one) in one transaction; the CLI, the
// rulebook switch, roster imports and the test worlds all call it. `withReassessment` is the same
// for use cases that change single households inside a write transaction (an income edit, a
// verified task, an approved member change): the household's row in the latest run is rewritten
// in place together with its village's figures and the county figures, so the dashboard and
// lists agree with the page the user is looking at the moment the request returns, without a
// whole-county re-assessment (~2 s); when no run of the active rulebook exists it calls `reassess`.
import type { CountyAssessment, HouseholdAssessment, VillageAssessment } from '../domain/assessment.js';
import { assessHousehold } from '../domain/classify.js';
import { assessCounty as assessCountyDomain } from '../domain/county.js';
import type { HouseholdRecord } from '../domain/types.js';
import { assessVillages } from '../domain/village.js';
import type { Rulebook } from '../domain/rulebook.js';
import { ALL, regionsScope, type AssessmentRun, type Trx } from '../store/index.js';
import { assessCounty, type CountyReport } from './assessCounty.js';
import type { ServiceContext } from './context.js';
import { ACTIVE_RULEBOOK_KEY, activeRulebook, classLabeler, rulebookById } from './rulebooks.js';
import { writeProposals } from './taskProposals.js';

export interface ClassMovement {
  /** Class in the previous run; null for households the previous run did not have. */
  from: string | null;
  fromLabel: string | null;
  to: string;
  toLabel: string;
  households: number;
  people: number;
}

export interface ReassessOptions {
  /** Default: the active rulebook. */
  rulebook?: Rulebook;
  /** Reference date for ages and deadlines; default the rulebook's assessment date. */
  referenceDate?: string;
  /** Make `rulebook` the active one, in the run's transaction (a failed assessment leaves the old one active). */
  setActive?: boolean;
  /** Why the active rulebook changed, for the change log; default names the rulebook. */
  reason?: string;
}

export interface CountyReassessment extends CountyReport {
  runId: number;
  previousRunId: number | null;
  /** Households whose class is the one they had in the previous run. */
  unchanged: number;
  /** Moves between classes compared with the previous run (from ≠ to), largest first. */
  movements: ClassMovement[];
}

/** Assesses the whole county and stores the run; says how households moved since the previous run. */
export async function reassess(ctx: ServiceContext, opts: ReassessOptions = {}): Promise<CountyReassessment> {
  const { store } = ctx;
  const rulebook = opts.rulebook ?? (await activeRulebook(store));
  const previousRun = await store.assessments.latestRun();
  const before = previousRun === null ? new Map<string, string>() : await store.assessments.classes(previousRun.id);
  // Read before the assessment reads the registry: a write that lands while it works leaves the run stale.
  const seenSeq = await store.changes.inputSeq();
  const report = await assessCounty(ctx, { rulebook, propose: true, ...(opts.referenceDate !== undefined ? { referenceDate: opts.referenceDate } : {}) });
  const t0 = performance.now();
  const run = await store.transaction(async (trx) => {
    const untouched = (await store.changes.inputSeq({ trx })) === seenSeq;
    await writeProposals(ctx, trx, report.proposals);
    // The proposals are the run's own writes; they are reflected in it.
    const inputSeq = untouched ? await store.changes.inputSeq({ trx }) : seenSeq;
    if (opts.setActive === true) await store.settings.set(trx, ACTIVE_RULEBOOK_KEY, rulebook.id, ctx.actor, opts.reason ?? `更换规则库为“${rulebook.name}”`);
    return store.assessments.saveRun(trx, {
      rulebookId: rulebook.id,
      referenceDate: report.referenceDate,
      at: ctx.clock(),
      actor: ctx.actor,
      results: report.results,
      villages: report.villages,
      county: report.county,
      inputSeq,
    });
  });
  const saveMs = performance.now() - t0;
  return {
    ...report,
    runId: run.id,
    previousRunId: previousRun?.id ?? null,
    timings: { ...report.timings, saveMs },
    ...movementsSince(previousRun, before, report, rulebook),
  };
}

function movementsSince(
  previousRun: AssessmentRun | null,
  before: ReadonlyMap<string, string>,
  report: CountyReport,
  rulebook: Rulebook,
): { unchanged: number; movements: ClassMovement[] } {
  let prevLabel: (c: string | null) => string | null = classLabeler(null);
  if (previousRun !== null) {
    try {
      prevLabel = classLabeler(rulebookById(previousRun.rulebookId));
    } catch {
      // A rulebook file removed since: codes stand for themselves.
    }
  }
  const newLabel = classLabeler(rulebook);
  const moves = new Map<string, ClassMovement>();
  let unchanged = 0;
  for (const r of report.results) {
    const from = before.get(r.householdId) ?? null;
    if (from === r.class) {
      unchanged++;
      continue;
    }
    const key = `${from ?? ''}\u0000${r.class}`;
    let m = moves.get(key);
    if (m === undefined)
      moves.set(key, (m = { from, fromLabel: prevLabel(from), to: r.class, toLabel: newLabel(r.class) ?? r.class, households: 0, people: 0 }));
    m.households++;
    m.people += r.size;
  }
  return {
    unchanged,
    movements: [...moves.values()].sort((a, b) => b.households - a.households || (a.from ?? '').localeCompare(b.from ?? '') || a.to.localeCompare(b.to)),
  };
}

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
async function rewriteInRun(
  ctx: ServiceContext,
  trx: Trx,
  runId: number,
  rulebook: Rulebook,
  result: HouseholdAssessment,
  reason: string | null,
): Promise<void> {
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
    const villages = (await store.assessments.latestVillages(ALL, { runId, trx })).map((v) =>
      villageResult !== null && v.code === villageResult.code ? villageResult : v,
    );
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
    // Re-assessments rewrite shared village and county figures of the run: one at a time.
    if (run !== null) await store.assessments.lockRun(trx, run.id);
    // A run current before the body stays current after it: the body re-assesses what it changes.
    // (Read again under the lock: a write that committed meanwhile may have moved it on.)
    const locked = run === null ? null : await store.assessments.latestRun({ trx });
    const wasCurrent = inRun && locked?.id === run.id && locked.inputSeq !== null && locked.inputSeq === (await store.changes.inputSeq({ trx }));
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
    const result = await body(trx, reassessor);
    if (wasCurrent) await store.assessments.markCurrent(trx, run.id, await store.changes.inputSeq({ trx }));
    return result;
  });

  // A body that changed no household (a request left pending) needs no new run.
  const runId = inRun || !reassessed ? (run?.id ?? 0) : (await reassess(ctx, { rulebook, referenceDate })).runId;
  return { value, runId };
}
