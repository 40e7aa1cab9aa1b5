// Supervision records (migration 0018): visits, problems with their rectification and verification,
// accountability decisions, and the weekly dispatch snapshots. Reads take a Scope and filter in SQL:
// a visit is seen through its villages (or by its own visitor), a problem through its region codes,
// and a sector department sees the problems against its own department only. Every write logs
// change rows in the caller's transaction: 'visit', 'visit-household' (on the household's history),
// 'visit-photo', 'problem', 'problem-action', 'accountability' and 'weekly-report'.
import { createHash, randomUUID } from 'node:crypto';
import { sql, type Expression, type SqlBool } from 'kysely';
import { assertTransaction } from '../bulk.js';
import { appendChanges, ChangeBatch, NO_CODES, type RowCodes } from '../changeLog.js';
import type { Actor, StoreContext } from '../context.js';
import type { Db, Trx } from '../schema.js';
import { scopeWhere, type Scope } from '../scope.js';

type VisitsTable = { id: string; visitor_id: string; visitor_name: string; visitor_role: string; visit_date: string; checked: string; created_at: string };
type VisitVillagesTable = { visit_id: string; village_code: string; township_code: string | null; county_code: string | null };
type FindingsTable = { id: string; visit_id: string; village_code: string; household_id: string | null; text: string; problem_id: string | null };
type PhotosTable = {
  id: string;
  visit_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  data: Uint8Array;
  created_at: string;
};
type ProblemsTable = {
  id: string;
  source: string;
  source_ref: string | null;
  category: string;
  severity: string;
  unit_kind: string;
  unit_code: string;
  unit_name: string;
  village_code: string | null;
  township_code: string | null;
  county_code: string | null;
  household_id: string | null;
  people: string;
  description: string;
  found_on: string;
  deadline: string;
  recorded_by_name: string;
  rectified_on: string | null;
  rectification: string | null;
  rectified_by_name: string | null;
  verified_on: string | null;
  verification: string | null;
  verified_by_name: string | null;
  created_at: string;
  updated_at: string;
};
type ActionsTable = { id: string; problem_id: string; kind: string; date: string; text: string; actor_name: string; created_at: string };
type DecisionsTable = {
  id: string;
  problem_id: string;
  person: string;
  kind_group: string;
  kind: string;
  decided_on: string;
  document: string;
  note: string | null;
  created_at: string;
};
type WeeklyTable = { week: string; body: string; analysis: string | null; meeting: string | null; created_at: string; updated_at: string };

export type SupervisionTables = {
  visits: VisitsTable;
  visit_villages: VisitVillagesTable;
  visit_households: { visit_id: string; household_id: string };
  visit_findings: FindingsTable;
  visit_photos: PhotosTable;
  problems: ProblemsTable;
  problem_actions: ActionsTable;
  accountability_decisions: DecisionsTable;
  weekly_reports: WeeklyTable;
};

const withTables = (db: Db | Trx) => (db as Db).withTables<SupervisionTables>();
type SDb = ReturnType<typeof withTables>;

export interface NewVisit {
  visitor: Actor & { role: string };
  date: string;
  villages: readonly string[];
  households: readonly string[];
  checked: string;
  findings: readonly { villageCode: string; householdId: string | null; text: string }[];
}

export interface Finding {
  id: string;
  villageCode: string;
  householdId: string | null;
  text: string;
  problemId: string | null;
}

export interface PhotoMeta {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
}

export interface Visit {
  id: string;
  visitorId: string;
  visitorName: string;
  visitorRole: string;
  date: string;
  checked: string;
  villages: string[];
  households: string[];
  findings: Finding[];
  photos: PhotoMeta[];
}

export type UnitKind = 'township' | 'village' | 'department';

export interface NewProblem {
  source: string;
  sourceRef: string | null;
  category: string;
  severity: string;
  unitKind: UnitKind;
  unitCode: string;
  unitName: string;
  codes: RowCodes;
  householdId: string | null;
  people: readonly string[];
  description: string;
  foundOn: string;
  deadline: string;
}

