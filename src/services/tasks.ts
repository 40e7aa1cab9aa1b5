// Use cases of the remediation workflow (补短板, docs/tasks.md): list tasks in scope, take one
// step on a task (accept, decline, assign, start, complete, verify, return, reopen), assign a
// batch, propose tasks for uncovered gaps, attach evidence files.
//
// The state machine is src/domain/taskFlow.ts; scope (and a sector's own sector) is applied by
// the store's SQL; every step is a change row and re-assesses the household in the same
// transaction, so a verified last task moves B → A and a returned one can move B → C at once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assessHousehold } from '../domain/classify.js';
import { exitReadyCodes, remediationCodes } from '../domain/classes.js';
import { writeTaskLedger } from '../io/ledger/tasks.js';
import {
  applyStep,
  availableSteps,
  closeOutSummary,
  isOverdue,
  STEP_LABELS,
  TaskFlowError,
  type StepInput,
  type TaskDetail,
  type TaskStep,
} from '../domain/taskFlow.js';
import { can, isSectorBound } from '../domain/roles.js';
import type { HouseholdRecord, Task } from '../domain/types.js';
import { ALL, type TaskQuery, type TaskRow, type TaskScope, type Trx } from '../store/index.js';
import { AccessError, notAllowed, notFound, type Access } from './access.js';
import type { ServiceContext } from './context.js';
import { taskQualifies } from '../domain/indicators.js';
import { chinaDate } from './history.js';
import { activeRulebook } from './rulebooks.js';
import { planProposals, writeProposals } from './taskProposals.js';
import { withReassessment, type Reassessor } from './reassess.js';
import { checkTaskVersion } from './baseVersion.js';

/** What the viewer reads: its region scope, and its own sector only for a sector department. */
export function taskScope(viewer: Access): TaskScope {
  // A sector account without a sector sees no task rather than every task.
  return { scope: viewer.scope, sector: isSectorBound(viewer.role) ? (viewer.sector ?? '（未设部门）') : null };
}

function flowActor(viewer: Access) {
  return { userId: viewer.userId, role: viewer.role, sector: viewer.sector };
}

function toAccessError(e: unknown): unknown {
  if (!(e instanceof TaskFlowError)) return e;
  if (e.code === 'forbidden') return notAllowed(e.message);
  return new AccessError(e.code === 'invalid-state' ? 409 : 400, e.code, e.message);
}

export interface TaskListItem extends TaskRow {
  overdue: boolean;
  /** Steps the viewer may take now. */
  steps: TaskStep[];
}

export async function listTasks(
  ctx: ServiceContext,
  viewer: Access,
  q: Omit<TaskQuery, 'trx' | 'overdueOn'> & { overdue?: boolean },
): Promise<{ total: number; today: string; items: TaskListItem[] }> {
  const today = chinaDate(ctx.clock());
  const { overdue, ...rest } = q;
  const page = await ctx.store.tasks.search(taskScope(viewer), { ...rest, ...(overdue === true ? { overdueOn: today } : {}) });
  const actor = flowActor(viewer);
  return { total: page.total, today, items: page.items.map((t) => ({ ...t, overdue: isOverdue(t, today), steps: availableSteps(t, actor) })) };
}

async function loadInScope(ctx: ServiceContext, trx: Trx, viewer: Access, id: string): Promise<TaskDetail> {
  const task = await ctx.store.tasks.detail(trx, taskScope(viewer), id);
  if (task !== null) return task;
  throw notFound('该整改任务');
}

async function stepOne(
  ctx: ServiceContext,
  trx: Trx,
  r: Reassessor,
  viewer: Access,
  id: string,
  step: TaskStep,
  input: OfflineStepInput,
): Promise<{ before: TaskDetail; after: TaskDetail }> {
  const before = await loadInScope(ctx, trx, viewer, id);
  checkTaskVersion(before, input.expectedVersion);
  const at = ctx.clock();
  let after: TaskDetail;
  try {
    after = applyStep(before, step, input, {
      actor: flowActor(viewer),
      actorName: viewer.name,
      deadline: r.rulebook.tasks.deadline,
      hygieneChecklist: r.rulebook.tasks.hygieneChecklist,
      today: chinaDate(at),
      at,
    });
  } catch (e) {
    throw toAccessError(e);
  }
  const reason = step === 'return' ? after.returnReason : step === 'decline' ? after.declineReason : null;
  await ctx.store.tasks.saveStep(trx, before, after, step, stepSummary(step, after), ctx.actor, reason, at);
  return { before, after };
}

