// The rulebook: every policy number and choice the assessment applies (docs/rulebooks.md).
// A new year, province or regime (e.g. post-2020 monitoring) is a new JSON file validated here.
import { z } from 'zod';
import { ProjectSettings } from './projects.js';
import { DEFAULT_SPOT_CHECK, SpotCheckSettings } from './spotCheckSettings.js';
import { CrossCheckSettings, DEFAULT_CROSS_CHECK } from './crossCheck/settings.js';
import { ExitStatus, Household, Housing, IncomeItemCodeSchema, IndicatorCode, Member, Renovation, HouseGrade, SchoolStatus, Water, isoDate } from './types.js';
import { TEXT_LIMITS as L, text } from './textLimits.js';

const lineName = text(L.code, '收入线名称').min(1);

export const IncomeRule = z.object({
  /** Which named line the income indicator compares with. */
  line: lineName,
  /** 'greater-than': income must exceed the line (稳定超过); 'at-least': reaching it is enough. */
  comparison: z.enum(['greater-than', 'at-least']),
  /** Items kept on the form but left out of net income (one-off relief, reimbursements, subsidies...). */
  excludedItems: z.array(IncomeItemCodeSchema),
});

export const WaterRule = z.object({
  minLitresPerPersonDay: z.number().nonnegative(),
  /** Piped water passes the access test; otherwise the round trip must be at most this. */
  maxFetchMinutes: z.number().nonnegative(),
  minReliabilityPercent: z.number().min(0).max(100),
  requireQuality: z.boolean(),
  /** When the detailed fields are missing, fall back to the national system's 是否解决安全饮水 flag. */
  fallbackToSecuredFlag: z.boolean(),
});

export const EducationRule = z.object({
  /** Compulsory-school age, inclusive, in full years at the reference date. */
  minAge: z.number().int().nonnegative(),
  maxAge: z.number().int().nonnegative(),
  /** School statuses that count as attending. */
  attendingStatuses: z.array(SchoolStatus),
  /** Education levels (文化程度) that mean compulsory schooling is already completed. */
  completedLevels: z.array(text(L.label, '文化程度')),
  /** A child with a severe disability taught at home (送教上门) counts as covered. */
  homeSchoolingCounts: z.boolean(),
});

export const MedicalRule = z.object({
  requireBasicMedical: z.boolean(),
  requireCriticalIllness: z.boolean(),
});

export const HousingRule = z.object({
  unsafeGrades: z.array(HouseGrade),
  /** Renovation states that make an unsafe grade safe again (finished and accepted). */
  safeRenovationStates: z.array(Renovation),
});

export const IndicatorSettings = z.object({
  label: text(L.label, '指标名称').min(1),
  /** A veto indicator (一票否决) decides the class; a non-veto one is reported only. */
  veto: z.boolean(),
  /** Sector department that owns remediation (for the task proposals). */
  sector: text(L.code, '行业部门').min(1),
});

/** One condition of a class rule; all conditions of a rule must hold. */
export const ClassCondition = z.object({
  /** Income compared with a named line; 'pass' uses the income rule's comparison. */
  income: z.object({ line: lineName, is: z.enum(['pass', 'fail']) }).optional(),
  /** 'all-met': every veto indicator met; 'remediable': each unmet veto indicator has a qualifying open task;
   *  'any-unmet': at least one veto indicator unmet. */
  indicators: z.enum(['all-met', 'remediable', 'any-unmet']).optional(),
});

export const ClassRule = z.object({ class: text(L.code, '类别代码').min(1), when: ClassCondition });

export const ClassDefinition = z.object({
  code: text(L.code, '类别代码').min(1),
  label: text(L.label, '类别名称').min(1),
  /** Households of this class count as pre-exit (预脱贫) for village/county projections. */
  preExit: z.boolean(),
  /**
   * Pre-exit only once its open gaps are closed (B-like): its remediation tasks must be accepted
   * and the household re-assessed into a class without this flag before the final approval.
   */
  needsRemediation: z.boolean().default(false),
  /** Tag colour in the web app (an antd preset name: green, gold, red, blue, default...). */
  colour: text(L.code, '颜色').min(1).default('blue'),
  description: text(L.reason, '类别说明'),
});

/**
 * Who records an exit-procedure step. The same codes as the contract's roles; kept here so the
 * rulebook schema needs nothing outside the domain.
 */
