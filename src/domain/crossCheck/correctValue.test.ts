import { describe, expect, it } from 'vitest';
import { CorrectValueInvalid, withCorrectValue } from './correctValue.js';

const house = { target: 'household' as const, fields: { housing: { grade: 'D', renovation: 'none', area: 60 } } };

describe('the value a 属实 finding names instead of the list’s', () => {
  it('replaces the list value of the point’s own field, keeping the rest of what the list sets', () => {
    expect(withCorrectValue('housing.grade', house, 'C级危房')).toEqual({
      target: 'household',
      fields: { housing: { grade: 'C', renovation: 'none', area: 60 } },
    });
    expect(withCorrectValue('attribute', { target: 'household', fields: { attribute: 'dibao' } }, '特困户').fields).toEqual({ attribute: 'tekun' });
    expect(withCorrectValue('disabilityGrade', { target: 'member', fields: { disabilityGrade: 2 } }, '三级').fields).toEqual({ disabilityGrade: 3 });
    expect(withCorrectValue('health', { target: 'member', fields: { health: 'disabled', disabilityGrade: 2 } }, '长期慢性病').fields).toEqual({
      health: 'chronic',
      disabilityGrade: null,
    });
    expect(withCorrectValue('pension', { target: 'member', fields: { pension: true } }, '未参保').fields).toEqual({ pension: false });
  });

  it('refuses a value it cannot read, naming the choices, and fields whose correction the rulebook fixes', () => {
    expect(() => withCorrectValue('housing.grade', house, 'E级')).toThrow(/A级、B级、C级危房、D级危房/u);
    expect(() => withCorrectValue('disabilityGrade', { target: 'member', fields: {} }, '5级')).toThrow(CorrectValueInvalid);
    expect(() => withCorrectValue('schoolStatus', { target: 'member', fields: {} }, '九年级')).toThrow(CorrectValueInvalid);
    expect(() => withCorrectValue('attribute', null, '低保户')).toThrow(CorrectValueInvalid);
  });
});
