// The remediation task (补短板) life cycle as a pure state machine: which step is allowed from
// which status, who may take it, what each step must carry, and the derived 'overdue'.
//
//   proposed --accept--> open --start--> in-progress --complete--> done --verify--> verified
//      |                  |________________complete___________________^    |
//      +--decline--> declined                       returned <--return-----+
//                                                   returned --reopen--> in-progress
//
// 'proposed' and 'declined' do not qualify a gap (indicators.ts), so a household with only
// proposed tasks stays C until the township accepts them. Scope (which households) is the
// store's business; this module answers for role, sector and the doer ≠ verifier rule.
import { z } from 'zod';
import { TASK_STATUS_LABELS } from './labels.js';
import { can, isSectorBound, ROLE_LABELS, type Action, type Role } from './roles.js';
import { STEP_LABELS, type TaskStep } from './taskLabels.js';
import { HouseGrade, isoDate, type IndicatorCode, type Task, type TaskStatus } from './types.js';

export { STEP_LABELS, type TaskStep };

/** From which statuses each step may start, and where it leads (null: status unchanged). */
const TRANSITIONS: Readonly<Record<TaskStep, { from: readonly TaskStatus[]; to: TaskStatus | null }>> = {
  accept: { from: ['proposed'], to: 'open' },
  decline: { from: ['proposed'], to: 'declined' },
  assign: { from: ['proposed', 'open', 'in-progress', 'returned'], to: null },
  start: { from: ['open'], to: 'in-progress' },
  complete: { from: ['open', 'in-progress'], to: 'done' },
  verify: { from: ['done'], to: 'verified' },
  return: { from: ['done'], to: 'returned' },
  reopen: { from: ['returned'], to: 'in-progress' },
};

/** The workflow fields a task carries beside the engine's Task. */
export interface TaskWork {
  townshipCode: string | null;
  villageCode: string | null;
  responsible: string | null;
  proposed: boolean;
  startedAt: string | null;
  doneBy: string | null;
  doneByName: string | null;
  doneAt: string | null;
  evidenceNote: string | null;
  evidenceDate: string | null;
  closeOut: CloseOut | null;
  verifiedBy: string | null;
  verifiedByName: string | null;
  verifiedAt: string | null;
  returnReason: string | null;
  declineReason: string | null;
}

export type TaskDetail = Task & TaskWork;

export interface Actor {
  userId: string;
  role: Role;
  sector: string | null;
}

// ------------------------------------------------------------------ close-out per sector

export const HousingCloseOut = z.object({
  kind: z.literal('housing'),
  gradeBefore: HouseGrade,
  gradeAfter: HouseGrade.refine((g) => g === 'A' || g === 'B', '改造后的等级应为 A 级或 B 级（安全住房）'),
  acceptanceDate: isoDate,
});
export const WaterCloseOut = z.object({
  kind: z.literal('water'),
  solution: z.string().trim().min(1, '请填写解决方式（如自来水入户、集中供水点）'),
  litresPerPersonDay: z.number().positive('人均日供水量应大于 0'),
  fetchMinutes: z.number().nonnegative('取水往返时间不能为负'),
});
export const EducationCloseOut = z.union([
  z.object({ kind: z.literal('education'), homeTeaching: z.literal(false), school: z.string().trim().min(1, '请填写返校就读的学校'), dateBack: isoDate }),
  z.object({ kind: z.literal('education'), homeTeaching: z.literal(true), school: z.null(), dateBack: isoDate.nullable() }),
]);
export const MedicalCloseOut = z.object({
  kind: z.literal('medical'),
  enrolmentDate: isoDate,
  scheme: z.string().trim().min(1, '请填写参保险种（如城乡居民基本医疗保险＋大病保险）'),
  treatFirstPayLater: z.boolean(),
  oneStopSettlement: z.boolean(),
});
export const HygieneCloseOut = z.object({
  kind: z.literal('food-clothing'),
  // The items themselves are the rulebook's (tasks.hygieneChecklist), checked in applyStep.
  checklist: z.array(z.string()),
});
export const CloseOut = z.union([HousingCloseOut, WaterCloseOut, EducationCloseOut, MedicalCloseOut, HygieneCloseOut]);
export type CloseOut = z.infer<typeof CloseOut>;

/** The close-out form kind an indicator's task needs (income has none). */
export function closeOutKind(indicator: IndicatorCode): CloseOut['kind'] | null {
  return indicator === 'income' ? null : indicator;
}

