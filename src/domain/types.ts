// Registry types (docs/rulebooks.md). Zod schemas are the single definition: the store, the
// importer, the server and the web all derive their types from these.
import { z } from 'zod';
import { INCOME_ITEM_CODES } from './incomeItems.js';
import { TEXT_LIMITS as L, text } from './textLimits.js';

export const isoDate = z
  .string()
  .max(10, '日期格式应为 YYYY-MM-DD')
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

// ---------------------------------------------------------------- regions

export const RegionLevel = z.enum(['county', 'township', 'village']);
export type RegionLevel = z.infer<typeof RegionLevel>;

/** Village-level exit indicators (docs/rulebooks.md). `null` = not recorded. */
export const VillageIndicators = z.object({
  leadingIndustry: z.boolean().nullable(),
  cooperative: z.boolean().nullable(),
  collectiveIncome: z.number().nullable(), // yuan per year
  hardenedRoad: z.boolean().nullable(),
  powerToAllGroups: z.boolean().nullable(),
  cleanEnvironment: z.boolean().nullable(),
  schoolPlaces: z.boolean().nullable(),
  clinicWithDoctor: z.boolean().nullable(),
  pensionCoverage: z.boolean().nullable(),
  dibaoForAllQualified: z.boolean().nullable(),
});
export type VillageIndicators = z.infer<typeof VillageIndicators>;

export const Region = z.object({
  code: text(L.code, '区划代码').min(1),
  name: text(L.name, '区划名称').min(1),
  level: RegionLevel,
  parentCode: text(L.code, '上级区划代码').nullable(),
  /** 农村户籍人口: denominator of incidence (villages; townships/county derive it). */
  ruralPopulation: z.number().int().nonnegative().nullable(),
  /** 贫困村: a registered poor village. */
  poorVillage: z.boolean().default(false),
  /**
   * Year of the village's exit (贫困村退出). An exit year alone is an exit only when it is before
   * the assessment year; see `villageExited` in village.ts.
   */
  exitYear: z.number().int().nullable().default(null),
  /** The exit is recorded as done (status 已退出): the exit procedure's 销号, or the village sheet's 退出状态. */
  exited: z.boolean().default(false),
  indicators: VillageIndicators.nullable().default(null),
});
export type Region = z.infer<typeof Region>;

// ---------------------------------------------------------------- households

export const PovertyAttribute = z.enum(['general', 'dibao', 'tekun']);
export type PovertyAttribute = z.infer<typeof PovertyAttribute>;

export const IdentificationStandard = z.enum(['national', 'provincial', 'municipal']);
export type IdentificationStandard = z.infer<typeof IdentificationStandard>;

export const Cause = z.enum([
  'illness',
  'disability',
  'schooling',
  'disaster',
  'lack-land',
  'lack-water',
  'lack-skills',
  'lack-labour',
  'lack-capital',
  'poor-transport',
  'low-motivation',
  'other',
]);
export type Cause = z.infer<typeof Cause>;

export const ExitStatus = z.enum(['not-exited', 'pre-exit', 'exited', 'returned']);
export type ExitStatus = z.infer<typeof ExitStatus>;

export const Relocation = z.enum(['none', 'planned', 'moved-in']);
export type Relocation = z.infer<typeof Relocation>;

export const HouseGrade = z.enum(['A', 'B', 'C', 'D']);
export type HouseGrade = z.infer<typeof HouseGrade>;

/** Dangerous-house renovation (危房改造): only 'accepted' (竣工验收) can lift a C/D grade by default. */
export const Renovation = z.enum(['none', 'planned', 'in-progress', 'finished', 'accepted']);
export type Renovation = z.infer<typeof Renovation>;

export const Housing = z.object({
  grade: HouseGrade.nullable(),
  renovation: Renovation,
  area: z.number().nonnegative().nullable(), // m²
});
export type Housing = z.infer<typeof Housing>;

