import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { CloseOut, TaskDetail, TaskStep } from '../../domain/taskFlow.js';
import type { Task, TaskStatus } from '../../domain/types.js';
import { appendChanges, ChangeBatch } from '../changeLog.js';
import type { Actor, StoreContext } from '../context.js';
import { emptyPlan } from '../diff.js';
import { rowToTask } from '../mapping.js';
import type { Db, TasksTable, Trx } from '../schema.js';
import { scopeWhere, type Scope } from '../scope.js';
import { applyPlan } from './registry.js';

export interface TaskFilter {
  status?: Task['status'];
  householdId?: string;
  trx?: Trx;
}

/**
 * Who is reading: the region scope (applied to the task's household) and, for a sector
 * department, its sector — a sector sees its own sector's tasks across its scope, nothing else.
 */
export interface TaskScope {
  scope: Scope;
  sector: string | null;
}

export interface TaskQuery {
  statuses?: readonly TaskStatus[];
  sector?: string;
  indicator?: string;
  township?: string;
  village?: string;
  householdId?: string;
  /** 责任人 as named on the task; '' finds the tasks nobody was named for yet. */
  responsible?: string;
  ids?: readonly string[];
  /** Only unfinished tasks due before this day (derived lateness, taskFlow.isOverdue). */
  overdueOn?: string;
  page?: number;
  pageSize?: number;
  trx?: Trx;
}

/** A task with where it is and whom it concerns, for lists and the ledger. */
export interface TaskRow extends TaskDetail {
  villageName: string | null;
  townshipName: string | null;
  memberName: string | null;
  headName: string | null;
  attachments: number;
}

export interface AttachmentMeta {
  id: string;
  taskId: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedByName: string;
  uploadedAt: string;
}

export interface NewAttachment {
  fileName: string;
  contentType: string;
  data: Uint8Array;
}

const LATE_STATUSES = ['open', 'in-progress', 'returned'];

function rowToDetail(row: TasksTable & { village_code: string; township_code: string | null }): TaskDetail {
  return {
    ...rowToTask(row),
    villageCode: row.village_code,
    townshipCode: row.township_code,
    responsible: row.responsible ?? null,
    proposed: row.proposed === 1,
    startedAt: row.started_at ?? null,
    doneBy: row.done_by ?? null,
    doneByName: row.done_by_name ?? null,
    doneAt: row.done_at ?? null,
    evidenceNote: row.evidence_note ?? null,
    evidenceDate: row.evidence_date ?? null,
    closeOut: row.close_out === null || row.close_out === undefined ? null : (JSON.parse(row.close_out) as CloseOut),
    verifiedBy: row.verified_by ?? null,
    verifiedByName: row.verified_by_name ?? null,
    verifiedAt: row.verified_at ?? null,
    returnReason: row.return_reason ?? null,
    declineReason: row.decline_reason ?? null,
  };
}

/** The workflow fields a step may change, as stored and as logged. */
const LOGGED: readonly (keyof TaskDetail)[] = ['status', 'dueDate', 'responsible', 'evidenceNote', 'evidenceDate', 'closeOut', 'returnReason', 'declineReason'];

export class TaskRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  async create(trx: Trx, task: Task, actor: Actor, reason: string | null, at?: string): Promise<Task> {
    const exists = await trx.selectFrom('households').select('id').where('id', '=', task.householdId).executeTakeFirst();
    if (exists === undefined) throw new Error(`户 ${task.householdId} 不存在，无法为其创建整改任务`);
    const plan = emptyPlan();
    plan.tasks.creates.push(task);
    await applyPlan(this.#ctx, trx, plan, new ChangeBatch(actor, at ?? this.#ctx.clock(), reason, null));
    if (task.status === 'proposed') await trx.updateTable('tasks').set({ proposed: 1 }).where('id', '=', task.id).execute();
    return task;
  }

