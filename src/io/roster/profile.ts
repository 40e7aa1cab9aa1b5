/**
 * The roster's column profile: every column the importer understands, the header texts it
 * accepts for it, and what kind of value it holds. docs/roster-columns.md is the operators' copy
 * of this table; a test keeps the two in step.
 *
 * Header texts are compared after `normalizeHeader`, so the synonyms below need not repeat
 * spacing, bracket width, trailing units or "*required" markers.
 */
import { INCOME_ITEMS } from '../../domain/types.js';
import type { IncomeCategory, IncomeItemCode } from '../../domain/types.js';

/** How a cell of the column is read (see values.ts). */
export type FieldKind =
  | 'key' // 户编号 / 人编号 / 任务编号: exact text, numbers only while Excel kept every digit
  | 'text'
  | 'phone' // text; a number cell longer than 15 digits lost its tail
  | 'number' // non-negative decimal
  | 'amount' // any decimal (income items may be negative, e.g. a loss)
  | 'int' // non-negative integer
  | 'year'
  | 'months' // 0-12
  | 'percent' // 0-100, a fraction from a %-formatted cell is scaled
  | 'bool'
  | 'date'
  | 'idNumber'
  | 'enum'
  | 'causes' // several causes in one cell
  | 'disabilityGrade'
  | 'villageCode'
  | 'ignored';

/**
 * Where a column's value goes. 'household' and 'location', 'income', 'householdSize' are
 * household-level: one value per 户编号, carried onto member rows that leave them blank.
 */
export type FieldTarget =
  'householdKey' | 'memberKey' | 'location' | 'household' | 'income' | 'incomeTotal' | 'householdSize' | 'member' | 'village' | 'task' | 'ignored';

export type EnumName =
  | 'attribute'
  | 'standard'
  | 'cause'
  | 'status'
  | 'relocation'
  | 'grade'
  | 'renovation'
  | 'relation'
  | 'schoolStatus'
  | 'health'
  | 'labour'
  | 'sex'
  | 'indicator'
  | 'taskStatus';

export interface FieldDef {
  /** Stable English key. Income items are `income.<code>`, village indicators `village.<name>`. */
  readonly key: string;
  /** The header writeRoster prints and the docs show first. */
  readonly label: string;
  readonly synonyms: readonly string[];
  readonly target: FieldTarget;
  readonly kind: FieldKind;
  readonly enumName?: EnumName;
  /** For income items and totals. */
  readonly incomeCode?: IncomeItemCode;
  readonly incomeCategory?: IncomeCategory;
}

function f(
  key: string,
  label: string,
  target: FieldTarget,
  kind: FieldKind,
  synonyms: readonly string[] = [],
  extra: Partial<Pick<FieldDef, 'enumName' | 'incomeCode' | 'incomeCategory'>> = {},
): FieldDef {
  return { key, label, synonyms, target, kind, ...extra };
}

// ------------------------------------------------------------------ the columns

const KEYS: FieldDef[] = [
  f('seq', '序号', 'ignored', 'ignored', ['编号', 'NO', 'NO.']),
  f('householdId', '户编号', 'householdKey', 'key', ['户编码', '户号', '家庭编号', '贫困户编号']),
  f('memberId', '人编号', 'memberKey', 'key', ['人员编号', '成员编号', '人编码']),
  // A household-level copy of the head's name/ID: the member rows already carry them.
  f('headName', '户主姓名', 'ignored', 'ignored', ['户主', '户主身份证号', '户主证件号码', '户主身份证号码']),
];

const LOCATION: FieldDef[] = [
  f('county', '县', 'location', 'text', ['县(市、区)', '县(市,区)', '县区', '县市区', '县(区)', '县(市)', '区县', '所属县']),
  f('township', '乡镇', 'location', 'text', ['乡(镇)', '乡镇(街道)', '乡', '镇', '所属乡镇', '乡镇名称']),
  f('village', '行政村', 'location', 'text', ['村', '村名', '行政村名称', '村(社区)', '所属村', '行政村(社区)']),
  f('villageCode', '行政区划代码', 'location', 'villageCode', ['区划代码', '村代码', '行政村代码', '村级区划代码', '行政区划编码']),
  f('group', '自然村', 'location', 'text', ['组', '村民小组', '自然村(组)', '社', '自然村名称', '组(自然村)']),
];

