/**
 * The kinds of outside list the office receives, each a column profile like the roster's:
 * the columns it understands, the header texts it accepts for each (compared after the
 * roster's `normalizeHeader`), and how a cell is read. Value tables (学籍状态, 险种, national
 * codes ...) map the list's words or codes to ours; they are data, kept in this file and
 * nationalCodes.ts.
 */
import { CAUSE_LABELS, HEALTH_LABELS, RELATION_LABELS, SEX_LABELS } from '../../domain/labels.js';
import { AAC006, AAC007, AAR010, AB01_HEALTH, AB01_RELATION, AB01_SEX } from './nationalCodes.js';

export const LIST_KINDS = [
  'school-roll',
  'education-aid',
  'medical-insurance',
  'housing',
  'civil-affairs',
  'deaths',
  'disability',
  'household-registration',
  'four-kinds',
  'pensions-employment',
  'national-export',
] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/** How a cell is read (see parse.ts). */
export type ColumnKind =
  | 'idNumber' // kept raw: the linkage normalises and judges it
  | 'name'
  | 'text'
  | 'key'
  | 'date'
  | 'year'
  | 'bool'
  | 'number'
  | 'int'
  | 'months'
  | 'villageCode'
  | 'disabilityGrade'
  | 'enum'; // through `values`

export interface ListColumn {
  readonly key: string;
  readonly label: string;
  readonly synonyms: readonly string[];
  readonly kind: ColumnKind;
  /** For 'enum': the list's word or code -> our value. */
  readonly values?: Readonly<Record<string, string>>;
  /** A list without this column is refused. */
  readonly required?: boolean;
}

export interface ListProfile {
  readonly kind: ListKind;
  readonly label: string;
  /** The sector department that sends it. */
  readonly sector: string;
  readonly columns: readonly ListColumn[];
  /**
   * Groups of column keys of which at least one must be present (a person is found by ID
   * number or, without one, by name).
   */
  readonly requireOneOf: readonly (readonly string[])[];
}

function c(
  key: string,
  label: string,
  kind: ColumnKind,
  synonyms: readonly string[] = [],
  extra: Partial<Pick<ListColumn, 'values' | 'required'>> = {},
): ListColumn {
  return { key, label, kind, synonyms, ...extra };
}

function fromLabels(map: { accepted: ReadonlyMap<string, string> }, extra: Record<string, string> = {}): Record<string, string> {
  return { ...Object.fromEntries(map.accepted), ...extra };
}

// ------------------------------------------------------------------ columns shared by every list

const PERSON: ListColumn[] = [
  c('seq', '序号', 'text', ['编号', 'NO', 'NO.']),
  c('name', '姓名', 'name', [
    '学生姓名',
    '参保人姓名',
    '人员姓名',
    '户主姓名',
    '死者姓名',
    '持证人姓名',
    '成员姓名',
    '被保障人姓名',
    '申请人姓名',
    '残疾人姓名',
  ]),
  c('idNumber', '身份证号', 'idNumber', [
    '身份证号码',
    '公民身份号码',
    '证件号码',
    '身份证件号码',
    '证件号',
    '学生身份证号',
    '户主身份证号',
    '户主身份证号码',
    '户主证件号码',
    '参保人身份证号',
    '社会保障号码',
  ]),
  c('sex', '性别', 'enum', [], { values: fromLabels(SEX_LABELS, { 男性: 'M', 女性: 'F', '1': 'M', '2': 'F' }) }),
  c('birthDate', '出生日期', 'date', ['出生年月', '出生年月日', '出生时间']),
  c('county', '县', 'text', ['县(市、区)', '县区', '区县']),
  c('township', '乡镇', 'text', ['乡(镇)', '乡镇(街道)', '所属乡镇', '乡镇名称']),
  c('village', '行政村', 'text', ['村', '村(社区)', '所属村', '行政村名称', '村委会']),
  c('villageCode', '行政区划代码', 'villageCode', ['区划代码', '村代码', '行政村代码']),
  c('relation', '与户主关系', 'enum', ['与户主的关系', '家庭关系'], { values: fromLabels(RELATION_LABELS) }),
  c('note', '备注', 'text', ['说明']),
];

