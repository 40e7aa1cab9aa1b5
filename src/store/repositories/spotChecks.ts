// Spot checks and the three-rate pre-assessment (migration 0017). Reads take a Scope: a check is
// seen by whoever has one of its sampled villages in scope, and only the sampled households,
// forms and surveys in scope come back. Writes log change rows in the caller's transaction:
// 'spot-check' for the draw, 'spot-check-form' (with the household's id, so its history shows the
// check) and 'spot-check-survey'.
import { sql } from 'kysely';
import type { CheckAnswers, PopulationHousehold } from '../../domain/spotCheckResults.js';
import type { ExitStatus } from '../../domain/types.js';
import { assertTransaction } from '../bulk.js';
import { appendChanges, ChangeBatch, type RowCodes } from '../changeLog.js';
import type { Actor, StoreContext } from '../context.js';
import type { Db, Trx } from '../schema.js';
import { scopeWhere, type Scope } from '../scope.js';

type Codes = { village_code: string; township_code: string | null; county_code: string | null };

export type SpotCheckTables = {
  spot_checks: {
    id: string;
    kind: string;
    population: string;
    seed: number | string;
    design: string;
    fingerprint: string;
    population_size: number;
    sample_size: number;
    rulebook_id: string;
    run_id: number | null;
    county_code: string | null;
    villages: string | null;
    unregistered_per_village: number | null;
    note: string | null;
    created_by: string;
    created_by_name: string;
    created_at: string;
  };
  spot_check_strata: Codes & { check_id: string; households: number; people: number; unregistered_people: number | null };
  spot_check_households: Codes & { check_id: string; household_id: string; people: number };
  spot_check_forms: Codes & {
    check_id: string;
    household_id: string;
    class_right: number;
    income_right: number;
    indicators: string;
    data_as_on_site: number;
    approves: number | null;
    note: string | null;
    checked_on: string;
    checked_by: string;
    checked_by_name: string;
    updated_at: string;
  };
  spot_check_surveys: Codes & {
    id: string;
    check_id: string;
    head_name: string;
    people: number;
    eligible_people: number;
    approves: number | null;
    note: string | null;
    surveyed_on: string;
    created_by: string;
    created_by_name: string;
    created_at: string;
  };
};

export type SpotCheckKind = 'spot' | 'three-rate';

export interface SpotCheckHeader {
  id: string;
  kind: SpotCheckKind;
  population: string;
  seed: number;
  design: unknown;
  fingerprint: string;
  populationSize: number;
  sampleSize: number;
  rulebookId: string;
  runId: number | null;
  countyCode: string | null;
  villages: string[] | null;
  unregisteredPerVillage: number | null;
  note: string | null;
  createdBy: { id: string; name: string };
  createdAt: string;
}

export interface StoredStratum {
  villageCode: string;
  townshipCode: string | null;
  households: number;
  people: number;
  unregisteredPeople: number | null;
}

export interface StoredSampled {
  householdId: string;
  villageCode: string;
  townshipCode: string | null;
  people: number;
}

export interface StoredForm extends CheckAnswers {
  householdId: string;
  villageCode: string;
  note: string | null;
  checkedOn: string;
  checkedBy: { id: string; name: string };
  updatedAt: string;
}

export interface SurveyInput {
  villageCode: string;
  headName: string;
  people: number;
  eligiblePeople: number;
  approves: boolean | null;
  note: string | null;
  surveyedOn: string;
}

export interface StoredSurvey extends SurveyInput {
  id: string;
  createdBy: { id: string; name: string };
}

export interface NewSpotCheck {
  kind: SpotCheckKind;
  population: string;
  seed: number;
  design: unknown;
  fingerprint: string;
  populationSize: number;
  rulebookId: string;
  runId: number | null;
  countyCode: string | null;
  villages: string[] | null;
  unregisteredPerVillage: number | null;
  note: string | null;
  strata: StoredStratum[];
  sampled: StoredSampled[];
}

const withSpot = (db: Db | Trx) => (db as Db).withTables<SpotCheckTables>();

const bool = (v: number | null): boolean | null => (v === null ? null : Number(v) === 1);
const flag = (v: boolean | null): number | null => (v === null ? null : v ? 1 : 0);

const CHUNK = 2000;
function chunks<T>(xs: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}

