// Record versions for offline capture (docs/offline.md): a phone that took its village along
// sends back, with each change, the version of the record part it was made on; the server
// refuses the change (409) when that part has changed since, instead of overwriting it.
//
// A version is a fingerprint of the part's content, not a counter: no column or migration is
// needed, the same value comes out on every dialect, and a change that was undone again counts
// as no change. Each kind of change is checked against only the part it touches, so an income
// form captured offline does not conflict with a member corrected on the server meanwhile.
import { sha256Hex } from './digest.js';
import type { TaskDetail } from './taskFlow.js';
import type { Household, IncomeForm, Member } from './types.js';

type TaskStateField = 'status' | 'responsible' | 'dueDate' | 'doneAt' | 'verifiedAt' | 'returnReason' | 'declineReason' | 'startedAt';

/** JSON with object keys sorted, so equal content gives equal text whatever the key order. */
function canonical(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** 16 hex digits: enough to tell versions of one record apart, short enough to carry along. */
export function versionOf(value: unknown): string {
  return sha256Hex(canonical(value)).slice(0, 16);
}

export const incomeVersion = (form: IncomeForm | null): string => versionOf(form === null ? null : { items: form.items, note: form.note, year: form.year });
export const memberVersion = (member: Member | null): string => versionOf(member);
export const householdVersion = (household: Household): string => versionOf(household);

/** The fields of a task that a step reads or writes (its workflow state). */
export function taskVersion(task: Pick<TaskDetail, TaskStateField>): string {
  const { status, responsible, dueDate, doneAt, verifiedAt, returnReason, declineReason, startedAt } = task;
  return versionOf({ status, responsible, dueDate, doneAt, verifiedAt, returnReason, declineReason, startedAt });
}

/** The versions a phone keeps for one household. */
export interface HouseholdVersions {
  household: string;
  income: string;
  members: Record<string, string>;
}

export function householdVersions(r: { household: Household; members: readonly Member[]; income: IncomeForm | null }): HouseholdVersions {
  return {
    household: householdVersion(r.household),
    income: incomeVersion(r.income),
    members: Object.fromEntries(r.members.map((m) => [m.id, memberVersion(m)])),
  };
}
