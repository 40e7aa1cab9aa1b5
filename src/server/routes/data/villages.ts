// 村退出: villages of the latest run with incidence and indicators, and one village's households.
import { listVillages, villageDetail } from '../../../services/villages.js';
import { requireViewer } from '../../auth/viewer.js';
import { ErrorBody, VillageDetailResponse, VillageListQuery, VillageListResponse, VillageParams } from '../../../contract/api.js';
import type { App, AppDeps } from '../../types.js';
import type { ReadCache } from '../../readCache.js';
import { call, projectListItem } from './common.js';

export function registerVillageRoutes(app: App, deps: AppDeps, cache: ReadCache): void {
  const { store } = deps;

  app.get('/api/villages', {
    schema: {
      tags: ['村退出'],
      summary: '行政村退出测算：贫困发生率（现/退出后）、村级指标、是否预退出',
      querystring: VillageListQuery,
      response: { 200: VillageListResponse, 400: ErrorBody, 401: ErrorBody },
    },
  }, async (request) => {
    const viewer = requireViewer(request);
    const { township, preExit } = request.query;
    return cache.get(viewer, `villages?${JSON.stringify(request.query)}`, async () => {
      const villages = await call(() => listVillages(store, viewer, {
        ...(township !== undefined ? { township } : {}),
        ...(preExit !== undefined ? { preExit: preExit === 'true' } : {}),
      }));
      return { villages };
    });
  });

  app.get('/api/villages/:code', {
    schema: {
      tags: ['村退出'],
      summary: '一个行政村：退出测算与按类别分组的农户',
      params: VillageParams,
      response: { 200: VillageDetailResponse, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const viewer = requireViewer(request);
    const d = await call(() => villageDetail(store, viewer, request.params.code));
    return { ...d, classes: d.classes.map((c) => ({ ...c, households: c.households.map((h) => projectListItem(viewer, h)) })) };
  });
}
