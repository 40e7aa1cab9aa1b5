// 退出程序: a village's exit page, batch steps for its households, the village's own procedure,
// objections during the notice, one household's procedure, and the printable notice list.
// Role and scope checks live in the services (and the store's SQL); a refused batch answers 409
// with every failed household in `details.failures`.
import { noticeWorkbook } from '../../../io/notice/noticeWorkbook.js';
import { noticeList } from '../../../services/exitNotice.js';
import { objectionPhones, setObjectionPhone } from '../../../services/exitObjectionPhone.js';
import {
  decideHouseholdExit, ExitRefused, householdExit, recordHouseholdSteps, recordObjection, recordVillageStep, resolveObjection, villageExit, type StepRequest,
} from '../../../services/exitProcedure.js';
import { actorOf, requireCan, requireViewer, type Viewer } from '../../auth/viewer.js';
import {
  ChangeOutcomeResponse, ErrorBody, ExitDecisionRequest, ExitStepRequest, ObjectionPhoneRequest, ObjectionPhonesResponse, ExitStepResponse, HouseholdExitResponse, HouseholdIdParams, NoticeListResponse, ObjectionParams, ObjectionRequest,
  ObjectionResolveRequest, ProcedureParams, ProcedureView, VillageExitResponse, VillageExitStepRequest, VillageParams,
} from '../../../contract/api.js';
import { HttpError } from '../../errors.js';
import type { App, AppDeps } from '../../types.js';
import { outcomeView } from './changes.js';
import { call, contentDisposition, XLSX_TYPE } from './common.js';

const Errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

async function exitCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ExitRefused) throw new HttpError(409, e.code, e.message, { failures: e.failures });
    throw e;
  }
}

function stepInput(body: VillageExitStepRequest): StepRequest {
  return {
    step: body.step, date: body.date, document: body.document,
    minutes: body.minutes ?? null, votesFor: body.votesFor ?? null, votesAgainst: body.votesAgainst ?? null, backdateReason: body.backdateReason ?? null,
  };
}

