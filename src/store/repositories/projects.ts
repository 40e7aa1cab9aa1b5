// 项目库 and its money (migration 0013). A project is seen through its villages: reads take a
// Scope and keep the projects with a village in scope (or, with no village, of a county in scope).
// Every write logs change rows in the caller's transaction: 'project' for the project's fields,
// 'project-money' for allocations and disbursements, 'project-status', 'project-notice',
// 'project-objection', and 'project-household' (with the household's id, so the household's
// own history shows the project reaching it).
import { sql, type ExpressionBuilder, type SqlBool, type Expression } from 'kysely';
import type { NoticeKind, NoticeObjection, Project, ProjectNotice, StatusChange, StoredMoney } from '../../domain/projects.js';
import { assertTransaction } from '../bulk.js';
import { appendChanges, ChangeBatch, type RowCodes } from '../changeLog.js';
import type { Actor, StoreContext } from '../context.js';
import { fieldChanges } from '../diff.js';
import type { Db, Trx } from '../schema.js';
import type { Scope } from '../scope.js';

export type ProjectsTable = {
  id: string;
  county_code: string | null;
  name: string;
  type: string;
  year: number;
  start_date: string | null;
  end_date: string | null;
  content: string;
  implementer: string | null;
  responsible_name: string | null;
  responsible_unit: string | null;
  sector: string | null;
  tender_method: string | null;
  tender_winner: string | null;
  contract_fen: number | null;
  quality_target: string | null;
  benefit_households: number | null;
  benefit_people: number | null;
  income_gain_fen: number | null;
  status: string;
  created_at: string;
  updated_at: string;
};
type MoneyTable = { id: string; project_id: string; source: string; fen: number; date: string; voucher: string; created_at: string };

export type ProjectTables = {
  projects: ProjectsTable;
  project_villages: { project_id: string; village_code: string };
  project_households: { project_id: string; household_id: string };
  project_fund_sources: { project_id: string; source: string; planned_fen: number };
  project_allocations: MoneyTable;
  project_disbursements: MoneyTable;
  project_status_changes: {
    id: string;
    project_id: string;
    from_status: string | null;
    to_status: string;
    date: string;
    note: string | null;
    created_at: string;
  };
  project_notices: { id: string; project_id: string; kind: string; village_code: string; posted_on: string; ended_on: string | null; created_at: string };
  project_objections: {
    id: string;
    notice_id: string;
    project_id: string;
    received_on: string;
    content: string;
    handled_on: string | null;
    handling: string | null;
    created_at: string;
  };
};

export type MoneyKind = 'allocation' | 'disbursement';
const MONEY_TABLE = { allocation: 'project_allocations', disbursement: 'project_disbursements' } as const;
const MONEY_PREFIX = { allocation: 'A', disbursement: 'D' } as const;

export interface ProjectFilter {
  year?: number;
  status?: string;
  type?: string;
  /** A village, township or county code: projects reaching it. */
  regionCode?: string;
  householdId?: string;
  ids?: readonly string[];
  trx?: Trx;
}

export interface ProjectDetail extends Project {
  allocations: StoredMoney[];
  disbursements: StoredMoney[];
  statusChanges: StatusChange[];
  notices: ProjectNotice[];
  objections: NoticeObjection[];
}

type PDb = ReturnType<typeof withProjects>;
const withProjects = (db: Db | Trx) => (db as Db).withTables<ProjectTables>();

/** A project is visible when one of its villages is in scope, or (with no village) its county is. */
function projectScope(
  eb: ExpressionBuilder<ProjectTables & { regions: { code: string; township_code: string | null; county_code: string | null } }, 'projects'>,
  scope: Scope,
): Expression<SqlBool> {
  if (scope.kind === 'all') return sql<SqlBool>`1 = 1`;
  const codes = [...new Set(scope.codes)];
  if (codes.length === 0) return sql<SqlBool>`1 = 0`;
  return eb.or([
    eb.exists(
      eb
        .selectFrom('project_villages')
        .innerJoin('regions', 'regions.code', 'project_villages.village_code')
        .select(sql.lit(1).as('one'))
        .whereRef('project_villages.project_id', '=', 'projects.id')
        .where((w) => w.or([w('regions.code', 'in', codes), w('regions.township_code', 'in', codes), w('regions.county_code', 'in', codes)])),
    ),
    eb.and([
      eb.not(eb.exists(eb.selectFrom('project_villages').select(sql.lit(1).as('one')).whereRef('project_villages.project_id', '=', 'projects.id'))),
      eb('projects.county_code', 'in', codes),
    ]),
  ]);
}

