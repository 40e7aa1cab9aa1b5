import { describe, expect, it } from 'vitest';
import {
  applyStep,
  availableSteps,
  isOverdue,
  TaskFlowError,
  type Actor,
  type StepContext,
  type StepInput,
  type TaskDetail,
  type TaskStep,
} from './taskFlow.js';

const county: Actor = { userId: 'u-county', role: 'county', sector: null };
const township: Actor = { userId: 'u-town', role: 'township', sector: null };
const village: Actor = { userId: 'u-village', role: 'village', sector: null };
const housing: Actor = { userId: 'u-zj', role: 'sector', sector: '住建' };
const education: Actor = { userId: 'u-jy', role: 'sector', sector: '教育' };
const leader: Actor = { userId: 'u-lead', role: 'leader', sector: null };

function task(over: Partial<TaskDetail> = {}): TaskDetail {
  return {
    id: 'T1',
    householdId: 'H1',
    memberId: null,
    indicator: 'housing',
    dueDate: '2018-11-30',
    status: 'open',
    sector: '住建',
    note: null,
    townshipCode: 'T',
    villageCode: 'V',
    responsible: '王五',
    proposed: false,
    startedAt: null,
    doneBy: null,
    doneByName: null,
    doneAt: null,
    evidenceNote: null,
    evidenceDate: null,
    closeOut: null,
    verifiedBy: null,
    verifiedByName: null,
    verifiedAt: null,
    returnReason: null,
    declineReason: null,
    ...over,
  };
}

const ctx = (actor: Actor): StepContext => ({
  actor,
  actorName: actor.userId,
  deadline: '2018-12-31',
  hygieneChecklist: ['口粮充足', '衣被齐全', '室内整洁', '厨房卫生', '厕所卫生', '院落整洁'],
  today: '2018-11-20',
  at: '2018-11-20T02:00:00.000Z',
});
const housingDone: StepInput = {
  evidenceNote: '危房改造竣工',
  evidenceDate: '2018-11-18',
  closeOut: { kind: 'housing', gradeBefore: 'D', gradeAfter: 'A', acceptanceDate: '2018-11-18' },
};
const refusedWith = (fn: () => unknown, code: TaskFlowError['code']) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TaskFlowError);
    expect((e as TaskFlowError).code).toBe(code);
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
};

