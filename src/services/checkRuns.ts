// 名单比对 as the pages see it: the kinds a user may upload, uploads (a refused list stores
// nothing and answers with its problems), the runs and their counts, a run's rows, the queue of
// possible matches and their side-by-side review, and the points summary of the dashboard card.
//
// Who: anyone with check.read sees runs and the points of their own area; a sector department
// only the kinds it sends. Rows and the review queue name people across the county, so they are
// for those who upload and review (check.review: the county office and the sending department).
import { createHash } from 'node:crypto';
import type {
  CheckKindsResponse,
  CheckRowListResponse,
  CheckRunDetailResponse,
  CheckRunListResponse,
  CheckRunView,
  CheckUploadResponse,
  FieldAgreement,
  PersonSide,
  PointSummaryResponse,
  ReviewCandidate,
  ReviewItem,
  ReviewListResponse,
  ReviewResponse,
} from '../contract/checks.js';
import { pointKey, rowPoints, unmatchedRowPoint, type CheckRow, type PointDraft } from '../domain/crossCheck/rules.js';
import { RELATION_LABELS, SEX_LABELS } from '../domain/labels.js';
import { FIELD_LABELS, LEVEL_LABELS } from '../domain/linkage/explain.js';
import type { ComparisonDetail, LinkField, SurnameAdjustment } from '../domain/linkage/link.js';
import { masker, type Masker } from '../domain/mask.js';
import { can, isSectorBound } from '../domain/roles.js';
import type { Rulebook } from '../domain/rulebook.js';
import type { HouseholdRecord, Member, Region, Relation, Sex } from '../domain/types.js';
import { LIST_PROFILES, type ListColumn, type ListKind } from '../io/lists/profiles.js';
import type { RosterIssue as ListIssue } from '../io/roster/errors.js';
import { readWorkbook, SheetFormatError } from '../io/sheets/index.js';
import { ALL, type CheckList, type NewPoint, type StoredRow, type Trx } from '../store/index.js';
import { AccessError, notAllowed, notFound, type Access } from './access.js';
import type { ServiceContext } from './context.js';
import { pointScope, ruleContext, runCheck, uploadableKinds } from './crossCheck.js';
import { chinaDate } from './history.js';
import { activeRulebook } from './rulebooks.js';

const ISSUE_LIMIT = 200;
const conflict = (code: string, message: string) => new AccessError(409, code, message);

function requireRead(viewer: Access): void {
  if (!can(viewer.role, 'check.read')) throw notAllowed('您的账号不能查看比对结果');
}

/** The list kinds whose runs the viewer sees: a sector department its own, everyone else every kind. */
function visibleKinds(viewer: Access, rb: Rulebook): string[] | null {
  return isSectorBound(viewer.role) ? uploadableKinds(viewer, rb) : null;
}

function requireKind(viewer: Access, rb: Rulebook, kind: string): void {
  const kinds = visibleKinds(viewer, rb);
  if (kinds !== null && !kinds.includes(kind)) throw notFound('比对记录不存在');
}

/** Rows and reviews name people county-wide: for the uploading and reviewing accounts only. */
function requireReview(viewer: Access): void {
  if (!can(viewer.role, 'check.review')) throw notAllowed('您的账号不能查看名单的逐行比对结果');
}

export async function checkKinds(ctx: ServiceContext, viewer: Access): Promise<CheckKindsResponse> {
  requireRead(viewer);
  const rb = await activeRulebook(ctx.store);
  const cc = rb.crossCheck;
  const mine = new Set(uploadableKinds(viewer, rb));
  const kinds = visibleKinds(viewer, rb);
  const listKinds = Object.entries(cc.listKinds)
    .filter(([code]) => kinds === null || kinds.includes(code))
    .map(([code, k]) => ({ code, label: k.label, sectors: [...k.sectors], defaultSource: k.defaultSource, canUpload: mine.has(code) }));
  const pointKinds = Object.entries(cc.pointKinds).map(([code, p]) => ({
    code,
    label: p.label,
    listKinds: Object.entries(cc.listKinds)
      .filter(([, k]) => k.unmatchedRow === code || k.absent?.point === code)
      .map(([c]) => c),
  }));
  return {
    listKinds,
    pointKinds,
    findings: (Object.keys(cc.findings) as (keyof typeof cc.findings)[]).map((code) => ({ code, label: cc.findings[code] })),
    statuses: (Object.keys(cc.statuses) as (keyof typeof cc.statuses)[]).map((code) => ({ code, label: cc.statuses[code] })),
  };
}

