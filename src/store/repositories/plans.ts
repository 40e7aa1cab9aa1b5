// 一户一策 (migration 0011): a household's plan header (causes, goals) and its assistance
// measures. Reads take a Scope and filter in SQL through the household; every write logs a
// 'plan' or 'measure' change row in the caller's transaction.
import type { Measure, PlanHeader } from '../../domain/plan.js';
import type { Cause } from '../../domain/types.js';
import { assertTransaction } from '../bulk.js';
import { appendChanges, ChangeBatch, type RowCodes } from '../changeLog.js';
import type { Actor, StoreContext } from '../context.js';
import { fieldChanges } from '../diff.js';
import type { Db, Trx } from '../schema.js';
import { scopeWhere, type Scope } from '../scope.js';

export type HouseholdPlansTable = {
  household_id: string;
  main_cause: string | null;
  other_causes: string;
  goals: string | null;
  updated_at: string;
};

export type PlanMeasuresTable = {
  id: string;
  household_id: string;
  category: string;
  content: string;
  responsible_name: string;
  responsible_unit: string | null;
  funds_fen: number;
  start_date: string;
  end_date: string;
  status: string;
  note: string | null;
  created_at: string;
  updated_at: string;
};

export type PlanTables = {
  household_plans: HouseholdPlansTable;
  plan_measures: PlanMeasuresTable;
};

/** The stored header, or null when nobody has saved one yet (causes then come from the household). */
export interface StoredPlanHeader extends PlanHeader {
  householdId: string;
  updatedAt: string;
}

export interface MeasureFilter {
  householdIds?: readonly string[];
  villageCode?: string;
  trx?: Trx;
}

const withPlans = (db: Db | Trx) => (db as Db).withTables<PlanTables>();

function rowToMeasure(r: PlanMeasuresTable): Measure {
  return {
    id: r.id,
    householdId: r.household_id,
    category: r.category as Measure['category'],
    content: r.content,
    responsibleName: r.responsible_name,
    responsibleUnit: r.responsible_unit,
    fundsFen: Number(r.funds_fen),
    startDate: r.start_date,
    endDate: r.end_date,
    status: r.status as Measure['status'],
    note: r.note,
  };
}

function measureRow(m: Measure, createdAt: string, updatedAt: string): PlanMeasuresTable {
  return {
    id: m.id,
    household_id: m.householdId,
    category: m.category,
    content: m.content,
    responsible_name: m.responsibleName,
    responsible_unit: m.responsibleUnit,
    funds_fen: m.fundsFen,
    start_date: m.startDate,
    end_date: m.endDate,
    status: m.status,
    note: m.note,
    created_at: createdAt,
    updated_at: updatedAt,
  };
}

/** A record for a create row: null fields left out, as the rest of the change log does. */
function compact<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
}

