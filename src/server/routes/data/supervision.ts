// Supervision endpoints: 联乡包村, 督查走访 (with photos and compliance), 问题与问责 (with the 问题整改台账),
// 周调度 (with its workbook) and 推演. Thin: the services check roles and state, the store's SQL the scope.
import { createReadStream } from 'node:fs';
import { z } from 'zod';
import { ErrorBody } from '../../../contract/api.js';
import {
  ComplianceQuery, ComplianceResponse, DecisionRequest, FindingParams, FindingProblemRequest, IdParams, LeaderAreasRequest, LeaderView, LeadersResponse,
  PhotoParams, ProblemListQuery, ProblemRequest, ProblemView, ProblemsResponse, RectifyRequest, RulebookPreviewQuery, RulebookPreviewResponse, UserIdParams,
  VerifyRequest, VisitIdParams, VisitListQuery, VisitRequest, VisitView, VisitsResponse, WeekParams, WeeklyNotesRequest, WeeklyQuery, WeeklyResponse,
  WhatIfRequest, WhatIfResponse,
} from '../../../contract/supervision.js';
import { assignLeaderAreas, listLeaders } from '../../../services/leaders.js';
import { decideAccountability, exportProblemLedger, listProblems, readProblem, recordProblem, rectifyProblem, verifyProblem } from '../../../services/problems.js';
import { addVisitPhoto, listVisits, PHOTO_MAX_BYTES, raiseFinding, readVisit, recordVisit, visitComplianceView, visitPhoto } from '../../../services/visits.js';
import { exportWeekly, setWeeklyNotes, weeklyReport } from '../../../services/weekly.js';
import { linkSpotChecksToProblems } from '../../../services/spotCheckProblems.js';
import { previewRulebookSwitch, runWhatIf } from '../../../services/whatIf.js';
import { actorOf, requireViewer } from '../../auth/viewer.js';
import { badRequest, HttpError } from '../../errors.js';
import type { App, AppDeps } from '../../types.js';
import { call, contentDisposition, XLSX_TYPE } from './common.js';

const READ = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const WRITE = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['督查'];

