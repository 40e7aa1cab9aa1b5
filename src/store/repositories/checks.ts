// 名单比对 (migration 0016): lists and their versions, each row's linkage outcome, points to verify
// (疑点) with their life cycle, and the evidence of site checks. Reads of points take a PointScope:
// the region filter on the point's own codes, and for a sector department only the list kinds
// its sector sends. Every write logs change rows in the caller's transaction: 'check-list' for a
// list received (its hash and counts; the rows are derived from the file and not logged one by
// one), 'check-point' for a point opened, kept, assigned, checked, verified or closed (with the
// household's id, so the household's history shows it), 'check-review' for a possible match
// confirmed or rejected, 'check-evidence' for a file.
import { createHash, randomUUID } from 'node:crypto';
import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { ColumnSpec, TableSpec } from '../bulk.js';
import { assertTransaction } from '../bulk.js';
import { appendChanges, ChangeBatch, type RowCodes } from '../changeLog.js';
import type { Actor, StoreContext } from '../context.js';
import type { Db, Trx } from '../schema.js';
import type { Scope } from '../scope.js';

export type CheckListsTable = {
  id: number;
  kind: string;
  source: string;
  as_of: string;
  version: number;
  file_name: string;
  sha256: string;
  row_count: number;
  counts: string;
  actor_id: string;
  actor_name: string;
  at: string;
};
export type CheckRowsTable = {
  list_id: number;
  row: number;
  outcome: string;
  method: string | null;
  member_id: string | null;
  household_id: string | null;
  score: number | null;
  explanation: string | null;
  data: string | null;
  review: string | null;
  review_member_id: string | null;
  reviewed_by_id: string | null;
  reviewed_by_name: string | null;
  reviewed_at: string | null;
};
export type CheckPointsTable = {
  id: number;
  key: string;
  kind: string;
  list_id: number;
  last_list_id: number;
  list_kind: string;
  source: string;
  row: number | null;
  household_id: string | null;
  member_id: string | null;
  village_code: string | null;
  township_code: string | null;
  county_code: string | null;
  field: string | null;
  ours: string | null;
  theirs: string | null;
  rule: string;
  rule_text: string;
  set_fields: string | null;
  status: string;
  finding: string | null;
  note: string | null;
  evidence_ids: string | null;
  assignee: string | null;
  due_date: string | null;
  checked_by_id: string | null;
  checked_by_name: string | null;
  checked_at: string | null;
  verified_by_id: string | null;
  verified_by_name: string | null;
  verified_at: string | null;
  closed_at: string | null;
  correction_kind: string | null;
  correction_id: string | null;
  opened_at: string;
  updated_at: string;
};
export type CheckEvidenceTable = {
  id: string;
  point_id: number;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  data: Uint8Array;
  uploaded_by_id: string;
  uploaded_by_name: string;
  uploaded_at: string;
};

export type CheckTables = {
  check_lists: CheckListsTable;
  check_rows: CheckRowsTable;
  check_points: CheckPointsTable;
  check_evidence: CheckEvidenceTable;
  regions: { code: string; name: string; township_code: string | null; county_code: string | null };
  members: { id: string; household_id: string; name: string; relation: string };
};

const col = (name: string, pg: ColumnSpec['pg'] = 'text'): ColumnSpec => ({ name, pg });
const rowsSpec: TableSpec = {
  table: 'check_rows',
  key: ['list_id', 'row'],
  columns: [
    col('list_id', 'integer'),
    col('row', 'integer'),
    col('outcome'),
    col('method'),
    col('member_id'),
    col('household_id'),
    col('score', 'double precision'),
    col('explanation'),
    col('data'),
    col('review'),
  ],
};
const POINT_COLUMNS = [
  'id',
  'key',
  'kind',
  'list_id',
  'last_list_id',
  'list_kind',
  'source',
  'row',
  'household_id',
  'member_id',
  'village_code',
  'township_code',
  'county_code',
  'field',
  'ours',
  'theirs',
  'rule',
  'rule_text',
  'set_fields',
  'status',
  'opened_at',
  'updated_at',
] as const;
const INT_POINT_COLUMNS = new Set(['id', 'list_id', 'last_list_id', 'row']);
const pointsSpec: TableSpec = { table: 'check_points', key: ['id'], columns: POINT_COLUMNS.map((c) => col(c, INT_POINT_COLUMNS.has(c) ? 'integer' : 'text')) };

