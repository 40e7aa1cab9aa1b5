// Which record fields a roster's columns carry (docs/roster.md: a re-import changes only what the
// file carries), from the profile's field keys the sheets have columns for.
import type { Carried } from '../../domain/carried.js';
import { INCOME_ITEMS } from '../../domain/types.js';
import { HOUSEHOLD_READERS } from './householdFields.js';
import type { HouseholdFieldKey } from './householdFields.js';
import { field } from './profile.js';

/** Household record path(s) of each household-level field; location, size and income go elsewhere. */
const HOUSEHOLD_PATHS: Partial<Record<HouseholdFieldKey, string>> = {
  county: 'villageCode',
  township: 'villageCode',
  village: 'villageCode',
  villageCode: 'villageCode',
  group: 'group',
  attribute: 'attribute',
  standard: 'standard',
  identifiedYear: 'identifiedYear',
  mainCause: 'mainCause',
  otherCauses: 'otherCauses',
  status: 'status',
  exitYear: 'exitYear',
  relocation: 'relocation',
  guarantee: 'guarantee',
  foodClothingOk: 'foodClothingOk',
  foodClothingNote: 'foodClothingNote',
  dangerousHouse: 'housing.grade',
  houseGrade: 'housing.grade',
  renovation: 'housing.renovation',
  houseArea: 'housing.area',
  waterSecured: 'water.secured',
  waterPiped: 'water.piped',
  fetchMinutes: 'water.fetchMinutes',
  litresPerPersonDay: 'water.litresPerPersonDay',
  waterQualityOk: 'water.qualityOk',
  waterReliability: 'water.reliabilityPercent',
  cultivatedLand: 'cultivatedLand',
  forestLand: 'forestLand',
  roadDistanceKm: 'roadDistanceKm',
  sanitaryToilet: 'sanitaryToilet',
  cadreName: 'cadre.name',
  cadreUnit: 'cadre.unit',
  cadrePhone: 'cadre.phone',
  workTeam: 'workTeam',
  householdPhone: 'phone',
  bankAccount: 'bankAccount',
};

/** Member paths by field key; the ID number also decides sex and birth date. */
const MEMBER_PATHS: Readonly<Record<string, readonly string[]>> = {
  name: ['name'],
  idNumber: ['idNumber', 'sex', 'birthDate'],
  sex: ['sex'],
  birthDate: ['birthDate'],
  relation: ['relation'],
  memberPhone: ['phone'],
};
const MEMBER_SAME_NAME = [
  'ethnicity',
  'education',
  'schoolStatus',
  'outOfSchoolReason',
  'homeSchooled',
  'health',
  'disabilityGrade',
  'labour',
  'migrantPlace',
  'migrantMonths',
  'basicMedical',
  'criticalIllness',
  'pension',
  'medicalAssistance',
  'familyDoctor',
];

function villagePath(key: string): string | null {
  if (key === 'ruralPopulation' || key === 'poorVillage') return key;
  if (key === 'villageExitYear') return 'exitYear';
  if (key === 'villageExited') return 'exited';
  if (key.startsWith('village.')) return `indicators.${key.slice('village.'.length)}`;
  return null;
}

export interface ColumnsSeen {
  /** Field keys of household-carrying sheets (roster, household, income). */
  household: ReadonlySet<string>;
  /** Field keys of person sheets. */
  member: ReadonlySet<string>;
  /** Field keys of village sheets. */
  village: ReadonlySet<string>;
  villageRows: readonly string[];
  unnamedRegions: readonly string[];
}

export function carriedOf(seen: ColumnsSeen): Carried {
  const household = new Set(['id']);
  const income = new Set(['householdId', 'year']);
  for (const key of seen.household) {
    const p = HOUSEHOLD_PATHS[key as HouseholdFieldKey];
    if (p !== undefined) household.add(p);
    if (key.startsWith('income.')) income.add(`items.${key.slice('income.'.length)}`);
    if (key === 'incomeNote') income.add('note');
  }
  const member = new Set(['id', 'householdId']);
  for (const key of seen.member) {
    for (const p of MEMBER_PATHS[key] ?? (MEMBER_SAME_NAME.includes(key) ? [key] : [])) member.add(p);
  }
  const village = new Set<string>();
  for (const key of seen.village) {
    const p = villagePath(key);
    if (p !== null) village.add(p);
  }
  return {
    household: [...household],
    member: [...member],
    income: [...income],
    village: [...village],
    villageRows: [...seen.villageRows],
    unnamedRegions: [...seen.unnamedRegions],
  };
}

/** Village fields a village sheet can carry, by path, with their column labels. */
const VILLAGE_LABELS: readonly [string, string][] = [
  ['ruralPopulation', field('ruralPopulation').label],
  ['poorVillage', field('poorVillage').label],
  ['exitYear', field('villageExitYear').label],
  ['exited', field('villageExited').label],
];

/**
 * What the file leaves as stored, in words for the import report: a missing village sheet, village
 * and household columns the file does not have. Member columns are not listed: a member file
 * rarely has them all, and the list would drown the rest.
 */
export function notCarriedNotices(carried: Carried): string[] {
  const out: string[] = [];
  if (carried.villageRows.length === 0) {
    out.push('文件中没有村情表：各村的农村户籍人口、是否贫困村、退出情况和村级指标不由本文件更新，库中已有的数据保持不变');
  } else {
    const has = new Set(carried.village);
    const missing = VILLAGE_LABELS.filter(([p]) => !has.has(p)).map(([, label]) => label);
    if (![...has].some((p) => p.startsWith('indicators.'))) missing.push('村级指标');
    if (missing.length > 0) out.push(`村情表中没有以下列，库中原值保持不变：${missing.join('、')}`);
  }
  const has = new Set(carried.household);
  const labels: string[] = [];
  const seenPaths = new Set<string>();
  for (const key of Object.keys(HOUSEHOLD_READERS) as HouseholdFieldKey[]) {
    const p = HOUSEHOLD_PATHS[key];
    if (p === undefined || p === 'villageCode' || has.has(p) || seenPaths.has(p)) continue;
    seenPaths.add(p);
    labels.push(field(key === 'dangerousHouse' ? 'houseGrade' : key).label);
  }
  if (labels.length > 0) out.push(`文件中没有以下户信息列，已有农户的这些信息保持不变：${labels.join('、')}`);
  if (!INCOME_ITEMS.some((i) => carried.income.includes(`items.${i.code}`))) out.push('文件中没有收入列：已有农户的收入信息保持不变');
  return out;
}