export function registerSupervisionRoutes(app: App, deps: AppDeps): void {
  const { store } = deps;
  const ctxOf = (viewer: ReturnType<typeof requireViewer>) => ({ store, actor: actorOf(viewer), clock: deps.clock });
  const unlink = linkSpotChecksToProblems({ store, clock: deps.clock });
  app.addHook('onClose', async () => unlink());

  app.get('/api/supervision/leaders', { schema: { tags, summary: '县级领导联系的乡镇和村（联乡包村）', response: { 200: LeadersResponse, ...READ } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => listLeaders(ctxOf(viewer), viewer));
  });

  app.put('/api/supervision/leaders/:id/areas', { schema: { tags, summary: '安排县级领导联系的乡镇和村（县扶贫办；领导的查看范围随之改变，记入变更记录）', params: UserIdParams, body: LeaderAreasRequest, response: { 200: LeaderView, ...WRITE } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => assignLeaderAreas(ctxOf(viewer), viewer, request.params.id, request.body));
  });

  app.get('/api/supervision/visits', { schema: { tags, summary: '督查走访记录（本人范围内的村，或本人的走访）', querystring: VisitListQuery, response: { 200: VisitsResponse, ...READ } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => listVisits(ctxOf(viewer), viewer, request.query));
  });

  app.get('/api/supervision/visits/compliance', { schema: { tags, summary: '县级领导逐周走访达标情况', querystring: ComplianceQuery, response: { 200: ComplianceResponse, ...READ } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => visitComplianceView(ctxOf(viewer), viewer, request.query));
  });

  app.get('/api/supervision/visits/:id', { schema: { tags, summary: '一次走访', params: VisitIdParams, response: { 200: VisitView, ...READ } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => readVisit(ctxOf(viewer), viewer, request.params.id));
  });

  app.post('/api/supervision/visits', { schema: { tags, summary: '记录一次督查走访（日期、村、走访户、检查内容、发现的问题）', body: VisitRequest, response: { 200: VisitView, ...WRITE } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => recordVisit(ctxOf(viewer), viewer, request.body));
  });

  app.post('/api/supervision/visits/:id/findings/:findingId/problem', { schema: { tags, summary: '把走访发现登记为问题', params: FindingParams, body: FindingProblemRequest, response: { 200: z.object({ problemId: z.string() }), ...WRITE } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => raiseFinding(ctxOf(viewer), viewer, request.params.id, request.params.findingId, request.body));
  });

  app.post('/api/supervision/visits/:id/photos', {
    schema: { tags, summary: '上传走访照片（multipart/form-data，字段 file；JPG 或 PNG，不超过 5 MB）', consumes: ['multipart/form-data'], params: VisitIdParams, response: { 200: z.object({ id: z.string(), fileName: z.string(), contentType: z.string(), size: z.number(), sha256: z.string() }), ...WRITE, 413: ErrorBody } },
  }, async (request) => {
    const viewer = requireViewer(request);
    if (!request.isMultipart()) throw badRequest('请以 multipart/form-data 上传照片', undefined, 'not-multipart');
    const part = await request.file({ limits: { fileSize: PHOTO_MAX_BYTES, files: 1 } });
    if (part === undefined) throw badRequest('请选择要上传的照片', undefined, 'no-file');
    let data: Buffer;
    try {
      data = await part.toBuffer();
    } catch (e) {
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new HttpError(413, 'too-large', '照片不能超过 5 MB');
      throw e;
    }
    return call(() => addVisitPhoto(ctxOf(viewer), viewer, request.params.id, { fileName: part.filename, data: new Uint8Array(data) }));
  });

  app.get('/api/supervision/visits/:id/photos/:photoId', { schema: { tags, summary: '查看走访照片', params: PhotoParams } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const photo = await call(() => visitPhoto(ctxOf(viewer), viewer, request.params.id, request.params.photoId));
    const ext = photo.contentType === 'image/png' ? 'png' : 'jpg';
    return reply.type(photo.contentType).header('content-disposition', contentDisposition(photo.fileName, `photo.${ext}`).replace(/^attachment/, 'inline')).send(Buffer.from(photo.data));
  });

  app.get('/api/supervision/problems', { schema: { tags, summary: '问题与问责台账（本单位、本辖区的问题；连续重大失误提示）', querystring: ProblemListQuery, response: { 200: ProblemsResponse, ...READ } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => listProblems(ctxOf(viewer), viewer, request.query));
  });

  app.get('/api/supervision/problems/:id', { schema: { tags, summary: '一个问题（整改、核实与问责）', params: IdParams, response: { 200: ProblemView, ...READ } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => readProblem(ctxOf(viewer), viewer, request.params.id));
  });

  app.post('/api/supervision/problems', { schema: { tags, summary: '登记问题（任一来源：考核、巡察、督查、暗访、抽查、比对、举报）', body: ProblemRequest, response: { 200: z.object({ id: z.string() }), ...WRITE } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => recordProblem(ctxOf(viewer), viewer, request.body));
  });

  app.post('/api/supervision/problems/:id/rectification', { schema: { tags, summary: '记录整改情况（问题所在单位）', params: IdParams, body: RectifyRequest, response: { 200: ProblemView, ...WRITE } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => rectifyProblem(ctxOf(viewer), viewer, request.params.id, request.body));
  });

  app.post('/api/supervision/problems/:id/verification', { schema: { tags, summary: '核实整改（县扶贫办；不通过则退回重新整改）', params: IdParams, body: VerifyRequest, response: { 200: ProblemView, ...WRITE } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => verifyProblem(ctxOf(viewer), viewer, request.params.id, request.body));
  });

  app.post('/api/supervision/problems/:id/decisions', { schema: { tags, summary: '记录问责决定：组织处理或纪律处分（县扶贫办）', params: IdParams, body: DecisionRequest, response: { 200: ProblemView, ...WRITE } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => decideAccountability(ctxOf(viewer), viewer, request.params.id, request.body));
  });

  app.get('/api/export/problems.xlsx', { schema: { tags, summary: '导出问题整改台账（本人范围）', querystring: ProblemListQuery } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const file = await call(() => exportProblemLedger(ctxOf(viewer), viewer, request.query));
    const stream = createReadStream(file.path);
    stream.on('close', file.cleanup);
    return reply.type(XLSX_TYPE).header('content-disposition', contentDisposition(file.fileName, 'tuopin-problems.xlsx')).send(stream);
  });

  app.get('/api/supervision/weekly', { schema: { tags, summary: '周调度（默认上一周；已结束的周读快照，首次读取时写入）', querystring: WeeklyQuery, response: { 200: WeeklyResponse, ...READ } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => weeklyReport(ctxOf(viewer), viewer, request.query.week));
  });

  app.put('/api/supervision/weekly/:week/notes', { schema: { tags, summary: '填写周调度分析和例会记录（县扶贫办）', params: WeekParams, body: WeeklyNotesRequest, response: { 200: WeeklyResponse, ...WRITE } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => setWeeklyNotes(ctxOf(viewer), viewer, request.params.week, request.body));
  });

  app.get('/api/export/weekly.xlsx', { schema: { tags, summary: '导出周调度工作簿', querystring: WeeklyQuery } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const file = await call(() => exportWeekly(ctxOf(viewer), viewer, request.query.week));
    const stream = createReadStream(file.path);
    stream.on('close', file.cleanup);
    return reply.type(XLSX_TYPE).header('content-disposition', contentDisposition(file.fileName, 'tuopin-weekly.xlsx')).send(stream);
  });

  app.post('/api/supervision/what-if', { schema: { tags, summary: '推演：假定选中的整改任务完成并验收（不写入）', body: WhatIfRequest, response: { 200: WhatIfResponse, ...READ } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => runWhatIf(ctxOf(viewer), viewer, request.body));
  });

  app.get('/api/supervision/rulebook-preview', { schema: { tags, summary: '更换规则库前预览：各类别户数的变化（不写入）', querystring: RulebookPreviewQuery, response: { 200: RulebookPreviewResponse, ...READ } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => previewRulebookSwitch(ctxOf(viewer), viewer, request.query));
  });
}