export const ExitStepRole = z.enum(['county', 'leader', 'sector', 'township', 'village']);

/** One step of an exit procedure: recorded once, dated, with the number of its document. */
export const ExitStepDefinition = z.object({
  code: text(40, '步骤代码').regex(/^[a-z][a-z0-9-]*$/, '步骤代码只能含小写字母、数字和连字符'),
  name: text(L.label, '步骤名称').min(1),
  role: ExitStepRole,
  /** The document the step's number refers to (会议记录编号, 公示文号, 审定文件编号...): the form's label. */
  document: text(L.label, '步骤文件').min(1),
  /** At least this many days after the previous step's date (the notice length for a notice's end). */
  minDays: z.number().int().nonnegative().default(0),
  /**
   * Objections may be registered from the previous step until this one is recorded (the previous
   * step opens a public notice, this one closes it); an open objection blocks it and an upheld
   * one sends the procedure back.
   */
  objections: z.boolean().default(false),
  /** The step records a meeting: minutes and votes, passed only when votes for exceed votes against. */
  votes: z.boolean().default(false),
  /** Households only: the household's latest class must be pre-exit without open gaps (A-like). */
  requiresExitReady: z.boolean().default(false),
});

export const ExitProcedureDefinition = z.object({
  /** e.g. 贫困户退出程序, 风险消除程序: page titles and the notice list. */
  name: text(L.label, '程序名称').min(1),
  /** What the notice list (公示名单) is called, e.g. 贫困户拟退出公示名单. */
  noticeTitle: text(L.label, '公示名单标题').min(1),
  /**
   * What recording the last step does besides completing the procedure: 'exit' marks the household
   * 已脱贫 (exit year = the rulebook's year) or the village exited; 'none' only records it.
   */
  onComplete: z.enum(['exit', 'none']),
  steps: z.array(ExitStepDefinition).min(1),
});

export const VillageIndicatorRule = z.object({
  key: z.enum([
    'leadingIndustry',
    'cooperative',
    'collectiveIncome',
    'hardenedRoad',
    'powerToAllGroups',
    'cleanEnvironment',
    'schoolPlaces',
    'clinicWithDoctor',
    'pensionCoverage',
    'dibaoForAllQualified',
  ]),
  label: text(L.label, '村指标名称').min(1),
  /** For numeric indicators (collective income): the minimum, in yuan. */
  min: z.number().optional(),
});

/**
 * The projects section for a rulebook written before projects existed: the usual kinds, fund
 * sources and status flow, so an older rulebook file stays valid. Rulebooks in use set it explicitly.
 */
export const DEFAULT_PROJECT_SETTINGS: ProjectSettings = {
  types: {
    industry: '产业',
    infrastructure: '基础设施',
    water: '饮水',
    housing: '危房改造',
    education: '教育',
    health: '健康',
    employment: '就业',
    finance: '金融',
    other: '其他',
  },
  fundSources: {
    central: '中央财政专项扶贫资金',
    province: '省级财政专项扶贫资金',
    city: '市级财政专项扶贫资金',
    county: '县级财政专项扶贫资金',
    integrated: '统筹整合资金',
    sector: '行业资金',
    'east-west': '东西部协作与社会帮扶',
    self: '群众自筹',
  },
  statuses: [
    { code: 'reserve', label: '储备', next: ['approved', 'terminated'], disbursable: false, accepted: false },
    { code: 'approved', label: '批复', next: ['implementing', 'terminated'], disbursable: true, accepted: false },
    { code: 'implementing', label: '实施', next: ['completed', 'terminated'], disbursable: true, accepted: false },
    { code: 'completed', label: '完工', next: ['accepted'], disbursable: true, accepted: false },
    { code: 'accepted', label: '验收', next: ['handed-over'], disbursable: true, accepted: true },
    { code: 'handed-over', label: '移交', next: [], disbursable: false, accepted: true },
    { code: 'terminated', label: '终止', next: [], disbursable: false, accepted: false },
  ],
  noticeDays: 10,
  schedule: [
    { by: '06-30', minShare: 0.3 },
    { by: '09-30', minShare: 0.6 },
    { by: '11-30', minShare: 0.9 },
  ],
  idleDays: 60,
  solves: {},
};

