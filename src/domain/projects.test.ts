import { describe, expect, it } from 'vitest';
import { ProjectSettings, balances, checkDisbursement, checkNoticeEnd, checkStatusChange, moneyWarnings, yuanToFen, type Allocation } from './projects.js';

const settings = ProjectSettings.parse({
  types: { industry: '产业', water: '饮水' },
  fundSources: { central: '中央财政专项扶贫资金', county: '县级财政专项扶贫资金' },
  statuses: [
    { code: 'reserve', label: '储备', next: ['approved', 'terminated'], disbursable: false },
    { code: 'approved', label: '批复', next: ['implementing', 'terminated'], disbursable: true },
    { code: 'implementing', label: '实施', next: ['completed', 'terminated'], disbursable: true },
    { code: 'completed', label: '完工', next: ['accepted'], disbursable: true },
    { code: 'accepted', label: '验收', next: ['handed-over'], disbursable: true, accepted: true },
    { code: 'handed-over', label: '移交', next: [], disbursable: false, accepted: true },
    { code: 'terminated', label: '终止', next: [], disbursable: false },
  ],
  noticeDays: 10,
  schedule: [
    { by: '06-30', minShare: 0.3 },
    { by: '09-30', minShare: 0.6 },
    { by: '11-30', minShare: 0.9 },
  ],
  idleDays: 60,
});

const allocations: Allocation[] = [
  { source: 'central', fen: yuanToFen(200000), date: '2018-03-15', voucher: '下达-01' },
  { source: 'county', fen: yuanToFen(50000.5), date: '2018-04-01', voucher: '下达-02' },
];

describe('disbursement', () => {
  it('refuses more than what remains allocated from the source, naming the amounts', () => {
    const paid = [{ source: 'central', fen: yuanToFen(150000), date: '2018-05-01', voucher: 'B1' }];
    const p = checkDisbursement({ source: 'central', fen: yuanToFen(60000), date: '2018-06-01', voucher: 'B2' }, allocations, paid, 'implementing', settings);
    expect(p).toEqual(['拨付 60,000.00 元 超过“中央财政专项扶贫资金”已下达未拨付的 50,000.00 元（已下达 200,000.00 元，已拨付 150,000.00 元）']);
    expect(
      checkDisbursement({ source: 'central', fen: yuanToFen(50000), date: '2018-06-01', voucher: 'B2' }, allocations, paid, 'implementing', settings),
    ).toEqual([]);
  });

  it('refuses a source never allocated, a status that does not pay, a date before the allocation', () => {
    const p = checkDisbursement({ source: 'county', fen: 100, date: '2018-03-01', voucher: '' }, allocations, [], 'reserve', settings);
    expect(p).toContain('项目处于“储备”状态，不能拨付资金');
    expect(p).toContain('请填写拨付凭证号');
    expect(p).toContain('拨付日期 2018-03-01 早于该资金首次下达日期 2018-04-01');
    expect(checkDisbursement({ source: 'other', fen: 100, date: '2018-05-01', voucher: 'x' }, allocations, [], 'approved', settings)).toEqual([
      '“other”尚未下达资金，不能拨付',
    ]);
  });

  it('keeps money in integer fen so that totals reconcile to the cent', () => {
    expect(yuanToFen(0.1) + yuanToFen(0.2)).toBe(yuanToFen(0.3));
    expect(() => yuanToFen(1.005)).toThrow('两位小数');
    expect(balances(allocations, [{ source: 'county', fen: 5000050, date: '2018-05-01', voucher: 'x' }])).toEqual([
      { source: 'central', allocated: 20000000, disbursed: 0, available: 20000000 },
      { source: 'county', allocated: 5000050, disbursed: 5000050, available: 0 },
    ]);
  });
});

describe('status flow and warnings', () => {
  it('follows the rulebook flow', () => {
    expect(checkStatusChange('reserve', 'approved', settings)).toBeNull();
    expect(checkStatusChange('reserve', 'completed', settings)).toBe('项目不能从“储备”改为“完工”（可改为：批复、终止）');
  });

  it('warns when disbursement lags the schedule and when money sits idle', () => {
    const paid = [{ source: 'central', fen: yuanToFen(50000), date: '2018-05-01', voucher: 'B1' }];
    const w = moneyWarnings(2018, allocations, paid, '2018-10-08', settings);
    expect(w.map((x) => x.kind)).toEqual(['behind-schedule', 'idle']);
    expect(w[0]!.text).toBe('拨付进度 20.0%，低于 2018-09-30 前应达到的 60%');
    expect(moneyWarnings(2018, allocations, paid, '2018-05-20', settings)).toEqual([]);
  });

  it('never lets a notice end before its days', () => {
    expect(checkNoticeEnd('2018-11-01', '2018-11-10', 10)).toBe('公示不少于 10 天：2018-11-01 张贴的公示最早 2018-11-11 结束');
    expect(checkNoticeEnd('2018-11-01', '2018-11-11', 10)).toBeNull();
  });
});
