// The registry: households with their members, income forms and tasks, read as whole records
// for the assessment and written as import plans with one change row per entity change.
import type { Household, HouseholdRecord, IncomeForm, Member, Region, Task } from '../../domain/types.js';
import { assertTransaction, type Row } from '../bulk.js';
import { appendChanges, ChangeBatch, type RowCodes } from '../changeLog.js';
import type { Actor, StoreContext } from '../context.js';
import { planCounts, type EntityChanges, type ImportPlan, type PlanCounts } from '../diff.js';
import {
  householdToRow,
  incomeKey,
  incomeToRow,
  memberToRow,
  regionToRow,
  rowToHousehold,
  rowToIncome,
  rowToMember,
  rowToRegion,
  rowToTask,
  taskToRow,
  type DerivedCodes,
} from '../mapping.js';
import { deriveCodes, type TreeNode } from '../regionTree.js';
import type { Db, Trx } from '../schema.js';
import { inScope, scopeWhere, type Scope } from '../scope.js';
import { householdCodesSpec, householdsSpec, incomeFormsSpec, membersSpec, regionCodesSpec, regionsSpec, tasksSpec } from '../tables.js';

export interface LoadOptions {
  /** Income form of this year; default: each household's latest form. */
  year?: number;
  /** Only these households (still filtered by scope). */
  householdIds?: readonly string[];
  /** Read inside this transaction (e.g. to diff and apply consistently). */
  trx?: Trx;
}

export type ApplyResult = PlanCounts;

/** Another member holding an ID number: named when in the asker's scope, otherwise only that it exists. */
export type IdNumberHolder = { visible: true; memberId: string; householdId: string; name: string } | { visible: false };

