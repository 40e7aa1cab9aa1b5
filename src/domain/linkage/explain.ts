/** Chinese words for a linkage result: what each field's level means, and a one-line summary. */
import type { LinkField, LinkResult } from './link.js';

export const FIELD_LABELS: Readonly<Record<LinkField, string>> = {
  idNumber: '身份证号',
  name: '姓名',
  birthDate: '出生日期',
  sex: '性别',
  place: '所在村',
  relation: '与户主关系',
};

/** Per field, per level. */
export const LEVEL_LABELS: Readonly<Record<LinkField, Readonly<Record<string, string>>>> = {
  idNumber: { exact: '一致', 'one-typo': '仅差一位或相邻两位颠倒', else: '不一致', missing: '缺失' },
  name: {
    exact: '一致',
    homophone: '同音字',
    lookalike: '形近字',
    confusable: '近音（方音易混）',
    swapped: '姓与名颠倒',
    edit1: '相差一字',
    else: '不一致',
    missing: '缺失',
  },
  birthDate: { exact: '一致', 'day-month-swapped': '月日颠倒', 'year-only': '仅年份一致', else: '不一致', missing: '缺失' },
  sex: { agree: '一致', disagree: '不一致', missing: '缺失' },
  place: { 'same-village': '同一行政村', 'same-township': '同乡镇不同村', else: '不同乡镇', missing: '缺失' },
  relation: { agree: '一致', disagree: '不一致', missing: '缺失' },
};

const OUTCOME_LABELS = { match: '匹配', possible: '可能匹配（待人工确认）', none: '未匹配' } as const;

/** “匹配 42.1分：身份证号不一致(-10)，姓名同音字(+7.6)…” */
export function describeResult(r: LinkResult): string {
  const head = `${OUTCOME_LABELS[r.outcome]}${r.score === null ? '' : ` ${r.score}分`}`;
  if (r.method === 'id') return `${head}：身份证号一致${r.memberId ? `（人编号${r.memberId}）` : ''}`;
  if (r.comparisons.length === 0) return `${head}：没有候选人`;
  const parts = r.comparisons
    .filter((c) => c.level !== 'missing')
    .map((c) => `${FIELD_LABELS[c.field]}${LEVEL_LABELS[c.field][c.level] ?? c.level}(${c.weight >= 0 ? '+' : ''}${c.weight})`);
  if (r.surnameAdjustment) {
    const a = r.surnameAdjustment;
    parts.push(`${a.basis === 'name' ? '姓名' : '姓氏'}“${a.surname}”占${(a.frequency * 100).toFixed(1)}%(${a.weight >= 0 ? '+' : ''}${a.weight})`);
  }
  return `${head}：${parts.join('，')}`;
}
