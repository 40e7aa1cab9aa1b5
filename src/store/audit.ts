// Verifying the change log's hash chain: walk it in seq order a page at a time, recompute every
// hash, check every link, check the checkpoints earlier verifications left, and (when intact)
// leave a new one at the head. See chain.ts for what is hashed and docs/audit.md for operators.
import type { BreakKind } from '../domain/audit.js';
import type { Actor, StoreContext } from './context.js';
import { GENESIS_HASH, changeHash } from './chain.js';
import type { Selectable } from 'kysely';
import type { ChangesTable } from './schema.js';

export { type BreakKind } from '../domain/audit.js';

export interface AuditBreak {
  kind: BreakKind;
  /** The row where the break shows (for a checkpoint: the checkpointed seq). */
  seq: number;
  /** The row's own time, actor and entity; null when the row is gone. */
  at: string | null;
  actorName: string | null;
  entity: string | null;
  entityId: string | null;
  /** What was found, in plain Chinese. */
  message: string;
}

export interface Checkpoint {
  seq: number;
  hash: string;
  rowCount: number;
  at: string;
  actorName: string;
}

export type CheckpointStatus = Checkpoint & { status: 'ok' | 'changed' | 'missing' };

export interface ChainHead {
  seq: number;
  hash: string | null;
  at: string;
}

export interface AuditReport {
  intact: boolean;
  /** Rows walked. */
  rows: number;
  /** The newest row walked; null for an empty log. */
  head: ChainHead | null;
  /** The first breaks found (at most MAX_LISTED_BREAKS), in seq order. */
  breaks: AuditBreak[];
  breakCount: number;
  /** Every checkpoint, newest first, with what was found at its seq. */
  checkpoints: CheckpointStatus[];
  /** The checkpoint this verification left, if any (only when intact and the head moved on). */
  recorded: Checkpoint | null;
  /** `expectHead` as given, and the seq of the row carrying it (null: not found). */
  expectedHead: { hash: string; seq: number | null } | null;
  verifiedAt: string;
}

export interface VerifyOptions {
  /** Who runs it: the checkpoint records them. */
  actor: Actor;
  /** Leave a checkpoint at the head when intact (default true). */
  record?: boolean;
  /** A head hash from an earlier report: a row with this hash must still be in the chain. */
  expectHead?: string;
  /** Rows walked so far out of the count taken at the start (more may arrive meanwhile). */
  onProgress?: (done: number, total: number) => void;
  /** Rows per page read (bounded memory on 100k+ row logs). */
  pageSize?: number;
}

export const MAX_LISTED_BREAKS = 1000;
const DEFAULT_PAGE = 5000;

type Row = ChangesTable & { seq: number };

function short(hash: string | null): string {
  return hash === null ? '（空）' : `${hash.slice(0, 12)}…`;
}

