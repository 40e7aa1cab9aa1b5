// 总览: the latest run's figures in the viewer's scope.
import type { IndicatorCode } from '../../../domain/types.js';
import { dashboard } from '../../../services/dashboard.js';
import { assessmentState } from '../../../services/freshness.js';
import { requireViewer } from '../../auth/viewer.js';
import { DashboardResponse, ErrorBody } from '../../../contract/api.js';
import { indicatorVisible } from '../../projection.js';
import type { App, AppDeps } from '../../types.js';
import { call } from './common.js';
import type { ReadCache } from '../../readCache.js';

export function registerDashboardRoutes(app: App, deps: AppDeps, cache: ReadCache): void {
  app.get('/api/dashboard', {
    schema: {
      tags: ['总览'],
      summary: '总览：建档立卡人口、筛查范围、A/B/C 户数与人数、预退出村、贫困发生率（现/退出后）、分乡镇、常见未达标指标、全县退出障碍',
      response: { 200: DashboardResponse, 401: ErrorBody },
    },
  }, async (request) => {
    const viewer = requireViewer(request);
    const figures = await cache.get(viewer, 'dashboard', async () => {
      const d = await call(() => dashboard(deps.store, viewer));
      return { ...d, failing: d.failing.filter((f) => indicatorVisible(viewer, f.code as IndicatorCode)) };
    });
    return { ...figures, assessmentState: await assessmentState(deps.store, deps.keeper) };
  });
}