/** What a close-out says, for history lines and the ledger: “D级→A级，2018-11-18 验收”. */
export function closeOutSummary(c: CloseOut | null): string {
  if (c === null) return '';
  switch (c.kind) {
    case 'housing':
      return `${c.gradeBefore}级→${c.gradeAfter}级，${c.acceptanceDate} 验收`;
    case 'water':
      return `${c.solution}，人均每天${c.litresPerPersonDay}升，取水往返${c.fetchMinutes}分钟`;
    case 'education':
      return c.homeTeaching ? '重度残疾儿童送教上门' : `${c.dateBack} 返校，就读${c.school}`;
    case 'medical':
      return `${c.enrolmentDate} 参保（${c.scheme}）${c.treatFirstPayLater ? '，先诊疗后付费' : ''}${c.oneStopSettlement ? '，一站式结算' : ''}`;
    case 'food-clothing':
      return `核实清单：${c.checklist.join('、')}`;
  }
}

// ------------------------------------------------------------------ the machine

export interface StepInput {
  responsible?: string | null;
  dueDate?: string | null;
  reason?: string | null;
  evidenceNote?: string | null;
  evidenceDate?: string | null;
  closeOut?: unknown;
}

export interface StepContext {
  actor: Actor;
  /** rb.tasks.deadline: no due date may fall after it. */
  deadline: string;
  /** rb.tasks.hygieneChecklist: a food-and-clothing task closes only with every item checked. */
  hygieneChecklist: readonly string[];
  /** The day of the step (China date), for evidence dates in the future. */
  today: string;
  /** ISO timestamp of the step. */
  at: string;
  actorName: string;
}

export class TaskFlowError extends Error {
  override name = 'TaskFlowError';
  constructor(
    readonly code: 'forbidden' | 'invalid-state' | 'invalid-input',
    message: string,
  ) {
    super(message);
  }
}

const forbid = (m: string) => new TaskFlowError('forbidden', m);
const bad = (m: string) => new TaskFlowError('invalid-input', m);

/** The permission (domain/roles.ts) each step needs. */
const STEP_ACTION: Readonly<Record<TaskStep, Action>> = {
  accept: 'task.accept',
  decline: 'task.accept',
  assign: 'task.assign',
  start: 'task.work',
  complete: 'task.work',
  reopen: 'task.work',
  verify: 'task.verify',
  return: 'task.verify',
};

/** Who may do the work (start, complete, reopen): a sector department only on its own sector's tasks. */
function works(actor: Actor, task: Task): boolean {
  if (!can(actor.role, 'task.work')) return false;
  return !isSectorBound(actor.role) || (actor.sector !== null && actor.sector === task.sector);
}

/** Why `actor` may not take `step` on `task`, or null when it may (role/sector/doer only; scope is the store's). */
export function refusal(step: TaskStep, task: TaskDetail, actor: Actor): string | null {
  if (!Object.values(STEP_ACTION).some((a) => can(actor.role, a))) return `${ROLE_LABELS[actor.role]}账号只能查看整改任务`;
  switch (step) {
    case 'accept':
    case 'decline':
      return can(actor.role, STEP_ACTION[step]) ? null : '只有县扶贫办和乡镇账号可以确认、分派整改任务';
    case 'assign':
      if (can(actor.role, STEP_ACTION[step])) return null;
      // A sector department knows who in it does the work: it names the 责任人 of its own sector's
      // accepted tasks (the due date stays the township's, see applyStep).
      if (isSectorBound(actor.role) && works(actor, task) && task.status !== 'proposed') return null;
      return '只有县扶贫办和乡镇账号可以分派整改任务；行业部门可为本行业已立项的任务指定责任人';
    case 'start':
    case 'complete':
    case 'reopen':
      return works(actor, task) ? null : `该任务由${task.sector ?? '乡镇'}负责，您的账号不能办理`;
    case 'verify':
    case 'return':
      if (!can(actor.role, STEP_ACTION[step])) return '只有乡镇和县扶贫办账号可以验收或退回整改任务';
      if (task.doneBy !== null && task.doneBy === actor.userId) return '验收须由完成人以外的人进行，您不能验收自己完成的任务';
      return null;
  }
}

/** The steps `actor` may take on `task` now (for buttons in the web). */
export function availableSteps(task: TaskDetail, actor: Actor): TaskStep[] {
  return (Object.keys(TRANSITIONS) as TaskStep[]).filter((s) => TRANSITIONS[s].from.includes(task.status) && refusal(s, task, actor) === null);
}

const text = (v: string | null | undefined): string | null => {
  const t = v?.trim() ?? '';
  return t === '' ? null : t;
};

function checkDue(due: string | null | undefined, deadline: string): string {
  if (due === null || due === undefined || !isoDate.safeParse(due).success) throw bad('请填写完成时限（YYYY-MM-DD）');
  if (due > deadline) throw bad(`完成时限 ${due} 晚于规则库规定的整改截止日期 ${deadline}`);
  return due;
}

