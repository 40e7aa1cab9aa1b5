// Key/value settings (the active rulebook, ...). Changes are logged (entity 'setting') in the
// caller's transaction, like every other write.
import { assertTransaction } from '../bulk.js';
import { appendChanges, ChangeBatch, NO_CODES } from '../changeLog.js';
import type { Actor, StoreContext } from '../context.js';
import type { Db, Trx } from '../schema.js';

const SYSTEM_ACTOR: Actor = { id: 'system', name: '系统' };

export interface SettingsTable {
  key: string;
  value: string;
}

export type SettingsTables = {
  settings: SettingsTable;
};

export class SettingsRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  #db(trx?: Trx) {
    return ((trx ?? this.#ctx.db) as Db).withTables<SettingsTables>();
  }

  async get(key: string, opts: { trx?: Trx } = {}): Promise<string | null> {
    const row = await this.#db(opts.trx).selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return row === undefined ? null : row.value;
  }

  async all(opts: { trx?: Trx } = {}): Promise<Record<string, string>> {
    const rows = await this.#db(opts.trx).selectFrom('settings').selectAll().orderBy('key').execute();
    return Object.fromEntries(rows.map((r) => [r.key, r.value]));
  }

  /**
   * Sets `key` and logs the change; no row and no log entry when the value is already that.
   * `secret` values are logged as “（已更改）”.
   */
  async set(
    trx: Trx,
    key: string,
    value: string,
    actor: Actor = SYSTEM_ACTOR,
    reason: string | null = null,
    opts: { secret?: boolean; at?: string } = {},
  ): Promise<void> {
    assertTransaction(trx);
    const db = this.#db(trx);
    const before = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    if (before?.value === value) return;
    if (before === undefined) await db.insertInto('settings').values({ key, value }).execute();
    else await db.updateTable('settings').set({ value }).where('key', '=', key).execute();
    const shown = (v: string | undefined) => (v === undefined ? null : opts.secret ? '（已更改）' : v);
    const log = new ChangeBatch(actor, opts.at ?? this.#ctx.clock(), reason, null);
    log.add('setting', before === undefined ? 'create' : 'update', key, null, NO_CODES, before === undefined ? null : { value: shown(before.value) }, {
      value: shown(value),
    });
    await appendChanges(this.#ctx, trx, log);
  }
}