export const Water = z.object({
  /** 是否解决安全饮水 as the national system records it; used when details are missing. */
  secured: z.boolean().nullable(),
  piped: z.boolean().nullable(),
  fetchMinutes: z.number().nonnegative().nullable(), // round trip
  litresPerPersonDay: z.number().nonnegative().nullable(),
  qualityOk: z.boolean().nullable(),
  reliabilityPercent: z.number().min(0).max(100).nullable(),
});
export type Water = z.infer<typeof Water>;

export const Cadre = z.object({
  name: text(L.name, '帮扶责任人姓名').nullable(),
  unit: text(L.label, '帮扶责任人单位').nullable(),
  phone: text(L.phone, '帮扶责任人电话').nullable(),
});
export type Cadre = z.infer<typeof Cadre>;

export const Household = z.object({
  id: text(L.key, '户编号').min(1), // 户编号
  villageCode: text(L.code, '村代码').min(1),
  group: text(L.group, '自然村/组').nullable(), // 自然村/组
  attribute: PovertyAttribute,
  standard: IdentificationStandard.nullable(),
  identifiedYear: z.number().int().nullable(),
  mainCause: Cause.nullable(),
  otherCauses: z.array(Cause),
  status: ExitStatus,
  exitYear: z.number().int().nullable(),
  relocation: Relocation,
  /** 兜底保障: the whole household lives on 低保/特困 support. */
  guarantee: z.boolean(),
  /** 吃穿不愁, judged on the household form. */
  foodClothingOk: z.boolean().nullable(),
  foodClothingNote: text(L.note, '吃穿情况说明').nullable(),
  housing: Housing,
  water: Water,
  cultivatedLand: z.number().nonnegative().nullable(), // mu
  forestLand: z.number().nonnegative().nullable(),
  roadDistanceKm: z.number().nonnegative().nullable(),
  sanitaryToilet: z.boolean().nullable(),
  cadre: Cadre,
  workTeam: text(L.label, '驻村工作队').nullable(),
  phone: text(L.phone, '联系电话').nullable(),
  bankAccount: text(L.bankAccount, '银行账号').nullable(),
});
export type Household = z.infer<typeof Household>;

// ---------------------------------------------------------------- members

export const Relation = z.enum([
  'head',
  'spouse',
  'son',
  'daughter',
  'daughter-in-law',
  'son-in-law',
  'grandson',
  'granddaughter',
  'father',
  'mother',
  'grandfather',
  'grandmother',
  'brother',
  'sister',
  'other',
]);
export type Relation = z.infer<typeof Relation>;

export const SchoolStatus = z.enum([
  'none',
  'preschool',
  'primary',
  'grade7',
  'grade8',
  'grade9',
  'high-school',
  'secondary-vocational',
  'higher-vocational',
  'college',
]);
export type SchoolStatus = z.infer<typeof SchoolStatus>;

export const Health = z.enum(['healthy', 'chronic', 'serious-illness', 'disabled']);
export type Health = z.infer<typeof Health>;

export const Labour = z.enum(['ordinary', 'skilled', 'lost', 'none']);
export type Labour = z.infer<typeof Labour>;

export const Sex = z.enum(['M', 'F']);
export type Sex = z.infer<typeof Sex>;

export const Member = z.object({
  id: text(L.key, '人编号').min(1), // 人编号
  householdId: text(L.key, '户编号').min(1),
  name: text(L.name, '姓名').min(1),
  /** Normalised 18-character ID number, or null when the record has none. */
  idNumber: text(L.idNumber, '证件号码').nullable(),
  sex: Sex.nullable(),
  birthDate: isoDate.nullable(),
  ethnicity: text(L.label, '民族').nullable(),
  relation: Relation,
  education: text(L.label, '文化程度').nullable(),
  schoolStatus: SchoolStatus,
  /** Why a compulsory-age child is out of school (失学辍学原因), free text from the form. */
  outOfSchoolReason: text(L.note, '失学辍学原因').nullable(),
  /** 送教上门: taught at home because of severe disability. */
  homeSchooled: z.boolean(),
  health: Health,
  disabilityGrade: z.number().int().min(1).max(4).nullable(),
  labour: Labour.nullable(),
  migrantPlace: text(L.label, '务工地点').nullable(),
  migrantMonths: z.number().min(0).max(12).nullable(),
  basicMedical: z.boolean().nullable(),
  criticalIllness: z.boolean().nullable(),
  pension: z.boolean().nullable(),
  medicalAssistance: z.boolean().nullable(),
  familyDoctor: z.boolean().nullable(),
  phone: text(L.phone, '联系电话').nullable(),
});
export type Member = z.infer<typeof Member>;

