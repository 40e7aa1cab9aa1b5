// The cross-check section of a rulebook (docs/cross-check.md): which list kinds there are, which
// sector department sends (and may upload) each, what a row that matches nobody means, what a
// registry member missing from the list means, the point kinds with their Chinese labels, and
// which correction a verified 属实 finding of each kind leads to. Policy lives here, not in code.
import { z } from 'zod';
import { IndicatorCode } from '../types.js';

const code = z.string().min(1).max(40);
const label = z.string().min(1).max(60);

/** Whose absence from a list of this kind raises a point. */
export const ABSENT_WHO = ['compulsory-age', 'all-members', 'assisted-households'] as const;

export const ListKindSettings = z.object({
  label,
  /** Sector departments (roles.ts SECTORS, or others such as 公安) that send this kind; their accounts may upload it. */
  sectors: z.array(z.string().min(1).max(20)),
  defaultSource: label,
  /** A row that matches no registry member raises this point kind (null: most people on a sector list are not poor). */
  unmatchedRow: code.nullable(),
  /**
   * A registry member in a township the list covers (at least one row there) but not on the list
   * raises this point kind, for the members `who` names.
   */
  absent: z.object({ point: code, who: z.enum(ABSENT_WHO) }).nullable(),
});
export type ListKindSettings = z.infer<typeof ListKindSettings>;

/** What a verified 属实 finding of a point kind leads to. */
export const Correction = z.discriminatedUnion('type', [
  /** A change request setting fixed member fields (e.g. a drop-out: schoolStatus none). */
  z.object({ type: z.literal('set-member'), fields: z.record(z.string().min(1).max(40), z.union([z.string().max(200), z.number(), z.boolean(), z.null()])) }),
  /** A change request setting the point's field to the list's value (member or household field). */
  z.object({ type: z.literal('from-list') }),
  /** A change request removing the member (death). */
  z.object({ type: z.literal('remove-member'), category: z.enum(['death', 'moved-out', 'marriage-out', 'other']) }),
  /** A remediation task (an uninsured member: a medical-insurance task). */
  z.object({ type: z.literal('task'), indicator: IndicatorCode, sector: z.string().min(1).max(20).nullable(), note: z.string().min(1).max(200) }),
  /** Nothing in the registry: the national correction sheet or another procedure handles it. */
  z.object({ type: z.literal('none'), text: z.string().min(1).max(200) }),
]);
export type Correction = z.infer<typeof Correction>;

export const PointKindSettings = z.object({ label, correction: Correction });
export type PointKindSettings = z.infer<typeof PointKindSettings>;

export const CrossCheckSettings = z
  .object({
    listKinds: z.record(code, ListKindSettings),
    pointKinds: z.record(code, PointKindSettings),
    findings: z.object({ confirmed: label, unfounded: label, rectified: label, 'list-agrees': label }),
    statuses: z.object({ open: label, checked: label, closed: label }),
    /** A point open longer than this is overdue (the dashboard card counts them). */
    dueDays: z.number().int().positive(),
    /** Findings that a second person (not the checker) must verify before the point closes. */
    verifyFindings: z.array(z.enum(['confirmed', 'unfounded', 'rectified'])),
  })
  .superRefine((s, ctx) => {
    for (const [kind, k] of Object.entries(s.listKinds)) {
      for (const p of [k.unmatchedRow, k.absent?.point ?? null]) {
        if (p !== null && s.pointKinds[p] === undefined)
          ctx.addIssue({ code: 'custom', path: ['listKinds', kind], message: `疑点类别“${p}”未在 pointKinds 中定义` });
      }
    }
  });
export type CrossCheckSettings = z.infer<typeof CrossCheckSettings>;

const k = (l: string, sectors: string[], defaultSource: string, unmatchedRow: string | null, absent: ListKindSettings['absent']): ListKindSettings => ({
  label: l,
  sectors,
  defaultSource,
  unmatchedRow,
  absent,
});

/** For a rulebook written before cross-checks existed; rulebooks in use set it explicitly (the same values). */
export const DEFAULT_CROSS_CHECK: CrossCheckSettings = {
  listKinds: {
    'school-roll': k('学籍名单', ['教育'], '县教育局', null, { point: 'dropout', who: 'compulsory-age' }),
    'education-aid': k('教育资助名单', ['教育'], '县教育局', null, null),
    'medical-insurance': k('医保参保名单', ['医保'], '县医疗保障局', null, { point: 'uninsured', who: 'all-members' }),
    housing: k('危房鉴定与改造名单', ['住建'], '县住房和城乡建设局', null, null),
    'civil-affairs': k('低保特困名单', ['民政'], '县民政局', null, { point: 'assistance-mismatch', who: 'assisted-households' }),
    deaths: k('死亡人员名单', ['民政', '公安'], '县民政局', null, null),
    disability: k('残疾人证名单', ['残联'], '县残疾人联合会', null, null),
    'household-registration': k('户籍名单', ['公安'], '县公安局', null, null),
    'four-kinds': k('四类人员名单', ['财政', '公安', '住建', '市场监管'], '县财政局', null, null),
    'pensions-employment': k('养老保险与就业名单', ['人社'], '县人力资源和社会保障局', null, null),
    'national-export': k('全国扶贫开发信息系统导出', [], '全国扶贫开发信息系统', 'missing-in-registry', { point: 'missing-in-national', who: 'all-members' }),
  },
  pointKinds: {
    dropout: { label: '疑似辍学', correction: { type: 'set-member', fields: { schoolStatus: 'none', outOfSchoolReason: '学籍名单比对：辍学，经核实属实' } } },
    uninsured: {
      label: '未参保',
      correction: { type: 'task', indicator: 'medical', sector: '医保', note: '名单比对：未参加基本医疗保险，经核实属实，请办理参保' },
    },
    deceased: { label: '已死亡未销户', correction: { type: 'remove-member', category: 'death' } },
    'housing-mismatch': { label: '住房安全信息不符', correction: { type: 'from-list' } },
    'assistance-mismatch': { label: '低保状态不符', correction: { type: 'from-list' } },
    'four-kinds': { label: '四类人员', correction: { type: 'none', text: '按四类人员清退程序由县扶贫办处理' } },
    'disability-mismatch': { label: '残疾信息不符', correction: { type: 'from-list' } },
    'missing-in-registry': { label: '名单有而花名册无', correction: { type: 'none', text: '核实是否应纳入建档立卡，按识别程序办理' } },
    'missing-in-national': { label: '国办系统缺失', correction: { type: 'none', text: '列入国办系统更正表，系统开放时补录' } },
    'field-mismatch': { label: '国办系统字段不一致', correction: { type: 'none', text: '列入国办系统更正表，系统开放时更正' } },
    'pension-gap': { label: '养老保险信息不符', correction: { type: 'from-list' } },
    'hukou-move': { label: '户籍迁出未减员', correction: { type: 'none', text: '核实后按减少成员（迁出）办理' } },
  },
  findings: { confirmed: '属实', unfounded: '不属实', rectified: '已整改', 'list-agrees': '新名单已一致' },
  statuses: { open: '待核实', checked: '已核实待审核', closed: '已销号' },
  dueDays: 15,
  verifyFindings: ['confirmed'],
};
