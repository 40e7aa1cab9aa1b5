// Small helpers shared by the migrations so both engines get the same portable column types.
import { sql, type ColumnDefinitionBuilder } from 'kysely';

/** Booleans are integers 0/1 in both engines; the check keeps a stray 2 or -1 out. */
export function bool01(column: string) {
  return (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder => c.check(sql`${sql.ref(column)} in (0, 1)`);
}

export function bool01NotNull(column: string) {
  return (c: ColumnDefinitionBuilder): ColumnDefinitionBuilder =>
    c
      .notNull()
      .defaultTo(0)
      .check(sql`${sql.ref(column)} in (0, 1)`);
}

/** `double precision` has REAL affinity in SQLite and is float8 in PostgreSQL. */
export const DOUBLE = 'double precision';
