import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { loadRulebook } from '../rulebooks/loader.js';
import { Rulebook } from './rulebook.js';
import { OUT_OF_SCOPE } from './assessment.js';
import type { HouseholdRecord } from './types.js';
import { assessHousehold, assessHouseholds } from './classify.js';
import { REFERENCE_DATE, households, makeIncome, makeRecord, makeTask, members, syntheticCounty, tasks } from '../../test/fixtures/domain.js';

const seed = loadRulebook('seed-county-2018');
const gansu = loadRulebook('gansu-2018');
const monitoring = loadRulebook('monitoring-2021');

const classOf = (rec: HouseholdRecord, rb: Rulebook = seed, date = REFERENCE_DATE) => assessHousehold(rec, rb, date);

describe('classes A / B / C', () => {
  it('classes the compliant family of four A (pre-exit), with nothing in the summary', () => {
    const a = classOf(households.compliantFamilyOfFour());
    expect(a).toMatchObject({
      householdId: 'H001',
      villageCode: '620521101201',
      headName: '张建军',
      size: 4,
      inScope: true,
      scopeReason: null,
      class: 'A',
      classLabel: 'A类',
      preExit: true,
      summary: [],
    });
    expect(a.income?.perCapita).toBe(4500);
    expect(a.indicators).toHaveLength(5);
  });

  it('classes a household of one', () => {
    expect(classOf(households.singlePerson()).class).toBe('A');
  });

  it('classes income exactly at the line C under greater-than, A under at-least', () => {
    const c = classOf(households.incomeExactlyAtLine());
    expect(c.class).toBe('C');
    expect(c.preExit).toBe(false);
    expect(c.summary).toEqual(['收入：人均纯收入3700.00元，未超过3700元']);
    const atLeast = Rulebook.parse({ ...seed, income: { ...seed.income, comparison: 'at-least' } });
    expect(classOf(households.incomeExactlyAtLine(), atLeast).class).toBe('A');
  });

  it('moves a household at 3,600 from A (province line 3,500) to C (county line 3,700)', () => {
    expect(classOf(households.incomeBetweenProvinceAndCountyLines(), gansu).class).toBe('A');
    const c = classOf(households.incomeBetweenProvinceAndCountyLines(), seed);
    expect(c.class).toBe('C');
    expect(c.summary).toEqual(['收入：人均纯收入3600.00元，未超过3700元']);
  });

  it('does not let excluded items lift a household over the line', () => {
    expect(classOf(households.incomeWithExcludedItems()).class).toBe('C');
  });

  it('classes a household without income form C', () => {
    const c = classOf(households.noIncomeForm());
    expect(c.class).toBe('C');
    expect(c.summary).toEqual(['收入：未填报收入测算表']);
  });

  it('classes a C-grade house renovated and accepted A', () => {
    expect(classOf(households.dangerousHouseRenovationAccepted()).class).toBe('A');
  });

  it('classes a C-grade house finished but not accepted B with a task due this year, C without', () => {
    const b = classOf(households.dangerousHouseRenovationFinishedNotAccepted({ tasks: [tasks.housingRenovation()] }));
    expect(b.class).toBe('B');
    expect(b.classLabel).toBe('B类');
    expect(b.preExit).toBe(true);
    expect(b.summary).toEqual(['住房安全有保障：C级危房，改造未验收（已竣工未验收）（整改任务T12，2018-11-30前完成）']);

    const c = classOf(households.dangerousHouseRenovationFinishedNotAccepted());
    expect(c.class).toBe('C');
    expect(c.summary).toEqual(['住房安全有保障：C级危房，改造未验收（已竣工未验收）（无年内整改任务）']);
  });

  it('classes B with a task due after the deadline C', () => {
    const c = classOf(households.dangerousHouseRenovationFinishedNotAccepted({ tasks: [tasks.housingRenovationDueNextYear()] }));
    expect(c.class).toBe('C');
    expect(c.summary[0]).toContain('整改任务T13完成时限晚于2018-12-31，年内无法补齐');
  });

  it('turns B into A when its last task is verified', () => {
    const rec = (housing: 'in-progress' | 'verified', medical: 'open' | 'verified') => {
      const r = households.grandfatherWithoutCriticalIllnessInsurance({
        household: { id: 'H050', housing: { grade: 'D', renovation: 'in-progress', area: 70 } },
      });
      r.tasks = [
        tasks.housingRenovation({ status: housing, householdId: r.household.id }),
        tasks.insurance(r.members[2]!.id, { status: medical, householdId: r.household.id }),
      ];
      return r;
    };
    expect(classOf(rec('in-progress', 'open')).class).toBe('B');
    const oneLeft = classOf(rec('verified', 'open'));
    expect(oneLeft.class).toBe('B');
    expect(oneLeft.summary).toEqual(['基本医疗有保障：张老汉未参加大病保险（整改任务T30，2018-12-15前完成）']);
    const done = classOf(rec('verified', 'verified'));
    expect(done.class).toBe('A');
    expect(done.summary).toEqual([]);
    expect(done.indicators.filter((c) => c.metByVerifiedTask).map((c) => c.indicator)).toEqual(['medical', 'housing']);
  });

  it('needs every unmet indicator remediable for B', () => {
    const rec = households.childDropoutAge13({ household: { id: 'H040', housing: { grade: 'C', renovation: 'planned', area: 50 } } });
    rec.tasks = [tasks.housingRenovation({ householdId: rec.household.id })];
    const c = classOf(rec);
    expect(c.class).toBe('C');
    expect(c.summary).toEqual([
      '义务教育有保障：张小军（13岁）为非在校生，原因：家庭困难辍学（无年内整改任务）',
      '住房安全有保障：C级危房，改造未验收（已列入改造计划）（整改任务T12，2018-11-30前完成）',
    ]);
    rec.tasks.push(tasks.returnToSchool(rec.members[2]!.id, { householdId: rec.household.id }));
    expect(classOf(rec).class).toBe('B');
  });

  it('says so when a task covers only some of an indicator’s gaps', () => {
    const rec = makeRecord({ members: [members.head(), members.noCriticalIllnessInsurance(), members.medicalInsuranceNotRecorded()] });
    rec.tasks = [tasks.insurance(rec.members[1]!.id, { householdId: rec.household.id })];
    const c = classOf(rec);
    expect(c.class).toBe('C');
    expect(c.summary).toEqual([
      '基本医疗有保障：张老汉未参加大病保险；王桂花未参加城乡居民基本医疗保险（未填报）、大病保险（未填报）（整改任务T30，2018-12-15前完成；其余短板无年内整改任务）',
    ]);
  });

  it('keeps a household with remediable gaps but income below the line in C', () => {
    const rec = households.dangerousHouseRenovationFinishedNotAccepted({ tasks: [tasks.housingRenovation()], income: makeIncome({ migrantWage: 10000 }) });
    const c = classOf(rec);
    expect(c.class).toBe('C');
    expect(c.summary[0]).toBe('收入：人均纯收入2500.00元，未超过3700元');
  });

  it('classes the severely disabled child taught at home A, the same child not taught at home C', () => {
    expect(classOf(households.childSeverelyDisabledTaughtAtHome()).class).toBe('A');
    expect(classOf(households.childSeverelyDisabledNotTaughtAtHome()).class).toBe('C');
  });

  it('summarises failing water aspects and food and clothing', () => {
    expect(classOf(households.waterFetch40Minutes()).summary).toEqual(['饮水安全：未通自来水，取水往返40分钟，超过20分钟（无年内整改任务）']);
    expect(classOf(households.foodClothingNotOk()).summary).toEqual(['吃穿不愁：吃穿不愁未达标：冬季衣被不足（无年内整改任务）']);
  });

  it('ignores non-veto indicators for the class but still reports them', () => {
    const rb = Rulebook.parse({ ...seed, indicators: { ...seed.indicators, water: { ...seed.indicators.water, veto: false } } });
    const a = classOf(households.waterFetch40Minutes(), rb);
    expect(a.class).toBe('A');
    expect(a.indicators.find((c) => c.indicator === 'water')?.met).toBe(false);
  });
});

