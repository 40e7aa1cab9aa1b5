// Chinese labels for the registry enums (types.ts), both ways. The label is what the national
// poverty information system (全国扶贫开发信息系统) and the county's own forms print; the importer
// reads labels back to codes, the ledgers and notices print them. Synonyms are spellings seen
// in real exports and hand-made sheets; they map to a code but are never printed.
import type {
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

export interface LabelMap<C extends string> {
  /** Every code in declaration order. */
  readonly codes: readonly C[];
  /** code -> the one printed label. */
  readonly labels: Readonly<Record<C, string>>;
  label(code: C): string;
  /** label (or known synonym) -> code; undefined when the text is not recognised. */
  code(text: string): C | undefined;
  /** Every accepted spelling with its code (labels first), e.g. for an error message listing choices. */
  readonly accepted: ReadonlyMap<string, C>;
}

// Spreadsheets carry stray spaces (including the ideographic space) and full-width brackets
// typed by hand; neither changes the meaning of an enum value.
function canonical(text: string): string {
  return text
    .replace(/[\s\u3000]+/gu, '')
    .replace(/（/gu, '(')
    .replace(/）/gu, ')');
}

export function labelMap<C extends string>(labels: Record<C, string>, synonyms: Record<string, C> = {}): LabelMap<C> {
  const codes = Object.keys(labels) as C[];
  const accepted = new Map<string, C>();
  const lookup = new Map<string, C>();
  for (const c of codes) {
    const label = labels[c];
    if (lookup.has(canonical(label))) throw new Error(`标签重复：${label}`);
    accepted.set(label, c);
    lookup.set(canonical(label), c);
  }
  for (const [text, c] of Object.entries(synonyms)) {
    const key = canonical(text);
    const existing = lookup.get(key);
    if (existing !== undefined && existing !== c) throw new Error(`同义词“${text}”与已有标签冲突`);
    accepted.set(text, c);
    lookup.set(key, c);
  }
  // Codes are also accepted, so a sheet exported by this system in code form reads back.
  for (const c of codes) if (!lookup.has(canonical(c))) lookup.set(canonical(c), c);
  const frozen = Object.freeze({ ...labels });
  return Object.freeze({
    codes: Object.freeze(codes),
    labels: frozen,
    label: (code: C) => frozen[code],
    code: (text: string) => lookup.get(canonical(text)),
    accepted,
  });
}

export const ATTRIBUTE_LABELS = labelMap<PovertyAttribute>(
  { general: '一般贫困户', dibao: '低保贫困户', tekun: '特困供养贫困户' },
  { 一般户: 'general', 低保户: 'dibao', 特困户: 'tekun', 特困供养户: 'tekun', 五保户: 'tekun', 五保贫困户: 'tekun' },
);

export const STANDARD_LABELS = labelMap<IdentificationStandard>(
  { national: '国家标准', provincial: '省定标准', municipal: '市定标准' },
  { 国家: 'national', 国定: 'national', 省定: 'provincial', 省级: 'provincial', 市定: 'municipal', 市级: 'municipal' },
);

export const CAUSE_LABELS = labelMap<Cause>(
  {
    illness: '因病',
    disability: '因残',
    schooling: '因学',
    disaster: '因灾',
    'lack-land': '缺土地',
    'lack-water': '缺水',
    'lack-skills': '缺技术',
    'lack-labour': '缺劳力',
    'lack-capital': '缺资金',
    'poor-transport': '交通条件落后',
    'low-motivation': '自身发展动力不足',
    other: '其他',
  },
  { 缺劳动力: 'lack-labour', 交通落后: 'poor-transport', 内生动力不足: 'low-motivation' },
);

export const STATUS_LABELS = labelMap<ExitStatus>(
  { 'not-exited': '未脱贫', 'pre-exit': '预脱贫', exited: '已脱贫', returned: '返贫' },
  { 脱贫: 'exited', 稳定脱贫: 'exited' },
);

export const RELOCATION_LABELS = labelMap<Relocation>(
  { none: '非易地扶贫搬迁户', planned: '搬迁未入住', 'moved-in': '搬迁已入住' },
  { 否: 'none', 无: 'none', 未搬迁: 'none', 未入住: 'planned', 易地扶贫搬迁未入住: 'planned', 已入住: 'moved-in', 易地扶贫搬迁已入住: 'moved-in' },
);

export const GRADE_LABELS = labelMap<HouseGrade>({ A: 'A级', B: 'B级', C: 'C级危房', D: 'D级危房' }, { C级: 'C', D级: 'D', A级安全: 'A', B级安全: 'B' });

export const RENOVATION_LABELS = labelMap<Renovation>(
  { none: '未改造', planned: '已列入改造计划', 'in-progress': '正在改造', finished: '已竣工未验收', accepted: '已竣工验收' },
  { 无: 'none', 计划改造: 'planned', 改造中: 'in-progress', 在建: 'in-progress', 已竣工: 'finished', 已验收: 'accepted', 竣工验收: 'accepted' },
);

export const RELATION_LABELS = labelMap<Relation>(
  {
    head: '户主',
    spouse: '配偶',
    son: '之子',
    daughter: '之女',
    'daughter-in-law': '之儿媳',
    'son-in-law': '之女婿',
    grandson: '之孙子',
    granddaughter: '之孙女',
    father: '之父',
    mother: '之母',
    grandfather: '之祖父',
    grandmother: '之祖母',
    brother: '之兄弟',
    sister: '之姐妹',
    other: '其他',
  },
  {
    本人: 'head',
    妻子: 'spouse',
    丈夫: 'spouse',
    儿子: 'son',
    女儿: 'daughter',
    儿媳: 'daughter-in-law',
    女婿: 'son-in-law',
    孙子: 'grandson',
    孙女: 'granddaughter',
    父亲: 'father',
    母亲: 'mother',
  },
);

export const SCHOOL_STATUS_LABELS = labelMap<SchoolStatus>(
  {
    none: '非在校生',
    preschool: '学前',
    primary: '小学',
    grade7: '七年级',
    grade8: '八年级',
    grade9: '九年级',
    'high-school': '高中',
    'secondary-vocational': '中职',
    'higher-vocational': '高职',
    college: '大专及以上',
  },
  {
    学前教育: 'preschool',
    初一: 'grade7',
    初二: 'grade8',
    初三: 'grade9',
    普通高中: 'high-school',
    '中职(中专)': 'secondary-vocational',
    中专: 'secondary-vocational',
    '高职(大专)': 'higher-vocational',
    本科及以上: 'college',
  },
);

export const HEALTH_LABELS = labelMap<Health>(
  { healthy: '健康', chronic: '长期慢性病', 'serious-illness': '患有大病', disabled: '残疾' },
  { 大病: 'serious-illness', 慢性病: 'chronic' },
);

export const LABOUR_LABELS = labelMap<Labour>({ ordinary: '普通劳动力', skilled: '技能劳动力', lost: '丧失劳动力', none: '无劳动力' });

export const SEX_LABELS = labelMap<Sex>({ M: '男', F: '女' });

export const REGION_LEVEL_LABELS = labelMap<RegionLevel>(
  { county: '县', township: '乡镇', village: '行政村' },
  { 乡: 'township', 镇: 'township', 村: 'village' },
);

export const TASK_STATUS_LABELS = labelMap<TaskStatus>({
  proposed: '建议',
  open: '待办',
  'in-progress': '进行中',
  done: '已完成待验收',
  verified: '已验收',
  returned: '已退回',
  cancelled: '已取消',
  declined: '不予立项',
});

/** Default indicator names; the assessment prints the rulebook's own labels. */
export const INDICATOR_LABELS = labelMap<IndicatorCode>({
  income: '收入',
  'food-clothing': '吃穿不愁',
  water: '饮水安全',
  education: '义务教育',
  medical: '基本医疗',
  housing: '住房安全',
});