const HOUSEHOLD: FieldDef[] = [
  f('attribute', '贫困户属性', 'household', 'enum', ['贫困属性', '户属性'], { enumName: 'attribute' }),
  f('standard', '识别标准', 'household', 'enum', [], { enumName: 'standard' }),
  f('identifiedYear', '识别年度', 'household', 'year', ['建档立卡年度', '识别年份', '纳入年度', '建档立卡年份']),
  f('mainCause', '主要致贫原因', 'household', 'enum', ['致贫原因'], { enumName: 'cause' }),
  f('otherCauses', '其他致贫原因', 'household', 'causes', ['次要致贫原因']),
  f('status', '脱贫属性', 'household', 'enum', ['贫困户状态', '脱贫状态', '户状态'], { enumName: 'status' }),
  f('exitYear', '脱贫年度', 'household', 'year', ['脱贫年份', '计划脱贫年度']),
  f('relocation', '易地扶贫搬迁', 'household', 'enum', ['是否易地扶贫搬迁户', '易地扶贫搬迁户', '易地搬迁', '是否易地搬迁', '搬迁情况'], {
    enumName: 'relocation',
  }),
  f('guarantee', '兜底保障户', 'household', 'bool', ['是否兜底保障户', '兜底保障', '是否兜底户', '兜底户']),
  f('foodClothingOk', '吃穿不愁', 'household', 'bool', ['是否吃穿不愁', '不愁吃不愁穿', '吃穿是否不愁']),
  f('foodClothingNote', '吃穿情况说明', 'household', 'text', ['吃穿不愁情况说明', '吃穿说明']),
  f('dangerousHouse', '危房户', 'household', 'bool', ['是否危房户', '是否危房']),
  f('houseGrade', '危房等级', 'household', 'enum', ['住房安全等级', '房屋等级', '危房鉴定等级', '住房等级'], { enumName: 'grade' }),
  f('renovation', '危房改造情况', 'household', 'enum', ['危房改造', '危改情况', '危房改造状态'], { enumName: 'renovation' }),
  f('houseArea', '住房面积', 'household', 'number', ['住房面积(平方米)', '房屋面积']),
  f('waterSecured', '是否解决安全饮水', 'household', 'bool', ['安全饮水', '是否安全饮水', '饮水安全', '是否解决饮水安全']),
  f('waterPiped', '是否自来水入户', 'household', 'bool', ['自来水入户', '是否通自来水']),
  f('fetchMinutes', '取水往返时间', 'household', 'number', ['取水时间', '取水往返时间(分钟)']),
  f('litresPerPersonDay', '人均日供水量', 'household', 'number', ['人均日用水量', '供水量']),
  f('waterQualityOk', '水质是否达标', 'household', 'bool', ['水质达标', '水质']),
  f('waterReliability', '供水保证率', 'household', 'percent', []),
  f('cultivatedLand', '耕地面积', 'household', 'number', ['耕地', '耕地面积(亩)']),
  f('forestLand', '林地面积', 'household', 'number', ['林地', '林地面积(亩)']),
  f('roadDistanceKm', '距村主干道距离', 'household', 'number', ['距村主干路距离', '与村主干路距离', '距主干道距离']),
  f('sanitaryToilet', '卫生厕所', 'household', 'bool', ['是否有卫生厕所', '有无卫生厕所', '是否卫生厕所']),
  f('cadreName', '帮扶责任人', 'household', 'text', ['帮扶责任人姓名', '帮扶人', '帮扶人姓名', '结对帮扶责任人']),
  f('cadreUnit', '帮扶单位', 'household', 'text', ['帮扶责任人单位', '帮扶责任人所在单位', '帮扶责任人帮扶单位', '帮扶人单位']),
  f('cadrePhone', '帮扶责任人联系电话', 'household', 'phone', ['帮扶责任人电话', '帮扶人联系电话', '帮扶人电话', '帮扶责任人手机']),
  f('workTeam', '驻村工作队', 'household', 'text', ['驻村工作队名称', '驻村帮扶工作队']),
  f('householdPhone', '联系电话', 'household', 'phone', ['户主联系电话', '户联系电话', '家庭联系电话', '户主电话']),
  f('bankAccount', '开户银行账号', 'household', 'phone', ['银行账号', '银行卡号', '开户账号', '一卡通账号', '惠农一卡通账号']),
  f('householdSize', '家庭人口数', 'householdSize', 'int', ['家庭人口', '家庭人数', '户人口数', '人口数', '家庭成员数']),
];