describe('screening scope', () => {
  it('puts a relocation household not yet moved in out of scope, still computing income and indicators', () => {
    const a = classOf(households.relocationNotMovedIn());
    expect(a).toMatchObject({ class: OUT_OF_SCOPE, classLabel: '不在筛查范围', inScope: false, preExit: false, scopeReason: '易地扶贫搬迁未入住' });
    expect(a.income?.perCapita).toBe(4500);
    expect(a.indicators).toHaveLength(5);
    expect(a.summary).toEqual(['不在筛查范围：易地扶贫搬迁未入住']);
  });

  it('keeps a relocated household that has moved in', () => {
    expect(classOf(households.relocationMovedIn()).class).toBe('A');
  });

  it('puts guaranteed and exited households out of scope, with the reason', () => {
    expect(classOf(households.guaranteed()).scopeReason).toBe('兜底保障户');
    expect(classOf(households.exited()).scopeReason).toBe('已脱贫');
    const both = classOf(households.guaranteed({ household: { id: 'H9', guarantee: true, status: 'exited' } }));
    expect(both.scopeReason).toBe('已脱贫、兜底保障户');
  });

  it('screens returned-to-poverty households', () => {
    expect(classOf(households.returnedToPoverty()).inScope).toBe(true);
  });

  it('follows the rulebook: without the exclusions they are screened', () => {
    const rb = Rulebook.parse({ ...seed, screening: { ...seed.screening, excludeGuarantee: false, excludeRelocationNotMovedIn: false } });
    expect(classOf(households.guaranteed(), rb).class).toBe('A');
    expect(classOf(households.relocationNotMovedIn(), rb).class).toBe('A');
  });
});

