import { describe, it, expect } from 'vitest';
import { loadRulebook } from '../rulebooks/loader.js';
import type { Rulebook } from './rulebook.js';
import type { IndicatorCheck } from './assessment.js';
import type { HouseholdRecord, IndicatorCode } from './types.js';
import { evaluateIndicators, openGaps } from './indicators.js';
import { REFERENCE_DATE, households, makeRecord, members, tasks } from '../../test/fixtures/domain.js';

const seed = loadRulebook('seed-county-2018');

function check(rec: HouseholdRecord, indicator: IndicatorCode, rb: Rulebook = seed, date = REFERENCE_DATE): IndicatorCheck {
  const c = evaluateIndicators(rec, rb, date).find((x) => x.indicator === indicator);
  if (!c) throw new Error(`no check for ${indicator}`);
  return c;
}

function withRule<K extends 'water' | 'education' | 'medical' | 'housing'>(key: K, rule: Partial<Rulebook['indicators'][K]['rule']>): Rulebook {
  return { ...seed, indicators: { ...seed.indicators, [key]: { ...seed.indicators[key], rule: { ...seed.indicators[key].rule, ...rule } } } };
}

describe('evaluateIndicators', () => {
  it('finds a compliant family of four compliant on all five indicators, with nothing to say', () => {
    const checks = evaluateIndicators(households.compliantFamilyOfFour(), seed, REFERENCE_DATE);
    expect(checks.map((c) => c.indicator)).toEqual(['food-clothing', 'water', 'education', 'medical', 'housing']);
    for (const c of checks) {
      expect(c).toMatchObject({ met: true, veto: true, metByVerifiedTask: false, remediable: false, reasons: [], remediation: [] });
    }
    expect(checks.map((c) => c.label)).toEqual(['吃穿不愁', '饮水安全', '义务教育有保障', '基本医疗有保障', '住房安全有保障']);
  });

  it('evaluates a household of one', () => {
    expect(evaluateIndicators(households.singlePerson(), seed, REFERENCE_DATE).every((c) => c.met)).toBe(true);
  });
});

describe('food and clothing', () => {
  it('is unmet with the household form note when judged not ok', () => {
    const c = check(households.foodClothingNotOk(), 'food-clothing');
    expect(c.met).toBe(false);
    expect(c.reasons[0]?.text).toBe('吃穿不愁未达标：冬季衣被不足');
  });

  it('is unmet as 未填报 when not judged at all', () => {
    const c = check(makeRecord({ household: { foodClothingOk: null } }), 'food-clothing');
    expect(c.met).toBe(false);
    expect(c.reasons[0]?.text).toBe('吃穿不愁情况未填报');
  });
});

