// Which points to verify (疑点) a list row raises against the registry member it was linked to, and
// which registry members raise one by being absent from a list. Pure: the list row's values as the
// list profile read them (src/io/lists), the member and household as the registry holds them, and
// the rulebook's settings. Each point carries the field, our value, the list's value, the rule
// that made it (a code and a Chinese sentence), and what a verified 属实 finding would set.
import { ageAt } from '../idNumber.js';
import {
  ATTRIBUTE_LABELS,
  CAUSE_LABELS,
  GRADE_LABELS,
  HEALTH_LABELS,
  RELATION_LABELS,
  RENOVATION_LABELS,
  SCHOOL_STATUS_LABELS,
  SEX_LABELS,
  STATUS_LABELS,
} from '../labels.js';
import type { Household, Member, SchoolStatus } from '../types.js';
import type { CrossCheckSettings } from './settings.js';

export type ListCell = string | number | boolean | null;

/** One list row as parsed: its 1-based sheet row and its values by column key. */
export interface CheckRow {
  row: number;
  values: Readonly<Record<string, ListCell>>;
}

/** The registry member a row was linked to, with the household. */
export interface Linked {
  member: Member;
  household: Household;
  /** Every member of the household (household size, the head). */
  members: readonly Member[];
}

/** The fields a 属实 finding would set (a change request), when the correction is “from the list”. */
export interface PointSet {
  target: 'member' | 'household';
  fields: Record<string, unknown>;
}

export interface PointDraft {
  kind: string;
  householdId: string | null;
  memberId: string | null;
  /** The list row; null for a registry member absent from the list. */
  row: number | null;
  /** The field compared (schoolStatus, housing.grade, attribute ...), null for a whole-person point. */
  field: string | null;
  ours: string | null;
  theirs: string | null;
  rule: string;
  ruleText: string;
  set: PointSet | null;
  /** The village the point belongs to when no household does (a list row nobody matches). */
  villageCode?: string | null;
}

export interface RuleContext {
  settings: CrossCheckSettings;
  /** Compulsory-school ages and the statuses that count as attending (the education indicator's rule). */
  education: { minAge: number; maxAge: number; attendingStatuses: readonly SchoolStatus[] };
  /** Ages are counted at this date (YYYY-MM-DD): the list's as-of date. */
  referenceDate: string;
}

/**
 * The identity of a point: a newer list version that finds the same thing again keeps the open
 * point instead of adding one. Household-level fields are one point per household, whichever
 * member's row brought them.
 */
export function pointKey(listKind: string, source: string, p: Pick<PointDraft, 'kind' | 'householdId' | 'memberId' | 'field' | 'theirs' | 'row'>): string {
  const who = p.householdId === null && p.memberId === null ? `row:${p.row ?? ''}` : `${p.householdId ?? ''}/${p.memberId ?? ''}`;
  return [listKind, source, p.kind, who, p.field ?? '', p.theirs ?? ''].join('|');
}

const text = (v: ListCell | undefined): string | null => (v === null || v === undefined || v === '' ? null : String(v));

const ENROLMENT_LABELS: Record<string, string> = { enrolled: '参保', 'not-enrolled': '未参保', stopped: '停保' };
const ASSISTANCE_LABELS: Record<string, string> = { dibao: '低保', tekun: '特困' };
const FOUR_KIND_LABELS: Record<string, string> = { 'public-payroll': '财政供养人员', vehicle: '车辆', 'town-flat': '商品房', business: '工商注册' };
const UNSAFE_GRADES = new Set(['C', 'D']);

function draft(
  kind: string,
  l: Linked,
  row: number | null,
  field: string | null,
  ours: string | null,
  theirs: string | null,
  rule: string,
  ruleText: string,
  set: PointSet | null = null,
  householdLevel = false,
): PointDraft {
  return { kind, householdId: l.household.id, memberId: householdLevel ? null : l.member.id, row, field, ours, theirs, rule, ruleText, set };
}

const attendingSchool = (m: Member, ctx: RuleContext) => ctx.education.attendingStatuses.includes(m.schoolStatus);

function compulsoryAge(m: Member, ctx: RuleContext): boolean {
  if (m.birthDate === null) return false;
  const age = ageAt(m.birthDate, ctx.referenceDate);
  return age >= ctx.education.minAge && age <= ctx.education.maxAge;
}

type RowRule = (r: CheckRow, l: Linked, ctx: RuleContext) => PointDraft[];