export function runView(list: CheckList, rb: Rulebook): CheckRunView {
  return {
    ...list.counts,
    rows: list.rows,
    id: list.id,
    listId: list.id,
    kind: list.kind,
    kindLabel: rb.crossCheck.listKinds[list.kind]?.label ?? list.kind,
    source: list.source,
    asOf: list.asOf,
    version: list.version,
    fileName: list.fileName,
    sha256: list.sha256,
    uploadedBy: list.actor,
    uploadedAt: list.at,
    superseded: list.superseded,
  };
}

function issueView(i: ListIssue): CheckUploadResponse['warnings'][number] {
  return {
    severity: i.severity,
    sheet: i.sheet,
    row: i.row,
    column: i.column,
    header: i.header,
    value: i.value,
    message: i.message,
    code: i.code,
  };
}

const firstIssues = (issues: readonly ListIssue[]) =>
  [...issues.filter((i) => i.severity === 'error'), ...issues.filter((i) => i.severity !== 'error')].slice(0, ISSUE_LIMIT).map(issueView);

export interface UploadedList {
  fileName: string;
  data: Uint8Array;
}

/** 201 with the run, or 422 with the problems of a refused list (nothing stored). */
export async function uploadCheckList(
  ctx: ServiceContext,
  viewer: Access,
  file: UploadedList,
  fields: { kind: string; source?: string | undefined; asOf?: string | undefined },
): Promise<{ status: 201 | 422; body: CheckUploadResponse }> {
  let workbook;
  try {
    workbook = readWorkbook(Buffer.from(file.data), file.fileName);
  } catch (e) {
    if (e instanceof SheetFormatError) {
      const message = `名单未比对，未保存任何内容：${e.message}`;
      return { status: 422, body: { run: null, rejection: { message, issues: [], issueCount: 0, errorCount: 1 }, warnings: [] } };
    }
    throw e;
  }
  const r = await runCheck(ctx, viewer, {
    workbook,
    fileName: file.fileName,
    sha256: createHash('sha256').update(file.data).digest('hex'),
    kind: fields.kind,
    source: fields.source,
    asOf: fields.asOf,
  });
  if (r.refused !== null) {
    const errors = r.refused.issues.filter((i) => i.severity === 'error');
    return {
      status: 422,
      body: {
        run: null,
        rejection: {
          message: `名单未比对，未保存任何内容：${file.fileName} 有 ${errors.length} 处错误，请按问题清单改正后重新上传`,
          issues: firstIssues(r.refused.issues),
          issueCount: r.refused.issues.length,
          errorCount: errors.length,
        },
        warnings: [],
      },
    };
  }
  const rb = await activeRulebook(ctx.store);
  return { status: 201, body: { run: runView(r.run!, rb), rejection: null, warnings: firstIssues(r.warnings) } };
}

const paging = (q: { page?: number | undefined; pageSize?: number | undefined }, size = 20) => {
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? size;
  return { page, pageSize, limit: pageSize, offset: (page - 1) * pageSize };
};

export async function listRuns(
  ctx: ServiceContext,
  viewer: Access,
  q: { kind?: string | undefined; source?: string | undefined; page?: number | undefined; pageSize?: number | undefined },
): Promise<CheckRunListResponse> {
  requireRead(viewer);
  const rb = await activeRulebook(ctx.store);
  const p = paging(q);
  const { total, items } = await ctx.store.checks.lists({
    ...(q.kind !== undefined ? { kind: q.kind } : {}),
    ...(q.source !== undefined && q.source !== '' ? { source: q.source } : {}),
    kinds: visibleKinds(viewer, rb),
    limit: p.limit,
    offset: p.offset,
  });
  return { total, page: p.page, pageSize: p.pageSize, items: items.map((l) => runView(l, rb)) };
}

