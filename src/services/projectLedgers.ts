// The project and funds ledgers of what the viewer may see, written to one .xlsx.
import { moneyWarnings } from '../domain/projects.js';
import { can } from '../domain/roles.js';
import { writeProjectLedgers, type ProjectLedgerResult, type ProjectLedgerRow } from '../io/ledger/projects.js';
import { ALL } from '../store/index.js';
import { notAllowed, type Access } from './access.js';
import type { ServiceContext } from './context.js';
import { chinaDate } from './history.js';
import { projectSettings, projectTownship } from './projects.js';

export async function exportProjectLedgers(ctx: ServiceContext, viewer: Access, path: string, q: { year?: number } = {}): Promise<ProjectLedgerResult> {
  if (!can(viewer.role, 'ledger.export') && !can(viewer.role, 'project.edit')) throw notAllowed('您的账号不能导出台账');
  const settings = await projectSettings(ctx.store);
  const today = chinaDate(ctx.clock());
  const projects = await ctx.store.projects.list(viewer.scope, q.year === undefined ? {} : { year: q.year });
  const money = await ctx.store.projects.money(projects.map((p) => p.id));
  const regions = new Map((await ctx.store.regions.list(ALL)).map((r) => [r.code, r]));
  const county = [...regions.values()].find((r) => r.level === 'county');
  const rows: ProjectLedgerRow[] = projects.map((p) => {
    const allocations = money.allocations.filter((m) => m.projectId === p.id);
    const disbursements = money.disbursements.filter((m) => m.projectId === p.id);
    return {
      ...p,
      townshipName: projectTownship(p, regions).name,
      villageNames: p.villages.map((v) => regions.get(v)?.name ?? v),
      allocations,
      disbursements,
      warnings: moneyWarnings(p.year, allocations, disbursements, today, settings),
    };
  });
  return writeProjectLedgers(path, { settings, countyName: county?.name ?? '', generatedAt: ctx.clock(), projects: rows });
}
