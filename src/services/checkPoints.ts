// The life cycle of a point to verify (疑点, docs/cross-check.md): list and read points in scope,
// assign them, attach evidence, record the site finding (open → checked), verify it (checked →
// closed, or back to open with a note) and close it without a visit where the rules allow.
//
// Scope is the repository's (a point's own region codes, and a sector department's own list
// kinds); out of scope answers as missing. Every step is a change row in the same transaction.
// A 属实 finding that needs a second person (rulebook crossCheck.verifyFindings) is verified by
// someone other than the checker; its approval starts the correction the rulebook names for the
// point kind, in the same transaction: a change through changeRequests.ts (sensitive fields wait
// there for a township's approval) or a remediation task, and the household is re-assessed.
//
// Closing without a visit (closePoint): the county office may close an open or checked point
// with a note (a list known to be wrong); a township or the county may close a checked point
// whose finding needs no second person (不属实, 已整改 by default), the checker included. A
// 属实 finding is never closed this way: it goes through verifyPoint.
import type { z } from 'zod';
import type {
  PointExportQuery,
  AssignPointsRequest,
  EvidenceView,
  FindingRequest,
  PointDetailResponse,
  PointListQuery,
  PointListResponse,
  PointStepResponse,
  VerifyRequest,
} from '../contract/checks.js';
import { CorrectValueInvalid, withCorrectValue } from '../domain/crossCheck/correctValue.js';
import type { Correction } from '../domain/crossCheck/settings.js';
import type { PointSet } from '../domain/crossCheck/rules.js';
import { TASK_STATUS_LABELS } from '../domain/labels.js';
import type { ProposedChange } from '../domain/memberChange.js';
import { can } from '../domain/roles.js';
import type { Rulebook } from '../domain/rulebook.js';
import type { Task } from '../domain/types.js';
import { ALL, type Point, type PointPatch, type PointQuery, type Trx } from '../store/index.js';
import { AccessError, notAllowed, notFound, type Access } from './access.js';
import { STATUS_LABELS as REQUEST_STATUS_LABELS, submitChangeIn } from './changeRequests.js';
import type { ServiceContext } from './context.js';
import { pointScope } from './crossCheck.js';
import { chinaDate } from './history.js';
import { withReassessment, type Reassessor } from './reassess.js';
import { activeRulebook } from './rulebooks.js';
import { ATTACHMENT_MAX_BYTES, sniffType } from './tasks.js';
import {
  chinaDayStart,
  closesWithoutVisit,
  historyOf,
  linkExplanation,
  listRecord,
  needsSecondPerson,
  pointView,
  type CorrectionView,
} from './checkPointViews.js';

const POINT = '该疑点';
const bad = (code: string, message: string) => new AccessError(400, code, message);
const conflict = (message: string) => new AccessError(409, 'invalid-state', message);

function readCheck(viewer: Access): void {
  if (!can(viewer.role, 'check.read')) throw notAllowed('您的账号不能查看比对疑点');
}

async function loadPoint(ctx: ServiceContext, viewer: Access, rb: Rulebook, id: number, trx?: Trx): Promise<Point> {
  const p = await ctx.store.checks.point(pointScope(viewer, rb), id, trx);
  if (p === null) throw notFound(POINT);
  return p;
}

/** The point read for a step: locked first, so a concurrent step on it waits and then sees its status. */
async function lockedPoint(ctx: ServiceContext, viewer: Access, rb: Rulebook, id: number, trx: Trx): Promise<Point> {
  await ctx.store.checks.lockPoints(trx, [id]);
  const p = await ctx.store.checks.point(pointScope(viewer, rb), id, trx);
  if (p === null) throw notFound(POINT);
  return p;
}

