// diffRecords without a database: what counts as a change, and what a plan contains.
import { describe, expect, it } from 'vitest';
import type { Carried } from '../domain/carried.js';
import { diffRecords, diffRegions, fieldChanges, isEmptyPlan, planCounts } from './diff.js';
import {
  allRegions,
  codes,
  countyRecords,
  deepClone,
  householdEveryField,
  incomeForm,
  member,
  record,
  regions,
  task,
  xiheRecord,
} from '../../test/fixtures/store.js';

describe('diffRecords', () => {
  it('an empty store plans a create for every household, member and income form', () => {
    const plan = diffRecords([], countyRecords());
    expect(planCounts(plan)).toEqual({
      regions: { creates: 0, updates: 0, deletes: 0 },
      households: { creates: 3, updates: 0, deletes: 0 },
      members: { creates: 5, updates: 0, deletes: 0 },
      incomes: { creates: 2, updates: 0, deletes: 0 },
      tasks: { creates: 0, updates: 0, deletes: 0 },
    });
  });

  it('identical data, even as separate copies, is an empty plan', () => {
    const plan = diffRecords({ regions: allRegions, records: countyRecords() }, { regions: deepClone(allRegions), records: deepClone(countyRecords()) });
    expect(isEmptyPlan(plan)).toBe(true);
  });

  it('an update carries only the changed fields, by dotted path, with before and after', () => {
    const stored = countyRecords();
    const incoming = deepClone(stored);
    const rec = incoming[0]!;
    rec.household.housing.grade = 'A';
    rec.household.water.piped = true;
    rec.household.otherCauses = ['lack-skills'];
    rec.members[1]!.name = '王秀兰';
    rec.income!.items.farming = 4000;
    delete rec.income!.items.dibao;

    const plan = diffRecords(stored, incoming);
    expect(plan.households.updates).toHaveLength(1);
    expect(plan.households.updates[0]!.fields).toEqual({
      'housing.grade': { before: 'C', after: 'A' },
      'water.piped': { before: false, after: true },
      otherCauses: { before: ['lack-skills', 'lack-capital'], after: ['lack-skills'] },
    });
    expect(plan.members.updates.map((u) => u.fields)).toEqual([{ name: { before: '王秀英', after: '王秀兰' } }]);
    expect(plan.incomes.updates[0]!.fields).toEqual({
      'items.farming': { before: 3200.5, after: 4000 },
      'items.dibao': { before: 2940, after: null },
    });
    expect(plan.households.creates).toEqual([]);
    expect(plan.members.deletes).toEqual([]);
  });

  it('a member missing from an incoming household is deleted; a new one is created', () => {
    const stored = countyRecords();
    const incoming = deepClone(stored);
    const rec = incoming[0]!;
    const dropped = rec.members.pop()!;
    rec.members.push(member(rec.household.id, '09', { name: '张新生', relation: 'grandson' }));
    const plan = diffRecords(stored, incoming);
    expect(plan.members.deletes.map((m) => m.id)).toEqual([dropped.id]);
    expect(plan.members.creates.map((m) => m.name)).toEqual(['张新生']);
  });

  it('a member listed under another household is a move (an update of householdId), not delete + create', () => {
    const stored = countyRecords();
    const incoming = deepClone(stored);
    const moving = incoming[0]!.members.splice(1, 1)[0]!;
    moving.householdId = incoming[1]!.household.id;
    incoming[1]!.members.push(moving);
    const plan = diffRecords(stored, incoming);
    expect(plan.members.deletes).toEqual([]);
    expect(plan.members.creates).toEqual([]);
    expect(plan.members.updates.map((u) => u.fields)).toEqual([{ householdId: { before: stored[0]!.household.id, after: stored[1]!.household.id } }]);
  });

  it('households absent from the incoming roster are kept unless deleteMissingHouseholds is set', () => {
    const stored = countyRecords();
    const withTask = deepClone(stored);
    withTask[2]!.tasks.push(task('T-xihe', withTask[2]!.household.id));
    const incoming = deepClone(stored).slice(0, 2);
    expect(isEmptyPlan(diffRecords(withTask, incoming))).toBe(true);

    const plan = diffRecords(withTask, incoming, { deleteMissingHouseholds: true });
    expect(plan.households.deletes.map((h) => h.villageCode)).toEqual([codes.xiheVillage]);
    expect(plan.members.deletes.map((m) => m.name)).toEqual(['李西河']);
    expect(plan.incomes.deletes).toHaveLength(1);
    expect(plan.tasks.deletes.map((t) => t.id)).toEqual(['T-xihe']);
  });

  it('tasks are ignored unless syncTasks is set, so a roster without tasks deletes none', () => {
    const stored = countyRecords();
    stored[0]!.tasks.push(task('T-1', stored[0]!.household.id));
    const incoming = deepClone(stored);
    incoming[0]!.tasks = [];
    expect(isEmptyPlan(diffRecords(stored, incoming))).toBe(true);
    expect(diffRecords(stored, incoming, { syncTasks: true }).tasks.deletes.map((t) => t.id)).toEqual(['T-1']);
  });

  it('an incoming record without an income form leaves the stored form alone; a new year is a create', () => {
    const stored = countyRecords();
    const noIncome = deepClone(stored).map((r) => ({ ...r, income: null }));
    expect(isEmptyPlan(diffRecords(stored, noIncome))).toBe(true);

    const nextYear = deepClone(stored);
    nextYear[0]!.income = incomeForm(nextYear[0]!.household.id, 2020, { migrantWage: 20000 });
    const plan = diffRecords(stored, nextYear);
    expect(plan.incomes.creates.map((f) => f.year)).toEqual([2020]);
    expect(plan.incomes.updates).toEqual([]);
  });

  it('duplicate household or member numbers in the incoming data are refused with the number', () => {
    const incoming = [xiheRecord(), xiheRecord()];
    expect(() => diffRecords([], incoming)).toThrow(/户编号重复：6224212002010001/);
    const h = householdEveryField();
    const twins = [record(h, [member(h.id, '01'), member(h.id, '01')])];
    expect(() => diffRecords([], twins)).toThrow(/人编号重复/);
  });

  it('a member whose householdId disagrees with its household is refused', () => {
    const h = householdEveryField();
    expect(() => diffRecords([], [record(h, [member('other', '01', { householdId: 'other' })])])).toThrow(/不一致/);
  });
});

