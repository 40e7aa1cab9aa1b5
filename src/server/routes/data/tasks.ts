// 整改任务: the task list with filters, one step on a task, bulk assignment, proposals from the
// assessment, evidence files and the task ledger. Roles and the state machine are checked by
// the services (services/tasks.ts), scope by the store's SQL.
import { createReadStream } from 'node:fs';
import { closeOutSummary } from '../../../domain/taskFlow.js';
import { activeRulebook } from '../../../services/rulebooks.js';
import { assignTasks, ATTACHMENT_MAX_BYTES, attachEvidence, exportTaskLedger, listTasks, proposeTasks, stepTask, taskScope, taskSummary, type TaskListItem } from '../../../services/tasks.js';
import { actorOf, requireCan, requireViewer } from '../../auth/viewer.js';
import type { Viewer } from '../../auth/viewer.js';
import { ErrorBody } from '../../../contract/api.js';
import {
  AttachmentListResponse, AttachmentParams, AttachmentView, TaskAssignRequest, TaskAssignResponse, TaskIdParams, TaskListQuery, TaskListResponse,
  TaskProposeRequest, TaskProposeResponse, TaskStepRequest, TaskSummaryResponse, TaskStepResponse, type TaskView,
} from '../../../contract/tasks.js';
import { badRequest, HttpError, notFound } from '../../errors.js';
import type { App, AppDeps } from '../../types.js';
import { call, contentDisposition, XLSX_TYPE } from './common.js';

function toView(t: TaskListItem): TaskView {
  return {
    id: t.id, householdId: t.householdId, memberId: t.memberId, indicator: t.indicator, dueDate: t.dueDate, status: t.status, sector: t.sector,
    note: t.note, villageCode: t.villageCode, townshipCode: t.townshipCode, villageName: t.villageName, townshipName: t.townshipName,
    memberName: t.memberName, headName: t.headName, responsible: t.responsible, proposed: t.proposed, startedAt: t.startedAt,
    doneByName: t.doneByName, doneAt: t.doneAt, evidenceNote: t.evidenceNote, evidenceDate: t.evidenceDate, closeOut: t.closeOut,
    closeOutText: closeOutSummary(t.closeOut), verifiedByName: t.verifiedByName, verifiedAt: t.verifiedAt, returnReason: t.returnReason,
    declineReason: t.declineReason, attachments: t.attachments, overdue: t.overdue, steps: t.steps,
  };
}

type ListQuery = { status?: string[] | undefined; sector?: string | undefined; indicator?: string | undefined; township?: string | undefined; village?: string | undefined; household?: string | undefined; responsible?: string | undefined; overdue?: 'true' | 'false' | undefined };

function filterOf(q: ListQuery) {
  return {
    ...(q.status !== undefined ? { statuses: q.status as TaskListItem['status'][] } : {}),
    ...(q.sector !== undefined ? { sector: q.sector } : {}),
    ...(q.indicator !== undefined ? { indicator: q.indicator } : {}),
    ...(q.township !== undefined ? { township: q.township } : {}),
    ...(q.village !== undefined ? { village: q.village } : {}),
    ...(q.household !== undefined ? { householdId: q.household } : {}),
    ...(q.responsible !== undefined ? { responsible: q.responsible === '-' ? '' : q.responsible } : {}),
    ...(q.overdue === 'true' ? { overdue: true } : {}),
  };
}

