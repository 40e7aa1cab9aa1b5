// 农户: the household list, one household's page and the income form edit.
import { masker } from '../../../domain/mask.js';
import { householdDetail } from '../../../services/householdDetail.js';
import { assessmentState } from '../../../services/freshness.js';
import { searchHouseholds } from '../../../services/searchHouseholds.js';
import { updateIncome } from '../../../services/updateIncome.js';
import { actorOf, requireCan, requireViewer } from '../../auth/viewer.js';
import {
  ErrorBody, HouseholdDetailResponse, HouseholdIdParams, HouseholdListQuery, HouseholdListResponse, IncomeUpdateRequest, IncomeUpdateResponse,
} from '../../../contract/api.js';
import { incomeVisible, projectAssessment, projectHousehold, projectMember, projectTasks } from '../../projection.js';
import type { App, AppDeps } from '../../types.js';
import type { ReadCache } from '../../readCache.js';
import { HttpError } from '../../errors.js';
import { outcomeView } from './changes.js';
import { assertListQueryVisible, call, historyFilter, projectListItem } from './common.js';

function hasSearchText(query: unknown): boolean {
  const q = (query as { q?: unknown } | null)?.q;
  return typeof q === 'string' && q.trim() !== '';
}

export function registerHouseholdRoutes(app: App, deps: AppDeps, cache: ReadCache): void {
  const { store } = deps;

  const searchLimit = deps.config.searchRateLimit;
  app.get('/api/households', {
    // Searching (a query text) is limited per session, so names and ID tails cannot be enumerated
    // at machine speed; paging and filters without a query are not counted.
    config: {
      rateLimit: {
        max: searchLimit.max,
        timeWindow: searchLimit.windowMs,
        keyGenerator: (request) => `search:${request.session?.idHash ?? request.ip}`,
        allowList: (request) => !hasSearchText(request.query),
        errorResponseBuilder: (_request, context) =>
          new HttpError(429, 'search-rate-limited', `搜索过于频繁，请 ${Math.max(1, Math.ceil(context.ttl / 1000))} 秒后再试`),
      },
    },
    schema: {
      tags: ['农户'],
      summary: '农户列表：按姓名、身份证号（全号或尾号）、户编号搜索，按乡镇、村、类别、未达标指标、致贫原因、属性筛选，服务器端排序分页',
      querystring: HouseholdListQuery,
      response: { 200: HouseholdListResponse, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody },
    },
  }, async (request) => {
    const viewer = requireViewer(request);
    const q = request.query;
    assertListQueryVisible(viewer, q);
    return cache.get(viewer, `households?${JSON.stringify(q)}`, async () => {
      const list = await call(() => searchHouseholds(store, viewer, {
        ...(q.q !== undefined ? { q: q.q } : {}),
        ...(q.township !== undefined ? { township: q.township } : {}),
        ...(q.village !== undefined ? { village: q.village } : {}),
        ...(q.class !== undefined ? { class: q.class } : {}),
        ...(q.indicator !== undefined ? { indicator: q.indicator } : {}),
        ...(q.cause !== undefined ? { cause: q.cause } : {}),
        ...(q.attribute !== undefined ? { attribute: q.attribute } : {}),
        ...(q.sort !== undefined ? { sort: q.sort } : {}),
        ...(q.order !== undefined ? { order: q.order } : {}),
        page: q.page ?? 1,
        pageSize: q.pageSize ?? 20,
      }));
      return { ...list, items: list.items.map((i) => projectListItem(viewer, i)) };
    });
  });

  app.get('/api/households/:id', {
    schema: {
      tags: ['农户'],
      summary: '一户的档案：成员、收入测算表（逐项，是否计入）、测算结果及原因、整改任务、变更记录',
      params: HouseholdIdParams,
      response: { 200: HouseholdDetailResponse, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const viewer = requireViewer(request);
    const id = request.params.id;
    const detail = await call(() => householdDetail(store, viewer, id, { historyFilter: (tasks) => historyFilter(viewer, tasks) }));
    const m = masker(viewer.mask);
    return {
      ...detail,
      household: projectHousehold(viewer, detail.household, m),
      members: detail.members.map((x) => projectMember(viewer, x, m)),
      income: incomeVisible(viewer) ? detail.income : null,
      assessment: detail.assessment === null ? null : projectAssessment(viewer, detail.assessment, m),
      tasks: projectTasks(viewer, detail.tasks),
      assessmentState: await assessmentState(store, deps.keeper),
    };
  });

  app.put('/api/households/:id/income', {
    schema: {
      tags: ['农户'],
      summary: '修改收入测算表（县扶贫办、乡镇、村级账号，限管辖范围内）：须注明原因；金额有变动的提交乡镇审核（答复“已提交，待乡镇审核”），仅改备注的立即生效',
      params: HouseholdIdParams,
      body: IncomeUpdateRequest,
      response: { 200: IncomeUpdateResponse, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody },
    },
  }, async (request) => {
    const viewer = requireCan(request, 'income.edit');
    const { items, note, reason, expectedVersion } = request.body;
    const ctx = { store, actor: actorOf(viewer), clock: deps.clock };
    const out = await call(() => updateIncome(ctx, viewer, request.params.id, { items, note, reason, expectedVersion: expectedVersion ?? null }));
    return { householdId: out.householdId, ...outcomeView(viewer, out) };
  });
}
