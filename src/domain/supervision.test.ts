import { describe, expect, it } from 'vitest';
import { households, REFERENCE_DATE, smallCounty, tasks } from '../../test/fixtures/domain.js';
import { loadRulebook } from '../rulebooks/loader.js';
import {
  DEFAULT_SUPERVISION_SETTINGS as S,
  emptyFigures,
  isoWeek,
  missedWeeks,
  problemState,
  rankTownships,
  repeatedFailures,
  shiftWeek,
  visitCompliance,
  weekChange,
  weekRange,
  weeksBetween,
  type FailureInput,
} from './supervision.js';
import { classChanges, whatIf } from './whatIf.js';
import { assessHouseholds } from './classify.js';

const seed = loadRulebook('seed-county-2018');

describe('ISO weeks', () => {
  it('follow ISO 8601 across year ends', () => {
    expect(isoWeek('2018-10-08')).toBe('2018-W41');
    expect(isoWeek('2018-10-14')).toBe('2018-W41');
    expect(isoWeek('2018-12-31')).toBe('2019-W01');
    expect(isoWeek('2021-01-03')).toBe('2020-W53');
    expect(weekRange('2018-W41')).toEqual({ start: '2018-10-08', end: '2018-10-14' });
    expect(weekRange('2019-W01')).toEqual({ start: '2018-12-31', end: '2019-01-06' });
    expect(weekRange('2018-W53')).toBeNull();
    expect(weekRange('2018-41')).toBeNull();
    expect(shiftWeek('2019-W01', -1)).toBe('2018-W52');
    expect(weeksBetween('2018-10-01', '2018-10-20')).toEqual(['2018-W40', '2018-W41', '2018-W42']);
  });
});

describe('visit compliance', () => {
  it('counts visits per week; a past week below the minimum is missed, the current week is not yet', () => {
    const weeks = weeksBetween('2018-10-01', '2018-10-31');
    const rows = visitCompliance(['2018-10-02', '2018-10-03', '2018-10-17'], weeks, '2018-10-23', 1);
    expect(rows).toEqual([
      { week: '2018-W40', visits: 2, met: true, current: false },
      { week: '2018-W41', visits: 0, met: false, current: false },
      { week: '2018-W42', visits: 1, met: true, current: false },
      { week: '2018-W43', visits: 0, met: false, current: true },
    ]);
    expect(missedWeeks(rows)).toEqual(['2018-W41']);
    expect(missedWeeks(visitCompliance([], weeks, '2018-10-23', 0))).toEqual([]);
  });
});

describe('problems', () => {
  it('state: verified closes, rectified waits for verification, past the deadline is overdue', () => {
    expect(problemState({ deadline: '2018-10-20', rectifiedOn: null, verifiedOn: null }, '2018-10-20')).toBe('open');
    expect(problemState({ deadline: '2018-10-20', rectifiedOn: null, verifiedOn: null }, '2018-10-21')).toBe('overdue');
    expect(problemState({ deadline: '2018-10-20', rectifiedOn: '2018-10-22', verifiedOn: null }, '2018-10-23')).toBe('rectified');
    expect(problemState({ deadline: '2018-10-20', rectifiedOn: '2018-10-22', verifiedOn: '2018-10-23' }, '2018-10-23')).toBe('verified');
  });

  const p = (id: string, foundOn: string, o: Partial<FailureInput> = {}): FailureInput => ({
    id,
    foundOn,
    severity: 'major',
    unitKind: 'village',
    unitCode: 'V1',
    unitName: '石门村',
    people: ['李某'],
    ...o,
  });

  it('flags a unit and a person with the rulebook’s count of major failures inside its window, and nobody else', () => {
    const s = { ...S, repeatedFailure: { count: 2, windowDays: 90 } };
    const flags = repeatedFailures(
      [
        p('P1', '2018-03-01'),
        p('P2', '2018-09-01'), // 184 days later: not in one window with P1
        p('P3', '2018-10-01', { people: ['李某', '王某'] }),
        p('P4', '2018-10-02', { severity: 'ordinary', people: ['王某'] }),
        p('P5', '2018-10-03', { unitCode: 'V2', unitName: '东坪村', people: ['王某'] }),
      ],
      s,
      '2018-10-23',
    );
    expect(flags.map((f) => [f.kind, f.name, f.problemIds])).toEqual([
      ['person', '李某', ['P2', 'P3']],
      ['unit', '石门村', ['P2', 'P3']],
    ]);
    // 王某 has two major problems but in two different units: a name alone is not one person.
    expect(repeatedFailures([p('P1', '2018-10-01'), p('P2', '2018-10-02')], { ...s, repeatedFailure: { count: 3, windowDays: 90 } }, '2018-10-23')).toEqual([]);
  });
});

describe('weekly dispatch', () => {
  it('week-over-week change and a stable ranking', () => {
    const a = { ...emptyFigures(), tasksVerified: 3, tasksLate: 1 };
    const b = { ...emptyFigures(), tasksVerified: 1, visits: 2 };
    expect(weekChange(a, b)).toMatchObject({ tasksVerified: 2, visits: -2, tasksLate: 1 });
    expect(weekChange(a, null)).toBeNull();
    const strong = { ...emptyFigures(), tasksVerified: 3 };
    const weak = { ...emptyFigures(), visits: 1 };
    const ranked = rankTownships(
      [
        { code: 'T2', figures: weak },
        { code: 'T1', figures: strong },
        { code: 'T3', figures: weak },
      ],
      S.rankingWeights,
    );
    expect(ranked.map((r) => [r.code, r.rank, r.score])).toEqual([
      ['T1', 1, 9],
      ['T2', 2, 2],
      ['T3', 2, 2],
    ]);
  });
});

describe('what-if', () => {
  it('verifying the housing task of a B household makes it exit-ready; nothing else moves and the records stay as they were', () => {
    const county = smallCounty();
    const frozen = JSON.stringify(county.records);
    const r = whatIf(county.regions, county.records, seed, REFERENCE_DATE, new Set([tasks.housingRenovation().id]));
    expect(r.tasks).toBe(1);
    expect(r.moves).toEqual([{ householdId: 'H011', villageCode: county.records[4]!.household.villageCode, from: 'B', to: 'A' }]);
    expect(r.becomeReady.map((m) => m.householdId)).toEqual(['H011']);
    expect(r.county).not.toBeNull();
    expect(JSON.stringify(county.records)).toBe(frozen);
    expect(whatIf(county.regions, county.records, seed, REFERENCE_DATE, new Set()).moves).toEqual([]);
  });

  it('class changes of a rulebook switch are counted pair by pair', () => {
    const recs = [households.incomeBetweenProvinceAndCountyLines(), households.compliantFamilyOfFour()];
    const gansu = loadRulebook('gansu-2018');
    expect(classChanges(assessHouseholds(recs, seed, REFERENCE_DATE), assessHouseholds(recs, gansu, REFERENCE_DATE))).toEqual([
      { from: 'C', to: 'A', households: 1 },
    ]);
  });
});