export function registerExitRoutes(app: App, deps: AppDeps): void {
  const { store } = deps;
  const ctxOf = (viewer: Viewer) => ({ store, actor: actorOf(viewer), clock: deps.clock });

  app.get('/api/villages/:code/exit', {
    schema: { tags: ['退出程序'], summary: '一个村的退出程序：预脱贫户及其当前步骤、村退出程序', params: VillageParams, response: { 200: VillageExitResponse, ...Errors } },
  }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => villageExit(ctxOf(viewer), viewer, request.params.code));
  });

  app.post('/api/villages/:code/exit/steps', {
    schema: {
      tags: ['退出程序'],
      summary: '为本村选中的农户记录同一步骤（民主评议、核实、签字、公示、公示结束由村级账号，乡镇审核由乡镇，县级审定和销号由县扶贫办）；任一户不符合则全部不记录',
      params: VillageParams, body: ExitStepRequest, response: { 200: ExitStepResponse, ...Errors },
    },
  }, async (request) => {
    const viewer = requireCan(request, 'exit.record');
    const body = request.body;
    return call(() => exitCall(() => recordHouseholdSteps(ctxOf(viewer), viewer, request.params.code, { ...stepInput(body), householdIds: body.householdIds })));
  });

  app.post('/api/villages/:code/exit/village-steps', {
    schema: {
      tags: ['退出程序'], summary: '记录村退出程序的一步（村申请由村级账号，乡镇审核由乡镇，其余由县扶贫办）',
      params: VillageParams, body: VillageExitStepRequest, response: { 200: ProcedureView, ...Errors },
    },
  }, async (request) => {
    const viewer = requireCan(request, 'exit.record');
    return call(() => exitCall(() => recordVillageStep(ctxOf(viewer), viewer, request.params.code, stepInput(request.body))));
  });

  app.post('/api/exit/procedures/:id/objections', {
    schema: { tags: ['退出程序'], summary: '登记公示期间收到的异议', params: ProcedureParams, body: ObjectionRequest, response: { 200: ProcedureView, ...Errors } },
  }, async (request) => {
    const viewer = requireCan(request, 'exit.record');
    return call(() => exitCall(async () => {
      await recordObjection(ctxOf(viewer), viewer, request.params.id, request.body);
      return (await householdOrVillage(viewer, request.params.id))!;
    }));
  });

  app.post('/api/exit/procedures/:id/objections/:objectionId/resolve', {
    schema: {
      tags: ['退出程序'], summary: '处理异议：不属实则可继续公示；属实则退回（本次退出程序结束，可重新启动）',
      params: ObjectionParams, body: ObjectionResolveRequest, response: { 200: ProcedureView, ...Errors },
    },
  }, async (request) => {
    const viewer = requireCan(request, 'exit.record');
    return call(() => exitCall(() => resolveObjection(ctxOf(viewer), viewer, request.params.id, request.params.objectionId, request.body)));
  });

  app.post('/api/households/:id/status-decision', {
    schema: {
      tags: ['退出程序'], summary: '县级决定：县扶贫办直接设定农户的脱贫属性和脱贫年度（须填文件编号和原因，变更记录注明“县级决定”）；其他账号只能走退出程序',
      params: HouseholdIdParams, body: ExitDecisionRequest, response: { 200: ChangeOutcomeResponse, ...Errors },
    },
  }, async (request) => {
    const viewer = requireCan(request, 'household.exitDecision');
    const out = await call(() => decideHouseholdExit(ctxOf(viewer), viewer, request.params.id, request.body));
    return outcomeView(viewer, out);
  });

  app.get('/api/households/:id/exit', {
    schema: { tags: ['退出程序'], summary: '一户的退出程序（当前及被退回的）', params: HouseholdIdParams, response: { 200: HouseholdExitResponse, ...Errors } },
  }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => householdExit(ctxOf(viewer), viewer, request.params.id));
  });

  app.get('/api/villages/:code/exit/notice', {
    schema: { tags: ['退出程序'], summary: '公示名单（打印用）：户主姓名、自然村、人口、类别，不含身份证号和电话', params: VillageParams, response: { 200: NoticeListResponse, ...Errors } },
  }, async (request) => {
    const viewer = requireViewer(request);
    return call(() => noticeList(store, viewer, request.params.code));
  });

  app.get('/api/villages/:code/exit/notice.xlsx', {
    schema: { tags: ['退出程序'], summary: '公示名单 Excel（A4 打印）', params: VillageParams },
  }, async (request, reply) => {
    const viewer = requireViewer(request);
    const list = await call(() => noticeList(store, viewer, request.params.code));
    const body = await noticeWorkbook(list);
    return reply
      .type(XLSX_TYPE)
      .header('content-disposition', contentDisposition(`${list.villageName}贫困户退出公示名单.xlsx`, 'notice.xlsx'))
      .send(body);
  });

  app.get('/api/exit/objection-phones', {
    schema: { tags: ['退出程序'], summary: '公示名单上的监督电话：全县通用的和本人范围内各乡镇的', response: { 200: ObjectionPhonesResponse, ...Errors } },
  }, async (request) => {
    const viewer = requireViewer(request);
    return { phones: await objectionPhones(store, viewer) };
  });

  app.put('/api/exit/objection-phones', {
    schema: {
      tags: ['退出程序'], summary: '设置监督电话（全县通用的由县扶贫办；乡镇的由县扶贫办或本乡镇）；留空则清除',
      body: ObjectionPhoneRequest, response: { 200: ObjectionPhonesResponse, ...Errors },
    },
  }, async (request) => {
    const viewer = requireCan(request, 'objectionPhone.township');
    const { townshipCode, phone } = request.body;
    return call(async () => ({ phones: await setObjectionPhone(ctxOf(viewer), viewer, townshipCode, phone) }));
  });

  /** The procedure as the viewer may see it, after a write. */
  async function householdOrVillage(viewer: Viewer, id: string) {
    const [p] = await store.exits.list(viewer.scope, { procedureIds: [id] });
    return p;
  }
}
