// One household, one plan (一户一策): why the household is poor, what it aims at, and the
// assistance measures (帮扶措施) that get it there, each with who answers for it, the money
// and the dates. Pure: no I/O. Funds are integer fen, so 6000.50 元 is stored exactly.
import { z } from 'zod';
import { formatLine } from './income.js';
import { labelMap } from './labels.js';
import { Cause, isoDate } from './types.js';
import { TEXT_LIMITS as L } from './textLimits.js';

export const MEASURE_CATEGORIES = ['industry', 'employment', 'education', 'health', 'housing', 'water', 'social-assistance', 'relocation', 'finance'] as const;
export const MeasureCategory = z.enum(MEASURE_CATEGORIES, { error: `措施类别应为 ${MEASURE_CATEGORIES.join('、')} 之一` });
export type MeasureCategory = z.infer<typeof MeasureCategory>;

export const MEASURE_CATEGORY_LABELS = labelMap<MeasureCategory>(
  {
    industry: '产业类',
    employment: '就业类',
    education: '教育类',
    health: '健康类',
    housing: '住房类',
    water: '饮水类',
    'social-assistance': '社会保障类',
    relocation: '易地搬迁类',
    finance: '金融类',
  },
  {
    产业扶贫: 'industry',
    就业扶贫: 'employment',
    转移就业: 'employment',
    教育扶贫: 'education',
    健康扶贫: 'health',
    危房改造: 'housing',
    安全饮水: 'water',
    兜底保障: 'social-assistance',
    社会兜底: 'social-assistance',
    易地扶贫搬迁: 'relocation',
    金融扶贫: 'finance',
    小额信贷: 'finance',
  },
);

export const MEASURE_STATUSES = ['planned', 'in-progress', 'done'] as const;
export const MeasureStatus = z.enum(MEASURE_STATUSES, { error: '措施状态应为 计划、实施中、已完成 之一' });
export type MeasureStatus = z.infer<typeof MeasureStatus>;
export const MEASURE_STATUS_LABELS = labelMap<MeasureStatus>({ planned: '计划', 'in-progress': '实施中', done: '已完成' });

/** Largest amount accepted for one measure: 1 亿元, far above any household measure; catches a typo in 分/元. */
export const MAX_FUNDS_FEN = 100_000_000_00;

const text = (max: number, what: string) => z.string().trim().max(max, `${what}不能超过 ${max} 个字`);
const optionalText = (max: number, what: string) => z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), text(max, what).nullable());

/** A measure as entered (no id yet): what the form and the API send. */
export const MeasureInput = z
  .object({
    category: MeasureCategory,
    content: text(200, '措施内容').min(1, '请填写措施内容'),
    responsibleName: text(40, '责任人姓名').min(1, '请填写责任人姓名'),
    responsibleUnit: optionalText(60, '责任单位'),
    fundsFen: z.number({ error: '资金应为数字（单位：分）' }).int('资金应精确到分').min(0, '资金不能为负数').max(MAX_FUNDS_FEN, '资金过大，请核对单位（元）'),
    startDate: isoDate,
    endDate: isoDate,
    status: MeasureStatus,
    note: optionalText(200, '备注'),
  })
  .refine((m) => m.endDate >= m.startDate, { message: '结束日期不能早于开始日期', path: ['endDate'] });
export type MeasureInput = z.input<typeof MeasureInput>;

export const Measure = z.object({
  id: text(L.id, '措施编号').min(1),
  householdId: text(L.key, '户编号').min(1),
  category: MeasureCategory,
  content: text(200, '措施内容'),
  responsibleName: text(40, '责任人姓名'),
  responsibleUnit: text(60, '责任单位').nullable(),
  fundsFen: z.number().int().nonnegative(),
  startDate: isoDate,
  endDate: isoDate,
  status: MeasureStatus,
  note: text(200, '备注').nullable(),
});
export type Measure = z.infer<typeof Measure>;

/** Causes and goals of the plan; causes default from the household record until edited. */
export const PlanHeaderInput = z.object({
  mainCause: Cause.nullable(),
  otherCauses: z
    .array(Cause)
    .max(11, '其他致贫原因过多')
    .transform((c) => [...new Set(c)]),
  goals: optionalText(500, '帮扶目标'),
});
export type PlanHeaderInput = z.input<typeof PlanHeaderInput>;
export type PlanHeader = z.output<typeof PlanHeaderInput>;

export interface Plan {
  householdId: string;
  mainCause: Cause | null;
  otherCauses: Cause[];
  goals: string | null;
  /** False while the causes are still the household record's (nobody saved the plan header yet). */
  saved: boolean;
  measures: Measure[];
}

const FIELD_NAMES: Record<string, string> = {
  category: '措施类别',
  content: '措施内容',
  responsibleName: '责任人',
  responsibleUnit: '责任单位',
  fundsFen: '资金',
  startDate: '开始日期',
  endDate: '结束日期',
  status: '状态',
  note: '备注',
  mainCause: '主要致贫原因',
  otherCauses: '其他致贫原因',
  goals: '帮扶目标',
};

/** A refused plan or measure: the messages name the field, in Chinese. */
export class PlanInputError extends Error {
  override name = 'PlanInputError';
  constructor(readonly issues: string[]) {
    super(issues.join('；'));
  }
}

function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new PlanInputError(
    r.error.issues.map((i) => {
      const field = FIELD_NAMES[String(i.path[0] ?? '')];
      return field === undefined || i.message.startsWith(field) ? i.message : `${field}：${i.message}`;
    }),
  );
}

export function parseMeasure(input: unknown): z.output<typeof MeasureInput> {
  return parseWith(MeasureInput, input);
}

export function parsePlanHeader(input: unknown): PlanHeader {
  return parseWith(PlanHeaderInput, input);
}

/** “6000 元”, “6000.50 元”. */
export function formatFunds(fen: number): string {
  return `${formatLine(fen)} 元`;
}

/**
 * One line per measure, as history lines and the handbook print it:
 * “产业类 养殖肉牛2头（县农业农村局 王某，到户资金 6000 元，2018-09-01 至 2018-12-31）”.
 */
export function describeMeasure(
  m: Pick<Measure, 'category' | 'content' | 'responsibleName' | 'responsibleUnit' | 'fundsFen' | 'startDate' | 'endDate'>,
): string {
  const who = [m.responsibleUnit, m.responsibleName].filter((x) => x !== null && x !== '').join(' ');
  return `${MEASURE_CATEGORY_LABELS.label(m.category)} ${m.content}（${who}，到户资金 ${formatFunds(m.fundsFen)}，${m.startDate} 至 ${m.endDate}）`;
}

/** Measures in the order a plan lists them: by category (the nine in order), then start date. */
export function sortMeasures<T extends Pick<Measure, 'category' | 'startDate' | 'id'>>(measures: readonly T[]): T[] {
  const rank = (c: MeasureCategory) => MEASURE_CATEGORIES.indexOf(c);
  return [...measures].sort((a, b) => rank(a.category) - rank(b.category) || a.startDate.localeCompare(b.startDate) || a.id.localeCompare(b.id));
}