/** What the point's correction is now: the request's or task's status as the office reads it. */
async function correctionOf(ctx: ServiceContext, p: Point, trx?: Trx): Promise<CorrectionView> {
  const c = p.correction;
  if (c === null) return null;
  if (c.kind === 'change-request') {
    if (c.id.startsWith(APPLIED_PREFIX)) return { kind: c.kind, id: c.id, status: 'applied', text: '已更正花名册（无须审批，已生效）' };
    const req = await ctx.store.changeRequests.get(ALL, c.id, trx !== undefined ? { trx } : {});
    const status = req?.status ?? 'pending';
    return {
      kind: c.kind,
      id: c.id,
      status,
      text: `变更申请${req === null ? '' : REQUEST_STATUS_LABELS[status]}${status === 'pending' ? '，待乡镇审核' : ''}`,
    };
  }
  const tasks = p.householdId === null ? [] : await ctx.store.tasks.list(ALL, { householdId: p.householdId, ...(trx !== undefined ? { trx } : {}) });
  const t = tasks.find((x) => x.id === c.id);
  const status = t?.status ?? 'open';
  return { kind: c.kind, id: c.id, status, text: `整改任务${TASK_STATUS_LABELS.label(status)}` };
}

/** What the list would set: a site value keeps the list's beside it, so a return restores it. */
const listSet = (set: unknown): PointSet | null => (set as { fromList?: PointSet } | null)?.fromList ?? (set as PointSet | null);

/** A change applied at once has no request: the point remembers the change-log row instead. */
const APPLIED_PREFIX = 'log-';

// ------------------------------------------------------------------ reading

/** The list's filters as the store's query (the export takes the same filters without paging). */
export function pointQueryOf(q: z.output<typeof PointExportQuery> & Pick<z.output<typeof PointListQuery>, 'sort' | 'order'>, today: string): PointQuery {
  if (q.minAgeDays !== undefined && q.maxAgeDays !== undefined && q.minAgeDays > q.maxAgeDays)
    throw bad('invalid-input', `疑点天数下限（${q.minAgeDays} 天）大于上限（${q.maxAgeDays} 天）`);
  return {
    ...(q.kind !== undefined ? { kinds: q.kind } : {}),
    ...(q.listKind !== undefined ? { listKind: q.listKind } : {}),
    ...(q.source !== undefined ? { source: q.source } : {}),
    ...(q.runId !== undefined ? { listId: q.runId } : {}),
    ...(q.township !== undefined ? { township: q.township } : {}),
    ...(q.village !== undefined ? { village: q.village } : {}),
    ...(q.household !== undefined ? { householdId: q.household } : {}),
    ...(q.status !== undefined ? { statuses: q.status } : {}),
    ...(q.assignee !== undefined ? { assignee: q.assignee } : {}),
    ...(q.sort !== undefined ? { sort: q.sort } : {}),
    ...(q.order !== undefined ? { order: q.order } : {}),
    // Age in China-time days: opened on or before today − min, on or after today − max.
    ...(q.minAgeDays !== undefined ? { openedBefore: new Date(Date.parse(chinaDayStart(today, 1 - q.minAgeDays)) - 1).toISOString() } : {}),
    ...(q.maxAgeDays !== undefined ? { openedAfter: chinaDayStart(today, -q.maxAgeDays) } : {}),
  };
}

export async function listPoints(ctx: ServiceContext, viewer: Access, q: z.output<typeof PointListQuery>): Promise<PointListResponse> {
  readCheck(viewer);
  const rb = await activeRulebook(ctx.store);
  const today = chinaDate(ctx.clock());
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 50;
  const query: PointQuery = { limit: pageSize, offset: (page - 1) * pageSize, ...pointQueryOf(q, today) };
  const { total, items } = await ctx.store.checks.points(pointScope(viewer, rb), query);
  const views = [];
  for (const p of items) views.push(pointView(p, viewer, rb, today, await correctionOf(ctx, p)));
  return { total, page, pageSize, today, items: views };
}

