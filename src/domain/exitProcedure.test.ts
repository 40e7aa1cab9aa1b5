import { describe, expect, it } from 'vitest';
import { loadRulebook } from '../rulebooks/loader.js';
import { classInfo } from './classes.js';
import {
  nextStep,
  procedureDef,
  refuseObjection,
  refuseResolution,
  refuseStep,
  type ExitStep,
  type Procedure,
  type Situation,
  type StepInput,
} from './exitProcedure.js';

// The steps are the rulebook's: gansu-2018 keeps 民主评议 → … → 销号.
const rb = loadRulebook('gansu-2018');
const HH = procedureDef(rb, 'household');
const VV = procedureDef(rb, 'village');
const HOUSEHOLD_STEPS = HH.steps.map((s) => s.code);
const VILLAGE_STEPS = VV.steps.map((s) => s.code);
const by = { id: 'u1', name: '红星村驻村工作队' };
const backdateDays = 3;
const sit = (today: string, householdClass: string | null = 'A'): Situation => ({ today, backdateDays, householdClass: classInfo(rb, householdClass) });

function input(step: ExitStep, date: string, extra: Partial<StepInput> = {}): StepInput {
  const base: StepInput = { step, date, document: `文号-${step}` };
  if (step === 'appraisal') Object.assign(base, { minutes: '全体村民代表评议通过', votesFor: 30, votesAgainst: 2 });
  return { ...base, ...extra };
}

function procedureUpTo(last: ExitStep | null, dates: Partial<Record<ExitStep, string>> = {}, kind: 'household' | 'village' = 'household'): Procedure {
  const p: Procedure = {
    id: 'p1',
    kind,
    subjectId: 'H1',
    villageCode: 'V1',
    status: 'open',
    closedReason: null,
    startedAt: '2018-11-01T00:00:00Z',
    steps: [],
    objections: [],
  };
  if (last === null) return p;
  for (const step of kind === 'household' ? HOUSEHOLD_STEPS : VILLAGE_STEPS) {
    const date = dates[step] ?? '2018-11-10';
    p.steps.push({ step, date, recordedAt: `${date}T02:00:00Z`, by, document: 'x', minutes: null, votesFor: null, votesAgainst: null, backdateReason: null });
    if (step === last) break;
  }
  return p;
}

describe('household exit procedure: order', () => {
  it('starts with the democratic appraisal and goes through every step in order', () => {
    expect(nextStep(null, HH)).toBe('appraisal');
    expect(nextStep(procedureUpTo('agreement'), HH)).toBe('notice-start');
    expect(nextStep(procedureUpTo('notice-start'), HH)).toBe('notice-end');
    expect(nextStep(procedureUpTo('deregistered'), HH)).toBeNull();
  });

  it('refuses every step recorded out of order, naming the step that comes next', () => {
    for (let done = -1; done < HOUSEHOLD_STEPS.length - 1; done++) {
      const p = done < 0 ? null : procedureUpTo(HOUSEHOLD_STEPS[done]!);
      const expected = HOUSEHOLD_STEPS[done + 1]!;
      for (const step of HOUSEHOLD_STEPS) {
        if (step === expected) continue;
        const why = refuseStep(p, HH, input(step, '2018-11-20'), sit('2018-11-21'));
        expect(why.length, `${step} after ${HOUSEHOLD_STEPS[done] ?? '（无）'}`).toBeGreaterThan(0);
        expect(why.join(), step).toMatch(/不能跳过步骤|已经记录过/);
      }
    }
  });

  it('refuses to skip from the appraisal straight to the notice', () => {
    const why = refuseStep(procedureUpTo('appraisal'), HH, input('notice-start', '2018-11-12'), sit('2018-11-12'));
    expect(why).toEqual(['不能跳过步骤：下一步应为“村委会和驻村工作队核实”，不能直接记录“公示”']);
  });

  it('starting needs a pre-exit household (A or B); a C household is refused with its class', () => {
    expect(refuseStep(null, HH, input('appraisal', '2018-11-20'), sit('2018-11-20', 'B'))).toEqual([]);
    expect(refuseStep(null, HH, input('appraisal', '2018-11-20'), sit('2018-11-20', 'C')).join()).toContain('不是预脱贫户（最新测算为C类）');
  });

  it('county approval needs class A: a B household is told to close its gaps first', () => {
    const p = procedureUpTo('township-review');
    expect(refuseStep(p, HH, input('county-approval', '2018-11-25'), sit('2018-11-25', 'A'))).toEqual([]);
    expect(refuseStep(p, HH, input('county-approval', '2018-11-25'), sit('2018-11-25', 'B')).join()).toContain('须先完成整改任务');
  });

  it('a failed appraisal vote (for ≤ against) or missing minutes is refused', () => {
    expect(refuseStep(null, HH, input('appraisal', '2018-11-20', { votesFor: 10, votesAgainst: 12 }), sit('2018-11-20')).join()).toContain('未获通过');
    expect(refuseStep(null, HH, input('appraisal', '2018-11-20', { minutes: ' ' }), sit('2018-11-20')).join()).toContain('会议记录');
  });
});

