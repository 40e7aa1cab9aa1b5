// The assessment read model and its writes: runs, each household's result, village and county
// figures, the per-class tallies and failing-indicator counts behind the dashboard and ledgers,
// and the in-place rewrite of one household's result. Every read takes the Scope into its WHERE
// clause; without a run id it reads the latest run.
import { sql } from 'kysely';
import type { CountyAssessment, HouseholdAssessment, VillageAssessment } from '../../domain/assessment.js';
import { assertTransaction } from '../bulk.js';
import { appendChanges, ChangeBatch } from '../changeLog.js';
import type { Actor, StoreContext } from '../context.js';
import { deriveCodes } from '../regionTree.js';
import type { AssessmentResultsTable, Db, Trx } from '../schema.js';
import { scopeWhere, type Scope } from '../scope.js';
import { assessmentResultsSpec, villageResultsSpec } from '../tables.js';
import { facetRow } from '../facets.js';
import { assessmentFacetsSpec, trxWithSearch, withSearch } from '../searchTables.js';
import { like, likeEscape, runIdOrNone, type SearchPage } from '../queryParts.js';

export interface NewAssessmentRun {
  rulebookId: string;
  referenceDate: string;
  at?: string;
  actor: Actor;
  results: readonly HouseholdAssessment[];
  villages: readonly VillageAssessment[];
  county: CountyAssessment | null;
  /** The change-log seq of the inputs the run reflects (ChangeRepository.inputSeq when it read them). */
  inputSeq?: number | null;
}

export interface AssessmentRun {
  id: number;
  rulebookId: string;
  referenceDate: string;
  at: string;
  actor: Actor;
  householdCount: number;
  county: CountyAssessment | null;
  /** See NewAssessmentRun.inputSeq; null for runs made before it was kept. */
  inputSeq: number | null;
}

export interface ClassTally {
  class: string;
  inScope: boolean;
  households: number;
  people: number;
}

