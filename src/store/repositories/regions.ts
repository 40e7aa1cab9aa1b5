import type { Region } from '../../domain/types.js';
import { ChangeBatch } from '../changeLog.js';
import type { Actor, StoreContext } from '../context.js';
import { diffRegions, emptyPlan, type EntityChanges } from '../diff.js';
import { rowToRegion } from '../mapping.js';
import type { Db, Trx } from '../schema.js';
import { scopeWhere, type Scope } from '../scope.js';
import { applyPlan } from './registry.js';

const LEVEL_ORDER: Record<string, number> = { county: 0, township: 1, village: 2 };

export class RegionRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /**
   * Creates new regions and updates changed ones (never deletes), logging one change row per
   * region with only the changed fields. Township/county codes of regions and households are
   * re-derived when the tree changes. Returns what changed.
   */
  async upsertMany(
    trx: Trx,
    regions: readonly Region[],
    actor: Actor,
    reason: string | null,
    batchId: string | null = null,
    at?: string,
  ): Promise<EntityChanges<Region>> {
    const stored = (await trx.selectFrom('regions').selectAll().execute()).map(rowToRegion);
    const changes = diffRegions(stored, regions);
    const plan = emptyPlan();
    plan.regions = changes;
    await applyPlan(this.#ctx, trx, plan, new ChangeBatch(actor, at ?? this.#ctx.clock(), reason, batchId));
    return changes;
  }

  /**
   * code -> name of the given codes, whatever the asker's scope (a user's own scope is named with
   * it); unknown codes are left out.
   */
  async names(codes: readonly string[], opts: { trx?: Trx } = {}): Promise<Map<string, string>> {
    const wanted = [...new Set(codes)];
    if (wanted.length === 0) return new Map();
    const db: Db = opts.trx ?? this.#ctx.db;
    const rows = await db.selectFrom('regions').select(['code', 'name']).where('code', 'in', wanted).execute();
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  /**
   * Regions in scope: the scope's own regions and everything below them, ordered county,
   * townships, villages, then by code.
   */
  async list(scope: Scope, opts: { trx?: Trx } = {}): Promise<Region[]> {
    const db: Db = opts.trx ?? this.#ctx.db;
    const rows = await db
      .selectFrom('regions')
      .selectAll()
      .where((eb) => scopeWhere(eb, scope, 'regions', 'code'))
      .execute();
    return rows.map(rowToRegion).sort((a, b) => (LEVEL_ORDER[a.level] ?? 9) - (LEVEL_ORDER[b.level] ?? 9) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }
}