/** Applies `step`: the task after it, or a TaskFlowError saying why not. Pure. */
export function applyStep(task: TaskDetail, step: TaskStep, input: StepInput, ctx: StepContext): TaskDetail {
  const why = refusal(step, task, ctx.actor);
  if (why !== null) throw forbid(why);
  const t = TRANSITIONS[step];
  if (!t.from.includes(task.status)) {
    throw new TaskFlowError('invalid-state', `任务当前状态为“${TASK_STATUS_LABELS.label(task.status)}”，不能${STEP_LABELS[step]}`);
  }
  const next: TaskDetail = { ...task, status: t.to ?? task.status };
  switch (step) {
    case 'accept':
    case 'assign': {
      const responsible = text(input.responsible) ?? (step === 'assign' ? task.responsible : null);
      if (responsible === null) throw bad('请填写责任人');
      next.responsible = responsible;
      if (step === 'assign' && !can(ctx.actor.role, 'task.assign') && input.dueDate != null && input.dueDate !== task.dueDate) {
        throw forbid('行业部门只能指定责任人，完成时限由乡镇或县扶贫办调整');
      }
      next.dueDate = checkDue(input.dueDate ?? (step === 'assign' ? task.dueDate : null), ctx.deadline);
      // Assigning a proposal accepts it: bulk assignment is how a township takes on a batch.
      if (task.status === 'proposed') next.status = 'open';
      break;
    }
    case 'decline':
    case 'return': {
      const reason = text(input.reason);
      if (reason === null) throw bad(step === 'decline' ? '请填写不予立项的原因（如年内无法完成）' : '请填写退回原因');
      if (step === 'decline') next.declineReason = reason;
      else next.returnReason = reason;
      break;
    }
    case 'start':
      next.startedAt = ctx.at;
      break;
    case 'reopen':
      next.startedAt = ctx.at;
      break;
    case 'complete': {
      const note = text(input.evidenceNote);
      if (note === null) throw bad('请填写完成情况说明');
      const date = input.evidenceDate ?? null;
      if (date === null || !isoDate.safeParse(date).success) throw bad('请填写完成日期（YYYY-MM-DD）');
      if (date > ctx.today) throw bad(`完成日期 ${date} 晚于今天`);
      const kind = closeOutKind(task.indicator);
      let closeOut: CloseOut | null = null;
      if (kind !== null) {
        const parsed = CloseOut.safeParse(input.closeOut);
        if (!parsed.success) throw bad(`${CLOSE_OUT_TITLE[kind]}填写有误：${parsed.error.issues.map((i) => i.message).join('；')}`);
        if (parsed.data.kind !== kind) throw bad(`该任务应填写${CLOSE_OUT_TITLE[kind]}`);
        if (parsed.data.kind === 'food-clothing') {
          const ticked = parsed.data.checklist;
          const unknown = ticked.filter((i) => !ctx.hygieneChecklist.includes(i));
          if (unknown.length > 0) throw bad(`${CLOSE_OUT_TITLE[kind]}填写有误：清单中没有“${unknown.join('、')}”`);
          if (!ctx.hygieneChecklist.every((i) => ticked.includes(i)))
            throw bad(`${CLOSE_OUT_TITLE[kind]}填写有误：清单各项须全部核实：${ctx.hygieneChecklist.join('、')}`);
        }
        closeOut = parsed.data;
      }
      Object.assign(next, {
        evidenceNote: note,
        evidenceDate: date,
        closeOut,
        doneBy: ctx.actor.userId,
        doneByName: ctx.actorName,
        doneAt: ctx.at,
        returnReason: null,
      });
      if (next.startedAt === null) next.startedAt = ctx.at;
      break;
    }
    case 'verify':
      Object.assign(next, { verifiedBy: ctx.actor.userId, verifiedByName: ctx.actorName, verifiedAt: ctx.at });
      break;
  }
  return next;
}

export const CLOSE_OUT_TITLE: Readonly<Record<CloseOut['kind'], string>> = {
  housing: '住房改造验收信息',
  water: '饮水解决情况',
  education: '控辍保学情况',
  medical: '参保情况',
  'food-clothing': '吃穿与卫生核实清单',
};

/** Unfinished statuses that can run late ('done' waits for verification, the work is in). */
const CAN_BE_LATE: ReadonlySet<TaskStatus> = new Set(['open', 'in-progress', 'returned']);

/** Derived, never stored: unfinished and past its due date on `today`. */
export function isOverdue(task: Pick<Task, 'status' | 'dueDate'>, today: string): boolean {
  return CAN_BE_LATE.has(task.status) && task.dueDate < today;
}
