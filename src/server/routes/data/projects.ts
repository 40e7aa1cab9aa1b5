// 项目库 endpoints: list, progress, detail, create, edit, status, allocations, disbursements,
// households, notices and objections. Thin: the services check roles, sectors and scope.
import {
  LinkHouseholdsRequest, MoneyRequest, NoticeEndRequest, NoticeIdParams, NoticeRequest, ObjectionHandleRequest, ObjectionIdParams, ObjectionRequest,
  ProgressResponse, ProjectDetailResponse, ProjectIdParams, ProjectInput, ProjectListQuery, ProjectListResponse, StatusChangeRequest,
  CompleteWithProjectRequest, ProjectEvidenceResponse, ProjectNoticeSheetResponse, TaskEvidenceParams,
} from '../../../contract/projects.js';
import { TaskStepResponse } from '../../../contract/tasks.js';
import { projectNoticeWorkbook } from '../../../io/notice/projectNoticeWorkbook.js';
import { completeWithProject, evidenceForTask } from '../../../services/projectEvidence.js';
import { projectNoticeSheet } from '../../../services/projectNotice.js';
import { ErrorBody } from '../../../contract/api.js';
import {
  allocate, changeProjectStatus, createProject, disburse, endNotice, handleObjection, linkHouseholds, listProjects, postNotice, projectProgress, readProject,
  recordObjection, updateProject,
} from '../../../services/projects.js';
import { actorOf, requireCan, requireViewer } from '../../auth/viewer.js';
import type { App, AppDeps } from '../../types.js';
import { call, contentDisposition, XLSX_TYPE } from './common.js';

const READ_ERRORS = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const WRITE_ERRORS = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['项目库'];