const ROW_RULES: Readonly<Record<string, RowRule>> = {
  'school-roll': (r, l, ctx) => {
    const status = text(r.values['schoolStatus']);
    if (status !== 'dropped-out' || !attendingSchool(l.member, ctx)) return [];
    return [
      draft(
        'dropout',
        l,
        r.row,
        'schoolStatus',
        SCHOOL_STATUS_LABELS.label(l.member.schoolStatus),
        '辍学',
        'school-roll.dropped-out',
        '学籍名单显示辍学，花名册记为在校',
      ),
    ];
  },
  'medical-insurance': (r, l) => {
    const enrolment = text(r.values['enrolment']);
    if (enrolment === null || enrolment === 'enrolled' || l.member.basicMedical === false) return [];
    return [
      draft(
        'uninsured',
        l,
        r.row,
        'basicMedical',
        l.member.basicMedical === true ? '已参保' : '未填',
        ENROLMENT_LABELS[enrolment] ?? enrolment,
        'medical-insurance.not-enrolled',
        `医保参保名单显示${ENROLMENT_LABELS[enrolment] ?? enrolment}，花名册记为已参加基本医疗保险`,
      ),
    ];
  },
  deaths: (r, l) => [
    draft('deceased', l, r.row, null, '在册', `死亡（${text(r.values['deathDate']) ?? '日期不详'}）`, 'deaths.on-list', '死亡人员名单有此人，花名册仍在户内'),
  ],
  housing: (r, l) => {
    const out: PointDraft[] = [];
    const h = l.household.housing;
    const grade = text(r.values['houseGrade']);
    if (grade !== null && UNSAFE_GRADES.has(grade) && (h.grade === null || !UNSAFE_GRADES.has(h.grade))) {
      out.push(
        draft(
          'housing-mismatch',
          l,
          r.row,
          'housing.grade',
          h.grade === null ? '未鉴定' : GRADE_LABELS.label(h.grade),
          `${grade}级危房`,
          'housing.unsafe-recorded-safe',
          '住建部门鉴定为C/D级危房，花名册记为安全住房',
          { target: 'household', fields: { housing: { ...h, grade } } },
          true,
        ),
      );
    }
    const renovation = text(r.values['renovation']);
    if (renovation === 'accepted' && h.renovation !== 'accepted') {
      out.push(
        draft(
          'housing-mismatch',
          l,
          r.row,
          'housing.renovation',
          RENOVATION_LABELS.label(h.renovation),
          '已竣工验收',
          'housing.renovation-not-recorded',
          '住建部门名单显示危房改造已竣工验收，花名册未记录',
          { target: 'household', fields: { housing: { ...h, renovation: 'accepted' } } },
          true,
        ),
      );
    }
    return out;
  },
  'civil-affairs': (r, l) => {
    const a = text(r.values['assistance']);
    if (a === null || a === l.household.attribute) return [];
    return [
      draft(
        'assistance-mismatch',
        l,
        r.row,
        'attribute',
        ATTRIBUTE_LABELS.label(l.household.attribute),
        ASSISTANCE_LABELS[a] ?? a,
        'civil-affairs.attribute-differs',
        `民政部门名单为${ASSISTANCE_LABELS[a] ?? a}，花名册贫困户属性为${ATTRIBUTE_LABELS.label(l.household.attribute)}`,
        { target: 'household', fields: { attribute: a } },
        true,
      ),
    ];
  },
  disability: (r, l) => {
    const grade = r.values['disabilityGrade'];
    const g = typeof grade === 'number' ? grade : null;
    const m = l.member;
    if (m.health !== 'disabled') {
      return [
        draft(
          'disability-mismatch',
          l,
          r.row,
          'health',
          HEALTH_LABELS.label(m.health),
          `残疾${g === null ? '' : `${g}级`}`,
          'disability.not-recorded',
          '残联名单有残疾人证，花名册健康状况不是残疾',
          { target: 'member', fields: { health: 'disabled', disabilityGrade: g } },
        ),
      ];
    }
    if (g !== null && m.disabilityGrade !== g) {
      return [
        draft(
          'disability-mismatch',
          l,
          r.row,
          'disabilityGrade',
          m.disabilityGrade === null ? '未填' : `${m.disabilityGrade}级`,
          `${g}级`,
          'disability.grade-differs',
          '残联名单的残疾等级与花名册不同',
          { target: 'member', fields: { disabilityGrade: g } },
        ),
      ];
    }
    return [];
  },
  'four-kinds': (r, l) => {
    const kind = text(r.values['fourKind']);
    const label = kind === null ? '四类人员' : (FOUR_KIND_LABELS[kind] ?? kind);
    const detail = text(r.values['detail']);
    return [
      draft(
        'four-kinds',
        l,
        r.row,
        'fourKind',
        null,
        detail === null ? label : `${label}：${detail}`,
        `four-kinds.${kind ?? 'any'}`,
        `成员在${label}名单中，按规定不应纳入建档立卡`,
      ),
    ];
  },
  'pensions-employment': (r, l) => {
    const p = r.values['pension'];
    if (typeof p !== 'boolean' || l.member.pension === null || l.member.pension === p) return [];
    const yes = (b: boolean) => (b ? '已参保' : '未参保');
    return [
      draft('pension-gap', l, r.row, 'pension', yes(l.member.pension), yes(p), 'pensions-employment.pension-differs', '人社部门养老保险参保情况与花名册不同', {
        target: 'member',
        fields: { pension: p },
      }),
    ];
  },
  'household-registration': (r, l) => {
    const move = text(r.values['move']);
    if (move === 'died' || move === 'removed')
      return [
        draft(
          'deceased',
          l,
          r.row,
          null,
          '在册',
          move === 'died' ? '户籍已因死亡注销' : '户籍已注销',
          'household-registration.removed',
          '公安户籍已注销，花名册仍在户内',
        ),
      ];
    if (move === 'out')
      return [
        draft(
          'hukou-move',
          l,
          r.row,
          'move',
          '在户',
          `迁出${text(r.values['moveDate']) ?? ''}`,
          'household-registration.moved-out',
          '公安户籍显示已迁出，花名册未减员',
        ),
      ];
    return [];
  },
  'national-export': (r, l) => nationalRowPoints(r, l),
};