export interface ListCounts {
  matched: number;
  possible: number;
  unmatched: number;
  pointsOpened: number;
  pointsClosed: number;
  pointsKept: number;
  ms: number;
}

export interface CheckList {
  id: number;
  kind: string;
  source: string;
  asOf: string;
  version: number;
  fileName: string;
  sha256: string;
  rows: number;
  counts: ListCounts;
  actor: Actor;
  at: string;
  /** A newer version of the same kind and source exists. */
  superseded: boolean;
}

export interface NewList {
  kind: string;
  source: string;
  asOf: string;
  fileName: string;
  sha256: string;
  rows: number;
}

export interface RowRecord {
  row: number;
  outcome: 'match' | 'possible' | 'none';
  method: 'id' | 'score' | null;
  memberId: string | null;
  householdId: string | null;
  score: number | null;
  explanation: unknown;
  data: Record<string, unknown> | null;
  review: 'pending' | null;
}

export interface StoredRow {
  listId: number;
  row: number;
  outcome: 'match' | 'possible' | 'none';
  method: 'id' | 'score' | null;
  memberId: string | null;
  householdId: string | null;
  score: number | null;
  explanation: unknown;
  data: Record<string, unknown> | null;
  review: 'pending' | 'confirmed' | 'rejected' | null;
  reviewMemberId: string | null;
  reviewedBy: Actor | null;
  reviewedAt: string | null;
}

export interface NewPoint {
  key: string;
  kind: string;
  row: number | null;
  householdId: string | null;
  memberId: string | null;
  codes: RowCodes;
  field: string | null;
  ours: string | null;
  theirs: string | null;
  rule: string;
  ruleText: string;
  set: unknown;
}

export type PointStatus = 'open' | 'checked' | 'closed';

export interface Point {
  id: number;
  key: string;
  kind: string;
  listId: number;
  lastListId: number;
  listKind: string;
  source: string;
  asOf: string;
  row: number | null;
  householdId: string | null;
  memberId: string | null;
  memberName: string | null;
  headName: string | null;
  villageCode: string | null;
  villageName: string | null;
  townshipCode: string | null;
  townshipName: string | null;
  countyCode: string | null;
  field: string | null;
  ours: string | null;
  theirs: string | null;
  rule: string;
  ruleText: string;
  set: unknown;
  status: PointStatus;
  finding: string | null;
  note: string | null;
  evidenceIds: string[];
  assignee: string | null;
  dueDate: string | null;
  checkedBy: Actor | null;
  checkedAt: string | null;
  verifiedBy: Actor | null;
  verifiedAt: string | null;
  closedAt: string | null;
  correction: { kind: 'change-request' | 'task'; id: string } | null;
  openedAt: string;
  updatedAt: string;
}

/** What a point read sees: the region scope, and for a sector department its own list kinds. */
export interface PointScope {
  scope: Scope;
  /** null: every kind. */
  listKinds: readonly string[] | null;
}

export interface PointQuery {
  kinds?: readonly string[];
  listKind?: string;
  source?: string;
  listId?: number;
  township?: string;
  village?: string;
  householdId?: string;
  statuses?: readonly PointStatus[];
  /** Opened on or before / on or after this timestamp (the age filters, computed by the service). */
  openedBefore?: string;
  openedAfter?: string;
  assignee?: string;
  ids?: readonly number[];
  sort?: 'openedAt' | 'kind' | 'village' | 'status';
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
  trx?: Trx;
}

export interface PointPatch {
  status?: PointStatus;
  finding?: string | null;
  note?: string | null;
  evidenceIds?: string[];
  assignee?: string | null;
  dueDate?: string | null;
  checkedBy?: Actor | null;
  checkedAt?: string | null;
  verifiedBy?: Actor | null;
  verifiedAt?: string | null;
  closedAt?: string | null;
  correction?: { kind: 'change-request' | 'task'; id: string } | null;
  lastListId?: number;
}

export interface EvidenceMeta {
  id: string;
  pointId: number;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: Actor;
  uploadedAt: string;
}

const withChecks = (db: Db | Trx) => (db as Db).withTables<CheckTables>();
type CDb = ReturnType<typeof withChecks>;

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));
const parse = (v: string | null): unknown => (v === null ? null : JSON.parse(v));
const actorOf = (id: string | null, name: string | null): Actor | null => (id === null || name === null ? null : { id, name });

