// The roster's enum columns: the labels the domain prints plus the extra spellings accepted
// here, each column typed by the codes it yields.
import {
  ATTRIBUTE_LABELS,
  CAUSE_LABELS,
  GRADE_LABELS,
  HEALTH_LABELS,
  INDICATOR_LABELS,
  LABOUR_LABELS,
  RELATION_LABELS,
  RELOCATION_LABELS,
  RENOVATION_LABELS,
  SCHOOL_STATUS_LABELS,
  SEX_LABELS,
  STANDARD_LABELS,
  STATUS_LABELS,
  TASK_STATUS_LABELS,
} from '../../domain/labels.js';
import type { LabelMap } from '../../domain/labels.js';
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
  Renovation,
  SchoolStatus,
  Sex,
  TaskStatus,
} from '../../domain/types.js';
import type { EnumName } from './profile.js';
import { enumReader, listReader } from './values.js';
import type { Reader } from './values.js';

/** The code type each enum column yields. */
export interface EnumCodes {
  attribute: PovertyAttribute;
  standard: IdentificationStandard;
  cause: Cause;
  status: ExitStatus;
  relocation: Relocation;
  grade: HouseGrade;
  renovation: Renovation;
  relation: Relation;
  schoolStatus: SchoolStatus;
  health: Health;
  labour: Labour;
  sex: Sex;
  indicator: IndicatorCode;
  taskStatus: TaskStatus;
}

type LabelMaps = { readonly [N in EnumName]: LabelMap<EnumCodes[N]> };
type Synonyms = { readonly [N in EnumName]?: Readonly<Record<string, EnumCodes[N]>> };

/** Spellings accepted here on top of labels.ts (proposed for labels.ts; kept local until then). */
const LOCAL_SYNONYMS: Synonyms = {
  renovation: { 已列入计划: 'planned', 列入计划: 'planned', 已竣工未验收: 'finished', 竣工: 'finished' },
  taskStatus: {
    未开始: 'open',
    待整改: 'open',
    未完成: 'open',
    整改中: 'in-progress',
    已完成: 'done',
    完成: 'done',
    已核验: 'verified',
    已验证: 'verified',
    退回: 'returned',
    取消: 'cancelled',
  },
  indicator: {
    吃穿: 'food-clothing',
    安全饮水: 'water',
    饮水: 'water',
    教育: 'education',
    医疗: 'medical',
    住房: 'housing',
    住房安全保障: 'housing',
    收入达标: 'income',
  },
  sex: { 男性: 'M', 女性: 'F' },
  status: { 未脱贫户: 'not-exited', 预脱贫户: 'pre-exit', 已脱贫户: 'exited', 脱贫户: 'exited', 返贫户: 'returned' },
  relocation: { 非搬迁户: 'none', 不是: 'none' },
  grade: { 无: 'A', 安全: 'A' },
  schoolStatus: { 非在校学生: 'none', 不在校: 'none', 无: 'none', 否: 'none' },
  health: { 残疾人: 'disabled', 长期慢性病患者: 'chronic' },
  labour: { 弱劳动力: 'ordinary', 半劳动力: 'ordinary', 弱劳动力或半劳动力: 'ordinary' },
};

const LABEL_MAPS: LabelMaps = {
  attribute: ATTRIBUTE_LABELS,
  standard: STANDARD_LABELS,
  cause: CAUSE_LABELS,
  status: STATUS_LABELS,
  relocation: RELOCATION_LABELS,
  grade: GRADE_LABELS,
  renovation: RENOVATION_LABELS,
  relation: RELATION_LABELS,
  schoolStatus: SCHOOL_STATUS_LABELS,
  health: HEALTH_LABELS,
  labour: LABOUR_LABELS,
  sex: SEX_LABELS,
  indicator: INDICATOR_LABELS,
  taskStatus: TASK_STATUS_LABELS,
};

export function enumLookup<N extends EnumName>(name: N): (text: string) => EnumCodes[N] | undefined {
  const map: LabelMap<EnumCodes[N]> = LABEL_MAPS[name];
  const local: Readonly<Record<string, EnumCodes[N]>> = LOCAL_SYNONYMS[name] ?? {};
  return (text) => map.code(text) ?? (Object.hasOwn(local, text) ? local[text] : undefined);
}

/** A cell reader for one enum column (memoised per distinct text). */
export function enumCell<N extends EnumName>(name: N): Reader<EnumCodes[N]> {
  return enumReader(enumLookup(name));
}

/** Several causes in one cell. */
export function causesCell(): Reader<Cause[]> {
  return listReader(enumLookup('cause'));
}

/** An unknown value in these columns rejects the import: they decide who is screened at all. */
export const STRICT_ENUMS: ReadonlySet<string> = new Set(['attribute', 'status', 'relocation', 'taskIndicator', 'taskStatus']);

export function enumChoices(name: EnumName): string {
  if (name === 'relocation') return '否、未入住、已入住';
  if (name === 'renovation') return '未改造、已列入计划、改造中、已竣工、已验收';
  const map: LabelMap<string> = LABEL_MAPS[name];
  return map.codes.map((c) => map.label(c)).join('、');
}