const MEMBER: FieldDef[] = [
  f('name', '姓名', 'member', 'text', ['成员姓名', '人员姓名', '家庭成员姓名']),
  f('idNumber', '证件号码', 'member', 'idNumber', ['身份证号', '身份证号码', '公民身份号码', '身份证件号码', '证件号']),
  f('sex', '性别', 'member', 'enum', [], { enumName: 'sex' }),
  f('birthDate', '出生日期', 'member', 'date', ['出生年月', '出生年月日']),
  f('relation', '与户主关系', 'member', 'enum', ['与户主的关系', '家庭关系', '关系'], { enumName: 'relation' }),
  f('ethnicity', '民族', 'member', 'text'),
  f('education', '文化程度', 'member', 'text', ['学历']),
  f('schoolStatus', '在校生状况', 'member', 'enum', ['在校生情况', '在校情况', '就学状况'], { enumName: 'schoolStatus' }),
  f('outOfSchoolReason', '失学辍学原因', 'member', 'text', ['辍学原因', '失学原因']),
  f('homeSchooled', '送教上门', 'member', 'bool', ['是否送教上门']),
  f('health', '健康状况', 'member', 'enum', ['健康情况'], { enumName: 'health' }),
  f('disabilityGrade', '残疾等级', 'member', 'disabilityGrade', ['残疾级别']),
  f('labour', '劳动技能', 'member', 'enum', ['劳动能力', '劳动力状况'], { enumName: 'labour' }),
  f('migrantPlace', '务工状况', 'member', 'text', ['务工地点', '务工情况', '务工地']),
  f('migrantMonths', '务工时间', 'member', 'months', ['务工时间(月)', '务工月数', '务工时间(个月)']),
  f('basicMedical', '是否参加城乡居民基本医疗保险', 'member', 'bool', [
    '城乡居民基本医疗保险',
    '基本医疗保险',
    '是否参加基本医疗保险',
    '是否参加新型农村合作医疗',
    '新农合',
    '是否参加新农合',
    '参加城乡居民基本医疗保险',
  ]),
  f('criticalIllness', '是否参加大病保险', 'member', 'bool', ['大病保险', '参加大病保险']),
  f('pension', '是否参加城乡居民基本养老保险', 'member', 'bool', ['城乡居民基本养老保险', '基本养老保险', '是否参加基本养老保险', '参加城乡居民基本养老保险']),
  f('medicalAssistance', '医疗救助', 'member', 'bool', ['是否享受医疗救助', '是否医疗救助']),
  f('familyDoctor', '家庭医生签约', 'member', 'bool', ['是否签约家庭医生', '家庭医生签约服务', '是否家庭医生签约']),
  f('memberPhone', '本人联系电话', 'member', 'phone', ['个人联系电话', '成员联系电话', '本人电话']),
];

/** Extra header spellings for income items, beyond the label and the label without 收入. */
const INCOME_SYNONYMS: Partial<Record<IncomeItemCode, readonly string[]>> = {
  migrantWage: ['外出务工', '外出务工工资'],
  localWage: ['本地务工', '就近务工收入', '本地务工工资'],
  publicWelfareJob: ['公益岗位收入', '公益性岗位工资', '公益性岗位'],
  industry: ['第二产业收入'],
  services: ['三产收入', '服务业收入', '第三产业收入', '三产'],
  productionCost: ['生产经营支出', '生产性支出', '经营性支出'],
  dividends: ['分红收入', '入股分红收入'],
  pension: ['养老金收入', '养老保险金'],
  dibao: ['低保金收入'],
  tekun: ['特困供养金收入', '五保金'],
  familyPlanning: ['计划生育奖扶金', '计划生育奖励扶助金', '计生奖扶'],
  ecoCompensation: ['生态补偿', '生态补偿收入', '生态补偿金收入'],
  childSupport: ['赡养费收入'],
  oneOffRelief: ['临时救助', '临时救助收入'],
  medicalReimbursement: ['医疗报销收入', '医疗费用报销'],
  housingSubsidy: ['危房改造补助金', '危改补助'],
  relocationSubsidy: ['易地扶贫搬迁补助', '易地搬迁补助资金'],
  microCredit: ['小额信贷', '扶贫小额信贷资金'],
  donorHelp: ['帮扶慰问金', '慰问金'],
};

