import type { CountyAssessment, HouseholdAssessment, VillageAssessment } from '../../domain/assessment.js';
import { assertTransaction } from '../bulk.js';
import type { Actor, StoreContext } from '../context.js';
import { deriveCodes } from '../regionTree.js';
import type { AssessmentResultsTable, Db, Trx } from '../schema.js';
import { scopeWhere, type Scope } from '../scope.js';
import { assessmentResultsSpec, villageResultsSpec } from '../tables.js';
import { facetRow } from '../facets.js';
import { assessmentFacetsSpec } from '../searchTables.js';

export interface NewAssessmentRun {
  rulebookId: string;
  referenceDate: string;
  at?: string;
  actor: Actor;
  results: readonly HouseholdAssessment[];
  villages: readonly VillageAssessment[];
  county: CountyAssessment | null;
}

export interface AssessmentRun {
  id: number;
  rulebookId: string;
  referenceDate: string;
  at: string;
  actor: Actor;
  householdCount: number;
  county: CountyAssessment | null;
}

export interface ResultFilter {
  class?: string;
  villageCode?: string;
  inScope?: boolean;
  trx?: Trx;
}

/**
 * Assessment snapshots: each run is kept whole (never updated), so a ledger printed last week
 * can be reproduced and compared with today's. Results carry the region codes of the run's
 * time for scope filtering, independent of later moves or deletions.
 */
export class AssessmentRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  async saveRun(trx: Trx, run: NewAssessmentRun): Promise<AssessmentRun> {
    assertTransaction(trx);
    const at = run.at ?? this.#ctx.clock();
    const inserted = await trx
      .insertInto('assessment_runs')
      .values({
        rulebook_id: run.rulebookId,
        reference_date: run.referenceDate,
        at,
        actor_id: run.actor.id,
        actor_name: run.actor.name,
        household_count: run.results.length,
        county: run.county === null ? null : JSON.stringify(run.county),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const runId = Number(inserted.id);

    const tree = deriveCodes(
      (await trx.selectFrom('regions').select(['code', 'level', 'parent_code']).execute()).map((r) => ({
        code: r.code,
        level: r.level,
        parentCode: r.parent_code,
      })),
    );
    const codes = (village: string) => tree.get(village) ?? { township: null, county: null };
    const rows: AssessmentResultsTable[] = run.results.map((r) => ({
      run_id: runId,
      household_id: r.householdId,
      village_code: r.villageCode,
      township_code: codes(r.villageCode).township,
      county_code: codes(r.villageCode).county,
      class: r.class,
      in_scope: r.inScope ? 1 : 0,
      per_capita: r.income?.perCapita ?? null,
      summary: JSON.stringify(r.summary),
      detail: JSON.stringify(r),
    }));
    await this.#ctx.bulk.insert(trx, assessmentResultsSpec, rows);
    // The household list's filter/sort columns (migration 0007), in the same transaction.
    await this.#ctx.bulk.insert(trx, assessmentFacetsSpec, run.results, (r) => facetRow(runId, r));
    await this.#ctx.bulk.insert(
      trx,
      villageResultsSpec,
      run.villages.map((v) => ({
        run_id: runId,
        village_code: v.code,
        township_code: v.townshipCode ?? codes(v.code).township,
        county_code: codes(v.code).county,
        data: JSON.stringify(v),
      })),
    );
    return {
      id: runId,
      rulebookId: run.rulebookId,
      referenceDate: run.referenceDate,
      at,
      actor: run.actor,
      householdCount: run.results.length,
      county: run.county,
    };
  }

  async latestRun(opts: { trx?: Trx } = {}): Promise<AssessmentRun | null> {
    const db: Db = opts.trx ?? this.#ctx.db;
    const r = await db.selectFrom('assessment_runs').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (r === undefined) return null;
    return {
      id: Number(r.id),
      rulebookId: r.rulebook_id,
      referenceDate: r.reference_date,
      at: r.at,
      actor: { id: r.actor_id, name: r.actor_name },
      householdCount: r.household_count,
      county: r.county === null ? null : (JSON.parse(r.county) as CountyAssessment),
    };
  }

  /** Household results of the latest run (or of `runId`), in scope, by household id. */
  async latestResults(scope: Scope, filter: ResultFilter & { runId?: number } = {}): Promise<HouseholdAssessment[]> {
    const db: Db = filter.trx ?? this.#ctx.db;
    const runId = filter.runId ?? (await this.latestRun({ trx: filter.trx }))?.id;
    if (runId === undefined) return [];
    const rows = await db
      .selectFrom('assessment_results')
      .select(['detail'])
      .where('run_id', '=', runId)
      .where((eb) => scopeWhere(eb, scope, 'assessment_results'))
      .$if(filter.class !== undefined, (qb) => qb.where('class', '=', filter.class as string))
      .$if(filter.villageCode !== undefined, (qb) => qb.where('village_code', '=', filter.villageCode as string))
      .$if(filter.inScope !== undefined, (qb) => qb.where('in_scope', '=', filter.inScope ? 1 : 0))
      .orderBy('household_id')
      .execute();
    return rows.map((r) => JSON.parse(r.detail) as HouseholdAssessment);
  }

  /** Village results of the latest run (or of `runId`), in scope, by village code. */
  async latestVillages(scope: Scope, opts: { runId?: number; trx?: Trx } = {}): Promise<VillageAssessment[]> {
    const db: Db = opts.trx ?? this.#ctx.db;
    const runId = opts.runId ?? (await this.latestRun({ trx: opts.trx }))?.id;
    if (runId === undefined) return [];
    const rows = await db
      .selectFrom('village_results')
      .select(['data'])
      .where('run_id', '=', runId)
      .where((eb) => scopeWhere(eb, scope, 'village_results'))
      .orderBy('village_code')
      .execute();
    return rows.map((r) => JSON.parse(r.data) as VillageAssessment);
  }
}