describe('household exit procedure: dates', () => {
  it('refuses a date before the previous step, a future date and an invalid date', () => {
    const p = procedureUpTo('appraisal', { appraisal: '2018-11-15' });
    expect(refuseStep(p, HH, input('check', '2018-11-14'), sit('2018-11-16')).join()).toContain('早于上一步“民主评议”的日期 2018-11-15');
    expect(refuseStep(p, HH, input('check', '2018-11-17'), sit('2018-11-16')).join()).toContain('晚于今天');
    expect(refuseStep(p, HH, input('check', '2018-02-30'), sit('2018-11-16')).join()).toContain('不是有效日期');
  });

  it('back-dating beyond the rulebook’s days is refused without a reason and allowed with one', () => {
    const p = procedureUpTo('appraisal', { appraisal: '2018-11-01' });
    expect(refuseStep(p, HH, input('check', '2018-11-03'), sit('2018-11-06'))).toEqual([]);
    expect(refuseStep(p, HH, input('check', '2018-11-02'), sit('2018-11-06')).join()).toContain('属于补录，须填写补录原因');
    expect(refuseStep(p, HH, input('check', '2018-11-02', { backdateReason: '纸质记录后补录入系统' }), sit('2018-11-06'))).toEqual([]);
  });
});

describe('household exit procedure: the public notice', () => {
  const started = () => procedureUpTo('notice-start', { 'notice-start': '2018-11-20' });

  it('cannot end before start + notice days, by the end date', () => {
    const why = refuseStep(started(), HH, input('notice-end', '2018-11-26'), sit('2018-11-28'));
    expect(why.join()).toContain('公示须满 7 天：2018-11-20 开始，最早 2018-11-27 结束');
    expect(refuseStep(started(), HH, input('notice-end', '2018-11-27'), sit('2018-11-28'))).toEqual([]);
  });

  it('cannot end before start + notice days, by the clock (an end date in the future is refused too)', () => {
    const why = refuseStep(started(), HH, input('notice-end', '2018-11-27'), sit('2018-11-24'));
    expect(why.join()).toContain('晚于今天');
    expect(why.join()).toContain('公示尚未期满');
  });

  it('cannot end while an objection is unresolved; a dismissed objection no longer blocks', () => {
    const p = started();
    p.objections.push({ id: 'o1', receivedOn: '2018-11-22', content: '该户有工资收入未申报', recordedBy: by, resolution: null });
    expect(refuseStep(p, HH, input('notice-end', '2018-11-27'), sit('2018-11-28')).join()).toContain('1 条异议尚未处理');
    p.objections[0]!.resolution = { outcome: 'dismissed', date: '2018-11-24', note: '经核实收入已计入', by };
    expect(refuseStep(p, HH, input('notice-end', '2018-11-27'), sit('2018-11-28'))).toEqual([]);
  });

  it('objections are accepted only during the notice and resolved once, not before they were received', () => {
    expect(refuseObjection(procedureUpTo('agreement'), HH, '2018-11-21', '异议', sit('2018-11-21')).join()).toContain('只能在公示期间');
    expect(refuseObjection(started(), HH, '2018-11-21', '异议', sit('2018-11-21'))).toEqual([]);
    expect(refuseObjection(started(), HH, '2018-11-19', '异议', sit('2018-11-21')).join()).toContain('早于公示开始日期');
    const o = { id: 'o1', receivedOn: '2018-11-22', content: 'x', recordedBy: by, resolution: null };
    expect(refuseResolution(started(), o, '2018-11-21', '核实', sit('2018-11-23')).join()).toContain('早于收到异议的日期');
    expect(refuseResolution(started(), o, '2018-11-23', '核实', sit('2018-11-23'))).toEqual([]);
  });

  it('a sent-back procedure takes no more steps; a new one starts at the appraisal again', () => {
    const p = { ...started(), status: 'sent-back' as const, closedReason: '异议属实' };
    expect(nextStep(p, HH)).toBeNull();
    expect(refuseStep(p, HH, input('appraisal', '2018-11-28'), sit('2018-11-28'))).toEqual([]);
    expect(refuseStep(p, HH, input('notice-end', '2018-11-28'), sit('2018-11-28')).join()).toContain('不能跳过步骤');
  });
});

describe('village exit procedure', () => {
  it('goes application → township review → county check → notice → announcement → 销号', () => {
    expect(nextStep(null, VV)).toBe('application');
    expect(nextStep(procedureUpTo('application', {}, 'village'), VV)).toBe('township-review');
    expect(nextStep(procedureUpTo('notice-end', {}, 'village'), VV)).toBe('announcement');
  });

  it('refuses a skipped step, an early notice end and a village not at the exit standard', () => {
    const s: Situation = { today: '2018-12-20', backdateDays, villagePreExit: true };
    expect(refuseStep(procedureUpTo('application', {}, 'village'), VV, input('county-check', '2018-12-01'), s).join()).toContain('下一步应为“乡镇审核”');
    const noticed = procedureUpTo('notice-start', { 'notice-start': '2018-12-15' }, 'village');
    expect(refuseStep(noticed, VV, input('notice-end', '2018-12-18'), s).join()).toContain('最早 2018-12-22 结束');
    expect(refuseStep(null, VV, input('application', '2018-12-01', { backdateReason: '补' }), { ...s, villagePreExit: false }).join()).toContain(
      '未达到退出标准',
    );
    expect(refuseStep(null, VV, input('appraisal', '2018-12-01'), s).join()).toContain('不是贫困村退出程序的步骤');
  });
});
