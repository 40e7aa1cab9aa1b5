// 台账: class ledgers page by page (the workbook's columns), and the two workbooks as downloads.
import { createReadStream } from 'node:fs';
import type { IndicatorCode } from '../../../domain/types.js';
import { exportForViewer, type ExportKind } from '../../../services/exportScoped.js';
import { ledgerPage } from '../../../services/ledgerPages.js';
import { actorOf, requireCan, requireViewer } from '../../auth/viewer.js';
import { ErrorBody, LedgerPageResponse, LedgerParams, LedgerQuery } from '../../../contract/api.js';
import { incomeVisible, indicatorVisible, sectorView } from '../../projection.js';
import type { App, AppDeps } from '../../types.js';
import { call, contentDisposition, XLSX_TYPE } from './common.js';

export function registerLedgerRoutes(app: App, deps: AppDeps): void {
  const { store } = deps;

  app.get('/api/ledgers/:class', {
    schema: {
      tags: ['台账'],
      summary: '分类台账（A、B、C 类及 out-of-scope），列与导出的台账工作簿相同，分页',
      params: LedgerParams,
      querystring: LedgerQuery,
      response: { 200: LedgerPageResponse, 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const viewer = requireViewer(request);
    const filter = sectorView(viewer) === null
      ? null
      : { indicator: (code: string) => indicatorVisible(viewer, code as IndicatorCode), income: incomeVisible(viewer), summaries: false };
    const q = request.query;
    return call(() => ledgerPage(store, viewer, request.params.class, q.page ?? 1, q.pageSize ?? 50, filter, q.village ?? q.township));
  });

  const exports: [string, ExportKind, string][] = [
    ['/api/export/ledgers.xlsx', 'ledgers', 'tuopin-ledgers.xlsx'],
    ['/api/export/income-forms.xlsx', 'income-forms', 'tuopin-income-forms.xlsx'],
  ];
  for (const [url, kind, fallback] of exports) {
    app.get(url, {
      schema: {
        tags: ['台账'],
        summary: kind === 'ledgers'
          ? '导出脱贫退出筛查台账工作簿（与命令行 tuopin export 相同的文件，限本人范围，按角色脱敏）'
          : '导出收入测算表工作簿（与命令行 tuopin export 相同的文件，限本人范围，按角色脱敏）',
      },
    }, async (request, reply) => {
      const viewer = requireCan(request, 'ledger.export');
      const ctx = { store, actor: actorOf(viewer), clock: deps.clock };
      const file = await call(() => exportForViewer(ctx, viewer, kind));
      const stream = createReadStream(file.path);
      stream.on('close', file.cleanup);
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', contentDisposition(file.fileName, fallback))
        .send(stream);
    });
  }
}
