// 一户一策 and the household handbook (户册): read the plan, edit causes and goals, add, edit and
// remove measures; the handbook's data for the print page. Scope is the store's; what a sector
// reads is planProjection.ts; the handbook is masked for a public notice by its service.
import { householdHandbook } from '../../../services/handbook.js';
import { addMeasure, readPlan, removeMeasure, savePlanHeader, updateMeasure } from '../../../services/plans.js';
import { actorOf, requireCan, requireViewer } from '../../auth/viewer.js';
import {
  ErrorBody, HandbookResponse, HouseholdIdParams, MeasureDeleteQuery, MeasureParams, MeasureRequest, MeasureResponse, PlanHeaderRequest, PlanResponse,
} from '../../../contract/api.js';
import { projectPlan } from '../../planProjection.js';
import type { App, AppDeps } from '../../types.js';
import { call } from './common.js';

const WRITE_ERRORS = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

export function registerPlanRoutes(app: App, deps: AppDeps): void {
  const { store } = deps;
  const ctxOf = (viewer: ReturnType<typeof requireViewer>) => ({ store, actor: actorOf(viewer), clock: deps.clock });

  app.get('/api/households/:id/plan', {
    schema: {
      tags: ['一户一策'],
      summary: '一户一策：致贫原因、帮扶目标、帮扶措施（行业部门只看到本行业类别的措施）',
      params: HouseholdIdParams,
      response: { 200: PlanResponse, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const viewer = requireViewer(request);
    return projectPlan(viewer, await call(() => readPlan(store, viewer, request.params.id)));
  });

  app.put('/api/households/:id/plan', {
    schema: {
      tags: ['一户一策'],
      summary: '修改致贫原因和帮扶目标（县扶贫办、乡镇、村级账号，限管辖范围内）',
      params: HouseholdIdParams,
      body: PlanHeaderRequest,
      response: { 200: PlanResponse, ...WRITE_ERRORS },
    },
  }, async (request) => {
    const viewer = requireCan(request, 'plan.edit');
    const { reason, ...header } = request.body;
    const out = await call(() => savePlanHeader(ctxOf(viewer), viewer, request.params.id, header, reason));
    return projectPlan(viewer, out.plan);
  });

  app.post('/api/households/:id/plan/measures', {
    schema: {
      tags: ['一户一策'],
      summary: '新增帮扶措施（类别、内容、责任人、资金（分）、起止日期、状态）',
      params: HouseholdIdParams,
      body: MeasureRequest,
      response: { 200: MeasureResponse, ...WRITE_ERRORS },
    },
  }, async (request) => {
    const viewer = requireCan(request, 'plan.edit');
    const id = request.params.id;
    const measure = await call(() => addMeasure(ctxOf(viewer), viewer, id, request.body));
    return { measure, changed: true, plan: projectPlan(viewer, await call(() => readPlan(store, viewer, id))) };
  });

  app.put('/api/households/:id/plan/measures/:measureId', {
    schema: {
      tags: ['一户一策'],
      summary: '修改帮扶措施',
      params: MeasureParams,
      body: MeasureRequest,
      response: { 200: MeasureResponse, ...WRITE_ERRORS },
    },
  }, async (request) => {
    const viewer = requireCan(request, 'plan.edit');
    const { id, measureId } = request.params;
    const out = await call(() => updateMeasure(ctxOf(viewer), viewer, id, measureId, request.body));
    return { ...out, plan: projectPlan(viewer, await call(() => readPlan(store, viewer, id))) };
  });

  app.delete('/api/households/:id/plan/measures/:measureId', {
    schema: {
      tags: ['一户一策'],
      summary: '删除帮扶措施（须在 reason 参数中注明原因）',
      params: MeasureParams,
      querystring: MeasureDeleteQuery,
      response: { 200: MeasureResponse, ...WRITE_ERRORS },
    },
  }, async (request) => {
    const viewer = requireCan(request, 'plan.edit');
    const { id, measureId } = request.params;
    const measure = await call(() => removeMeasure(ctxOf(viewer), viewer, id, measureId, request.query.reason));
    return { measure, changed: true, plan: projectPlan(viewer, await call(() => readPlan(store, viewer, id))) };
  });

  app.get('/api/households/:id/handbook', {
    schema: {
      tags: ['一户一策'],
      summary: '户册（打印用）：基本情况、成员（身份证号、电话按公示标准隐去）、致贫原因、收入测算、指标、帮扶措施、帮扶记录',
      params: HouseholdIdParams,
      response: { 200: HandbookResponse, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => householdHandbook(store, viewer, request.params.id));
  });
}