describe('water', () => {
  it('fails a household fetching water 40 minutes round trip', () => {
    const c = check(households.waterFetch40Minutes(), 'water');
    expect(c.met).toBe(false);
    expect(c.reasons).toHaveLength(1);
    expect(c.reasons[0]?.text).toBe('未通自来水，取水往返40分钟，超过20分钟');
    expect(c.reasons[0]?.values).toEqual({ piped: false, fetchMinutes: 40 });
  });

  it('passes piped water whatever the fetch time says', () => {
    const rec = makeRecord({
      household: { water: { secured: true, piped: true, fetchMinutes: 40, litresPerPersonDay: 40, qualityOk: true, reliabilityPercent: 95 } },
    });
    expect(check(rec, 'water').met).toBe(true);
  });

  it('passes a 20-minute fetch (at most the maximum)', () => {
    const rec = makeRecord({
      household: { water: { secured: null, piped: false, fetchMinutes: 20, litresPerPersonDay: 20, qualityOk: true, reliabilityPercent: 90 } },
    });
    expect(check(rec, 'water').met).toBe(true);
  });

  it('reports each failing aspect as its own reason', () => {
    const rec = makeRecord({
      household: { water: { secured: true, piped: false, fetchMinutes: 35, litresPerPersonDay: 12, qualityOk: false, reliabilityPercent: 80 } },
    });
    const texts = check(rec, 'water').reasons.map((r) => r.text);
    expect(texts).toEqual(['供水量每人每天12升，低于20升', '未通自来水，取水往返35分钟，超过20分钟', '水质不达标', '供水保证率80%，低于90%']);
  });

  it('reports a blank measurement as a gap: a blank never shows the standard met', () => {
    const rec = makeRecord({
      household: { water: { secured: null, piped: true, fetchMinutes: null, litresPerPersonDay: 30, qualityOk: true, reliabilityPercent: null } },
    });
    const c = check(rec, 'water');
    expect(c.met).toBe(false);
    expect(c.reasons.map((r) => r.text)).toEqual(['供水保证率未填报']);
  });

  it('does not let blanks pass when the household itself says its water is not secured', () => {
    const rec = makeRecord({
      household: { water: { secured: false, piped: null, fetchMinutes: null, litresPerPersonDay: 30, qualityOk: null, reliabilityPercent: null } },
    });
    const c = check(rec, 'water');
    expect(c.met).toBe(false);
    expect(c.reasons.map((r) => r.text)).toEqual(['未解决安全饮水（户标记），取水方式或往返时间、水质、供水保证率未填报']);
  });

  it('lets the 是否解决安全饮水 flag stand in for blank measurements only when it says yes and the rulebook allows it', () => {
    const water = { secured: true, piped: true, fetchMinutes: null, litresPerPersonDay: null, qualityOk: true, reliabilityPercent: null };
    const ok = check(makeRecord({ household: { water } }), 'water');
    expect(ok.met).toBe(true);
    expect(ok.reasons[0]?.text).toBe('供水量、供水保证率未填报，按“已解决安全饮水”认定');
    const strict = check(makeRecord({ household: { water } }), 'water', withRule('water', { fallbackToSecuredFlag: false }));
    expect(strict.met).toBe(false);
    expect(strict.reasons.map((r) => r.text)).toEqual(['供水量、供水保证率未填报']);
  });

  it('still judges the measurements recorded when the flag says yes', () => {
    const rec = makeRecord({
      household: { water: { secured: true, piped: false, fetchMinutes: 45, litresPerPersonDay: null, qualityOk: null, reliabilityPercent: null } },
    });
    const texts = check(rec, 'water').reasons.map((r) => r.text);
    expect(texts).toContain('未通自来水，取水往返45分钟，超过20分钟');
  });

  it('needs a fetch time when the water is not known to be piped', () => {
    const rec = makeRecord({
      household: { water: { secured: null, piped: null, fetchMinutes: null, litresPerPersonDay: 30, qualityOk: true, reliabilityPercent: 95 } },
    });
    expect(check(rec, 'water').reasons.map((r) => r.text)).toEqual(['取水方式或往返时间未填报']);
  });

  it('ignores bad quality when the rulebook does not require it', () => {
    const rec = makeRecord({
      household: { water: { secured: true, piped: true, fetchMinutes: null, litresPerPersonDay: 30, qualityOk: false, reliabilityPercent: 95 } },
    });
    expect(check(rec, 'water').met).toBe(false);
    expect(check(rec, 'water', withRule('water', { requireQuality: false })).met).toBe(true);
  });

  it('falls back to the national system flag when no detail is recorded', () => {
    const ok = check(households.waterOnlySecuredFlag(true), 'water');
    expect(ok.met).toBe(true);
    expect(ok.reasons[0]?.text).toContain('按“已解决安全饮水”认定');
    const no = check(households.waterOnlySecuredFlag(false), 'water');
    expect(no.met).toBe(false);
    expect(no.reasons[0]?.text).toBe('未解决安全饮水（全国系统标记）');
    const unknown = check(households.waterOnlySecuredFlag(null), 'water');
    expect(unknown.met).toBe(false);
    expect(unknown.reasons[0]?.text).toBe('饮水安全情况未填报');
  });

  it('does not fall back when the rulebook says not to', () => {
    const c = check(households.waterOnlySecuredFlag(true), 'water', withRule('water', { fallbackToSecuredFlag: false }));
    expect(c.met).toBe(false);
    expect(c.reasons[0]?.text).toBe('饮水安全详细情况未填报');
  });
});