export class AuditRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** Every change row as stored and hashed, in seq order (bench/audit.ts times hashing them alone). */
  async storedRows(): Promise<Selectable<ChangesTable>[]> {
    const rows = await this.#ctx.db.selectFrom('changes').selectAll().orderBy('seq').execute();
    return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
  }

  /** Checkpoints, newest first. */
  async checkpoints(): Promise<Checkpoint[]> {
    const rows = await this.#ctx.db.selectFrom('change_checkpoints').selectAll().orderBy('id', 'desc').execute();
    return rows.map((r) => ({ seq: Number(r.seq), hash: r.hash, rowCount: Number(r.row_count), at: r.at, actorName: r.actor_name }));
  }

  async verify(opts: VerifyOptions): Promise<AuditReport> {
    const { db } = this.#ctx;
    const verifiedAt = this.#ctx.clock();
    const pageSize = opts.pageSize ?? DEFAULT_PAGE;
    const expect = opts.expectHead?.trim().toLowerCase();
    const checkpoints = await this.checkpoints();
    const bySeq = new Map<number, Checkpoint[]>();
    for (const c of checkpoints) bySeq.set(c.seq, [...(bySeq.get(c.seq) ?? []), c]);
    const status = new Map<Checkpoint, CheckpointStatus['status']>();

    const total = Number(
      (
        await db
          .selectFrom('changes')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirst()
      )?.n ?? 0,
    );
    const breaks: AuditBreak[] = [];
    let breakCount = 0;
    const report = (b: AuditBreak): void => {
      breakCount += 1;
      if (breaks.length < MAX_LISTED_BREAKS) breaks.push(b);
    };
    const at = (r: Row, kind: BreakKind, message: string): AuditBreak => ({
      kind,
      seq: r.seq,
      at: r.at,
      actorName: r.actor_name,
      entity: r.entity,
      entityId: r.entity_id,
      message,
    });

    let rows = 0;
    let prev: { seq: number; hash: string | null } | null = null;
    let expectedSeq: number | null = null;
    let last = Number.NEGATIVE_INFINITY;
    let head: ChainHead | null = null;
    opts.onProgress?.(0, total);
    for (;;) {
      const page = await db
        .selectFrom('changes')
        .selectAll()
        .$if(Number.isFinite(last), (qb) => qb.where('seq', '>', last))
        .orderBy('seq')
        .limit(pageSize)
        .execute();
      if (page.length === 0) break;
      for (const raw of page) {
        const r = { ...raw, seq: Number(raw.seq) } as Row;
        if (r.hash === null) {
          report(at(r, 'missing-hash', `第 ${r.seq} 条记录没有哈希：它不是由系统写入的，或哈希被清除`));
        } else if (changeHash(r) !== r.hash) {
          report(at(r, 'modified', `第 ${r.seq} 条记录的内容与其哈希不符：写入后被直接改动过`));
        }
        const linkTo = prev === null ? GENESIS_HASH : prev.hash;
        // A row without any chain data, or after one without a hash, has nothing to compare:
        // that row is reported already, once.
        const unchained = r.hash === null && r.prev_hash === null;
        if (!unchained && linkTo !== null && r.prev_hash !== linkTo) {
          const gap =
            prev === null || r.seq - prev.seq <= 1
              ? ''
              : r.seq - prev.seq === 2
                ? `（第 ${prev.seq + 1} 条不存在）`
                : `（第 ${prev.seq + 1} 至 ${r.seq - 1} 条不存在）`;
          const what =
            prev === null
              ? `第 ${r.seq} 条是日志的第一条，却不是从起点链起的：更早的记录被删除了`
              : `第 ${r.seq} 条记录与前一条（第 ${prev.seq} 条）链接不上${gap}：其间有记录被删除或插入，或前一条被整条改写`;
          report(at(r, 'relinked', `${what}（应链接 ${short(linkTo)}，实为 ${short(r.prev_hash)}）`));
        }
        for (const c of bySeq.get(r.seq) ?? []) {
          const ok = c.hash === r.hash;
          status.set(c, ok ? 'ok' : 'changed');
          if (!ok) report(at(r, 'checkpoint', `第 ${r.seq} 条记录在 ${c.at} 核验时的哈希为 ${short(c.hash)}，现在为 ${short(r.hash)}：已核验过的记录被改动`));
        }
        if (expect !== undefined && expectedSeq === null && r.hash === expect) expectedSeq = r.seq;
        prev = { seq: r.seq, hash: r.hash };
        head = { seq: r.seq, hash: r.hash, at: r.at };
        rows += 1;
      }
      last = Number(page[page.length - 1]!.seq);
      opts.onProgress?.(rows, Math.max(total, rows));
    }

    for (const c of checkpoints) {
      if (status.has(c)) continue;
      status.set(c, 'missing');
      report({
        kind: 'checkpoint',
        seq: c.seq,
        at: null,
        actorName: null,
        entity: null,
        entityId: null,
        message: `第 ${c.seq} 条记录在 ${c.at} 核验时存在（当时共 ${c.rowCount} 条），现在已不在日志中：记录被删除`,
      });
    }
    if (expect !== undefined && expectedSeq === null) {
      report({
        kind: 'expected-head',
        seq: head?.seq ?? 0,
        at: null,
        actorName: null,
        entity: null,
        entityId: null,
        message: `报告中记下的链头哈希 ${short(expect)} 在日志中找不到：该记录或其之前的记录被删除或改写`,
      });
    }
    breaks.sort((a, b) => a.seq - b.seq);

    const intact = breakCount === 0;
    let recorded: Checkpoint | null = null;
    const newest = checkpoints[0];
    if (intact && opts.record !== false && head !== null && head.hash !== null && (newest === undefined || newest.seq < head.seq)) {
      recorded = { seq: head.seq, hash: head.hash, rowCount: rows, at: verifiedAt, actorName: opts.actor.name };
      const row = { seq: head.seq, hash: head.hash, row_count: rows, at: verifiedAt, actor_id: opts.actor.id, actor_name: opts.actor.name };
      await db.transaction().execute((trx) => trx.insertInto('change_checkpoints').values(row).execute());
    }

    return {
      intact,
      rows,
      head,
      breaks,
      breakCount,
      checkpoints: checkpoints.map((c) => ({ ...c, status: status.get(c) ?? 'missing' })),
      recorded,
      expectedHead: expect === undefined ? null : { hash: expect, seq: expectedSeq },
      verifiedAt,
    };
  }
}