async function visibleRun(ctx: ServiceContext, viewer: Access, rb: Rulebook, id: number): Promise<CheckList> {
  const list = await ctx.store.checks.list(id);
  if (list === null) throw notFound('比对记录不存在');
  requireKind(viewer, rb, list.kind);
  return list;
}

type Tally = { open: number; checked: number; closed: number; total: number };
const emptyTally = (): Tally => ({ open: 0, checked: 0, closed: 0, total: 0 });
function addTo(t: Tally, status: string, n: number): void {
  if (status === 'open' || status === 'checked' || status === 'closed') t[status] += n;
  t.total += n;
}

/** Tallies by kind and by township, labelled from the rulebook, most points first. */
function tallies(rb: Rulebook, rows: readonly { kind: string; status: string; townshipCode: string | null; townshipName: string | null; n: number }[]) {
  const byKind = new Map<string, Tally>();
  const byTownship = new Map<string | null, Tally & { name: string }>();
  for (const r of rows) {
    const k = byKind.get(r.kind) ?? emptyTally();
    addTo(k, r.status, r.n);
    byKind.set(r.kind, k);
    const t = byTownship.get(r.townshipCode) ?? { ...emptyTally(), name: r.townshipName ?? '（未定乡镇）' };
    addTo(t, r.status, r.n);
    byTownship.set(r.townshipCode, t);
  }
  return {
    byKind: [...byKind].map(([kind, t]) => ({ kind, label: rb.crossCheck.pointKinds[kind]?.label ?? kind, ...t })).sort((a, b) => b.total - a.total),
    byTownship: [...byTownship]
      .map(([townshipCode, t]) => ({ townshipCode, townshipName: t.name, open: t.open, checked: t.checked, closed: t.closed, total: t.total }))
      .sort((a, b) => b.total - a.total),
  };
}

export async function runDetail(ctx: ServiceContext, viewer: Access, id: number): Promise<CheckRunDetailResponse> {
  requireRead(viewer);
  const rb = await activeRulebook(ctx.store);
  const list = await visibleRun(ctx, viewer, rb, id);
  const byOutcome = { match: 0, possible: 0, none: 0, possiblePending: 0, possibleConfirmed: 0, possibleRejected: 0, byId: 0, byScore: 0 };
  for (const r of await ctx.store.checks.rowTally(id)) {
    if (r.outcome === 'match' || r.outcome === 'possible' || r.outcome === 'none') byOutcome[r.outcome] += r.n;
    if (r.outcome === 'possible') {
      if (r.review === 'confirmed') byOutcome.possibleConfirmed += r.n;
      else if (r.review === 'rejected') byOutcome.possibleRejected += r.n;
      else byOutcome.possiblePending += r.n;
    }
    if (r.outcome === 'match' && r.method === 'id') byOutcome.byId += r.n;
    if (r.outcome === 'match' && r.method === 'score') byOutcome.byScore += r.n;
  }
  const t = tallies(rb, await ctx.store.checks.tally(pointScope(viewer, rb), { listId: id }));
  return {
    run: runView(list, rb),
    byOutcome,
    pointsByKind: t.byKind,
    pointsByTownship: t.byTownship,
    canReview: can(viewer.role, 'check.review') && uploadableKinds(viewer, rb).includes(list.kind),
  };
}

interface StoredExplanation {
  comparisons?: ComparisonDetail[];
  surnameAdjustment?: SurnameAdjustment | null;
  runnerUp?: { memberId: string; score: number } | null;
  summary?: string;
}
const explanationOf = (r: StoredRow): StoredExplanation =>
  r.explanation !== null && typeof r.explanation === 'object' ? (r.explanation as StoredExplanation) : {};