describe('task life cycle', () => {
  it('a proposal accepted by the township gets its responsible person and due date and opens', () => {
    const t = applyStep(task({ status: 'proposed', responsible: null }), 'accept', { responsible: '李村长', dueDate: '2018-12-15' }, ctx(township));
    expect(t).toMatchObject({ status: 'open', responsible: '李村长', dueDate: '2018-12-15' });
  });

  it('a due date after the rulebook deadline is refused, naming both dates', () => {
    const msg = refusedWith(
      () => applyStep(task({ status: 'proposed' }), 'accept', { responsible: '李', dueDate: '2019-01-10' }, ctx(township)),
      'invalid-input',
    );
    expect(msg).toContain('2019-01-10');
    expect(msg).toContain('2018-12-31');
  });

  it('a declined proposal keeps its reason; without a reason it is refused', () => {
    expect(applyStep(task({ status: 'proposed' }), 'decline', { reason: '年内无法完成' }, ctx(township))).toMatchObject({
      status: 'declined',
      declineReason: '年内无法完成',
    });
    refusedWith(() => applyStep(task({ status: 'proposed' }), 'decline', { reason: ' ' }, ctx(township)), 'invalid-input');
  });

  it('bulk assignment of a proposal accepts it; of an open task it keeps the status', () => {
    expect(applyStep(task({ status: 'proposed' }), 'assign', { responsible: '赵', dueDate: '2018-12-01' }, ctx(county)).status).toBe('open');
    expect(applyStep(task({ status: 'in-progress' }), 'assign', { responsible: '赵', dueDate: '2018-12-01' }, ctx(county))).toMatchObject({
      status: 'in-progress',
      responsible: '赵',
    });
  });

  it('the sector starts and completes its task with the close-out, recorded as the doer', () => {
    const started = applyStep(task(), 'start', {}, ctx(housing));
    expect(started.status).toBe('in-progress');
    const done = applyStep(started, 'complete', housingDone, ctx(housing));
    expect(done).toMatchObject({ status: 'done', doneBy: 'u-zj', evidenceDate: '2018-11-18', closeOut: { gradeAfter: 'A' } });
  });

  it('completing without the sector close-out, with an unsafe grade or a future date is refused', () => {
    refusedWith(() => applyStep(task(), 'complete', { evidenceNote: 'x', evidenceDate: '2018-11-18' }, ctx(housing)), 'invalid-input');
    const msg = refusedWith(
      () =>
        applyStep(
          task(),
          'complete',
          { ...housingDone, closeOut: { kind: 'housing', gradeBefore: 'D', gradeAfter: 'C', acceptanceDate: '2018-11-18' } },
          ctx(housing),
        ),
      'invalid-input',
    );
    expect(msg).toContain('A 级或 B 级');
    refusedWith(() => applyStep(task(), 'complete', { ...housingDone, evidenceDate: '2018-12-01' }, ctx(housing)), 'invalid-input');
    refusedWith(
      () =>
        applyStep(
          task(),
          'complete',
          { ...housingDone, closeOut: { kind: 'water', solution: '自来水', litresPerPersonDay: 30, fetchMinutes: 0 } },
          ctx(housing),
        ),
      'invalid-input',
    );
  });

  it('each sector close-out form is checked: schooling with home teaching, insurance flags, the hygiene checklist in full', () => {
    const base = { evidenceNote: '已办', evidenceDate: '2018-11-10' };
    expect(
      applyStep(
        task({ indicator: 'education', sector: '教育' }),
        'complete',
        { ...base, closeOut: { kind: 'education', homeTeaching: true, school: null, dateBack: null } },
        ctx(education),
      ).status,
    ).toBe('done');
    refusedWith(
      () =>
        applyStep(
          task({ indicator: 'education', sector: '教育' }),
          'complete',
          { ...base, closeOut: { kind: 'education', homeTeaching: false, school: '', dateBack: '2018-09-01' } },
          ctx(education),
        ),
      'invalid-input',
    );
    expect(
      applyStep(
        task({ indicator: 'medical', sector: '医保' }),
        'complete',
        {
          ...base,
          closeOut: { kind: 'medical', enrolmentDate: '2018-10-01', scheme: '城乡居民基本医疗保险', treatFirstPayLater: true, oneStopSettlement: true },
        },
        ctx(county),
      ).closeOut,
    ).toMatchObject({ treatFirstPayLater: true });
    refusedWith(
      () =>
        applyStep(
          task({ indicator: 'food-clothing', sector: '乡镇' }),
          'complete',
          { ...base, closeOut: { kind: 'food-clothing', checklist: ['口粮充足'] } },
          ctx(village),
        ),
      'invalid-input',
    );
  });

  it("the hygiene checklist is the rulebook's: its items in full close the task, an item it does not list is refused", () => {
    const base = { evidenceNote: '已办', evidenceDate: '2018-11-10' };
    const own = { ...ctx(village), hygieneChecklist: ['口粮充足', '饮用水安全'] };
    const food = task({ indicator: 'food-clothing', sector: '乡镇' });
    expect(applyStep(food, 'complete', { ...base, closeOut: { kind: 'food-clothing', checklist: ['饮用水安全', '口粮充足'] } }, own).status).toBe('done');
    expect(
      refusedWith(
        () => applyStep(food, 'complete', { ...base, closeOut: { kind: 'food-clothing', checklist: ['口粮充足', '饮用水安全', '院落整洁'] } }, own),
        'invalid-input',
      ),
    ).toContain('院落整洁');
    expect(
      refusedWith(() => applyStep(food, 'complete', { ...base, closeOut: { kind: 'food-clothing', checklist: ['口粮充足'] } }, own), 'invalid-input'),
    ).toContain('饮用水安全');
  });

  it('verification is by someone other than the doer, and only by the township or county office', () => {
    const done = applyStep(task(), 'complete', housingDone, ctx(township));
    const msg = refusedWith(() => applyStep(done, 'verify', {}, ctx(township)), 'forbidden');
    expect(msg).toContain('完成人以外');
    refusedWith(() => applyStep(applyStep(task(), 'complete', housingDone, ctx(housing)), 'verify', {}, ctx(housing)), 'forbidden');
    refusedWith(() => applyStep(applyStep(task(), 'complete', housingDone, ctx(housing)), 'verify', {}, ctx(village)), 'forbidden');
    const verified = applyStep(applyStep(task(), 'complete', housingDone, ctx(housing)), 'verify', {}, ctx(township));
    expect(verified).toMatchObject({ status: 'verified', verifiedBy: 'u-town' });
  });

  it('a returned task carries the reason and can be reopened by the doer, then completed again', () => {
    const done = applyStep(task(), 'complete', housingDone, ctx(housing));
    refusedWith(() => applyStep(done, 'return', {}, ctx(county)), 'invalid-input');
    const returned = applyStep(done, 'return', { reason: '照片不清楚' }, ctx(county));
    expect(returned).toMatchObject({ status: 'returned', returnReason: '照片不清楚' });
    const again = applyStep(returned, 'reopen', {}, ctx(housing));
    expect(again.status).toBe('in-progress');
    expect(applyStep(again, 'complete', housingDone, ctx(housing))).toMatchObject({ status: 'done', returnReason: null });
  });

  it('a sector cannot touch another sector’s task; a leader cannot act at all; a village cannot accept', () => {
    expect(refusedWith(() => applyStep(task(), 'start', {}, ctx(education)), 'forbidden')).toContain('住建');
    for (const step of ['accept', 'start', 'complete', 'verify'] as TaskStep[])
      refusedWith(() => applyStep(task({ status: 'proposed' }), step, {}, ctx(leader)), 'forbidden');
    refusedWith(() => applyStep(task({ status: 'proposed' }), 'accept', { responsible: 'x', dueDate: '2018-12-01' }, ctx(village)), 'forbidden');
  });

  it('steps from the wrong status are refused: nothing leaves verified or declined', () => {
    for (const s of ['verified', 'declined'] as const) {
      for (const step of ['accept', 'start', 'complete', 'verify', 'return', 'reopen'] as TaskStep[]) {
        refusedWith(
          () => applyStep(task({ status: s }), step, { ...housingDone, reason: 'r', responsible: 'x', dueDate: '2018-12-01' }, ctx(county)),
          'invalid-state',
        );
      }
    }
    refusedWith(() => applyStep(task({ status: 'open' }), 'verify', {}, ctx(county)), 'invalid-state');
    refusedWith(() => applyStep(task({ status: 'in-progress' }), 'start', {}, ctx(county)), 'invalid-state');
  });

  it('offers each role the steps it may take now', () => {
    expect(availableSteps(task({ status: 'proposed' }), township)).toEqual(['accept', 'decline', 'assign']);
    // A sector department names the 责任人 of its own accepted tasks, not of proposals.
    expect(availableSteps(task({ status: 'open' }), housing)).toEqual(['assign', 'start', 'complete']);
    expect(availableSteps(task({ status: 'proposed' }), housing)).toEqual([]);
    expect(availableSteps(task({ status: 'done', doneBy: 'u-town' }), township)).toEqual([]);
    expect(availableSteps(task({ status: 'done', doneBy: 'u-zj' }), township)).toEqual(['verify', 'return']);
  });

  it('overdue is derived from the due date and today, only for unfinished work', () => {
    expect(isOverdue({ status: 'open', dueDate: '2018-11-19' }, '2018-11-20')).toBe(true);
    expect(isOverdue({ status: 'returned', dueDate: '2018-11-19' }, '2018-11-20')).toBe(true);
    expect(isOverdue({ status: 'open', dueDate: '2018-11-20' }, '2018-11-20')).toBe(false);
    expect(isOverdue({ status: 'done', dueDate: '2018-11-01' }, '2018-11-20')).toBe(false);
    expect(isOverdue({ status: 'verified', dueDate: '2018-11-01' }, '2018-11-20')).toBe(false);
  });
});
