// The remediation-task endpoints (整改任务, docs/tasks.md), shared with the web like api.ts.
// Kept in its own module so the task workflow's shapes sit together.
import { z } from 'zod';
import { IndicatorCode, TaskStatus } from '../domain/types.js';

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
  overdue: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).optional(),
  pageSize: z.coerce.number().int().min(1).max(500).optional(),
});
export type TaskListQuery = z.input<typeof TaskListQuery>;

export const TaskView = z.object({
  id: z.string(),
  householdId: z.string(),
  memberId: z.string().nullable(),
  indicator: IndicatorCode,
  dueDate: z.string(),
  status: TaskStatus,
  sector: z.string().nullable(),
  note: z.string().nullable(),
  villageCode: z.string().nullable(),
  townshipCode: z.string().nullable(),
  villageName: z.string().nullable(),
  townshipName: z.string().nullable(),
  memberName: z.string().nullable(),
  headName: z.string().nullable(),
  responsible: z.string().nullable(),
  proposed: z.boolean(),
  startedAt: z.string().nullable(),
  doneByName: z.string().nullable(),
  doneAt: z.string().nullable(),
  evidenceNote: z.string().nullable(),
  evidenceDate: z.string().nullable(),
  closeOut: z.unknown().nullable(),
  closeOutText: z.string(),
  verifiedByName: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  returnReason: z.string().nullable(),
  declineReason: z.string().nullable(),
  attachments: z.number().int(),
  overdue: z.boolean(),
  /** Steps the signed-in user may take now. */
  steps: z.array(TaskStepName),
});
export type TaskView = z.infer<typeof TaskView>;

export const TaskListResponse = z.object({ total: z.number().int(), today: z.string(), deadline: z.string(), items: z.array(TaskView) });
export type TaskListResponse = z.infer<typeof TaskListResponse>;

export const TaskIdParams = z.object({ id: z.string().trim().min(1).max(80) });
export const AttachmentParams = z.object({ id: z.string().trim().min(1).max(80), attachmentId: z.string().trim().min(1).max(80) });

const optText = (max: number) => z.string().trim().max(max, `不能超过 ${max} 个字符`).nullable().optional();

export const TaskStepRequest = z.object({
  step: TaskStepName,
  responsible: optText(40),
  dueDate: z.string().nullable().optional(),
  reason: optText(200),
  evidenceNote: optText(500),
  evidenceDate: z.string().nullable().optional(),
  // Checked by the state machine against the task's indicator, with a message naming the form.
  closeOut: z.unknown().optional(),
});
export type TaskStepRequest = z.input<typeof TaskStepRequest>;

export const TaskStepResponse = z.object({
  task: TaskView.pick({ id: true, status: true, householdId: true }),
  classBefore: z.string().nullable(),
  classAfter: z.string(),
  runId: z.number().int(),
});
export type TaskStepResponse = z.infer<typeof TaskStepResponse>;

export const TaskAssignRequest = z.object({
  ids: z.array(z.string().min(1).max(80)).min(1, '请先选择要分派的整改任务').max(1000, '一次最多分派 1000 条整改任务'),
  responsible: z.string().trim().min(1, '请填写责任人').max(40),
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '完成时限格式应为 YYYY-MM-DD'),
});
export type TaskAssignRequest = z.input<typeof TaskAssignRequest>;
export const TaskAssignResponse = z.object({ assigned: z.number().int() });

export const TaskProposeRequest = z.object({ householdIds: z.array(z.string().min(1).max(40)).max(20_000).optional() });
export const TaskProposeResponse = z.object({ proposed: z.number().int(), households: z.number().int() });
export type TaskProposeResponse = z.infer<typeof TaskProposeResponse>;

export const AttachmentView = z.object({
  id: z.string(),
  taskId: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  uploadedByName: z.string(),
  uploadedAt: z.string(),
});
export type AttachmentView = z.infer<typeof AttachmentView>;
export const AttachmentListResponse = z.object({ attachments: z.array(AttachmentView) });

export const TaskSummaryResponse = z.object({
  total: z.number().int(),
  overdue: z.number().int(),
  byStatus: z.array(z.object({ status: z.string(), count: z.number().int() })),
  bySector: z.array(z.object({ sector: z.string(), total: z.number().int(), open: z.number().int(), overdue: z.number().int() })),
  recentExits: z.array(z.object({ householdId: z.string(), at: z.string(), actor: z.string(), reason: z.string().nullable() })).nullable(),
});
export type TaskSummaryResponse = z.infer<typeof TaskSummaryResponse>;