function pointScopeWhere(eb: ExpressionBuilder<CheckTables, 'check_points'>, who: PointScope): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [];
  if (who.scope.kind === 'regions') {
    const codes = [...new Set(who.scope.codes)];
    if (codes.length === 0) return sql<SqlBool>`1 = 0`;
    parts.push(
      eb.or([eb('check_points.village_code', 'in', codes), eb('check_points.township_code', 'in', codes), eb('check_points.county_code', 'in', codes)]),
    );
  }
  if (who.listKinds !== null) {
    if (who.listKinds.length === 0) return sql<SqlBool>`1 = 0`;
    parts.push(eb('check_points.list_kind', 'in', [...who.listKinds]));
  }
  return parts.length === 0 ? sql<SqlBool>`1 = 1` : eb.and(parts);
}

function toList(r: CheckListsTable, latestVersion: number): CheckList {
  return {
    id: Number(r.id),
    kind: r.kind,
    source: r.source,
    asOf: r.as_of,
    version: Number(r.version),
    fileName: r.file_name,
    sha256: r.sha256,
    rows: Number(r.row_count),
    counts: JSON.parse(r.counts) as ListCounts,
    actor: { id: r.actor_id, name: r.actor_name },
    at: r.at,
    superseded: Number(r.version) < latestVersion,
  };
}

function toRow(r: CheckRowsTable): StoredRow {
  return {
    listId: Number(r.list_id),
    row: Number(r.row),
    outcome: r.outcome as StoredRow['outcome'],
    method: r.method as StoredRow['method'],
    memberId: r.member_id,
    householdId: r.household_id,
    score: r.score === null ? null : Number(r.score),
    explanation: parse(r.explanation),
    data: parse(r.data) as Record<string, unknown> | null,
    review: r.review as StoredRow['review'],
    reviewMemberId: r.review_member_id,
    reviewedBy: actorOf(r.reviewed_by_id, r.reviewed_by_name),
    reviewedAt: r.reviewed_at,
  };
}

type PointRow = CheckPointsTable & {
  as_of: string | null;
  member_name: string | null;
  head_name: string | null;
  village_name: string | null;
  township_name: string | null;
};

function toPoint(r: PointRow): Point {
  return {
    id: Number(r.id),
    key: r.key,
    kind: r.kind,
    listId: Number(r.list_id),
    lastListId: Number(r.last_list_id),
    listKind: r.list_kind,
    source: r.source,
    asOf: r.as_of ?? '',
    row: r.row === null ? null : Number(r.row),
    householdId: r.household_id,
    memberId: r.member_id,
    memberName: r.member_name,
    headName: r.head_name,
    villageCode: r.village_code,
    villageName: r.village_name,
    townshipCode: r.township_code,
    townshipName: r.township_name,
    countyCode: r.county_code,
    field: r.field,
    ours: r.ours,
    theirs: r.theirs,
    rule: r.rule,
    ruleText: r.rule_text,
    set: parse(r.set_fields),
    status: r.status as PointStatus,
    finding: r.finding,
    note: r.note,
    evidenceIds: (parse(r.evidence_ids) as string[] | null) ?? [],
    assignee: r.assignee,
    dueDate: r.due_date,
    checkedBy: actorOf(r.checked_by_id, r.checked_by_name),
    checkedAt: r.checked_at,
    verifiedBy: actorOf(r.verified_by_id, r.verified_by_name),
    verifiedAt: r.verified_at,
    closedAt: r.closed_at,
    correction: r.correction_kind === null || r.correction_id === null ? null : { kind: r.correction_kind as 'change-request' | 'task', id: r.correction_id },
    openedAt: r.opened_at,
    updatedAt: r.updated_at,
  };
}

/** The change-log form of a point: what it says, without its joined names. */
function logged(p: Point | NewPoint | (NewPoint & { id: number; status: string })): Record<string, unknown> {
  const { codes: _c, memberName: _m, headName: _h, villageName: _v, townshipName: _t, ...rest } = p as unknown as Record<string, unknown>;
  return rest;
}

export class CheckRepository {
  readonly #ctx: StoreContext;

  constructor(ctx: StoreContext) {
    this.#ctx = ctx;
  }

  /** Serialises id allocation for lists and points until the transaction ends (SQLite: its one connection does). */
  async #lock(trx: Trx): Promise<void> {
    if (this.#ctx.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${sql.lit(0x7475_6f70)})`.execute(trx);
  }

