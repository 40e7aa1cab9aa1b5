// What changed between the stored registry and an incoming roster, as a plan the registry
// repository applies in one transaction. Pure: no database, no clock, so every rule about
// "what counts as a change" is tested here without an engine.
import { keepNotCarried, REGION_IDENTITY, type Carried } from '../domain/carried.js';
import type { HouseholdRecord, IncomeForm, Member, Region, Task, Household } from '../domain/types.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Changed fields by dotted path ('housing.grade', 'items.farming'), with both values. */
export type FieldChanges = Record<string, { before: Json; after: Json }>;

export interface Update<T> {
  before: T;
  after: T;
  fields: FieldChanges;
}

export interface EntityChanges<T> {
  creates: T[];
  updates: Update<T>[];
  /** Full records as stored: the change log keeps them whole. */
  deletes: T[];
}

export interface ImportPlan {
  regions: EntityChanges<Region>;
  households: EntityChanges<Household>;
  members: EntityChanges<Member>;
  incomes: EntityChanges<IncomeForm>;
  tasks: EntityChanges<Task>;
}

export type PlanCounts = { [K in keyof ImportPlan]: { creates: number; updates: number; deletes: number } };

export interface RegistrySnapshot {
  /** Omit to leave regions out of the comparison. */
  regions?: readonly Region[];
  records: readonly HouseholdRecord[];
}

export interface DiffOptions {
  /**
   * Stored households absent from the incoming data are deleted (with their members, income
   * form and tasks). Off by default: a partial roster must not wipe the rest of the county.
   * The caller decides which stored records the incoming file is authoritative for.
   */
  deleteMissingHouseholds?: boolean;
  /** Compare tasks too. Off by default: a roster carries no tasks, and empty is not "delete all". */
  syncTasks?: boolean;
  /**
   * What the incoming file carries (its sheets and columns). A stored value the file does not
   * carry is kept: a members-only file leaves villages and household facts as they are. Omit when
   * the incoming records are complete.
   */
  carried?: Carried;
}

function emptyChanges<T>(): EntityChanges<T> {
  return { creates: [], updates: [], deletes: [] };
}

export function emptyPlan(): ImportPlan {
  return {
    regions: emptyChanges(),
    households: emptyChanges(),
    members: emptyChanges(),
    incomes: emptyChanges(),
    tasks: emptyChanges(),
  };
}

export function planCounts(plan: ImportPlan): PlanCounts {
  const c = <T>(e: EntityChanges<T>) => ({ creates: e.creates.length, updates: e.updates.length, deletes: e.deletes.length });
  return {
    regions: c(plan.regions),
    households: c(plan.households),
    members: c(plan.members),
    incomes: c(plan.incomes),
    tasks: c(plan.tasks),
  };
}

export function isEmptyPlan(plan: ImportPlan): boolean {
  return Object.values(planCounts(plan)).every((x) => x.creates + x.updates + x.deletes === 0);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function toJson(v: unknown): Json {
  // undefined (an absent optional key, e.g. an income item not on the form) reads as null.
  return v === undefined ? null : (v as Json);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || a === null) return b === undefined || b === null;
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

/**
 * Field-by-field comparison. Nested plain objects (housing, water, cadre, income items,
 * village indicators) are walked so a change reads 'water.piped: false → true'; arrays
 * (other causes) compare as a whole, in order.
 */
export function fieldChanges(before: object, after: object, prefix = ''): FieldChanges {
  const out: FieldChanges = {};
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const keys = new Set([...Object.keys(b), ...Object.keys(a)]);
  for (const key of keys) {
    const bv = b[key];
    const av = a[key];
    const path = prefix + key;
    if (isPlainObject(bv) && isPlainObject(av)) {
      Object.assign(out, fieldChanges(bv, av, `${path}.`));
    } else if (isPlainObject(bv) && (av === null || av === undefined)) {
      Object.assign(out, fieldChanges(bv, {}, `${path}.`));
    } else if ((bv === null || bv === undefined) && isPlainObject(av)) {
      Object.assign(out, fieldChanges({}, av, `${path}.`));
    } else if (!sameValue(bv, av)) {
      out[path] = { before: toJson(bv), after: toJson(av) };
    }
  }
  return out;
}

function compare<T extends object>(changes: EntityChanges<T>, stored: T | undefined, incomingIn: T, carried?: ReadonlySet<string>): void {
  if (stored === undefined) {
    changes.creates.push(incomingIn);
    return;
  }
  const incoming = carried === undefined ? incomingIn : keepNotCarried(stored, incomingIn, carried);
  const fields = fieldChanges(stored, incoming);
  if (Object.keys(fields).length > 0) changes.updates.push({ before: stored, after: incoming, fields });
}

function indexUnique<T>(items: Iterable<T>, key: (t: T) => string, what: string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    if (map.has(k)) throw new Error(`导入数据中${what}重复：${k}`);
    map.set(k, item);
  }
  return map;
}