const ID_OR_NAME = [['idNumber', 'name']] as const;

const SCHOOL_STATUS = {
  在读: 'enrolled',
  在校: 'enrolled',
  正常: 'enrolled',
  休学: 'suspended',
  辍学: 'dropped-out',
  失学: 'dropped-out',
  流失: 'dropped-out',
  转学: 'transferred',
  转出: 'transferred',
  毕业: 'graduated',
  送教上门: 'home-schooled',
};
const AID_ITEMS = {
  两免一补: 'two-exemptions',
  营养餐: 'nutrition',
  营养改善计划: 'nutrition',
  寄宿生生活补助: 'boarding-subsidy',
  寄宿生生活费补助: 'boarding-subsidy',
  雨露计划: 'yulu',
  国家助学金: 'grant',
  免学费: 'tuition-waiver',
};
const INSURANCE_KINDS = {
  基本医保: 'basic',
  城乡居民基本医疗保险: 'basic',
  城乡居民医保: 'basic',
  基本医疗保险: 'basic',
  新农合: 'basic',
  大病保险: 'critical-illness',
  城乡居民大病保险: 'critical-illness',
  补充医疗保险: 'supplementary',
};
const ENROLMENT = {
  参保: 'enrolled',
  已参保: 'enrolled',
  正常参保: 'enrolled',
  正常: 'enrolled',
  缴费: 'enrolled',
  已缴费: 'enrolled',
  未参保: 'not-enrolled',
  未缴费: 'not-enrolled',
  停保: 'stopped',
  暂停: 'stopped',
  终止: 'stopped',
  中断: 'stopped',
};
const HOUSE_GRADE = { A: 'A', B: 'B', C: 'C', D: 'D', A级: 'A', B级: 'B', C级: 'C', D级: 'D', C级危房: 'C', D级危房: 'D', 安全: 'A' };
const RENOVATION = {
  未改造: 'none',
  已列入计划: 'planned',
  列入计划: 'planned',
  计划改造: 'planned',
  正在改造: 'in-progress',
  在建: 'in-progress',
  改造中: 'in-progress',
  已竣工: 'finished',
  已竣工未验收: 'finished',
  已竣工验收: 'accepted',
  已验收: 'accepted',
  竣工验收: 'accepted',
};
const ASSISTANCE = {
  低保: 'dibao',
  农村低保: 'dibao',
  城乡低保: 'dibao',
  最低生活保障: 'dibao',
  特困: 'tekun',
  特困供养: 'tekun',
  特困人员: 'tekun',
  五保: 'tekun',
  农村五保: 'tekun',
};
const DEATH_SOURCE = {
  火化: 'cremation',
  民政火化: 'cremation',
  殡葬: 'cremation',
  户籍注销: 'police',
  死亡注销: 'police',
  公安注销: 'police',
  医学死亡证明: 'medical',
};
const DISABILITY_TYPE = {
  视力: 'visual',
  视力残疾: 'visual',
  听力: 'hearing',
  听力残疾: 'hearing',
  言语: 'speech',
  言语残疾: 'speech',
  肢体: 'physical',
  肢体残疾: 'physical',
  智力: 'intellectual',
  智力残疾: 'intellectual',
  精神: 'mental',
  精神残疾: 'mental',
  多重: 'multiple',
  多重残疾: 'multiple',
};
const MOVES = { 迁入: 'in', 迁出: 'out', 出生: 'born', 死亡: 'died', 注销: 'removed', 分户: 'split', 立户: 'new-household' };
const FOUR_KINDS = {
  财政供养人员: 'public-payroll',
  财政供养: 'public-payroll',
  公职人员: 'public-payroll',
  车辆: 'vehicle',
  机动车: 'vehicle',
  非农用车: 'vehicle',
  商品房: 'town-flat',
  城镇商品房: 'town-flat',
  不动产: 'town-flat',
  工商注册: 'business',
  个体工商户: 'business',
  企业法人: 'business',
  企业股东: 'business',
};

