// Importing the project library a county already keeps (项目库.xlsx): every row checked against
// the rulebook, the villages and households in the store and the projects already there; one
// problem anywhere and nothing is stored, the report names sheet, row and column as the roster's does.
import { can } from '../domain/roles.js';
import type { Project } from '../domain/projects.js';
import { parseProjectLibrary } from '../io/projects/parse.js';
import type { RosterIssue } from '../io/roster/errors.js';
import { readWorkbook } from '../io/sheets/index.js';
import { ALL } from '../store/index.js';
import { notAllowed, type Access } from './access.js';
import type { ServiceContext } from './context.js';
import { projectSettings } from './projects.js';

export class ProjectImportError extends Error {
  override name = 'ProjectImportError';
  constructor(readonly issues: RosterIssue[]) {
    super(`项目库有 ${issues.length} 处问题，未导入任何项目`);
  }
}

export interface ProjectImportResult {
  sheet: string | null;
  stored: number;
  projects: Project[];
}

export async function importProjectLibrary(ctx: ServiceContext, viewer: Access, file: Buffer, fileName: string): Promise<ProjectImportResult> {
  if (!can(viewer.role, 'project.edit')) throw notAllowed('只有县扶贫办和行业部门可以导入项目库');
  const settings = await projectSettings(ctx.store);
  const regions = await ctx.store.regions.list(ALL);
  const wb = readWorkbook(file, fileName);
  return ctx.store.transaction(async (trx) => {
    const existing = await ctx.store.projects.list(ALL, { trx });
    const used = new Set(existing.map((p) => p.id));
    const counters = new Map<number, number>();
    const nextId = (year: number) => {
      let n = counters.get(year) ?? existing.filter((p) => p.year === year).length;
      let id: string;
      do {
        n += 1;
        id = `XM${year}-${String(n).padStart(4, '0')}`;
      } while (used.has(id));
      counters.set(year, n);
      used.add(id);
      return id;
    };
    const parsed = parseProjectLibrary(wb, settings, regions, nextId);
    const issues = [...parsed.issues];
    const sheet = parsed.sheet ?? '';
    const ids = new Set(existing.map((p) => p.id));
    const homes = await ctx.store.projects.householdVillages(
      parsed.projects.flatMap((p) => p.households),
      { trx },
    );
    for (const p of parsed.projects) {
      const at = { severity: 'error' as const, sheet, row: parsed.rowOf.get(p.id) ?? null, column: null, value: null };
      if (ids.has(p.id)) issues.push({ ...at, header: '项目编号', value: p.id, code: 'project-exists', message: `项目编号 ${p.id} 已在系统中，不能重复导入` });
      if (viewer.role === 'sector' && p.sector !== viewer.sector)
        issues.push({
          ...at,
          header: '负责行业',
          value: p.sector,
          code: 'other-sector',
          message: `项目“${p.name}”不属于本行业（${viewer.sector ?? '未设置'}）`,
        });
      for (const h of p.households) {
        const v = homes.get(h);
        if (v === undefined) issues.push({ ...at, header: '受益户编号', value: h, code: 'unknown-household', message: `项目“${p.name}”的受益户 ${h} 不存在` });
        else if (!p.villages.includes(v))
          issues.push({
            ...at,
            header: '受益户编号',
            value: h,
            code: 'household-elsewhere',
            message: `项目“${p.name}”的受益户 ${h} 不在项目实施地点的行政村内`,
          });
      }
    }
    if (issues.length > 0) throw new ProjectImportError(issues);
    await ctx.store.projects.createMany(trx, parsed.projects, ctx.actor, `导入项目库 ${fileName}`, ctx.clock(), `projects-${ctx.clock()}`);
    return { sheet: parsed.sheet, stored: parsed.projects.length, projects: parsed.projects };
  });
}