function rowExplanation(r: StoredRow): string {
  if (r.method === 'id') return '身份证号一致';
  const e = explanationOf(r);
  if (e.summary) return e.summary;
  return r.outcome === 'none' ? '花名册中没有相近的人' : '';
}

const str = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));

export async function listRunRows(
  ctx: ServiceContext,
  viewer: Access,
  id: number,
  q: { outcome?: string | undefined; review?: string | undefined; page?: number | undefined; pageSize?: number | undefined },
): Promise<CheckRowListResponse> {
  requireRead(viewer);
  requireReview(viewer);
  const rb = await activeRulebook(ctx.store);
  await visibleRun(ctx, viewer, rb, id);
  const p = paging(q, 50);
  const { total, items } = await ctx.store.checks.rows(id, {
    ...(q.outcome !== undefined ? { outcome: q.outcome } : {}),
    ...(q.review !== undefined ? { review: q.review } : {}),
    limit: p.limit,
    offset: p.offset,
  });
  return {
    total,
    page: p.page,
    pageSize: p.pageSize,
    items: items.map((r) => ({
      runId: id,
      row: r.row,
      outcome: r.outcome,
      method: r.method === 'id' ? 'id' : r.method === 'score' ? 'probabilistic' : null,
      householdId: r.review === 'confirmed' ? (r.householdId ?? null) : r.householdId,
      memberId: r.review === 'confirmed' ? (r.reviewMemberId ?? r.memberId) : r.memberId,
      score: r.score,
      explanation: rowExplanation(r),
      review: r.outcome === 'possible' ? (r.review ?? 'pending') : null,
      listName: str(r.data?.['name']),
    })),
  };
}

// ------------------------------------------------------------------ possible matches, side by side

interface Places {
  village: Map<string, Region>;
  township: Map<string, Region>;
}

async function places(ctx: ServiceContext): Promise<Places> {
  const regions = await ctx.store.regions.list(ALL);
  return {
    village: new Map(regions.filter((r) => r.level === 'village').map((r) => [r.code, r])),
    township: new Map(regions.filter((r) => r.level === 'township').map((r) => [r.code, r])),
  };
}

const PERSON_KEYS = new Set(['seq', 'name', 'idNumber', 'sex', 'birthDate', 'county', 'township', 'village', 'villageCode', 'relation']);

/** A list value as the list's own words: stored rows keep our codes (hearing, true), the screen shows 听力, 是. */
function shownValue(c: ListColumn, v: unknown): string {
  if (c.kind === 'bool' && typeof v === 'boolean') return v ? '是' : '否';
  if (c.kind === 'enum' && c.values) {
    const word = Object.entries(c.values).find(([, code]) => code === v)?.[0];
    if (word !== undefined) return word;
  }
  return String(v);
}

function listSide(kind: string, data: Record<string, unknown> | null, m: Masker, pl: Places): PersonSide {
  const d = data ?? {};
  const villageCode = str(d['villageCode']);
  const village = villageCode === null ? undefined : pl.village.get(villageCode);
  const profile = LIST_PROFILES[kind as ListKind] as (typeof LIST_PROFILES)[ListKind] | undefined;
  const extra = (profile?.columns ?? [])
    .filter((c) => !PERSON_KEYS.has(c.key) && str(d[c.key]) !== null)
    .map((c) => ({ label: c.label, value: c.kind === 'idNumber' ? m.idNumber(str(d[c.key])) : shownValue(c, d[c.key]) }));
  const sex = str(d['sex']);
  const relation = str(d['relation']);
  return {
    name: str(d['name']),
    idNumber: str(d['idNumber']) === null ? null : m.idNumber(String(d['idNumber'])),
    sex: sex === null ? null : SEX_LABELS.label(sex as Sex),
    birthDate: str(d['birthDate']),
    villageCode,
    villageName: village?.name ?? str(d['village']),
    townshipName: (village?.parentCode ? pl.township.get(village.parentCode)?.name : undefined) ?? str(d['township']),
    relation: relation === null ? null : RELATION_LABELS.label(relation as Relation),
    extra,
  };
}

