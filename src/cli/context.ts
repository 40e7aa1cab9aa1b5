// What every command that touches the county's data shares: which database, which rulebook, and
// a store opened and closed around the command's work.
import { loadRulebook } from '../rulebooks/loader.js';
import type { Rulebook } from '../domain/rulebook.js';
import { CLI_ACTOR, systemClock, type ServiceContext } from '../services/context.js';
import { activeRulebook } from '../services/rulebooks.js';
import { DEFAULT_SQLITE_PATH, openStore, type Store } from '../store/index.js';
import { makeProgress, type Progress } from './progress.js';

export interface GlobalOptions {
  db?: string;
  rulebook?: string;
  date?: string;
  quiet?: boolean;
}

/** --db, then TUOPIN_DB, then DATABASE_URL, then the default SQLite file. */
export function resolveDbTarget(opt: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return opt ?? env['TUOPIN_DB'] ?? env['DATABASE_URL'] ?? DEFAULT_SQLITE_PATH;
}

/** Bars and step messages on a terminal unless --quiet; silence for scripts and pipes. */
export function progressFor(g: GlobalOptions): Progress {
  return makeProgress(!g.quiet && Boolean(process.stderr.isTTY));
}

/** The rulebook named by --rulebook, else the one the county office made active (规则 page). */
export async function withContext<T>(g: GlobalOptions, fn: (ctx: ServiceContext, rulebook: Rulebook) => Promise<T>): Promise<T> {
  const explicit = g.rulebook === undefined ? null : loadRulebook(g.rulebook);
  const store: Store = await openStore(resolveDbTarget(g.db), { clock: systemClock });
  try {
    const rulebook = explicit ?? (await activeRulebook(store));
    return await fn({ store, actor: CLI_ACTOR, clock: systemClock }, rulebook);
  } finally {
    await store.close();
  }
}
