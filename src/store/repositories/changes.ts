import type { StoreContext } from '../context.js';
import type { Json } from '../diff.js';
import type { Entity, Action } from '../changeLog.js';
import type { Selectable } from 'kysely';
import type { ChangesTable, Db, Trx } from '../schema.js';
import { scopeWhere, type Scope } from '../scope.js';

/** What the assessment reads; a change to anything else (users, settings, plans) leaves a run current. */
const ASSESSMENT_INPUTS: readonly Entity[] = ['region', 'household', 'member', 'income', 'task'];

export interface Change {
  seq: number;
  at: string;
  actor: { id: string; name: string };
  entity: Entity;
  entityId: string;
  householdId: string | null;
  action: Action;
  /** Updates: changed fields only, by dotted path. Deletes: the full record. Creates: null. */
  before: Record<string, Json> | null;
  /** Updates: changed fields only. Creates: the full record. Deletes: null. */
  after: Record<string, Json> | null;
  reason: string | null;
  batchId: string | null;
}

export interface ChangeFilter {
  entity?: Entity;
  /** ISO timestamp: changes at or after it. */
  since?: string;
  /** Changes with a larger seq (for polling). */
  afterSeq?: number;
  batchId?: string;
  /** One record's rows (with `entity`): a 疑点's steps. */
  entityId?: string;
  limit?: number;
  trx?: Trx;
}

function toChange(r: Selectable<ChangesTable>): Change {
  return {
    seq: Number(r.seq),
    at: r.at,
    actor: { id: r.actor_id, name: r.actor_name },
    entity: r.entity as Entity,
    entityId: r.entity_id,
    householdId: r.household_id,
    action: r.action as Action,
    before: r.before === null ? null : (JSON.parse(r.before) as Record<string, Json>),
    after: r.after === null ? null : (JSON.parse(r.after) as Record<string, Json>),
    reason: r.reason,
    batchId: r.batch_id,
  };
}

/**
 * Read side of the append-only change log. Rows are written only by the repositories' write
 * methods, in the same transaction as the data; there is no update or delete here, and the
 * engine rejects both with a trigger.
 */
export class ChangeRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** The newest row's seq (0 for an empty log): moves with every committed write. */
  async lastSeq(opts: { trx?: Trx } = {}): Promise<number> {
    const db: Db = opts.trx ?? this.#ctx.db;
    const r = await db
      .selectFrom('changes')
      .select((eb) => eb.fn.max('seq').as('v'))
      .executeTakeFirst();
    return Number(r?.v ?? 0);
  }

  /**
   * The newest row's seq among the entities an assessment reads (regions, households, members,
   * income forms, tasks): a run that reflects less than this is stale. One max per entity, so
   * each is answered from the (entity, seq) index.
   */
  async inputSeq(opts: { trx?: Trx } = {}): Promise<number> {
    const db: Db = opts.trx ?? this.#ctx.db;
    let newest = 0;
    for (const entity of ASSESSMENT_INPUTS) {
      const r = await db
        .selectFrom('changes')
        .select((eb) => eb.fn.max('seq').as('v'))
        .where('entity', '=', entity)
        .executeTakeFirst();
      newest = Math.max(newest, Number(r?.v ?? 0));
    }
    return newest;
  }

  /** Rows in the log. */
  async count(opts: { trx?: Trx } = {}): Promise<number> {
    const db: Db = opts.trx ?? this.#ctx.db;
    const r = await db
      .selectFrom('changes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** A household's history (itself, its members, income forms and tasks), oldest first. */
  async forHousehold(scope: Scope, householdId: string, opts: { trx?: Trx } = {}): Promise<Change[]> {
    const db: Db = opts.trx ?? this.#ctx.db;
    const rows = await db
      .selectFrom('changes')
      .selectAll()
      .where('household_id', '=', householdId)
      .where((eb) => scopeWhere(eb, scope, 'changes'))
      .orderBy('seq')
      .execute();
    return rows.map(toChange);
  }

  /** Oldest first. */
  async list(scope: Scope, filter: ChangeFilter = {}): Promise<Change[]> {
    const db: Db = filter.trx ?? this.#ctx.db;
    const rows = await db
      .selectFrom('changes')
      .selectAll()
      .where((eb) => scopeWhere(eb, scope, 'changes'))
      .$if(filter.entity !== undefined, (qb) => qb.where('entity', '=', filter.entity as string))
      .$if(filter.since !== undefined, (qb) => qb.where('at', '>=', filter.since as string))
      .$if(filter.afterSeq !== undefined, (qb) => qb.where('seq', '>', filter.afterSeq as number))
      .$if(filter.batchId !== undefined, (qb) => qb.where('batch_id', '=', filter.batchId as string))
      .$if(filter.entityId !== undefined, (qb) => qb.where('entity_id', '=', filter.entityId as string))
      .orderBy('seq')
      .$if(filter.limit !== undefined, (qb) => qb.limit(filter.limit as number))
      .execute();
    return rows.map(toChange);
  }
}