export function diffRegions(stored: readonly Region[], incoming: readonly Region[], carried?: Carried): EntityChanges<Region> {
  const changes = emptyChanges<Region>();
  const byCode = indexUnique(stored, (r) => r.code, '区划代码');
  indexUnique(incoming, (r) => r.code, '区划代码');
  // Village fields come only from a village-sheet row; every other region keeps them as stored.
  const rows = new Set(carried?.villageRows ?? []);
  const unnamed = new Set(carried?.unnamedRegions ?? []);
  const fieldsOf = (code: string): ReadonlySet<string> | undefined => {
    if (carried === undefined) return undefined;
    const tree = unnamed.has(code) ? REGION_IDENTITY.filter((f) => f !== 'name') : REGION_IDENTITY;
    return new Set(rows.has(code) ? [...tree, ...carried.village] : tree);
  };
  for (const r of incoming) compare(changes, byCode.get(r.code), r, fieldsOf(r.code));
  // Regions are never deleted by an import: households and history hang off them.
  return changes;
}

function asSnapshot(s: RegistrySnapshot | readonly HouseholdRecord[]): RegistrySnapshot {
  return Array.isArray(s) ? { records: s as readonly HouseholdRecord[] } : (s as RegistrySnapshot);
}

const incomeKey = (f: IncomeForm): string => `${f.householdId}:${f.year}`;

/**
 * The plan that turns `stored` into `incoming`. Households and members match by their numbers
 * (户编号, 人编号), income forms by household and year, tasks by id. An incoming household is
 * authoritative for its member list: stored members it no longer lists are deleted, unless
 * they reappear under another incoming household (then it is a move, an update of
 * householdId). An incoming record without an income form leaves the stored form alone.
 *
 * Load `stored` for the same year as the incoming income forms (`loadRecords(scope, { year })`),
 * or a stored form of that year that was not loaded would be planned as a create and collide.
 */
export function diffRecords(
  storedIn: RegistrySnapshot | readonly HouseholdRecord[],
  incomingIn: RegistrySnapshot | readonly HouseholdRecord[],
  options: DiffOptions = {},
): ImportPlan {
  const stored = asSnapshot(storedIn);
  const incoming = asSnapshot(incomingIn);
  const plan = emptyPlan();

  if (incoming.regions !== undefined) plan.regions = diffRegions(stored.regions ?? [], incoming.regions, options.carried);
  const carried = options.carried;
  const householdPaths = carried === undefined ? undefined : new Set(carried.household);
  const memberPaths = carried === undefined ? undefined : new Set(carried.member);
  const incomePaths = carried === undefined ? undefined : new Set(carried.income);

  const storedHouseholds = indexUnique(stored.records, (r) => r.household.id, '户编号');
  const incomingHouseholds = indexUnique(incoming.records, (r) => r.household.id, '户编号');
  const storedMembers = indexUnique(
    stored.records.flatMap((r) => r.members),
    (m) => m.id,
    '人编号',
  );
  const incomingMembers = indexUnique(
    incoming.records.flatMap((r) => r.members),
    (m) => m.id,
    '人编号',
  );
  const storedTasks = indexUnique(
    stored.records.flatMap((r) => r.tasks),
    (t) => t.id,
    '任务编号',
  );
  const incomingTasks = indexUnique(
    incoming.records.flatMap((r) => r.tasks),
    (t) => t.id,
    '任务编号',
  );
  const storedIncomes = new Map<string, IncomeForm>();
  for (const r of stored.records) if (r.income !== null) storedIncomes.set(incomeKey(r.income), r.income);

  for (const rec of incoming.records) {
    const before = storedHouseholds.get(rec.household.id);
    compare(plan.households, before?.household, rec.household, householdPaths);
    for (const m of rec.members) {
      if (m.householdId !== rec.household.id) {
        throw new Error(`成员 ${m.id}（${m.name}）的户编号 ${m.householdId} 与所在户 ${rec.household.id} 不一致`);
      }
      compare(plan.members, storedMembers.get(m.id), m, memberPaths);
    }
    if (rec.income !== null) compare(plan.incomes, storedIncomes.get(incomeKey(rec.income)), rec.income, incomePaths);
    if (options.syncTasks === true) for (const t of rec.tasks) compare(plan.tasks, storedTasks.get(t.id), t);
  }

  for (const rec of stored.records) {
    const kept = incomingHouseholds.has(rec.household.id);
    if (!kept && options.deleteMissingHouseholds !== true) continue;
    for (const m of rec.members) if (!incomingMembers.has(m.id)) plan.members.deletes.push(m);
    if (kept) {
      if (options.syncTasks === true) for (const t of rec.tasks) if (!incomingTasks.has(t.id)) plan.tasks.deletes.push(t);
    } else {
      // A deleted household takes its form and tasks with it; the repository also removes
      // (and logs) forms of other years that were not loaded.
      if (rec.income !== null) plan.incomes.deletes.push(rec.income);
      for (const t of rec.tasks) if (!incomingTasks.has(t.id)) plan.tasks.deletes.push(t);
      plan.households.deletes.push(rec.household);
    }
  }
  return plan;
}
