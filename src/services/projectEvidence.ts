// A completed and accepted project as evidence for the remediation tasks it solves (a water
// project for the water tasks of the households it reaches). Which project types solve which
// task indicators is the rulebook's `projects.solves`. The project only fills the completion
// (the note and the date); the task still goes through the sector's close-out form and a second
// person's verification like any other (src/domain/taskFlow.ts).
import { projectEvidence, type ProjectEvidence } from '../domain/projects.js';
import { AccessError, notFound, type Access } from './access.js';
import type { ServiceContext } from './context.js';
import { projectSettings } from './projects.js';
import { stepTask, taskScope, type StepResult } from './tasks.js';

/** The accepted projects that reach the task's household and solve its indicator. */
export async function evidenceForTask(ctx: ServiceContext, viewer: Access, taskId: string): Promise<ProjectEvidence[]> {
  const task = await ctx.store.transaction((trx) => ctx.store.tasks.detail(trx, taskScope(viewer), taskId));
  if (task === null) throw notFound('该整改任务');
  const settings = await projectSettings(ctx.store);
  const projects = await ctx.store.projects.list(viewer.scope, { householdId: task.householdId });
  const out: ProjectEvidence[] = [];
  for (const p of projects) {
    if (!(settings.solves[p.type] ?? []).includes(task.indicator)) continue;
    const detail = await ctx.store.projects.get(viewer.scope, p.id);
    const e = detail === null ? null : projectEvidence(detail, detail.statusChanges, task.indicator, task.householdId, settings);
    if (e !== null) out.push(e);
  }
  return out;
}

/** Completes the task with the project as its evidence; refused (nothing stored) when the project cannot stand for it. */
export async function completeWithProject(ctx: ServiceContext, viewer: Access, taskId: string, projectId: string, closeOut: unknown): Promise<StepResult> {
  const found = (await evidenceForTask(ctx, viewer, taskId)).find((e) => e.projectId === projectId);
  if (found === undefined)
    throw new AccessError(400, 'evidence-refused', `项目 ${projectId} 不能作为该任务的证据：须为已验收、受益户含本户、且规则库认定能解决该指标的项目`);
  return stepTask(ctx, viewer, taskId, 'complete', { evidenceNote: found.note, evidenceDate: found.acceptedOn, closeOut });
}
