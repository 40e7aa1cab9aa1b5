// Exit procedures (退出程序) of households and villages: procedures, their steps and objections
// (migration 0010). Reads apply the Scope in SQL on the procedure's region codes; every write logs
// its change rows in the caller's transaction. Steps and objections are only ever added; an
// objection's resolution and a procedure's closing are updates, logged with before and after.
import type { ExitKind, Objection, Procedure, ProcedureStatus, StepRecord } from '../../domain/exitProcedure.js';
import { assertTransaction } from '../bulk.js';
import { appendChanges, ChangeBatch, type RowCodes } from '../changeLog.js';
import type { Actor, StoreContext } from '../context.js';
import type { Db, Trx } from '../schema.js';
import { scopeWhere, type Scope } from '../scope.js';

export interface ExitProceduresTable {
  id: string;
  kind: string;
  subject_id: string;
  village_code: string;
  township_code: string | null;
  county_code: string | null;
  status: string;
  closed_reason: string | null;
  started_at: string;
  updated_at: string;
}

export interface ExitStepsTable {
  procedure_id: string;
  step: string;
  position: number;
  date: string;
  recorded_at: string;
  actor_id: string;
  actor_name: string;
  document: string;
  minutes: string | null;
  votes_for: number | null;
  votes_against: number | null;
  backdate_reason: string | null;
}

export interface ExitObjectionsTable {
  id: string;
  procedure_id: string;
  received_on: string;
  content: string;
  recorded_by_id: string;
  recorded_by_name: string;
  outcome: string | null;
  resolved_on: string | null;
  resolution_note: string | null;
  resolved_by_id: string | null;
  resolved_by_name: string | null;
}

export type ExitTables = {
  exit_procedures: ExitProceduresTable;
  exit_steps: ExitStepsTable;
  exit_objections: ExitObjectionsTable;
};

/**
 * What the rulebook says about a step being stored, so the change log reads on its own later
 * (whatever rulebook is active then): its name, whether it completes the procedure, and whether
 * it opens or closes the public notice (the close names the opening step, to quote its date).
 */
export interface StepMeta {
  name: string;
  completes: boolean;
  notice: null | { opens: true } | { opens: false; startStep: string; noticeName: string };
}

export interface ExitFilter {
  kind?: ExitKind;
  subjectIds?: readonly string[];
  villageCode?: string;
  procedureIds?: readonly string[];
  trx?: Trx;
}

function codesOf(row: Pick<ExitProceduresTable, 'village_code' | 'township_code' | 'county_code'>): RowCodes {
  return { village: row.village_code, township: row.township_code, county: row.county_code };
}

function stepOf(r: ExitStepsTable): StepRecord {
  return {
    step: r.step,
    date: r.date,
    recordedAt: r.recorded_at,
    by: { id: r.actor_id, name: r.actor_name },
    document: r.document,
    minutes: r.minutes,
    votesFor: r.votes_for,
    votesAgainst: r.votes_against,
    backdateReason: r.backdate_reason,
  };
}

function objectionOf(r: ExitObjectionsTable): Objection {
  return {
    id: r.id,
    receivedOn: r.received_on,
    content: r.content,
    recordedBy: { id: r.recorded_by_id, name: r.recorded_by_name },
    resolution:
      r.outcome === null
        ? null
        : {
            outcome: r.outcome as 'dismissed' | 'upheld',
            date: r.resolved_on ?? '',
            note: r.resolution_note ?? '',
            by: { id: r.resolved_by_id ?? '', name: r.resolved_by_name ?? '' },
          },
  };
}

/** What a step's change row carries: the record without the actor (the row has it already). */
function stepLog(s: StepRecord): Record<string, unknown> {
  const out: Record<string, unknown> = { step: s.step, date: s.date, document: s.document };
  if (s.minutes !== null) out['minutes'] = s.minutes;
  if (s.votesFor !== null) out['votesFor'] = s.votesFor;
  if (s.votesAgainst !== null) out['votesAgainst'] = s.votesAgainst;
  if (s.backdateReason !== null) out['backdateReason'] = s.backdateReason;
  return out;
}

