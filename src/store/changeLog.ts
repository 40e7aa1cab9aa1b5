// Change rows are collected while a write method works and appended in one bulk insert before
// it returns, on the same transaction as the data they describe.
import { sql } from 'kysely';
import { CHAIN_LOCK_KEY, GENESIS_HASH, changeHash } from './chain.js';
import type { Actor, StoreContext } from './context.js';
import type { ChangesTable, Trx } from './schema.js';
import { changesSpec } from './tables.js';

export type Entity =
  | 'region'
  | 'household'
  | 'member'
  | 'income'
  | 'task'
  | 'attachment'
  | 'user'
  | 'setting'
  | 'assessment'
  | 'plan'
  | 'measure'
  | 'exit-procedure'
  | 'exit-step'
  | 'exit-objection'
  | 'change-request'
  | 'project'
  | 'project-household'
  | 'project-money'
  | 'project-status'
  | 'project-notice'
  | 'project-objection'
  | 'spot-check'
  | 'spot-check-form'
  | 'spot-check-survey'
  | 'check-list'
  | 'check-point'
  | 'check-evidence'
  | 'check-review';
export type Action = 'create' | 'update' | 'delete';

export interface RowCodes {
  village: string | null;
  township: string | null;
  county: string | null;
}

export const NO_CODES: RowCodes = { village: null, township: null, county: null };

interface Entry {
  entity: Entity;
  action: Action;
  entityId: string;
  householdId: string | null;
  codes: RowCodes;
  before: unknown;
  after: unknown;
}

/**
 * Entries keep references to the records; the JSON text is built only when `toRow` maps a
 * chunk for insertion, so a county import never holds 90,000 serialised records at once.
 */
export class ChangeBatch {
  readonly entries: Entry[] = [];
  readonly at: string;
  readonly #base: { at: string; actor_id: string; actor_name: string; reason: string | null; batch_id: string | null };

  constructor(actor: Actor, at: string, reason: string | null, batchId: string | null) {
    if (actor.id === '' || actor.name === '') throw new Error('写操作必须注明操作人');
    this.at = at;
    this.#base = { at, actor_id: actor.id, actor_name: actor.name, reason, batch_id: batchId };
  }

  add(entity: Entity, action: Action, entityId: string, householdId: string | null, codes: RowCodes, before: unknown, after: unknown): void {
    this.entries.push({ entity, action, entityId, householdId, codes, before, after });
  }

  readonly toRow = (e: Entry): Omit<ChangesTable, 'seq' | 'prev_hash' | 'hash'> => ({
    ...this.#base,
    entity: e.entity,
    entity_id: e.entityId,
    household_id: e.householdId,
    village_code: e.codes.village,
    township_code: e.codes.township,
    county_code: e.codes.county,
    action: e.action,
    before: e.before === null || e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === null || e.after === undefined ? null : JSON.stringify(e.after),
  });
}

/** The newest row's seq and hash (GENESIS before the first row). */
export async function chainTail(trx: Trx): Promise<{ seq: number; hash: string }> {
  const tail = await trx.selectFrom('changes').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  if (tail === undefined) return { seq: 0, hash: GENESIS_HASH };
  // A tail without a hash can only come from a row put in by hand (migration 0008 chained the
  // old ones); chaining on from genesis keeps writing possible and verification names that row.
  return { seq: Number(tail.seq), hash: tail.hash ?? GENESIS_HASH };
}

/**
 * PostgreSQL: serialises change-log appends until the transaction ends, so two writers cannot
 * read the same tail. SQLite needs nothing: one connection, and the writing transaction holds it.
 */
export async function lockChain(ctx: StoreContext, trx: Trx): Promise<void> {
  if (ctx.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${sql.lit(CHAIN_LOCK_KEY)})`.execute(trx);
}

/**
 * The one way rows enter the change log: every repository's write method ends here, in the
 * transaction of the data it describes. Each row gets the next seq and is chained to the row
 * before it (prev_hash, hash); see chain.ts and docs/audit.md.
 */
export async function appendChanges(ctx: StoreContext, trx: Trx, log: ChangeBatch): Promise<void> {
  if (log.entries.length === 0) return;
  await lockChain(ctx, trx);
  const tail = await chainTail(trx);
  let seq = tail.seq;
  let prev = tail.hash;
  let next = 0;
  const entries = log.entries;
  await ctx.bulk.insert(trx, changesSpec, entries, (e: Entry) => {
    // The chain is only as good as this order: refuse rather than fork if it were ever broken.
    if (e !== entries[next]) throw new Error('内部错误：变更日志必须按顺序逐条写入');
    next += 1;
    const row = { ...log.toRow(e), prev_hash: prev };
    const hash = changeHash(row);
    prev = hash;
    seq += 1;
    return { seq, ...row, hash };
  });
  if (next !== entries.length) throw new Error('内部错误：变更日志有记录未写入');
  if (ctx.dialect === 'postgres') {
    // seq is given explicitly; keep the identity's counter past it so nothing else can collide.
    await sql`select setval(pg_get_serial_sequence('changes', 'seq'), ${seq})`.execute(trx);
  }
}
