// 名单比对 and 疑点核实 endpoints (docs/cross-check.md). Thin: the services check roles, list kinds
// and scope; a list upload is multipart like the roster's, read into memory (a list is checked in
// one go, and a refused one leaves nothing behind).
import { createReadStream } from 'node:fs';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import { ErrorBody } from '../../../contract/api.js';
import {
  CheckKindsResponse, CheckRowListQuery, CheckRowListResponse, CheckRowParams, CheckRunDetailResponse, CheckRunListQuery, CheckRunListResponse, CheckRunParams,
  CheckUploadFields, CheckUploadResponse, PointSummaryQuery, PointSummaryResponse, ReviewItem, ReviewListQuery, ReviewListResponse, ReviewRequest, ReviewResponse,
  AssignPointsRequest, AssignPointsResponse, CloseRequest, EvidenceParams, EvidenceView, FindingRequest, PointDetailResponse, PointExportQuery, PointListQuery,
  PointListResponse, PointParams, PointStepResponse, VerifyRequest,
} from '../../../contract/checks.js';
import { addPointEvidence, assignPoints, closePoint, listPoints, pointDetail, pointEvidenceFile, recordFinding, verifyPoint } from '../../../services/checkPoints.js';
import { exportCheckReportFile } from '../../../services/checkReport.js';
import { ATTACHMENT_MAX_BYTES } from '../../../services/tasks.js';
import { checkKinds, decideReview, listReviews, listRunRows, listRuns, pointSummary, reviewItem, runDetail, uploadCheckList } from '../../../services/checkRuns.js';
import { actorOf, requireCan, requireViewer } from '../../auth/viewer.js';
import { badRequest, HttpError } from '../../errors.js';
import type { App, AppDeps } from '../../types.js';
import { call, contentDisposition, XLSX_TYPE } from './common.js';
import { UPLOAD_LIMIT_BYTES } from './imports.js';

const READ_ERRORS = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const WRITE_ERRORS = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['名单比对'];

function fieldValue(part: MultipartFile, name: string): string | undefined {
  const f = part.fields[name] as MultipartValue | MultipartValue[] | undefined;
  const one = Array.isArray(f) ? f[0] : f;
  return one === undefined || typeof one.value !== 'string' || one.value === '' ? undefined : one.value;
}

