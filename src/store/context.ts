// What every repository shares: the Kysely handle, the engine, the bulk writer, the clock and
// the fast read path.
import type BetterSqlite3 from 'better-sqlite3';
import type { Compilable } from 'kysely';
import type { BulkWriter } from './bulk.js';
import type { Db, Dialect, Trx } from './schema.js';

export interface Actor {
  id: string;
  name: string;
}

export type Clock = () => string;

export interface StoreContext {
  db: Db;
  dialect: Dialect;
  bulk: BulkWriter;
  clock: Clock;
  /**
   * Runs a Kysely select inside `trx` and returns its rows. On SQLite it reads in better-sqlite3's
   * array mode and builds the objects in JS: for 59,000 member rows that is about twice as fast
   * as letting the addon create each object through the V8 API. The transaction matters: SQLite
   * has one connection, and holding the transaction is what keeps other work off it meanwhile.
   */
  selectRows<R>(trx: Trx, query: Compilable<R>): Promise<R[]>;
}

export function rowReader(dialect: Dialect, raw: BetterSqlite3.Database | null): StoreContext['selectRows'] {
  if (dialect === 'postgres' || raw === null) {
    return async <R>(trx: Trx, query: Compilable<R>) => (await trx.executeQuery(query.compile())).rows as R[];
  }
  return async <R>(trx: Trx, query: Compilable<R>) => {
    if (!trx.isTransaction) throw new Error('内部错误：SQLite 快速读取必须在事务中执行');
    const compiled = query.compile();
    const stmt = raw.prepare(compiled.sql).raw(true);
    const names = stmt.columns().map((c) => c.name);
    const arrays = stmt.all(compiled.parameters as unknown[]) as unknown[][];
    const out = new Array<R>(arrays.length);
    const width = names.length;
    for (let i = 0; i < arrays.length; i++) {
      const a = arrays[i] as unknown[];
      const o: Record<string, unknown> = {};
      for (let c = 0; c < width; c++) o[names[c] as string] = a[c];
      out[i] = o as R;
    }
    return out;
  };
}