export function registerTaskRoutes(app: App, deps: AppDeps): void {
  const { store } = deps;
  const ctxOf = (viewer: Viewer) => ({ store, actor: actorOf(viewer), clock: deps.clock });

  app.get('/api/tasks', {
    schema: {
      tags: ['整改任务'],
      summary: '整改任务列表（本人范围；行业部门只见本行业）：按状态、部门、指标、乡镇、村、户、是否逾期筛选，按完成时限排序分页',
      querystring: TaskListQuery,
      response: { 200: TaskListResponse, 400: ErrorBody, 401: ErrorBody },
    },
  }, async (request) => {
    const viewer = requireViewer(request);
    const q = request.query;
    const list = await call(() => listTasks(ctxOf(viewer), viewer, { ...filterOf(q), page: q.page ?? 1, pageSize: q.pageSize ?? 50 }));
    const rulebook = await activeRulebook(store);
    return { total: list.total, today: list.today, deadline: rulebook.tasks.deadline, items: list.items.map(toView) };
  });

  app.get('/api/tasks/summary', {
    schema: {
      tags: ['整改任务'],
      summary: '总览的补短板卡片：按状态、部门的任务数，逾期数，最近由 B 类转为 A 类的户',
      response: { 200: TaskSummaryResponse, 401: ErrorBody },
    },
  }, async (request) => {
    const viewer = requireViewer(request);
    return taskSummary(ctxOf(viewer), viewer);
  });

  app.post('/api/tasks/:id/steps', {
    schema: {
      tags: ['整改任务'],
      summary: '办理一步：确认、不予立项、分派、开始、完成（附行业验收信息）、验收、退回、重新办理；保存后重新测算该户',
      params: TaskIdParams,
      body: TaskStepRequest,
      response: { 200: TaskStepResponse, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
    },
  }, async (request) => {
    const viewer = requireViewer(request);
    const { step, ...input } = request.body;
    const out = await call(() => stepTask(ctxOf(viewer), viewer, request.params.id, step, input));
    return { task: { id: out.task.id, status: out.task.status, householdId: out.task.householdId }, classBefore: out.classBefore, classAfter: out.classAfter, runId: out.runId };
  });

  app.post('/api/tasks/assign', {
    schema: {
      tags: ['整改任务'],
      summary: '批量分派（县扶贫办、乡镇）：为选中的任务指定责任人，可另定完成时限（不晚于规则库的整改截止日期；不填则各任务保留原时限），全部成功或全部不改',
      body: TaskAssignRequest,
      response: { 200: TaskAssignResponse, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
    },
  }, async (request) => {
    const viewer = requireCan(request, 'task.assign');
    const { ids, responsible, dueDate } = request.body;
    return call(() => assignTasks(ctxOf(viewer), viewer, ids, responsible, dueDate));
  });

  app.post('/api/tasks/propose', {
    schema: {
      tags: ['整改任务'],
      summary: '生成整改建议（县扶贫办、乡镇）：为收入达标但有短板且无年内任务的户逐项生成“建议”任务，待乡镇确认',
      body: TaskProposeRequest,
      response: { 200: TaskProposeResponse, 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request) => {
    const viewer = requireCan(request, 'task.propose');
    const made = await call(() => proposeTasks(ctxOf(viewer), viewer, request.body.householdIds !== undefined ? { householdIds: request.body.householdIds } : {}));
    return { proposed: made.length, households: new Set(made.map((t) => t.householdId)).size };
  });

  app.get('/api/tasks/:id/attachments', {
    schema: { tags: ['整改任务'], summary: '任务的佐证材料清单', params: TaskIdParams, response: { 200: AttachmentListResponse, 401: ErrorBody } },
  }, async (request) => {
    const viewer = requireViewer(request);
    return { attachments: await store.tasks.attachments(taskScope(viewer), request.params.id) };
  });

  app.post('/api/tasks/:id/attachments', {
    schema: {
      tags: ['整改任务'],
      summary: '上传佐证材料（multipart/form-data，字段 file；JPG、PNG 或 PDF，不超过 5 MB），存入数据库并记录校验值',
      consumes: ['multipart/form-data'],
      params: TaskIdParams,
      response: { 200: AttachmentView, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 413: ErrorBody },
    },
  }, async (request) => {
    const viewer = requireViewer(request);
    if (!request.isMultipart()) throw badRequest('请以 multipart/form-data 上传佐证材料', undefined, 'not-multipart');
    const part = await request.file({ limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1 } });
    if (part === undefined) throw badRequest('请选择要上传的文件', undefined, 'no-file');
    let data: Buffer;
    try {
      data = await part.toBuffer();
    } catch (e) {
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new HttpError(413, 'too-large', '附件不能超过 5 MB');
      throw e;
    }
    return call(() => attachEvidence(ctxOf(viewer), viewer, request.params.id, { fileName: part.filename, data: new Uint8Array(data) }));
  });

  app.get('/api/tasks/:id/attachments/:attachmentId', {
    schema: { tags: ['整改任务'], summary: '下载一份佐证材料', params: AttachmentParams },
  }, async (request, reply) => {
    const viewer = requireViewer(request);
    const file = await store.tasks.attachmentFile(taskScope(viewer), request.params.id, request.params.attachmentId);
    if (file === null) throw notFound('佐证材料不存在');
    const ext = file.contentType === 'application/pdf' ? 'pdf' : file.contentType === 'image/png' ? 'png' : 'jpg';
    return reply.type(file.contentType).header('content-disposition', contentDisposition(file.fileName, `evidence.${ext}`).replace(/^attachment/, 'inline')).send(Buffer.from(file.data));
  });

  app.get('/api/export/tasks.xlsx', {
    schema: { tags: ['整改任务'], summary: '导出整改任务台账（当前筛选条件，限本人范围，按角色脱敏）', querystring: TaskListQuery },
  }, async (request, reply) => {
    const viewer = requireViewer(request);
    const file = await call(() => exportTaskLedger(ctxOf(viewer), viewer, filterOf(request.query)));
    const stream = createReadStream(file.path);
    stream.on('close', file.cleanup);
    return reply.type(XLSX_TYPE).header('content-disposition', contentDisposition(file.fileName, 'tuopin-tasks.xlsx')).send(stream);
  });
}
