// Read side of the web pages: the household list (search, filters, sort, paging) and the
// aggregates behind the dashboard and ledgers, each one SQL query with the Scope in its WHERE
// clause; plus the in-place rewrite of one household's result after an income edit.
import { sql, type Expression, type SqlBool } from 'kysely';
import type { CountyAssessment, HouseholdAssessment, VillageAssessment } from '../../domain/assessment.js';
import { assertTransaction } from '../bulk.js';
import { appendChanges, ChangeBatch } from '../changeLog.js';
import type { Actor, StoreContext } from '../context.js';
import { decodeFailing, facetRow } from '../facets.js';
import type { Db, Trx } from '../schema.js';
import { scopeWhere, type Scope } from '../scope.js';
import { trxWithSearch, withSearch } from '../searchTables.js';

export const HOUSEHOLD_SORTS = ['id', 'village', 'size', 'perCapita', 'class'] as const;
export type HouseholdSort = (typeof HOUSEHOLD_SORTS)[number];

export interface HouseholdSearch {
  /** Member name (prefix or contained), ID number (whole, or its last digits) or household number. */
  q?: string;
  township?: string;
  village?: string;
  class?: string;
  /** A failing indicator code ('income', 'water', ...). */
  indicator?: string;
  /** Main cause code. */
  cause?: string;
  attribute?: string;
  sort?: HouseholdSort;
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
  /** Default: the latest run. */
  runId?: number;
  trx?: Trx;
}

export interface HouseholdListRow {
  id: string;
  villageCode: string;
  townshipCode: string | null;
  group: string | null;
  attribute: string;
  mainCause: string | null;
  status: string;
  headName: string | null;
  /** Members as of the run (null when the household has no result in it). */
  size: number | null;
  class: string | null;
  inScope: boolean | null;
  perCapita: number | null;
  failing: string[];
}

export interface SearchPage<T> {
  total: number;
  items: T[];
}

export interface ClassTally {
  class: string;
  inScope: boolean;
  households: number;
  people: number;
}

/** `%` and `_` typed by a user are literal; the pattern escapes them with a backslash. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function like(column: Expression<unknown>, pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`${column} like ${pattern} escape '\\'`;
}

/** Digits (and the X of a check character): an ID number or a household number, not a name. */
const NUMBER_QUERY = /^[0-9Xx]+$/;

function foldFullWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/[\s\u3000]+/gu, '');
}