const ID_CHUNK = 900;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export class RegistryRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /**
   * Every HouseholdRecord in scope: four set queries (households, members, income forms,
   * tasks), grouped in memory. Households and members come back ordered by their numbers.
   */
  async loadRecords(scope: Scope, opts: LoadOptions = {}): Promise<HouseholdRecord[]> {
    // One transaction for the four reads, so an import committing in between cannot pair new
    // members with old households (and, on SQLite, so the fast reader holds the connection).
    if (opts.trx !== undefined) return this.#load(opts.trx, scope, opts);
    return this.#ctx.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .execute((trx) => this.#load(trx, scope, opts));
  }

  async #load(trx: Trx, scope: Scope, opts: LoadOptions): Promise<HouseholdRecord[]> {
    const read = this.#ctx.selectRows;
    const ids = opts.householdIds === undefined ? null : [...new Set(opts.householdIds)];
    if (ids !== null && ids.length === 0) return [];
    // A long id list would outgrow the parameter limits; past this size one scoped scan is
    // cheaper anyway, and the ids are applied in memory.
    const idsInSql = ids !== null && ids.length <= 5_000 ? ids : null;
    const wanted = ids === null ? null : new Set(ids);
    const scoped = scope.kind !== 'all';

    const hh = await read(
      trx,
      trx
        .selectFrom('households')
        .selectAll()
        .where((eb) => scopeWhere(eb, scope, 'households'))
        .$if(idsInSql !== null, (qb) => qb.where('id', 'in', idsInSql as string[])),
    );
    // Children are filtered by a semi-join on the scoped households, never by trusting the caller.
    const mm = await read(
      trx,
      trx
        .selectFrom('members')
        .selectAll()
        .$if(scoped, (qb) =>
          qb.where('household_id', 'in', (eb) =>
            eb
              .selectFrom('households')
              .select('id')
              .where((e) => scopeWhere(e, scope, 'households')),
          ),
        )
        .$if(idsInSql !== null, (qb) => qb.where('household_id', 'in', idsInSql as string[])),
    );
    const ff = await read(
      trx,
      trx
        .selectFrom('income_forms')
        .selectAll()
        .$if(scoped, (qb) =>
          qb.where('household_id', 'in', (eb) =>
            eb
              .selectFrom('households')
              .select('id')
              .where((e) => scopeWhere(e, scope, 'households')),
          ),
        )
        .$if(idsInSql !== null, (qb) => qb.where('household_id', 'in', idsInSql as string[]))
        .$if(opts.year !== undefined, (qb) => qb.where('year', '=', opts.year as number)),
    );
    const tt = await read(
      trx,
      trx
        .selectFrom('tasks')
        .selectAll()
        .$if(scoped, (qb) =>
          qb.where('household_id', 'in', (eb) =>
            eb
              .selectFrom('households')
              .select('id')
              .where((e) => scopeWhere(e, scope, 'households')),
          ),
        )
        .$if(idsInSql !== null, (qb) => qb.where('household_id', 'in', idsInSql as string[])),
    );

    const records = new Map<string, HouseholdRecord>();
    hh.sort(byId);
    for (const row of hh) {
      if (wanted !== null && !wanted.has(row.id)) continue;
      records.set(row.id, { household: rowToHousehold(row), members: [], income: null, tasks: [] });
    }
    mm.sort(byId);
    for (const row of mm) records.get(row.household_id)?.members.push(rowToMember(row));
    for (const row of ff) {
      const rec = records.get(row.household_id);
      if (rec !== undefined && (rec.income === null || row.year > rec.income.year)) rec.income = rowToIncome(row);
    }
    tt.sort(byId);
    for (const row of tt) records.get(row.household_id)?.tasks.push(rowToTask(row));
    return [...records.values()];
  }

  /**
   * Applies a plan from `diffRecords` (or one built by hand) inside `trx`: writes every create,
   * update and delete and one change row for each, so both commit or neither does. Deleting a
   * household also deletes — and logs — dependent rows the plan did not list (income forms of
   * other years, tasks). Throws, leaving the transaction to roll back, on any conflict.
   */
  async applyImport(trx: Trx, plan: ImportPlan, actor: Actor, reason: string | null, batchId: string | null, at?: string): Promise<ApplyResult> {
    return applyPlan(this.#ctx, trx, plan, new ChangeBatch(actor, at ?? this.#ctx.clock(), reason, batchId));
  }

  /**
   * Whether `digits` (a phone number, digits only) is registered as a household's or a member's
   * own phone anywhere in the registry, whatever the asker's scope. A stored value may hold
   * several numbers and any punctuation, so rows are narrowed by the last 4 digits in SQL and
   * compared digit by digit here.
   */
  async isRegisteredPhone(digits: string, opts: { trx?: Trx } = {}): Promise<boolean> {
    if (!/^\d{5,}$/.test(digits)) return false;
    const db: Db = opts.trx ?? this.#ctx.db;
    const tail = `%${digits.slice(-4)}%`;
    const [households, members] = await Promise.all([
      db.selectFrom('households').select('phone').where('phone', 'like', tail).execute(),
      db.selectFrom('members').select('phone').where('phone', 'like', tail).execute(),
    ]);
    return [...households, ...members].some((r) =>
      (r.phone ?? '')
        .split(/[/,;、，；|]+/u)
        .map((p) => p.replace(/[\uFF10-\uFF19]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\D/g, ''))
        .includes(digits),
    );
  }

  /** The household's village, township and county codes (what a change request is filed under); null when absent. */
  async householdCodes(householdId: string, opts: { trx?: Trx } = {}): Promise<RowCodes | null> {
    const db: Db = opts.trx ?? this.#ctx.db;
    const row = await db.selectFrom('households').select(['village_code', 'township_code', 'county_code']).where('id', '=', householdId).executeTakeFirst();
    return row === undefined ? null : { village: row.village_code, township: row.township_code, county: row.county_code };
  }

  /**
   * The first other member (by person number) in the whole registry holding the normalised ID
   * number, leaving out `exceptMemberId` (the member being corrected). Who it is is told only
   * when the holder's household is in `scope`.
   */
  async idNumberHolder(scope: Scope, idNumber: string, opts: { exceptMemberId?: string; trx?: Trx } = {}): Promise<IdNumberHolder | null> {
    const db: Db = opts.trx ?? this.#ctx.db;
    const row = await db
      .selectFrom('members')
      .innerJoin('households', 'households.id', 'members.household_id')
      .select([
        'members.id as id',
        'members.name as name',
        'members.household_id as household_id',
        'households.village_code as v',
        'households.township_code as t',
        'households.county_code as c',
      ])
      .where('members.id_number', '=', idNumber)
      .$if(opts.exceptMemberId !== undefined, (qb) => qb.where('members.id', '!=', opts.exceptMemberId as string))
      .orderBy('members.id')
      .limit(1)
      .executeTakeFirst();
    if (row === undefined) return null;
    return inScope(scope, { village: row.v, township: row.t, county: row.c })
      ? { visible: true, memberId: row.id, householdId: row.household_id, name: row.name }
      : { visible: false };
  }

  /** Member id -> household id, for the members that exist (a possible match names a runner-up by member only). */
  async householdsOfMembers(memberIds: readonly string[], opts: { trx?: Trx } = {}): Promise<Map<string, string>> {
    if (memberIds.length === 0) return new Map();
    const db: Db = opts.trx ?? this.#ctx.db;
    const rows = await db
      .selectFrom('members')
      .select(['id', 'household_id'])
      .where('id', 'in', [...memberIds])
      .execute();
    return new Map(rows.map((r) => [r.id, r.household_id]));
  }

  /** Whether a person number is taken: by a member now, or by one the change log remembers. */
  async memberIdUsed(memberId: string, opts: { trx?: Trx } = {}): Promise<boolean> {
    const db: Db = opts.trx ?? this.#ctx.db;
    const used = await db.selectFrom('members').select('id').where('id', '=', memberId).executeTakeFirst();
    if (used !== undefined) return true;
    const logged = await db.selectFrom('changes').select('seq').where('entity', '=', 'member').where('entity_id', '=', memberId).limit(1).executeTakeFirst();
    return logged !== undefined;
  }
}