  /**
   * Many new tasks of existing households in one change batch (the engine's proposals after a
   * county assessment): one applyPlan instead of one per task.
   */
  async createMany(trx: Trx, tasks: readonly Task[], actor: Actor, reason: string | null, at?: string): Promise<void> {
    if (tasks.length === 0) return;
    const plan = emptyPlan();
    plan.tasks.creates.push(...tasks);
    await applyPlan(this.#ctx, trx, plan, new ChangeBatch(actor, at ?? this.#ctx.clock(), reason, null));
    const proposed = tasks.filter((t) => t.status === 'proposed').map((t) => t.id);
    for (let i = 0; i < proposed.length; i += 500) {
      await trx
        .updateTable('tasks')
        .set({ proposed: 1 })
        .where('id', 'in', proposed.slice(i, i + 500))
        .execute();
    }
  }

  /** Every task id in the store (proposal ids are made unique against them). */
  async ids(trx?: Trx): Promise<Set<string>> {
    const rows = await (trx ?? this.#ctx.db).selectFrom('tasks').select('id').execute();
    return new Set(rows.map((r) => r.id));
  }

  async list(scope: Scope, filter: TaskFilter = {}): Promise<Task[]> {
    const db: Db = filter.trx ?? this.#ctx.db;
    const rows = await db
      .selectFrom('tasks')
      .innerJoin('households', 'households.id', 'tasks.household_id')
      .selectAll('tasks')
      .where((eb) => scopeWhere(eb, scope, 'households'))
      .$if(filter.status !== undefined, (qb) => qb.where('tasks.status', '=', filter.status as string))
      .$if(filter.householdId !== undefined, (qb) => qb.where('tasks.household_id', '=', filter.householdId as string))
      .orderBy('tasks.due_date')
      .orderBy('tasks.id')
      .execute();
    return rows.map(rowToTask);
  }

  #query(db: Db, who: TaskScope, q: TaskQuery) {
    return db
      .selectFrom('tasks')
      .innerJoin('households', 'households.id', 'tasks.household_id')
      .where((eb) => scopeWhere(eb, who.scope, 'households'))
      .$if(who.sector !== null, (qb) => qb.where('tasks.sector', '=', who.sector as string))
      .$if(q.statuses !== undefined && q.statuses.length > 0, (qb) => qb.where('tasks.status', 'in', q.statuses as TaskStatus[]))
      .$if(q.sector !== undefined, (qb) => qb.where('tasks.sector', '=', q.sector as string))
      .$if(q.indicator !== undefined, (qb) => qb.where('tasks.indicator', '=', q.indicator as string))
      .$if(q.township !== undefined, (qb) => qb.where('households.township_code', '=', q.township as string))
      .$if(q.village !== undefined, (qb) => qb.where('households.village_code', '=', q.village as string))
      .$if(q.householdId !== undefined, (qb) => qb.where('tasks.household_id', '=', q.householdId as string))
      .$if(q.responsible !== undefined && q.responsible !== '', (qb) => qb.where('tasks.responsible', '=', q.responsible as string))
      .$if(q.responsible === '', (qb) => qb.where('tasks.responsible', 'is', null))
      .$if(q.ids !== undefined, (qb) => qb.where('tasks.id', 'in', q.ids!.length === 0 ? [''] : [...q.ids!]))
      .$if(q.overdueOn !== undefined, (qb) => qb.where('tasks.status', 'in', LATE_STATUSES).where('tasks.due_date', '<', q.overdueOn as string));
  }

  /** Tasks in the viewer's scope (and sector) matching `q`, a page at a time, oldest due first. */
  async search(who: TaskScope, q: TaskQuery = {}): Promise<{ total: number; items: TaskRow[] }> {
    const db: Db = q.trx ?? this.#ctx.db;
    const counted = await this.#query(db, who, q)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirst();
    const total = Number(counted?.n ?? 0);
    const pageSize = q.pageSize ?? 100_000;
    const page = Math.max(1, q.page ?? 1);
    const rows = await this.#query(db, who, q)
      .leftJoin('regions as v', 'v.code', 'households.village_code')
      .leftJoin('regions as t', 't.code', 'households.township_code')
      .leftJoin('members as m', 'm.id', 'tasks.member_id')
      .selectAll('tasks')
      .select([
        'households.village_code',
        'households.township_code',
        'v.name as village_name',
        't.name as township_name',
        'm.name as member_name',
        (eb) =>
          eb
            .selectFrom('members as hm')
            .select('hm.name')
            .whereRef('hm.household_id', '=', 'tasks.household_id')
            .where('hm.relation', '=', 'head')
            .limit(1)
            .as('head_name'),
        (eb) =>
          eb
            .selectFrom('task_attachments as a')
            .select((e) => e.fn.countAll<number | string>().as('c'))
            .whereRef('a.task_id', '=', 'tasks.id')
            .as('attachment_count'),
      ])
      .orderBy('tasks.due_date')
      .orderBy('tasks.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    return {
      total,
      items: rows.map((r) => ({
        ...rowToDetail(r),
        villageName: r.village_name ?? null,
        townshipName: r.township_name ?? null,
        memberName: r.member_name ?? null,
        headName: (r.head_name as string | null) ?? null,
        attachments: Number(r.attachment_count ?? 0),
      })),
    };
  }

  /** Counts by status and sector (and the late ones) in scope, for the dashboard. */
  async tally(who: TaskScope, today: string): Promise<{ status: string; sector: string | null; n: number; late: number }[]> {
    const rows = await this.#query(this.#ctx.db, who, {})
      .select([
        'tasks.status',
        'tasks.sector',
        (eb) => eb.fn.countAll<number | string>().as('n'),
        sql<number | string>`sum(case when tasks.status in ('open', 'in-progress', 'returned') and tasks.due_date < ${today} then 1 else 0 end)`.as('late'),
      ])
      .groupBy(['tasks.status', 'tasks.sector'])
      .execute();
    return rows.map((r) => ({ status: r.status, sector: r.sector, n: Number(r.n), late: Number(r.late ?? 0) }));
  }

  /**
   * The latest class moves from one of `from` to one of `to` (e.g. B → A) in scope, newest first, from the
   * 'assessment' change rows a re-assessment writes.
   */
  async recentMoves(
    scope: Scope,
    from: readonly string[],
    to: readonly string[],
    limit: number,
  ): Promise<{ householdId: string; at: string; actor: string; reason: string | null }[]> {
    const rows = await this.#ctx.db
      .selectFrom('changes')
      .select(['household_id', 'at', 'actor_name', 'reason', 'before', 'after'])
      .where('entity', '=', 'assessment')
      .where((eb) => scopeWhere(eb, scope, 'changes'))
      .orderBy('seq', 'desc')
      .limit(Math.max(limit * 20, 200))
      .execute();
    const cls = (json: string | null) => (json === null ? null : ((JSON.parse(json) as { class?: string }).class ?? null));
    return rows
      .filter((r) => from.includes(cls(r.before) ?? '') && to.includes(cls(r.after) ?? '') && r.household_id !== null)
      .slice(0, limit)
      .map((r) => ({ householdId: r.household_id as string, at: r.at, actor: r.actor_name, reason: r.reason }));
  }

  /** One task in scope, read for update inside `trx` (null when absent or out of scope). */
  async detail(trx: Trx, who: TaskScope, id: string): Promise<TaskDetail | null> {
    const row = await this.#query(trx, who, { ids: [id] })
      .selectAll('tasks')
      .select(['households.village_code', 'households.township_code'])
      .$if(this.#ctx.dialect === 'postgres', (qb) => qb.forUpdate('tasks'))
      .executeTakeFirst();
    return row === undefined ? null : rowToDetail(row);
  }

  /**
   * Writes one workflow step and its change row: before/after hold the fields the step changed,
   * and after also names the step and what the close-out says (history.ts prints them).
   */
  async saveStep(
    trx: Trx,
    before: TaskDetail,
    after: TaskDetail,
    step: TaskStep,
    summary: string,
    actor: Actor,
    reason: string | null,
    at: string,
  ): Promise<void> {
    await trx
      .updateTable('tasks')
      .set({
        status: after.status,
        due_date: after.dueDate,
        responsible: after.responsible,
        proposed: after.proposed ? 1 : 0,
        started_at: after.startedAt,
        done_by: after.doneBy,
        done_by_name: after.doneByName,
        done_at: after.doneAt,
        evidence_note: after.evidenceNote,
        evidence_date: after.evidenceDate,
        close_out: after.closeOut === null ? null : JSON.stringify(after.closeOut),
        verified_by: after.verifiedBy,
        verified_by_name: after.verifiedByName,
        verified_at: after.verifiedAt,
        return_reason: after.returnReason,
        decline_reason: after.declineReason,
        updated_at: at,
      })
      .where('id', '=', before.id)
      .execute();
    const b: Record<string, unknown> = {};
    const a: Record<string, unknown> = { step, summary, indicator: after.indicator, sector: after.sector };
    for (const k of LOGGED) {
      if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) {
        b[k] = before[k];
        a[k] = after[k];
      }
    }
    const log = new ChangeBatch(actor, at, reason, null);
    log.add('task', 'update', before.id, before.householdId, { village: before.villageCode, township: before.townshipCode, county: null }, b, a);
    await appendChanges(this.#ctx, trx, log);
  }

  // ---------------------------------------------------------------- attachments

  async addAttachment(trx: Trx, task: TaskDetail, file: NewAttachment, actor: Actor, at: string): Promise<AttachmentMeta> {
    const meta: AttachmentMeta = {
      id: randomUUID(),
      taskId: task.id,
      fileName: file.fileName,
      contentType: file.contentType,
      size: file.data.byteLength,
      sha256: createHash('sha256').update(file.data).digest('hex'),
      uploadedByName: actor.name,
      uploadedAt: at,
    };
    await trx
      .insertInto('task_attachments')
      .values({
        id: meta.id,
        task_id: task.id,
        household_id: task.householdId,
        file_name: meta.fileName,
        content_type: meta.contentType,
        size: meta.size,
        sha256: meta.sha256,
        data: file.data,
        uploaded_by: actor.id,
        uploaded_by_name: actor.name,
        uploaded_at: at,
      })
      .execute();
    const log = new ChangeBatch(actor, at, null, null);
    log.add('attachment', 'create', meta.id, task.householdId, { village: task.villageCode, township: task.townshipCode, county: null }, null, {
      taskId: task.id,
      fileName: meta.fileName,
      size: meta.size,
      sha256: meta.sha256,
    });
    await appendChanges(this.#ctx, trx, log);
    return meta;
  }

  async attachments(who: TaskScope, taskId: string): Promise<AttachmentMeta[]> {
    const rows = await this.#query(this.#ctx.db, who, { ids: [taskId] })
      .innerJoin('task_attachments as a', 'a.task_id', 'tasks.id')
      .select(['a.id', 'a.task_id', 'a.file_name', 'a.content_type', 'a.size', 'a.sha256', 'a.uploaded_by_name', 'a.uploaded_at'])
      .orderBy('a.uploaded_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      taskId: r.task_id,
      fileName: r.file_name,
      contentType: r.content_type,
      size: Number(r.size),
      sha256: r.sha256,
      uploadedByName: r.uploaded_by_name,
      uploadedAt: r.uploaded_at,
    }));
  }

  /** The file, when its task is in the viewer's scope. */
  async attachmentFile(who: TaskScope, taskId: string, id: string): Promise<(AttachmentMeta & { data: Uint8Array }) | null> {
    const r = await this.#query(this.#ctx.db, who, { ids: [taskId] })
      .innerJoin('task_attachments as a', 'a.task_id', 'tasks.id')
      .where('a.id', '=', id)
      .select(['a.id', 'a.task_id', 'a.file_name', 'a.content_type', 'a.size', 'a.sha256', 'a.uploaded_by_name', 'a.uploaded_at', 'a.data'])
      .executeTakeFirst();
    if (r === undefined) return null;
    return {
      id: r.id,
      taskId: r.task_id,
      fileName: r.file_name,
      contentType: r.content_type,
      size: Number(r.size),
      sha256: r.sha256,
      uploadedByName: r.uploaded_by_name,
      uploadedAt: r.uploaded_at,
      data: new Uint8Array(r.data),
    };
  }
}