export function registerCheckRoutes(app: App, deps: AppDeps): void {
  const { store } = deps;
  const ctxOf = (viewer: ReturnType<typeof requireViewer>) => ({ store, actor: actorOf(viewer), clock: deps.clock });

  app.get('/api/checks/kinds', { schema: { tags, summary: '名单类别、疑点类别、核实结果和状态（取自规则库），以及本账号可上传的名单', response: { 200: CheckKindsResponse, ...READ_ERRORS } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => checkKinds(ctxOf(viewer), viewer));
  });

  app.post('/api/checks/lists', {
    schema: {
      tags,
      summary: '上传行业部门名单或国办系统导出并比对（multipart/form-data：字段 kind、source、asOf 在前，file 在后）；名单有错误则整份不比对（422，附问题清单）',
      consumes: ['multipart/form-data'],
      response: { 201: CheckUploadResponse, 422: CheckUploadResponse, ...WRITE_ERRORS, 413: ErrorBody },
    },
  }, async (request, reply) => {
    const viewer = requireCan(request, 'check.upload');
    if (!request.isMultipart()) throw badRequest('请以 multipart/form-data 上传名单文件', undefined, 'not-multipart');
    const part = await request.file({ limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1 } });
    if (part === undefined) throw badRequest('请选择要上传的名单文件', undefined, 'no-file');
    let data: Buffer;
    try {
      data = await part.toBuffer();
    } catch (e) {
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new HttpError(413, 'too-large', `名单文件超过 ${UPLOAD_LIMIT_BYTES / 1024 / 1024} MB，请按乡镇拆分后分别上传`);
      throw e;
    }
    const fields = CheckUploadFields.safeParse({ kind: fieldValue(part, 'kind'), source: fieldValue(part, 'source'), asOf: fieldValue(part, 'asOf') });
    if (!fields.success) {
      const first = fields.error.issues[0];
      throw badRequest(`${first?.path.join('.') === 'asOf' ? '名单截至日期' : first?.path.join('.') === 'source' ? '来源单位' : '名单类别'}：${first?.message ?? '有误'}（请把 kind、source、asOf 放在 file 之前）`, undefined, 'invalid-fields');
    }
    const r = await call(() => uploadCheckList(ctxOf(viewer), viewer, { fileName: part.filename, data: new Uint8Array(data) }, fields.data));
    return reply.code(r.status).send(r.body);
  });

  app.get('/api/checks/runs', { schema: { tags, summary: '比对记录（每份名单每个版本一次，最新在前）', querystring: CheckRunListQuery, response: { 200: CheckRunListResponse, ...READ_ERRORS } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => listRuns(ctxOf(viewer), viewer, request.query));
  });

  app.get('/api/checks/runs/:id', { schema: { tags, summary: '一次比对：按结果统计的行数，本辖区按类别和乡镇的疑点', params: CheckRunParams, response: { 200: CheckRunDetailResponse, ...READ_ERRORS } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => runDetail(ctxOf(viewer), viewer, request.params.id));
  });

  app.get('/api/checks/runs/:id/rows', {
    schema: { tags, summary: '一次比对的逐行结果（县扶贫办和报送部门）', params: CheckRunParams, querystring: CheckRowListQuery, response: { 200: CheckRowListResponse, ...READ_ERRORS } },
  }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => listRunRows(ctxOf(viewer), viewer, request.params.id, request.query));
  });

  app.get('/api/checks/reviews', { schema: { tags, summary: '待人工确认的可能匹配（名单行与候选人并排）', querystring: ReviewListQuery, response: { 200: ReviewListResponse, ...READ_ERRORS } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => listReviews(ctxOf(viewer), viewer, request.query));
  });

  app.get('/api/checks/runs/:id/rows/:row/review', { schema: { tags, summary: '一条可能匹配的并排比较', params: CheckRowParams, response: { 200: ReviewItem, ...READ_ERRORS } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => reviewItem(ctxOf(viewer), viewer, request.params.id, request.params.row));
  });

  app.post('/api/checks/runs/:id/rows/:row/review', {
    schema: { tags, summary: '确认是同一人（可选次优候选）或不是同一人；确认后按该成员生成疑点', params: CheckRowParams, body: ReviewRequest, response: { 200: ReviewResponse, ...WRITE_ERRORS } },
  }, async (request) => {
    const viewer = requireCan(request, 'check.review');
    return call(() => decideReview(ctxOf(viewer), viewer, request.params.id, request.params.row, request.body));
  });

  app.get('/api/checks/points/summary', { schema: { tags, summary: '本辖区疑点统计（首页卡片、户详情）', querystring: PointSummaryQuery, response: { 200: PointSummaryResponse, ...READ_ERRORS } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => pointSummary(ctxOf(viewer), viewer, request.query.household));
  });

  app.get('/api/checks/points', { schema: { tags, summary: '疑点列表（本辖区；按类别、来源、乡镇、村、户、状态、天数、责任人筛选）', querystring: PointListQuery, response: { 200: PointListResponse, ...READ_ERRORS } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => listPoints(ctxOf(viewer), viewer, request.query));
  });

  app.get('/api/checks/points.xlsx', { schema: { tags, summary: '导出疑点台账和国办系统更正表（当前筛选条件，限本辖区，按角色脱敏）', querystring: PointExportQuery } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const file = await call(() => exportCheckReportFile(ctxOf(viewer), viewer, request.query));
    const stream = createReadStream(file.path);
    stream.on('close', file.cleanup);
    return reply.type(XLSX_TYPE).header('content-disposition', contentDisposition(file.fileName, 'tuopin-points.xlsx')).send(stream);
  });

  app.get('/api/checks/national-corrections.xlsx', { schema: { tags, summary: '导出国办系统更正表（与疑点台账同一工作簿，不加筛选）' } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const file = await call(() => exportCheckReportFile(ctxOf(viewer), viewer, {}, '国办系统更正表'));
    const stream = createReadStream(file.path);
    stream.on('close', file.cleanup);
    return reply.type(XLSX_TYPE).header('content-disposition', contentDisposition(file.fileName, 'tuopin-national-corrections.xlsx')).send(stream);
  });

  app.post('/api/checks/points/assign', { schema: { tags, summary: '分派疑点核实责任人（全部在本辖区内才分派，否则一条也不分派）', body: AssignPointsRequest, response: { 200: AssignPointsResponse, ...WRITE_ERRORS } } }, async (request) => {
    const viewer = requireCan(request, 'check.assign');
    return call(() => assignPoints(ctxOf(viewer), viewer, request.body));
  });

  app.get('/api/checks/points/:id', { schema: { tags, summary: '疑点详情：名单原文、匹配说明、佐证材料、经过', params: PointParams, response: { 200: PointDetailResponse, ...READ_ERRORS } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => pointDetail(ctxOf(viewer), viewer, request.params.id));
  });

  app.post('/api/checks/points/:id/evidence', {
    schema: {
      tags,
      summary: '上传核实佐证（multipart/form-data，字段 file；JPG、PNG 或 PDF，不超过 5 MB）',
      consumes: ['multipart/form-data'],
      params: PointParams,
      response: { 200: EvidenceView, ...WRITE_ERRORS, 413: ErrorBody },
    },
  }, async (request) => {
    const viewer = requireCan(request, 'check.finding');
    if (!request.isMultipart()) throw badRequest('请以 multipart/form-data 上传佐证材料', undefined, 'not-multipart');
    const part = await request.file({ limits: { fileSize: ATTACHMENT_MAX_BYTES, files: 1 } });
    if (part === undefined) throw badRequest('请选择要上传的文件', undefined, 'no-file');
    let data: Buffer;
    try {
      data = await part.toBuffer();
    } catch (e) {
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new HttpError(413, 'too-large', '佐证材料不能超过 5 MB');
      throw e;
    }
    return call(() => addPointEvidence(ctxOf(viewer), viewer, request.params.id, { fileName: part.filename, contentType: part.mimetype, data: new Uint8Array(data) }));
  });

  app.get('/api/checks/points/:id/evidence/:evidenceId', { schema: { tags, summary: '查看一份核实佐证', params: EvidenceParams } }, async (request, reply) => {
    const viewer = requireViewer(request);
    const file = await call(() => pointEvidenceFile(ctxOf(viewer), viewer, request.params.id, request.params.evidenceId));
    const ext = file.contentType === 'application/pdf' ? 'pdf' : file.contentType === 'image/png' ? 'png' : 'jpg';
    return reply.type(file.contentType).header('content-disposition', contentDisposition(file.fileName, `evidence.${ext}`).replace(/^attachment/, 'inline')).send(Buffer.from(file.data));
  });

  app.post('/api/checks/points/:id/finding', { schema: { tags, summary: '记录入户核实结果（属实、不属实、已整改），附佐证', params: PointParams, body: FindingRequest, response: { 200: PointStepResponse, ...WRITE_ERRORS } } }, async (request) => {
    const viewer = requireCan(request, 'check.finding');
    return call(() => recordFinding(ctxOf(viewer), viewer, request.params.id, request.body));
  });

  app.post('/api/checks/points/:id/verify', { schema: { tags, summary: '审核核实结果（须由核实人以外的人）：通过则销号并按规则启动改正，退回则重新核实', params: PointParams, body: VerifyRequest, response: { 200: PointStepResponse, ...WRITE_ERRORS } } }, async (request) => {
    const viewer = requireCan(request, 'check.verify');
    return call(() => verifyPoint(ctxOf(viewer), viewer, request.params.id, request.body));
  });

  app.post('/api/checks/points/:id/close', { schema: { tags, summary: '不经入户核实直接销号（规则允许时），注明理由', params: PointParams, body: CloseRequest, response: { 200: PointStepResponse, ...WRITE_ERRORS } } }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => closePoint(ctxOf(viewer), viewer, request.params.id, request.body.note));
  });
}
