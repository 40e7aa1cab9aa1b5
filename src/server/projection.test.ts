import { describe, expect, it } from 'vitest';
import { assessHousehold } from '../domain/classify.js';
import { households, makeTask, REFERENCE_DATE } from '../../test/fixtures/domain.js';
import { loadRulebook } from '../rulebooks/loader.js';
import type { User } from '../store/index.js';
import { viewerFor, type Viewer } from './auth/viewer.js';
import { incomeVisible, projectAssessment, projectHousehold, projectMember, projectRecord } from './projection.js';

function viewer(role: User['role'], extra: Partial<User> = {}): Viewer {
  return viewerFor({
    id: `u-${role}`,
    username: role,
    name: role,
    role,
    admin: false,
    sector: null,
    scopeCodes: [],
    failedLogins: 0,
    lockedUntil: null,
    disabled: false,
    createdAt: '',
    updatedAt: '',
    ...extra,
  });
}

/** A dropout household with contact details and a housing task, to project for each role. */
function record() {
  const r = households.childDropoutAge13();
  r.household.phone = '13912345678';
  r.household.bankAccount = '6228480000000000001';
  r.household.housing = { grade: 'C', renovation: 'in-progress', area: 80 };
  r.members[0]!.phone = '13800001111';
  r.tasks = [
    makeTask({ id: 'T-HOUSE', indicator: 'housing', sector: '住建' }),
    makeTask({ id: 'T-SCHOOL', indicator: 'education', sector: '教育', memberId: r.members[2]!.id }),
  ];
  return r;
}

describe('viewerFor', () => {
  it('derives scope and masking from the role', () => {
    expect(viewer('county', { admin: true })).toMatchObject({ scope: { kind: 'all' }, sector: null, admin: true, mask: { idNumber: 'full' } });
    expect(viewer('sector', { sector: '教育', admin: true })).toMatchObject({
      scope: { kind: 'all' },
      sector: '教育',
      admin: false,
      mask: { idNumber: 'partial' },
    });
    expect(viewer('leader', { scopeCodes: ['620521101', '620521102201'] }).scope).toEqual({ kind: 'regions', codes: ['620521101', '620521102201'] });
    // A scoped role with no codes sees nothing, never everything.
    expect(viewer('village').scope).toEqual({ kind: 'regions', codes: [] });
  });
});

describe('projection', () => {
  it('shows the county office everything in full', () => {
    const r = record();
    const v = projectRecord(viewer('county'), r);
    expect(v.household).toEqual(r.household);
    expect(v.members[0]).toEqual(r.members[0]);
    expect(v.tasks).toHaveLength(2);
    expect(v.income).toEqual(r.income);
  });

  it('masks ID numbers, phones and bank accounts for township, village and leader users', () => {
    const r = record();
    for (const role of ['township', 'village', 'leader'] as const) {
      const v = projectRecord(viewer(role), r);
      const text = JSON.stringify(v);
      expect(text).not.toContain(r.members[0]!.idNumber!);
      expect(text).not.toContain('13912345678');
      expect(text).not.toContain('13800001111');
      expect(text).not.toContain('6228480000000000001');
      expect(v.household.phone).toBe('139****5678');
      expect(v.household.bankAccount).toBe('***************0001');
      expect(v.members[0]!.idNumber).toMatch(/^6205\*+\d{3}[\dX]$/);
      expect(v.household.housing).toEqual(r.household.housing);
    }
  });

  it('gives the 教育 sector user schooling fields only: no housing, water, contacts, health or income', () => {
    const r = record();
    const v = projectRecord(viewer('sector', { sector: '教育' }), r);
    expect(Object.keys(v.household).sort()).toEqual(['attribute', 'exitYear', 'group', 'id', 'status', 'villageCode']);
    const child = v.members[2]!;
    expect(child).toMatchObject({ name: r.members[2]!.name, schoolStatus: 'none', outOfSchoolReason: '家庭困难辍学' });
    expect(child).not.toHaveProperty('health');
    expect(child).not.toHaveProperty('basicMedical');
    expect(child).not.toHaveProperty('phone');
    expect(v.income).toBeNull();
    expect(v.tasks.map((t) => t.id)).toEqual(['T-SCHOOL']);
  });

  it('gives the 住建 sector user housing and its own tasks, not schooling', () => {
    const r = record();
    const v = projectRecord(viewer('sector', { sector: '住建' }), r);
    expect(v.household.housing).toEqual(r.household.housing);
    expect(v.household).not.toHaveProperty('water');
    expect(v.members[2]).not.toHaveProperty('schoolStatus');
    expect(v.tasks.map((t) => t.id)).toEqual(['T-HOUSE']);
  });

  it('keeps only the sector’s indicators in the assessment, and its reasons as the summary', () => {
    const r = record();
    const a = assessHousehold(r, loadRulebook(), REFERENCE_DATE);
    expect(a.indicators.length).toBeGreaterThan(1);
    const edu = projectAssessment(viewer('sector', { sector: '教育' }), a);
    expect(edu.indicators.map((c) => c.indicator)).toEqual(['education']);
    expect(edu.income).toBeNull();
    expect(edu.summary.length).toBeGreaterThan(0);
    expect(edu.summary.join('')).toContain(r.members[2]!.name);
    const water = projectAssessment(viewer('sector', { sector: '水务' }), a);
    expect(water.indicators.map((c) => c.indicator)).toEqual(['water']);
    expect(water.summary).toEqual([]);
    expect(projectAssessment(viewer('township'), a)).toEqual(a);
  });

  it('lets 民政 see income; hidden health details leave no health fields', () => {
    expect(incomeVisible(viewer('sector', { sector: '民政' }))).toBe(true);
    expect(incomeVisible(viewer('sector', { sector: '教育' }))).toBe(false);
    const r = record();
    const publicViewer: Viewer = { ...viewer('township'), mask: { idNumber: 'hidden', phone: 'hidden', bankAccount: 'hidden', healthDetails: 'hide' } };
    const m = projectMember(publicViewer, r.members[2]!);
    expect(m).not.toHaveProperty('health');
    expect(m).not.toHaveProperty('disabilityGrade');
    expect(m.outOfSchoolReason).toBe('（已隐去）');
    expect(projectHousehold(publicViewer, r.household).phone).toBe('******');
  });
});