const INCOME: FieldDef[] = [
  f('incomeYear', '收入年度', 'income', 'year', ['收入年份', '测算年度']),
  ...INCOME_ITEMS.map((item) => {
    const short = item.label.endsWith('收入') && item.label.length > 4 ? [item.label.slice(0, -2)] : [];
    return f(`income.${item.code}`, item.label, 'income', 'amount', [...short, ...(INCOME_SYNONYMS[item.code] ?? [])], {
      incomeCode: item.code,
      incomeCategory: item.category,
    });
  }),
  f('incomeNote', '收入说明', 'income', 'text', ['收入备注', '收入情况说明']),
];

/**
 * Category totals and other figures computed from the items: recognised so they are not
 * reported as unknown, but not imported (the form keeps items; totals are derived).
 */
const INCOME_TOTALS: FieldDef[] = [
  f('total.wage', '工资性收入', 'incomeTotal', 'ignored', ['工资性收入小计', '工资性收入合计'], { incomeCategory: 'wage' }),
  f('total.production', '生产经营性收入', 'incomeTotal', 'ignored', ['生产经营性收入小计', '生产经营性收入合计', '家庭经营性收入'], {
    incomeCategory: 'production',
  }),
  f('total.property', '财产性收入', 'incomeTotal', 'ignored', ['财产性收入小计', '财产性收入合计'], { incomeCategory: 'property' }),
  f('total.transfer', '转移性收入', 'incomeTotal', 'ignored', ['转移性收入小计', '转移性收入合计'], { incomeCategory: 'transfer' }),
  f('total.net', '家庭年纯收入', 'incomeTotal', 'ignored', [
    '家庭纯收入',
    '家庭年收入',
    '家庭总收入',
    '年收入',
    '家庭人均纯收入',
    '人均纯收入',
    '人均可支配收入',
    '家庭年人均纯收入',
    '收入合计',
    '总收入',
  ]),
];

const VILLAGE: FieldDef[] = [
  f('ruralPopulation', '农村户籍人口', 'village', 'int', ['农业户籍人口', '农村户籍人口数', '户籍人口', '农业人口']),
  f('poorVillage', '是否贫困村', 'village', 'bool', ['贫困村', '是否建档立卡贫困村']),
  // A planned exit year is a plan, not an exit (docs/roster-columns.md): never a synonym of 退出年度.
  f('villageExitYear', '退出年度', 'village', 'year', ['贫困村退出年度', '退出年份']),
  f('villageExited', '退出状态', 'village', 'bool', ['贫困村退出状态', '是否已退出', '是否退出']),
  f('villagePlannedExitYear', '计划退出年度', 'ignored', 'ignored', ['拟退出年度', '计划退出年份', '预计退出年度']),
  f('village.leadingIndustry', '主导产业', 'village', 'bool', ['有无主导产业', '是否有主导产业']),
  f('village.cooperative', '合作社', 'village', 'bool', ['农民专业合作社', '有无合作社', '是否有合作社']),
  f('village.collectiveIncome', '村集体经济收入', 'village', 'number', ['集体经济收入', '村集体经济']),
  f('village.hardenedRoad', '通硬化路', 'village', 'bool', ['是否通硬化路', '通村硬化路']),
  f('village.powerToAllGroups', '自然村通动力电', 'village', 'bool', ['通动力电', '是否通动力电']),
  f('village.cleanEnvironment', '人居环境整洁', 'village', 'bool', ['人居环境', '村容整洁']),
  f('village.schoolPlaces', '适龄儿童有学上', 'village', 'bool', ['适龄儿童上学']),
  f('village.clinicWithDoctor', '标准化卫生室和村医', 'village', 'bool', ['标准化卫生室', '卫生室和村医', '有标准化卫生室和村医']),
  f('village.pensionCoverage', '养老保险全覆盖', 'village', 'bool', ['养老保险覆盖']),
  f('village.dibaoForAllQualified', '应保尽保', 'village', 'bool', ['低保应保尽保']),
];

const TASK: FieldDef[] = [
  f('taskId', '任务编号', 'task', 'key', ['整改任务编号', '任务号']),
  f('taskIndicator', '指标', 'task', 'enum', ['未达标指标', '整改指标', '短板指标'], { enumName: 'indicator' }),
  f('taskSector', '责任部门', 'task', 'text', ['责任单位', '行业部门']),
  f('taskDueDate', '完成时限', 'task', 'date', ['完成时间', '整改时限', '计划完成时间']),
  f('taskStatus', '状态', 'task', 'enum', ['任务状态', '整改状态', '完成情况'], { enumName: 'taskStatus' }),
  f('taskNote', '说明', 'task', 'text', ['任务说明', '整改措施', '备注说明']),
];

