// GET /api/offline/village: the village team's village to take along (docs/offline.md). Thin:
// the service checks the role and reads only the viewer's scope; household data is masked here
// through projection.ts like every other household read.
import { ErrorBody } from '../../../contract/api.js';
import { OfflineVillageResponse } from '../../../contract/offline.js';
import { masker } from '../../../domain/mask.js';
import { takeVillage } from '../../../services/offline.js';
import { actorOf, requireCan } from '../../auth/viewer.js';
import { projectHousehold, projectIncome, projectMember } from '../../projection.js';
import type { App, AppDeps } from '../../types.js';
import { call } from './common.js';

export function registerOfflineRoutes(app: App, deps: AppDeps): void {
  app.get('/api/offline/village', {
    schema: {
      tags: ['离线采集'],
      summary: '村级账号带走本村数据离线使用：户、成员、收入测算表、待办整改任务，各附版本（离线修改提交时带回，已被他人修改的答复 409）',
      response: { 200: OfflineVillageResponse, 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request) => {
    const viewer = requireCan(request, 'offline.take');
    const pkg = await call(() => takeVillage({ store: deps.store, actor: actorOf(viewer), clock: deps.clock }, viewer));
    const m = masker(viewer.mask);
    return {
      ...pkg,
      households: pkg.households.map((r) => ({
        household: projectHousehold(viewer, r.household, m),
        members: r.members.map((x) => projectMember(viewer, x, m)),
        income: projectIncome(viewer, r.income),
        class: r.class,
        versions: r.versions,
      })),
    };
  });
}