// Which corrections wait for a second person at the township (动态调整, docs/rulebooks.md): the facts
// that decide an indicator or identify a person. Paths as the change log writes them: a member
// field, a household field or one part of it (housing.grade), `items` for the income form's lines.
const subPaths = (name: string, shape: Record<string, unknown>) => Object.keys(shape).map((k) => `${name}.${k}`);
const MEMBER_PATHS = Object.keys(Member.shape).filter((k) => k !== 'id' && k !== 'householdId') as [string, ...string[]];
// Status and exit year are no correction at all: they change through the exit procedure or a county decision.
const HOUSEHOLD_PATHS = [
  ...Object.keys(Household.shape).filter((k) => !['id', 'villageCode', 'status', 'exitYear'].includes(k)),
  ...subPaths('housing', Housing.shape),
  ...subPaths('water', Water.shape),
] as [string, ...string[]];

export const DEFAULT_CHANGE_APPROVAL = {
  member: ['idNumber', 'schoolStatus', 'homeSchooled', 'health', 'disabilityGrade', 'basicMedical', 'criticalIllness'],
  household: ['attribute', 'water', 'housing.grade', 'housing.renovation'],
  income: ['items'],
} as const;

export const ChangeApproval = z.object({
  member: z.array(z.enum(MEMBER_PATHS, { error: '不是可更正的成员字段' })).default([...DEFAULT_CHANGE_APPROVAL.member]),
  household: z.array(z.enum(HOUSEHOLD_PATHS, { error: '不是可更正的户字段' })).default([...DEFAULT_CHANGE_APPROVAL.household]),
  income: z.array(z.enum(['items', 'note'], { error: '收入测算表只有 items、note 两项' })).default([...DEFAULT_CHANGE_APPROVAL.income]),
});
export type ChangeApproval = z.infer<typeof ChangeApproval>;