export async function pointDetail(ctx: ServiceContext, viewer: Access, id: number): Promise<PointDetailResponse> {
  readCheck(viewer);
  const rb = await activeRulebook(ctx.store);
  const today = chinaDate(ctx.clock());
  const p = await loadPoint(ctx, viewer, rb, id);
  const who = pointScope(viewer, rb);
  const files = await ctx.store.checks.evidence(who, id);
  // The point is in scope: its own rows and its files' rows are read whole (a list row of nobody has no household codes).
  const changes = await ctx.store.changes.list(ALL, { entity: 'check-point', entityId: String(id) });
  for (const f of files) changes.push(...(await ctx.store.changes.list(ALL, { entity: 'check-evidence', entityId: f.id })));
  changes.sort((a, b) => a.seq - b.seq);
  const row = p.row === null ? null : await ctx.store.checks.row(p.listId, p.row);
  return {
    ...pointView(p, viewer, rb, today, await correctionOf(ctx, p)),
    evidenceFiles: files,
    history: historyOf(changes, rb, viewer),
    listRecord: listRecord(p, row, viewer),
    linkExplanation: linkExplanation(row),
  };
}

// ------------------------------------------------------------------ steps

async function stepResponse(
  ctx: ServiceContext,
  viewer: Access,
  rb: Rulebook,
  id: number,
  trx: Trx,
  moved: { correction: CorrectionView; classBefore: string | null; classAfter: string | null } = { correction: null, classBefore: null, classAfter: null },
): Promise<PointStepResponse> {
  const p = await loadPoint(ctx, viewer, rb, id, trx);
  const correction = moved.correction ?? (await correctionOf(ctx, p, trx));
  return { point: pointView(p, viewer, rb, chinaDate(ctx.clock()), correction), ...moved, correction: moved.correction };
}

/** Open → checked: the site finding, by a village, township or county user; the checker is the viewer. */
export async function recordFinding(ctx: ServiceContext, viewer: Access, id: number, body: z.output<typeof FindingRequest>): Promise<PointStepResponse> {
  if (!can(viewer.role, 'check.finding')) throw notAllowed('只有县扶贫办、乡镇和村级账号可以入户核实疑点');
  const rb = await activeRulebook(ctx.store);
  return ctx.store.transaction(async (trx) => {
    const p = await lockedPoint(ctx, viewer, rb, id, trx);
    if (p.status !== 'open') throw conflict(`该疑点${rb.crossCheck.statuses[p.status]}，只有待核实的疑点可以记录核实结果`);
    const at = ctx.clock();
    const today = chinaDate(at);
    const date = body.date ?? today;
    if (date > today) throw bad('invalid-input', `核实日期 ${date} 晚于今天（${today}）`);
    if (date < chinaDate(p.openedAt)) throw bad('invalid-input', `核实日期 ${date} 早于疑点发现日期 ${chinaDate(p.openedAt)}`);
    let set: (PointSet & { fromList: PointSet | null }) | undefined;
    const correctValue = body.correctValue?.trim() || null;
    if (correctValue !== null) {
      if (body.finding !== 'confirmed') throw bad('invalid-input', '只有核实结果为属实时才能填写更正后的值');
      if (rb.crossCheck.pointKinds[p.kind]?.correction.type !== 'from-list') throw bad('invalid-input', '该类疑点属实后按规则库办理，不能填写更正后的值');
      try {
        const fromList = listSet(p.set);
        set = { ...withCorrectValue(p.field, fromList, correctValue), fromList };
      } catch (e) {
        if (e instanceof CorrectValueInvalid) throw bad('invalid-input', `更正后的值：${e.message}`);
        throw e;
      }
    }
    const evidenceIds = [...new Set(body.evidenceIds)];
    if (evidenceIds.length > 0) {
      const own = new Set((await ctx.store.checks.evidence(pointScope(viewer, rb), id, trx)).map((e) => e.id));
      const foreign = evidenceIds.filter((e) => !own.has(e));
      if (foreign.length > 0) throw bad('invalid-input', `佐证材料 ${foreign.join('、')} 不是该疑点上传的文件`);
    }
    const patch: PointPatch = {
      status: 'checked',
      finding: body.finding,
      note: body.note,
      evidenceIds,
      checkedBy: ctx.actor,
      checkedAt: date,
      ...(set !== undefined ? { set } : {}),
    };
    await ctx.store.checks.updatePoint(trx, p, patch, ctx.actor, at, `入户核实：${rb.crossCheck.findings[body.finding]}`);
    return stepResponse(ctx, viewer, rb, id, trx);
  });
}