export class SearchRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  async #runId(db: Db, runId: number | undefined): Promise<number> {
    if (runId !== undefined) return runId;
    const r = await db.selectFrom('assessment_runs').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
    // No run yet: -1 matches no result row, so the list still shows the registry.
    return r === undefined ? -1 : Number(r.id);
  }

  /**
   * Households in scope with their latest result, filtered, sorted and paged in SQL. The base
   * is the registry (households), so a household imported after the run still lists, with a
   * null class; the scope applies to the households table itself.
   */
  async households(scope: Scope, s: HouseholdSearch = {}): Promise<SearchPage<HouseholdListRow>> {
    const db = withSearch(s.trx ?? this.#ctx.db);
    const runId = await this.#runId(s.trx ?? this.#ctx.db, s.runId);
    const q = s.q === undefined ? '' : foldFullWidth(s.q);
    const needsResult = s.class !== undefined || s.indicator !== undefined;

    const base = db
      .selectFrom('households as h')
      .leftJoin('assessment_results as r', (j) => j.onRef('r.household_id', '=', 'h.id').on('r.run_id', '=', runId))
      .leftJoin('assessment_facets as f', (j) => j.onRef('f.household_id', '=', 'h.id').on('f.run_id', '=', runId))
      .where((eb) => scopeWhere(eb, scope, 'h'))
      .$if(s.township !== undefined, (qb) => qb.where('h.township_code', '=', s.township as string))
      .$if(s.village !== undefined, (qb) => qb.where('h.village_code', '=', s.village as string))
      .$if(s.cause !== undefined, (qb) => qb.where('h.main_cause', '=', s.cause as string))
      .$if(s.attribute !== undefined, (qb) => qb.where('h.attribute', '=', s.attribute as string))
      .$if(s.class !== undefined, (qb) => qb.where('r.class', '=', s.class as string))
      .$if(s.indicator !== undefined, (qb) => qb.where((eb) => like(eb.ref('f.failing'), `%,${likeEscape(s.indicator as string)},%`)))
      .$if(q !== '', (qb) =>
        qb.where((eb) => {
          if (NUMBER_QUERY.test(q)) {
            const upper = q.toUpperCase();
            return eb.or([
              like(eb.ref('h.id'), `%${likeEscape(q)}%`),
              eb('h.id', 'in', eb.selectFrom('members as m').select('m.household_id').where((me) =>
                // A whole ID number is an indexed equality; fewer characters are its last digits.
                upper.length >= 15 ? me('m.id_number', '=', upper) : like(me.ref('m.id_number'), `%${likeEscape(upper)}`))),
            ]);
          }
          // Contains covers prefix; names are a few characters, and 59,000 short strings scan in milliseconds.
          return eb.or([
            eb('h.id', 'in', eb.selectFrom('members as m').select('m.household_id').where((me) => like(me.ref('m.name'), `%${likeEscape(q)}%`))),
            like(eb.ref('h.id'), `%${likeEscape(q)}%`),
          ]);
        }),
      );

    // The count needs the joins only when a filter reads them.
    const countQuery = needsResult
      ? base.select((eb) => eb.fn.countAll<number>().as('n'))
      : db
          .selectFrom('households as h')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where((eb) => eb('h.id', 'in', base.select('h.id')));
    const total = Number((await countQuery.executeTakeFirstOrThrow()).n);

    const dir = s.order === 'desc' ? 'desc' : 'asc';
    const sortColumn = {
      id: sql.ref('h.id'),
      village: sql.ref('h.village_code'),
      size: sql.ref('f.size'),
      perCapita: sql.ref('r.per_capita'),
      class: sql.ref('r.class'),
    }[s.sort ?? 'id'];
    const limit = Math.max(1, Math.min(500, s.limit ?? 20));
    const offset = Math.max(0, s.offset ?? 0);
    const rows = await base
      .select([
        'h.id', 'h.village_code', 'h.township_code', 'h.group_name', 'h.attribute', 'h.main_cause', 'h.status',
        'f.head_name', 'f.size', 'f.failing', 'r.class', 'r.in_scope', 'r.per_capita',
      ])
      // Nulls (no result yet) last in both directions and on both engines, then a stable tie-break.
      .orderBy(sql`case when ${sortColumn} is null then 1 else 0 end`)
      .orderBy(sortColumn, dir)
      .$if(s.sort === 'village', (qb) => qb.orderBy('h.id', dir))
      .orderBy('h.id')
      .limit(limit)
      .offset(offset)
      .execute();

    return {
      total,
      items: rows.map((r) => ({
        id: r.id,
        villageCode: r.village_code,
        townshipCode: r.township_code,
        group: r.group_name,
        attribute: r.attribute,
        mainCause: r.main_cause,
        status: r.status,
        headName: r.head_name,
        size: r.size === null ? null : Number(r.size),
        class: r.class,
        inScope: r.in_scope === null ? null : Number(r.in_scope) === 1,
        perCapita: r.per_capita === null ? null : Number(r.per_capita),
        failing: decodeFailing(r.failing),
      })),
    };
  }

  /** In-scope households of the run per failing code ('income', 'water', ...), in scope. */
  async failingCounts(scope: Scope, codes: readonly string[], opts: { runId?: number; trx?: Trx } = {}): Promise<Record<string, number>> {
    const base = opts.trx ?? this.#ctx.db;
    const runId = await this.#runId(base, opts.runId);
    const db = withSearch(base);
    if (codes.length === 0) return {};
    const row = await db
      .selectFrom('assessment_results as r')
      .innerJoin('assessment_facets as f', (j) => j.onRef('f.run_id', '=', 'r.run_id').onRef('f.household_id', '=', 'r.household_id'))
      .where('r.run_id', '=', runId)
      .where('r.in_scope', '=', 1)
      .where((eb) => scopeWhere(eb, scope, 'r'))
      .select((eb) =>
        codes.map((c, i) => eb.fn.sum<number>(sql`case when ${like(eb.ref('f.failing'), `%,${likeEscape(c)},%`)} then 1 else 0 end`).as(`c${i}`)),
      )
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
    const runId = await this.#runId(base, opts.runId);
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
  async ledgerPage(scope: Scope, cls: string, opts: { runId?: number; offset?: number; limit?: number; trx?: Trx } = {}): Promise<SearchPage<HouseholdAssessment>> {
    const base = opts.trx ?? this.#ctx.db;
    const runId = await this.#runId(base, opts.runId);
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
  async result(scope: Scope, householdId: string, opts: { runId?: number; trx?: Trx } = {}): Promise<{ runId: number; result: HouseholdAssessment; reassessedAt: string | null; reassessedBy: string | null } | null> {
    const base = opts.trx ?? this.#ctx.db;
    const runId = await this.#runId(base, opts.runId);
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
    change: { result: HouseholdAssessment; village: VillageAssessment | null; county: CountyAssessment | null; actor: Actor; at?: string; reason?: string | null },
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
      const codes = await trx.selectFrom('households').select(['village_code', 'township_code', 'county_code']).where('id', '=', r.householdId).executeTakeFirst();
      log.add('assessment', 'update', r.householdId, r.householdId,
        { village: codes?.village_code ?? r.villageCode, township: codes?.township_code ?? null, county: codes?.county_code ?? null },
        { class: previous.class, runId }, { class: r.class, runId });
      await appendChanges(this.#ctx, trx, log);
    }
    const updated = await trx
      .updateTable('assessment_results')
      .set({ class: r.class, in_scope: r.inScope ? 1 : 0, per_capita: r.income?.perCapita ?? null, summary: JSON.stringify(r.summary), detail: JSON.stringify(r) })
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
          run_id: runId, household_id: r.householdId, village_code: r.villageCode, township_code: h?.township_code ?? null,
          county_code: h?.county_code ?? null, class: r.class, in_scope: r.inScope ? 1 : 0, per_capita: r.income?.perCapita ?? null,
          summary: JSON.stringify(r.summary), detail: JSON.stringify(r),
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
      await trx.updateTable('assessment_runs').set({ county: JSON.stringify(change.county) }).where('id', '=', runId).execute();
    }
  }
}