export const Rulebook = z
  .object({
    id: text(60, '规则库编号').regex(/^[a-z0-9-]+$/),
    name: text(L.label, '规则库名称').min(1),
    year: z.number().int(),
    /** Default reference date for ages and deadlines when the caller gives none. */
    assessmentDate: isoDate,
    /** The day the demo runs on in demo mode (a day inside the autumn push); real use keeps the real clock. */
    demoToday: isoDate.optional(),
    /** Named income lines in yuan per person per year (poverty line, province line, monitoring line...). */
    lines: z.record(text(L.code, '收入线名称'), z.number().positive()),
    income: IncomeRule,
    indicators: z.object({
      'food-clothing': IndicatorSettings,
      water: IndicatorSettings.extend({ rule: WaterRule }),
      education: IndicatorSettings.extend({ rule: EducationRule }),
      medical: IndicatorSettings.extend({ rule: MedicalRule }),
      housing: IndicatorSettings.extend({ rule: HousingRule }),
    }),
    screening: z.object({
      /** Registry statuses screened this year (not yet exited, returned to poverty...). */
      statuses: z.array(ExitStatus),
      excludeRelocationNotMovedIn: z.boolean(),
      excludeGuarantee: z.boolean(),
    }),
    classes: z.array(ClassDefinition).min(1),
    /** Ordered: the first rule whose conditions all hold gives the class; the last should be unconditional. */
    classRules: z.array(ClassRule).min(1),
    tasks: z.object({
      /** Remediation must be due on or before this date for a household to count as B. */
      deadline: isoDate,
      /** What the township checks before closing a food-and-clothing / living-conditions task: every item, in full. */
      hygieneChecklist: z.array(text(L.reason, '核查项').trim().min(1)).min(1),
    }),
    village: z.object({
      maxIncidence: z.number().min(0).max(1),
      indicators: z.array(VillageIndicatorRule),
    }),
    county: z.object({
      maxIncidence: z.number().min(0).max(1),
      minExitedVillageShare: z.number().min(0).max(1),
      maxMisexitRate: z.number().min(0).max(1),
      maxOmissionRate: z.number().min(0).max(1),
      minApprovalRate: z.number().min(0).max(1),
    }),
    /** The household's and the village's exit procedures, in order (the notice lengths are their steps' minDays). */
    exit: z.object({ household: ExitProcedureDefinition, village: ExitProcedureDefinition }),
    notice: z.object({
      projectDays: z.number().int().positive(),
      /** An exit-procedure step dated more than this many days back needs a reason (补录). */
      backdateDays: z.number().int().nonnegative(),
    }),
    /** Projects and their money (项目库): kinds, fund sources, status flow, notice days, disbursement schedule. */
    projects: ProjectSettings.default(DEFAULT_PROJECT_SETTINGS),

    /** Optional (older rulebooks): DEFAULT_CHANGE_APPROVAL. */
    changeApproval: ChangeApproval.prefault({}),
    /** Spot checks and the three-rate pre-assessment (抽查, 三率一度): populations, design defaults, confidence, sample sizes. */
    spotCheck: SpotCheckSettings.default(DEFAULT_SPOT_CHECK),
    /** 名单比对 (docs/cross-check.md): list kinds and their sectors, point kinds, findings, corrections. */
    crossCheck: CrossCheckSettings.default(DEFAULT_CROSS_CHECK),
  })
  .superRefine((rb, ctx) => {
    const lines = Object.keys(rb.lines);
    if (!lines.includes(rb.income.line)) {
      ctx.addIssue({ code: 'custom', path: ['income', 'line'], message: `收入线“${rb.income.line}”未在 lines 中定义` });
    }
    const codes = new Set(rb.classes.map((c) => c.code));
    rb.classRules.forEach((r, i) => {
      if (!codes.has(r.class)) ctx.addIssue({ code: 'custom', path: ['classRules', i, 'class'], message: `类别“${r.class}”未在 classes 中定义` });
      if (r.when.income && !lines.includes(r.when.income.line)) {
        ctx.addIssue({ code: 'custom', path: ['classRules', i, 'when', 'income', 'line'], message: `收入线“${r.when.income.line}”未在 lines 中定义` });
      }
    });
    const last = rb.classRules[rb.classRules.length - 1];
    if (last && (last.when.income || last.when.indicators)) {
      ctx.addIssue({ code: 'custom', path: ['classRules'], message: '最后一条分类规则必须无条件（兜底类别）' });
    }
    rb.classes.forEach((c, i) => {
      if (c.needsRemediation && !c.preExit)
        ctx.addIssue({ code: 'custom', path: ['classes', i, 'needsRemediation'], message: `类别“${c.code}”需要补短板，但不是预脱贫类别` });
    });
    for (const kind of ['household', 'village'] as const) {
      const steps = rb.exit[kind].steps;
      const seen = new Set<string>();
      steps.forEach((st, i) => {
        if (seen.has(st.code)) ctx.addIssue({ code: 'custom', path: ['exit', kind, 'steps', i, 'code'], message: `步骤“${st.code}”重复` });
        seen.add(st.code);
        if (i === 0 && (st.objections || st.minDays > 0))
          ctx.addIssue({ code: 'custom', path: ['exit', kind, 'steps', i], message: '第一步没有上一步，不能设置 minDays 或 objections' });
        if (st.requiresExitReady && kind === 'village')
          ctx.addIssue({ code: 'custom', path: ['exit', kind, 'steps', i, 'requiresExitReady'], message: 'requiresExitReady 只适用于农户退出程序' });
      });
      if (steps.filter((st) => st.objections).length > 1)
        ctx.addIssue({ code: 'custom', path: ['exit', kind, 'steps'], message: '一个退出程序最多一次公示（objections）' });
      if (steps.at(-1)?.objections) ctx.addIssue({ code: 'custom', path: ['exit', kind, 'steps'], message: '最后一步不能是公示结束：公示后须有审核或审定' });
    }
    const edu = rb.indicators.education.rule;
    if (edu.minAge > edu.maxAge) ctx.addIssue({ code: 'custom', path: ['indicators', 'education', 'rule'], message: '义务教育年龄下限大于上限' });
  });
export type Rulebook = z.infer<typeof Rulebook>;
export type ClassDefinition = z.infer<typeof ClassDefinition>;
export type ExitStepRole = z.infer<typeof ExitStepRole>;
export type ExitStepDefinition = z.infer<typeof ExitStepDefinition>;
export type ExitProcedureDefinition = z.infer<typeof ExitProcedureDefinition>;

/** The veto indicators other than income, in display order. */
export const NON_INCOME_INDICATORS = ['food-clothing', 'water', 'education', 'medical', 'housing'] as const satisfies readonly IndicatorCode[];
