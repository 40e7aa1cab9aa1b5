// The household list of the web pages: search, filters, sort and paging over the registry joined
// with each household's latest result, one SQL query with the Scope in its WHERE clause. The
// assessment figures themselves (results, tallies, ledgers) are read in assessments.ts.
import { sql } from 'kysely';
import type { MaskLevel } from '../../domain/mask.js';
import type { StoreContext } from '../context.js';
import { decodeFailing } from '../facets.js';
import { like, likeEscape, runIdOrNone, type SearchPage } from '../queryParts.js';
import type { Trx } from '../schema.js';
import { scopeWhere, type Scope } from '../scope.js';
import { withSearch } from '../searchTables.js';

export const HOUSEHOLD_SORTS = ['id', 'village', 'size', 'perCapita', 'class'] as const;
export type HouseholdSort = (typeof HOUSEHOLD_SORTS)[number];

export interface HouseholdSearch {
  /** Member name (prefix or contained), ID number (whole, or its last digits) or household number. */
  q?: string;
  /**
   * How much of an ID number the asker sees (default 'full'). A search matches only that much, so
   * its answer cannot confirm digits the asker is shown masked: 'partial' (first 4 and last 4
   * shown) matches a whole number by its visible ends and length, and a tail of at most 4
   * digits; 'hidden' matches no ID number at all.
   */
  idVisibility?: MaskLevel;
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

/** Digits (and the X of a check character): an ID number or a household number, not a name. */
const NUMBER_QUERY = /^[0-9Xx]+$/;

function foldFullWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/[\s\u3000]+/gu, '');
}

/** Masked views keep the first 4 and last 4 characters of a whole ID number (domain/mask.ts). */
const VISIBLE_HEAD = 4;
const VISIBLE_TAIL = 4;

/**
 * How a numeric query matches ID numbers for an asker who sees them at `level`: an equality, a
 * LIKE pattern, or nothing. A whole number seen in full is an indexed equality; fewer characters
 * are its last digits. Seen partially, a whole number matches every ID with the same visible ends
 * and length (as the masked list shows them), and only a tail the asker can see matches.
 */
function idNumberPattern(upper: string, level: MaskLevel): { exact: boolean; value: string } | null {
  if (level === 'hidden') return null;
  const whole = upper.length >= 15;
  if (level === 'full') return whole ? { exact: true, value: upper } : { exact: false, value: `%${likeEscape(upper)}` };
  if (whole) {
    const head = likeEscape(upper.slice(0, VISIBLE_HEAD));
    const tail = likeEscape(upper.slice(-VISIBLE_TAIL));
    return { exact: false, value: `${head}${'_'.repeat(upper.length - VISIBLE_HEAD - VISIBLE_TAIL)}${tail}` };
  }
  return upper.length <= VISIBLE_TAIL ? { exact: false, value: `%${likeEscape(upper)}` } : null;
}

export class SearchRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /**
   * Households in scope with their latest result, filtered, sorted and paged in SQL. The base
   * is the registry (households), so a household imported after the run still lists, with a
   * null class; the scope applies to the households table itself.
   */
  async households(scope: Scope, s: HouseholdSearch = {}): Promise<SearchPage<HouseholdListRow>> {
    const db = withSearch(s.trx ?? this.#ctx.db);
    const runId = await runIdOrNone(s.trx ?? this.#ctx.db, s.runId);
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
            const idPattern = idNumberPattern(upper, s.idVisibility ?? 'full');
            const byHousehold = like(eb.ref('h.id'), `%${likeEscape(q)}%`);
            if (idPattern === null) return byHousehold;
            return eb.or([
              byHousehold,
              eb(
                'h.id',
                'in',
                eb
                  .selectFrom('members as m')
                  .select('m.household_id')
                  .where((me) => (idPattern.exact ? me('m.id_number', '=', idPattern.value) : like(me.ref('m.id_number'), idPattern.value))),
              ),
            ]);
          }
          // Contains covers prefix; names are a few characters, and 59,000 short strings scan in milliseconds.
          return eb.or([
            eb(
              'h.id',
              'in',
              eb
                .selectFrom('members as m')
                .select('m.household_id')
                .where((me) => like(me.ref('m.name'), `%${likeEscape(q)}%`)),
            ),
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
        'h.id',
        'h.village_code',
        'h.township_code',
        'h.group_name',
        'h.attribute',
        'h.main_cause',
        'h.status',
        'f.head_name',
        'f.size',
        'f.failing',
        'r.class',
        'r.in_scope',
        'r.per_capita',
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
}
