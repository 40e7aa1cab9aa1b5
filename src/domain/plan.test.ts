import { describe, expect, it } from 'vitest';
import { describeMeasure, MEASURE_CATEGORY_LABELS, parseMeasure, parsePlanHeader, PlanInputError, sortMeasures, type Measure } from './plan.js';

const cattle = {
  category: 'industry',
  content: '养殖肉牛2头',
  responsibleName: '王某',
  responsibleUnit: '县农业农村局',
  fundsFen: 600000,
  startDate: '2018-09-01',
  endDate: '2018-12-31',
  status: 'planned',
  note: '',
};

function refusal(input: unknown): string {
  try {
    parseMeasure(input);
  } catch (e) {
    expect(e).toBeInstanceOf(PlanInputError);
    return (e as Error).message;
  }
  throw new Error('expected the measure to be refused');
}

describe('assistance measures (帮扶措施)', () => {
  it('a complete measure is accepted, with a blank note and unit stored as null', () => {
    const m = parseMeasure({ ...cattle, responsibleUnit: '  ' });
    expect(m.note).toBeNull();
    expect(m.responsibleUnit).toBeNull();
    expect(m.fundsFen).toBe(600000);
  });

  it('an end date before the start date is refused, naming the field', () => {
    expect(refusal({ ...cattle, startDate: '2018-12-01', endDate: '2018-09-01' })).toContain('结束日期不能早于开始日期');
  });

  it('the same day for start and end is a valid one-day measure', () => {
    expect(parseMeasure({ ...cattle, startDate: '2018-10-01', endDate: '2018-10-01' }).endDate).toBe('2018-10-01');
  });

  it('negative funds are refused', () => {
    expect(refusal({ ...cattle, fundsFen: -100 })).toContain('资金不能为负数');
  });

  it('funds must be whole fen: a fraction of a fen is refused', () => {
    expect(refusal({ ...cattle, fundsFen: 100.5 })).toContain('资金应精确到分');
  });

  it('empty content is refused with a Chinese message', () => {
    expect(refusal({ ...cattle, content: '   ' })).toContain('请填写措施内容');
  });

  it('an unknown category and a malformed date are both reported at once', () => {
    const msg = refusal({ ...cattle, category: 'tourism', startDate: '2018/9/1' });
    expect(msg).toContain('措施类别');
    expect(msg).toContain('开始日期');
  });

  it('every one of the nine categories has a Chinese label, and labels read back to codes', () => {
    expect(MEASURE_CATEGORY_LABELS.codes).toHaveLength(9);
    for (const c of MEASURE_CATEGORY_LABELS.codes) expect(MEASURE_CATEGORY_LABELS.code(MEASURE_CATEGORY_LABELS.label(c))).toBe(c);
    expect(MEASURE_CATEGORY_LABELS.code('危房改造')).toBe('housing');
  });

  it('a measure reads as one line with unit, person, funds in yuan and the dates', () => {
    expect(describeMeasure(parseMeasure(cattle))).toBe('产业类 养殖肉牛2头（县农业农村局 王某，到户资金 6000 元，2018-09-01 至 2018-12-31）');
    expect(describeMeasure(parseMeasure({ ...cattle, fundsFen: 600050, responsibleUnit: null }))).toContain('（王某，到户资金 6000.50 元');
  });

  it('measures are listed in category order, then by start date', () => {
    const base = parseMeasure(cattle);
    const list: Measure[] = [
      { ...base, id: 'x3', householdId: 'h', category: 'finance' },
      { ...base, id: 'x2', householdId: 'h', category: 'industry', startDate: '2018-10-01', endDate: '2018-12-01' },
      { ...base, id: 'x1', householdId: 'h', category: 'industry' },
    ];
    expect(sortMeasures(list).map((m) => m.id)).toEqual(['x1', 'x2', 'x3']);
  });
});

describe('plan header', () => {
  it('other causes are de-duplicated and blank goals are null', () => {
    expect(parsePlanHeader({ mainCause: 'illness', otherCauses: ['lack-skills', 'lack-skills'], goals: ' ' })).toEqual({
      mainCause: 'illness',
      otherCauses: ['lack-skills'],
      goals: null,
    });
  });

  it('an unknown cause is refused', () => {
    expect(() => parsePlanHeader({ mainCause: 'bad-luck', otherCauses: [], goals: null })).toThrow(PlanInputError);
  });
});
