import { describe, expect, it } from 'vitest';
import { makeHousehold, makeMember, REFERENCE_DATE, TOWNSHIP_CODE } from '../../../test/fixtures/domain.js';
import type { Household, Member } from '../types.js';
import { absencePoints, pointKey, rowPoints, unmatchedRowPoint, type Linked, type RuleContext } from './rules.js';
import { CrossCheckSettings, DEFAULT_CROSS_CHECK } from './settings.js';

const ctx: RuleContext = {
  settings: DEFAULT_CROSS_CHECK,
  education: { minAge: 6, maxAge: 15, attendingStatuses: ['primary', 'grade7', 'grade8', 'grade9'] },
  referenceDate: REFERENCE_DATE,
};

function linked(member: Partial<Member> = {}, household: Partial<Household> = {}): Linked {
  const h = makeHousehold(household);
  const head = { ...makeMember({ name: '马成福' }), id: `${h.id}01`, householdId: h.id };
  const m = member.relation === 'head' ? { ...head, ...member } : { ...makeMember(member), id: `${h.id}02`, householdId: h.id };
  return { member: m, household: h, members: m.id === head.id ? [m] : [head, m] };
}

const members = {
  pupilAge13: (): Partial<Member> => ({ name: '马小军', relation: 'son', birthDate: '2005-05-01', schoolStatus: 'grade7', education: null }),
  pupilOutOfSchool: (): Partial<Member> => ({ name: '马小军', relation: 'son', birthDate: '2005-05-01', schoolStatus: 'none', education: null }),
};

const row = (values: Record<string, string | number | boolean | null>, n = 5) => ({ row: n, values });

describe('point rules by list kind', () => {
  it('a drop-out on the school roll of a pupil the registry has in school is 疑似辍学 with field, ours and theirs', () => {
    const [p, ...rest] = rowPoints('school-roll', row({ schoolStatus: 'dropped-out' }), linked(members.pupilAge13()), ctx);
    expect(rest).toEqual([]);
    expect(p).toMatchObject({
      kind: 'dropout',
      field: 'schoolStatus',
      ours: '七年级',
      theirs: '辍学',
      row: 5,
      rule: 'school-roll.dropped-out',
      householdId: 'H001',
      memberId: 'H00102',
    });
  });

  it('no drop-out point when the registry already records the child out of school, or the roll says enrolled', () => {
    expect(rowPoints('school-roll', row({ schoolStatus: 'dropped-out' }), linked(members.pupilOutOfSchool()), ctx)).toEqual([]);
    expect(rowPoints('school-roll', row({ schoolStatus: 'enrolled' }), linked(members.pupilAge13()), ctx)).toEqual([]);
  });

  it('not enrolled on the insurance list while the registry says insured is 未参保', () => {
    const [p] = rowPoints('medical-insurance', row({ enrolment: 'not-enrolled' }), linked(), ctx);
    expect(p).toMatchObject({ kind: 'uninsured', field: 'basicMedical', ours: '已参保', theirs: '未参保' });
    expect(rowPoints('medical-insurance', row({ enrolment: 'enrolled' }), linked(), ctx)).toEqual([]);
  });

  it('a member on the deaths list is 已死亡未销户', () => {
    const [p] = rowPoints('deaths', row({ deathDate: '2018-03-02' }), linked(), ctx);
    expect(p).toMatchObject({ kind: 'deceased', theirs: '死亡（2018-03-02）' });
  });

  it('a D house recorded safe is one household-level 住房安全信息不符 point that would set the grade', () => {
    const [p, ...rest] = rowPoints(
      'housing',
      row({ houseGrade: 'D' }),
      linked({ relation: 'head' }, { housing: { grade: 'A', renovation: 'none', area: 80 } }),
      ctx,
    );
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ kind: 'housing-mismatch', field: 'housing.grade', memberId: null, ours: 'A级', theirs: 'D级危房' });
    expect(p!.set).toEqual({ target: 'household', fields: { housing: { grade: 'D', renovation: 'none', area: 80 } } });
    expect(
      rowPoints('housing', row({ houseGrade: 'C' }), linked({ relation: 'head' }, { housing: { grade: 'C', renovation: 'none', area: 80 } }), ctx),
    ).toEqual([]);
  });

  it('a 低保 roll entry for a general household is 低保状态不符', () => {
    const [p] = rowPoints('civil-affairs', row({ assistance: 'dibao' }), linked(), ctx);
    expect(p).toMatchObject({
      kind: 'assistance-mismatch',
      field: 'attribute',
      ours: '一般贫困户',
      set: { target: 'household', fields: { attribute: 'dibao' } },
    });
  });

  it('a disability certificate for a member recorded healthy is 残疾信息不符; a different grade too', () => {
    expect(rowPoints('disability', row({ disabilityType: 'physical', disabilityGrade: 2 }), linked(), ctx)[0]).toMatchObject({
      kind: 'disability-mismatch',
      field: 'health',
      set: { target: 'member', fields: { health: 'disabled', disabilityGrade: 2 } },
    });
    expect(rowPoints('disability', row({ disabilityGrade: 2 }), linked({ health: 'disabled', disabilityGrade: 3 }), ctx)[0]).toMatchObject({
      field: 'disabilityGrade',
      ours: '3级',
      theirs: '2级',
    });
  });

  it('a member on the four-kinds list is 四类人员 whatever the registry says', () => {
    expect(rowPoints('four-kinds', row({ fourKind: 'vehicle', detail: '甘A12345' }), linked(), ctx)[0]).toMatchObject({
      kind: 'four-kinds',
      theirs: '车辆：甘A12345',
    });
  });

  it('the national export: every field that differs, household fields once per household', () => {
    const points = rowPoints('national-export', row({ attribute: 'dibao', status: 'not-exited', sex: 'F', householdSize: 2 }), linked({ sex: 'M' }), ctx);
    expect(points.map((p) => [p.field, p.memberId])).toEqual([
      ['attribute', null],
      ['sex', 'H00102'],
    ]);
    // 预脱贫 is our own stage: the national system still has 未脱贫.
    expect(rowPoints('national-export', row({ status: 'not-exited' }), linked({}, { status: 'pre-exit' }), ctx)).toEqual([]);
  });

  it('a national row that matches nobody is 名单有而花名册无; a school-roll row is nothing', () => {
    expect(unmatchedRowPoint('national-export', row({ name: '李四', householdId: '62052110120100099' }), ctx, null)).toMatchObject({
      kind: 'missing-in-registry',
      theirs: '李四，户编号62052110120100099',
    });
    expect(unmatchedRowPoint('school-roll', row({ name: '李四' }), ctx, null)).toBeNull();
  });
});

