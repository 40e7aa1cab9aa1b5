// Use case: a village team takes its village along (docs/offline.md). Only the viewer's own
// scope is read, in the repositories' queries; records come back unmasked with their versions,
// and the route masks them per viewer like every household read.
import { householdVersions, taskVersion, type HouseholdVersions } from '../domain/recordVersion.js';
import { can } from '../domain/roles.js';
import { availableSteps } from '../domain/taskFlow.js';
import type { HouseholdRecord } from '../domain/types.js';
import type { TaskRow } from '../store/index.js';
import { notAllowed, type Access } from './access.js';
import type { ServiceContext } from './context.js';
import { activeRulebook } from './rulebooks.js';
import { taskScope } from './tasks.js';

export interface OfflinePackage {
  takenAt: string;
  year: number;
  villages: { code: string; name: string }[];
  households: (HouseholdRecord & { class: string | null; versions: HouseholdVersions })[];
  tasks: (TaskRow & { version: string; steps: ReturnType<typeof availableSteps> })[];
  hygieneChecklist: string[];
  classes: { code: string; label: string; colour: string | null }[];
}

export async function takeVillage(ctx: ServiceContext, viewer: Access): Promise<OfflinePackage> {
  if (!can(viewer.role, 'offline.take')) throw notAllowed('只有村级账号可以带走本村数据离线使用');
  const { store } = ctx;
  const rulebook = await activeRulebook(store);
  const records = await store.registry.loadRecords(viewer.scope, { year: rulebook.year });
  const runId = await store.assessments.latestRunId();
  const classes = runId === null ? new Map<string, string>() : await store.assessments.classes(runId);
  const regions = await store.regions.list(viewer.scope);
  const page = await store.tasks.search(taskScope(viewer), { statuses: ['open', 'in-progress'] });
  const actor = { userId: viewer.userId, role: viewer.role, sector: viewer.sector };
  return {
    takenAt: ctx.clock(),
    year: rulebook.year,
    villages: regions.filter((r) => r.level === 'village').map((r) => ({ code: r.code, name: r.name })),
    households: records.map((r) => ({ ...r, class: classes.get(r.household.id) ?? null, versions: householdVersions(r) })),
    tasks: page.items.map((t) => ({ ...t, version: taskVersion(t), steps: availableSteps(t, actor) })),
    hygieneChecklist: [...rulebook.tasks.hygieneChecklist],
    classes: rulebook.classes.map((c) => ({ code: c.code, label: c.label, colour: c.colour ?? null })),
  };
}
