// Use case: assess every household in scope against a rulebook, then villages, townships and the
// county, and report it. Nothing is stored here: reassess.ts stores a county run.
import type { CountyAssessment, HouseholdAssessment, TownshipSummary, VillageAssessment } from '../domain/assessment.js';
import { assessHouseholds } from '../domain/classify.js';
import { assessCounty as assessCountyDomain } from '../domain/county.js';
import { assessVillages, summarizeTownships } from '../domain/village.js';
import type { HouseholdRecord, Region, Task } from '../domain/types.js';
import type { Rulebook } from '../domain/rulebook.js';
import { ALL, type Scope } from '../store/index.js';
import type { ServiceContext } from './context.js';
import { planProposals } from './taskProposals.js';

export interface CountyReport {
  rulebook: Rulebook;
  referenceDate: string;
  regions: Region[];
  records: HouseholdRecord[];
  results: HouseholdAssessment[];
  villages: VillageAssessment[];
  townships: TownshipSummary[];
  /** Null when the store holds no county region (nothing imported yet). */
  county: CountyAssessment | null;
  /** Id of the stored snapshot: null here, set by `reassess` (reassess.ts) which stores it. */
  runId: number | null;
  /** Tasks proposed for uncovered gaps (already in `records` and reflected in `results`; `reassess` writes them with the run). */
  proposals: Task[];
  timings: { loadMs: number; assessMs: number; saveMs: number };
}

export interface AssessOptions {
  rulebook: Rulebook;
  /** Reference date for ages and deadlines; default the rulebook's assessment date. */
  referenceDate?: string;
  scope?: Scope;
  /** Propose tasks for the gaps no task covers (default false); they are in `proposals`, for the caller to write. */
  propose?: boolean;
}

export class NothingToAssessError extends Error {
  override name = 'NothingToAssessError';
}

export async function assessCounty(ctx: ServiceContext, opts: AssessOptions): Promise<CountyReport> {
  const { store } = ctx;
  const scope = opts.scope ?? ALL;
  const referenceDate = opts.referenceDate ?? opts.rulebook.assessmentDate;

  const t0 = performance.now();
  const [regions, records] = await Promise.all([store.regions.list(scope), store.registry.loadRecords(scope, { year: opts.rulebook.year })]);
  // Households without a form for the rulebook's year are assessed as "no income form".
  const t1 = performance.now();
  if (records.length === 0) throw new NothingToAssessError('数据库中还没有农户数据，请先导入花名册（tuopin import 文件）或生成演示县（tuopin demo）');

  const results = assessHouseholds(records, opts.rulebook, referenceDate);
  const proposals = opts.propose === true ? planProposals(records, results, opts.rulebook, referenceDate, await store.tasks.ids()) : [];
  const villages = assessVillages(regions, records, results, opts.rulebook);
  const townships = summarizeTownships(regions, villages);
  const countyRegion = regions.find((r) => r.level === 'county') ?? null;
  const county = countyRegion ? assessCountyDomain(countyRegion, villages, results, opts.rulebook) : null;
  const t2 = performance.now();

  return {
    rulebook: opts.rulebook,
    referenceDate,
    regions,
    records,
    results,
    villages,
    townships,
    county,
    runId: null,
    proposals,
    timings: { loadMs: t1 - t0, assessMs: t2 - t1, saveMs: 0 },
  };
}