function projectRow(p: Project, createdAt: string, updatedAt: string): ProjectsTable {
  return {
    id: p.id,
    county_code: p.countyCode,
    name: p.name,
    type: p.type,
    year: p.year,
    start_date: p.startDate,
    end_date: p.endDate,
    content: p.content,
    implementer: p.implementer,
    responsible_name: p.responsibleName,
    responsible_unit: p.responsibleUnit,
    sector: p.sector,
    tender_method: p.tenderMethod,
    tender_winner: p.tenderWinner,
    contract_fen: p.contractFen,
    quality_target: p.qualityTarget,
    benefit_households: p.benefitHouseholds,
    benefit_people: p.benefitPeople,
    income_gain_fen: p.incomeGainFen,
    status: p.status,
    created_at: createdAt,
    updated_at: updatedAt,
  };
}

const num = (v: number | null): number | null => (v === null ? null : Number(v));

function rowToProject(r: ProjectsTable, villages: string[], households: string[], fundSources: Record<string, number>): Project {
  return {
    id: r.id,
    countyCode: r.county_code,
    name: r.name,
    type: r.type,
    year: Number(r.year),
    startDate: r.start_date,
    endDate: r.end_date,
    content: r.content,
    implementer: r.implementer,
    responsibleName: r.responsible_name,
    responsibleUnit: r.responsible_unit,
    sector: r.sector,
    tenderMethod: r.tender_method,
    tenderWinner: r.tender_winner,
    contractFen: num(r.contract_fen),
    qualityTarget: r.quality_target,
    benefitHouseholds: num(r.benefit_households),
    benefitPeople: num(r.benefit_people),
    incomeGainFen: num(r.income_gain_fen),
    status: r.status,
    villages,
    households,
    fundSources,
  };
}

function compact<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
}

function group<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const a = m.get(k);
    if (a) a.push(r);
    else m.set(k, [r]);
  }
  return m;
}

// Chunked `in` lists: PostgreSQL caps bind parameters at 65,535 and SQLite at 32,766.
const CHUNK = 5000;
function chunks<T>(xs: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
}

