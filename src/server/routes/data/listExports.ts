// Exports of the filtered lists (农户 first): the page's own query, the viewer's scope and
// projection, one workbook named and titled for the scope. Long exports run as one request; the
// web shows its progress from the download stream.
import { createReadStream } from 'node:fs';
import { exportHouseholdList } from '../../../services/exportHouseholdList.js';
import { requireCan } from '../../auth/viewer.js';
import { HouseholdListQuery } from '../../../contract/api.js';
import { householdFieldVisible, incomeVisible } from '../../projection.js';
import type { App, AppDeps } from '../../types.js';
import { HttpError } from '../../errors.js';
import { assertListQueryVisible, call, contentDisposition, projectListItem, XLSX_TYPE } from './common.js';

export function registerListExportRoutes(app: App, deps: AppDeps): void {
  const searchLimit = deps.config.searchRateLimit;
  app.get('/api/export/households.xlsx', {
    // A search text in an export is a search like the list's: limited the same way.
    config: {
      rateLimit: {
        max: searchLimit.max,
        timeWindow: searchLimit.windowMs,
        keyGenerator: (request) => `search:${request.session?.idHash ?? request.ip}`,
        allowList: (request) => {
          const q = (request.query as { q?: unknown } | null)?.q;
          return !(typeof q === 'string' && q.trim() !== '');
        },
        errorResponseBuilder: (_request, context) =>
          new HttpError(429, 'search-rate-limited', `搜索过于频繁，请 ${Math.max(1, Math.ceil(context.ttl / 1000))} 秒后再试`),
      },
    },
    schema: { tags: ['农户'], summary: '导出农户名单（当前筛选条件，限本人范围，按角色脱敏；文件名和标题写明范围）', querystring: HouseholdListQuery },
  }, async (request, reply) => {
    const viewer = requireCan(request, 'ledger.export');
    const { page: _p, pageSize: _s, ...q } = request.query;
    assertListQueryVisible(viewer, q);
    const query = Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined));
    const file = await call(() =>
      exportHouseholdList(deps.store, viewer, query, {
        now: deps.clock(),
        project: (i) => projectListItem(viewer, i),
        showIncome: incomeVisible(viewer),
        showCause: householdFieldVisible(viewer, 'mainCause'),
      }),
    );
    const stream = createReadStream(file.path);
    stream.on('close', file.cleanup);
    return reply.type(XLSX_TYPE).header('content-disposition', contentDisposition(file.fileName, 'tuopin-households.xlsx')).send(stream);
  });
}
