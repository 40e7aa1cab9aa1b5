// 导入: roster upload (county office), background import with progress, and the error workbook.
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import fastifyMultipart from '@fastify/multipart';
import { safeFileName, type ImportJobs } from '../../../services/importJobs.js';
import { rosterTemplate } from '../../../services/rosterTemplate.js';
import { actorOf, requireCan } from '../../auth/viewer.js';
import { ErrorBody, ImportJobParams, ImportJobView, ImportStartResponse } from '../../../contract/api.js';
import { badRequest, conflict, HttpError, notFound } from '../../errors.js';
import type { App } from '../../types.js';
import { call, contentDisposition, XLSX_TYPE } from './common.js';

export const UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;

export interface ImportRouteOptions {
  jobs: ImportJobs;
  /** Default UPLOAD_LIMIT_BYTES (50 MB); tests lower it. */
  uploadLimitBytes?: number;
  /** True while another county-wide write (a rulebook switch) runs. */
  countyBusy(): string | null;
}

const sizeText = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`);

const tooLarge = (limit: number) =>
  new HttpError(413, 'too-large', `上传的文件超过 ${sizeText(limit)}，请删去无关的工作表或按乡镇拆分后分别导入`);

export async function registerImportRoutes(app: App, opts: ImportRouteOptions): Promise<void> {
  const limit = opts.uploadLimitBytes ?? UPLOAD_LIMIT_BYTES;
  // Registered here, in the data routes' own plugin scope: only this route takes multipart bodies.
  await app.register(fastifyMultipart, { limits: { fileSize: limit, files: 1, fields: 5, parts: 6 } });
  const { jobs } = opts;

  app.post('/api/imports', {
    schema: {
      tags: ['导入'],
      summary: '上传花名册（multipart/form-data，字段 file，不超过 50 MB；限县扶贫办）：后台导入，返回任务编号',
      consumes: ['multipart/form-data'],
      response: { 202: ImportStartResponse, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody, 413: ErrorBody },
    },
  }, async (request, reply) => {
    const viewer = requireCan(request, 'roster.import');
    if (!request.isMultipart()) throw badRequest('请以 multipart/form-data 上传花名册文件', undefined, 'not-multipart');
    // Refuse before reading the body: a second upload while one runs is not stored anywhere.
    if (jobs.busy) throw conflict('正在导入另一份花名册，请等待其完成后再上传', 'import-running');
    const busy = opts.countyBusy();
    if (busy !== null) throw conflict(busy, 'county-busy');
    const data = await request.file();
    if (data === undefined) throw badRequest('请选择要上传的花名册文件', undefined, 'no-file');
    const dir = jobs.newUploadDir();
    const path = join(dir, safeFileName(data.filename));
    try {
      await pipeline(data.file, createWriteStream(path));
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(limit);
      throw e;
    }
    if (data.file.truncated) {
      rmSync(dir, { recursive: true, force: true });
      throw tooLarge(limit);
    }
    const job = await call(async () => jobs.start(actorOf(viewer), path));
    return reply.code(202).send({ jobId: job.id, job });
  });

  app.get('/api/imports/template.xlsx', {
    schema: { tags: ['导入'], summary: '花名册模板：系统能识别的列（见《花名册列说明》）和两户虚构的示例户' },
  }, async (request, reply) => {
    requireCan(request, 'roster.import');
    const file = await rosterTemplate();
    const stream = createReadStream(file.path);
    stream.on('close', file.cleanup);
    return reply.type(XLSX_TYPE).header('content-disposition', contentDisposition(file.fileName, 'roster-template.xlsx')).send(stream);
  });

  app.get('/api/imports/:jobId', {
    schema: {
      tags: ['导入'],
      summary: '导入任务的进度、结果（变更统计）或被拒原因（问题清单）',
      params: ImportJobParams,
      response: { 200: ImportJobView, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    requireCan(request, 'roster.import');
    const job = jobs.get(request.params.jobId);
    if (job === null) throw notFound('导入任务不存在或已过期');
    return job;
  });

  app.get('/api/imports/:jobId/errors.xlsx', {
    schema: {
      tags: ['导入'],
      summary: '被拒花名册的错误报告工作簿',
      params: ImportJobParams,
    },
  }, async (request, reply) => {
    requireCan(request, 'roster.import');
    const job = jobs.get(request.params.jobId);
    const path = jobs.errorWorkbook(request.params.jobId);
    if (job === null || path === null) throw notFound('该导入任务没有错误报告');
    const name = job.fileName.replace(/(\.[^.]+)?$/, '.错误报告.xlsx');
    return reply.type(XLSX_TYPE).header('content-disposition', contentDisposition(name, 'errors.xlsx')).send(createReadStream(path));
  });
}