describe('diffRegions and fieldChanges', () => {
  it('regions: new ones are created, changed ones updated field by field, none deleted', () => {
    const renamed = { ...regions.shimenPoorVillage, name: '石门新村', indicators: { ...regions.shimenPoorVillage.indicators!, hardenedRoad: false } };
    const extra = { ...regions.dongpingVillage, code: '622421100203', name: '新庄村' };
    const changes = diffRegions(allRegions, [renamed, extra]);
    expect(changes.creates.map((r) => r.name)).toEqual(['新庄村']);
    expect(changes.updates[0]!.fields).toEqual({
      name: { before: '石门村', after: '石门新村' },
      'indicators.hardenedRoad': { before: true, after: false },
    });
    expect(changes.deletes).toEqual([]);
  });

  it('keeps what the file does not carry: village fields without a village-sheet row, household columns absent; a carried blank clears', () => {
    const carried: Carried = {
      household: ['id', 'villageCode', 'status'],
      member: ['id', 'householdId', 'name'],
      income: ['householdId', 'year'],
      village: ['ruralPopulation', 'indicators.hardenedRoad'],
      villageRows: [regions.shimenPoorVillage.code],
      unnamedRegions: [],
    };
    const blank = { ruralPopulation: null, poorVillage: false, exitYear: null, exited: false, indicators: null };
    const shimen = { ...regions.shimenPoorVillage, ...blank, ruralPopulation: 700 };
    const dongping = { ...regions.dongpingVillage, ...blank };
    const changes = diffRegions(allRegions, [shimen, dongping], carried);
    // 东坪村 has no village-sheet row: nothing of it changes. 石门村 takes only the carried fields.
    expect(changes.updates.map((u) => u.after.code)).toEqual([regions.shimenPoorVillage.code]);
    expect(changes.updates[0]!.fields).toEqual({
      ruralPopulation: { before: regions.shimenPoorVillage.ruralPopulation, after: 700 },
      'indicators.hardenedRoad': { before: true, after: null },
    });
    expect(changes.updates[0]!.after).toMatchObject({ poorVillage: true, exitYear: regions.shimenPoorVillage.exitYear });

    const stored = householdEveryField();
    const incoming = { ...householdEveryField(), status: 'exited' as const, water: { ...stored.water, piped: !stored.water.piped }, group: null };
    const plan = diffRecords([record(stored, [])], [record(incoming, [])], { carried });
    expect(plan.households.updates[0]!.fields).toEqual({ status: { before: stored.status, after: 'exited' } });
  });

  it('indicators appearing where there were none are listed per key', () => {
    const f = fieldChanges({ indicators: null }, { indicators: { cooperative: true } });
    expect(f).toEqual({ 'indicators.cooperative': { before: null, after: true } });
  });

  it('undefined and null are the same value', () => {
    expect(fieldChanges({ a: null, b: 1 }, { b: 1 })).toEqual({});
  });
});