describe('education', () => {
  it('finds a 13-year-old dropout, naming the member, age, status and reason', () => {
    const rec = households.childDropoutAge13();
    const c = check(rec, 'education');
    expect(c.met).toBe(false);
    expect(c.reasons).toHaveLength(1);
    const r = c.reasons[0]!;
    expect(r.memberId).toBe(rec.members[2]!.id);
    expect(r.memberName).toBe('张小军');
    expect(r.text).toBe('张小军（13岁）为非在校生，原因：家庭困难辍学');
    expect(r.rule).toBe('义务教育适龄人口（6–15周岁）须在校就读或已完成义务教育，重度残疾送教上门视为有保障');
    expect(r.values).toMatchObject({ age: 13, schoolStatus: 'none', outOfSchoolReason: '家庭困难辍学' });
  });

  it('covers a severely disabled 15-year-old taught at home (送教上门)', () => {
    const c = check(households.childSeverelyDisabledTaughtAtHome(), 'education');
    expect(c.met).toBe(true);
    expect(c.reasons[0]?.text).toBe('张小兰（15岁）送教上门，视为义务教育有保障');
  });

  it('does not cover the same child when not taught at home', () => {
    const c = check(households.childSeverelyDisabledNotTaughtAtHome(), 'education');
    expect(c.met).toBe(false);
    expect(c.reasons[0]?.text).toBe('张小兰（15岁）为非在校生，原因：重度残疾');
  });

  it('does not cover home schooling under a rulebook that does not count it', () => {
    const c = check(households.childSeverelyDisabledTaughtAtHome(), 'education', withRule('education', { homeSchoolingCounts: false }));
    expect(c.met).toBe(false);
    expect(c.reasons[0]?.text).toContain('送教上门按本规则不视为在校');
  });

  it('applies the age band inclusively at the reference date', () => {
    expect(check(makeRecord({ members: [members.head(), members.age16OutOfSchool()] }), 'education').met).toBe(true);
    const c = check(makeRecord({ members: [members.head(), members.age15TurningSixteenTomorrow()] }), 'education');
    expect(c.met).toBe(false);
    expect(c.reasons[0]?.text).toContain('（15岁）');
  });

  it('uses the reference date it is given: the 2018 dropout is past school age in 2021', () => {
    const rec = households.childDropoutAge13();
    expect(check(rec, 'education', seed, '2018-12-31').met).toBe(false);
    expect(check(rec, 'education', seed, '2021-12-31').met).toBe(true);
  });

  it('counts completed junior high as covered', () => {
    expect(check(makeRecord({ members: [members.head(), members.completedJuniorHighAge14()] }), 'education').met).toBe(true);
  });

  it('counts a status outside the attending list as out of school', () => {
    const rb = withRule('education', { attendingStatuses: ['primary', 'grade7', 'grade8', 'grade9'] });
    const rec = makeRecord({ members: [members.head(), members.pupilAge8({ schoolStatus: 'preschool' })] });
    const c = check(rec, 'education', rb);
    expect(c.met).toBe(false);
    expect(c.reasons[0]?.text).toBe('张小红（8岁）在校状况为“学前”，未填报原因');
  });

  it('does not fail a member without a birth date, but says it cannot judge', () => {
    const rec = makeRecord({ members: [members.head(), members.noBirthDate({ education: '文盲或半文盲' })] });
    const c = check(rec, 'education');
    expect(c.met).toBe(true);
    expect(c.reasons[0]?.text).toBe('张某出生日期缺失，无法判断是否为义务教育适龄人口，请核实');
  });

  it('needs no birth date for a member recorded as attending school', () => {
    const rec = makeRecord({ members: [members.head(), members.pupilAge8({ birthDate: null })] });
    expect(check(rec, 'education').reasons).toEqual([]);
  });
});

