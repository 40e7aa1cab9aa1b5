// The data API: dashboard, households, income edit, ledgers and exports, villages, imports and
// the rulebook. Registered by app.ts inside its own plugin scope (multipart stays local to it).
// Every route reads the Viewer from the session, passes its Scope to the store's queries and
// sends household-level data through projection.ts.
import { ImportJobs } from '../../../services/importJobs.js';
import { ReadCache } from '../../readCache.js';
import type { App, AppDeps } from '../../types.js';
import { registerChangeRoutes } from './changes.js';
import { registerCheckRoutes } from './checks.js';
import { registerDashboardRoutes } from './dashboard.js';
import { registerExitRoutes } from './exit.js';
import { registerHouseholdRoutes } from './households.js';
import { registerImportRoutes } from './imports.js';
import { registerLedgerRoutes } from './ledgers.js';
import { registerListExportRoutes } from './listExports.js';
import { registerOfflineRoutes } from './offline.js';
import { registerPlanRoutes } from './plans.js';
import { registerProjectRoutes } from './projects.js';
import { registerRulebookRoutes } from './rulebooks.js';
import { registerSpotCheckRoutes } from './spotChecks.js';
import { registerSupervisionRoutes } from './supervision.js';
import { registerTaskRoutes } from './tasks.js';
import { registerVillageRoutes } from './villages.js';

export interface DataRouteOptions {
  /** The import job runner (default: one made here, closed with the app). */
  jobs?: ImportJobs;
  /** Upload limit in bytes (default 50 MB). */
  uploadLimitBytes?: number;
}

/** `deps` may carry DataRouteOptions too (tests pass them through buildApp). */
export async function registerDataRoutes(app: App, deps: AppDeps & DataRouteOptions, opts: DataRouteOptions = {}): Promise<void> {
  opts = { ...(deps.jobs !== undefined ? { jobs: deps.jobs } : {}), ...(deps.uploadLimitBytes !== undefined ? { uploadLimitBytes: deps.uploadLimitBytes } : {}), ...opts };
  const jobs = opts.jobs ?? new ImportJobs({ store: deps.store, clock: deps.clock, limits: deps.config.importLimits, ...(deps.keeper !== undefined ? { keeper: deps.keeper } : {}) });
  // Graceful shutdown waits for a running import to finish, then removes the uploads folder.
  if (opts.jobs === undefined) app.addHook('onClose', async () => jobs.close());
  let switching = false;

  const cache = new ReadCache(deps.store);
  registerDashboardRoutes(app, deps, cache);
  registerHouseholdRoutes(app, deps, cache);
  registerPlanRoutes(app, deps);
  registerProjectRoutes(app, deps);
  registerChangeRoutes(app, deps);
  registerLedgerRoutes(app, deps);
  registerListExportRoutes(app, deps);
  registerVillageRoutes(app, deps, cache);
  registerExitRoutes(app, deps);
  registerTaskRoutes(app, deps);
  registerSpotCheckRoutes(app, deps);
  registerCheckRoutes(app, deps);
  registerSupervisionRoutes(app, deps);
  registerOfflineRoutes(app, deps);
  registerRulebookRoutes(app, deps, {
    countyBusy: () => (jobs.busy ? '正在导入花名册，请等其完成后再更换规则库' : null),
    setSwitching: (running) => {
      switching = running;
    },
  });
  await registerImportRoutes(app, {
    jobs,
    ...(opts.uploadLimitBytes !== undefined ? { uploadLimitBytes: opts.uploadLimitBytes } : {}),
    countyBusy: () => (switching ? '正在更换规则库并重新测算全县，请稍后再上传' : null),
  });
}