/** National export: each field the system holds that differs from ours. */
function nationalRowPoints(r: CheckRow, l: Linked): PointDraft[] {
  const out: PointDraft[] = [];
  const v = r.values;
  const h = l.household;
  const m = l.member;
  const differ = (field: string, ours: string, theirs: string, householdLevel: boolean) =>
    out.push(
      draft(
        'field-mismatch',
        l,
        r.row,
        field,
        ours,
        theirs,
        `national-export.${field}`,
        `国办系统“${NATIONAL_FIELD_LABELS[field] ?? field}”与花名册不一致`,
        null,
        householdLevel,
      ),
    );
  const attribute = text(v['attribute']);
  if (attribute !== null && attribute !== h.attribute) differ('attribute', ATTRIBUTE_LABELS.label(h.attribute), labelOr(ATTRIBUTE_LABELS, attribute), true);
  const status = text(v['status']);
  // 预脱贫 is the county's own stage; the national system still says 未脱贫.
  const ourStatus = h.status === 'pre-exit' ? 'not-exited' : h.status;
  if (status !== null && status !== ourStatus && !(status === 'pre-exit' && ourStatus === 'not-exited'))
    differ('status', STATUS_LABELS.label(h.status), labelOr(STATUS_LABELS, status), true);
  const cause = text(v['mainCause']);
  if (cause !== null && cause !== h.mainCause)
    differ('mainCause', h.mainCause === null ? '未填' : CAUSE_LABELS.label(h.mainCause), labelOr(CAUSE_LABELS, cause), true);
  const size = v['householdSize'];
  if (typeof size === 'number' && size !== l.members.length) differ('householdSize', String(l.members.length), String(size), true);
  const exitYear = v['exitYear'];
  if (typeof exitYear === 'number' && exitYear !== h.exitYear) differ('exitYear', h.exitYear === null ? '未填' : String(h.exitYear), String(exitYear), true);
  const sex = text(v['sex']);
  if (sex !== null && m.sex !== null && sex !== m.sex) differ('sex', SEX_LABELS.label(m.sex), labelOr(SEX_LABELS, sex), false);
  const relation = text(v['relation']);
  if (relation !== null && relation !== m.relation) differ('relation', RELATION_LABELS.label(m.relation), labelOr(RELATION_LABELS, relation), false);
  const health = text(v['health']);
  if (health !== null && health !== m.health) differ('health', HEALTH_LABELS.label(m.health), labelOr(HEALTH_LABELS, health), false);
  const name = text(v['name']);
  if (name !== null && name !== m.name) differ('name', m.name, name, false);
  return out;
}