function verifierCheck(viewer: Access, p: Point, rb: Rulebook): void {
  if (!can(viewer.role, 'check.verify')) throw notAllowed('只有乡镇或县扶贫办账号可以审核疑点核实结果');
  if (p.status !== 'checked') throw conflict(`该疑点${rb.crossCheck.statuses[p.status]}，只有已核实待审核的疑点可以审核`);
  if (needsSecondPerson(p, rb) && p.checkedBy?.id === viewer.userId)
    throw notAllowed(`核实结果为“${rb.crossCheck.findings[p.finding as 'confirmed']}”的疑点须由核实人（${p.checkedBy.name}）以外的人员审核`);
}

/** Checked → closed (approve; a 属实 finding starts its correction) or back to open (return, note required). */
export async function verifyPoint(ctx: ServiceContext, viewer: Access, id: number, body: z.output<typeof VerifyRequest>): Promise<PointStepResponse> {
  const note = body.note?.trim() || null;
  if (!body.approve && note === null) throw bad('reason-required', '退回须填写审核意见，说明需要重新核实的内容');
  const { value } = await withReassessment(ctx, async (trx, r) => {
    const rb = r.rulebook;
    const p = await lockedPoint(ctx, viewer, rb, id, trx);
    verifierCheck(viewer, p, rb);
    const at = ctx.clock();
    if (!body.approve) {
      await ctx.store.checks.updatePoint(
        trx,
        p,
        // A returned finding's value no longer stands: the list's is what a new finding starts from.
        { status: 'open', finding: null, checkedBy: null, checkedAt: null, evidenceIds: [], ...(p.set !== listSet(p.set) ? { set: listSet(p.set) } : {}) },
        ctx.actor,
        at,
        `退回重新核实：${note}`,
      );
      return stepResponse(ctx, viewer, rb, id, trx);
    }
    const moved = p.finding === 'confirmed' ? await startCorrection(ctx, trx, r, viewer, p) : null;
    const patch: PointPatch = { status: 'closed', verifiedBy: ctx.actor, verifiedAt: at, closedAt: at };
    if (moved?.stored !== undefined && moved.stored !== null) patch.correction = moved.stored;
    const what = moved?.text ? `；${moved.text}` : '';
    await ctx.store.checks.updatePoint(trx, p, patch, ctx.actor, at, `审核通过，销号${note === null ? '' : `：${note}`}${what}`);
    return stepResponse(ctx, viewer, rb, id, trx, {
      correction: moved?.view ?? null,
      classBefore: moved?.classBefore ?? null,
      classAfter: moved?.classAfter ?? null,
    });
  });
  return value;
}

interface Started {
  stored: { kind: 'change-request' | 'task'; id: string } | null;
  view: CorrectionView;
  text: string;
  classBefore: string | null;
  classAfter: string | null;
}

/** The change a correction of the rulebook asks for, or null for a task or nothing. */
function changeFor(c: Correction, p: Point): ProposedChange | null {
  const member = () => {
    if (p.memberId === null) throw conflict('该疑点没有对应的成员，不能自动发起更正，请按程序另行办理后销号');
    return p.memberId;
  };
  switch (c.type) {
    case 'set-member':
      return { kind: 'member-correct', memberId: member(), fields: c.fields };
    case 'remove-member':
      return { kind: 'member-remove', memberId: member(), category: c.category, note: `名单比对疑点 #${p.id} 核实属实`, newHeadId: null };
    case 'from-list': {
      const set = p.set as PointSet | null;
      if (set === null) throw conflict('该疑点没有记录名单的值，不能自动发起更正，请按程序另行办理后销号');
      return set.target === 'member' ? { kind: 'member-correct', memberId: member(), fields: set.fields } : { kind: 'household-correct', fields: set.fields };
    }
    default:
      return null;
  }
}