function memberSide(member: Member, rec: HouseholdRecord, m: Masker, pl: Places): PersonSide {
  const village = pl.village.get(rec.household.villageCode);
  return {
    name: member.name,
    idNumber: member.idNumber === null ? null : m.idNumber(member.idNumber),
    sex: member.sex === null ? null : SEX_LABELS.label(member.sex),
    birthDate: member.birthDate,
    villageCode: rec.household.villageCode,
    villageName: village?.name ?? null,
    townshipName: village?.parentCode ? (pl.township.get(village.parentCode)?.name ?? null) : null,
    relation: RELATION_LABELS.label(member.relation),
    extra: [
      { label: '户编号', value: rec.household.id },
      { label: '家庭人口', value: `${rec.members.length} 人` },
    ],
  };
}

function agreements(comparisons: readonly ComparisonDetail[]): FieldAgreement[] {
  return comparisons.map((c) => ({
    field: c.field,
    fieldLabel: FIELD_LABELS[c.field as LinkField],
    level: c.level,
    levelLabel: LEVEL_LABELS[c.field as LinkField][c.level] ?? c.level,
    weight: c.weight,
    agrees: c.weight > 0,
  }));
}

async function recordsOf(ctx: ServiceContext, rb: Rulebook, memberIds: readonly string[]): Promise<Map<string, { member: Member; record: HouseholdRecord }>> {
  const households = await ctx.store.registry.householdsOfMembers(memberIds);
  const ids = [...new Set(households.values())];
  const records = ids.length === 0 ? [] : await ctx.store.registry.loadRecords(ALL, { householdIds: ids, year: rb.year });
  const out = new Map<string, { member: Member; record: HouseholdRecord }>();
  for (const record of records) for (const member of record.members) if (memberIds.includes(member.id)) out.set(member.id, { member, record });
  return out;
}

async function reviewItems(
  ctx: ServiceContext,
  viewer: Access,
  rb: Rulebook,
  lists: Map<number, CheckList>,
  rows: readonly StoredRow[],
): Promise<ReviewItem[]> {
  const m = masker(viewer.mask);
  const pl = await places(ctx);
  const wanted = new Set<string>();
  for (const r of rows) {
    if (r.memberId !== null) wanted.add(r.memberId);
    const up = explanationOf(r).runnerUp;
    if (up) wanted.add(up.memberId);
  }
  const people = await recordsOf(ctx, rb, [...wanted]);
  const mine = new Set(uploadableKinds(viewer, rb));
  return rows.map((r) => {
    const list = lists.get(r.listId)!;
    const e = explanationOf(r);
    const candidates: ReviewCandidate[] = [];
    const add = (memberId: string | null, score: number | null, comparisons: readonly ComparisonDetail[], adj: SurnameAdjustment | null, summary: string) => {
      const p = memberId === null ? undefined : people.get(memberId);
      if (p === undefined) return;
      const head = p.record.members.find((x) => x.relation === 'head');
      candidates.push({
        ...memberSide(p.member, p.record, m, pl),
        memberId: p.member.id,
        householdId: p.record.household.id,
        headName: head?.name ?? null,
        score: score ?? 0,
        comparisons: agreements(comparisons),
        surnameAdjustment: adj === null ? null : { surname: adj.surname, frequency: adj.frequency, weight: adj.weight },
        summary,
      });
    };
    add(r.memberId, r.score, e.comparisons ?? [], e.surnameAdjustment ?? null, e.summary ?? '');
    if (e.runnerUp) add(e.runnerUp.memberId, e.runnerUp.score, [], null, `次优候选，${e.runnerUp.score}分`);
    return {
      runId: r.listId,
      row: r.row,
      kind: list.kind,
      kindLabel: rb.crossCheck.listKinds[list.kind]?.label ?? list.kind,
      source: list.source,
      list: listSide(list.kind, r.data, m, pl),
      candidates,
      review: r.review ?? 'pending',
      reviewedBy: r.reviewedBy,
      reviewedAt: r.reviewedAt,
      confirmedMemberId: r.review === 'confirmed' ? r.reviewMemberId : null,
      canReview: can(viewer.role, 'check.review') && mine.has(list.kind) && (r.review ?? 'pending') === 'pending',
    };
  });
}

