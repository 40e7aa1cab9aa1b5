import type { Task } from '../../domain/types.js';
import { ChangeBatch } from '../changeLog.js';
import type { Actor, StoreContext } from '../context.js';
import { emptyPlan } from '../diff.js';
import { rowToTask } from '../mapping.js';
import type { Db, Trx } from '../schema.js';
import { scopeWhere, type Scope } from '../scope.js';
import { applyPlan } from './registry.js';

export interface TaskFilter {
  status?: Task['status'];
  householdId?: string;
  trx?: Trx;
}

// Minimal for now: the remediation workflow (progress, evidence, verification) comes later.
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
    return task;
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
}