async function startCorrection(ctx: ServiceContext, trx: Trx, r: Reassessor, viewer: Access, p: Point): Promise<Started | null> {
  const rb = r.rulebook;
  const kind = rb.crossCheck.pointKinds[p.kind];
  if (kind === undefined) return null;
  const c = kind.correction;
  if (c.type === 'none') return { stored: null, view: null, text: c.text, classBefore: null, classAfter: null };
  if (p.householdId === null) throw conflict('该疑点没有对应的农户，不能自动发起更正，请按程序另行办理后销号');
  const why = `名单比对疑点 #${p.id}（${kind.label}）核实属实：${p.ruleText}`;
  if (c.type === 'task') {
    const task: Task = {
      id: `YD-${p.householdId}-${p.id}`,
      householdId: p.householdId,
      memberId: p.memberId,
      indicator: c.indicator,
      dueDate: rb.tasks.deadline,
      // The township verified the finding itself: the task starts accepted, not as a proposal.
      status: 'open',
      sector: c.sector ?? (c.indicator === 'income' ? null : rb.indicators[c.indicator].sector),
      note: c.note,
    };
    await ctx.store.tasks.createMany(trx, [task], ctx.actor, why, ctx.clock());
    const [record] = await ctx.store.registry.loadRecords(ALL, { year: r.year, householdIds: [p.householdId], trx });
    const moved = record === undefined ? null : await r.reassess(record, why);
    const view = { kind: 'task' as const, id: task.id, status: task.status, text: `整改任务${TASK_STATUS_LABELS.label(task.status)}` };
    return {
      stored: { kind: 'task', id: task.id },
      view,
      text: `发起整改任务 ${task.id}`,
      classBefore: moved?.previous?.class ?? null,
      classAfter: moved?.assessment.class ?? null,
    };
  }
  const change = changeFor(c, p);
  if (change === null) return null;
  let out;
  try {
    out = await submitChangeIn(ctx, trx, r, viewer, p.householdId, change, why);
  } catch (e) {
    if (e instanceof AccessError && e.status === 400) throw conflict(`不能按名单自动更正：${e.message}`);
    throw e;
  }
  if (out.status === 'unchanged') return { stored: null, view: null, text: '花名册已与名单一致，无须更正', classBefore: null, classAfter: null };
  if (out.status === 'pending' && out.request !== null) {
    const view = { kind: 'change-request' as const, id: out.request.id, status: 'pending', text: '变更申请待审核，待乡镇审核' };
    return {
      stored: { kind: 'change-request', id: out.request.id },
      view,
      text: `发起变更申请 ${out.request.id}（待审核）`,
      classBefore: null,
      classAfter: null,
    };
  }
  const id = `${APPLIED_PREFIX}${await ctx.store.changes.lastSeq({ trx })}`;
  return {
    stored: { kind: 'change-request', id },
    view: { kind: 'change-request', id, status: 'applied', text: '已更正花名册（无须审批，已生效）' },
    text: '已更正花名册',
    classBefore: out.previous?.class ?? null,
    classAfter: out.assessment?.class ?? null,
  };
}

/** Close without a (second) visit where the rules allow; see the head of this file. */
export async function closePoint(ctx: ServiceContext, viewer: Access, id: number, note: string | null | undefined): Promise<PointStepResponse> {
  if (!can(viewer.role, 'check.verify') && !can(viewer.role, 'check.close')) throw notAllowed('只有乡镇或县扶贫办账号可以销号疑点');
  const rb = await activeRulebook(ctx.store);
  const why = note?.trim() || null;
  return ctx.store.transaction(async (trx) => {
    const p = await lockedPoint(ctx, viewer, rb, id, trx);
    if (p.status === 'closed') throw conflict('该疑点已销号');
    if (p.status === 'open') {
      if (!closesWithoutVisit(viewer)) throw notAllowed('待核实的疑点须入户核实后销号；未经核实直接销号只能由县扶贫办办理');
      if (why === null) throw bad('reason-required', '未经入户核实销号，须填写销号说明');
    } else if (!can(viewer.role, 'check.verify')) {
      throw notAllowed('只有乡镇或县扶贫办账号可以销号已核实的疑点');
    } else if (needsSecondPerson(p, rb)) {
      throw conflict(`核实结果为“${rb.crossCheck.findings[p.finding as 'confirmed']}”的疑点须经审核（审核通过或退回），不能直接销号`);
    }
    const at = ctx.clock();
    const reason = p.status === 'open' ? `未经入户核实销号：${why}` : `销号${why === null ? '' : `：${why}`}`;
    await ctx.store.checks.updatePoint(trx, p, { status: 'closed', closedAt: at }, ctx.actor, at, reason);
    return stepResponse(ctx, viewer, rb, id, trx);
  });
}

