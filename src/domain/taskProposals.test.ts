// The engine proposes one task per uncovered gap; a proposal does not qualify, so the class
// stays C until the township accepts it.
import { describe, expect, it } from 'vitest';
import { loadRulebook } from '../rulebooks/loader.js';
import { assessHousehold } from './classify.js';
import { REFERENCE_DATE, households, makeIncome, members, tasks } from '../../test/fixtures/domain.js';
import { proposeTasks } from './taskProposals.js';
import type { HouseholdRecord } from './types.js';

const rb = loadRulebook('seed-county-2018');
const none = () => false;
const propose = (rec: HouseholdRecord, taken: (id: string) => boolean = none) => proposeTasks(rec, assessHousehold(rec, rb, REFERENCE_DATE), rb, taken);

describe('proposeTasks', () => {
  it('a D-grade house with no task: one housing task for 住建, due at the deadline, that leaves the household C', () => {
    const rec = households.dangerousHouseNotRenovated();
    expect(assessHousehold(rec, rb, REFERENCE_DATE).class).toBe('C');
    const made = propose(rec);
    expect(made).toEqual([
      expect.objectContaining({
        id: 'JY-H012-housing',
        householdId: 'H012',
        memberId: null,
        indicator: 'housing',
        status: 'proposed',
        sector: rb.indicators.housing.sector,
        dueDate: rb.tasks.deadline,
      }),
    ]);
    expect(assessHousehold({ ...rec, tasks: made }, rb, REFERENCE_DATE).class).toBe('C');
    // Accepted (open, due by the deadline), it makes the household B.
    expect(assessHousehold({ ...rec, tasks: made.map((t) => ({ ...t, status: 'open' as const })) }, rb, REFERENCE_DATE).class).toBe('B');
  });

  it('a member gap gets a task naming the member; a gap already covered by a task in play gets none', () => {
    const rec = households.grandfatherWithoutCriticalIllnessInsurance();
    const made = propose(rec);
    const grandfather = rec.members.find((m) => m.criticalIllness === false)!;
    expect(made).toEqual([expect.objectContaining({ indicator: 'medical', memberId: grandfather.id, sector: rb.indicators.medical.sector })]);
    expect(propose({ ...rec, tasks: [tasks.insurance(grandfather.id)] })).toEqual([]);
    expect(propose({ ...rec, tasks: made })).toEqual([]);
  });

  it('a task due after the deadline does not count as cover: the within-year proposal is still made', () => {
    const rec = households.dangerousHouseNotRenovated({ tasks: [tasks.housingRenovationDueNextYear()] });
    expect(propose(rec).map((t) => t.indicator)).toEqual(['housing']);
  });

  it('nothing for a household whose income fails, one out of scope, or one with every indicator met', () => {
    expect(propose(households.dangerousHouseNotRenovated({ income: makeIncome({ farming: 100 }) }))).toEqual([]);
    expect(propose(households.guaranteed({ members: [members.head({ criticalIllness: false })] }))).toEqual([]);
    expect(propose(households.compliantFamilyOfFour())).toEqual([]);
  });

  it('ids already taken get a suffix instead of being reused', () => {
    const made = propose(households.dangerousHouseNotRenovated(), (id) => id === 'JY-H012-housing');
    expect(made.map((t) => t.id)).toEqual(['JY-H012-housing~2']);
  });
});