async function listsById(ctx: ServiceContext, ids: readonly number[]): Promise<Map<number, CheckList>> {
  const unique = [...new Set(ids)];
  const { items } = unique.length === 0 ? { items: [] } : await ctx.store.checks.lists({ ids: unique, limit: unique.length });
  return new Map(items.map((l) => [l.id, l]));
}

export async function listReviews(
  ctx: ServiceContext,
  viewer: Access,
  q: { runId?: number | undefined; review?: string | undefined; page?: number | undefined; pageSize?: number | undefined },
): Promise<ReviewListResponse> {
  requireRead(viewer);
  requireReview(viewer);
  const rb = await activeRulebook(ctx.store);
  if (q.runId !== undefined) await visibleRun(ctx, viewer, rb, q.runId);
  const p = paging(q, 20);
  const { total, items } = await ctx.store.checks.reviewRows({
    ...(q.runId !== undefined ? { listId: q.runId } : {}),
    ...(q.review !== undefined ? { review: q.review } : {}),
    kinds: visibleKinds(viewer, rb),
    limit: p.limit,
    offset: p.offset,
  });
  const lists = await listsById(
    ctx,
    items.map((r) => r.listId),
  );
  return { total, page: p.page, pageSize: p.pageSize, items: await reviewItems(ctx, viewer, rb, lists, items) };
}

async function possibleRow(ctx: ServiceContext, viewer: Access, rb: Rulebook, runId: number, row: number): Promise<{ list: CheckList; stored: StoredRow }> {
  const list = await visibleRun(ctx, viewer, rb, runId);
  const stored = await ctx.store.checks.row(runId, row);
  if (stored === null || stored.outcome !== 'possible') throw notFound(`第 ${row} 行不是待确认的可能匹配`);
  return { list, stored };
}

export async function reviewItem(ctx: ServiceContext, viewer: Access, runId: number, row: number): Promise<ReviewItem> {
  requireRead(viewer);
  requireReview(viewer);
  const rb = await activeRulebook(ctx.store);
  const { list, stored } = await possibleRow(ctx, viewer, rb, runId, row);
  return (await reviewItems(ctx, viewer, rb, new Map([[list.id, list]]), [stored]))[0]!;
}

/**
 * Confirming says who the row is: that member's points (the list's facts against the record) open
 * as for an ID match. Rejecting says the row is nobody on the registry: it raises what an unmatched
 * row of its kind raises (名单有而花名册无 for the national export). The candidate a run counted as
 * present while the row waited is not re-examined here; the next version of the list does that.
 * Either way the decision is on the change log.
 */
