// Change requests (migration 0012): a proposed change to a sensitive field waiting for a second
// person. Reads take a Scope applied in SQL like every household-linked table; both writes log an
// entity 'change-request' row in the caller's transaction.
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { assertTransaction } from '../bulk.js';
import { appendChanges, ChangeBatch, type RowCodes } from '../changeLog.js';
import type { Actor, StoreContext } from '../context.js';
import type { Db, Trx } from '../schema.js';
import { scopeWhere, type Scope } from '../scope.js';

export type RequestStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';
export type RequestKind = 'member-add' | 'member-remove' | 'member-correct' | 'household-correct' | 'income-edit';

export interface ChangeRequestsTable {
  id: string;
  household_id: string;
  village_code: string;
  township_code: string | null;
  county_code: string | null;
  kind: string;
  payload: string;
  reason: string;
  requested_by_id: string;
  requested_by_name: string;
  requested_at: string;
  status: string;
  decided_by_id: string | null;
  decided_by_name: string | null;
  decided_at: string | null;
  decision_reason: string | null;
}

export type ChangeRequestTables = { change_requests: ChangeRequestsTable };

export interface ChangeRequest {
  id: string;
  householdId: string;
  codes: RowCodes;
  kind: RequestKind;
  /** What the service stored: the proposed change, the values it was based on, … */
  payload: Record<string, unknown>;
  reason: string;
  requestedBy: Actor;
  requestedAt: string;
  status: RequestStatus;
  decidedBy: Actor | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

export interface NewChangeRequest {
  householdId: string;
  codes: RowCodes;
  kind: RequestKind;
  payload: Record<string, unknown>;
  reason: string;
  /** Written into the change row's `after` so the history can say what was asked without the payload. */
  summary: Record<string, unknown>;
}

export interface RequestFilter {
  status?: RequestStatus;
  householdId?: string;
  limit?: number;
  trx?: Trx;
}

function toRequest(r: Selectable<ChangeRequestsTable>): ChangeRequest {
  return {
    id: r.id,
    householdId: r.household_id,
    codes: { village: r.village_code, township: r.township_code, county: r.county_code },
    kind: r.kind as RequestKind,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    reason: r.reason,
    requestedBy: { id: r.requested_by_id, name: r.requested_by_name },
    requestedAt: r.requested_at,
    status: r.status as RequestStatus,
    decidedBy: r.decided_by_id === null ? null : { id: r.decided_by_id, name: r.decided_by_name ?? '' },
    decidedAt: r.decided_at,
    decisionReason: r.decision_reason,
  };
}

export class ChangeRequestRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  #db(trx?: Trx) {
    return ((trx ?? this.#ctx.db) as Db).withTables<ChangeRequestTables>();
  }

  /** Oldest first. */
  async list(scope: Scope, opts: RequestFilter = {}): Promise<ChangeRequest[]> {
    let q = this.#db(opts.trx)
      .selectFrom('change_requests')
      .selectAll()
      .where((eb) => scopeWhere(eb, scope, 'change_requests'));
    if (opts.status !== undefined) q = q.where('status', '=', opts.status);
    if (opts.householdId !== undefined) q = q.where('household_id', '=', opts.householdId);
    q = q.orderBy('requested_at').orderBy('id');
    if (opts.limit !== undefined) q = q.limit(opts.limit);
    return (await q.execute()).map(toRequest);
  }

  /** Null when there is no such request or it is out of scope (`exists` tells which). */
  async get(scope: Scope, id: string, opts: { trx?: Trx } = {}): Promise<ChangeRequest | null> {
    const row = await this.#db(opts.trx)
      .selectFrom('change_requests')
      .selectAll()
      .where('id', '=', id)
      .where((eb) => scopeWhere(eb, scope, 'change_requests'))
      .executeTakeFirst();
    return row === undefined ? null : toRequest(row);
  }

  async create(trx: Trx, req: NewChangeRequest, actor: Actor, at: string = this.#ctx.clock()): Promise<ChangeRequest> {
    assertTransaction(trx);
    const id = `CR-${randomUUID()}`;
    const row: ChangeRequestsTable = {
      id,
      household_id: req.householdId,
      village_code: req.codes.village ?? '',
      township_code: req.codes.township,
      county_code: req.codes.county,
      kind: req.kind,
      payload: JSON.stringify(req.payload),
      reason: req.reason,
      requested_by_id: actor.id,
      requested_by_name: actor.name,
      requested_at: at,
      status: 'pending',
      decided_by_id: null,
      decided_by_name: null,
      decided_at: null,
      decision_reason: null,
    };
    await this.#db(trx).insertInto('change_requests').values(row).execute();
    const log = new ChangeBatch(actor, at, req.reason, null);
    log.add('change-request', 'create', id, req.householdId, req.codes, null, { kind: req.kind, status: 'pending', ...req.summary });
    await appendChanges(this.#ctx, trx, log);
    return toRequest(row);
  }

  /**
   * Moves a pending request to `status`. Throws when it is no longer pending (a concurrent
   * decision): the update is conditional, so two approvers cannot both apply it.
   */
  async decide(
    trx: Trx,
    id: string,
    status: Exclude<RequestStatus, 'pending'>,
    actor: Actor,
    reason: string | null,
    at: string = this.#ctx.clock(),
  ): Promise<ChangeRequest> {
    assertTransaction(trx);
    const db = this.#db(trx);
    const res = await db
      .updateTable('change_requests')
      .set({ status, decided_by_id: actor.id, decided_by_name: actor.name, decided_at: at, decision_reason: reason })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw new Error(`变更申请 ${id} 不是待审核状态`);
    const row = await db.selectFrom('change_requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const out = toRequest(row);
    const log = new ChangeBatch(actor, at, reason, null);
    log.add('change-request', 'update', id, out.householdId, out.codes, { status: 'pending' }, { status });
    await appendChanges(this.#ctx, trx, log);
    return out;
  }
}