describe('other regimes and rule shapes', () => {
  it('classes with the monitoring-2021 rulebook’s own classes and lines', () => {
    const date = '2021-12-31';
    // 4,500 per person: above the 4,000 poverty line, under the 6,000 monitoring line.
    const monitored = classOf(households.exited(), monitoring, date);
    expect(monitored).toMatchObject({ inScope: true, class: 'monitor', classLabel: '纳入监测', preExit: false });
    expect(monitored.summary).toEqual(['收入：人均纯收入4500.00元，未超过6000元']);
    const wealthy = households.exited({ income: makeIncome({ migrantWage: 30000 }, { year: 2021 }) });
    expect(classOf(wealthy, monitoring, date)).toMatchObject({ class: 'stable', classLabel: '稳定', preExit: true });
    // Not excluded under monitoring: guarantee and relocation are screened too.
    expect(classOf(households.guaranteed({ income: makeIncome({ migrantWage: 30000 }) }), monitoring, date).class).toBe('stable');
  });

  it('supports a class rule on another line and the any-unmet condition', () => {
    const rb = Rulebook.parse({
      ...seed,
      classes: [
        { code: 'X', label: '甲', preExit: true, description: '省线以上且有短板' },
        { code: 'Y', label: '乙', preExit: true, description: '省线以上' },
        { code: 'Z', label: '丙', preExit: false, description: '其余' },
      ],
      classRules: [
        { class: 'X', when: { income: { line: 'province', is: 'pass' }, indicators: 'any-unmet' } },
        { class: 'Y', when: { income: { line: 'province', is: 'pass' } } },
        { class: 'Z', when: {} },
      ],
    });
    expect(classOf(households.incomeBetweenProvinceAndCountyLines(), rb).class).toBe('Y');
    expect(classOf(households.waterFetch40Minutes(), rb).class).toBe('X');
    expect(classOf(households.noIncomeForm(), rb).class).toBe('Z');
  });

  it('supports an income-fails condition', () => {
    const rb = Rulebook.parse({
      ...seed,
      classes: [
        { code: 'low', label: '低收入', preExit: false, description: '' },
        { code: 'ok', label: '其他', preExit: true, description: '' },
      ],
      classRules: [
        { class: 'low', when: { income: { line: 'poverty', is: 'fail' } } },
        { class: 'ok', when: {} },
      ],
    });
    expect(classOf(households.incomeExactlyAtLine(), rb).class).toBe('low');
    expect(classOf(households.compliantFamilyOfFour(), rb).class).toBe('ok');
  });
});