export function registerProjectRoutes(app: App, deps: AppDeps): void {
  const { store } = deps;
  const ctxOf = (viewer: ReturnType<typeof requireViewer>) => ({ store, actor: actorOf(viewer), clock: deps.clock });

  app.get('/api/projects', { schema: { tags, summary: '项目列表（本辖区覆盖的项目，含已下达、已拨付和预警）', querystring: ProjectListQuery, response: { 200: ProjectListResponse, ...READ_ERRORS } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => listProjects(ctxOf(viewer), viewer, request.query));
  });

  app.get('/api/projects/progress', { schema: { tags, summary: '资金拨付进度：按项目、资金来源、乡镇、行业', querystring: ProjectListQuery, response: { 200: ProgressResponse, ...READ_ERRORS } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => projectProgress(ctxOf(viewer), viewer, request.query));
  });

  app.get('/api/projects/:id', { schema: { tags, summary: '项目详情', params: ProjectIdParams, response: { 200: ProjectDetailResponse, ...READ_ERRORS } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => readProject(ctxOf(viewer), viewer, request.params.id));
  });

  app.post('/api/projects', { schema: { tags, summary: '新建项目（县扶贫办、负责行业）', body: ProjectInput, response: { 200: ProjectDetailResponse, ...WRITE_ERRORS } } }, async (request) => {
    const viewer = requireCan(request, 'project.edit');
    return call(() => createProject(ctxOf(viewer), viewer, request.body));
  });

  app.put('/api/projects/:id', { schema: { tags, summary: '修改项目', params: ProjectIdParams, body: ProjectInput, response: { 200: ProjectDetailResponse, ...WRITE_ERRORS } } }, async (request) => {
    const viewer = requireCan(request, 'project.edit');
    return (await call(() => updateProject(ctxOf(viewer), viewer, request.params.id, request.body))).project;
  });

  app.post('/api/projects/:id/status', { schema: { tags, summary: '变更项目状态（按规则库的状态流转，注明日期）', params: ProjectIdParams, body: StatusChangeRequest, response: { 200: ProjectDetailResponse, ...WRITE_ERRORS } } }, async (request) => {
    const viewer = requireCan(request, 'project.edit');
    return call(() => changeProjectStatus(ctxOf(viewer), viewer, request.params.id, request.body));
  });

  app.post('/api/projects/:id/households', { schema: { tags, summary: '关联受益户（须在项目覆盖的村内）', params: ProjectIdParams, body: LinkHouseholdsRequest, response: { 200: ProjectDetailResponse, ...WRITE_ERRORS } } }, async (request) => {
    const viewer = requireCan(request, 'project.edit');
    return call(() => linkHouseholds(ctxOf(viewer), viewer, request.params.id, request.body.households, request.body.reason));
  });

  app.post('/api/projects/:id/allocations', { schema: { tags, summary: '资金下达（分）', params: ProjectIdParams, body: MoneyRequest, response: { 200: ProjectDetailResponse, ...WRITE_ERRORS } } }, async (request) => {
    const viewer = requireCan(request, 'project.money');
    return call(() => allocate(ctxOf(viewer), viewer, request.params.id, request.body));
  });

  app.post('/api/projects/:id/disbursements', { schema: { tags, summary: '资金拨付（分；超过已下达未拨付的金额时拒绝，不保存）', params: ProjectIdParams, body: MoneyRequest, response: { 200: ProjectDetailResponse, ...WRITE_ERRORS } } }, async (request) => {
    const viewer = requireCan(request, 'project.money');
    return call(() => disburse(ctxOf(viewer), viewer, request.params.id, request.body));
  });

  app.post('/api/projects/:id/notices', { schema: { tags, summary: '张贴项目公示（计划或完工，按村）', params: ProjectIdParams, body: NoticeRequest, response: { 200: ProjectDetailResponse, ...WRITE_ERRORS } } }, async (request) => {
    const viewer = requireCan(request, 'project.notice');
    return call(() => postNotice(ctxOf(viewer), viewer, request.params.id, request.body));
  });

  app.post('/api/projects/:id/notices/:noticeId/end', { schema: { tags, summary: '结束公示（不能早于规则库的公示天数）', params: NoticeIdParams, body: NoticeEndRequest, response: { 200: ProjectDetailResponse, ...WRITE_ERRORS } } }, async (request) => {
    const viewer = requireCan(request, 'project.notice');
    return call(() => endNotice(ctxOf(viewer), viewer, request.params.id, request.params.noticeId, request.body.endedOn));
  });

  app.post('/api/projects/:id/notices/:noticeId/objections', { schema: { tags, summary: '记录公示期内的异议', params: NoticeIdParams, body: ObjectionRequest, response: { 200: ProjectDetailResponse, ...WRITE_ERRORS } } }, async (request) => {
    const viewer = requireCan(request, 'project.notice');
    return call(() => recordObjection(ctxOf(viewer), viewer, request.params.id, request.params.noticeId, request.body.receivedOn, request.body.content));
  });

  app.post('/api/projects/:id/objections/:objectionId/handle', { schema: { tags, summary: '记录异议的处理结果', params: ObjectionIdParams, body: ObjectionHandleRequest, response: { 200: ProjectDetailResponse, ...WRITE_ERRORS } } }, async (request) => {
    const viewer = requireCan(request, 'project.notice');
    return call(() => handleObjection(ctxOf(viewer), viewer, request.params.id, request.params.objectionId, request.body.handledOn, request.body.handling));
  });

  app.get('/api/projects/:id/notices/:noticeId/print', { schema: { tags, summary: '项目公示（打印用，不含身份证号、电话、银行账号和健康信息）', params: NoticeIdParams, response: { 200: ProjectNoticeSheetResponse, ...READ_ERRORS } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => projectNoticeSheet(store, viewer, request.params.id, request.params.noticeId));
  });

  app.get('/api/projects/:id/notices/:noticeId/notice.xlsx', { schema: { tags, summary: '项目公示 Excel（A4 打印）', params: NoticeIdParams } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const sheet = await call(() => projectNoticeSheet(store, viewer, request.params.id, request.params.noticeId));
    const body = await projectNoticeWorkbook(sheet);
    return reply.type(XLSX_TYPE).header('content-disposition', contentDisposition(`${sheet.villageName}${sheet.title}.xlsx`, 'project-notice.xlsx')).send(body);
  });

  app.get('/api/tasks/:id/project-evidence', { schema: { tags, summary: '可作为该整改任务证据的已验收项目', params: TaskEvidenceParams, response: { 200: ProjectEvidenceResponse, ...READ_ERRORS } } }, async (request) => {
    const viewer = requireViewer(request);
    return { items: await call(() => evidenceForTask(ctxOf(viewer), viewer, request.params.id)) };
  });

  app.post('/api/tasks/:id/project-evidence', { schema: { tags, summary: '以已验收项目为证完成整改任务（仍须填写行业验收信息，并由他人验收）', params: TaskEvidenceParams, body: CompleteWithProjectRequest, response: { 200: TaskStepResponse, ...WRITE_ERRORS } } }, async (request) => {
    const viewer = requireViewer(request);
    const out = await call(() => completeWithProject(ctxOf(viewer), viewer, request.params.id, request.body.projectId, request.body.closeOut));
    return { task: { id: out.task.id, status: out.task.status, householdId: out.task.householdId }, classBefore: out.classBefore, classAfter: out.classAfter, runId: out.runId };
  });
}
