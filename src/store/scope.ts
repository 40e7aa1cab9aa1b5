// Who may see what. Every read of household-linked rows takes a Scope and the repository adds
// the filter to the SQL, so a route that forgets to filter still cannot leak another township.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';

export type Scope = { kind: 'all' } | { kind: 'regions'; codes: string[] };

export const ALL: Scope = Object.freeze({ kind: 'all' }) as Scope;

/** A scope limited to the given county, township or village codes. */
export function regionsScope(codes: readonly string[]): Scope {
  return { kind: 'regions', codes: [...codes] };
}

/**
 * "The row's village, township or county code is in scope", for a table (or alias) carrying the
 * three code columns. Scope 'all' is `1 = 1`; an empty code list sees nothing (`1 = 0`, since
 * `in ()` is not valid SQL in either engine).
 */
export function scopeWhere<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  scope: Scope,
  table: string,
  villageColumn = 'village_code',
): Expression<SqlBool> {
  if (scope.kind === 'all') return sql<SqlBool>`1 = 1`;
  const codes = [...new Set(scope.codes)];
  if (codes.length === 0) return sql<SqlBool>`1 = 0`;
  const col = (c: string) => sql.ref(`${table}.${c}`);
  return eb.or([eb(col(villageColumn), 'in', codes), eb(col('township_code'), 'in', codes), eb(col('county_code'), 'in', codes)]);
}

/** True when a row with these codes is visible in the scope (for checks done in JS). */
export function inScope(scope: Scope, codes: { village: string | null; township: string | null; county: string | null }): boolean {
  if (scope.kind === 'all') return true;
  return scope.codes.some((c) => c === codes.village || c === codes.township || c === codes.county);
}
