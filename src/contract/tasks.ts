// The remediation-task endpoints (整改任务, docs/tasks.md), shared with the web like api.ts.
// Kept in its own module so the task workflow's shapes sit together.
import { z } from 'zod';
import { IndicatorCode, TaskStatus } from '../domain/types.js';
import { TEXT_LIMITS as L, text } from '../domain/textLimits.js';

export const TASK_STEPS = ['accept', 'decline', 'assign', 'start', 'complete', 'verify', 'return', 'reopen'] as const;
export const TaskStepName = z.enum(TASK_STEPS);

const csv = <T extends z.ZodTypeAny>(item: T) => z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter((x) => x !== '') : v), z.array(item));

export const TaskListQuery = z.object({
  status: csv(TaskStatus).optional(),
  sector: z.string().trim().min(1).max(20).optional(),
  indicator: IndicatorCode.optional(),
  township: z.string().trim().min(1).max(20).optional(),
  village: z.string().trim().min(1).max(20).optional(),
  household: z.string().trim().min(1).max(40).optional(),
  /** 责任人; `-` lists the tasks with nobody named yet. */
  responsible: z.string().trim().min(1).max(40).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(500).optional(),
});
export type TaskListQuery = z.input<typeof TaskListQuery>;

export const TaskView = z.object({
  id: text(L.id),
  householdId: text(L.id),
  memberId: text(L.id).nullable(),
  indicator: IndicatorCode,
  dueDate: text(L.date),
  status: TaskStatus,
  sector: text(L.shown).nullable(),
  note: text(L.shown).nullable(),
  villageCode: text(L.shown).nullable(),
  townshipCode: text(L.shown).nullable(),
  villageName: text(L.shown).nullable(),
  townshipName: text(L.shown).nullable(),
  memberName: text(L.shown).nullable(),
  headName: text(L.shown).nullable(),
  responsible: text(L.shown).nullable(),
  proposed: z.boolean(),
  startedAt: text(L.date).nullable(),
  doneByName: text(L.shown).nullable(),
  doneAt: text(L.date).nullable(),
  evidenceNote: text(L.shown).nullable(),
  evidenceDate: text(L.date).nullable(),
  closeOut: z.unknown().nullable(),
  closeOutText: text(L.shown),
  verifiedByName: text(L.shown).nullable(),
  verifiedAt: text(L.date).nullable(),
  returnReason: text(L.shown).nullable(),
  declineReason: text(L.shown).nullable(),
  attachments: z.number().int(),
  overdue: z.boolean(),
  /** Steps the signed-in user may take now. */
  steps: z.array(TaskStepName),
});
export type TaskView = z.infer<typeof TaskView>;

export const TaskListResponse = z.object({ total: z.number().int(), today: text(L.date), deadline: text(L.date), items: z.array(TaskView) });
export type TaskListResponse = z.infer<typeof TaskListResponse>;

export const TaskIdParams = z.object({ id: z.string().trim().min(1).max(80) });
export const AttachmentParams = z.object({ id: z.string().trim().min(1).max(80), attachmentId: z.string().trim().min(1).max(80) });

const optText = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字符`).nullable().optional();

export const TaskStepRequest = z.object({
  step: TaskStepName,
  responsible: optText(40),
  dueDate: z.string().max(10, '完成时限格式应为 YYYY-MM-DD').nullable().optional(),
  reason: optText(200),
  evidenceNote: optText(500),
  evidenceDate: z.string().max(10, '完成日期格式应为 YYYY-MM-DD').nullable().optional(),
  // Checked by the state machine against the task's indicator, with a message naming the form.
  closeOut: z.unknown().optional(),
  /** The task's version the step was taken on (offline capture, docs/offline.md): 409 when it changed since. */
  expectedVersion: z.string().max(64).nullable().optional(),
});
export type TaskStepRequest = z.input<typeof TaskStepRequest>;

export const TaskStepResponse = z.object({
  task: TaskView.pick({ id: true, status: true, householdId: true }),
  classBefore: text(L.shown).nullable(),
  classAfter: text(L.shown),
  runId: z.number().int(),
});
export type TaskStepResponse = z.infer<typeof TaskStepResponse>;

export const TaskAssignRequest = z.object({
  ids: z.array(z.string().min(1).max(80)).min(1, '请先选择要分派的整改任务').max(1000, '一次最多分派 1000 条整改任务'),
  responsible: z.string().trim().min(1, '请填写责任人').max(40),
  /** Absent: each task keeps its own due date (a bulk assignment names people, it does not move dates). */
  dueDate: z
    .string()
    .max(10, '完成时限格式应为 YYYY-MM-DD')
    .regex(/^\d{4}-\d{2}-\d{2}$/, '完成时限格式应为 YYYY-MM-DD')
    .optional(),
});
export type TaskAssignRequest = z.input<typeof TaskAssignRequest>;
export const TaskAssignResponse = z.object({ assigned: z.number().int() });

export const TaskProposeRequest = z.object({ householdIds: z.array(z.string().min(1).max(40)).max(20_000).optional() });
export const TaskProposeResponse = z.object({ proposed: z.number().int(), households: z.number().int() });
export type TaskProposeResponse = z.infer<typeof TaskProposeResponse>;

export const AttachmentView = z.object({
  id: text(L.id),
  taskId: text(L.id),
  fileName: text(L.shown),
  contentType: text(L.shown),
  size: z.number().int(),
  sha256: text(L.shown),
  uploadedByName: text(L.shown),
  uploadedAt: text(L.date),
});
export type AttachmentView = z.infer<typeof AttachmentView>;
export const AttachmentListResponse = z.object({ attachments: z.array(AttachmentView) });

export const TaskSummaryResponse = z.object({
  total: z.number().int(),
  overdue: z.number().int(),
  byStatus: z.array(z.object({ status: text(L.shown), count: z.number().int() })),
  bySector: z.array(z.object({ sector: text(L.shown), total: z.number().int(), open: z.number().int(), overdue: z.number().int() })),
  recentExits: z.array(z.object({ householdId: text(L.id), at: text(L.date), actor: text(L.shown), reason: text(L.shown).nullable() })).nullable(),
});
export type TaskSummaryResponse = z.infer<typeof TaskSummaryResponse>;