/** What a history line says after the verb: “住房安全：D级→A级，2018-11-18 验收”. */
function stepSummary(step: TaskStep, t: TaskDetail): string {
  const what = INDICATOR_NAMES[t.indicator] ?? t.indicator;
  if (step === 'complete') {
    const c = closeOutSummary(t.closeOut);
    return `${what}：${c === '' ? (t.evidenceNote ?? '') : c}`;
  }
  if (step === 'accept' || step === 'assign') return `${what}：责任人 ${t.responsible ?? '—'}，${t.dueDate}前完成`;
  return what;
}

const INDICATOR_NAMES: Record<string, string> = {
  income: '收入',
  'food-clothing': '吃穿不愁',
  water: '饮水安全',
  education: '义务教育',
  medical: '基本医疗',
  housing: '住房安全',
};

async function reassessHouseholds(ctx: ServiceContext, trx: Trx, r: Reassessor, householdIds: Iterable<string>, why: string) {
  const ids = [...new Set(householdIds)];
  if (ids.length === 0) return [];
  const records = await ctx.store.registry.loadRecords(ALL, { year: r.year, householdIds: ids, trx });
  const out = [];
  for (const rec of records) out.push({ householdId: rec.household.id, ...(await r.reassess(rec, why)) });
  return out;
}

/** A step, with the task's version it was taken on when it comes from a phone that was offline. */
type OfflineStepInput = StepInput & { expectedVersion?: string | null };

export interface StepResult {
  task: TaskDetail;
  /** The household's class before and after, when the step moved it. */
  classBefore: string | null;
  classAfter: string;
  runId: number;
}

/** Takes one step on one task; the household is re-assessed in the same transaction. */
export async function stepTask(ctx: ServiceContext, viewer: Access, id: string, step: TaskStep, input: OfflineStepInput): Promise<StepResult> {
  const { value, runId } = await withReassessment(ctx, async (trx, r) => {
    const { after: task } = await stepOne(ctx, trx, r, viewer, id, step, input);
    const why = step === 'verify' ? `整改任务 ${id} 验收` : `整改任务 ${id} ${STEP_LABELS[step]}`;
    const [moved] = await reassessHouseholds(ctx, trx, r, [task.householdId], why);
    return { task, classBefore: moved?.previous?.class ?? null, classAfter: moved?.assessment.class ?? '' };
  });
  return { ...value, runId };
}

/**
 * Bulk assignment (批量分派): one responsible person for many tasks, all or nothing. Without a
 * `dueDate` each task keeps its own: a one-click year-end default once moved 20 tasks' dates.
 */
export async function assignTasks(
  ctx: ServiceContext,
  viewer: Access,
  ids: readonly string[],
  responsible: string,
  dueDate: string | undefined,
): Promise<{ assigned: number }> {
  if (ids.length === 0) throw new AccessError(400, 'invalid-input', '请先选择要分派的整改任务');
  if (ids.length > 1000) throw new AccessError(400, 'invalid-input', '一次最多分派 1000 条整改任务');
  const { value } = await withReassessment(ctx, async (trx, r) => {
    let assigned = 0;
    // Only a task that did not count before (a proposal, or one due after the deadline) can move
    // its household's class; re-assessing the others would cost a village reload each for nothing.
    const moved: string[] = [];
    for (const id of new Set(ids)) {
      const { before, after } = await stepOne(ctx, trx, r, viewer, id, 'assign', { responsible, ...(dueDate !== undefined ? { dueDate } : {}) });
      assigned++;
      if (taskQualifies(before, r.rulebook) !== taskQualifies(after, r.rulebook)) moved.push(after.householdId);
    }
    await reassessHouseholds(ctx, trx, r, moved, '整改任务批量分派');
    return assigned;
  });
  return { assigned: value };
}

/**
 * Proposes a task for every unmet gap (indicator, member) of the households in scope that no
 * task still in play covers. A proposal does not qualify, so the class does not move until the
 * township accepts it. Returns the tasks made.
 */
export async function proposeTasks(ctx: ServiceContext, viewer: Access, opts: { householdIds?: readonly string[] } = {}): Promise<Task[]> {
  if (!can(viewer.role, 'task.propose')) throw notAllowed('只有县扶贫办和乡镇账号可以生成整改建议');
  const rulebook = await activeRulebook(ctx.store);
  return ctx.store.transaction(async (trx) => {
    const records: HouseholdRecord[] = await ctx.store.registry.loadRecords(viewer.scope, {
      year: rulebook.year,
      trx,
      ...(opts.householdIds !== undefined ? { householdIds: opts.householdIds } : {}),
    });
    const results = records.map((rec) => assessHousehold(rec, rulebook, rulebook.assessmentDate));
    const made = planProposals(records, results, rulebook, rulebook.assessmentDate, await ctx.store.tasks.ids(trx));
    await writeProposals(ctx, trx, made);
    return made;
  });
}

// ------------------------------------------------------------------ evidence files

export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;

