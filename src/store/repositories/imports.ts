import type { Actor, StoreContext } from '../context.js';
import type { Trx } from '../schema.js';
import { assertTransaction } from '../bulk.js';

export type ImportStatus = 'applied' | 'failed' | 'rejected' | (string & {});

export interface ImportRecord {
  id: string;
  at: string;
  actor: Actor;
  fileName: string;
  sha256: string;
  counts: Record<string, unknown>;
  status: ImportStatus;
}

export interface NewImport {
  id: string;
  at?: string;
  actor: Actor;
  fileName: string;
  sha256: string;
  counts: Record<string, unknown>;
  status: ImportStatus;
}

/** One row per roster import. Insert-only: a second import of a file is a new row. */
export class ImportRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  async record(trx: Trx, imp: NewImport): Promise<ImportRecord> {
    assertTransaction(trx);
    const at = imp.at ?? this.#ctx.clock();
    await trx
      .insertInto('imports')
      .values({
        id: imp.id,
        at,
        actor_id: imp.actor.id,
        actor_name: imp.actor.name,
        file_name: imp.fileName,
        sha256: imp.sha256,
        counts: JSON.stringify(imp.counts),
        status: imp.status,
      })
      .execute();
    return { ...imp, at };
  }

  /** Newest first. */
  async list(opts: { trx?: Trx; sha256?: string } = {}): Promise<ImportRecord[]> {
    const db = opts.trx ?? this.#ctx.db;
    const rows = await db
      .selectFrom('imports')
      .selectAll()
      .$if(opts.sha256 !== undefined, (qb) => qb.where('sha256', '=', opts.sha256 as string))
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      actor: { id: r.actor_id, name: r.actor_name },
      fileName: r.file_name,
      sha256: r.sha256,
      counts: JSON.parse(r.counts) as Record<string, unknown>,
      status: r.status,
    }));
  }
}
