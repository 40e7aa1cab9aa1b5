// Query pieces the repositories share: the escaped LIKE both engines agree on, the page shape,
// and "the latest run unless one is named".
import { sql, type Expression, type SqlBool } from 'kysely';
import type { Db } from './schema.js';

export interface SearchPage<T> {
  total: number;
  items: T[];
}

/** `%` and `_` typed by a user are literal; the pattern escapes them with a backslash. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function like(column: Expression<unknown>, pattern: string): Expression<SqlBool> {
  return sql<SqlBool>`${column} like ${pattern} escape '\\'`;
}

/** `runId` when given, else the latest run's id; -1 (matches no result row) before the first run. */
export async function runIdOrNone(db: Db, runId: number | undefined): Promise<number> {
  if (runId !== undefined) return runId;
  const r = await db.selectFrom('assessment_runs').select('id').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return r === undefined ? -1 : Number(r.id);
}