  async #nextId(trx: Trx, table: 'check_lists' | 'check_points'): Promise<number> {
    const r = await withChecks(trx)
      .selectFrom(table)
      .select((eb) => eb.fn.max<number>('id').as('max'))
      .executeTakeFirst();
    return Number(r?.max ?? 0) + 1;
  }

  /** Stores a list received (its next version for kind and source) and its rows' outcomes. */
  async createList(trx: Trx, list: NewList, counts: ListCounts, rows: readonly RowRecord[], actor: Actor, at: string): Promise<CheckList> {
    assertTransaction(trx);
    await this.#lock(trx);
    const db = withChecks(trx);
    const last = await db
      .selectFrom('check_lists')
      .select((eb) => eb.fn.max<number>('version').as('v'))
      .where('kind', '=', list.kind)
      .where('source', '=', list.source)
      .executeTakeFirst();
    const version = Number(last?.v ?? 0) + 1;
    const id = await this.#nextId(trx, 'check_lists');
    const row: CheckListsTable = {
      id,
      kind: list.kind,
      source: list.source,
      as_of: list.asOf,
      version,
      file_name: list.fileName,
      sha256: list.sha256,
      row_count: list.rows,
      counts: JSON.stringify(counts),
      actor_id: actor.id,
      actor_name: actor.name,
      at,
    };
    await db.insertInto('check_lists').values(row).execute();
    await this.#ctx.bulk.insert(trx, rowsSpec, rows, (r: RowRecord) => ({
      list_id: id,
      row: r.row,
      outcome: r.outcome,
      method: r.method,
      member_id: r.memberId,
      household_id: r.householdId,
      score: r.score,
      explanation: json(r.explanation),
      data: json(r.data),
      review: r.review,
    }));
    const log = new ChangeBatch(actor, at, `接收${list.source}名单（第${version}版）`, null);
    log.add('check-list', 'create', String(id), null, { village: null, township: null, county: null }, null, { ...list, version, counts });
    await appendChanges(this.#ctx, trx, log);
    return toList(row, version);
  }

  /** The counts are known only once the points are written: set them on the list row. */
  async setCounts(trx: Trx, listId: number, counts: ListCounts): Promise<void> {
    await withChecks(trx)
      .updateTable('check_lists')
      .set({ counts: JSON.stringify(counts) })
      .where('id', '=', listId)
      .execute();
  }

  async lists(
    q: { kind?: string; source?: string; kinds?: readonly string[] | null; limit?: number; offset?: number; ids?: readonly number[] } = {},
  ): Promise<{ total: number; items: CheckList[] }> {
    const db = withChecks(this.#ctx.db);
    let base = db.selectFrom('check_lists');
    if (q.kind !== undefined) base = base.where('kind', '=', q.kind);
    if (q.source !== undefined) base = base.where('source', '=', q.source);
    if (q.ids !== undefined) base = q.ids.length === 0 ? base.where(sql<SqlBool>`1 = 0`) : base.where('id', 'in', [...q.ids]);
    if (q.kinds !== undefined && q.kinds !== null) base = q.kinds.length === 0 ? base.where(sql<SqlBool>`1 = 0`) : base.where('kind', 'in', [...q.kinds]);
    const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
    const rows = await base
      .selectAll('check_lists')
      .select((eb) =>
        eb
          .selectFrom('check_lists as l2')
          .select((e2) => e2.fn.max<number>('l2.version').as('v'))
          .whereRef('l2.kind', '=', 'check_lists.kind')
          .whereRef('l2.source', '=', 'check_lists.source')
          .as('latest'),
      )
      .orderBy('id', 'desc')
      .limit(q.limit ?? 50)
      .offset(q.offset ?? 0)
      .execute();
    return { total, items: rows.map((r) => toList(r, Number(r.latest ?? r.version))) };
  }

  async list(id: number, trx?: Trx): Promise<CheckList | null> {
    const db = withChecks(trx ?? this.#ctx.db);
    const r = await db.selectFrom('check_lists').selectAll().where('id', '=', id).executeTakeFirst();
    if (r === undefined) return null;
    const latest = await db
      .selectFrom('check_lists')
      .select((eb) => eb.fn.max<number>('version').as('v'))
      .where('kind', '=', r.kind)
      .where('source', '=', r.source)
      .executeTakeFirst();
    return toList(r, Number(latest?.v ?? r.version));
  }

  /** Rows of a list by outcome and review, in sheet order. */
  async rows(
    listId: number,
    q: { outcome?: string; review?: string; limit?: number; offset?: number; trx?: Trx } = {},
  ): Promise<{ total: number; items: StoredRow[] }> {
    let base = withChecks(q.trx ?? this.#ctx.db)
      .selectFrom('check_rows')
      .where('list_id', '=', listId);
    if (q.outcome !== undefined) base = base.where('outcome', '=', q.outcome);
    if (q.review !== undefined) base = base.where('review', '=', q.review);
    const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
    const rows = await base
      .selectAll()
      .orderBy('row')
      .limit(q.limit ?? 100)
      .offset(q.offset ?? 0)
      .execute();
    return { total, items: rows.map(toRow) };
  }

  /** Counts of a list's rows by outcome, review and method. */
  async rowTally(listId: number): Promise<{ outcome: string; review: string | null; method: string | null; n: number }[]> {
    const rows = await withChecks(this.#ctx.db)
      .selectFrom('check_rows')
      .select(['outcome', 'review', 'method', (eb) => eb.fn.countAll<number>().as('n')])
      .where('list_id', '=', listId)
      .groupBy(['outcome', 'review', 'method'])
      .execute();
    return rows.map((r) => ({ outcome: r.outcome, review: r.review, method: r.method, n: Number(r.n) }));
  }

  async row(listId: number, row: number, trx?: Trx): Promise<StoredRow | null> {
    const r = await withChecks(trx ?? this.#ctx.db)
      .selectFrom('check_rows')
      .selectAll()
      .where('list_id', '=', listId)
      .where('row', '=', row)
      .executeTakeFirst();
    return r === undefined ? null : toRow(r);
  }

  /** Possible matches across lists (the review queue), newest list first. */
  async reviewRows(q: {
    listId?: number;
    review?: string;
    kinds?: readonly string[] | null;
    limit?: number;
    offset?: number;
  }): Promise<{ total: number; items: StoredRow[] }> {
    let base = withChecks(this.#ctx.db)
      .selectFrom('check_rows')
      .innerJoin('check_lists', 'check_lists.id', 'check_rows.list_id')
      .where('check_rows.outcome', '=', 'possible');
    if (q.listId !== undefined) base = base.where('check_rows.list_id', '=', q.listId);
    if (q.review !== undefined) base = base.where('check_rows.review', '=', q.review);
    if (q.kinds !== undefined && q.kinds !== null)
      base = q.kinds.length === 0 ? base.where(sql<SqlBool>`1 = 0`) : base.where('check_lists.kind', 'in', [...q.kinds]);
    const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
    const rows = await base
      .selectAll('check_rows')
      .orderBy('check_rows.list_id', 'desc')
      .orderBy('check_rows.row')
      .limit(q.limit ?? 50)
      .offset(q.offset ?? 0)
      .execute();
    return { total, items: rows.map(toRow) };
  }

  async saveReview(
    trx: Trx,
    listId: number,
    row: number,
    decision: 'confirmed' | 'rejected',
    memberId: string | null,
    householdId: string | null,
    actor: Actor,
    at: string,
    note: string | null,
  ): Promise<void> {
    assertTransaction(trx);
    await withChecks(trx)
      .updateTable('check_rows')
      .set({ review: decision, review_member_id: memberId, reviewed_by_id: actor.id, reviewed_by_name: actor.name, reviewed_at: at })
      .where('list_id', '=', listId)
      .where('row', '=', row)
      .execute();
    const log = new ChangeBatch(actor, at, note, null);
    log.add(
      'check-review',
      'update',
      `${listId}:${row}`,
      householdId,
      { village: null, township: null, county: null },
      { review: 'pending' },
      { review: decision, memberId },
    );
    await appendChanges(this.#ctx, trx, log);
  }

  /** Points of a kind and source not yet closed, plus the keys of those found 不属实 (not raised again). */
  async liveKeys(
    trx: Trx,
    listKind: string,
    source: string,
  ): Promise<{ live: { id: number; key: string; status: PointStatus; householdId: string | null; codes: RowCodes }[]; dismissed: Set<string> }> {
    const rows = await withChecks(trx)
      .selectFrom('check_points')
      .select(['id', 'key', 'status', 'finding', 'household_id', 'village_code', 'township_code', 'county_code'])
      .where('list_kind', '=', listKind)
      .where('source', '=', source)
      .where((eb) => eb.or([eb('status', '!=', 'closed'), eb('finding', '=', 'unfounded')]))
      .execute();
    const live = rows
      .filter((r) => r.status !== 'closed')
      .map((r) => ({
        id: Number(r.id),
        key: r.key,
        status: r.status as PointStatus,
        householdId: r.household_id,
        codes: { village: r.village_code, township: r.township_code, county: r.county_code },
      }));
    return { live, dismissed: new Set(rows.filter((r) => r.status === 'closed').map((r) => r.key)) };
  }

  /** New open points of a list, in one batch; returns their ids in order. */
  async createPoints(trx: Trx, listId: number, listKind: string, source: string, points: readonly NewPoint[], actor: Actor, at: string): Promise<number[]> {
    assertTransaction(trx);
    if (points.length === 0) return [];
    await this.#lock(trx);
    const first = await this.#nextId(trx, 'check_points');
    const ids = points.map((_, i) => first + i);
    let next = first;
    await this.#ctx.bulk.insert(trx, pointsSpec, points, (p: NewPoint) => ({
      id: next++,
      key: p.key,
      kind: p.kind,
      list_id: listId,
      last_list_id: listId,
      list_kind: listKind,
      source,
      row: p.row,
      household_id: p.householdId,
      member_id: p.memberId,
      village_code: p.codes.village,
      township_code: p.codes.township,
      county_code: p.codes.county,
      field: p.field,
      ours: p.ours,
      theirs: p.theirs,
      rule: p.rule,
      rule_text: p.ruleText,
      set_fields: json(p.set),
      status: 'open',
      opened_at: at,
      updated_at: at,
    }));
    const log = new ChangeBatch(actor, at, '名单比对发现疑点', null);
    points.forEach((p, i) =>
      log.add('check-point', 'create', String(ids[i]), p.householdId, p.codes, null, { ...logged(p), id: ids[i], listId, listKind, source, status: 'open' }),
    );
    await appendChanges(this.#ctx, trx, log);
    return ids;
  }

  /** Points found again by a newer version: they stay as they are, remembering the list. */
  async keepPoints(trx: Trx, ids: readonly number[], listId: number, at: string): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      await withChecks(trx)
        .updateTable('check_points')
        .set({ last_list_id: listId, updated_at: at })
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
    }
  }

  /** Closes points a newer list no longer shows (finding list-agrees), logged one by one. */
  async closeAgreed(
    trx: Trx,
    points: readonly { id: number; householdId: string | null; codes: RowCodes; status: PointStatus }[],
    listId: number,
    actor: Actor,
    at: string,
    reason: string,
  ): Promise<void> {
    if (points.length === 0) return;
    const ids = points.map((p) => p.id);
    for (let i = 0; i < ids.length; i += 500) {
      await withChecks(trx)
        .updateTable('check_points')
        .set({ status: 'closed', finding: 'list-agrees', closed_at: at, updated_at: at, last_list_id: listId })
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
    }
    const log = new ChangeBatch(actor, at, reason, null);
    for (const p of points)
      log.add('check-point', 'update', String(p.id), p.householdId, p.codes, { status: p.status }, { status: 'closed', finding: 'list-agrees', listId });
    await appendChanges(this.#ctx, trx, log);
  }

  #pointQuery(db: CDb, who: PointScope, q: PointQuery) {
    let base = db
      .selectFrom('check_points')
      .leftJoin('check_lists', 'check_lists.id', 'check_points.list_id')
      .leftJoin('members as m', 'm.id', 'check_points.member_id')
      .leftJoin('regions as v', 'v.code', 'check_points.village_code')
      .leftJoin('regions as t', 't.code', 'check_points.township_code')
      .where((eb) => pointScopeWhere(eb, who));
    if (q.ids !== undefined) base = q.ids.length === 0 ? base.where(sql<SqlBool>`1 = 0`) : base.where('check_points.id', 'in', [...q.ids]);
    if (q.kinds !== undefined && q.kinds.length > 0) base = base.where('check_points.kind', 'in', [...q.kinds]);
    if (q.listKind !== undefined) base = base.where('check_points.list_kind', '=', q.listKind);
    if (q.source !== undefined) base = base.where('check_points.source', '=', q.source);
    if (q.listId !== undefined) base = base.where((eb) => eb.or([eb('check_points.list_id', '=', q.listId!), eb('check_points.last_list_id', '=', q.listId!)]));
    if (q.township !== undefined) base = base.where('check_points.township_code', '=', q.township);
    if (q.village !== undefined) base = base.where('check_points.village_code', '=', q.village);
    if (q.householdId !== undefined) base = base.where('check_points.household_id', '=', q.householdId);
    if (q.statuses !== undefined && q.statuses.length > 0) base = base.where('check_points.status', 'in', [...q.statuses]);
    if (q.openedBefore !== undefined) base = base.where('check_points.opened_at', '<=', q.openedBefore);
    if (q.openedAfter !== undefined) base = base.where('check_points.opened_at', '>=', q.openedAfter);
    if (q.assignee !== undefined) base = base.where('check_points.assignee', '=', q.assignee);
    return base;
  }

  async points(who: PointScope, q: PointQuery = {}): Promise<{ total: number; items: Point[] }> {
    const db = withChecks(q.trx ?? this.#ctx.db);
    const base = this.#pointQuery(db, who, q);
    const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
    const sortCol = { openedAt: 'check_points.opened_at', kind: 'check_points.kind', village: 'check_points.village_code', status: 'check_points.status' }[
      q.sort ?? 'openedAt'
    ] as 'check_points.opened_at';
    const order = q.order ?? (q.sort === undefined ? 'desc' : 'asc');
    const rows = await base
      .selectAll('check_points')
      .select([
        'check_lists.as_of',
        'm.name as member_name',
        'v.name as village_name',
        't.name as township_name',
        (eb) =>
          eb
            .selectFrom('members as h')
            .select('h.name')
            .whereRef('h.household_id', '=', 'check_points.household_id')
            .where('h.relation', '=', 'head')
            .limit(1)
            .as('head_name'),
      ])
      .orderBy(sortCol, order)
      .orderBy('check_points.id', order)
      .limit(q.limit ?? 50)
      .offset(q.offset ?? 0)
      .execute();
    return { total, items: rows.map((r) => toPoint(r as unknown as PointRow)) };
  }

  async point(who: PointScope, id: number, trx?: Trx): Promise<Point | null> {
    const { items } = await this.points(who, { ids: [id], limit: 1, ...(trx !== undefined ? { trx } : {}) });
    return items[0] ?? null;
  }

  /** Counts by kind, status and township in scope (the dashboard card, a run's detail). */
  async tally(
    who: PointScope,
    q: Pick<PointQuery, 'listId' | 'householdId'> = {},
  ): Promise<{ kind: string; status: string; townshipCode: string | null; townshipName: string | null; n: number; oldest: string }[]> {
    const rows = await this.#pointQuery(withChecks(this.#ctx.db), who, q)
      .select([
        'check_points.kind',
        'check_points.status',
        'check_points.township_code',
        't.name as township_name',
        (eb) => eb.fn.countAll<number>().as('n'),
        (eb) => eb.fn.min<string>('check_points.opened_at').as('oldest'),
      ])
      .groupBy(['check_points.kind', 'check_points.status', 'check_points.township_code', 't.name'])
      .execute();
    return rows.map((r) => ({
      kind: r.kind,
      status: r.status,
      townshipCode: r.township_code,
      townshipName: r.township_name,
      n: Number(r.n),
      oldest: r.oldest,
    }));
  }

  /** Open points opened on or before `before` (overdue), in scope. */
  async countOpenedBefore(who: PointScope, before: string, householdId?: string): Promise<number> {
    const r = await this.#pointQuery(withChecks(this.#ctx.db), who, {
      statuses: ['open'],
      openedBefore: before,
      ...(householdId !== undefined ? { householdId } : {}),
    })
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** Writes a step of a point's life cycle and its change row. */
  async updatePoint(trx: Trx, before: Point, patch: PointPatch, actor: Actor, at: string, reason: string | null): Promise<void> {
    assertTransaction(trx);
    const set: Partial<CheckPointsTable> = { updated_at: at };
    if (patch.status !== undefined) set.status = patch.status;
    if (patch.finding !== undefined) set.finding = patch.finding;
    if (patch.note !== undefined) set.note = patch.note;
    if (patch.evidenceIds !== undefined) set.evidence_ids = JSON.stringify(patch.evidenceIds);
    if (patch.assignee !== undefined) set.assignee = patch.assignee;
    if (patch.dueDate !== undefined) set.due_date = patch.dueDate;
    if (patch.checkedBy !== undefined) {
      set.checked_by_id = patch.checkedBy?.id ?? null;
      set.checked_by_name = patch.checkedBy?.name ?? null;
    }
    if (patch.checkedAt !== undefined) set.checked_at = patch.checkedAt;
    if (patch.verifiedBy !== undefined) {
      set.verified_by_id = patch.verifiedBy?.id ?? null;
      set.verified_by_name = patch.verifiedBy?.name ?? null;
    }
    if (patch.verifiedAt !== undefined) set.verified_at = patch.verifiedAt;
    if (patch.closedAt !== undefined) set.closed_at = patch.closedAt;
    if (patch.correction !== undefined) {
      set.correction_kind = patch.correction?.kind ?? null;
      set.correction_id = patch.correction?.id ?? null;
    }
    if (patch.lastListId !== undefined) set.last_list_id = patch.lastListId;
    await withChecks(trx).updateTable('check_points').set(set).where('id', '=', before.id).execute();
    const was: Record<string, unknown> = {};
    const now: Record<string, unknown> = {};
    const b = before as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(patch)) {
      if (JSON.stringify(b[k] ?? null) === JSON.stringify(v ?? null)) continue;
      was[k] = b[k] ?? null;
      now[k] = v ?? null;
    }
    const log = new ChangeBatch(actor, at, reason, null);
    log.add(
      'check-point',
      'update',
      String(before.id),
      before.householdId,
      { village: before.villageCode, township: before.townshipCode, county: before.countyCode },
      was,
      now,
    );
    await appendChanges(this.#ctx, trx, log);
  }

  async addEvidence(
    trx: Trx,
    point: Point,
    file: { fileName: string; contentType: string; data: Uint8Array },
    actor: Actor,
    at: string,
  ): Promise<EvidenceMeta> {
    assertTransaction(trx);
    const meta: EvidenceMeta = {
      id: randomUUID(),
      pointId: point.id,
      fileName: file.fileName,
      contentType: file.contentType,
      size: file.data.byteLength,
      sha256: createHash('sha256').update(file.data).digest('hex'),
      uploadedBy: actor,
      uploadedAt: at,
    };
    await withChecks(trx)
      .insertInto('check_evidence')
      .values({
        id: meta.id,
        point_id: point.id,
        file_name: meta.fileName,
        content_type: meta.contentType,
        size: meta.size,
        sha256: meta.sha256,
        data: file.data,
        uploaded_by_id: actor.id,
        uploaded_by_name: actor.name,
        uploaded_at: at,
      })
      .execute();
    const log = new ChangeBatch(actor, at, null, null);
    log.add(
      'check-evidence',
      'create',
      meta.id,
      point.householdId,
      { village: point.villageCode, township: point.townshipCode, county: point.countyCode },
      null,
      {
        pointId: point.id,
        fileName: meta.fileName,
        size: meta.size,
        sha256: meta.sha256,
      },
    );
    await appendChanges(this.#ctx, trx, log);
    return meta;
  }

  /** Evidence of a point in scope (metadata). */
  async evidence(who: PointScope, pointId: number, trx?: Trx): Promise<EvidenceMeta[]> {
    if ((await this.point(who, pointId, trx)) === null) return [];
    const rows = await withChecks(trx ?? this.#ctx.db)
      .selectFrom('check_evidence')
      .select(['id', 'point_id', 'file_name', 'content_type', 'size', 'sha256', 'uploaded_by_id', 'uploaded_by_name', 'uploaded_at'])
      .where('point_id', '=', pointId)
      .orderBy('uploaded_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      pointId: Number(r.point_id),
      fileName: r.file_name,
      contentType: r.content_type,
      size: Number(r.size),
      sha256: r.sha256,
      uploadedBy: { id: r.uploaded_by_id, name: r.uploaded_by_name },
      uploadedAt: r.uploaded_at,
    }));
  }

  async evidenceFile(who: PointScope, pointId: number, id: string): Promise<(EvidenceMeta & { data: Uint8Array }) | null> {
    if ((await this.point(who, pointId)) === null) return null;
    const r = await withChecks(this.#ctx.db).selectFrom('check_evidence').selectAll().where('point_id', '=', pointId).where('id', '=', id).executeTakeFirst();
    if (r === undefined) return null;
    return {
      id: r.id,
      pointId: Number(r.point_id),
      fileName: r.file_name,
      contentType: r.content_type,
      size: Number(r.size),
      sha256: r.sha256,
      uploadedBy: { id: r.uploaded_by_id, name: r.uploaded_by_name },
      uploadedAt: r.uploaded_at,
      data: new Uint8Array(r.data),
    };
  }
}