export const LIST_PROFILES: Readonly<Record<ListKind, ListProfile>> = {
  'school-roll': {
    kind: 'school-roll',
    label: '学籍名单',
    sector: '教育',
    requireOneOf: ID_OR_NAME,
    columns: [
      ...PERSON,
      c('school', '学校', 'text', ['学校名称', '就读学校', '在读学校']),
      c('grade', '年级', 'text', ['就读年级', '年级名称']),
      c('class', '班级', 'text', ['班级名称']),
      c('schoolStatus', '学籍状态', 'enum', ['在校状态', '就读状态', '学生状态', '在读状态'], { values: SCHOOL_STATUS, required: true }),
      c('studentId', '学籍号', 'key', ['全国学籍号', '学籍辅号']),
    ],
  },
  'education-aid': {
    kind: 'education-aid',
    label: '教育资助名单',
    sector: '教育',
    requireOneOf: ID_OR_NAME,
    columns: [
      ...PERSON,
      c('school', '学校', 'text', ['学校名称', '就读学校']),
      c('aidItem', '资助项目', 'enum', ['资助类别', '资助类型', '项目名称'], { values: AID_ITEMS, required: true }),
      c('amount', '金额', 'number', ['资助金额', '发放金额', '金额(元)']),
      c('year', '年度', 'year', ['资助年度', '学年']),
    ],
  },
  'medical-insurance': {
    kind: 'medical-insurance',
    label: '医保参保名单',
    sector: '医保',
    requireOneOf: ID_OR_NAME,
    columns: [
      ...PERSON,
      c('insuranceKind', '险种', 'enum', ['险种类型', '参保险种', '保险类型'], { values: INSURANCE_KINDS }),
      c('enrolment', '参保状态', 'enum', ['缴费状态', '人员参保状态'], { values: ENROLMENT, required: true }),
      c('criticalIllness', '大病保险', 'bool', ['是否参加大病保险']),
      c('medicalAssistance', '医疗救助', 'bool', ['是否医疗救助', '医疗救助对象']),
      c('treatFirst', '先诊疗后付费', 'bool', ['是否先诊疗后付费']),
      c('oneStop', '一站式结算', 'bool', ['一站式', '是否一站式结算', '一站式服务']),
      c('year', '参保年度', 'year', ['年度', '缴费年度']),
    ],
  },
  housing: {
    kind: 'housing',
    label: '危房鉴定与改造名单',
    sector: '住建',
    requireOneOf: ID_OR_NAME,
    columns: [
      ...PERSON,
      c('houseGrade', '鉴定等级', 'enum', ['危房等级', '房屋等级', '住房安全等级', '危房鉴定等级'], { values: HOUSE_GRADE, required: true }),
      c('renovation', '改造状态', 'enum', ['危房改造情况', '改造情况', '危改状态'], { values: RENOVATION }),
      c('acceptanceDate', '竣工验收日期', 'date', ['验收日期', '竣工日期', '验收时间']),
      c('renovationYear', '改造年度', 'year', ['危改年度']),
    ],
  },
  'civil-affairs': {
    kind: 'civil-affairs',
    label: '低保特困名单',
    sector: '民政',
    requireOneOf: ID_OR_NAME,
    columns: [
      ...PERSON,
      c('assistance', '保障类别', 'enum', ['救助类别', '保障类型', '类别', '对象类别'], { values: ASSISTANCE, required: true }),
      c('from', '起始日期', 'date', ['保障起始时间', '开始日期', '纳入时间']),
      c('to', '终止日期', 'date', ['保障终止时间', '结束日期', '退出时间']),
      c('householdSize', '保障人口', 'int', ['保障人数', '家庭人口']),
    ],
  },
  deaths: {
    kind: 'deaths',
    label: '死亡人员名单',
    sector: '民政/公安',
    requireOneOf: ID_OR_NAME,
    columns: [
      ...PERSON,
      c('deathDate', '死亡日期', 'date', ['死亡时间', '注销日期', '火化日期'], { required: true }),
      c('deathSource', '数据来源', 'enum', ['来源', '注销原因', '登记类别'], { values: DEATH_SOURCE }),
    ],
  },
  disability: {
    kind: 'disability',
    label: '残疾人证名单',
    sector: '残联',
    requireOneOf: ID_OR_NAME,
    columns: [
      ...PERSON,
      c('disabilityType', '残疾类别', 'enum', ['残疾类型'], { values: DISABILITY_TYPE, required: true }),
      c('disabilityGrade', '残疾等级', 'disabilityGrade', ['残疾级别', '等级'], { required: true }),
      c('certificateNo', '残疾人证号码', 'key', ['残疾证号', '证号']),
    ],
  },
  'household-registration': {
    kind: 'household-registration',
    label: '户籍名单',
    sector: '公安',
    requireOneOf: ID_OR_NAME,
    columns: [
      ...PERSON,
      c('hukouNo', '户号', 'key', ['户籍号', '户口号'], { required: true }),
      c('move', '迁移情况', 'enum', ['迁入迁出', '变动类型', '变动情况'], { values: MOVES }),
      c('moveDate', '变动日期', 'date', ['迁移日期', '迁入日期', '迁出日期']),
    ],
  },
  'four-kinds': {
    kind: 'four-kinds',
    label: '四类人员名单',
    sector: '财政/车管/不动产/市场监管',
    requireOneOf: [['idNumber']],
    columns: [
      ...PERSON,
      c('fourKind', '类别', 'enum', ['人员类别', '比对类别', '数据类别'], { values: FOUR_KINDS, required: true }),
      c('detail', '详情', 'text', ['单位', '车牌号', '房屋坐落', '企业名称', '所在单位']),
    ],
  },
  'pensions-employment': {
    kind: 'pensions-employment',
    label: '养老保险与就业名单',
    sector: '人社',
    requireOneOf: ID_OR_NAME,
    columns: [
      ...PERSON,
      c('pension', '养老保险参保', 'bool', ['是否参加养老保险', '城乡居民养老保险', '养老保险']),
      c('employer', '务工单位', 'text', ['就业单位', '工作单位']),
      c('workMonths', '务工月数', 'months', ['务工时间', '就业月数']),
      c('wage', '工资收入', 'number', ['月工资', '工资', '务工收入']),
    ],
  },
  'national-export': {
    kind: 'national-export',
    label: '全国扶贫开发信息系统导出',
    sector: '国务院扶贫办系统',
    requireOneOf: [['idNumber']],
    columns: [
      c('householdId', '户编号', 'key', ['aac001', 'AAC001'], { required: true }),
      c('memberId', '人编号', 'key', ['aab001', 'AAB001', '人员编号']),
      c('headIdNumber', '户主证件号码', 'idNumber', ['aac031', 'AAC031']),
      c('householdSize', '家庭人口数', 'int', ['aac017', 'AAC017']),
      c('attribute', '贫困户属性', 'enum', ['aac006', 'AAC006', '户属性'], { values: AAC006 }),
      c('status', '脱贫状态', 'enum', ['aar010', 'AAR010', '脱贫属性'], { values: AAR010 }),
      c('exitYear', '脱贫年度', 'year', ['aac023', 'AAC023']),
      c('identifiedAt', '首次识别时间', 'date', ['aar041', 'AAR041']),
      c('mainCause', '主要致贫原因', 'enum', ['aac007', 'AAC007'], { values: { ...AAC007, ...fromLabels(CAUSE_LABELS) } }),
      c('name', '姓名', 'name', ['aab002', 'AAB002', '成员姓名']),
      c('idNumber', '证件号码', 'idNumber', ['aab004', 'AAB004', '身份证号', '身份证号码']),
      c('sex', '性别', 'enum', ['aab003', 'AAB003'], { values: AB01_SEX }),
      c('relation', '与户主关系', 'enum', ['aab006', 'AAB006'], { values: { ...AB01_RELATION, ...fromLabels(RELATION_LABELS) } }),
      c('ethnicity', '民族', 'text', ['aab005', 'AAB005']),
      c('health', '健康状况', 'enum', ['aab017', 'AAB017'], { values: { ...AB01_HEALTH, ...fromLabels(HEALTH_LABELS) } }),
      c('criticalIllness', '是否参加大病保险', 'bool', ['大病保险']),
      c('township', '乡镇', 'text', ['乡(镇)']),
      c('village', '行政村', 'text', ['村']),
      c('villageCode', '行政区划代码', 'villageCode', ['aar008', 'AAR008', '区划代码']),
    ],
  },
};
