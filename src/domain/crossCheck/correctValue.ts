// A 属实 finding of a field point may say the record should hold another value than the list's
// (the house is C, not D as the list says): the site value replaces the list's in what the
// correction will set. Pure: the point's field, what the list would set, and the typed text.
import { ATTRIBUTE_LABELS, GRADE_LABELS, HEALTH_LABELS, RENOVATION_LABELS, type LabelMap } from '../labels.js';
import type { PointSet } from './rules.js';

export class CorrectValueInvalid extends Error {
  override name = 'CorrectValueInvalid';
}

const choices = <C extends string>(m: LabelMap<C>) => m.codes.map((c) => m.label(c)).join('、');

function coded<C extends string>(m: LabelMap<C>, text: string, what: string): C {
  const c = m.code(text) ?? (m.codes as readonly string[]).find((x) => x === text);
  if (c === undefined) throw new CorrectValueInvalid(`${what}“${text}”无法识别，应为 ${choices(m)} 之一`);
  return c as C;
}

function grade(text: string): number {
  const m = /^([1-4一二三四])级?$/u.exec(text);
  if (m === null) throw new CorrectValueInvalid(`残疾等级“${text}”无法识别，应为 1 至 4 级`);
  return '1一'.includes(m[1]!) ? 1 : '2二'.includes(m[1]!) ? 2 : '3三'.includes(m[1]!) ? 3 : 4;
}

function yesNo(text: string, what: string): boolean {
  if (['是', '已参保', '参保', 'true'].includes(text)) return true;
  if (['否', '未参保', '停保', 'false'].includes(text)) return false;
  throw new CorrectValueInvalid(`${what}“${text}”无法识别，应为 已参保 或 未参保`);
}

/**
 * What the correction sets when the site says `text` is right, for the fields whose list value a
 * checker can overrule; other fields refuse it (their correction is fixed by the rulebook).
 */
export function withCorrectValue(field: string | null, set: PointSet | null, text: string): PointSet {
  const v = text.trim();
  if (set === null || field === null) throw new CorrectValueInvalid('该疑点属实后按规则库办理，不能填写更正后的值');
  const f = set.fields;
  switch (field) {
    case 'housing.grade':
    case 'housing.renovation': {
      const housing = { ...(f['housing'] as Record<string, unknown>) };
      if (field === 'housing.grade') housing['grade'] = coded(GRADE_LABELS, v, '危房等级');
      else housing['renovation'] = coded(RENOVATION_LABELS, v, '危房改造状态');
      return { target: 'household', fields: { ...f, housing } };
    }
    case 'attribute':
      return { target: 'household', fields: { ...f, attribute: coded(ATTRIBUTE_LABELS, v, '贫困户属性') } };
    case 'health': {
      const health = coded(HEALTH_LABELS, v, '健康状况');
      return { target: 'member', fields: { ...f, health, disabilityGrade: health === 'disabled' ? (f['disabilityGrade'] ?? null) : null } };
    }
    case 'disabilityGrade':
      return { target: 'member', fields: { ...f, disabilityGrade: grade(v) } };
    case 'pension':
      return { target: 'member', fields: { ...f, pension: yesNo(v, '养老保险') } };
    default:
      throw new CorrectValueInvalid('该疑点属实后按名单的值更正，不能另填更正后的值');
  }
}