export const FIELDS: readonly FieldDef[] = [...KEYS, ...LOCATION, ...HOUSEHOLD, ...MEMBER, ...INCOME, ...INCOME_TOTALS, ...VILLAGE, ...TASK];

export const FIELD_BY_KEY: ReadonlyMap<string, FieldDef> = new Map(FIELDS.map((d) => [d.key, d]));

export function field(key: string): FieldDef {
  const d = FIELD_BY_KEY.get(key);
  if (!d) throw new Error(`unknown roster field ${key}`);
  return d;
}

// ------------------------------------------------------------------ header text

/** A unit or hint in brackets at the end of a header: （元）(亩)（是/否）【必填】. */
const TRAILING_GROUP = /(?:\([^()]*\)|\[[^[\]]*\]|【[^【】]*】|<[^<>]*>)$/u;
const SPACES = /[\s\u3000\u00a0\u200b\ufeff]+/gu;
const FULL_WIDTH = /[\uff01-\uff5e]/gu;
const MARKERS_AT_EDGES = /^[*※★#]+|[*※★:：]+$/gu;

/**
 * The form of a header used for matching: full-width ASCII folded, every space and line break
 * removed, required-field markers and trailing bracketed units/hints dropped, ASCII lower-cased.
 * '证件号码\n（身份证号）' -> '证件号码'; '工资性收入（元）' -> '工资性收入'; '* 姓 名' -> '姓名'.
 */
export function normalizeHeader(text: string): string {
  let s = text
    .replace(FULL_WIDTH, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/〔|（/gu, '(')
    .replace(/〕|）/gu, ')')
    .replace(SPACES, '')
    .replace(MARKERS_AT_EDGES, '');
  for (;;) {
    const m = TRAILING_GROUP.exec(s);
    if (!m || m.index === 0) break;
    s = s.slice(0, m.index).replace(MARKERS_AT_EDGES, '');
  }
  return s.toLowerCase();
}

/** Parent headers that may prefix an item's own name in one cell: '工资性收入-外出务工收入'. */
const PARENT_PREFIXES = ['家庭收入情况', '收入情况', '工资性收入', '生产经营性收入', '财产性收入', '转移性收入', '其中'].map(normalizeHeader);
const PREFIX_SEPARATORS = new Set(['-', '_', ':', '·', '/', '、', '—', '|']);

function buildLookup(): Map<string, FieldDef> {
  const map = new Map<string, FieldDef>();
  for (const d of FIELDS) {
    for (const text of [d.label, ...d.synonyms]) {
      const key = normalizeHeader(text);
      const existing = map.get(key);
      if (existing && existing !== d) {
        throw new Error(`roster profile: header “${text}” is claimed by ${existing.key} and ${d.key}`);
      }
      map.set(key, d);
    }
  }
  return map;
}

const LOOKUP = buildLookup();

/** The field a header names, or null. Accepts a parent prefix before an income item's name. */
export function matchHeader(text: string): FieldDef | null {
  const key = normalizeHeader(text);
  if (key === '') return null;
  const direct = LOOKUP.get(key);
  if (direct) return direct;
  for (const prefix of PARENT_PREFIXES) {
    if (key.length > prefix.length && key.startsWith(prefix)) {
      let rest = key.slice(prefix.length);
      while (rest.length > 0 && PREFIX_SEPARATORS.has(rest[0]!)) rest = rest.slice(1);
      const d = LOOKUP.get(rest);
      if (d) return d;
    }
  }
  return null;
}

/**
 * How alike two normalised headers are, 0..1 (Dice coefficient on characters, which suits
 * Chinese where a header is a handful of meaningful characters): used to name the nearest
 * header when a required column is missing.
 */
export function headerSimilarity(a: string, b: string): number {
  if (a.length === 0 || b.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of a) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let common = 0;
  for (const ch of b) {
    const n = counts.get(ch) ?? 0;
    if (n > 0) {
      common++;
      counts.set(ch, n - 1);
    }
  }
  return (2 * common) / ([...a].length + [...b].length);
}
