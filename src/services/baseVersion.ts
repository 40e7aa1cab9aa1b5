// The base-version check of offline capture (docs/offline.md): a change made on a phone carries
// the version of the record part it was made on; when the server's part differs, the change is
// refused with 409 `version-conflict`, so the phone shows theirs against mine instead of the
// change silently overwriting what someone else saved meanwhile.
import { householdVersion, incomeVersion, memberVersion } from '../domain/recordVersion.js';
import type { ProposedChange } from '../domain/memberChange.js';
import { taskVersion } from '../domain/recordVersion.js';
import type { TaskDetail } from '../domain/taskFlow.js';
import type { HouseholdRecord } from '../domain/types.js';
import { AccessError } from './access.js';

export const VERSION_CONFLICT = 'version-conflict';

const conflict = (what: string) =>
  new AccessError(409, VERSION_CONFLICT, `${what}在您离线记录之后已被他人修改，未保存您的修改：请对照现有记录，选择保留哪一份或合并后再提交`);

/** The version of the part `change` touches, or null for an addition (nothing existed to change). */
export function partVersion(record: HouseholdRecord, change: ProposedChange): string | null {
  switch (change.kind) {
    case 'income-edit':
      return incomeVersion(record.income);
    case 'member-correct':
    case 'member-remove':
      return memberVersion(record.members.find((m) => m.id === change.memberId) ?? null);
    case 'household-correct':
      return householdVersion(record.household);
    case 'member-add':
      return null;
  }
}

const PART_NAMES: Record<ProposedChange['kind'], string> = {
  'income-edit': '该户的收入测算表',
  'member-correct': '该成员的信息',
  'member-remove': '该成员的信息',
  'household-correct': '该户的户信息',
  'member-add': '该户',
};

/** Refuses the change when it was made on another version than the server's; no version, no check (online edits). */
export function checkBaseVersion(record: HouseholdRecord, change: ProposedChange, expected: string | null | undefined): void {
  if (expected === null || expected === undefined) return;
  const now = partVersion(record, change);
  if (now !== null && now !== expected) throw conflict(PART_NAMES[change.kind]);
}

export function checkTaskVersion(task: TaskDetail, expected: string | null | undefined): void {
  if (expected === null || expected === undefined) return;
  if (taskVersion(task) !== expected) throw conflict('该整改任务');
}
