// 规则: the rulebooks, the active one (readable by all), and the county office's switch.
import { availableRulebooks, activeRulebook, activeRulebookId } from '../../../services/rulebooks.js';
import { switchRulebook } from '../../../services/rulebookSwitch.js';
import { actorOf, requireCan, requireViewer } from '../../auth/viewer.js';
import { ActiveRulebookResponse, ErrorBody, RulebookListResponse, RulebookSwitchRequest, RulebookSwitchResponse } from '../../../contract/api.js';
import { conflict } from '../../errors.js';
import type { App, AppDeps } from '../../types.js';
import { call } from './common.js';

export interface RulebookRouteOptions {
  /** Null, or why a county-wide write cannot start now (an import is running). */
  countyBusy(): string | null;
  /** Marks a switch as running (or finished) for the import route. */
  setSwitching(running: boolean): void;
}

export function registerRulebookRoutes(app: App, deps: AppDeps, opts: RulebookRouteOptions): void {
  const { store } = deps;

  app.get('/api/rulebooks', {
    schema: { tags: ['规则'], summary: '可用的规则库与现行规则库', response: { 200: RulebookListResponse, 401: ErrorBody } },
  }, async (request) => {
    requireViewer(request);
    const active = await activeRulebookId(store);
    return {
      active,
      rulebooks: availableRulebooks().map((r) => ({ id: r.id, name: r.name, year: r.year, assessmentDate: r.assessmentDate, active: r.id === active })),
    };
  });

  app.get('/api/rulebook', {
    schema: { tags: ['规则'], summary: '现行规则库全文', response: { 200: ActiveRulebookResponse, 401: ErrorBody } },
  }, async (request) => {
    requireViewer(request);
    return { rulebook: await activeRulebook(store) };
  });

  app.put('/api/rulebook', {
    schema: {
      tags: ['规则'],
      summary: '更换现行规则库（限县扶贫办）：按新规则库重新测算全县并保存，返回各类别之间的变动',
      body: RulebookSwitchRequest,
      response: { 200: RulebookSwitchResponse, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody },
    },
  }, async (request) => {
    const viewer = requireCan(request, 'rulebook.switch');
    const busy = opts.countyBusy();
    if (busy !== null) throw conflict(busy, 'county-busy');
    opts.setSwitching(true);
    try {
      const ctx = { store, actor: actorOf(viewer), clock: deps.clock };
      return await call(() => switchRulebook(ctx, viewer, request.body.id, request.body.reason));
    } finally {
      opts.setSwitching(false);
    }
  });
}