export interface ProblemAction {
  id: string;
  kind: 'rectify' | 'verify' | 'return';
  date: string;
  text: string;
  actorName: string;
}

export interface Decision {
  id: string;
  problemId: string;
  person: string;
  group: 'organisational' | 'disciplinary';
  kind: string;
  decidedOn: string;
  document: string;
  note: string | null;
}

export interface Problem extends Omit<NewProblem, 'people'> {
  id: string;
  people: string[];
  recordedByName: string;
  rectifiedOn: string | null;
  rectification: string | null;
  rectifiedByName: string | null;
  verifiedOn: string | null;
  verification: string | null;
  verifiedByName: string | null;
}

export interface ProblemDetail extends Problem {
  actions: ProblemAction[];
  decisions: Decision[];
}

/** Who reads problems: the region scope, and for a sector department its sector (its own department's problems only). */
export interface ProblemScope {
  scope: Scope;
  sector: string | null;
}

export interface ProblemFilter {
  ids?: readonly string[];
  unitKind?: UnitKind;
  unitCode?: string;
  source?: string;
  township?: string;
  trx?: Trx;
}

export interface WeeklyRow {
  week: string;
  body: unknown;
  analysis: string | null;
  meeting: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A township's raw counts in a period, keyed as the weekly dispatch names them; sector splits for tasks. */
export interface PeriodCounts {
  townshipCode: string | null;
  sector: string | null;
  metric: 'householdsVerified' | 'incomeForms' | 'tasksOpened' | 'tasksDone' | 'tasksVerified' | 'tasksLate' | 'visits' | 'movesBtoA' | 'requestsWaiting';
  n: number;
}

const LATE_STATUSES = ['open', 'in-progress', 'returned'];

function toProblem(r: ProblemsTable): Problem {
  return {
    id: r.id,
    source: r.source,
    sourceRef: r.source_ref,
    category: r.category,
    severity: r.severity,
    unitKind: r.unit_kind as UnitKind,
    unitCode: r.unit_code,
    unitName: r.unit_name,
    codes: { village: r.village_code, township: r.township_code, county: r.county_code },
    householdId: r.household_id,
    people: JSON.parse(r.people) as string[],
    description: r.description,
    foundOn: r.found_on,
    deadline: r.deadline,
    recordedByName: r.recorded_by_name,
    rectifiedOn: r.rectified_on,
    rectification: r.rectification,
    rectifiedByName: r.rectified_by_name,
    verifiedOn: r.verified_on,
    verification: r.verification,
    verifiedByName: r.verified_by_name,
  };
}

const toDecision = (r: DecisionsTable): Decision => ({
  id: r.id,
  problemId: r.problem_id,
  person: r.person,
  group: r.kind_group as Decision['group'],
  kind: r.kind,
  decidedOn: r.decided_on,
  document: r.document,
  note: r.note,
});

export class SupervisionRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  // ------------------------------------------------------------ visits

