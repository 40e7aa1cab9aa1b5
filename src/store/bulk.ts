// Set-wise writes for the import hot path. Kysely builds and compiles a fresh query (and the
// SQLite driver re-prepares it) for every call, which for ~180,000 rows costs more than the
// whole write budget; so inserts, updates and deletes here go straight to the engine:
//   SQLite:     multi-row INSERT ... VALUES prepared once per (table, chunk size) and kept;
//               one prepared single-row UPDATE / DELETE per table run in a loop.
//   PostgreSQL: one statement per chunk taking one array parameter per column (unnest).
// Both run inside the caller's Kysely transaction: SQLite has a single connection which the
// open transaction holds, and the PostgreSQL statements are executed through `trx` itself.
import type BetterSqlite3 from 'better-sqlite3';
import { sql, type RawBuilder } from 'kysely';
import type { Dialect, Trx } from './schema.js';

export type PgType = 'text' | 'integer' | 'double precision' | 'bigint';

export interface ColumnSpec {
  name: string;
  pg: PgType;
}

export interface TableSpec {
  table: string;
  columns: readonly ColumnSpec[];
  /** Primary-key columns (a subset of `columns`). */
  key: readonly string[];
  /** Columns an update never touches (e.g. created_at). */
  immutable?: readonly string[];
  /**
   * PostgreSQL: the insert supplies a `generated always` identity column itself (the change log
   * numbers its rows in the order it chains them), so it needs OVERRIDING SYSTEM VALUE.
   */
  overridingSystemValue?: boolean;
}

/** A row object keyed by column name (interfaces from schema.ts qualify). */
export type Row = object;

const get = (row: Row, column: string): unknown => (row as Record<string, unknown>)[column];

/** SQLite's default SQLITE_MAX_VARIABLE_NUMBER since 3.32. */
export const SQLITE_MAX_PARAMS = 32_766;
/** Rows per multi-row INSERT: bounded by the parameter limit, and kept moderate so one
 *  statement's bind array stays small. */
const SQLITE_MAX_ROWS = 500;
const PG_CHUNK_ROWS = 10_000;

export interface BulkWriter {
  /**
   * Inserts `items`, mapped to rows by `toRow` one chunk at a time: the row objects (and any JSON
   * built in `toRow`) die young instead of all 180,000 being held at once, which on a county
   * import is the difference between cheap scavenges and repeated full collections.
   * `toRow` is called exactly once per item, in order (the change log's hash chain relies on it
   * and checks it).
   */
  insert<T = Row>(trx: Trx, spec: TableSpec, items: readonly T[], toRow?: (item: T) => Row): Promise<void>;
  /** Full-row update by primary key (every non-key, non-immutable column). */
  update(trx: Trx, spec: TableSpec, rows: readonly Row[]): Promise<void>;
  /** Delete by primary key; `keys` hold at least the key columns. */
  delete(trx: Trx, spec: TableSpec, keys: readonly Row[]): Promise<void>;
}

export function assertTransaction(trx: Trx): void {
  if (!trx.isTransaction) throw new Error('写操作必须在事务中执行（请使用 store.transaction）');
}

const identity = <T>(x: T): Row => x as Row;

function bindable(spec: TableSpec, column: string, v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'boolean') throw new Error(`内部错误：${spec.table}.${column} 应为 0/1 而不是布尔值`);
  return v;
}

function values(spec: TableSpec, row: Row, columns: readonly string[] = spec.columns.map((c) => c.name)): unknown[] {
  return columns.map((c) => bindable(spec, c, get(row, c)));
}

function updateColumns(spec: TableSpec): string[] {
  const skip = new Set([...spec.key, ...(spec.immutable ?? [])]);
  return spec.columns.map((c) => c.name).filter((c) => !skip.has(c));
}

const q = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export function sqliteChunkRows(columnCount: number): number {
  return Math.max(1, Math.min(SQLITE_MAX_ROWS, Math.floor(SQLITE_MAX_PARAMS / columnCount)));
}

export class SqliteBulkWriter implements BulkWriter {
  readonly #db: BetterSqlite3.Database;
  readonly #statements = new Map<string, BetterSqlite3.Statement>();

  constructor(db: BetterSqlite3.Database) {
    this.#db = db;
  }