function regionRowCodes(r: Region, d: DerivedCodes): RowCodes {
  return { village: r.level === 'village' ? r.code : null, township: d.township, county: d.county };
}

/** Shared by every write path (imports, region upserts, single task creation). */
export async function applyPlan(ctx: StoreContext, trx: Trx, plan: ImportPlan, log: ChangeBatch): Promise<ApplyResult> {
  assertTransaction(trx);
  const { bulk } = ctx;
  const extra = { members: [] as Member[], incomes: [] as IncomeForm[], tasks: [] as Task[] };

  // ---- region tree after the plan, and the scope codes it implies
  const storedRegions = (await trx.selectFrom('regions').selectAll().execute()).map((r) => ({ row: r, region: rowToRegion(r) }));
  const tree = new Map<string, TreeNode>(storedRegions.map(({ region }) => [region.code, region]));
  for (const r of plan.regions.creates) tree.set(r.code, r);
  for (const u of plan.regions.updates) tree.set(u.after.code, u.after);
  for (const r of plan.regions.deletes) tree.delete(r.code);
  const derived = deriveCodes(tree.values());
  const codesOf = (code: string): DerivedCodes => derived.get(code) ?? { township: null, county: null };

  const regionsTouched = new Set([...plan.regions.creates, ...plan.regions.updates.map((u) => u.after)].map((r) => r.code));
  const regionFixups: Row[] = [];
  const villagesMoved: Array<{ village: string; township_code: string | null; county_code: string | null }> = [];
  for (const { row } of storedRegions) {
    if (!tree.has(row.code)) continue;
    const d = codesOf(row.code);
    if (d.township === row.township_code && d.county === row.county_code) continue;
    if (!regionsTouched.has(row.code)) regionFixups.push({ code: row.code, township_code: d.township, county_code: d.county });
    if (row.level === 'village') villagesMoved.push({ village: row.code, township_code: d.township, county_code: d.county });
  }

  // ---- which village each referenced household is in (plan first, then the stored row)
  const villageOf = new Map<string, string>();
  for (const h of [...plan.households.deletes, ...plan.households.creates, ...plan.households.updates.map((u) => u.after)]) {
    villageOf.set(h.id, h.villageCode);
  }
  const unknown = new Set<string>();
  for (const e of [plan.members, plan.incomes, plan.tasks] as EntityChanges<{ householdId: string }>[]) {
    for (const x of [...e.creates, ...e.deletes, ...e.updates.flatMap((u) => [u.before, u.after])]) {
      if (!villageOf.has(x.householdId)) unknown.add(x.householdId);
    }
  }
  for (const ids of chunks([...unknown], ID_CHUNK)) {
    const rows = await trx.selectFrom('households').select(['id', 'village_code']).where('id', 'in', ids).execute();
    for (const r of rows) villageOf.set(r.id, r.village_code);
  }
  const householdCodes = (householdId: string): RowCodes => {
    const village = villageOf.get(householdId);
    if (village === undefined) return { village: null, township: null, county: null };
    const d = codesOf(village);
    return { village, township: d.township, county: d.county };
  };
  const householdRow = (h: Household) => {
    if (!tree.has(h.villageCode)) throw new Error(`户 ${h.id} 所在村 ${h.villageCode} 不在区划表中，请先导入区划`);
    return householdToRow(h, codesOf(h.villageCode));
  };

  // ---- creates and updates, parents before children
  await bulk.insert(trx, regionsSpec, plan.regions.creates, (r) => regionToRow(r, codesOf(r.code)));
  await bulk.update(
    trx,
    regionsSpec,
    plan.regions.updates.map((u) => regionToRow(u.after, codesOf(u.after.code))),
  );
  await bulk.update(trx, regionCodesSpec, regionFixups);

  await bulk.insert(trx, householdsSpec, plan.households.creates, householdRow);
  await bulk.update(
    trx,
    householdsSpec,
    plan.households.updates.map((u) => householdRow(u.after)),
  );
  for (const v of villagesMoved) {
    // Households that did not change still follow their village to its new township.
    const ids = await trx.selectFrom('households').select('id').where('village_code', '=', v.village).execute();
    await bulk.update(
      trx,
      householdCodesSpec,
      ids.map((r) => ({ id: r.id, township_code: v.township_code, county_code: v.county_code })),
    );
  }

  await bulk.insert(trx, membersSpec, plan.members.creates, memberToRow);
  await bulk.update(
    trx,
    membersSpec,
    plan.members.updates.map((u) => memberToRow(u.after)),
  );
  await bulk.insert(trx, incomeFormsSpec, plan.incomes.creates, incomeToRow);
  await bulk.update(
    trx,
    incomeFormsSpec,
    plan.incomes.updates.map((u) => incomeToRow(u.after)),
  );
  await bulk.insert(trx, tasksSpec, plan.tasks.creates, (t) => taskToRow(t, log.at, log.at));
  await bulk.update(
    trx,
    tasksSpec,
    plan.tasks.updates.map((u) => taskToRow(u.after, log.at, log.at)),
  );

  // ---- dependents of deleted households the plan did not list (after moves were applied)
  const deletedHouseholds = plan.households.deletes.map((h) => h.id);
  if (deletedHouseholds.length > 0) {
    const planned = {
      members: new Set(plan.members.deletes.map((m) => m.id)),
      incomes: new Set(plan.incomes.deletes.map(incomeKey)),
      tasks: new Set(plan.tasks.deletes.map((t) => t.id)),
    };
    for (const ids of chunks(deletedHouseholds, ID_CHUNK)) {
      for (const r of await trx.selectFrom('members').selectAll().where('household_id', 'in', ids).execute()) {
        if (!planned.members.has(r.id)) extra.members.push(rowToMember(r));
      }
      for (const r of await trx.selectFrom('income_forms').selectAll().where('household_id', 'in', ids).execute()) {
        const f = rowToIncome(r);
        if (!planned.incomes.has(incomeKey(f))) extra.incomes.push(f);
      }
      for (const r of await trx.selectFrom('tasks').selectAll().where('household_id', 'in', ids).execute()) {
        if (!planned.tasks.has(r.id)) extra.tasks.push(rowToTask(r));
      }
    }
  }
  const taskDeletes = [...plan.tasks.deletes, ...extra.tasks];
  const incomeDeletes = [...plan.incomes.deletes, ...extra.incomes];
  const memberDeletes = [...plan.members.deletes, ...extra.members];

  // ---- deletes, children before parents
  await bulk.delete(
    trx,
    tasksSpec,
    taskDeletes.map((t) => ({ id: t.id })),
  );
  await bulk.delete(
    trx,
    incomeFormsSpec,
    incomeDeletes.map((f) => ({ household_id: f.householdId, year: f.year })),
  );
  await bulk.delete(
    trx,
    membersSpec,
    memberDeletes.map((m) => ({ id: m.id })),
  );
  await bulk.delete(
    trx,
    householdsSpec,
    plan.households.deletes.map((h) => ({ id: h.id })),
  );
  await bulk.delete(
    trx,
    regionsSpec,
    plan.regions.deletes.map((r) => ({ code: r.code })),
  );

  // ---- the change log, same transaction
  for (const r of plan.regions.creates) log.add('region', 'create', r.code, null, regionRowCodes(r, codesOf(r.code)), null, compact(r));
  for (const u of plan.regions.updates) {
    log.add('region', 'update', u.after.code, null, regionRowCodes(u.after, codesOf(u.after.code)), pick(u.fields, 'before'), pick(u.fields, 'after'));
  }
  // A household that enters the registry enters as one event: its create row carries the
  // household with its members, income form and tasks (see foldNewHouseholds), so an import of a
  // county writes ~15,000 change rows instead of ~90,000 without losing any value.
  const folded = foldNewHouseholds(plan);
  for (const h of plan.households.creates) log.add('household', 'create', h.id, h.id, householdCodes(h.id), null, folded.snapshot(h));
  for (const u of plan.households.updates) {
    log.add('household', 'update', u.after.id, u.after.id, householdCodes(u.after.id), pick(u.fields, 'before'), pick(u.fields, 'after'));
  }
  for (const m of plan.members.creates) {
    if (!folded.has(m.householdId)) log.add('member', 'create', m.id, m.householdId, householdCodes(m.householdId), null, compact(m));
  }
  for (const u of plan.members.updates) {
    log.add('member', 'update', u.after.id, u.after.householdId, householdCodes(u.after.householdId), pick(u.fields, 'before'), pick(u.fields, 'after'));
  }
  for (const f of plan.incomes.creates) {
    if (!folded.has(f.householdId)) log.add('income', 'create', incomeKey(f), f.householdId, householdCodes(f.householdId), null, compact(f));
  }
  for (const u of plan.incomes.updates) {
    log.add(
      'income',
      'update',
      incomeKey(u.after),
      u.after.householdId,
      householdCodes(u.after.householdId),
      pick(u.fields, 'before'),
      pick(u.fields, 'after'),
    );
  }
  for (const t of plan.tasks.creates) {
    if (!folded.has(t.householdId)) log.add('task', 'create', t.id, t.householdId, householdCodes(t.householdId), null, compact(t));
  }
  for (const u of plan.tasks.updates) {
    log.add('task', 'update', u.after.id, u.after.householdId, householdCodes(u.after.householdId), pick(u.fields, 'before'), pick(u.fields, 'after'));
  }
  for (const t of taskDeletes) log.add('task', 'delete', t.id, t.householdId, householdCodes(t.householdId), t, null);
  for (const f of incomeDeletes) log.add('income', 'delete', incomeKey(f), f.householdId, householdCodes(f.householdId), f, null);
  for (const m of memberDeletes) log.add('member', 'delete', m.id, m.householdId, householdCodes(m.householdId), m, null);
  for (const h of plan.households.deletes) log.add('household', 'delete', h.id, h.id, householdCodes(h.id), h, null);
  for (const r of plan.regions.deletes) log.add('region', 'delete', r.code, null, regionRowCodes(r, { township: null, county: null }), r, null);
  await appendChanges(ctx, trx, log);

  const counts = planCounts(plan);
  counts.tasks.deletes = taskDeletes.length;
  counts.incomes.deletes = incomeDeletes.length;
  counts.members.deletes = memberDeletes.length;
  return counts;
}

