// The pure rules of 动态调整: what a change does to a record, which changes are sensitive (read
// from the rulebook's changeApproval, not scattered ifs), and when a request has gone stale.
import { describe, expect, it } from 'vitest';
import { households } from '../../test/fixtures/domain.js';
import { makeIdNumber } from './idNumber.js';
import { DEFAULT_CHANGE_APPROVAL } from './rulebook.js';
import { ChangeInvalid, currentValues, planChange, staleFields, type ProposedChange } from './memberChange.js';

const opts = { newMemberId: 'H001-09', holderOf: () => null };

describe('planChange', () => {
  it('a correction touching an ID number and the education level is sensitive for the ID number only', () => {
    const r = households.compliantFamilyOfFour();
    const m = r.members[1]!;
    const id = makeIdNumber('620521', m.birthDate!, m.sex === 'F' ? 202 : 203);
    const check = planChange(r, { kind: 'member-correct', memberId: m.id, fields: { idNumber: id, education: '高中' } }, opts);
    expect(check.sensitive).toEqual(['idNumber']);
    expect(Object.keys(check.proposed).sort()).toEqual(['education', 'idNumber']);
    expect(check.basedOn['idNumber']).toBe(m.idNumber);
    expect(DEFAULT_CHANGE_APPROVAL.member).toContain('idNumber');
  });

  it('the same value again proposes nothing; a note-only income edit is not sensitive, an amount is', () => {
    const r = households.compliantFamilyOfFour();
    const m = r.members[0]!;
    expect(planChange(r, { kind: 'member-correct', memberId: m.id, fields: { name: m.name } }, opts).proposed).toEqual({});
    const form = r.income!;
    const note: ProposedChange = { kind: 'income-edit', year: form.year, items: form.items, note: '核实' };
    expect(planChange(r, note, opts).sensitive).toEqual([]);
    const amount: ProposedChange = { kind: 'income-edit', year: form.year, items: { ...form.items, migrantWage: 1 }, note: form.note };
    expect(planChange(r, amount, opts).sensitive).toEqual(['items']);
  });

  it('a full-width, lower-case ID number is stored normalised, with birth date and sex taken from it', () => {
    const r = households.compliantFamilyOfFour();
    const id = makeIdNumber('620521', '2018-09-01', 5);
    const typed = id.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))).toLowerCase();
    const base = { ...r.members[0]!, name: '新生儿', relation: 'grandson' as const, idNumber: typed, birthDate: null, sex: null };
    const { id: _i, householdId: _h, ...member } = base;
    const check = planChange(r, { kind: 'member-add', member, category: 'birth', note: null }, opts);
    expect(check.next.members.at(-1)).toMatchObject({ id: 'H001-09', idNumber: id, birthDate: '2018-09-01', sex: 'M' });
    expect(check.sensitive).toEqual(['idNumber']);
  });

  it('a second head is refused; removing the head with others left needs a successor', () => {
    const r = households.compliantFamilyOfFour();
    const head = r.members.find((m) => m.relation === 'head')!;
    expect(() => planChange(r, { kind: 'member-correct', memberId: r.members[1]!.id, fields: { relation: 'head' } }, opts)).toThrow(ChangeInvalid);
    expect(() => planChange(r, { kind: 'member-remove', memberId: head.id, category: 'death', note: null, newHeadId: null }, opts)).toThrow(/请指定新户主/);
    const next = planChange(r, { kind: 'member-remove', memberId: head.id, category: 'death', note: null, newHeadId: r.members[1]!.id }, opts).next;
    expect(next.members.filter((m) => m.relation === 'head').map((m) => m.id)).toEqual([r.members[1]!.id]);
  });
});

describe('staleFields', () => {
  it('reports what changed since the request, and nothing when the record is as it was', () => {
    const r = households.compliantFamilyOfFour();
    const change: ProposedChange = { kind: 'household-correct', fields: { attribute: 'dibao' } };
    const { basedOn } = planChange(r, change, opts);
    expect(staleFields(basedOn, currentValues(r, change, Object.keys(basedOn)))).toEqual([]);
    const moved = { ...r, household: { ...r.household, attribute: 'tekun' as const } };
    expect(staleFields(basedOn, currentValues(moved, change, Object.keys(basedOn)))).toEqual([{ field: 'attribute', then: 'general', now: 'tekun' }]);
  });

  it('status and exit year are no correction: refused with a message naming the exit procedure', () => {
    const r = households.compliantFamilyOfFour();
    for (const fields of [{ status: 'exited' as const }, { exitYear: 2018 }]) {
      expect(() => planChange(r, { kind: 'household-correct', fields }, opts)).toThrow(/退出程序/);
    }
  });

  it('which facts wait for approval is the given list: water and housing grade by default, an area correction not, any list the rulebook sets', () => {
    const r = households.compliantFamilyOfFour();
    const h = r.household;
    const water = planChange(r, { kind: 'household-correct', fields: { water: { ...h.water, qualityOk: !h.water.qualityOk } } }, opts);
    expect(water.sensitive).toEqual(['water']);
    const grade = planChange(r, { kind: 'household-correct', fields: { housing: { ...h.housing, grade: h.housing.grade === 'D' ? 'A' : 'D' } } }, opts);
    expect(grade.sensitive).toEqual(['housing.grade']);
    const area = planChange(r, { kind: 'household-correct', fields: { housing: { ...h.housing, area: (h.housing.area ?? 0) + 10 } } }, opts);
    expect(area.sensitive).toEqual([]);
    const m = r.members[0]!;
    const insured = planChange(r, { kind: 'member-correct', memberId: m.id, fields: { basicMedical: m.basicMedical !== true } }, opts);
    expect(insured.sensitive).toEqual(['basicMedical']);
    const none = { member: [], household: [], income: [] };
    expect(
      planChange(r, { kind: 'household-correct', fields: { water: { ...h.water, qualityOk: !h.water.qualityOk } } }, { ...opts, approval: none }).sensitive,
    ).toEqual([]);
    const team = { member: [], household: ['workTeam'], income: [] };
    expect(planChange(r, { kind: 'household-correct', fields: { workTeam: '另一工作队' } }, { ...opts, approval: team }).sensitive).toEqual(['workTeam']);
  });
});