/** Bulk assignment: one responsible person (and due date) for many points, all or nothing. */
export async function assignPoints(ctx: ServiceContext, viewer: Access, body: z.output<typeof AssignPointsRequest>): Promise<{ assigned: number }> {
  if (!can(viewer.role, 'check.assign')) throw notAllowed('只有乡镇或县扶贫办账号可以分派疑点');
  const rb = await activeRulebook(ctx.store);
  const ids = [...new Set(body.ids)];
  const at = ctx.clock();
  const today = chinaDate(at);
  const dueDate = body.dueDate ?? null;
  if (dueDate !== null && dueDate < today) throw bad('invalid-input', `完成期限 ${dueDate} 早于今天（${today}）`);
  return ctx.store.transaction(async (trx) => {
    await ctx.store.checks.lockPoints(trx, ids);
    const { items } = await ctx.store.checks.points(pointScope(viewer, rb), { ids, limit: ids.length, trx });
    const found = new Map(items.map((p) => [p.id, p]));
    const missing = ids.filter((i) => !found.has(i));
    if (missing.length > 0)
      throw new AccessError(404, 'not-found', `以下疑点不存在或不在您的管辖范围内：${missing.map((i) => `#${i}`).join('、')}，未分派任何疑点`);
    const closed = items.filter((p) => p.status === 'closed').map((p) => `#${p.id}`);
    if (closed.length > 0) throw conflict(`以下疑点已销号，不能分派：${closed.join('、')}，未分派任何疑点`);
    for (const id of ids) {
      await ctx.store.checks.updatePoint(trx, found.get(id)!, { assignee: body.assignee, dueDate }, ctx.actor, at, `分派核实责任人：${body.assignee}`);
    }
    return { assigned: ids.length };
  });
}

// ------------------------------------------------------------------ evidence

/** A photo or PDF of the site check (the bytes decide the type; the task evidence limit). */
export async function addPointEvidence(
  ctx: ServiceContext,
  viewer: Access,
  id: number,
  file: { fileName: string; contentType: string; data: Uint8Array },
): Promise<EvidenceView> {
  if (!can(viewer.role, 'check.finding')) throw notAllowed('只有县扶贫办、乡镇和村级账号可以上传疑点佐证材料');
  if (file.data.byteLength === 0) throw bad('invalid-input', '上传的文件是空的');
  if (file.data.byteLength > ATTACHMENT_MAX_BYTES) throw new AccessError(413, 'too-large', `佐证材料不能超过 ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB`);
  const type = sniffType(file.data);
  if (type === null) throw bad('invalid-input', `佐证材料“${file.fileName}”不是 JPG、PNG 或 PDF 文件`);
  const rb = await activeRulebook(ctx.store);
  return ctx.store.transaction(async (trx) => {
    const p = await lockedPoint(ctx, viewer, rb, id, trx);
    if (p.status === 'closed') throw conflict('该疑点已销号，不能再上传佐证材料');
    return ctx.store.checks.addEvidence(trx, p, { fileName: file.fileName, contentType: type, data: file.data }, ctx.actor, ctx.clock());
  });
}

export async function pointEvidenceFile(ctx: ServiceContext, viewer: Access, id: number, evidenceId: string): Promise<EvidenceView & { data: Uint8Array }> {
  readCheck(viewer);
  const rb = await activeRulebook(ctx.store);
  const f = await ctx.store.checks.evidenceFile(pointScope(viewer, rb), id, evidenceId);
  if (f === null) throw notFound('该佐证材料');
  return f;
}