export async function decideReview(
  ctx: ServiceContext,
  viewer: Access,
  runId: number,
  row: number,
  body: { decision: 'confirm' | 'reject'; memberId?: string | undefined; note?: string | null | undefined },
): Promise<ReviewResponse> {
  requireRead(viewer);
  if (!can(viewer.role, 'check.review')) throw notAllowed('您的账号不能确认可能匹配');
  const rb = await activeRulebook(ctx.store);
  const { list, stored } = await possibleRow(ctx, viewer, rb, runId, row);
  if (!uploadableKinds(viewer, rb).includes(list.kind)) throw notAllowed(`您的账号不能确认${rb.crossCheck.listKinds[list.kind]?.label ?? list.kind}的可能匹配`);
  if ((stored.review ?? 'pending') !== 'pending') {
    throw conflict(
      'already-reviewed',
      `第 ${row} 行已由${stored.reviewedBy?.name ?? '他人'}于 ${chinaDate(stored.reviewedAt ?? ctx.clock())} 确认过，不能重复确认`,
    );
  }
  const note = body.note?.trim() || null;
  let opened: number;
  const fresh = async (trx: Trx, drafts: readonly PointDraft[], codes: NewPoint['codes'], at: string): Promise<number> => {
    const { live, dismissed } = await ctx.store.checks.liveKeys(trx, list.kind, list.source);
    const liveKeys = new Set(live.map((p) => p.key));
    const points = drafts.map((d) => ({ ...d, key: pointKey(list.kind, list.source, d), codes })).filter((d) => !liveKeys.has(d.key) && !dismissed.has(d.key));
    await ctx.store.checks.createPoints(trx, runId, list.kind, list.source, points, ctx.actor, at);
    return points.length;
  };
  if (body.decision === 'confirm') {
    const allowed = [stored.memberId, explanationOf(stored).runnerUp?.memberId].filter((x): x is string => typeof x === 'string');
    const memberId = body.memberId ?? stored.memberId;
    if (memberId === null || !allowed.includes(memberId)) {
      throw new AccessError(400, 'not-a-candidate', `人编号“${memberId ?? ''}”不是第 ${row} 行的候选人，只能在 ${allowed.join('、') || '（无候选人）'} 中选择`);
    }
    const found = (await recordsOf(ctx, rb, [memberId])).get(memberId);
    if (found === undefined) throw conflict('member-gone', `人编号 ${memberId} 已不在花名册中，请重新比对名单`);
    const drafts = rowPoints(
      list.kind,
      { row, values: (stored.data ?? {}) as CheckRow['values'] },
      { member: found.member, household: found.record.household, members: found.record.members },
      ruleContext(rb, list.asOf),
    );
    const codes = (await ctx.store.registry.householdCodes(found.record.household.id)) ?? { village: null, township: null, county: null };
    opened = await ctx.store.transaction(async (trx) => {
      const at = ctx.clock();
      await ctx.store.checks.saveReview(trx, runId, row, 'confirmed', memberId, found.record.household.id, ctx.actor, at, note);
      return fresh(trx, drafts, codes, at);
    });
  } else {
    const values = (stored.data ?? {}) as CheckRow['values'];
    const villageCode = str(values['villageCode']);
    const p = unmatchedRowPoint(list.kind, { row, values }, ruleContext(rb, list.asOf), villageCode);
    const township = villageCode === null ? null : ((await places(ctx)).village.get(villageCode)?.parentCode ?? null);
    const codes = { village: villageCode, township, county: villageCode === null ? null : villageCode.slice(0, 6) };
    opened = await ctx.store.transaction(async (trx) => {
      const at = ctx.clock();
      await ctx.store.checks.saveReview(trx, runId, row, 'rejected', null, stored.householdId, ctx.actor, at, note);
      return p === null ? 0 : fresh(trx, [p], codes, at);
    });
  }
  return { item: await reviewItem(ctx, viewer, runId, row), pointsOpened: opened, pointsClosed: 0 };
}

// ------------------------------------------------------------------ the dashboard card

export async function pointSummary(ctx: ServiceContext, viewer: Access, household?: string): Promise<PointSummaryResponse> {
  requireRead(viewer);
  const rb = await activeRulebook(ctx.store);
  const who = pointScope(viewer, rb);
  const q = household === undefined ? {} : { householdId: household };
  const rows = await ctx.store.checks.tally(who, q);
  const t = tallies(rb, rows);
  const sum = (s: string) => rows.filter((r) => r.status === s).reduce((n, r) => n + r.n, 0);
  // Overdue: open for longer than the rulebook's dueDays, counted from the viewer's today.
  const today = chinaDate(ctx.clock());
  const cutoff = new Date(Date.parse(`${today}T00:00:00Z`) - rb.crossCheck.dueDays * 86_400_000).toISOString();
  const overdue = await ctx.store.checks.countOpenedBefore(who, cutoff, household);
  const { items } = await ctx.store.checks.lists({ kinds: visibleKinds(viewer, rb), limit: 5 });
  return {
    open: sum('open'),
    checked: sum('checked'),
    closed: sum('closed'),
    overdue,
    byKind: t.byKind,
    byTownship: t.byTownship,
    lastRuns: items.map((l) => runView(l, rb)),
  };
}