function header(r: SpotCheckTables['spot_checks']): SpotCheckHeader {
  return {
    id: r.id,
    kind: r.kind as SpotCheckKind,
    population: r.population,
    seed: Number(r.seed),
    design: JSON.parse(r.design) as unknown,
    fingerprint: r.fingerprint,
    populationSize: Number(r.population_size),
    sampleSize: Number(r.sample_size),
    rulebookId: r.rulebook_id,
    runId: r.run_id === null ? null : Number(r.run_id),
    countyCode: r.county_code,
    villages: r.villages === null ? null : (JSON.parse(r.villages) as string[]),
    unregisteredPerVillage: r.unregistered_per_village === null ? null : Number(r.unregistered_per_village),
    note: r.note,
    createdBy: { id: r.created_by, name: r.created_by_name },
    createdAt: r.created_at,
  };
}

export class SpotCheckRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /**
   * Every registered household with its status, its class in the latest run and its people: the
   * rows a population is taken from. County-wide (a draw is the county office's); reads only.
   */
  async populationHouseholds(trx: Trx): Promise<{ runId: number | null; households: PopulationHousehold[] }> {
    const db = trx;
    const run = await db.selectFrom('assessment_runs').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
    const runId = run === undefined ? null : Number(run.id);
    const rows = await this.#ctx.selectRows(
      trx,
      db
        .selectFrom('households as h')
        .leftJoin('assessment_results as r', (j) => j.onRef('r.household_id', '=', 'h.id').on('r.run_id', '=', runId ?? -1))
        .select(['h.id', 'h.village_code', 'h.township_code', 'h.status', 'r.class'])
        .select((eb) =>
          eb
            .selectFrom('members as m')
            .select((e) => e.fn.countAll<number>().as('n'))
            .whereRef('m.household_id', '=', 'h.id')
            .as('people'),
        )
        .orderBy('h.id'),
    );
    return {
      runId,
      households: rows.map((r) => ({
        id: r.id,
        villageCode: r.village_code,
        townshipCode: r.township_code ?? '',
        status: r.status as ExitStatus,
        class: r.class ?? null,
        people: Number(r.people ?? 0),
      })),
    };
  }

  /** Registered people per village (for the non-registered population of the three-rate strata). */
  async registeredPeopleByVillage(opts: { trx?: Trx } = {}): Promise<Map<string, number>> {
    const db: Db = opts.trx ?? this.#ctx.db;
    const rows = await db
      .selectFrom('members as m')
      .innerJoin('households as h', 'h.id', 'm.household_id')
      .select(['h.village_code'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .groupBy('h.village_code')
      .execute();
    return new Map(rows.map((r) => [r.village_code, Number(r.n)]));
  }

  /** The next free id of the kind: SC-0001 (抽查), SR-0001 (三率). */
  async nextId(trx: Trx, kind: SpotCheckKind): Promise<string> {
    const prefix = kind === 'spot' ? 'SC' : 'SR';
    const r = await withSpot(trx)
      .selectFrom('spot_checks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', kind)
      .executeTakeFirstOrThrow();
    for (let n = Number(r.n) + 1; ; n++) {
      const id = `${prefix}-${String(n).padStart(4, '0')}`;
      if ((await withSpot(trx).selectFrom('spot_checks').select('id').where('id', '=', id).executeTakeFirst()) === undefined) return id;
    }
  }

  /** Stores a draw with its strata and sampled households, and one 'spot-check' change row. */
  async create(trx: Trx, id: string, c: NewSpotCheck, actor: Actor, at?: string): Promise<void> {
    assertTransaction(trx);
    const when = at ?? this.#ctx.clock();
    const db = withSpot(trx);
    await db
      .insertInto('spot_checks')
      .values({
        id,
        kind: c.kind,
        population: c.population,
        seed: c.seed,
        design: JSON.stringify(c.design),
        fingerprint: c.fingerprint,
        population_size: c.populationSize,
        sample_size: c.sampled.length,
        rulebook_id: c.rulebookId,
        run_id: c.runId,
        county_code: c.countyCode,
        villages: c.villages === null ? null : JSON.stringify(c.villages),
        unregistered_per_village: c.unregisteredPerVillage,
        note: c.note,
        created_by: actor.id,
        created_by_name: actor.name,
        created_at: when,
      })
      .execute();
    for (const part of chunks(c.strata))
      await db
        .insertInto('spot_check_strata')
        .values(
          part.map((s) => ({
            check_id: id,
            village_code: s.villageCode,
            township_code: s.townshipCode,
            county_code: c.countyCode,
            households: s.households,
            people: s.people,
            unregistered_people: s.unregisteredPeople,
          })),
        )
        .execute();
    for (const part of chunks(c.sampled))
      await db
        .insertInto('spot_check_households')
        .values(
          part.map((h) => ({
            check_id: id,
            household_id: h.householdId,
            village_code: h.villageCode,
            township_code: h.townshipCode,
            county_code: c.countyCode,
            people: h.people,
          })),
        )
        .execute();
    const log = new ChangeBatch(actor, when, c.note, null);
    log.add('spot-check', 'create', id, null, { village: null, township: null, county: c.countyCode }, null, {
      kind: c.kind,
      population: c.population,
      seed: c.seed,
      design: c.design,
      fingerprint: c.fingerprint,
      populationSize: c.populationSize,
      sampleSize: c.sampled.length,
      villages: c.villages,
    });
    await appendChanges(this.#ctx, trx, log);
  }

  /** Checks with a sampled village in scope, newest first. */
  async list(scope: Scope, opts: { kind?: SpotCheckKind; trx?: Trx } = {}): Promise<SpotCheckHeader[]> {
    const db = withSpot(opts.trx ?? this.#ctx.db);
    const rows = await db
      .selectFrom('spot_checks')
      .selectAll('spot_checks')
      .$if(opts.kind !== undefined, (q) => q.where('kind', '=', opts.kind as string))
      .$if(scope.kind !== 'all', (q) =>
        q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('spot_check_strata as s')
              .select(sql.lit(1).as('one'))
              .whereRef('s.check_id', '=', 'spot_checks.id')
              .where((w) => scopeWhere(w, scope, 's')),
          ),
        ),
      )
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(header);
  }

  /** One check if a village of it is in scope; null when out of scope or unknown. */
  async get(scope: Scope, id: string, opts: { trx?: Trx } = {}): Promise<SpotCheckHeader | null> {
    const db = withSpot(opts.trx ?? this.#ctx.db);
    const r = await db
      .selectFrom('spot_checks')
      .selectAll('spot_checks')
      .where('id', '=', id)
      .$if(scope.kind !== 'all', (q) =>
        q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('spot_check_strata as s')
              .select(sql.lit(1).as('one'))
              .whereRef('s.check_id', '=', 'spot_checks.id')
              .where((w) => scopeWhere(w, scope, 's')),
          ),
        ),
      )
      .executeTakeFirst();
    return r === undefined ? null : header(r);
  }

  async strata(scope: Scope, id: string, opts: { trx?: Trx } = {}): Promise<StoredStratum[]> {
    const rows = await withSpot(opts.trx ?? this.#ctx.db)
      .selectFrom('spot_check_strata as s')
      .selectAll()
      .where('s.check_id', '=', id)
      .where((eb) => scopeWhere(eb, scope, 's'))
      .orderBy('s.village_code')
      .execute();
    return rows.map((r) => ({
      villageCode: r.village_code,
      townshipCode: r.township_code,
      households: Number(r.households),
      people: Number(r.people),
      unregisteredPeople: r.unregistered_people === null ? null : Number(r.unregistered_people),
    }));
  }

  async sampled(scope: Scope, id: string, opts: { trx?: Trx; householdId?: string } = {}): Promise<StoredSampled[]> {
    const rows = await withSpot(opts.trx ?? this.#ctx.db)
      .selectFrom('spot_check_households as h')
      .selectAll()
      .where('h.check_id', '=', id)
      .$if(opts.householdId !== undefined, (q) => q.where('h.household_id', '=', opts.householdId as string))
      .where((eb) => scopeWhere(eb, scope, 'h'))
      .orderBy('h.village_code')
      .orderBy('h.household_id')
      .execute();
    return rows.map((r) => ({ householdId: r.household_id, villageCode: r.village_code, townshipCode: r.township_code, people: Number(r.people) }));
  }

  async forms(scope: Scope, id: string, opts: { trx?: Trx; householdId?: string } = {}): Promise<StoredForm[]> {
    const rows = await withSpot(opts.trx ?? this.#ctx.db)
      .selectFrom('spot_check_forms as f')
      .selectAll()
      .where('f.check_id', '=', id)
      .$if(opts.householdId !== undefined, (q) => q.where('f.household_id', '=', opts.householdId as string))
      .where((eb) => scopeWhere(eb, scope, 'f'))
      .orderBy('f.household_id')
      .execute();
    return rows.map((r) => ({
      householdId: r.household_id,
      villageCode: r.village_code,
      classRight: bool(r.class_right) === true,
      incomeRight: bool(r.income_right) === true,
      indicatorsRight: JSON.parse(r.indicators) as Record<string, boolean>,
      dataAsOnSite: bool(r.data_as_on_site) === true,
      approves: bool(r.approves),
      note: r.note,
      checkedOn: r.checked_on,
      checkedBy: { id: r.checked_by, name: r.checked_by_name },
      updatedAt: r.updated_at,
    }));
  }

  /** Writes (or rewrites) the form of a sampled household; false when nothing changed. */
  async saveForm(
    trx: Trx,
    checkId: string,
    h: StoredSampled & { countyCode: string | null },
    form: CheckAnswers & { note: string | null; checkedOn: string },
    actor: Actor,
    at?: string,
  ): Promise<boolean> {
    assertTransaction(trx);
    const when = at ?? this.#ctx.clock();
    const db = withSpot(trx);
    const [before] = await this.forms({ kind: 'all' }, checkId, { trx, householdId: h.householdId });
    const record = {
      classRight: form.classRight,
      incomeRight: form.incomeRight,
      indicatorsRight: form.indicatorsRight,
      dataAsOnSite: form.dataAsOnSite,
      approves: form.approves,
      note: form.note,
      checkedOn: form.checkedOn,
    };
    const values = {
      class_right: flag(form.classRight)!,
      income_right: flag(form.incomeRight)!,
      indicators: JSON.stringify(form.indicatorsRight),
      data_as_on_site: flag(form.dataAsOnSite)!,
      approves: flag(form.approves),
      note: form.note,
      checked_on: form.checkedOn,
      checked_by: actor.id,
      checked_by_name: actor.name,
      updated_at: when,
    };
    const codes: RowCodes = { village: h.villageCode, township: h.townshipCode, county: h.countyCode };
    const log = new ChangeBatch(actor, when, null, null);
    if (before === undefined) {
      await db
        .insertInto('spot_check_forms')
        .values({
          check_id: checkId,
          household_id: h.householdId,
          village_code: h.villageCode,
          township_code: h.townshipCode,
          county_code: h.countyCode,
          ...values,
        })
        .execute();
      log.add('spot-check-form', 'create', `${checkId}:${h.householdId}`, h.householdId, codes, null, { checkId, ...record });
    } else {
      const was = {
        classRight: before.classRight,
        incomeRight: before.incomeRight,
        indicatorsRight: before.indicatorsRight,
        dataAsOnSite: before.dataAsOnSite,
        approves: before.approves,
        note: before.note,
        checkedOn: before.checkedOn,
      };
      if (JSON.stringify(was) === JSON.stringify(record)) return false;
      await db.updateTable('spot_check_forms').set(values).where('check_id', '=', checkId).where('household_id', '=', h.householdId).execute();
      log.add('spot-check-form', 'update', `${checkId}:${h.householdId}`, h.householdId, codes, was, record);
    }
    await appendChanges(this.#ctx, trx, log);
    return true;
  }

  async surveys(scope: Scope, id: string, opts: { trx?: Trx } = {}): Promise<StoredSurvey[]> {
    const rows = await withSpot(opts.trx ?? this.#ctx.db)
      .selectFrom('spot_check_surveys as s')
      .selectAll()
      .where('s.check_id', '=', id)
      .where((eb) => scopeWhere(eb, scope, 's'))
      .orderBy('s.village_code')
      .orderBy('s.id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      villageCode: r.village_code,
      headName: r.head_name,
      people: Number(r.people),
      eligiblePeople: Number(r.eligible_people),
      approves: bool(r.approves),
      note: r.note,
      surveyedOn: r.surveyed_on,
      createdBy: { id: r.created_by, name: r.created_by_name },
    }));
  }

  /** Adds the short form of a surveyed non-registered household (漏评调查). */
  async addSurvey(trx: Trx, checkId: string, s: SurveyInput, codes: RowCodes, actor: Actor, at?: string): Promise<StoredSurvey> {
    assertTransaction(trx);
    const when = at ?? this.#ctx.clock();
    const db = withSpot(trx);
    const n = await db
      .selectFrom('spot_check_surveys')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('check_id', '=', checkId)
      .executeTakeFirstOrThrow();
    const id = `${checkId}-U${Number(n.n) + 1}`;
    await db
      .insertInto('spot_check_surveys')
      .values({
        id,
        check_id: checkId,
        village_code: s.villageCode,
        township_code: codes.township,
        county_code: codes.county,
        head_name: s.headName,
        people: s.people,
        eligible_people: s.eligiblePeople,
        approves: flag(s.approves),
        note: s.note,
        surveyed_on: s.surveyedOn,
        created_by: actor.id,
        created_by_name: actor.name,
        created_at: when,
      })
      .execute();
    const log = new ChangeBatch(actor, when, null, null);
    log.add('spot-check-survey', 'create', id, null, codes, null, { checkId, ...s });
    await appendChanges(this.#ctx, trx, log);
    return { id, ...s, createdBy: { id: actor.id, name: actor.name } };
  }
}