describe('medical', () => {
  it('fails a member without critical-illness insurance', () => {
    const rec = households.grandfatherWithoutCriticalIllnessInsurance();
    const c = check(rec, 'medical');
    expect(c.met).toBe(false);
    expect(c.reasons).toHaveLength(1);
    expect(c.reasons[0]).toMatchObject({ memberId: rec.members[2]!.id, memberName: '张老汉', text: '张老汉未参加大病保险' });
  });

  it('counts an unrecorded enrolment as not enrolled', () => {
    const rec = makeRecord({ members: [members.head(), members.medicalInsuranceNotRecorded()] });
    const c = check(rec, 'medical');
    expect(c.met).toBe(false);
    expect(c.reasons[0]?.text).toBe('王桂花未参加城乡居民基本医疗保险（未填报）、大病保险（未填报）');
  });

  it('does not ask for critical-illness insurance when the rulebook does not', () => {
    expect(check(households.grandfatherWithoutCriticalIllnessInsurance(), 'medical', withRule('medical', { requireCriticalIllness: false })).met).toBe(true);
  });
});

describe('housing', () => {
  it('accepts a C-grade house whose renovation is finished and accepted', () => {
    const c = check(households.dangerousHouseRenovationAccepted(), 'housing');
    expect(c.met).toBe(true);
    expect(c.reasons[0]?.text).toBe('C级危房，已改造并已竣工验收');
  });

  it('fails a C-grade house whose renovation is finished but not accepted', () => {
    const c = check(households.dangerousHouseRenovationFinishedNotAccepted(), 'housing');
    expect(c.met).toBe(false);
    expect(c.reasons[0]?.text).toBe('C级危房，改造未验收（已竣工未验收）');
    expect(c.remediable).toBe(false);
  });

  it('fails a D-grade house not renovated', () => {
    expect(check(households.dangerousHouseNotRenovated(), 'housing').reasons[0]?.text).toBe('D级危房，未改造');
  });

  it('treats no grade and grades A/B as safe', () => {
    expect(check(makeRecord({ household: { housing: { grade: null, renovation: 'none', area: null } } }), 'housing').met).toBe(true);
    expect(check(makeRecord({ household: { housing: { grade: 'B', renovation: 'none', area: null } } }), 'housing').met).toBe(true);
  });
});