export class PlanRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** The stored header of an in-scope household; null when out of scope, unknown or never saved. */
  async header(scope: Scope, householdId: string, opts: { trx?: Trx } = {}): Promise<StoredPlanHeader | null> {
    const row = await withPlans(opts.trx ?? this.#ctx.db)
      .selectFrom('household_plans')
      .innerJoin('households', 'households.id', 'household_plans.household_id')
      .selectAll('household_plans')
      .where('household_plans.household_id', '=', householdId)
      .where((eb) => scopeWhere(eb, scope, 'households'))
      .executeTakeFirst();
    if (row === undefined) return null;
    return {
      householdId: row.household_id,
      mainCause: row.main_cause as Cause | null,
      otherCauses: JSON.parse(row.other_causes) as Cause[],
      goals: row.goals,
      updatedAt: row.updated_at,
    };
  }

  /** Measures of in-scope households, by household then start date. */
  async measures(scope: Scope, filter: MeasureFilter = {}): Promise<Measure[]> {
    if (filter.householdIds !== undefined && filter.householdIds.length === 0) return [];
    const rows = await withPlans(filter.trx ?? this.#ctx.db)
      .selectFrom('plan_measures')
      .innerJoin('households', 'households.id', 'plan_measures.household_id')
      .selectAll('plan_measures')
      .where((eb) => scopeWhere(eb, scope, 'households'))
      .$if(filter.householdIds !== undefined, (qb) => qb.where('plan_measures.household_id', 'in', [...(filter.householdIds ?? [])]))
      .$if(filter.villageCode !== undefined, (qb) => qb.where('households.village_code', '=', filter.villageCode as string))
      .orderBy('plan_measures.household_id')
      .orderBy('plan_measures.start_date')
      .orderBy('plan_measures.id')
      .execute();
    return rows.map(rowToMeasure);
  }

  /** Saves the header; no row and no log entry when nothing changed. */
  async saveHeader(trx: Trx, householdId: string, header: PlanHeader, actor: Actor, reason: string | null, at?: string): Promise<boolean> {
    assertTransaction(trx);
    const when = at ?? this.#ctx.clock();
    const codes = await this.#codes(trx, householdId);
    const db = withPlans(trx);
    const row = await db.selectFrom('household_plans').selectAll().where('household_id', '=', householdId).executeTakeFirst();
    const next = { mainCause: header.mainCause, otherCauses: header.otherCauses, goals: header.goals };
    const log = new ChangeBatch(actor, when, reason, null);
    const values = { main_cause: header.mainCause, other_causes: JSON.stringify(header.otherCauses), goals: header.goals, updated_at: when };
    if (row === undefined) {
      await db
        .insertInto('household_plans')
        .values({ household_id: householdId, ...values })
        .execute();
      log.add('plan', 'create', householdId, householdId, codes, null, compact(next));
    } else {
      const before = { mainCause: row.main_cause, otherCauses: JSON.parse(row.other_causes) as Cause[], goals: row.goals };
      const diff = fieldChanges(before, next);
      const paths = Object.keys(diff);
      if (paths.length === 0) return false;
      await db.updateTable('household_plans').set(values).where('household_id', '=', householdId).execute();
      log.add(
        'plan',
        'update',
        householdId,
        householdId,
        codes,
        Object.fromEntries(paths.map((p) => [p, diff[p]!.before])),
        Object.fromEntries(paths.map((p) => [p, diff[p]!.after])),
      );
    }
    await appendChanges(this.#ctx, trx, log);
    return true;
  }

  async addMeasure(trx: Trx, measure: Measure, actor: Actor, reason: string | null, at?: string): Promise<Measure> {
    assertTransaction(trx);
    const when = at ?? this.#ctx.clock();
    const codes = await this.#codes(trx, measure.householdId);
    await withPlans(trx)
      .insertInto('plan_measures')
      .values(measureRow(measure, when, when))
      .execute();
    const log = new ChangeBatch(actor, when, reason, null);
    const { householdId: _h, ...record } = measure;
    log.add('measure', 'create', measure.id, measure.householdId, codes, null, compact(record));
    await appendChanges(this.#ctx, trx, log);
    return measure;
  }

  /** Replaces a measure's fields; returns false (nothing written or logged) when they are the same. */
  async updateMeasure(trx: Trx, measure: Measure, actor: Actor, reason: string | null, at?: string): Promise<boolean> {
    assertTransaction(trx);
    const when = at ?? this.#ctx.clock();
    const before = await this.#measure(trx, measure.id, measure.householdId);
    const diff = fieldChanges(before, measure);
    const paths = Object.keys(diff);
    if (paths.length === 0) return false;
    const codes = await this.#codes(trx, measure.householdId);
    const { id: _i, household_id: _h, created_at: _c, ...values } = measureRow(measure, when, when);
    await withPlans(trx).updateTable('plan_measures').set(values).where('id', '=', measure.id).execute();
    const log = new ChangeBatch(actor, when, reason, null);
    log.add(
      'measure',
      'update',
      measure.id,
      measure.householdId,
      codes,
      Object.fromEntries(paths.map((p) => [p, diff[p]!.before])),
      Object.fromEntries(paths.map((p) => [p, diff[p]!.after])),
    );
    await appendChanges(this.#ctx, trx, log);
    return true;
  }

  async removeMeasure(trx: Trx, householdId: string, measureId: string, actor: Actor, reason: string | null, at?: string): Promise<Measure> {
    assertTransaction(trx);
    const before = await this.#measure(trx, measureId, householdId);
    const codes = await this.#codes(trx, householdId);
    await withPlans(trx).deleteFrom('plan_measures').where('id', '=', measureId).execute();
    const log = new ChangeBatch(actor, at ?? this.#ctx.clock(), reason, null);
    const { householdId: _h, ...record } = before;
    log.add('measure', 'delete', measureId, householdId, codes, compact(record), null);
    await appendChanges(this.#ctx, trx, log);
    return before;
  }

  /**
   * The next measure id of a household: `<户编号>-M<n>`, n one more than the measures ever created
   * for it (the append-only change log counts deleted ones too, so an id is never reused).
   */
  async nextMeasureId(trx: Trx, householdId: string): Promise<string> {
    const r = await trx
      .selectFrom('changes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('entity', '=', 'measure')
      .where('action', '=', 'create')
      .where('household_id', '=', householdId)
      .executeTakeFirstOrThrow();
    return `${householdId}-M${Number(r.n) + 1}`;
  }

  async #measure(trx: Trx, id: string, householdId: string): Promise<Measure> {
    const row = await withPlans(trx).selectFrom('plan_measures').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined || row.household_id !== householdId) throw new Error(`帮扶措施 ${id} 不存在`);
    return rowToMeasure(row);
  }

  async #codes(trx: Trx, householdId: string): Promise<RowCodes> {
    const h = await trx.selectFrom('households').select(['village_code', 'township_code', 'county_code']).where('id', '=', householdId).executeTakeFirst();
    if (h === undefined) throw new Error(`户 ${householdId} 不存在，无法保存一户一策`);
    return { village: h.village_code, township: h.township_code, county: h.county_code };
  }
}