function pick(fields: Record<string, { before: unknown; after: unknown }>, side: 'before' | 'after'): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) out[k] = v[side];
  return out;
}

/**
 * A record as logged on create: fields that are null (or empty arrays) are left out, since a
 * field absent from a create snapshot reads as null. Roster records are mostly nulls for the
 * optional columns, and this halves the change log of a county import.
 */
export function compact<T extends object>(record: T): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const src = record as Record<string, unknown>;
  // for-in over own data properties: Object.entries allocates a pair per field, which on a
  // county import is a few hundred thousand short-lived arrays.
  for (const k in src) {
    const v = src[k];
    if (v === null || v === undefined) continue;
    if (typeof v === 'object') {
      if (Array.isArray(v)) {
        if (v.length > 0) out[k] = v;
      } else {
        out[k] = compact(v as object);
      }
    } else {
      out[k] = v;
    }
  }
  return out;
}

/** Members, income forms and tasks created together with their (new) household. */
function foldNewHouseholds(plan: ImportPlan): { has(householdId: string): boolean; snapshot(h: Household): Record<string, unknown> } {
  const fresh = new Map<string, { members: Member[]; incomes: IncomeForm[]; tasks: Task[] }>();
  for (const h of plan.households.creates) fresh.set(h.id, { members: [], incomes: [], tasks: [] });
  for (const m of plan.members.creates) fresh.get(m.householdId)?.members.push(m);
  for (const f of plan.incomes.creates) fresh.get(f.householdId)?.incomes.push(f);
  for (const t of plan.tasks.creates) fresh.get(t.householdId)?.tasks.push(t);
  return {
    has: (id) => fresh.has(id),
    snapshot(h) {
      const parts = fresh.get(h.id)!;
      const out: Record<string, unknown> = compact(h);
      // Children drop the householdId they share with the parent.
      const child = <T extends { householdId: string }>(x: T) => {
        const c = compact(x);
        delete c['householdId'];
        return c;
      };
      if (parts.members.length > 0) out['members'] = parts.members.map(child);
      if (parts.incomes.length > 0) out['incomes'] = parts.incomes.map(child);
      if (parts.tasks.length > 0) out['tasks'] = parts.tasks.map(child);
      return out;
    },
  };
}