export const NATIONAL_FIELD_LABELS: Readonly<Record<string, string>> = {
  attribute: '贫困户属性',
  status: '脱贫状态',
  mainCause: '主要致贫原因',
  householdSize: '家庭人口数',
  exitYear: '脱贫年度',
  sex: '性别',
  relation: '与户主关系',
  health: '健康状况',
  name: '姓名',
  idNumber: '证件号码',
};

function labelOr<C extends string>(map: { codes: readonly C[]; label(c: C): string }, code: string): string {
  return (map.codes as readonly string[]).includes(code) ? map.label(code as C) : code;
}

/** The points a list row linked to a registry member raises. */
export function rowPoints(listKind: string, row: CheckRow, linked: Linked, ctx: RuleContext): PointDraft[] {
  const rule = ROW_RULES[listKind];
  return rule === undefined ? [] : rule(row, linked, ctx);
}

/** A row that matches nobody, for the list kinds whose settings say it means something. */
export function unmatchedRowPoint(listKind: string, row: CheckRow, ctx: RuleContext, villageCode: string | null): PointDraft | null {
  const kind = ctx.settings.listKinds[listKind]?.unmatchedRow ?? null;
  if (kind === null) return null;
  const name = text(row.values['name']);
  const hid = text(row.values['householdId']);
  return {
    kind,
    householdId: null,
    memberId: null,
    row: row.row,
    field: null,
    ours: null,
    theirs: [name, hid === null ? null : `户编号${hid}`].filter((x) => x !== null).join('，') || null,
    rule: `${listKind}.unmatched-row`,
    ruleText: `${ctx.settings.listKinds[listKind]?.label ?? listKind}中的这一行在花名册中找不到对应的人`,
    set: null,
    villageCode,
  };
}

/** A household of the registry with its members and township (for the coverage test). */
export interface RegistryHousehold {
  household: Household;
  members: readonly Member[];
  townshipCode: string | null;
}

/**
 * Registry members absent from the list, for the list kinds whose settings say absence means
 * something: only in townships the list covers (at least one linked row there), so a list of one
 * township raises nothing about the others.
 */
export function absencePoints(
  listKind: string,
  registry: readonly RegistryHousehold[],
  present: { members: ReadonlySet<string>; households: ReadonlySet<string>; townships: ReadonlySet<string> },
  ctx: RuleContext,
): PointDraft[] {
  const k = ctx.settings.listKinds[listKind];
  if (k === undefined || k.absent === null) return [];
  const { point, who } = k.absent;
  const out: PointDraft[] = [];
  const label = k.label;
  for (const rh of registry) {
    if (rh.townshipCode === null || !present.townships.has(rh.townshipCode)) continue;
    const h = rh.household;
    if (who === 'assisted-households') {
      if (h.attribute === 'general' || present.households.has(h.id)) continue;
      const head = rh.members.find((m) => m.relation === 'head') ?? rh.members[0];
      if (head === undefined) continue;
      out.push(
        draft(
          point,
          { member: head, household: h, members: rh.members },
          null,
          'attribute',
          ATTRIBUTE_LABELS.label(h.attribute),
          `不在${label}`,
          `${listKind}.assisted-not-on-list`,
          `花名册为${ATTRIBUTE_LABELS.label(h.attribute)}，${label}中没有该户成员`,
          { target: 'household', fields: { attribute: 'general' } },
          true,
        ),
      );
      continue;
    }
    for (const m of rh.members) {
      if (present.members.has(m.id)) continue;
      const l: Linked = { member: m, household: h, members: rh.members };
      if (who === 'compulsory-age') {
        if (!compulsoryAge(m, ctx) || !attendingSchool(m, ctx) || m.homeSchooled) continue;
        out.push(
          draft(
            point,
            l,
            null,
            'schoolStatus',
            SCHOOL_STATUS_LABELS.label(m.schoolStatus),
            `不在${label}`,
            `${listKind}.not-on-roll`,
            `义务教育阶段成员，花名册记为在校，${label}中没有`,
          ),
        );
      } else if (point === 'uninsured') {
        if (m.basicMedical === false) continue;
        out.push(
          draft(
            point,
            l,
            null,
            'basicMedical',
            m.basicMedical === true ? '已参保' : '未填',
            `不在${label}`,
            `${listKind}.not-on-list`,
            `花名册成员不在${label}中`,
          ),
        );
      } else {
        out.push(draft(point, l, null, null, '在册', `不在${label}`, `${listKind}.not-on-list`, `花名册成员不在${label}中`));
      }
    }
  }
  return out;
}
