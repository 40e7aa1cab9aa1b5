// Which remediation tasks the engine proposes for a household (docs/rulebooks.md): one per unmet gap
// (indicator, member) of an in-scope household whose income passes, unless a task still in play
// (proposed, or one that qualifies this year) already covers it. A proposal does not qualify, so
// the class moves only when the township accepts it (taskFlow.ts).
import type { HouseholdAssessment } from './assessment.js';
import { openGaps, taskQualifies } from './indicators.js';
import type { HouseholdRecord, Task } from './types.js';
import type { Rulebook } from './rulebook.js';

/** The id a proposal gets: readable (household, indicator, member), made unique by `taken`. */
function proposalId(householdId: string, indicator: string, memberId: string | null, taken: (id: string) => boolean): string {
  const base = `JY-${householdId}-${indicator}${memberId === null ? '' : `-${memberId.slice(-4)}`}`;
  let id = base;
  for (let n = 2; taken(id); n++) id = `${base}~${n}`;
  return id;
}

/**
 * The proposals for one household, given its record and its assessment under `rb`. `taken`
 * answers whether an id is already used (in the store or earlier in the same batch); the caller
 * records the ids it keeps.
 */
export function proposeTasks(record: HouseholdRecord, assessment: HouseholdAssessment, rb: Rulebook, taken: (id: string) => boolean): Task[] {
  if (!assessment.inScope || assessment.income === null || !assessment.income.pass) return [];
  const made: Task[] = [];
  const isTaken = (id: string) => taken(id) || made.some((t) => t.id === id);
  for (const check of assessment.indicators) {
    if (check.met || check.indicator === 'income') continue;
    // A task due after the deadline does not count: the proposal is the within-year plan.
    const live = record.tasks.filter((t) => t.indicator === check.indicator && (t.status === 'proposed' || taskQualifies(t, rb)));
    for (const gap of openGaps(check)) {
      const covered = live
        .concat(made.filter((t) => t.indicator === check.indicator))
        .some((t) => t.memberId === null || gap.memberId === null || t.memberId === gap.memberId);
      if (covered) continue;
      made.push({
        id: proposalId(record.household.id, check.indicator, gap.memberId, isTaken),
        householdId: record.household.id,
        memberId: gap.memberId,
        indicator: check.indicator,
        dueDate: rb.tasks.deadline,
        status: 'proposed',
        sector: rb.indicators[check.indicator].sector,
        note: gap.text,
      });
    }
  }
  return made;
}