  /** Stores a visit with its villages (region codes copied), households and findings. */
  async createVisit(trx: Trx, v: NewVisit, actor: Actor, at?: string): Promise<string> {
    assertTransaction(trx);
    const when = at ?? this.#ctx.clock();
    const db = withTables(trx);
    const id = `visit-${randomUUID()}`;
    await db
      .insertInto('visits')
      .values({
        id,
        visitor_id: v.visitor.id,
        visitor_name: v.visitor.name,
        visitor_role: v.visitor.role,
        visit_date: v.date,
        checked: v.checked,
        created_at: when,
      })
      .execute();
    const regions = await trx
      .selectFrom('regions')
      .select(['code', 'township_code', 'county_code'])
      .where('code', 'in', [...v.villages])
      .execute();
    const codesOf = new Map(regions.map((r) => [r.code, { village: r.code, township: r.township_code, county: r.county_code } as RowCodes]));
    for (const code of v.villages) {
      const c = codesOf.get(code) ?? { village: code, township: null, county: null };
      await db.insertInto('visit_villages').values({ visit_id: id, village_code: code, township_code: c.township, county_code: c.county }).execute();
    }
    for (const h of v.households) await db.insertInto('visit_households').values({ visit_id: id, household_id: h }).execute();
    let n = 0;
    for (const f of v.findings) {
      n += 1;
      await db
        .insertInto('visit_findings')
        .values({ id: `${id}-F${n}`, visit_id: id, village_code: f.villageCode, household_id: f.householdId, text: f.text, problem_id: null })
        .execute();
    }
    const codes = codesOf.get(v.villages[0] ?? '') ?? NO_CODES;
    const log = new ChangeBatch(actor, when, null, null);
    log.add('visit', 'create', id, null, codes, null, {
      visitor: v.visitor.name,
      date: v.date,
      villages: [...v.villages],
      households: [...v.households],
      checked: v.checked,
      findings: v.findings.map((f) => f.text),
    });
    const homes =
      v.households.length === 0
        ? []
        : await trx
            .selectFrom('households')
            .select(['id', 'village_code', 'township_code', 'county_code'])
            .where('id', 'in', [...v.households])
            .execute();
    for (const h of homes)
      log.add('visit-household', 'create', `${id}:${h.id}`, h.id, { village: h.village_code, township: h.township_code, county: h.county_code }, null, {
        visitId: id,
        visitor: v.visitor.name,
        date: v.date,
      });
    await appendChanges(this.#ctx, trx, log);
    return id;
  }

  /** In-scope visits (a village of the visit in scope, or the viewer's own), newest first. */
  async listVisits(
    scope: Scope,
    filter: { visitorId?: string; ownerId?: string; from?: string; to?: string; ids?: readonly string[]; trx?: Trx } = {},
  ): Promise<Visit[]> {
    if (filter.ids !== undefined && filter.ids.length === 0) return [];
    const db = withTables(filter.trx ?? this.#ctx.db);
    const rows = await db
      .selectFrom('visits')
      .selectAll('visits')
      .where((eb) => {
        const seen: Expression<SqlBool> = eb.exists(
          eb
            .selectFrom('visit_villages')
            .select(sql.lit(1).as('one'))
            .whereRef('visit_villages.visit_id', '=', 'visits.id')
            .where((w) => scopeWhere(w as never, scope, 'visit_villages')),
        );
        return filter.ownerId === undefined ? seen : eb.or([seen, eb('visits.visitor_id', '=', filter.ownerId)]);
      })
      .$if(filter.visitorId !== undefined, (q) => q.where('visits.visitor_id', '=', filter.visitorId as string))
      .$if(filter.from !== undefined, (q) => q.where('visits.visit_date', '>=', filter.from as string))
      .$if(filter.to !== undefined, (q) => q.where('visits.visit_date', '<=', filter.to as string))
      .$if(filter.ids !== undefined, (q) => q.where('visits.id', 'in', [...(filter.ids ?? [])]))
      .orderBy('visits.visit_date', 'desc')
      .orderBy('visits.created_at', 'desc')
      .limit(2000)
      .execute();
    return this.#assembleVisits(db, rows);
  }

  async #assembleVisits(db: SDb, rows: VisitsTable[]): Promise<Visit[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const [villages, households, findings, photos] = await Promise.all([
      db.selectFrom('visit_villages').select(['visit_id', 'village_code']).where('visit_id', 'in', ids).orderBy('village_code').execute(),
      db.selectFrom('visit_households').select(['visit_id', 'household_id']).where('visit_id', 'in', ids).orderBy('household_id').execute(),
      db.selectFrom('visit_findings').selectAll().where('visit_id', 'in', ids).orderBy('id').execute(),
      db
        .selectFrom('visit_photos')
        .select(['id', 'visit_id', 'file_name', 'content_type', 'size', 'sha256'])
        .where('visit_id', 'in', ids)
        .orderBy('created_at')
        .execute(),
    ]);
    const by = <T extends { visit_id: string }>(xs: T[]) => {
      const m = new Map<string, T[]>();
      for (const x of xs) m.set(x.visit_id, [...(m.get(x.visit_id) ?? []), x]);
      return m;
    };
    const v = by(villages);
    const h = by(households);
    const f = by(findings);
    const p = by(photos);
    return rows.map((r) => ({
      id: r.id,
      visitorId: r.visitor_id,
      visitorName: r.visitor_name,
      visitorRole: r.visitor_role,
      date: r.visit_date,
      checked: r.checked,
      villages: (v.get(r.id) ?? []).map((x) => x.village_code),
      households: (h.get(r.id) ?? []).map((x) => x.household_id),
      findings: (f.get(r.id) ?? []).map((x) => ({ id: x.id, villageCode: x.village_code, householdId: x.household_id, text: x.text, problemId: x.problem_id })),
      photos: (p.get(r.id) ?? []).map((x) => ({ id: x.id, fileName: x.file_name, contentType: x.content_type, size: Number(x.size), sha256: x.sha256 })),
    }));
  }

  async getVisit(scope: Scope, id: string, opts: { ownerId?: string; trx?: Trx } = {}): Promise<Visit | null> {
    const [v] = await this.listVisits(scope, {
      ids: [id],
      ...(opts.ownerId !== undefined ? { ownerId: opts.ownerId } : {}),
      ...(opts.trx ? { trx: opts.trx } : {}),
    });
    return v ?? null;
  }

  /** Every visit date of the given visitors in a period (compliance counts them; no scope: the caller picks the visitors). */
  async visitDates(visitorIds: readonly string[], from: string, to: string): Promise<{ visitorId: string; date: string }[]> {
    if (visitorIds.length === 0) return [];
    const rows = await withTables(this.#ctx.db)
      .selectFrom('visits')
      .select(['visitor_id', 'visit_date'])
      .where('visitor_id', 'in', [...visitorIds])
      .where('visit_date', '>=', from)
      .where('visit_date', '<=', to)
      .execute();
    return rows.map((r) => ({ visitorId: r.visitor_id, date: r.visit_date }));
  }

  async linkFinding(trx: Trx, visit: Visit, findingId: string, problemId: string, actor: Actor, at?: string): Promise<void> {
    assertTransaction(trx);
    const when = at ?? this.#ctx.clock();
    await withTables(trx).updateTable('visit_findings').set({ problem_id: problemId }).where('id', '=', findingId).execute();
    const log = new ChangeBatch(actor, when, null, null);
    log.add(
      'visit',
      'update',
      visit.id,
      null,
      await this.#villageCodes(trx, visit.villages[0]),
      { [`finding.${findingId}`]: null },
      { [`finding.${findingId}`]: problemId },
    );
    await appendChanges(this.#ctx, trx, log);
  }

  async addPhoto(trx: Trx, visit: Visit, file: { fileName: string; contentType: string; data: Uint8Array }, actor: Actor, at?: string): Promise<PhotoMeta> {
    assertTransaction(trx);
    const when = at ?? this.#ctx.clock();
    const meta: PhotoMeta = {
      id: `photo-${randomUUID()}`,
      fileName: file.fileName,
      contentType: file.contentType,
      size: file.data.byteLength,
      sha256: createHash('sha256').update(file.data).digest('hex'),
    };
    await withTables(trx)
      .insertInto('visit_photos')
      .values({
        id: meta.id,
        visit_id: visit.id,
        file_name: meta.fileName,
        content_type: meta.contentType,
        size: meta.size,
        sha256: meta.sha256,
        data: file.data,
        created_at: when,
      })
      .execute();
    const log = new ChangeBatch(actor, when, null, null);
    log.add('visit-photo', 'create', meta.id, null, await this.#villageCodes(trx, visit.villages[0]), null, { visitId: visit.id, ...meta });
    await appendChanges(this.#ctx, trx, log);
    return meta;
  }

  /** A photo of a visit the caller has already found in scope. */
  async photo(visitId: string, photoId: string): Promise<(PhotoMeta & { data: Uint8Array }) | null> {
    const r = await withTables(this.#ctx.db)
      .selectFrom('visit_photos')
      .selectAll()
      .where('visit_id', '=', visitId)
      .where('id', '=', photoId)
      .executeTakeFirst();
    if (r === undefined) return null;
    return { id: r.id, fileName: r.file_name, contentType: r.content_type, size: Number(r.size), sha256: r.sha256, data: new Uint8Array(r.data) };
  }

  async #villageCodes(trx: Trx, code: string | undefined): Promise<RowCodes> {
    if (code === undefined) return NO_CODES;
    const r = await trx.selectFrom('regions').select(['code', 'township_code', 'county_code']).where('code', '=', code).executeTakeFirst();
    return r === undefined ? { village: code, township: null, county: null } : { village: r.code, township: r.township_code, county: r.county_code };
  }

  // ------------------------------------------------------------ problems

  async createProblem(trx: Trx, p: NewProblem, actor: Actor, at?: string): Promise<string> {
    assertTransaction(trx);
    const when = at ?? this.#ctx.clock();
    const db = withTables(trx);
    const year = p.foundOn.slice(0, 4);
    const n = Number(
      (
        await db
          .selectFrom('problems')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('id', 'like', `WT${year}-%`)
          .executeTakeFirst()
      )?.n ?? 0,
    );
    let id = `WT${year}-${String(n + 1).padStart(4, '0')}`;
    for (let k = n + 2; (await db.selectFrom('problems').select('id').where('id', '=', id).executeTakeFirst()) !== undefined; k++)
      id = `WT${year}-${String(k).padStart(4, '0')}`;
    await db
      .insertInto('problems')
      .values({
        id,
        source: p.source,
        source_ref: p.sourceRef,
        category: p.category,
        severity: p.severity,
        unit_kind: p.unitKind,
        unit_code: p.unitCode,
        unit_name: p.unitName,
        village_code: p.codes.village,
        township_code: p.codes.township,
        county_code: p.codes.county,
        household_id: p.householdId,
        people: JSON.stringify([...p.people]),
        description: p.description,
        found_on: p.foundOn,
        deadline: p.deadline,
        recorded_by_name: actor.name,
        rectified_on: null,
        rectification: null,
        rectified_by_name: null,
        verified_on: null,
        verification: null,
        verified_by_name: null,
        created_at: when,
        updated_at: when,
      })
      .execute();
    const log = new ChangeBatch(actor, when, null, null);
    log.add('problem', 'create', id, p.householdId, p.codes, null, { ...p, people: [...p.people] });
    await appendChanges(this.#ctx, trx, log);
    return id;
  }

  /** In-scope problems, newest found first. */
  async listProblems(who: ProblemScope, filter: ProblemFilter = {}): Promise<Problem[]> {
    if (filter.ids !== undefined && filter.ids.length === 0) return [];
    const db = withTables(filter.trx ?? this.#ctx.db);
    const rows = await db
      .selectFrom('problems')
      .selectAll()
      .where((eb) =>
        who.sector !== null
          ? eb.and([eb('problems.unit_kind', '=', 'department'), eb('problems.unit_code', '=', who.sector)])
          : scopeWhere(eb as never, who.scope, 'problems'),
      )
      .$if(filter.ids !== undefined, (q) => q.where('id', 'in', [...(filter.ids ?? [])]))
      .$if(filter.unitKind !== undefined, (q) => q.where('unit_kind', '=', filter.unitKind as string))
      .$if(filter.unitCode !== undefined, (q) => q.where('unit_code', '=', filter.unitCode as string))
      .$if(filter.source !== undefined, (q) => q.where('source', '=', filter.source as string))
      .$if(filter.township !== undefined, (q) => q.where('township_code', '=', filter.township as string))
      .orderBy('found_on', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toProblem);
  }

  async getProblem(who: ProblemScope, id: string, opts: { trx?: Trx } = {}): Promise<ProblemDetail | null> {
    const [p] = await this.listProblems(who, { ids: [id], ...(opts.trx ? { trx: opts.trx } : {}) });
    if (p === undefined) return null;
    const db = withTables(opts.trx ?? this.#ctx.db);
    const actions = await db.selectFrom('problem_actions').selectAll().where('problem_id', '=', id).orderBy('created_at').orderBy('id').execute();
    return {
      ...p,
      actions: actions.map((a) => ({ id: a.id, kind: a.kind as ProblemAction['kind'], date: a.date, text: a.text, actorName: a.actor_name })),
      decisions: await this.decisions([id], opts),
    };
  }

  /** Decisions on the given problems (already scope-checked by the caller's list), by date. */
  async decisions(problemIds: readonly string[], opts: { trx?: Trx } = {}): Promise<Decision[]> {
    if (problemIds.length === 0) return [];
    const db = withTables(opts.trx ?? this.#ctx.db);
    const out: Decision[] = [];
    for (let i = 0; i < problemIds.length; i += 5000) {
      const rows = await db
        .selectFrom('accountability_decisions')
        .selectAll()
        .where('problem_id', 'in', problemIds.slice(i, i + 5000))
        .orderBy('decided_on')
        .orderBy('id')
        .execute();
      out.push(...rows.map(toDecision));
    }
    return out;
  }

  /**
   * A rectification (整改), a verification (核实销号) or a return (退回重新整改): one action row,
   * the problem's state fields, one change row.
   */
  async act(trx: Trx, p: Problem, kind: ProblemAction['kind'], date: string, text: string, actor: Actor, at?: string): Promise<void> {
    assertTransaction(trx);
    const when = at ?? this.#ctx.clock();
    const db = withTables(trx);
    const n = Number(
      (
        await db
          .selectFrom('problem_actions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('problem_id', '=', p.id)
          .executeTakeFirst()
      )?.n ?? 0,
    );
    const id = `${p.id}-X${n + 1}`;
    await db.insertInto('problem_actions').values({ id, problem_id: p.id, kind, date, text, actor_name: actor.name, created_at: when }).execute();
    const set =
      kind === 'rectify'
        ? { rectified_on: date, rectification: text, rectified_by_name: actor.name }
        : kind === 'verify'
          ? { verified_on: date, verification: text, verified_by_name: actor.name }
          : { rectified_on: null, rectification: null, rectified_by_name: null };
    await db
      .updateTable('problems')
      .set({ ...set, updated_at: when })
      .where('id', '=', p.id)
      .execute();
    const log = new ChangeBatch(actor, when, null, null);
    log.add('problem-action', 'create', id, p.householdId, p.codes, null, { problemId: p.id, kind, date, text });
    await appendChanges(this.#ctx, trx, log);
  }

  async addDecision(trx: Trx, p: Problem, d: Omit<Decision, 'id' | 'problemId'>, actor: Actor, at?: string): Promise<Decision> {
    assertTransaction(trx);
    const when = at ?? this.#ctx.clock();
    const db = withTables(trx);
    const n = Number(
      (
        await db
          .selectFrom('accountability_decisions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('problem_id', '=', p.id)
          .executeTakeFirst()
      )?.n ?? 0,
    );
    const decision: Decision = { id: `${p.id}-D${n + 1}`, problemId: p.id, ...d };
    await db
      .insertInto('accountability_decisions')
      .values({
        id: decision.id,
        problem_id: p.id,
        person: d.person,
        kind_group: d.group,
        kind: d.kind,
        decided_on: d.decidedOn,
        document: d.document,
        note: d.note,
        created_at: when,
      })
      .execute();
    const log = new ChangeBatch(actor, when, d.note, null);
    log.add('accountability', 'create', decision.id, p.householdId, p.codes, null, decision);
    await appendChanges(this.#ctx, trx, log);
    return decision;
  }

  // ------------------------------------------------------------ weekly dispatch

  async weekly(week: string, opts: { trx?: Trx } = {}): Promise<WeeklyRow | null> {
    const r = await withTables(opts.trx ?? this.#ctx.db)
      .selectFrom('weekly_reports')
      .selectAll()
      .where('week', '=', week)
      .executeTakeFirst();
    if (r === undefined) return null;
    return { week: r.week, body: JSON.parse(r.body) as unknown, analysis: r.analysis, meeting: r.meeting, createdAt: r.created_at, updatedAt: r.updated_at };
  }

  async weeks(): Promise<string[]> {
    const rows = await withTables(this.#ctx.db).selectFrom('weekly_reports').select('week').orderBy('week', 'desc').execute();
    return rows.map((r) => r.week);
  }

  /** Writes a closed week's figures once; a second call for the same week keeps the first (and returns false). */
  async saveWeekly(trx: Trx, week: string, body: unknown, actor: Actor, at?: string): Promise<boolean> {
    assertTransaction(trx);
    const when = at ?? this.#ctx.clock();
    const db = withTables(trx);
    if ((await db.selectFrom('weekly_reports').select('week').where('week', '=', week).executeTakeFirst()) !== undefined) return false;
    await db
      .insertInto('weekly_reports')
      .values({ week, body: JSON.stringify(body), analysis: null, meeting: null, created_at: when, updated_at: when })
      .execute();
    const log = new ChangeBatch(actor, when, '周调度快照', null);
    log.add('weekly-report', 'create', week, null, NO_CODES, null, { week });
    await appendChanges(this.#ctx, trx, log);
    return true;
  }

  /** The county office's analysis and the weekly meeting's record (例会): the only parts of a week that change after it is written. */
  async setWeeklyNotes(trx: Trx, week: string, notes: { analysis: string | null; meeting: string | null }, actor: Actor, at?: string): Promise<void> {
    assertTransaction(trx);
    const when = at ?? this.#ctx.clock();
    const db = withTables(trx);
    const before = await this.weekly(week, { trx });
    if (before === null) throw new Error(`第 ${week} 周的周调度尚未生成`);
    await db.updateTable('weekly_reports').set({ analysis: notes.analysis, meeting: notes.meeting, updated_at: when }).where('week', '=', week).execute();
    const log = new ChangeBatch(actor, when, null, null);
    log.add('weekly-report', 'update', week, null, NO_CODES, { analysis: before.analysis, meeting: before.meeting }, notes);
    await appendChanges(this.#ctx, trx, log);
  }

  /**
   * The weekly dispatch's raw counts for the changes logged in [fromIso, toIso) and the visits dated
   * in [fromDate, toDate], by township (and sector for tasks). `moves` names the class codes of a
   * move worth counting (B → A: remediation classes to exit-ready ones, from the rulebook). Late tasks and waiting requests are
   * as they stand now: the snapshot is taken when the week closes.
   */
  async periodCounts(
    period: { fromIso: string; toIso: string; fromDate: string; toDate: string; today: string },
    moves: { from: readonly string[]; to: readonly string[] },
  ): Promise<PeriodCounts[]> {
    const { fromIso, toIso, fromDate, toDate, today } = period;
    const db = withTables(this.#ctx.db);
    const out: PeriodCounts[] = [];
    const push = (metric: PeriodCounts['metric'], rows: { township_code: string | null; sector?: string | null; n: number | string | bigint }[]) => {
      for (const r of rows) out.push({ townshipCode: r.township_code, sector: r.sector ?? null, metric, n: Number(r.n) });
    };
    const inPeriod = db.selectFrom('changes').where('changes.at', '>=', fromIso).where('changes.at', '<', toIso);
    // Checks made by people (not a roster import's batch) on the household, its members or its income form.
    push(
      'householdsVerified',
      await inPeriod
        .select(['changes.township_code', sql<number>`count(distinct changes.household_id)`.as('n')])
        .where('changes.entity', 'in', ['household', 'member', 'income'])
        .where('changes.batch_id', 'is', null)
        .groupBy('changes.township_code')
        .execute(),
    );
    push(
      'incomeForms',
      await inPeriod
        .select(['changes.township_code', sql<number>`count(distinct changes.household_id)`.as('n')])
        .where('changes.entity', '=', 'income')
        .where('changes.batch_id', 'is', null)
        .groupBy('changes.township_code')
        .execute(),
    );
    const taskChanges = inPeriod.innerJoin('tasks', 'tasks.id', 'changes.entity_id').where('changes.entity', '=', 'task');
    push(
      'tasksOpened',
      await taskChanges
        .select(['changes.township_code', 'tasks.sector', (eb) => eb.fn.countAll<number>().as('n')])
        .where('changes.action', '=', 'create')
        .groupBy(['changes.township_code', 'tasks.sector'])
        .execute(),
    );
    for (const [metric, status] of [
      ['tasksDone', 'done'],
      ['tasksVerified', 'verified'],
    ] as const)
      push(
        metric,
        await taskChanges
          .select(['changes.township_code', 'tasks.sector', sql<number>`count(distinct changes.entity_id)`.as('n')])
          .where('changes.action', '=', 'update')
          .where('changes.after', 'like', `%"status":"${status}"%`)
          .groupBy(['changes.township_code', 'tasks.sector'])
          .execute(),
      );
    push(
      'tasksLate',
      await db
        .selectFrom('tasks')
        .innerJoin('households', 'households.id', 'tasks.household_id')
        .select(['households.township_code', 'tasks.sector', (eb) => eb.fn.countAll<number>().as('n')])
        .where('tasks.status', 'in', LATE_STATUSES)
        .where('tasks.due_date', '<', today < toDate ? today : toDate)
        .groupBy(['households.township_code', 'tasks.sector'])
        .execute(),
    );
    push(
      'visits',
      await db
        .selectFrom('visit_villages')
        .innerJoin('visits', 'visits.id', 'visit_villages.visit_id')
        .select(['visit_villages.township_code', sql<number>`count(distinct visits.id)`.as('n')])
        .where('visits.visit_date', '>=', fromDate)
        .where('visits.visit_date', '<=', toDate)
        .groupBy('visit_villages.township_code')
        .execute(),
    );
    push(
      'movesBtoA',
      await inPeriod
        .select(['changes.township_code', sql<number>`count(distinct changes.household_id)`.as('n')])
        .where('changes.entity', '=', 'assessment')
        .where((eb) =>
          moves.from.length === 0 ? sql<SqlBool>`1 = 0` : eb.or(moves.from.map((c) => eb('changes.before', 'like', `%"class":${JSON.stringify(c)}%`))),
        )
        .where((eb) =>
          moves.to.length === 0 ? sql<SqlBool>`1 = 0` : eb.or(moves.to.map((c) => eb('changes.after', 'like', `%"class":${JSON.stringify(c)}%`))),
        )
        .groupBy('changes.township_code')
        .execute(),
    );
    push(
      'requestsWaiting',
      await db
        .withTables<{ change_requests: { township_code: string | null; status: string } }>()
        .selectFrom('change_requests')
        .select(['change_requests.township_code', (eb) => eb.fn.countAll<number>().as('n')])
        .where('change_requests.status', '=', 'pending')
        .groupBy('change_requests.township_code')
        .execute(),
    );
    return out;
  }
}