export interface StoredResult {
  runId: number;
  result: HouseholdAssessment;
  reassessedAt: string | null;
  reassessedBy: string | null;
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
        input_seq: run.inputSeq ?? null,
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
      inputSeq: run.inputSeq ?? null,
    };
  }

  /** Id of the newest run (null before the first): moves with every saved run. */
  async latestRunId(opts: { trx?: Trx } = {}): Promise<number | null> {
    const id = await runIdOrNone(opts.trx ?? this.#ctx.db, undefined);
    return id === -1 ? null : id;
  }

  /**
   * Holds the run for the rest of `trx`: re-assessments rewrite the run's shared village and
   * county figures, so on PostgreSQL they take turns. SQLite has one writer anyway.
   */
  async lockRun(trx: Trx, runId: number): Promise<void> {
    assertTransaction(trx);
    if (this.#ctx.dialect !== 'postgres') return;
    await trx.selectFrom('assessment_runs').select('id').where('id', '=', runId).forUpdate().execute();
  }

  /** household id -> class of every result of the run (no scope: for the county-wide class movements). */
  async classes(runId: number, opts: { trx?: Trx } = {}): Promise<Map<string, string>> {
    const db: Db = opts.trx ?? this.#ctx.db;
    const rows = await db.selectFrom('assessment_results').select(['household_id', 'class']).where('run_id', '=', runId).execute();
    return new Map(rows.map((r) => [r.household_id, r.class]));
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
      inputSeq: r.input_seq === null ? null : Number(r.input_seq),
    };
  }

  /** The run now reflects the inputs up to `seq` (a write re-assessed what it changed, in place). */
  async markCurrent(trx: Trx, runId: number, seq: number): Promise<void> {
    assertTransaction(trx);
    await trx.updateTable('assessment_runs').set({ input_seq: seq }).where('id', '=', runId).execute();
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

  /** In-scope households of the run per failing code ('income', 'water', ...), in scope. */
  async failingCounts(scope: Scope, codes: readonly string[], opts: { runId?: number; trx?: Trx } = {}): Promise<Record<string, number>> {
    const base = opts.trx ?? this.#ctx.db;
    const runId = await runIdOrNone(base, opts.runId);
    const db = withSearch(base);
    if (codes.length === 0) return {};
    const row = await db
      .selectFrom('assessment_results as r')
      .innerJoin('assessment_facets as f', (j) => j.onRef('f.run_id', '=', 'r.run_id').onRef('f.household_id', '=', 'r.household_id'))
      .where('r.run_id', '=', runId)
      .where('r.in_scope', '=', 1)
      .where((eb) => scopeWhere(eb, scope, 'r'))
      .select((eb) => codes.map((c, i) => eb.fn.sum<number>(sql`case when ${like(eb.ref('f.failing'), `%,${likeEscape(c)},%`)} then 1 else 0 end`).as(`c${i}`)))
      .executeTakeFirst();
    const out: Record<string, number> = {};
    codes.forEach((c, i) => {
      out[c] = Number((row as Record<string, unknown> | undefined)?.[`c${i}`] ?? 0);
    });
    return out;
  }

  /** Households and people per class (and in-scope flag) of the run, in scope. */
  async classTallies(scope: Scope, opts: { runId?: number; trx?: Trx } = {}): Promise<ClassTally[]> {
    const base = opts.trx ?? this.#ctx.db;
    const runId = await runIdOrNone(base, opts.runId);
    const rows = await withSearch(base)
      .selectFrom('assessment_results as r')
      .innerJoin('assessment_facets as f', (j) => j.onRef('f.run_id', '=', 'r.run_id').onRef('f.household_id', '=', 'r.household_id'))
      .where('r.run_id', '=', runId)
      .where((eb) => scopeWhere(eb, scope, 'r'))
      .groupBy(['r.class', 'r.in_scope'])
      .select((eb) => ['r.class', 'r.in_scope', eb.fn.countAll<number>().as('households'), eb.fn.sum<number>('f.size').as('people')])
      .orderBy('r.class')
      .execute();
    return rows.map((r) => ({ class: r.class, inScope: Number(r.in_scope) === 1, households: Number(r.households), people: Number(r.people ?? 0) }));
  }

  /** One class of the run, ordered as the ledger sheet prints it (village, then household), paged. */
  async ledgerPage(
    scope: Scope,
    cls: string,
    opts: { runId?: number; offset?: number; limit?: number; trx?: Trx } = {},
  ): Promise<SearchPage<HouseholdAssessment>> {
    const base = opts.trx ?? this.#ctx.db;
    const runId = await runIdOrNone(base, opts.runId);
    const filtered = base
      .selectFrom('assessment_results as r')
      .where('r.run_id', '=', runId)
      .where('r.class', '=', cls)
      .where((eb) => scopeWhere(eb, scope, 'r'));
    const total = Number((await filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await filtered
      .select('r.detail')
      .orderBy('r.village_code')
      .orderBy('r.household_id')
      .limit(Math.max(1, Math.min(500, opts.limit ?? 50)))
      .offset(Math.max(0, opts.offset ?? 0))
      .execute();
    return { total, items: rows.map((r) => JSON.parse(r.detail) as HouseholdAssessment) };
  }

  /** One household's result in the run (default latest), in scope; null when there is none. */
  async result(scope: Scope, householdId: string, opts: { runId?: number; trx?: Trx } = {}): Promise<StoredResult | null> {
    const base = opts.trx ?? this.#ctx.db;
    const runId = await runIdOrNone(base, opts.runId);
    const row = await withSearch(base)
      .selectFrom('assessment_results as r')
      .leftJoin('assessment_facets as f', (j) => j.onRef('f.run_id', '=', 'r.run_id').onRef('f.household_id', '=', 'r.household_id'))
      .select(['r.detail', 'f.reassessed_at', 'f.reassessed_by'])
      .where('r.run_id', '=', runId)
      .where('r.household_id', '=', householdId)
      .where((eb) => scopeWhere(eb, scope, 'r'))
      .executeTakeFirst();
    if (row === undefined) return null;
    return { runId, result: JSON.parse(row.detail) as HouseholdAssessment, reassessedAt: row.reassessed_at, reassessedBy: row.reassessed_by };
  }

  /** Class, in-scope flag and size of every result of the run (no scope: for the county figures). */
  async tallyRows(trx: Trx, runId: number): Promise<{ householdId: string; class: string; inScope: boolean; size: number }[]> {
    const rows = await this.#ctx.selectRows(
      trx,
      trxWithSearch(trx)
        .selectFrom('assessment_results as r')
        .innerJoin('assessment_facets as f', (j) => j.onRef('f.run_id', '=', 'r.run_id').onRef('f.household_id', '=', 'r.household_id'))
        .select(['r.household_id', 'r.class', 'r.in_scope', 'f.size'])
        .where('r.run_id', '=', runId),
    );
    return rows.map((r) => ({ householdId: r.household_id, class: r.class, inScope: Number(r.in_scope) === 1, size: Number(r.size) }));
  }

  /**
   * Rewrites one household's result in a stored run (after an income edit re-assessed it), with
   * its village and the county figures, and records on the facet row when and by whom. The run
   * stays the latest picture of the county instead of a new 15,000-row run per edit.
   */
  async replaceResult(
    trx: Trx,
    runId: number,
    change: {
      result: HouseholdAssessment;
      village: VillageAssessment | null;
      county: CountyAssessment | null;
      actor: Actor;
      at?: string;
      reason?: string | null;
    },
  ): Promise<void> {
    assertTransaction(trx);
    const at = change.at ?? this.#ctx.clock();
    const r = change.result;
    const previous = await trx
      .selectFrom('assessment_results')
      .select('class')
      .where('run_id', '=', runId)
      .where('household_id', '=', r.householdId)
      .executeTakeFirst();
    if (previous !== undefined && previous.class !== r.class) {
      // A class move (B → A when the last task is verified) is part of the household's history.
      const log = new ChangeBatch(change.actor, at, change.reason ?? null, null);
      const codes = await trx
        .selectFrom('households')
        .select(['village_code', 'township_code', 'county_code'])
        .where('id', '=', r.householdId)
        .executeTakeFirst();
      log.add(
        'assessment',
        'update',
        r.householdId,
        r.householdId,
        { village: codes?.village_code ?? r.villageCode, township: codes?.township_code ?? null, county: codes?.county_code ?? null },
        { class: previous.class, runId },
        { class: r.class, runId },
      );
      await appendChanges(this.#ctx, trx, log);
    }
    const updated = await trx
      .updateTable('assessment_results')
      .set({
        class: r.class,
        in_scope: r.inScope ? 1 : 0,
        per_capita: r.income?.perCapita ?? null,
        summary: JSON.stringify(r.summary),
        detail: JSON.stringify(r),
      })
      .where('run_id', '=', runId)
      .where('household_id', '=', r.householdId)
      .executeTakeFirst();
    const facet = facetRow(runId, r, { at, by: change.actor.name });
    const s = trxWithSearch(trx);
    if (Number(updated.numUpdatedRows) === 0) {
      // Not in the run (imported after it): add it, with the codes of its household row.
      const h = await trx.selectFrom('households').select(['township_code', 'county_code']).where('id', '=', r.householdId).executeTakeFirst();
      await trx
        .insertInto('assessment_results')
        .values({
          run_id: runId,
          household_id: r.householdId,
          village_code: r.villageCode,
          township_code: h?.township_code ?? null,
          county_code: h?.county_code ?? null,
          class: r.class,
          in_scope: r.inScope ? 1 : 0,
          per_capita: r.income?.perCapita ?? null,
          summary: JSON.stringify(r.summary),
          detail: JSON.stringify(r),
        })
        .execute();
      await s.deleteFrom('assessment_facets').where('run_id', '=', runId).where('household_id', '=', r.householdId).execute();
      await s.insertInto('assessment_facets').values(facet).execute();
    } else {
      await s
        .updateTable('assessment_facets')
        .set({ head_name: facet.head_name, size: facet.size, failing: facet.failing, reassessed_at: at, reassessed_by: change.actor.name })
        .where('run_id', '=', runId)
        .where('household_id', '=', r.householdId)
        .execute();
    }
    if (change.village !== null) {
      await trx
        .updateTable('village_results')
        .set({ data: JSON.stringify(change.village) })
        .where('run_id', '=', runId)
        .where('village_code', '=', change.village.code)
        .execute();
    }
    if (change.county !== null) {
      await trx
        .updateTable('assessment_runs')
        .set({ county: JSON.stringify(change.county) })
        .where('id', '=', runId)
        .execute();
    }
  }
}