/** Checks the bytes, not only the declared type: a renamed file is refused. */
export function sniffType(data: Uint8Array): string | null {
  const starts = (...b: number[]) => b.every((x, i) => data[i] === x);
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47)) return 'image/png';
  if (starts(0x25, 0x50, 0x44, 0x46)) return 'application/pdf';
  return null;
}

export async function attachEvidence(ctx: ServiceContext, viewer: Access, taskId: string, file: { fileName: string; data: Uint8Array }) {
  if (file.data.byteLength === 0) throw new AccessError(400, 'invalid-input', '上传的文件是空的');
  if (file.data.byteLength > ATTACHMENT_MAX_BYTES) throw new AccessError(413, 'too-large', `附件不能超过 ${ATTACHMENT_MAX_BYTES / 1024 / 1024} MB`);
  const type = sniffType(file.data);
  if (type === null) throw new AccessError(400, 'invalid-input', `附件“${file.fileName}”不是 JPG、PNG 或 PDF 文件`);
  return ctx.store.transaction(async (trx) => {
    const task = await loadInScope(ctx, trx, viewer, taskId);
    // Evidence is the doer's: whoever may complete or reopen the task may add to it.
    const mayWork = availableSteps({ ...task, status: 'open' }, flowActor(viewer)).includes('complete');
    if (!mayWork) throw notAllowed('您的账号不能为该任务上传佐证材料');
    if (task.status === 'verified' || task.status === 'declined') throw new AccessError(409, 'invalid-state', '任务已结束，不能再上传佐证材料');
    return ctx.store.tasks.addAttachment(trx, task, { fileName: file.fileName, contentType: type, data: file.data }, ctx.actor, ctx.clock());
  });
}

// ------------------------------------------------------------------ the dashboard card

export interface TaskSummary {
  total: number;
  overdue: number;
  byStatus: { status: string; count: number }[];
  bySector: { sector: string; total: number; open: number; overdue: number }[];
  /** Recent B → A moves (整改验收后转为 A 类), newest first; null for sector departments. */
  recentExits: { householdId: string; at: string; actor: string; reason: string | null }[] | null;
}

async function recentExits(ctx: ServiceContext, viewer: Access) {
  const rb = await activeRulebook(ctx.store);
  return ctx.store.tasks.recentMoves(viewer.scope, remediationCodes(rb), exitReadyCodes(rb), 10);
}

const OPEN_STATUSES = new Set(['proposed', 'open', 'in-progress', 'done', 'returned']);

export async function taskSummary(ctx: ServiceContext, viewer: Access): Promise<TaskSummary> {
  const today = chinaDate(ctx.clock());
  const rows = await ctx.store.tasks.tally(taskScope(viewer), today);
  const byStatus = new Map<string, number>();
  const bySector = new Map<string, { sector: string; total: number; open: number; overdue: number }>();
  for (const r of rows) {
    byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + r.n);
    const key = r.sector ?? '乡镇';
    const s = bySector.get(key) ?? { sector: key, total: 0, open: 0, overdue: 0 };
    s.total += r.n;
    if (OPEN_STATUSES.has(r.status)) s.open += r.n;
    s.overdue += r.late;
    bySector.set(key, s);
  }
  return {
    total: rows.reduce((a, r) => a + r.n, 0),
    overdue: rows.reduce((a, r) => a + r.late, 0),
    byStatus: [...byStatus].map(([status, count]) => ({ status, count })),
    bySector: [...bySector.values()].sort((a, b) => b.total - a.total),
    // “近期 B→A”: from a class that needs remediation to one ready to exit, as the rulebook defines them.
    recentExits: isSectorBound(viewer.role) ? null : await recentExits(ctx, viewer),
  };
}

// ------------------------------------------------------------------ the task ledger

export interface ExportedTaskLedger {
  path: string;
  fileName: string;
  cleanup: () => void;
}

/** The task ledger of the viewer's tasks (scope, sector, the page's filters), masked for the viewer. */
export async function exportTaskLedger(
  ctx: ServiceContext,
  viewer: Access,
  q: Omit<TaskQuery, 'trx' | 'overdueOn' | 'page' | 'pageSize'> & { overdue?: boolean },
): Promise<ExportedTaskLedger> {
  const { items, today } = await listTasks(ctx, viewer, q);
  const dir = mkdtempSync(join(tmpdir(), 'tuopin-tasks-'));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  const fileName = `整改任务台账_${today}.xlsx`;
  try {
    await writeTaskLedger(join(dir, fileName), items, {
      mask: viewer.mask,
      generatedAt: chinaDate(ctx.clock()),
      pageHeaderLeft: `${viewer.name}　共 ${items.length} 条`,
    });
    return { path: join(dir, fileName), fileName, cleanup };
  } catch (e) {
    cleanup();
    throw e;
  }
}