describe('tasks', () => {
  it('lists remediation in the same order whatever order the tasks arrive in (due date, then id)', () => {
    const open = tasks.housingRenovation({ id: 'T12', dueDate: '2018-12-15' });
    const proposal = tasks.housingRenovation({ id: 'T12-P', dueDate: '2018-11-30', status: 'proposed' });
    const other = tasks.housingRenovation({ id: 'T11', dueDate: '2018-12-15' });
    const orders = [
      [open, proposal, other],
      [other, open, proposal],
      [proposal, other, open],
    ];
    const lists = orders.map((ts) => check(households.dangerousHouseRenovationFinishedNotAccepted({ tasks: ts }), 'housing').remediation.map((r) => r.taskId));
    for (const l of lists) expect(l).toEqual(['T12-P', 'T11', 'T12']);
  });

  it('makes a gap remediable with a qualifying task, listing it', () => {
    const c = check(households.dangerousHouseRenovationFinishedNotAccepted({ tasks: [tasks.housingRenovation()] }), 'housing');
    expect(c.met).toBe(false);
    expect(c.remediable).toBe(true);
    expect(c.remediation).toEqual([{ taskId: 'T12', dueDate: '2018-11-30', status: 'in-progress', qualifies: true, why: '进行中，2018-11-30前完成' }]);
  });

  it('does not count a task due after the deadline, nor cancelled or returned ones', () => {
    for (const t of [tasks.housingRenovationDueNextYear(), tasks.housingRenovation({ status: 'cancelled' }), tasks.housingRenovation({ status: 'returned' })]) {
      const c = check(households.dangerousHouseRenovationFinishedNotAccepted({ tasks: [t] }), 'housing');
      expect(c.remediable).toBe(false);
      expect(c.remediation[0]?.qualifies).toBe(false);
    }
    const late = check(households.dangerousHouseRenovationFinishedNotAccepted({ tasks: [tasks.housingRenovationDueNextYear()] }), 'housing');
    expect(late.remediation[0]?.why).toBe('完成时限2019-03-31晚于整改截止日期2018-12-31');
  });

  it('counts a task due exactly on the deadline, and one done awaiting verification', () => {
    const onDeadline = check(
      households.dangerousHouseRenovationFinishedNotAccepted({ tasks: [tasks.housingRenovation({ dueDate: '2018-12-31' })] }),
      'housing',
    );
    expect(onDeadline.remediable).toBe(true);
    const done = check(households.dangerousHouseRenovationFinishedNotAccepted({ tasks: [tasks.housingRenovation({ status: 'done' })] }), 'housing');
    expect(done.remediable).toBe(true);
  });

  it('ignores tasks of other indicators', () => {
    const c = check(households.dangerousHouseRenovationFinishedNotAccepted({ tasks: [tasks.water()] }), 'housing');
    expect(c.remediation).toEqual([]);
    expect(c.remediable).toBe(false);
  });

  it('meets an indicator whose gap is closed by a verified task', () => {
    const c = check(households.dangerousHouseRenovationFinishedNotAccepted({ tasks: [tasks.housingRenovation({ status: 'verified' })] }), 'housing');
    expect(c.met).toBe(true);
    expect(c.metByVerifiedTask).toBe(true);
    expect(c.reasons[0]?.text).toBe('整改任务已验收（T12）：C级危房，改造未验收（已竣工未验收）');
    expect(c.reasons[0]?.values['taskId']).toBe('T12');
  });

  it('closes only the member a member task names; a household task covers everyone', () => {
    const base = makeRecord({ members: [members.head(), members.noCriticalIllnessInsurance(), members.medicalInsuranceNotRecorded()] });
    const grandfather = base.members[1]!.id;
    const grandmother = base.members[2]!.id;

    const oneVerified = check({ ...base, tasks: [tasks.insurance(grandfather, { status: 'verified' })] }, 'medical');
    expect(oneVerified.met).toBe(false);
    expect(openGaps(oneVerified).map((r) => r.memberId)).toEqual([grandmother]);
    expect(oneVerified.reasons.some((r) => r.text.startsWith('整改任务已验收') && r.memberId === grandfather)).toBe(true);
    expect(oneVerified.remediable).toBe(false);

    const plusOpen = check({ ...base, tasks: [tasks.insurance(grandfather, { status: 'verified' }), tasks.insurance(grandmother, { id: 'T31' })] }, 'medical');
    expect(plusOpen.remediable).toBe(true);

    const memberTaskOnly = check({ ...base, tasks: [tasks.insurance(grandfather)] }, 'medical');
    expect(memberTaskOnly.remediable).toBe(false);

    const householdTask = check({ ...base, tasks: [tasks.insurance(null)] }, 'medical');
    expect(householdTask.remediable).toBe(true);

    const householdVerified = check({ ...base, tasks: [tasks.insurance(null, { status: 'verified' })] }, 'medical');
    expect(householdVerified).toMatchObject({ met: true, metByVerifiedTask: true });
  });

  it('lets any task of the indicator cover a household-level gap', () => {
    const rec = households.dangerousHouseRenovationFinishedNotAccepted();
    const c = check({ ...rec, tasks: [tasks.housingRenovation({ memberId: rec.members[0]!.id })] }, 'housing');
    expect(c.remediable).toBe(true);
  });
});
