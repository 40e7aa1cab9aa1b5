// 抽查 and 三率自评估 endpoints: list, draw, detail, check forms, non-registered survey forms.
// Thin: the services check roles and scope.
import {
  DrawRequest, FormRequest, SpotCheckDetailResponse, SpotCheckFormParams, SpotCheckIdParams, SpotCheckListQuery, SpotCheckListResponse, SurveyRequest,
} from '../../../contract/spotChecks.js';
import { ErrorBody } from '../../../contract/api.js';
import { addSurvey, drawSpotCheck, listSpotChecks, readSpotCheck, saveCheckForm } from '../../../services/spotChecks.js';
import { actorOf, requireCan } from '../../auth/viewer.js';
import type { App, AppDeps } from '../../types.js';
import { call } from './common.js';

const READ_ERRORS = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const WRITE_ERRORS = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const tags = ['抽查'];

export function registerSpotCheckRoutes(app: App, deps: AppDeps): void {
  const { store } = deps;
  const ctxOf = (viewer: ReturnType<typeof requireCan>) => ({ store, actor: actorOf(viewer), clock: deps.clock });

  app.get('/api/spot-checks', { schema: { tags, summary: '抽查和三率自评估列表（有本辖区样本村的）', querystring: SpotCheckListQuery, response: { 200: SpotCheckListResponse, ...READ_ERRORS } } }, async (request) => {
    const viewer = requireCan(request, 'spotCheck.read');
    return call(() => listSpotChecks(ctxOf(viewer), viewer, request.query.kind));
  });

  app.post('/api/spot-checks', { schema: { tags, summary: '抽取样本（记录随机种子、抽样方式和总体快照指纹）', body: DrawRequest, response: { 200: SpotCheckDetailResponse, ...WRITE_ERRORS } } }, async (request) => {
    const viewer = requireCan(request, 'spotCheck.draw');
    return call(() => drawSpotCheck(ctxOf(viewer), viewer, request.body));
  });

  app.get('/api/spot-checks/:id', { schema: { tags, summary: '抽查详情：分村样本户、核查表、分乡镇和全县的比率及置信区间', params: SpotCheckIdParams, response: { 200: SpotCheckDetailResponse, ...READ_ERRORS } } }, async (request) => {
    const viewer = requireCan(request, 'spotCheck.read');
    return call(() => readSpotCheck(ctxOf(viewer), viewer, request.params.id));
  });

  app.put('/api/spot-checks/:id/forms/:householdId', { schema: { tags, summary: '填写（或改写）样本户的核查表', params: SpotCheckFormParams, body: FormRequest, response: { 200: SpotCheckDetailResponse, ...WRITE_ERRORS } } }, async (request) => {
    const viewer = requireCan(request, 'spotCheck.form');
    return call(() => saveCheckForm(ctxOf(viewer), viewer, request.params.id, request.params.householdId, request.body));
  });

  app.post('/api/spot-checks/:id/surveys', { schema: { tags, summary: '三率自评估：登记抽中村的未建档户调查表（漏评）', params: SpotCheckIdParams, body: SurveyRequest, response: { 200: SpotCheckDetailResponse, ...WRITE_ERRORS } } }, async (request) => {
    const viewer = requireCan(request, 'spotCheck.form');
    return call(() => addSurvey(ctxOf(viewer), viewer, request.params.id, request.body));
  });
}