// ---------------------------------------------------------------- income

// The catalogue lives in a module without Zod so the web bundle can compute income with the
// same code (src/domain/income.ts) as the server.
export { INCOME_ITEMS, type IncomeCategory, type IncomeItemCode } from './incomeItems.js';
export const IncomeItemCodeSchema = z.enum(INCOME_ITEM_CODES);

export const IncomeForm = z.object({
  householdId: text(L.key, '户编号').min(1),
  year: z.number().int(),
  /** Amounts in yuan per year, every item kept even when the rulebook leaves it out. */
  items: z.partialRecord(IncomeItemCodeSchema, z.number()),
  note: text(L.note, '说明').nullable(),
});
export type IncomeForm = z.infer<typeof IncomeForm>;

// ---------------------------------------------------------------- tasks (minimal; full workflow later)

export const IndicatorCode = z.enum(['income', 'food-clothing', 'water', 'education', 'medical', 'housing']);
export type IndicatorCode = z.infer<typeof IndicatorCode>;

// 'proposed' (建议, made from an assessment gap) and 'declined' (不予立项) never qualify a gap.
export const TaskStatus = z.enum(['proposed', 'open', 'in-progress', 'done', 'verified', 'returned', 'cancelled', 'declined']);
export type TaskStatus = z.infer<typeof TaskStatus>;

export const Task = z.object({
  id: text(L.id, '任务编号').min(1),
  householdId: text(L.key, '户编号').min(1),
  memberId: text(L.key, '人编号').nullable(),
  indicator: IndicatorCode,
  dueDate: isoDate,
  status: TaskStatus,
  sector: text(L.code, '行业部门').nullable(),
  note: text(L.note, '任务说明').nullable(),
});
export type Task = z.infer<typeof Task>;

/** A household with everything the assessment reads. */
export interface HouseholdRecord {
  household: Household;
  members: Member[];
  income: IncomeForm | null;
  tasks: Task[];
}

/**
 * A household with every optional field blank (null, false, empty): the one place that lists them,
 * so a new field is added here once rather than in every importer and fixture.
 */
export function blankHousehold(id: string, villageCode: string): Household {
  return {
    id,
    villageCode,
    group: null,
    attribute: 'general',
    standard: null,
    identifiedYear: null,
    mainCause: null,
    otherCauses: [],
    status: 'not-exited',
    exitYear: null,
    relocation: 'none',
    guarantee: false,
    foodClothingOk: null,
    foodClothingNote: null,
    housing: { grade: null, renovation: 'none', area: null },
    water: { secured: null, piped: null, fetchMinutes: null, litresPerPersonDay: null, qualityOk: null, reliabilityPercent: null },
    cultivatedLand: null,
    forestLand: null,
    roadDistanceKm: null,
    sanitaryToilet: null,
    cadre: { name: null, unit: null, phone: null },
    workTeam: null,
    phone: null,
    bankAccount: null,
  };
}

/** A member with every optional field blank; see blankHousehold. */
export function blankMember(id: string, householdId: string, name: string, relation: Relation): Member {
  return {
    id,
    householdId,
    name,
    idNumber: null,
    sex: null,
    birthDate: null,
    ethnicity: null,
    relation,
    education: null,
    schoolStatus: 'none',
    outOfSchoolReason: null,
    homeSchooled: false,
    health: 'healthy',
    disabilityGrade: null,
    labour: null,
    migrantPlace: null,
    migrantMonths: null,
    basicMedical: null,
    criticalIllness: null,
    pension: null,
    medicalAssistance: null,
    familyDoctor: null,
    phone: null,
  };
}