describe('absence from a list', () => {
  const pupil = linked(members.pupilAge13());
  const registry = [{ household: pupil.household, members: pupil.members, townshipCode: TOWNSHIP_CODE }];

  it('a compulsory-age pupil missing from the roll of a covered township is 疑似辍学; an adult is nothing', () => {
    const points = absencePoints('school-roll', registry, { members: new Set(), households: new Set(), townships: new Set([TOWNSHIP_CODE]) }, ctx);
    expect(points.map((p) => [p.kind, p.memberId, p.row])).toEqual([['dropout', 'H00102', null]]);
  });

  it('a township the list does not cover raises nothing', () => {
    expect(absencePoints('school-roll', registry, { members: new Set(), households: new Set(), townships: new Set(['620521102']) }, ctx)).toEqual([]);
  });

  it('members missing from the national export are 国办系统缺失; present ones are not', () => {
    const points = absencePoints(
      'national-export',
      registry,
      { members: new Set(['H00101']), households: new Set(), townships: new Set([TOWNSHIP_CODE]) },
      ctx,
    );
    expect(points.map((p) => [p.kind, p.memberId])).toEqual([['missing-in-national', 'H00102']]);
  });

  it('a 低保 household with nobody on the civil-affairs roll is one 低保状态不符 point', () => {
    const dibao = linked({}, { attribute: 'dibao' });
    const points = absencePoints(
      'civil-affairs',
      [{ household: dibao.household, members: dibao.members, townshipCode: TOWNSHIP_CODE }],
      { members: new Set(), households: new Set(), townships: new Set([TOWNSHIP_CODE]) },
      ctx,
    );
    expect(points).toHaveLength(1);
    expect(points[0]).toMatchObject({ kind: 'assistance-mismatch', memberId: null, set: { fields: { attribute: 'general' } } });
  });
});

describe('point identity and settings', () => {
  it('the same finding from a later list version has the same key; another value does not', () => {
    const a = rowPoints('school-roll', row({ schoolStatus: 'dropped-out' }, 5), linked(members.pupilAge13()), ctx)[0]!;
    const b = rowPoints('school-roll', row({ schoolStatus: 'dropped-out' }, 9), linked(members.pupilAge13()), ctx)[0]!;
    expect(pointKey('school-roll', '县教育局', a)).toBe(pointKey('school-roll', '县教育局', b));
    expect(pointKey('school-roll', '县教育局', a)).not.toBe(pointKey('school-roll', '另一来源', a));
  });

  it('the default settings validate and name every point kind a list kind raises', () => {
    expect(CrossCheckSettings.parse(DEFAULT_CROSS_CHECK)).toEqual(DEFAULT_CROSS_CHECK);
    const broken = {
      ...DEFAULT_CROSS_CHECK,
      listKinds: { ...DEFAULT_CROSS_CHECK.listKinds, deaths: { ...DEFAULT_CROSS_CHECK.listKinds['deaths']!, unmatchedRow: 'nope' } },
    };
    expect(CrossCheckSettings.safeParse(broken).error?.issues[0]?.message).toBe('疑点类别“nope”未在 pointKinds 中定义');
  });
});
