// Proposals made automatically: every saved whole-county run proposes a task for each gap no
// task covers (src/domain/taskProposals.ts), written in the run's transaction, so the township
// finds them on its task list after an import or a rulebook switch without pressing anything.
// The households that get proposals are assessed again with them, so the stored run lists the
// proposals among each gap's remediation like any other task.
import type { HouseholdAssessment } from '../domain/assessment.js';
import { assessHousehold } from '../domain/classify.js';
import { proposeTasks } from '../domain/taskProposals.js';
import type { HouseholdRecord, Task } from '../domain/types.js';
import type { Rulebook } from '../domain/rulebook.js';
import type { Trx } from '../store/index.js';
import type { ServiceContext } from './context.js';

export const AUTO_PROPOSAL_REASON = '按测算结果生成整改建议';

/**
 * Adds the proposals to `records` (in place) and replaces the affected entries of `results`
 * (in place, same order). Returns the new tasks; nothing is written.
 */
export function planProposals(
  records: HouseholdRecord[],
  results: HouseholdAssessment[],
  rulebook: Rulebook,
  referenceDate: string,
  taken: Set<string>,
): Task[] {
  const made: Task[] = [];
  const index = new Map(results.map((r, i) => [r.householdId, i]));
  for (let i = 0; i < records.length; i++) {
    const rec = records[i]!;
    const at = index.get(rec.household.id);
    if (at === undefined) continue;
    const tasks = proposeTasks(rec, results[at]!, rulebook, (id) => taken.has(id));
    if (tasks.length === 0) continue;
    for (const t of tasks) taken.add(t.id);
    made.push(...tasks);
    const updated: HouseholdRecord = { ...rec, tasks: [...rec.tasks, ...tasks] };
    records[i] = updated;
    results[at] = assessHousehold(updated, rulebook, referenceDate);
  }
  return made;
}

export async function writeProposals(ctx: ServiceContext, trx: Trx, tasks: readonly Task[]): Promise<void> {
  await ctx.store.tasks.createMany(trx, tasks, ctx.actor, AUTO_PROPOSAL_REASON, ctx.clock());
}