export class ExitRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  #db(trx?: Trx) {
    return ((trx ?? this.#ctx.db) as Db).withTables<ExitTables>();
  }

  /** Procedures in scope with their steps (in order) and objections, oldest procedure first. */
  async list(scope: Scope, filter: ExitFilter = {}): Promise<Procedure[]> {
    const db = this.#db(filter.trx);
    const rows = await db
      .selectFrom('exit_procedures')
      .selectAll()
      .where((eb) => scopeWhere(eb, scope, 'exit_procedures'))
      .$if(filter.kind !== undefined, (q) => q.where('kind', '=', filter.kind as string))
      .$if(filter.villageCode !== undefined, (q) => q.where('village_code', '=', filter.villageCode as string))
      .$if(filter.subjectIds !== undefined, (q) => q.where('subject_id', 'in', filter.subjectIds!.length === 0 ? [''] : [...filter.subjectIds!]))
      .$if(filter.procedureIds !== undefined, (q) => q.where('id', 'in', filter.procedureIds!.length === 0 ? [''] : [...filter.procedureIds!]))
      .orderBy('started_at')
      .orderBy('id')
      .execute();
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const steps: ExitStepsTable[] = [];
    const objections: ExitObjectionsTable[] = [];
    // Chunked: SQLite caps the number of parameters of one statement.
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      steps.push(...(await db.selectFrom('exit_steps').selectAll().where('procedure_id', 'in', chunk).orderBy('position').execute()));
      objections.push(
        ...(await db.selectFrom('exit_objections').selectAll().where('procedure_id', 'in', chunk).orderBy('received_on').orderBy('id').execute()),
      );
    }
    const byId = new Map<string, Procedure>();
    for (const r of rows) {
      byId.set(r.id, {
        id: r.id,
        kind: r.kind as ExitKind,
        subjectId: r.subject_id,
        villageCode: r.village_code,
        status: r.status as ProcedureStatus,
        closedReason: r.closed_reason,
        startedAt: r.started_at,
        steps: [],
        objections: [],
      });
    }
    for (const s of steps) byId.get(s.procedure_id)?.steps.push(stepOf(s));
    for (const o of objections) byId.get(o.procedure_id)?.objections.push(objectionOf(o));
    return [...byId.values()];
  }

  async #procedureRow(trx: Trx, id: string): Promise<ExitProceduresTable> {
    const row = await this.#db(trx).selectFrom('exit_procedures').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) throw new Error(`退出程序 ${id} 不存在`);
    return row;
  }

  /** A new procedure, open, with its first step. */
  async start(
    trx: Trx,
    p: { id: string; kind: ExitKind; subjectId: string; villageCode: string },
    first: StepRecord,
    meta: StepMeta,
    actor: Actor,
    reason: string | null,
    at?: string,
  ): Promise<void> {
    assertTransaction(trx);
    const when = at ?? this.#ctx.clock();
    const region = await this.#db(trx)
      .selectFrom('regions')
      .select(['township_code', 'county_code', 'level'])
      .where('code', '=', p.villageCode)
      .executeTakeFirst();
    if (region === undefined || region.level !== 'village') throw new Error(`行政村 ${p.villageCode} 不存在`);
    const row: ExitProceduresTable = {
      id: p.id,
      kind: p.kind,
      subject_id: p.subjectId,
      village_code: p.villageCode,
      township_code: region.township_code,
      county_code: region.county_code,
      status: 'open',
      closed_reason: null,
      started_at: when,
      updated_at: when,
    };
    await this.#db(trx).insertInto('exit_procedures').values(row).execute();
    const log = new ChangeBatch(actor, when, reason, null);
    log.add('exit-procedure', 'create', p.id, p.kind === 'household' ? p.subjectId : null, codesOf(row), null, {
      kind: p.kind,
      subjectId: p.subjectId,
      status: 'open',
    });
    await appendChanges(this.#ctx, trx, log);
    await this.addStep(trx, p.id, first, meta, reason, when);
  }

  async addStep(trx: Trx, procedureId: string, s: StepRecord, meta: StepMeta, reason: string | null, at?: string): Promise<void> {
    assertTransaction(trx);
    const when = at ?? this.#ctx.clock();
    const proc = await this.#procedureRow(trx, procedureId);
    const count = await this.#db(trx)
      .selectFrom('exit_steps')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('procedure_id', '=', procedureId)
      .executeTakeFirstOrThrow();
    await this.#db(trx)
      .insertInto('exit_steps')
      .values({
        procedure_id: procedureId,
        step: s.step,
        position: Number(count.n),
        date: s.date,
        recorded_at: s.recordedAt,
        actor_id: s.by.id,
        actor_name: s.by.name,
        document: s.document,
        minutes: s.minutes,
        votes_for: s.votesFor,
        votes_against: s.votesAgainst,
        backdate_reason: s.backdateReason,
      })
      .execute();
    const completed = meta.completes;
    if (completed) await this.#db(trx).updateTable('exit_procedures').set({ status: 'completed', updated_at: when }).where('id', '=', procedureId).execute();
    else await this.#db(trx).updateTable('exit_procedures').set({ updated_at: when }).where('id', '=', procedureId).execute();
    const log = new ChangeBatch(s.by, when, reason, null);
    const householdId = proc.kind === 'household' ? proc.subject_id : null;
    const after: Record<string, unknown> = { kind: proc.kind, subjectId: proc.subject_id, ...stepLog(s), name: meta.name };
    if (meta.notice?.opens === true) after['notice'] = 'start';
    if (meta.notice?.opens === false) {
      // The history line of the end reads “公示（start 至 end）” without looking anything up.
      after['notice'] = 'end';
      after['noticeName'] = meta.notice.noticeName;
      const start = await this.#db(trx)
        .selectFrom('exit_steps')
        .select('date')
        .where('procedure_id', '=', procedureId)
        .where('step', '=', meta.notice.startStep)
        .executeTakeFirst();
      if (start !== undefined) after['noticeStart'] = start.date;
    }
    log.add('exit-step', 'create', `${procedureId}:${s.step}`, householdId, codesOf(proc), null, after);
    if (completed)
      log.add('exit-procedure', 'update', procedureId, householdId, codesOf(proc), { status: proc.status }, { status: 'completed', name: meta.name });
    await appendChanges(this.#ctx, trx, log);
  }

  async addObjection(trx: Trx, procedureId: string, o: Objection, at?: string): Promise<void> {
    assertTransaction(trx);
    const when = at ?? this.#ctx.clock();
    const proc = await this.#procedureRow(trx, procedureId);
    await this.#db(trx)
      .insertInto('exit_objections')
      .values({
        id: o.id,
        procedure_id: procedureId,
        received_on: o.receivedOn,
        content: o.content,
        recorded_by_id: o.recordedBy.id,
        recorded_by_name: o.recordedBy.name,
        outcome: null,
        resolved_on: null,
        resolution_note: null,
        resolved_by_id: null,
        resolved_by_name: null,
      })
      .execute();
    const log = new ChangeBatch(o.recordedBy, when, null, null);
    log.add('exit-objection', 'create', o.id, proc.kind === 'household' ? proc.subject_id : null, codesOf(proc), null, {
      procedureId,
      kind: proc.kind,
      subjectId: proc.subject_id,
      receivedOn: o.receivedOn,
      content: o.content,
    });
    await appendChanges(this.#ctx, trx, log);
  }

  /**
   * Records how an objection was handled; an upheld one closes the procedure as sent back (退回),
   * with the note as the reason, in the same transaction.
   */
  async resolveObjection(trx: Trx, objectionId: string, r: NonNullable<Objection['resolution']>, at?: string): Promise<void> {
    assertTransaction(trx);
    const when = at ?? this.#ctx.clock();
    const db = this.#db(trx);
    const row = await db.selectFrom('exit_objections').selectAll().where('id', '=', objectionId).executeTakeFirst();
    if (row === undefined) throw new Error(`异议 ${objectionId} 不存在`);
    if (row.outcome !== null) throw new Error(`异议 ${objectionId} 已经处理过`);
    const proc = await this.#procedureRow(trx, row.procedure_id);
    await db
      .updateTable('exit_objections')
      .set({ outcome: r.outcome, resolved_on: r.date, resolution_note: r.note, resolved_by_id: r.by.id, resolved_by_name: r.by.name })
      .where('id', '=', objectionId)
      .execute();
    const householdId = proc.kind === 'household' ? proc.subject_id : null;
    const log = new ChangeBatch(r.by, when, r.note, null);
    log.add(
      'exit-objection',
      'update',
      objectionId,
      householdId,
      codesOf(proc),
      { outcome: null },
      { outcome: r.outcome, resolvedOn: r.date, note: r.note, content: row.content },
    );
    if (r.outcome === 'upheld') {
      const reason = `公示异议属实，退回：${r.note}`;
      await db.updateTable('exit_procedures').set({ status: 'sent-back', closed_reason: reason, updated_at: when }).where('id', '=', proc.id).execute();
      log.add('exit-procedure', 'update', proc.id, householdId, codesOf(proc), { status: proc.status }, { status: 'sent-back', closedReason: reason });
    }
    await appendChanges(this.#ctx, trx, log);
  }
}