export class ProjectRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** In-scope projects, by year then id. */
  async list(scope: Scope, filter: ProjectFilter = {}): Promise<Project[]> {
    if (filter.ids !== undefined && filter.ids.length === 0) return [];
    const db = withProjects(filter.trx ?? this.#ctx.db);
    const region = filter.regionCode;
    const rows = await db
      .selectFrom('projects')
      .selectAll('projects')
      .where((eb) => projectScope(eb as never, scope))
      .$if(filter.year !== undefined, (q) => q.where('projects.year', '=', filter.year as number))
      .$if(filter.status !== undefined, (q) => q.where('projects.status', '=', filter.status as string))
      .$if(filter.type !== undefined, (q) => q.where('projects.type', '=', filter.type as string))
      .$if(filter.ids !== undefined, (q) => q.where('projects.id', 'in', [...(filter.ids ?? [])]))
      .$if(filter.householdId !== undefined, (q) =>
        q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('project_households')
              .select(sql.lit(1).as('one'))
              .whereRef('project_households.project_id', '=', 'projects.id')
              .where('project_households.household_id', '=', filter.householdId as string),
          ),
        ),
      )
      .$if(region !== undefined, (q) =>
        q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('project_villages')
              .innerJoin('regions', 'regions.code', 'project_villages.village_code')
              .select(sql.lit(1).as('one'))
              .whereRef('project_villages.project_id', '=', 'projects.id')
              .where((w) =>
                w.or([
                  w('regions.code', '=', region as string),
                  w('regions.township_code', '=', region as string),
                  w('regions.county_code', '=', region as string),
                ]),
              ),
          ),
        ),
      )
      .orderBy('projects.year')
      .orderBy('projects.id')
      .execute();
    return this.#assemble(db, rows);
  }

  /** One in-scope project with its money, status changes, notices and objections; null when out of scope or unknown. */
  async get(scope: Scope, id: string, opts: { trx?: Trx } = {}): Promise<ProjectDetail | null> {
    const [p] = await this.list(scope, { ids: [id], ...(opts.trx ? { trx: opts.trx } : {}) });
    if (p === undefined) return null;
    const db = withProjects(opts.trx ?? this.#ctx.db);
    const [allocations, disbursements] = await Promise.all([this.#money(db, 'allocation', [id]), this.#money(db, 'disbursement', [id])]);
    const statusChanges = await db.selectFrom('project_status_changes').selectAll().where('project_id', '=', id).orderBy('date').orderBy('id').execute();
    const notices = await db.selectFrom('project_notices').selectAll().where('project_id', '=', id).orderBy('posted_on').orderBy('id').execute();
    const objections = await db.selectFrom('project_objections').selectAll().where('project_id', '=', id).orderBy('received_on').orderBy('id').execute();
    return {
      ...p,
      allocations,
      disbursements,
      statusChanges: statusChanges.map((r) => ({ id: r.id, from: r.from_status, to: r.to_status, date: r.date, note: r.note })),
      notices: notices.map((r) => ({
        id: r.id,
        projectId: r.project_id,
        kind: r.kind as NoticeKind,
        villageCode: r.village_code,
        postedOn: r.posted_on,
        endedOn: r.ended_on,
      })),
      objections: objections.map((r) => ({
        id: r.id,
        noticeId: r.notice_id,
        projectId: r.project_id,
        receivedOn: r.received_on,
        content: r.content,
        handledOn: r.handled_on,
        handling: r.handling,
      })),
    };
  }

  /** Allocations and disbursements of the given projects (already scope-checked by the caller's list). */
  async money(projectIds: readonly string[], opts: { trx?: Trx } = {}): Promise<{ allocations: StoredMoney[]; disbursements: StoredMoney[] }> {
    const db = withProjects(opts.trx ?? this.#ctx.db);
    return { allocations: await this.#money(db, 'allocation', projectIds), disbursements: await this.#money(db, 'disbursement', projectIds) };
  }

  /** Notices of the given projects, by posting day. */
  async notices(projectIds: readonly string[], opts: { trx?: Trx } = {}): Promise<ProjectNotice[]> {
    const db = withProjects(opts.trx ?? this.#ctx.db);
    const out: ProjectNotice[] = [];
    for (const ids of chunks(projectIds)) {
      const rows = await db.selectFrom('project_notices').selectAll().where('project_id', 'in', ids).orderBy('posted_on').orderBy('id').execute();
      for (const r of rows)
        out.push({ id: r.id, projectId: r.project_id, kind: r.kind as NoticeKind, villageCode: r.village_code, postedOn: r.posted_on, endedOn: r.ended_on });
    }
    return out;
  }

  async exists(trx: Trx, id: string): Promise<boolean> {
    return (await withProjects(trx).selectFrom('projects').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  }

  async create(trx: Trx, p: Project, actor: Actor, reason: string | null, at?: string, batchId: string | null = null): Promise<Project> {
    return (await this.createMany(trx, [p], actor, reason, at, batchId))[0]!;
  }

  /** Stores new projects (an import writes them all in one transaction) with a 'create' row each. */
  async createMany(
    trx: Trx,
    projects: readonly Project[],
    actor: Actor,
    reason: string | null,
    at?: string,
    batchId: string | null = null,
  ): Promise<Project[]> {
    assertTransaction(trx);
    const when = at ?? this.#ctx.clock();
    const db = withProjects(trx);
    const log = new ChangeBatch(actor, when, reason, batchId);
    for (const p of projects) {
      await db
        .insertInto('projects')
        .values(projectRow(p, when, when))
        .execute();
      await this.#writeLinks(db, p);
      const codes = await this.#codes(trx, p);
      const { id: _i, ...record } = p;
      log.add('project', 'create', p.id, null, codes, null, compact(record));
      for (const h of p.households) log.add('project-household', 'create', `${p.id}:${h}`, h, codes, null, { projectId: p.id, name: p.name });
    }
    await appendChanges(this.#ctx, trx, log);
    return [...projects];
  }

  /** Replaces a project's fields, villages, households and planned sources; false (nothing written) when all are the same. */
  async update(trx: Trx, p: Project, actor: Actor, reason: string | null, at?: string): Promise<boolean> {
    assertTransaction(trx);
    const when = at ?? this.#ctx.clock();
    const db = withProjects(trx);
    const [before] = await this.list({ kind: 'all' }, { ids: [p.id], trx });
    if (before === undefined) throw new Error(`项目 ${p.id} 不存在`);
    const diff = fieldChanges(before, p);
    const paths = Object.keys(diff);
    if (paths.length === 0) return false;
    const { id: _i, created_at: _c, ...values } = projectRow(p, when, when);
    await db.updateTable('projects').set(values).where('id', '=', p.id).execute();
    await db.deleteFrom('project_villages').where('project_id', '=', p.id).execute();
    await db.deleteFrom('project_households').where('project_id', '=', p.id).execute();
    await db.deleteFrom('project_fund_sources').where('project_id', '=', p.id).execute();
    await this.#writeLinks(db, p);
    const codes = await this.#codes(trx, p);
    const log = new ChangeBatch(actor, when, reason, null);
    log.add(
      'project',
      'update',
      p.id,
      null,
      codes,
      Object.fromEntries(paths.map((k) => [k, diff[k]!.before])),
      Object.fromEntries(paths.map((k) => [k, diff[k]!.after])),
    );
    const was = new Set(before.households);
    const now = new Set(p.households);
    for (const h of p.households) if (!was.has(h)) log.add('project-household', 'create', `${p.id}:${h}`, h, codes, null, { projectId: p.id, name: p.name });
    for (const h of before.households)
      if (!now.has(h)) log.add('project-household', 'delete', `${p.id}:${h}`, h, codes, { projectId: p.id, name: p.name }, null);
    await appendChanges(this.#ctx, trx, log);
    return true;
  }

  /** Records a status change, dated, and sets the project's status. */
  async changeStatus(trx: Trx, projectId: string, to: string, date: string, note: string | null, actor: Actor, at?: string): Promise<StatusChange> {
    assertTransaction(trx);
    const when = at ?? this.#ctx.clock();
    const db = withProjects(trx);
    const p = await this.#one(trx, projectId);
    const id = `${projectId}-S${(await this.#count(db, 'project_status_changes', projectId)) + 1}`;
    await db
      .insertInto('project_status_changes')
      .values({ id, project_id: projectId, from_status: p.status, to_status: to, date, note, created_at: when })
      .execute();
    await db.updateTable('projects').set({ status: to, updated_at: when }).where('id', '=', projectId).execute();
    const log = new ChangeBatch(actor, when, note, null);
    log.add('project-status', 'create', id, null, await this.#codes(trx, p), { status: p.status }, compact({ projectId, status: to, date, note }));
    await appendChanges(this.#ctx, trx, log);
    return { id, from: p.status, to, date, note };
  }

  /** Adds an allocation (资金下达) or disbursement (拨付); the service has checked it against the balances. */
  async addMoney(
    trx: Trx,
    kind: MoneyKind,
    projectId: string,
    m: { source: string; fen: number; date: string; voucher: string },
    actor: Actor,
    at?: string,
  ): Promise<StoredMoney> {
    assertTransaction(trx);
    if (!Number.isInteger(m.fen)) throw new Error('金额必须为整数分');
    const when = at ?? this.#ctx.clock();
    const db = withProjects(trx);
    const p = await this.#one(trx, projectId);
    const table = MONEY_TABLE[kind];
    const id = `${projectId}-${MONEY_PREFIX[kind]}${(await this.#count(db, table, projectId)) + 1}`;
    await db
      .insertInto(table)
      .values({ id, project_id: projectId, source: m.source, fen: m.fen, date: m.date, voucher: m.voucher, created_at: when })
      .execute();
    const log = new ChangeBatch(actor, when, null, null);
    log.add('project-money', 'create', id, null, await this.#codes(trx, p), null, { projectId, kind, ...m });
    await appendChanges(this.#ctx, trx, log);
    return { id, projectId, ...m };
  }

  async postNotice(trx: Trx, projectId: string, kind: NoticeKind, villageCode: string, postedOn: string, actor: Actor, at?: string): Promise<ProjectNotice> {
    assertTransaction(trx);
    const when = at ?? this.#ctx.clock();
    const db = withProjects(trx);
    const p = await this.#one(trx, projectId);
    const id = `${projectId}-N${(await this.#count(db, 'project_notices', projectId)) + 1}`;
    await db
      .insertInto('project_notices')
      .values({ id, project_id: projectId, kind, village_code: villageCode, posted_on: postedOn, ended_on: null, created_at: when })
      .execute();
    const log = new ChangeBatch(actor, when, null, null);
    log.add('project-notice', 'create', id, null, { ...(await this.#codes(trx, p)), ...(await this.#villageCodes(trx, villageCode)) }, null, {
      projectId,
      kind,
      villageCode,
      postedOn,
    });
    await appendChanges(this.#ctx, trx, log);
    return { id, projectId, kind, villageCode, postedOn, endedOn: null };
  }

  async endNotice(trx: Trx, noticeId: string, endedOn: string, actor: Actor, at?: string): Promise<void> {
    assertTransaction(trx);
    const when = at ?? this.#ctx.clock();
    const n = await withProjects(trx).selectFrom('project_notices').selectAll().where('id', '=', noticeId).executeTakeFirst();
    if (n === undefined) throw new Error(`公示 ${noticeId} 不存在`);
    await withProjects(trx).updateTable('project_notices').set({ ended_on: endedOn }).where('id', '=', noticeId).execute();
    const log = new ChangeBatch(actor, when, null, null);
    log.add('project-notice', 'update', noticeId, null, await this.#villageCodes(trx, n.village_code), { endedOn: n.ended_on }, { endedOn });
    await appendChanges(this.#ctx, trx, log);
  }

  async notice(trx: Trx, noticeId: string): Promise<ProjectNotice | null> {
    const r = await withProjects(trx).selectFrom('project_notices').selectAll().where('id', '=', noticeId).executeTakeFirst();
    return r === undefined
      ? null
      : { id: r.id, projectId: r.project_id, kind: r.kind as NoticeKind, villageCode: r.village_code, postedOn: r.posted_on, endedOn: r.ended_on };
  }

  async addObjection(trx: Trx, noticeId: string, receivedOn: string, content: string, actor: Actor, at?: string): Promise<NoticeObjection> {
    assertTransaction(trx);
    const when = at ?? this.#ctx.clock();
    const n = await this.notice(trx, noticeId);
    if (n === null) throw new Error(`公示 ${noticeId} 不存在`);
    const db = withProjects(trx);
    const id = `${n.projectId}-O${(await this.#count(db, 'project_objections', n.projectId)) + 1}`;
    await db
      .insertInto('project_objections')
      .values({ id, notice_id: noticeId, project_id: n.projectId, received_on: receivedOn, content, handled_on: null, handling: null, created_at: when })
      .execute();
    const log = new ChangeBatch(actor, when, null, null);
    log.add('project-objection', 'create', id, null, await this.#villageCodes(trx, n.villageCode), null, {
      noticeId,
      projectId: n.projectId,
      receivedOn,
      content,
    });
    await appendChanges(this.#ctx, trx, log);
    return { id, noticeId, projectId: n.projectId, receivedOn, content, handledOn: null, handling: null };
  }

  async handleObjection(trx: Trx, objectionId: string, handledOn: string, handling: string, actor: Actor, at?: string): Promise<void> {
    assertTransaction(trx);
    const when = at ?? this.#ctx.clock();
    const db = withProjects(trx);
    const o = await db.selectFrom('project_objections').selectAll().where('id', '=', objectionId).executeTakeFirst();
    if (o === undefined) throw new Error(`异议 ${objectionId} 不存在`);
    const n = await this.notice(trx, o.notice_id);
    await db.updateTable('project_objections').set({ handled_on: handledOn, handling }).where('id', '=', objectionId).execute();
    const log = new ChangeBatch(actor, when, null, null);
    log.add(
      'project-objection',
      'update',
      objectionId,
      null,
      await this.#villageCodes(trx, n?.villageCode ?? ''),
      compact({ handledOn: o.handled_on, handling: o.handling }),
      { handledOn, handling },
    );
    await appendChanges(this.#ctx, trx, log);
  }

  async objection(trx: Trx, objectionId: string): Promise<NoticeObjection | null> {
    const r = await withProjects(trx).selectFrom('project_objections').selectAll().where('id', '=', objectionId).executeTakeFirst();
    return r === undefined
      ? null
      : {
          id: r.id,
          noticeId: r.notice_id,
          projectId: r.project_id,
          receivedOn: r.received_on,
          content: r.content,
          handledOn: r.handled_on,
          handling: r.handling,
        };
  }

  /** The village of each known household among `ids` (unknown ones are left out). */
  async householdVillages(ids: readonly string[], opts: { trx?: Trx } = {}): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const db = opts.trx ?? this.#ctx.db;
    for (const part of chunks([...new Set(ids)])) {
      const rows = await db.selectFrom('households').select(['id', 'village_code']).where('id', 'in', part).execute();
      for (const r of rows) out.set(r.id, r.village_code);
    }
    return out;
  }

  async #assemble(db: PDb, rows: ProjectsTable[]): Promise<Project[]> {
    const ids = rows.map((r) => r.id);
    const villages: { project_id: string; village_code: string }[] = [];
    const households: { project_id: string; household_id: string }[] = [];
    const sources: { project_id: string; source: string; planned_fen: number }[] = [];
    for (const part of chunks(ids)) {
      villages.push(...(await db.selectFrom('project_villages').selectAll().where('project_id', 'in', part).execute()));
      households.push(...(await db.selectFrom('project_households').selectAll().where('project_id', 'in', part).execute()));
      sources.push(...(await db.selectFrom('project_fund_sources').selectAll().where('project_id', 'in', part).execute()));
    }
    const v = group(villages, (r) => r.project_id);
    const h = group(households, (r) => r.project_id);
    const s = group(sources, (r) => r.project_id);
    return rows.map((r) =>
      rowToProject(
        r,
        (v.get(r.id) ?? []).map((x) => x.village_code).sort(),
        (h.get(r.id) ?? []).map((x) => x.household_id).sort(),
        Object.fromEntries((s.get(r.id) ?? []).sort((a, b) => (a.source < b.source ? -1 : 1)).map((x) => [x.source, Number(x.planned_fen)])),
      ),
    );
  }

  async #money(db: PDb, kind: MoneyKind, projectIds: readonly string[]): Promise<StoredMoney[]> {
    const out: StoredMoney[] = [];
    for (const ids of chunks(projectIds)) {
      const rows = await db.selectFrom(MONEY_TABLE[kind]).selectAll().where('project_id', 'in', ids).orderBy('date').orderBy('id').execute();
      for (const r of rows) out.push({ id: r.id, projectId: r.project_id, source: r.source, fen: Number(r.fen), date: r.date, voucher: r.voucher });
    }
    return out;
  }

  async #writeLinks(db: PDb, p: Project): Promise<void> {
    const villages = [...new Set(p.villages)];
    const households = [...new Set(p.households)];
    if (villages.length > 0)
      await db
        .insertInto('project_villages')
        .values(villages.map((v) => ({ project_id: p.id, village_code: v })))
        .execute();
    for (const part of chunks(households))
      await db
        .insertInto('project_households')
        .values(part.map((h) => ({ project_id: p.id, household_id: h })))
        .execute();
    const src = Object.entries(p.fundSources);
    if (src.length > 0)
      await db
        .insertInto('project_fund_sources')
        .values(src.map(([source, fen]) => ({ project_id: p.id, source, planned_fen: fen })))
        .execute();
  }

  async #one(trx: Trx, id: string): Promise<Project> {
    const [p] = await this.list({ kind: 'all' }, { ids: [id], trx });
    if (p === undefined) throw new Error(`项目 ${id} 不存在`);
    return p;
  }

  // Append-only tables: the count of a project's rows gives the next number, never reused.
  async #count(
    db: PDb,
    table: 'project_status_changes' | 'project_allocations' | 'project_disbursements' | 'project_notices' | 'project_objections',
    projectId: string,
  ): Promise<number> {
    const r = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('project_id', '=', projectId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** A project's change rows carry its village and township when it has only one, and its county. */
  async #codes(trx: Trx, p: Project): Promise<RowCodes> {
    const regions =
      p.villages.length === 0 ? [] : await trx.selectFrom('regions').select(['code', 'township_code', 'county_code']).where('code', 'in', p.villages).execute();
    const townships = [...new Set(regions.map((r) => r.township_code))];
    const counties = [...new Set(regions.map((r) => r.county_code))];
    return {
      village: p.villages.length === 1 ? p.villages[0]! : null,
      township: townships.length === 1 ? (townships[0] ?? null) : null,
      county: counties.length === 1 ? (counties[0] ?? p.countyCode) : p.countyCode,
    };
  }

  async #villageCodes(trx: Trx, villageCode: string): Promise<RowCodes> {
    const r = await trx.selectFrom('regions').select(['township_code', 'county_code']).where('code', '=', villageCode).executeTakeFirst();
    return { village: villageCode, township: r?.township_code ?? null, county: r?.county_code ?? null };
  }
}
