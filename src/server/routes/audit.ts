// The change log's verification from the web (审计 page): county admins only. The walk itself is
// the store's (store/audit.ts); this route checks who asks and keeps runs from piling up.
import type { FastifyRequest } from 'fastify';
import { can } from '../../domain/roles.js';
import { requireViewer, actorOf, type Viewer } from '../auth/viewer.js';
import { AuditOverview, AuditReport, AuditVerifyRequest, ErrorBody } from '../../contract/api.js';
import { conflict, forbidden } from '../errors.js';
import type { App, AppDeps } from '../types.js';

function requireCountyAdmin(request: FastifyRequest): Viewer {
  const viewer = requireViewer(request);
  if (!can(viewer, 'audit.verify')) throw forbidden('只有县扶贫办的管理员可以核验变更日志');
  return viewer;
}

export function registerAuditRoutes(app: App, deps: AppDeps): void {
  const { store } = deps;
  // One walk at a time: a second click while a county-size log is being read waits for nothing.
  let running = false;

  app.get(
    '/api/admin/audit',
    {
      schema: { tags: ['审计'], summary: '变更日志核验锚点（仅县扶贫办管理员）', response: { 200: AuditOverview, 401: ErrorBody, 403: ErrorBody } },
    },
    async (request) => {
      requireCountyAdmin(request);
      return { checkpoints: (await store.audit.checkpoints()).slice(0, 50) };
    },
  );

  app.post(
    '/api/admin/audit/verify',
    {
      schema: {
        tags: ['审计'],
        summary: '核验变更日志的哈希链：找出被修改、删除或插入的记录（仅县扶贫办管理员）',
        body: AuditVerifyRequest,
        response: { 200: AuditReport, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody },
      },
    },
    async (request) => {
      const viewer = requireCountyAdmin(request);
      if (running) throw conflict('正在核验变更日志，请稍候再试', 'audit-running');
      running = true;
      try {
        const b = request.body;
        const report = await store.audit.verify({
          actor: actorOf(viewer),
          record: b.checkpoint,
          ...(b.expectHead !== undefined ? { expectHead: b.expectHead } : {}),
        });
        request.log[report.intact ? 'info' : 'warn'](
          { event: 'audit-verify', by: viewer.userId, intact: report.intact, breaks: report.breakCount, headSeq: report.head?.seq ?? null },
          report.intact ? '变更日志核验完好' : '变更日志核验发现异常',
        );
        return report;
      } finally {
        running = false;
      }
    },
  );
}
