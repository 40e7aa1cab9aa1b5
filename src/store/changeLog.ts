// Change rows are collected while a write method works and appended in one bulk insert before
// it returns, on the same transaction as the data they describe.
import type { Actor, StoreContext } from './context.js';
import type { ChangesTable, Trx } from './schema.js';
import { changesSpec } from './tables.js';

export type Entity = 'region' | 'household' | 'member' | 'income' | 'task' | 'user' | 'setting' | 'assessment' | 'change-request';
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

  readonly toRow = (e: Entry): Omit<ChangesTable, 'seq'> => ({
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
    prev_hash: null,
    hash: null,
  });
}

/**
 * The one way rows enter the change log: every repository's write method ends here, in the
 * transaction of the data it describes.
 */
export async function appendChanges(ctx: StoreContext, trx: Trx, log: ChangeBatch): Promise<void> {
  if (log.entries.length === 0) return;
  await ctx.bulk.insert(trx, changesSpec, log.entries, log.toRow);
}
