// 动态调整: member add / remove / correct, household correction, and the 待审批 requests
// (list, approve, reject, withdraw). Thin: role, then the service; scope is the store's.
import { blankMember, type Member } from '../../../domain/types.js';
import {
  approveRequest, listRequests, rejectRequest, requestView, submitChange, withdrawRequest, type ChangeOutcome,
} from '../../../services/changeRequests.js';
import { actorOf, requireCan, requireViewer, type Viewer } from '../../auth/viewer.js';
import {
  ApproveRequest, ChangeOutcomeResponse, ChangeRequestIdParams, ChangeRequestListQuery, ChangeRequestListResponse, DecisionResponse, ErrorBody,
  HouseholdCorrectRequest, HouseholdIdParams, MemberAddRequest, MemberCorrectRequest, MemberParams, MemberRemoveRequest, RejectRequest,
} from '../../../contract/api.js';
import { projectAssessment } from '../../projection.js';
import type { App, AppDeps } from '../../types.js';
import { call } from './common.js';

const ERRORS = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** The outcome as the viewer may see it (the re-assessment through the projection, the request masked). */
export function outcomeView(viewer: Viewer, out: ChangeOutcome) {
  return {
    status: out.status, message: out.message, previous: out.previous, runId: out.runId,
    request: out.request === null ? null : requestView(out.request, viewer),
    assessment: out.assessment === null ? null : projectAssessment(viewer, out.assessment),
  };
}

export function registerChangeRoutes(app: App, deps: AppDeps): void {
  const { store } = deps;
  const ctxOf = (viewer: Viewer) => ({ store, actor: actorOf(viewer), clock: deps.clock });

  app.post('/api/households/:id/members', {
    schema: {
      tags: ['动态调整'], summary: '新增成员（出生、婚入、其他）：有证件号码的须经乡镇审核，否则立即生效并重新评估',
      params: HouseholdIdParams, body: MemberAddRequest, response: { 200: ChangeOutcomeResponse, ...ERRORS },
    },
  }, async (request) => {
    const viewer = requireCan(request, 'member.edit');
    const { member, category, note } = request.body;
    const base = blankMember('new', request.params.id, member.name, member.relation);
    const { id: _i, householdId: _h, ...fields } = { ...base, ...member } as Member;
    const out = await call(() => submitChange(ctxOf(viewer), viewer, request.params.id, { kind: 'member-add', member: fields, category, note }, null));
    return outcomeView(viewer, out);
  });

  app.post('/api/households/:id/members/:memberId/remove', {
    schema: {
      tags: ['动态调整'], summary: '减少成员（死亡、迁出、婚出、其他）：立即生效，成员原记录保留在变更记录中；移除户主须指定新户主',
      params: MemberParams, body: MemberRemoveRequest, response: { 200: ChangeOutcomeResponse, ...ERRORS },
    },
  }, async (request) => {
    const viewer = requireCan(request, 'member.edit');
    const { category, note, newHeadId, expectedVersion } = request.body;
    const out = await call(() => submitChange(ctxOf(viewer), viewer, request.params.id, { kind: 'member-remove', memberId: request.params.memberId, category, note, newHeadId }, null, expectedVersion ?? null));
    return outcomeView(viewer, out);
  });

  app.patch('/api/households/:id/members/:memberId', {
    schema: {
      tags: ['动态调整'], summary: '更正成员信息：改证件号码须经乡镇审核，其余立即生效',
      params: MemberParams, body: MemberCorrectRequest, response: { 200: ChangeOutcomeResponse, ...ERRORS },
    },
  }, async (request) => {
    const viewer = requireCan(request, 'member.edit');
    const out = await call(() => submitChange(ctxOf(viewer), viewer, request.params.id, { kind: 'member-correct', memberId: request.params.memberId, fields: request.body.fields }, request.body.reason, request.body.expectedVersion ?? null));
    return outcomeView(viewer, out);
  });

  app.patch('/api/households/:id', {
    schema: {
      tags: ['动态调整'], summary: '更正户信息：改贫困户属性须经乡镇审核，其余立即生效',
      params: HouseholdIdParams, body: HouseholdCorrectRequest, response: { 200: ChangeOutcomeResponse, ...ERRORS },
    },
  }, async (request) => {
    const viewer = requireCan(request, 'household.edit');
    const out = await call(() => submitChange(ctxOf(viewer), viewer, request.params.id, { kind: 'household-correct', fields: request.body.fields }, request.body.reason));
    return outcomeView(viewer, out);
  });

  app.get('/api/change-requests', {
    schema: {
      tags: ['动态调整'], summary: '变更申请（管辖范围内）：按状态、户筛选；awaitingMe 为本人可审批的待审核申请数',
      querystring: ChangeRequestListQuery, response: { 200: ChangeRequestListResponse, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request) => {
    const viewer = requireViewer(request);
    const q = request.query;
    return call(() => listRequests(store, viewer, { ...(q.status !== undefined ? { status: q.status } : {}), ...(q.household !== undefined ? { householdId: q.household } : {}) }));
  });

  app.post('/api/change-requests/:id/approve', {
    schema: {
      tags: ['动态调整'], summary: '批准（乡镇或县扶贫办，不能是提交人）：变更生效并重新评估；提交后记录已变的申请答复“已过期”',
      params: ChangeRequestIdParams, body: ApproveRequest, response: { 200: ChangeOutcomeResponse, ...ERRORS },
    },
  }, async (request) => {
    const viewer = requireViewer(request);
    const out = await call(() => approveRequest(ctxOf(viewer), viewer, request.params.id, request.body.reason));
    return outcomeView(viewer, out);
  });

  app.post('/api/change-requests/:id/reject', {
    schema: {
      tags: ['动态调整'], summary: '驳回（乡镇或县扶贫办，不能是提交人）：须填写原因，记录不变',
      params: ChangeRequestIdParams, body: RejectRequest, response: { 200: DecisionResponse, ...ERRORS },
    },
  }, async (request) => {
    const viewer = requireViewer(request);
    const req = await call(() => rejectRequest(ctxOf(viewer), viewer, request.params.id, request.body.reason));
    return { request: requestView(req, viewer) };
  });

  app.post('/api/change-requests/:id/withdraw', {
    schema: {
      tags: ['动态调整'], summary: '撤回本人提交的待审核申请',
      params: ChangeRequestIdParams, response: { 200: DecisionResponse, ...ERRORS },
    },
  }, async (request) => {
    const viewer = requireViewer(request);
    const req = await call(() => withdrawRequest(ctxOf(viewer), viewer, request.params.id));
    return { request: requestView(req, viewer) };
  });
}