describe('assessHouseholds and determinism', () => {
  it('assesses each record in order', () => {
    const recs = [households.compliantFamilyOfFour(), households.incomeExactlyAtLine(), households.guaranteed()];
    expect(assessHouseholds(recs, seed, REFERENCE_DATE).map((a) => [a.householdId, a.class])).toEqual([
      ['H001', 'A'],
      ['H003', 'C'],
      ['H062', OUT_OF_SCOPE],
    ]);
  });

  it('gives the same answer for the same record, however often and on a copy', () => {
    const { records } = syntheticCounty({ scale: 0.02, seed: 7 });
    const first = assessHouseholds(records, seed, REFERENCE_DATE);
    expect(assessHouseholds(structuredClone(records), seed, REFERENCE_DATE)).toEqual(first);
    expect(new Set(first.map((a) => a.class))).toEqual(new Set(['A', 'B', 'C', OUT_OF_SCOPE]));
  });

  it('classes deterministically whatever the household looks like (property)', () => {
    const recordArb = fc
      .record({
        status: fc.constantFrom('not-exited', 'pre-exit', 'exited', 'returned' as const),
        guarantee: fc.boolean(),
        relocation: fc.constantFrom('none', 'planned', 'moved-in' as const),
        grade: fc.constantFrom(null, 'A', 'B', 'C', 'D' as const),
        renovation: fc.constantFrom('none', 'planned', 'in-progress', 'finished', 'accepted' as const),
        food: fc.constantFrom(true, false, null),
        fetch: fc.option(fc.integer({ min: 0, max: 90 })),
        wage: fc.integer({ min: 0, max: 4_000_000 }).map((f) => f / 100),
        dropout: fc.boolean(),
        critical: fc.constantFrom(true, false, null),
        taskStatus: fc.option(fc.constantFrom('open', 'in-progress', 'done', 'verified', 'returned', 'cancelled' as const)),
        taskDue: fc.constantFrom('2018-06-30', '2018-12-31', '2019-01-01'),
      })
      .map((p) =>
        makeRecord({
          household: {
            status: p.status,
            guarantee: p.guarantee,
            relocation: p.relocation,
            foodClothingOk: p.food,
            housing: { grade: p.grade, renovation: p.renovation, area: 80 },
            water: { secured: true, piped: p.fetch === null, fetchMinutes: p.fetch, litresPerPersonDay: 40, qualityOk: true, reliabilityPercent: 95 },
          },
          members: [members.head({ criticalIllness: p.critical }), members.spouse(), ...(p.dropout ? [members.dropoutAge13()] : [])],
          income: makeIncome({ migrantWage: p.wage }),
          tasks: p.taskStatus === null ? [] : [makeTask({ indicator: 'housing', status: p.taskStatus, dueDate: p.taskDue })],
        }),
      );
    fc.assert(
      fc.property(recordArb, (rec) => {
        const a = assessHousehold(rec, seed, REFERENCE_DATE);
        const b = assessHousehold(structuredClone(rec), seed, REFERENCE_DATE);
        expect(b).toEqual(a);
        // The class is one the rulebook defines (or out of scope), and pre-exit follows it.
        expect(['A', 'B', 'C', OUT_OF_SCOPE]).toContain(a.class);
        expect(a.preExit).toBe(a.class === 'A' || a.class === 'B');
        // A needs income and every veto indicator; B needs income and no unremediable gap.
        if (a.class === 'A') expect(a.income?.pass && a.indicators.every((c) => c.met)).toBe(true);
        if (a.class === 'B') expect(a.income?.pass && a.indicators.every((c) => c.met || c.remediable)).toBe(true);
      }),
    );
  });
});