  #prepare(text: string): BetterSqlite3.Statement {
    let stmt = this.#statements.get(text);
    if (stmt === undefined) {
      stmt = this.#db.prepare(text);
      this.#statements.set(text, stmt);
    }
    return stmt;
  }

  #insertSql(spec: TableSpec, rows: number): string {
    const cols = spec.columns.map((c) => q(c.name)).join(', ');
    const tuple = `(${spec.columns.map(() => '?').join(', ')})`;
    return `insert into ${q(spec.table)} (${cols}) values ${Array.from({ length: rows }, () => tuple).join(', ')}`;
  }

  async insert<T = Row>(trx: Trx, spec: TableSpec, items: readonly T[], toRow: (item: T) => Row = identity): Promise<void> {
    assertTransaction(trx);
    if (items.length === 0) return;
    const names = spec.columns.map((c) => c.name);
    const width = names.length;
    const per = sqliteChunkRows(width);
    const fill = (params: unknown[], from: number, to: number): void => {
      let p = 0;
      for (let r = from; r < to; r++) {
        const row = toRow(items[r] as T) as Record<string, unknown>;
        for (let c = 0; c < width; c++) params[p++] = bindable(spec, names[c] as string, row[names[c] as string]);
      }
    };
    let i = 0;
    if (items.length >= per) {
      const full = this.#prepare(this.#insertSql(spec, per));
      const params: unknown[] = new Array(per * width);
      for (; i + per <= items.length; i += per) {
        fill(params, i, i + per);
        full.run(params);
      }
    }
    if (i < items.length) {
      const n = items.length - i;
      // The remainder's statement is cached too: an import of the same size reuses it.
      const stmt = this.#prepare(this.#insertSql(spec, n));
      const params: unknown[] = new Array(n * width);
      fill(params, i, items.length);
      stmt.run(params);
    }
  }

  async update(trx: Trx, spec: TableSpec, rows: readonly Row[]): Promise<void> {
    assertTransaction(trx);
    if (rows.length === 0) return;
    const cols = updateColumns(spec);
    const stmt = this.#prepare(
      `update ${q(spec.table)} set ${cols.map((c) => `${q(c)} = ?`).join(', ')} where ${spec.key.map((k) => `${q(k)} = ?`).join(' and ')}`,
    );
    for (const row of rows) {
      const info = stmt.run([...values(spec, row, cols), ...values(spec, row, spec.key)]);
      if (info.changes !== 1) throw missingRow(spec, row);
    }
  }

  async delete(trx: Trx, spec: TableSpec, keys: readonly Row[]): Promise<void> {
    assertTransaction(trx);
    if (keys.length === 0) return;
    const stmt = this.#prepare(`delete from ${q(spec.table)} where ${spec.key.map((k) => `${q(k)} = ?`).join(' and ')}`);
    for (const key of keys) {
      const info = stmt.run(values(spec, key, spec.key));
      if (info.changes !== 1) throw missingRow(spec, key);
    }
  }
}

function missingRow(spec: TableSpec, row: Row): Error {
  const key = spec.key.map((k) => String(get(row, k))).join(' / ');
  return new Error(`要修改或删除的记录不存在：${spec.table} ${key}（数据已被他人更改？请重新导入）`);
}

function column(spec: TableSpec, name: string): ColumnSpec {
  const c = spec.columns.find((x) => x.name === name);
  if (c === undefined) throw new Error(`内部错误：${spec.table} 没有列 ${name}`);
  return c;
}

/** `unnest($1::text[], $2::integer[], ...)` over the given columns of the rows. */
function unnest(spec: TableSpec, rows: readonly Row[], columns: readonly string[]): RawBuilder<unknown> {
  const arrays = columns.map((name) => {
    const c = column(spec, name);
    const arr = rows.map((r) => {
      const v = get(r, name);
      return v === undefined ? null : v;
    });
    return sql`${arr}::${sql.raw(c.pg)}[]`;
  });
  return sql`unnest(${sql.join(arrays)})`;
}

export class PostgresBulkWriter implements BulkWriter {
  async insert<T = Row>(trx: Trx, spec: TableSpec, items: readonly T[], toRow: (item: T) => Row = identity): Promise<void> {
    assertTransaction(trx);
    const names = spec.columns.map((c) => c.name);
    for (let i = 0; i < items.length; i += PG_CHUNK_ROWS) {
      const chunk = items.slice(i, i + PG_CHUNK_ROWS).map(toRow);
      await sql`insert into ${sql.table(spec.table)} (${sql.join(names.map((n) => sql.ref(n)))})
        ${spec.overridingSystemValue === true ? sql`overriding system value` : sql``}
        select * from ${unnest(spec, chunk, names)}`.execute(trx);
    }
  }

  async update(trx: Trx, spec: TableSpec, rows: readonly Row[]): Promise<void> {
    assertTransaction(trx);
    const cols = updateColumns(spec);
    const all = [...spec.key, ...cols];
    for (let i = 0; i < rows.length; i += PG_CHUNK_ROWS) {
      const chunk = rows.slice(i, i + PG_CHUNK_ROWS);
      const r = await sql`update ${sql.table(spec.table)} as t set ${sql.join(cols.map((c) => sql`${sql.ref(c)} = v.${sql.ref(c)}`))}
        from ${unnest(spec, chunk, all)} as v(${sql.join(all.map((c) => sql.ref(c)))})
        where ${sql.join(
          spec.key.map((k) => sql`t.${sql.ref(k)} = v.${sql.ref(k)}`),
          sql` and `,
        )}`.execute(trx);
      if (Number(r.numAffectedRows ?? 0n) !== chunk.length) throw missingAmong(spec, chunk.length, r.numAffectedRows);
    }
  }

  async delete(trx: Trx, spec: TableSpec, keys: readonly Row[]): Promise<void> {
    assertTransaction(trx);
    for (let i = 0; i < keys.length; i += PG_CHUNK_ROWS) {
      const chunk = keys.slice(i, i + PG_CHUNK_ROWS);
      const r = await sql`delete from ${sql.table(spec.table)} as t
        using ${unnest(spec, chunk, spec.key)} as v(${sql.join(spec.key.map((c) => sql.ref(c)))})
        where ${sql.join(
          spec.key.map((k) => sql`t.${sql.ref(k)} = v.${sql.ref(k)}`),
          sql` and `,
        )}`.execute(trx);
      if (Number(r.numAffectedRows ?? 0n) !== chunk.length) throw missingAmong(spec, chunk.length, r.numAffectedRows);
    }
  }
}

function missingAmong(spec: TableSpec, expected: number, got: bigint | undefined): Error {
  return new Error(`要修改或删除的 ${expected} 条 ${spec.table} 记录中只找到 ${String(got ?? 0n)} 条（数据已被他人更改？请重新导入）`);
}

export function bulkWriter(dialect: Dialect, raw: BetterSqlite3.Database | null): BulkWriter {
  if (dialect === 'sqlite') {
    if (raw === null) throw new Error('内部错误：SQLite 批量写入需要数据库句柄');
    return new SqliteBulkWriter(raw);
  }
  return new PostgresBulkWriter();
}
