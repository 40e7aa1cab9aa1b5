import { describe, it, expect } from 'vitest';
import {
  Cause,
  ExitStatus,
  Health,
  HouseGrade,
  IdentificationStandard,
  IndicatorCode,
  Labour,
  PovertyAttribute,
  Relation,
  Relocation,
  RegionLevel,
  Renovation,
  SchoolStatus,
  Sex,
  TaskStatus,
} from './types.js';
import {
  ATTRIBUTE_LABELS,
  CAUSE_LABELS,
  GRADE_LABELS,
  HEALTH_LABELS,
  INDICATOR_LABELS,
  LABOUR_LABELS,
  REGION_LEVEL_LABELS,
  RELATION_LABELS,
  RELOCATION_LABELS,
  RENOVATION_LABELS,
  SCHOOL_STATUS_LABELS,
  SEX_LABELS,
  STANDARD_LABELS,
  STATUS_LABELS,
  TASK_STATUS_LABELS,
  labelMap,
} from './labels.js';

const pairs = [
  [PovertyAttribute.options, ATTRIBUTE_LABELS],
  [IdentificationStandard.options, STANDARD_LABELS],
  [Cause.options, CAUSE_LABELS],
  [ExitStatus.options, STATUS_LABELS],
  [Relocation.options, RELOCATION_LABELS],
  [HouseGrade.options, GRADE_LABELS],
  [Renovation.options, RENOVATION_LABELS],
  [Relation.options, RELATION_LABELS],
  [SchoolStatus.options, SCHOOL_STATUS_LABELS],
  [Health.options, HEALTH_LABELS],
  [Labour.options, LABOUR_LABELS],
  [Sex.options, SEX_LABELS],
  [RegionLevel.options, REGION_LEVEL_LABELS],
  [TaskStatus.options, TASK_STATUS_LABELS],
  [IndicatorCode.options, INDICATOR_LABELS],
] as const;

describe('label maps', () => {
  it('label every code of every enum, and read every label back to its code', () => {
    for (const [options, map] of pairs) {
      expect([...map.codes].sort()).toEqual([...options].sort());
      const labels = new Set<string>();
      for (const code of options) {
        const label = (map.label as (c: string) => string)(code);
        expect(label).toMatch(/\p{Script=Han}|^[A-D]级$/u);
        labels.add(label);
        expect(map.code(label)).toBe(code);
      }
      expect(labels.size).toBe(options.length);
    }
  });

  it('prints the national system’s words', () => {
    expect(ATTRIBUTE_LABELS.labels).toEqual({ general: '一般贫困户', dibao: '低保贫困户', tekun: '特困供养贫困户' });
    expect(STATUS_LABELS.labels).toEqual({ 'not-exited': '未脱贫', 'pre-exit': '预脱贫', exited: '已脱贫', returned: '返贫' });
    expect(HEALTH_LABELS.labels).toEqual({ healthy: '健康', chronic: '长期慢性病', 'serious-illness': '患有大病', disabled: '残疾' });
    expect(LABOUR_LABELS.labels).toEqual({ ordinary: '普通劳动力', skilled: '技能劳动力', lost: '丧失劳动力', none: '无劳动力' });
    expect(CAUSE_LABELS.label('illness')).toBe('因病');
    expect(CAUSE_LABELS.label('low-motivation')).toBe('自身发展动力不足');
    expect(RELATION_LABELS.label('son')).toBe('之子');
    expect(SCHOOL_STATUS_LABELS.label('none')).toBe('非在校生');
    expect(SCHOOL_STATUS_LABELS.label('grade7')).toBe('七年级');
  });

  it('reads synonyms, stray spaces and full-width brackets, and the codes themselves', () => {
    expect(ATTRIBUTE_LABELS.code('五保户')).toBe('tekun');
    expect(RELATION_LABELS.code(' 户主\u3000')).toBe('head');
    expect(SCHOOL_STATUS_LABELS.code('中职（中专）')).toBe('secondary-vocational');
    expect(SCHOOL_STATUS_LABELS.code('初一')).toBe('grade7');
    expect(RELOCATION_LABELS.code('未入住')).toBe('planned');
    expect(GRADE_LABELS.code('C级')).toBe('C');
    expect(CAUSE_LABELS.code('lack-water')).toBe('lack-water');
    expect(HEALTH_LABELS.code('很好')).toBeUndefined();
    expect(SEX_LABELS.code('')).toBeUndefined();
  });

  it('lists accepted spellings for error messages', () => {
    expect([...RELOCATION_LABELS.accepted.keys()]).toContain('搬迁未入住');
    expect([...RELOCATION_LABELS.accepted.keys()]).toContain('未入住');
  });

  it('refuses ambiguous maps', () => {
    expect(() => labelMap<'a' | 'b'>({ a: '甲', b: '甲' })).toThrow(/标签重复/);
    expect(() => labelMap<'a' | 'b'>({ a: '甲', b: '乙' }, { 甲: 'b' })).toThrow(/冲突/);
  });
});
