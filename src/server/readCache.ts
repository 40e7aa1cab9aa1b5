// A cache of read responses (dashboard, household lists, villages), so that fifty people opening
// the same views do not each run the same aggregate queries. SQLite answers one query at a time,
// so without it the server's ceiling is a few dozen list requests a second.
//
// Correctness rests on the key, not on expiry: every entry is keyed by the data version — the
// newest change-log row and the newest assessment run — which every write moves (imports, income
// edits, rulebook switches, and writes from other processes such as the CLI), plus everything that
// shapes the response for a viewer (role, scope, sector, masking) and the request's own query.
// Concurrent identical requests share one computation.
import type { Store } from '../store/index.js';
import type { Viewer } from './auth/viewer.js';

export interface ReadCacheOptions {
  /** Entries kept (least recently used dropped first). */
  maxEntries?: number;
}

export class ReadCache {
  readonly #store: Store;
  readonly #max: number;
  readonly #entries = new Map<string, Promise<unknown>>();

  constructor(store: Store, opts: ReadCacheOptions = {}) {
    this.#store = store;
    this.#max = opts.maxEntries ?? 2_000;
  }

  /** The current data version: moves with every committed write. */
  async version(): Promise<string> {
    const [seq, run] = await Promise.all([this.#store.changes.lastSeq(), this.#store.assessments.latestRunId()]);
    return `${seq}:${run ?? 0}`;
  }

  static viewerKey(v: Viewer): string {
    const scope = v.scope.kind === 'all' ? '*' : [...v.scope.codes].sort().join(',');
    return `${v.role}|${v.sector ?? ''}|${scope}|${JSON.stringify(v.mask)}`;
  }

  async get<T>(viewer: Viewer, what: string, compute: () => Promise<T>): Promise<T> {
    const key = `${await this.version()}|${ReadCache.viewerKey(viewer)}|${what}`;
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      // Re-insert to mark it recently used.
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit as Promise<T>;
    }
    const pending = compute();
    this.#entries.set(key, pending);
    // A failed computation is not cached: the next request tries again (and gets its own error).
    pending.catch(() => this.#entries.delete(key));
    while (this.#entries.size > this.#max) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
    return pending;
  }

  get size(): number {
    return this.#entries.size;
  }
}
