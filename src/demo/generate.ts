/**
 * A deterministic, seeded synthetic county for demos, tests and benchmarks (示范县).
 *
 * Pure: the same options give the same county, byte for byte. No Math.random, no clock; the
 * assessment year is an option and the reference date is its 31 December.
 *
 * ## Codes (all fictitious, all well-formed)
 * - County 629901: '62' is a real province prefix (so ID numbers validate), '99' is a city
 *   part that does not exist, so no generated ID number can belong to a real person.
 * - Township: county + 3 digits = 9 digits, 101, 102, ... (629901101).
 * - Village: township + 3 digits = 12 digits, 201, 202, ... (629901101201) — the layout of the
 *   12-digit statistical division code (county 6 + township 3 + village 3, 村委会 from 2xx). Each
 *   code is a prefix of its children's codes, so a region filter is a prefix match.
 * - Household number (户编号): village code + 4 digits = 16 digits.
 * - Person number (人编号): household number + 3 digits = 19 digits (never 18, so a person number
 *   is never mistaken for an ID number).
 * - ID numbers: makeIdNumber(629901, birth date, sequence), odd sequence for men; unique.
 * - Phones: 13d-0000-nnnn (the middle block is always 0000) — members and households use
 *   130…138, cadres 139. Bank accounts: 19 digits starting 62990000, with a Luhn check digit.
 *
 * ## What it aims at (under the seed county's rulebook, seed-county-2018: line 3,700 yuan,
 * income must be greater than the line, excluded items as in gansu-2018)
 * See DEMO_TARGETS. The generator decides each household's facts, then checks them with the same
 * rules the assessment applies (findGaps, countedNet below) to create tasks and income forms,
 * so the classes come out near the targets without calling the assessment engine.
 *
 * ## Village exit: a county in its planned exit year
 * 40 % of the villages are poor; a quarter of those exited in earlier years. Of the rest, 82 %
 * are planned to exit this year and 18 % (the remotest, give or take) are deep-poverty villages
 * left for later. The households that will still be poor after this year's exits (guaranteed,
 * relocation not moved in, class C) gather in the deep-poverty villages, so a planned village
 * sits at an incidence of about 10-20 % before and 0.5-2.5 % after, and a deep-poverty village at
 * 25-45 % before and 10-20 % after. A few planned villages are behind on relocation and end just
 * above 3 %; about one planned village in twelve still lacks a village indicator (collective
 * income most often, then road, environment, clinic...). Run through the engine, about 70 % of
 * the open poor villages come out pre-exit, so exited + pre-exit ≈ 77-80 % of the poor villages:
 * at or just under the province's 80 %, with named blockers to work on. County incidence after
 * exit ≈ 2.5 %.
 */
import { makeIdNumber } from '../domain/idNumber.js';
import { evaluateIndicators, isNonIncomeIndicator, openGaps } from '../domain/indicators.js';
import type {
  Cadre,
  Cause,
  Health,
  Household,
  HouseholdRecord,
  IncomeForm,
  IncomeItemCode,
  IndicatorCode,
  Labour,
  Member,
  PovertyAttribute,
  Region,
  Relation,
  Relocation,
  SchoolStatus,
  Sex,
  Task,
  VillageIndicators,
  ExitStatus,
  HouseGrade,
  Renovation,
} from '../domain/types.js';
import { loadRulebook } from '../rulebooks/loader.js';
import { OUT_OF_SCOPE } from '../domain/assessment.js';
import { pickClass } from '../domain/classes.js';
import { Random } from '../domain/random.js';
import { CADRE_UNITS, MIGRANT_PLACES, TOWNSHIP_STEMS, groupName, personName, placeName, surnameFor, type Ethnicity } from './names.js';

export const DEMO_COUNTY_CODE = '629901';
export const DEMO_COUNTY_NAME = '示范县';

export interface GenerateOptions {
  seed?: number;
  /** 1 = the full county (~15,000 households); smaller values keep the proportions. */
  scale?: number;
  /** Assessment year; the reference date is its 31 December. Default 2018. */
  year?: number;
}

export interface DemoCounty {
  regions: Region[];
  households: Household[];
  members: Member[];
  incomes: IncomeForm[];
  tasks: Task[];
}

/** The rules the generator reasons with: those of rulebooks/seed-county-2018.json. */
// The generator aims at classes under the seed county's rulebook, so it reads the thresholds
// from that rulebook rather than keeping its own copy of them.
const SEED_RULEBOOK = loadRulebook('seed-county-2018');
export const DEMO_RULES = {
  line: SEED_RULEBOOK.lines[SEED_RULEBOOK.income.line]!,
  compulsoryMinAge: SEED_RULEBOOK.indicators.education.rule.minAge,
  compulsoryMaxAge: SEED_RULEBOOK.indicators.education.rule.maxAge,
  completedLevels: SEED_RULEBOOK.indicators.education.rule.completedLevels,
  minLitresPerPersonDay: SEED_RULEBOOK.indicators.water.rule.minLitresPerPersonDay,
  maxFetchMinutes: SEED_RULEBOOK.indicators.water.rule.maxFetchMinutes,
  minReliabilityPercent: SEED_RULEBOOK.indicators.water.rule.minReliabilityPercent,
  excludedItems: SEED_RULEBOOK.income.excludedItems,
} as const;

/**
 * Targets, as shares. Class shares are of in-scope households; the class follows from the income
 * band and the indicator gaps:
 *   below line ≈ belowLine + exactLine + nearLine/2 ≈ 9.6 %  -> C
 *   some indicator unmet ≈ 24 % of in-scope; of those ≈ 87 % fully covered by tasks due this year
 *   => A ≈ 68 %, B ≈ 19 %, C ≈ 12 %; out of scope (exited, relocation not moved in, guarantee) ≈ 25 %.
 * (Measured at full scale, seeds 20181231, 1, 2: A 67 %, B 20 %, C 13 %, out of scope 26-28 %.)
 */
export const DEMO_TARGETS = {
  households: 15_100,
  villages: 300,
  townships: 15,
  poorVillageShare: 0.4,
  exitedPoorVillageShare: 0.25,
  /** Of the poor villages not yet exited: planned to exit this year (the rest are deep-poverty villages). */
  plannedExitShare: 0.82,
  /** Registered households per rural inhabitant in a village planned to exit (drawn in this range). */
  plannedRegistryRate: [0.075, 0.135] as const,
  /** Of the villages planned to exit: behind on relocation, so most of them miss the 3 % line. */
  relocationBehindShare: 0.06,
  /** Of in-scope households, by rank of natural income: per-capita net below the line. */
  belowLine: 0.088,
  /** Of in-scope households: per-capita within ±100 yuan of the line (half each side). */
  nearLine: 0.015,
  /** Of in-scope households: exactly 3,700.00 per capita (fails “greater than”). */
  exactLine: 0.0011,
  /** Household-level gaps of in-scope households, before the village factor. */
  housingGap: 0.06,
  acceptedDangerousHouse: 0.03,
  waterGap: 0.13,
  foodClothingGap: 0.007,
  /** Member-level rates. */
  noBasicMedical: 0.006,
  noCriticalIllnessOnly: 0.009,
  dropoutOfCompulsoryAge: 0.005,
  homeSchooledOfCompulsoryAge: 0.003,
  /** Chance that an unmet indicator gets no qualifying task (none, or due next year). */
  noQualifyingTask: { housing: 0.25, water: 0.16, medical: 0.03, education: 0.1, 'food-clothing': 0.05 } as Record<TaskIndicator, number>,
  /** Of low-income in-scope households: excluded items would have lifted them over the line. */
  excludedItemsMatter: 0.15,
} as const;

type TaskIndicator = Exclude<IndicatorCode, 'income'>;

/** What the generator meant each household to be; tests compare it with the assessment. */
export interface HouseholdIntent {
  householdId: string;
  scope: 'in-scope' | 'exited' | 'relocation-not-moved-in' | 'guarantee';
  band: 'below' | 'near' | 'exact' | 'above' | 'natural';
  /** Counted net income (yuan) and household size, as the seed rulebook counts them. */
  countedNet: number;
  size: number;
  /** Net income including the excluded items. */
  netWithExcluded: number;
  gaps: Gap[];
  /** Indicators whose gaps are not all covered by a task due within the year. */
  unremediable: TaskIndicator[];
  /** The class the seed rulebook's class rules give this intent (or OUT_OF_SCOPE). */
  expectedClass: string;
}

export interface Gap {
  indicator: TaskIndicator;
  memberId: string | null;
}

/**
 * What the generator meant each village to be. A poor village not yet exited is either planned
 * to exit this year (拟退出) or a deep-poverty village (深度贫困村) left for a later year; a few
 * planned villages are behind on relocation (their resettlement flats are not ready), which
 * keeps their incidence after exit near or just above the line.
 */
export type VillageKind = 'non-poor' | 'exited' | 'planned' | 'deep';

export interface VillageIntent {
  code: string;
  kind: VillageKind;
  relocationBehind: boolean;
}

export interface DetailedCounty {
  county: DemoCounty;
  intents: HouseholdIntent[];
  villages: VillageIntent[];
}

export function generateCounty(opts: GenerateOptions = {}): DemoCounty {
  return generateCountyDetailed(opts).county;
}

// ============================================================================ helpers

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function randomDateIn(rng: Random, year: number): { date: string; month: number; day: number } {
  const month = rng.int(1, 12);
  const dim = month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 30);
  const day = rng.int(1, dim);
  return { date: `${year}-${pad(month, 2)}-${pad(day, 2)}`, month, day };
}

/** '县教育局' -> '示范县教育局'. */
function countyUnit(unit: string): string {
  return unit.startsWith('县') ? `${DEMO_COUNTY_NAME}${unit.slice(1)}` : unit;
}

function round100(x: number): number {
  return Math.round(x / 100) * 100;
}

function roundTo(x: number, step: number): number {
  return Math.round(x / step) * step;
}

function luhnDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

// ============================================================================ household composition

interface Spec {
  relation: Relation;
  sex: Sex;
  age: number;
  /** Carries the family (patrilineal) surname, else the person's own. */
  family: boolean;
}

/** Child ages for parents whose younger one is `parentAge`; first birth at 20-27, spacing 1-4. */
function childAges(rng: Random, parentAge: number, count: number): number[] {
  const ages: number[] = [];
  let age = parentAge - rng.int(20, 27);
  for (let i = 0; i < count && age >= 0; i++) {
    ages.push(age);
    age -= rng.int(1, 4);
  }
  return ages;
}

function childSpecs(rng: Random, ages: number[], boy: Relation, girl: Relation): Spec[] {
  return ages.map((age) => {
    const sex: Sex = rng.chance(0.53) ? 'M' : 'F';
    return { relation: sex === 'M' ? boy : girl, sex, age, family: true };
  });
}

const KID_COUNTS: readonly (readonly [number, number])[] = [
  [1, 22],
  [2, 40],
  [3, 26],
  [4, 9],
  [5, 3],
];
const GRANDKID_COUNTS: readonly (readonly [number, number])[] = [
  [1, 35],
  [2, 45],
  [3, 17],
  [4, 3],
];

type HouseholdType =
  | 'single-elderly'
  | 'single-adult'
  | 'elderly-couple'
  | 'nuclear'
  | 'three-generation'
  | 'with-parents'
  | 'single-parent'
  | 'bachelor-with-parent'
  | 'skipped-generation';

const HOUSEHOLD_TYPES: readonly (readonly [HouseholdType, number])[] = [
  ['single-elderly', 7],
  ['single-adult', 3.5],
  ['elderly-couple', 9],
  ['nuclear', 42],
  ['three-generation', 16],
  ['with-parents', 11],
  ['single-parent', 5],
  ['bachelor-with-parent', 4],
  ['skipped-generation', 2.5],
];

function spouseAge(rng: Random, headAge: number, min: number): number {
  return Math.max(min, headAge - rng.int(-2, 6));
}

function compose(rng: Random): Spec[] {
  const type = rng.weighted(HOUSEHOLD_TYPES);
  const specs: Spec[] = [];
  switch (type) {
    case 'single-elderly': {
      const sex: Sex = rng.chance(0.55) ? 'F' : 'M';
      specs.push({ relation: 'head', sex, age: rng.int(60, 89), family: sex === 'M' });
      break;
    }
    case 'single-adult': {
      const sex: Sex = rng.chance(0.85) ? 'M' : 'F';
      specs.push({ relation: 'head', sex, age: rng.int(28, 59), family: sex === 'M' });
      break;
    }
    case 'elderly-couple': {
      const head = rng.int(60, 85);
      const spouse = spouseAge(rng, head, 55);
      specs.push({ relation: 'head', sex: 'M', age: head, family: true }, { relation: 'spouse', sex: 'F', age: spouse, family: false });
      if (rng.chance(0.25)) {
        const son = Math.min(head, spouse) - rng.int(21, 32);
        if (son >= 25) specs.push({ relation: 'son', sex: 'M', age: son, family: true });
      }
      break;
    }
    case 'nuclear':
    case 'single-parent': {
      const single = type === 'single-parent';
      const headSex: Sex = single && rng.chance(0.58) ? 'F' : 'M';
      const head = single ? rng.int(30, 56) : rng.int(24, 58);
      specs.push({ relation: 'head', sex: headSex, age: head, family: headSex === 'M' });
      let younger = head;
      if (!single) {
        const spouse = spouseAge(rng, head, 20);
        younger = Math.min(head, spouse);
        specs.push({ relation: 'spouse', sex: 'F', age: spouse, family: false });
      }
      const count = single ? rng.int(1, 3) : rng.weighted(KID_COUNTS);
      specs.push(...childSpecs(rng, childAges(rng, younger, count), 'son', 'daughter'));
      if (!single && rng.chance(0.03)) {
        const age = Math.max(18, head + rng.int(-12, 12));
        specs.push({ relation: rng.chance(0.7) ? 'brother' : 'sister', sex: 'M', age, family: true });
        const last = specs[specs.length - 1] as Spec;
        if (last.relation === 'sister') last.sex = 'F';
      }
      break;
    }
    case 'three-generation': {
      let head = 0;
      let spouse = 0;
      let married = 0;
      for (let tries = 0; tries < 20; tries++) {
        head = rng.int(50, 74);
        spouse = spouseAge(rng, head, 45);
        married = Math.min(head, spouse) - rng.int(21, 30);
        if (married >= 20) break;
      }
      married = Math.max(married, 20);
      specs.push({ relation: 'head', sex: 'M', age: head, family: true }, { relation: 'spouse', sex: 'F', age: spouse, family: false });
      // One in eight: a daughter who stayed with her husband married in (上门女婿).
      const uxorilocal = rng.chance(0.12);
      const inLaw = Math.max(19, married - rng.int(-4, 3));
      if (uxorilocal) {
        specs.push({ relation: 'daughter', sex: 'F', age: married, family: true }, { relation: 'son-in-law', sex: 'M', age: inLaw, family: false });
      } else {
        specs.push({ relation: 'son', sex: 'M', age: married, family: true }, { relation: 'daughter-in-law', sex: 'F', age: inLaw, family: false });
      }
      if (rng.chance(0.3)) {
        const age = married - rng.int(2, 10);
        if (age >= 12) {
          const sex: Sex = rng.chance(0.5) ? 'M' : 'F';
          specs.push({ relation: sex === 'M' ? 'son' : 'daughter', sex, age, family: true });
        }
      }
      specs.push(...childSpecs(rng, childAges(rng, Math.min(married, inLaw), rng.weighted(GRANDKID_COUNTS)), 'grandson', 'granddaughter'));
      break;
    }
    case 'with-parents': {
      const head = rng.int(26, 50);
      const spouse = spouseAge(rng, head, 20);
      specs.push({ relation: 'head', sex: 'M', age: head, family: true }, { relation: 'spouse', sex: 'F', age: spouse, family: false });
      specs.push(...childSpecs(rng, childAges(rng, Math.min(head, spouse), rng.int(1, 3)), 'son', 'daughter'));
      const mother = head + rng.int(21, 32);
      const hasMother = mother <= 92 && rng.chance(0.85);
      if (hasMother) specs.push({ relation: 'mother', sex: 'F', age: mother, family: false });
      if (!hasMother || rng.chance(0.5)) {
        const father = Math.max(head + 21, (hasMother ? mother : head + 24) + rng.int(-2, 6));
        if (father <= 92) specs.push({ relation: 'father', sex: 'M', age: father, family: true });
      }
      break;
    }
    case 'bachelor-with-parent': {
      const head = rng.int(30, 56);
      specs.push({ relation: 'head', sex: 'M', age: head, family: true });
      const mother = head + rng.int(21, 32);
      if (mother <= 92) specs.push({ relation: 'mother', sex: 'F', age: mother, family: false });
      if (rng.chance(0.4)) {
        const father = mother + rng.int(-2, 6);
        if (father <= 92) specs.push({ relation: 'father', sex: 'M', age: father, family: true });
      }
      break;
    }
    case 'skipped-generation': {
      const head = rng.int(54, 76);
      specs.push({ relation: 'head', sex: 'M', age: head, family: true });
      let younger = head;
      if (rng.chance(0.8)) {
        const spouse = spouseAge(rng, head, 50);
        younger = Math.min(head, spouse);
        specs.push({ relation: 'spouse', sex: 'F', age: spouse, family: false });
      }
      const count = rng.int(1, 3);
      let age = Math.min(rng.int(4, 16), younger - 40);
      for (let i = 0; i < count && age >= 0; i++) {
        const sex: Sex = rng.chance(0.53) ? 'M' : 'F';
        specs.push({ relation: sex === 'M' ? 'grandson' : 'granddaughter', sex, age, family: true });
        age -= rng.int(1, 4);
      }
      break;
    }
  }
  return specs.slice(0, 8);
}

// ============================================================================ people

const ADULT_EDUCATION: readonly (readonly [number, readonly (readonly [string, number])[], readonly (readonly [string, number])[]])[] = [
  // [born before, male weights, female weights]
  [
    1955,
    [
      ['文盲或半文盲', 45],
      ['小学', 40],
      ['初中', 13],
      ['高中', 2],
    ],
    [
      ['文盲或半文盲', 75],
      ['小学', 20],
      ['初中', 5],
    ],
  ],
  [
    1970,
    [
      ['文盲或半文盲', 20],
      ['小学', 45],
      ['初中', 28],
      ['高中', 7],
    ],
    [
      ['文盲或半文盲', 45],
      ['小学', 35],
      ['初中', 17],
      ['高中', 3],
    ],
  ],
  [
    1985,
    [
      ['文盲或半文盲', 6],
      ['小学', 34],
      ['初中', 48],
      ['高中', 10],
      ['大专及以上', 2],
    ],
    [
      ['文盲或半文盲', 15],
      ['小学', 40],
      ['初中', 38],
      ['高中', 6],
      ['大专及以上', 1],
    ],
  ],
  [
    9999,
    [
      ['文盲或半文盲', 2],
      ['小学', 15],
      ['初中', 55],
      ['高中', 18],
      ['大专及以上', 10],
    ],
    [
      ['文盲或半文盲', 4],
      ['小学', 20],
      ['初中', 52],
      ['高中', 16],
      ['大专及以上', 8],
    ],
  ],
];

const DROPOUT_REASONS = ['家庭经济困难', '厌学', '随父母外出', '学习困难', '身体原因'] as const;

interface Schooling {
  schoolStatus: SchoolStatus;
  education: string;
  outOfSchoolReason: string | null;
  homeSchooled: boolean;
  dropout: boolean;
}

function adultEducation(rng: Random, sex: Sex, birthYear: number): string {
  for (const [before, male, female] of ADULT_EDUCATION) {
    if (birthYear < before) return rng.weighted(sex === 'M' ? male : female);
  }
  return '初中';
}

/**
 * School status from the age on 31 August of the assessment year (school entry at 6 by that
 * date), the way the school rolls count it. Compulsory age in the rule is the age on the
 * reference date (31 December), so a child born in autumn is 6 there and still in preschool:
 * the rulebook counts preschool as attending.
 */
function schooling(rng: Random, sex: Sex, birthYear: number, augustAge: number, compulsory: boolean): Schooling {
  const result = (schoolStatus: SchoolStatus, education: string): Schooling => ({
    schoolStatus,
    education,
    outOfSchoolReason: null,
    homeSchooled: false,
    dropout: false,
  });
  if (compulsory && rng.chance(DEMO_TARGETS.homeSchooledOfCompulsoryAge)) {
    return { schoolStatus: 'none', education: '文盲或半文盲', outOfSchoolReason: '重度残疾，送教上门', homeSchooled: true, dropout: false };
  }
  if (compulsory && augustAge >= 10 && augustAge <= 14 && rng.chance(DEMO_TARGETS.dropoutOfCompulsoryAge * 1.8)) {
    return { schoolStatus: 'none', education: '小学', outOfSchoolReason: rng.pick(DROPOUT_REASONS), homeSchooled: false, dropout: true };
  }
  if (augustAge <= 2) return result('none', '学龄前');
  if (augustAge <= 4) return result(rng.chance(0.75) ? 'preschool' : 'none', '学龄前');
  if (augustAge === 5) return result('preschool', '学龄前');
  if (augustAge <= 11) return result('primary', '小学');
  if (augustAge === 12) return result('grade7', '初中');
  if (augustAge === 13) return result('grade8', '初中');
  if (augustAge === 14) return result('grade9', '初中');
  if (augustAge <= 17) {
    if (rng.chance(0.72)) return result(rng.chance(0.7) ? 'high-school' : 'secondary-vocational', '高中');
    return result('none', '初中');
  }
  if (augustAge <= 21) {
    if (rng.chance(0.3)) return result(rng.chance(0.55) ? 'college' : 'higher-vocational', '大专及以上');
    return result('none', rng.chance(0.4) ? '高中' : '初中');
  }
  return result('none', adultEducation(rng, sex, birthYear));
}

const DISABILITY_GRADES: readonly (readonly [number, number])[] = [
  [1, 15],
  [2, 25],
  [3, 30],
  [4, 30],
];

function healthFor(rng: Random, age: number): { health: Health; grade: number | null } {
  const disabled = age < 16 ? 0.015 : age < 60 ? 0.06 : 0.11;
  const serious = age < 16 ? 0.005 : age < 60 ? 0.025 : 0.04;
  const chronic = age < 16 ? 0.01 : age < 45 ? 0.04 : age < 60 ? 0.14 : 0.3;
  const x = rng.next();
  if (x < disabled) return { health: 'disabled', grade: rng.weighted(DISABILITY_GRADES) };
  if (x < disabled + serious) return { health: 'serious-illness', grade: null };
  if (x < disabled + serious + chronic) return { health: 'chronic', grade: null };
  return { health: 'healthy', grade: null };
}

function labourFor(rng: Random, age: number, student: boolean, health: Health, grade: number | null): Labour {
  if (age < 16 || student) return 'none';
  if (health === 'serious-illness' || (health === 'disabled' && (grade ?? 4) <= 2)) return 'lost';
  if (health === 'disabled' && rng.chance(0.4)) return 'lost';
  if (age >= 70) return 'none';
  if (age >= 60) return rng.chance(0.4) ? 'ordinary' : 'none';
  return rng.chance(0.12) ? 'skilled' : 'ordinary';
}

const MIGRANT_MONTHS: readonly (readonly [number, number])[] = [
  [3, 5],
  [4, 6],
  [5, 8],
  [6, 14],
  [7, 10],
  [8, 16],
  [9, 14],
  [10, 14],
  [11, 6],
  [12, 7],
];

// ============================================================================ regions

interface TownshipDraft {
  region: Region;
  remoteness: number;
  ethnicMix: readonly (readonly [Ethnicity, number])[];
}

interface VillageDraft {
  region: Region;
  township: TownshipDraft;
  index: number;
  poor: boolean;
  exited: boolean;
  kind: VillageKind;
  relocationBehind: boolean;
  /** Multiplies the chance that a household with no one to work is a guarantee household. */
  guaranteeFactor: number;
  /** Multiplies the noisy natural income by which households are ranked into the below-line band. */
  incomeFactor: number;
  remoteness: number;
  pipedRate: number;
  gapFactor: number;
  /** Multiplies the chance that an unmet indicator has no task due this year. */
  lateTaskFactor: number;
  relocationPlanned: number;
  relocationMoved: number;
  groups: string[];
  workTeam: string;
  cadres: Cadre[];
  householdCount: number;
  ruralPopulation: number;
}

const GENERAL_MIX: readonly (readonly [Ethnicity, number])[] = [
  ['汉族', 91.5],
  ['回族', 6],
  ['东乡族', 1],
  ['藏族', 1],
  ['土族', 0.3],
  ['撒拉族', 0.2],
];
const HUI_MIX: readonly (readonly [Ethnicity, number])[] = [
  ['回族', 65],
  ['汉族', 33],
  ['东乡族', 2],
];
const TIBETAN_MIX: readonly (readonly [Ethnicity, number])[] = [
  ['藏族', 55],
  ['汉族', 42],
  ['土族', 3],
];
const DONGXIANG_MIX: readonly (readonly [Ethnicity, number])[] = [
  ['东乡族', 55],
  ['回族', 15],
  ['汉族', 30],
];

/** Splits `total` into parts proportional to `weights` (largest remainder), each at least `min`. */
function apportion(total: number, weights: number[], min: number): number[] {
  const n = weights.length;
  const base = Math.min(min, Math.floor(total / Math.max(1, n)));
  const rest = total - base * n;
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (w / sum) * rest);
  const parts = raw.map((r) => Math.floor(r));
  let left = rest - parts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left--;
  }
  return parts.map((p) => p + base);
}

// ============================================================================ generator state

class Sequences {
  /** Used (birth date, sequence) pairs as YYYYMMDD × 1000 + sequence: one flat set is far cheaper than a set per date. */
  private usedIds = new Set<number>();
  private phoneCounter = 0;
  private cadrePhoneCounter = 0;
  private accountCounter = 0;

  idNumber(rng: Random, birthDate: string, sex: Sex): string {
    const day = Number(birthDate.replaceAll('-', '')) * 1000;
    const parity = sex === 'M' ? 1 : 0;
    let seq = rng.int(0, 499) * 2 + parity;
    for (let tries = 0; this.usedIds.has(day + seq); tries++) {
      if (tries >= 500) throw new RangeError(`出生日期${birthDate}的顺序码已用尽`);
      seq = (seq + 2) % 1000;
    }
    this.usedIds.add(day + seq);
    return makeIdNumber(DEMO_COUNTY_CODE, birthDate, seq);
  }

  /** 13d-0000-nnnn, d in 0..8: 90,000 distinct numbers for members and households. */
  phone(): string {
    const n = this.phoneCounter++ % 90_000;
    return `13${Math.floor(n / 10_000)}0000${pad(n % 10_000, 4)}`;
  }

  /** 139-0000-nnnn for cadres. */
  cadrePhone(): string {
    const n = this.cadrePhoneCounter++ % 10_000;
    return `1390000${pad(n, 4)}`;
  }

  bankAccount(): string {
    const body = `62990000${pad(this.accountCounter++, 10)}`;
    return body + luhnDigit(body);
  }
}

interface Draft {
  household: Household;
  members: Member[];
  ages: number[];
  village: VillageDraft;
  rng: Random;
  scope: HouseholdIntent['scope'];
  items: Partial<Record<IncomeItemCode, number>>;
  band: HouseholdIntent['band'];
}

// ============================================================================ the generator

export function generateCountyDetailed(opts: GenerateOptions = {}): DetailedCounty {
  const seed = opts.seed ?? 20181231;
  const scale = opts.scale ?? 1;
  const year = opts.year ?? 2018;
  if (!(scale > 0 && scale <= 10)) throw new RangeError(`规模系数应在 (0, 10] 之间，收到${scale}`);
  if (!Number.isInteger(year) || year < 2015 || year > 2030) throw new RangeError(`年度应为2015—2030之间的整数，收到${year}`);
  const ref = `${year}-12-31`;
  const seqs = new Sequences();
  const top = Random.derive(seed, 'county');

  // ---------------------------------------------------------------- regions
  const villageCount = Math.max(1, Math.round(DEMO_TARGETS.villages * scale));
  const townshipCount = Math.max(1, Math.min(villageCount, Math.round(DEMO_TARGETS.townships * Math.sqrt(scale))));
  const stems = top.shuffle([...TOWNSHIP_STEMS]);
  const county: Region = {
    code: DEMO_COUNTY_CODE,
    name: DEMO_COUNTY_NAME,
    level: 'county',
    parentCode: null,
    ruralPopulation: null,
    poorVillage: false,
    exitYear: null,
    exited: false,
    indicators: null,
  };
  const townships: TownshipDraft[] = [];
  for (let t = 0; t < townshipCount; t++) {
    const stem = stems[t % stems.length] ?? '新';
    const suffix = t >= stems.length ? String(Math.floor(t / stems.length) + 1) : '';
    let name: string;
    let ethnicMix = GENERAL_MIX;
    if (t === 0) name = '城关镇';
    else if (t % 15 === 3) {
      name = `${stem}${suffix}回族乡`;
      ethnicMix = HUI_MIX;
    } else if (t % 15 === 7) {
      name = `${stem}${suffix}藏族乡`;
      ethnicMix = TIBETAN_MIX;
    } else if (t % 15 === 11) {
      name = `${stem}${suffix}东乡族乡`;
      ethnicMix = DONGXIANG_MIX;
    } else name = `${stem}${suffix}${top.chance(0.35) ? '镇' : '乡'}`;
    townships.push({
      region: {
        code: `${DEMO_COUNTY_CODE}${100 + t + 1}`,
        name,
        level: 'township',
        parentCode: DEMO_COUNTY_CODE,
        ruralPopulation: null,
        poorVillage: false,
        exitYear: null,
        exited: false,
        indicators: null,
      },
      remoteness: t === 0 ? 0 : top.uniform(0.15, 1),
      ethnicMix,
    });
  }

  const perTownship = apportion(
    villageCount,
    townships.map((t) => (t.remoteness === 0 ? 1.3 : top.uniform(0.6, 1.4))),
    1,
  );
  const villages: VillageDraft[] = [];
  const usedVillageNames = new Set<string>();
  townships.forEach((t, ti) => {
    const n = perTownship[ti] ?? 1;
    for (let j = 0; j < n; j++) {
      let name = placeName(top);
      for (let tries = 0; usedVillageNames.has(name) && tries < 50; tries++) name = placeName(top);
      if (usedVillageNames.has(name)) name = `${name}${villages.length + 1}`;
      usedVillageNames.add(name);
      const remoteness = Math.min(1, Math.max(0, t.remoteness + top.uniform(-0.25, 0.25)));
      villages.push({
        region: {
          code: `${t.region.code}${200 + j + 1}`,
          name: `${name}村`,
          level: 'village',
          parentCode: t.region.code,
          ruralPopulation: null,
          poorVillage: false,
          exitYear: null,
          exited: false,
          indicators: null,
        },
        township: t,
        index: villages.length,
        poor: false,
        exited: false,
        kind: 'non-poor',
        relocationBehind: false,
        remoteness,
        guaranteeFactor: 1,
        incomeFactor: 1,
        lateTaskFactor: 1,
        pipedRate: 0,
        gapFactor: 1,
        relocationPlanned: 0,
        relocationMoved: 0,
        groups: [],
        workTeam: '',
        cadres: [],
        householdCount: 0,
        ruralPopulation: top.int(650, 1_800),
      });
    }
  });

  // Poor villages are the remote ones, give or take: rank by remoteness plus noise.
  const poorCount = Math.round(villages.length * DEMO_TARGETS.poorVillageShare);
  const byNeed = villages.map((v) => [v.remoteness + top.uniform(0, 0.6), v.index] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const poorIndexes = byNeed.slice(0, poorCount).map(([, i]) => i);
  for (const i of poorIndexes) (villages[i] as VillageDraft).poor = true;
  const exitedCount = Math.round(poorCount * DEMO_TARGETS.exitedPoorVillageShare);
  for (const i of top.shuffle([...poorIndexes]).slice(0, exitedCount)) (villages[i] as VillageDraft).exited = true;
  // Of the poor villages still open, the remotest (give or take) are the deep-poverty villages
  // left for a later year; the others are planned to exit this year.
  const open = villages.filter((v) => v.poor && !v.exited);
  const deepCount = open.length - Math.round(open.length * DEMO_TARGETS.plannedExitShare);
  const byDepth = open.map((v) => [v.remoteness + top.uniform(0, 0.4), v.index] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const deepIndexes = new Set(byDepth.slice(0, deepCount).map(([, i]) => i));
  for (const v of villages) v.kind = !v.poor ? 'non-poor' : v.exited ? 'exited' : deepIndexes.has(v.index) ? 'deep' : 'planned';
  const planned = villages.filter((v) => v.kind === 'planned');
  const behind = Math.round(planned.length * DEMO_TARGETS.relocationBehindShare);
  for (const v of top.shuffle(planned).slice(0, behind)) v.relocationBehind = true;

  const relocationRank = villages.map((v) => [v.remoteness + top.uniform(0, 0.3), v.index] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const relocationVillages = new Set(relocationRank.slice(0, Math.max(1, Math.round(villages.length * 0.2))).map(([, i]) => i));

  // Registered households per rural inhabitant. A village planned to exit has seen most of its
  // poor exit in earlier years, so its registry is small; a deep-poverty village's is large.
  const registryRate: Record<VillageKind, readonly [number, number]> = {
    'non-poor': [0.035, 0.15],
    exited: [0.08, 0.13],
    planned: DEMO_TARGETS.plannedRegistryRate,
    deep: [0.18, 0.32],
  };
  const propensity = villages.map((v) => v.ruralPopulation * top.uniform(...registryRate[v.kind]));
  const householdTotal = Math.max(villages.length, Math.round(DEMO_TARGETS.households * scale));
  const perVillage = apportion(householdTotal, propensity, 1);

  for (const v of villages) {
    const vr = Random.derive(seed, 'village-setup', v.region.code);
    v.householdCount = perVillage[v.index] ?? 1;
    v.region.poorVillage = v.poor;
    v.region.exitYear = v.exited
      ? vr.weighted([
          [year - 2, 45],
          [year - 1, 55],
        ] as const)
      : null;
    // The demo's exited villages went through their procedure in an earlier year: recorded as done.
    v.region.exited = v.exited;
    v.pipedRate = v.exited ? vr.uniform(0.93, 0.99) : v.poor ? vr.uniform(0.7, 0.92) : vr.uniform(0.85, 0.98);
    v.gapFactor = v.kind === 'exited' ? 0.3 : v.kind === 'planned' ? vr.uniform(1.1, 1.7) : v.kind === 'deep' ? vr.uniform(1.6, 2.4) : vr.uniform(0.7, 1.2);
    // Relocation from a village planned to exit is mostly done (moved in); the families still
    // waiting for their new flat are in the deep-poverty villages.
    const relocating = relocationVillages.has(v.index) || v.kind === 'deep' || v.relocationBehind;
    v.relocationPlanned =
      v.kind === 'deep'
        ? vr.uniform(0.1, 0.22)
        : v.relocationBehind
          ? vr.uniform(0.14, 0.2)
          : v.kind === 'planned'
            ? 0.003
            : relocating
              ? vr.uniform(0.04, 0.12)
              : 0.004;
    v.relocationMoved = relocating ? vr.uniform(0.1, 0.3) : 0.012;
    // The households that stay poor after this year's exits — guaranteed, waiting to move, class
    // C — gather in the deep-poverty villages; a village planned to exit has few of them (its
    // households had years of industry support, and it schedules its remaining work within the
    // year), which is what keeps its incidence after exit under 3 %.
    v.guaranteeFactor = v.kind === 'planned' ? 0.6 : v.kind === 'deep' ? 1.5 : 1;
    v.incomeFactor = v.kind === 'planned' ? 1.6 : v.kind === 'deep' ? 0.6 : 1;
    v.lateTaskFactor = v.kind === 'planned' ? 0.5 : 1;
    const groupCount = vr.int(3, 9);
    const used = new Set<string>();
    for (let g = 0; g < groupCount; g++) {
      let own: string | null = null;
      if (vr.chance(0.5)) {
        own = placeName(vr);
        if (used.has(own)) own = null;
      }
      const gname = groupName(g, own);
      used.add(own ?? gname);
      v.groups.push(gname);
    }
    const teamUnit = countyUnit(vr.pick(CADRE_UNITS));
    v.workTeam = `${teamUnit}驻${v.region.name}帮扶工作队`;
    const cadreCount = Math.max(1, Math.ceil(v.householdCount / vr.int(5, 9)));
    for (let c = 0; c < cadreCount; c++) {
      const sex: Sex = vr.chance(0.7) ? 'M' : 'F';
      const by = year - vr.int(25, 56);
      const unit = vr.chance(0.5) ? teamUnit : vr.chance(0.3) ? `${v.township.region.name}人民政府` : countyUnit(vr.pick(CADRE_UNITS));
      v.cadres.push({
        name: personName(vr, surnameFor(vr, '汉族'), sex, by, '汉族'),
        unit,
        phone: seqs.cadrePhone(),
      });
    }
  }

  // ---------------------------------------------------------------- households and members
  const drafts: Draft[] = [];
  for (const v of villages) {
    const vr = Random.derive(seed, 'village', v.region.code);
    const local: Draft[] = [];
    for (let k = 0; k < v.householdCount; k++) {
      local.push(makeHousehold(vr, v, k, year, seqs));
    }
    assignStatus(vr, v, local, year);
    for (const d of local) finishHousehold(d, year);
    // The registry never holds more than 45 % of a village's rural population.
    const registered = local.reduce((s, d) => s + d.members.length, 0);
    v.region.ruralPopulation = Math.max(v.ruralPopulation, Math.ceil(registered / 0.45));
    v.region.indicators = villageIndicators(Random.derive(seed, 'village-indicators', v.region.code), v);
    for (const d of local) drafts.push(d);
  }

  // ---------------------------------------------------------------- income (needs the whole county to rank)
  const ir = Random.derive(seed, 'income');
  for (const d of drafts) d.items = naturalIncome(d.rng, d);
  assignIncomeBands(ir, drafts);

  // ---------------------------------------------------------------- tasks and intents
  const tasks: Task[] = [];
  const intents: HouseholdIntent[] = [];
  const taskCounter = { n: 0 };
  for (const d of drafts) {
    const gaps = findGaps(d.household, d.members, ref);
    let unremediable: TaskIndicator[] = [];
    if (d.scope === 'in-scope' && gaps.length > 0) {
      unremediable = makeTasks(d, gaps, year, tasks, taskCounter);
    }
    const countedNet = countedNetOf(d.items);
    const size = d.members.length;
    // The rulebook's class rules decide, not a copy of them: income per named line, then the gaps.
    const incomePasses = (line: string) => {
      const yuan = SEED_RULEBOOK.lines[line];
      if (yuan === undefined) return null;
      return SEED_RULEBOOK.income.comparison === 'greater-than' ? countedNet > yuan * size : countedNet >= yuan * size;
    };
    const state = gaps.length === 0 ? 'all-met' : unremediable.length === 0 ? 'remediable' : 'stuck';
    const expectedClass = d.scope !== 'in-scope' ? OUT_OF_SCOPE : pickClass(SEED_RULEBOOK, incomePasses, state).code;
    intents.push({
      householdId: d.household.id,
      scope: d.scope,
      band: d.band,
      countedNet,
      size,
      netWithExcluded: countedNet + excludedOf(d.items),
      gaps,
      unremediable,
      expectedClass,
    });
  }

  const regions: Region[] = [county, ...townships.map((t) => t.region), ...villages.map((v) => v.region)];
  const incomes: IncomeForm[] = drafts.map((d) => ({
    householdId: d.household.id,
    year,
    items: d.items,
    note: incomeNote(d),
  }));
  return {
    county: {
      regions,
      households: drafts.map((d) => d.household),
      members: drafts.flatMap((d) => d.members),
      incomes,
      tasks,
    },
    intents,
    villages: villages.map((v) => ({ code: v.region.code, kind: v.kind, relocationBehind: v.relocationBehind })),
  };
}

// ============================================================================ one household

function makeHousehold(rng: Random, v: VillageDraft, k: number, year: number, seqs: Sequences): Draft {
  const hr = Random.derive(rng.nextUint32(), 'household');
  const id = `${v.region.code}${pad(k + 1, 4)}`;
  const ethnicity = hr.weighted(v.township.ethnicMix);
  const specs = compose(hr);
  const familySurname = surnameFor(hr, ethnicity);
  const members: Member[] = [];
  const ages: number[] = [];
  specs.forEach((s, i) => {
    const birthYear = year - s.age;
    const born = randomDateIn(hr, birthYear);
    const augustAge = born.month > 8 ? s.age - 1 : s.age;
    const memberEthnicity: Ethnicity = !s.family && ethnicity !== '汉族' && hr.chance(0.06) ? '汉族' : ethnicity;
    const surname = s.family ? familySurname : surnameFor(hr, memberEthnicity);
    const compulsory = s.age >= DEMO_RULES.compulsoryMinAge && s.age <= DEMO_RULES.compulsoryMaxAge;
    const school = schooling(hr, s.sex, birthYear, augustAge, compulsory);
    let { health, grade } = healthFor(hr, s.age);
    if (school.homeSchooled) {
      health = 'disabled';
      grade = hr.chance(0.6) ? 1 : 2;
    }
    const student = school.schoolStatus !== 'none' && school.schoolStatus !== 'preschool';
    const labour = labourFor(hr, s.age, student, health, grade);
    const working = labour === 'ordinary' || labour === 'skilled';
    const migrantAgeOk = s.age >= 18 && s.age <= (s.sex === 'M' ? 55 : 50);
    const migrates = working && migrantAgeOk && hr.chance(s.sex === 'M' ? 0.6 : 0.32);
    // Newborns are often not yet enrolled when the form is filled; everyone else rarely misses.
    const noBasic = hr.chance(s.age === 0 ? 0.2 : DEMO_TARGETS.noBasicMedical);
    const noCritical = noBasic || hr.chance(DEMO_TARGETS.noCriticalIllnessOnly);
    const hasPhone = s.age >= 18 && s.age <= 70 && hr.chance(migrates ? 0.92 : 0.5);
    members.push({
      id: `${id}${pad(i + 1, 3)}`,
      householdId: id,
      name: personName(hr, surname, s.sex, birthYear, memberEthnicity),
      idNumber: seqs.idNumber(hr, born.date, s.sex),
      sex: s.sex,
      birthDate: born.date,
      ethnicity: memberEthnicity,
      relation: s.relation,
      education: school.education,
      schoolStatus: school.schoolStatus,
      outOfSchoolReason: school.outOfSchoolReason,
      homeSchooled: school.homeSchooled,
      health,
      disabilityGrade: grade,
      labour,
      migrantPlace: migrates ? hr.weighted(MIGRANT_PLACES) : null,
      migrantMonths: migrates ? hr.weighted(MIGRANT_MONTHS) : null,
      basicMedical: !noBasic,
      criticalIllness: !noCritical,
      pension: s.age < 16 ? null : student ? false : hr.chance(s.age >= 60 ? 0.995 : 0.96),
      medicalAssistance: null,
      familyDoctor: hr.chance(0.94),
      phone: hasPhone ? seqs.phone() : null,
    });
    ages.push(s.age);
  });

  // ---- poverty attribute, guarantee, causes (from the facts just drawn)
  const labourers = members.filter((m, i) => (m.labour === 'ordinary' || m.labour === 'skilled') && (ages[i] ?? 0) < 65).length;
  const severe = members.some((m) => m.health === 'serious-illness' || (m.health === 'disabled' && (m.disabilityGrade ?? 4) <= 2));
  const hasChildren = ages.some((a) => a < 16);
  let attribute: PovertyAttribute = 'general';
  if (members.length <= 2 && labourers === 0 && !hasChildren && hr.chance(members.length === 1 ? 0.5 : 0.2)) {
    attribute = 'tekun';
  } else {
    let p = 0.19;
    if (labourers === 0) p += 0.4;
    if (severe) p += 0.15;
    if (labourers / members.length < 0.3) p += 0.08;
    if (hr.chance(Math.min(0.85, p))) attribute = 'dibao';
  }
  const gf = v.guaranteeFactor;
  const guarantee =
    attribute === 'tekun'
      ? hr.chance(Math.min(0.97, 0.88 * gf))
      : attribute === 'dibao' && labourers === 0
        ? hr.chance(Math.min(0.9, 0.6 * gf))
        : attribute === 'dibao' && hr.chance(0.02 * gf);
  for (const m of members) m.medicalAssistance = attribute !== 'general' || m.health === 'serious-illness' ? true : hr.chance(0.6);

  const roadDistanceKm = Math.round((v.remoteness > 0.6 ? hr.uniform(0, 8) : hr.chance(0.8) ? hr.uniform(0, 0.5) : hr.uniform(0.5, 3)) * 10) / 10;
  const cultivatedLand = hr.chance(0.03) ? 0 : roundTo(members.length * hr.uniform(1.2, 3.8), 0.5);
  const forestLand = hr.chance(0.4) ? roundTo(hr.uniform(0.5, 12), 0.5) : 0;
  const students = members.some(
    (m) =>
      m.schoolStatus === 'high-school' || m.schoolStatus === 'secondary-vocational' || m.schoolStatus === 'college' || m.schoolStatus === 'higher-vocational',
  );
  const anyChronic = members.some((m) => m.health === 'chronic');
  const causeWeights: [Cause, number][] = [
    ['illness', members.some((m) => m.health === 'serious-illness') ? 7 : anyChronic ? 3 : 0.4],
    ['disability', members.some((m) => m.health === 'disabled') ? 5 : 0],
    ['schooling', students ? 4 : 0],
    ['lack-labour', labourers === 0 ? 4 : labourers / members.length < 0.34 ? 1.5 : 0.2],
    ['lack-capital', 3.5],
    ['lack-skills', 3],
    ['low-motivation', 0.6],
    ['poor-transport', roadDistanceKm > 3 ? 2 : 0.3],
    ['lack-water', v.pipedRate < 0.8 ? 1.5 : 0.2],
    ['lack-land', cultivatedLand < members.length ? 1.2 : 0.2],
    ['disaster', 0.3],
    ['other', 0.2],
  ];
  const mainCause = hr.weighted(causeWeights);
  const otherCauses: Cause[] = [];
  const extra = hr.weighted([
    [0, 25],
    [1, 40],
    [2, 25],
    [3, 10],
  ] as const);
  const pool = causeWeights.filter(([c, w]) => c !== mainCause && w >= 0.5);
  for (let i = 0; i < extra && pool.length > 0; i++) {
    const c = hr.weighted(pool);
    otherCauses.push(c);
    pool.splice(
      pool.findIndex(([x]) => x === c),
      1,
    );
  }

  const head = members[0] as Member;
  const household: Household = {
    id,
    villageCode: v.region.code,
    group: hr.pick(v.groups),
    attribute,
    standard: hr.weighted([
      ['national', 85],
      ['provincial', 15],
    ] as const),
    identifiedYear: hr.weighted([
      [year - 4, 75],
      [year - 3, 10],
      [year - 2, 8],
      [year - 1, 7],
    ] as const),
    mainCause,
    otherCauses,
    status: 'not-exited',
    exitYear: null,
    relocation: 'none',
    guarantee,
    foodClothingOk: true,
    foodClothingNote: null,
    housing: { grade: 'B', renovation: 'none', area: null },
    water: { secured: true, piped: true, fetchMinutes: null, litresPerPersonDay: null, qualityOk: true, reliabilityPercent: null },
    cultivatedLand,
    forestLand,
    roadDistanceKm,
    sanitaryToilet: false,
    cadre: hr.pick(v.cadres),
    workTeam: v.workTeam,
    phone: head.phone ?? members.find((m) => m.phone !== null)?.phone ?? null,
    bankAccount: hr.chance(0.97) ? seqs.bankAccount() : null,
  };
  return { household, members, ages, village: v, rng: hr, scope: 'in-scope', items: {}, band: 'natural' };
}

const EXIT_YEAR_WEIGHTS = (year: number): readonly (readonly [number, number])[] => [
  [year - 4, 15],
  [year - 3, 20],
  [year - 2, 30],
  [year - 1, 35],
];

/**
 * Registry status. An exited poor village keeps fewer than 2.5 % of its rural population
 * registered and not exited (it met the 3 % rule when it exited); elsewhere households exited
 * at random in earlier years, and a few returned to poverty.
 */
function assignStatus(rng: Random, v: VillageDraft, local: Draft[], year: number): void {
  if (v.exited) {
    const registered = local.reduce((s, d) => s + d.members.length, 0);
    const population = Math.max(v.ruralPopulation, Math.ceil(registered / 0.45));
    const cap = Math.floor(population * 0.025);
    let remaining = 0;
    const villageExit = v.region.exitYear ?? year - 1;
    for (const d of rng.shuffle([...local])) {
      if (remaining + d.members.length <= cap && rng.chance(0.5)) {
        remaining += d.members.length;
        continue;
      }
      d.household.status = 'exited';
      d.household.exitYear = rng.weighted([
        [villageExit, 60],
        [villageExit - 1, 30],
        [villageExit - 2, 10],
      ] as const);
    }
    return;
  }
  // A village planned to exit has already seen some of its households exit; a deep-poverty village few.
  const exitRate = v.kind === 'planned' ? 0.1 : v.kind === 'deep' ? 0.04 : 0.13;
  for (const d of local) {
    const x = rng.next();
    if (x < exitRate) {
      d.household.status = 'exited';
      d.household.exitYear = rng.weighted(EXIT_YEAR_WEIGHTS(year));
    } else if (x < exitRate + 0.012) {
      d.household.status = 'returned';
      d.household.exitYear = rng.weighted([
        [year - 3, 40],
        [year - 2, 60],
      ] as const);
    }
  }
}

/** Relocation, scope, then the housing/water/food facts, drawn so that the intended gaps appear. */
function finishHousehold(d: Draft, year: number): void {
  const rng = d.rng;
  const h = d.household;
  const v = d.village;
  if (h.exitYear !== null && h.identifiedYear !== null && h.identifiedYear > h.exitYear) h.identifiedYear = year - 4;

  const x = rng.next();
  let relocation: Relocation = 'none';
  if (h.status !== 'exited' && x < v.relocationPlanned) relocation = 'planned';
  else if (x < v.relocationPlanned + v.relocationMoved) relocation = 'moved-in';
  h.relocation = relocation;

  const status: ExitStatus = h.status;
  if (status === 'exited') d.scope = 'exited';
  else if (relocation === 'planned') d.scope = 'relocation-not-moved-in';
  else if (h.guarantee) d.scope = 'guarantee';
  else d.scope = 'in-scope';

  const size = d.members.length;
  const factor = d.scope === 'in-scope' || d.scope === 'guarantee' ? v.gapFactor : 0;
  const housingGap = relocation === 'planned' ? rng.chance(0.5) : relocation === 'moved-in' ? false : rng.chance(DEMO_TARGETS.housingGap * factor);
  const waterGap = relocation === 'planned' ? rng.chance(0.45) : relocation === 'moved-in' ? false : rng.chance(DEMO_TARGETS.waterGap * factor);
  const foodGap = d.scope === 'exited' ? false : rng.chance(DEMO_TARGETS.foodClothingGap);

  // ---- housing
  let grade: HouseGrade;
  let renovation: Renovation = 'none';
  let area = Math.round(rng.uniform(45, 150));
  if (relocation === 'moved-in') {
    grade = 'A';
    area = Math.min(125, 25 * size);
  } else if (housingGap) {
    grade = rng.chance(0.55) ? 'C' : 'D';
    renovation =
      relocation === 'planned'
        ? 'none'
        : rng.weighted([
            ['none', 15],
            ['planned', 25],
            ['in-progress', 35],
            ['finished', 25],
          ] as const);
  } else if (rng.chance(d.scope === 'exited' ? 0.06 : DEMO_TARGETS.acceptedDangerousHouse)) {
    grade = rng.chance(0.55) ? 'C' : 'D';
    renovation = 'accepted';
  } else {
    grade = rng.chance(0.4) ? 'A' : 'B';
  }
  h.housing = { grade, renovation, area };

  // ---- water: piped water or a cistern/well close by; the gap takes one of the failing forms.
  const piped = relocation === 'moved-in' || rng.chance(v.pipedRate);
  if (waterGap) {
    const form = rng.weighted([
      ['far', 40],
      ['little', 20],
      ['quality', 20],
      ['unreliable', 20],
    ] as const);
    const p = form === 'quality' || form === 'unreliable' ? piped : false;
    h.water = {
      secured: false,
      piped: p,
      fetchMinutes: p ? null : form === 'far' ? rng.int(25, 60) : rng.int(5, 20),
      litresPerPersonDay: form === 'little' ? rng.int(10, 19) : rng.int(p ? 40 : 20, p ? 90 : 40),
      qualityOk: form !== 'quality',
      reliabilityPercent: form === 'unreliable' ? rng.int(60, 89) : rng.int(90, 100),
    };
  } else {
    // Some sit exactly on a threshold (20 minutes, 20 litres, 90 %): the rules say “at most”/“at least”.
    const edge = rng.chance(0.03);
    h.water = {
      secured: true,
      piped,
      fetchMinutes: piped ? null : edge ? 20 : rng.int(5, 20),
      litresPerPersonDay: piped ? rng.int(40, 100) : edge ? 20 : rng.int(20, 40),
      qualityOk: true,
      reliabilityPercent: edge ? 90 : rng.int(piped ? 95 : 90, 100),
    };
  }

  h.foodClothingOk = !foodGap;
  h.foodClothingNote = foodGap ? rng.pick(['冬季御寒衣被不足', '口粮不足，需临时救助', '无换季衣物']) : null;
  h.sanitaryToilet = rng.chance(relocation === 'moved-in' ? 0.95 : d.scope === 'exited' ? 0.55 : 0.38);
}

function villageIndicators(rng: Random, v: VillageDraft): VillageIndicators {
  const open = v.poor && !v.exited;
  // A village planned to exit has worked on its indicators for years: a gap is rare there (about
  // one in twelve has one left); the deep-poverty villages keep most of them.
  const k = v.kind === 'planned' ? 0.08 : 1;
  const ok = (missing: number): boolean => !(open && rng.chance(missing * k));
  const collectiveZero = v.kind === 'planned' ? rng.chance(0.035) : v.kind === 'deep' ? rng.chance(0.4) : v.exited ? false : rng.chance(0.25);
  return {
    leadingIndustry: ok(0.1),
    cooperative: ok(0.05),
    collectiveIncome: collectiveZero ? 0 : round100(v.exited ? rng.uniform(20_000, 80_000) : rng.uniform(5_000, 60_000)),
    hardenedRoad: ok(0.12),
    powerToAllGroups: ok(0.04),
    cleanEnvironment: open ? ok(0.15) : v.poor || !rng.chance(0.05),
    schoolPlaces: ok(0.02),
    clinicWithDoctor: ok(0.08),
    pensionCoverage: ok(0.03),
    dibaoForAllQualified: ok(0.03),
  };
}

// ============================================================================ indicators (the domain's rules)

const EXCLUDED = new Set<IncomeItemCode>(DEMO_RULES.excludedItems);

/**
 * The unmet veto indicators of a household, read from the generated record alone: the domain's
 * indicator checks under the seed rulebook, without tasks. One gap per member concerned, and one
 * household-level gap per indicator (a household task covers all its aspects, e.g. of water).
 */
export function findGaps(h: Household, members: readonly Member[], ref: string): Gap[] {
  const rec: HouseholdRecord = { household: h, members: [...members], income: null, tasks: [] };
  const gaps: Gap[] = [];
  for (const check of evaluateIndicators(rec, SEED_RULEBOOK, ref)) {
    if (!isNonIncomeIndicator(check.indicator)) continue;
    let householdGap = false;
    for (const reason of openGaps(check)) {
      if (reason.memberId === null) {
        if (householdGap) continue;
        householdGap = true;
      }
      gaps.push({ indicator: check.indicator, memberId: reason.memberId });
    }
  }
  return gaps;
}

// ============================================================================ income

const FLEX: readonly IncomeItemCode[] = ['migrantWage', 'localWage', 'publicWelfareJob', 'farming', 'forestry', 'livestock', 'fishery', 'industry', 'services'];
/** Regular income the office could scale back in a low-income household (not pensions or 低保/特困). */
const OPTIONAL_FIXED: readonly IncomeItemCode[] = [
  'rent',
  'interest',
  'dividends',
  'assetIncomeDividend',
  'ecoCompensation',
  'childSupport',
  'otherTransfer',
  'familyPlanning',
];

type Items = Partial<Record<IncomeItemCode, number>>;

export function countedNetOf(items: Items): number {
  let net = 0;
  for (const key in items) {
    const code = key as IncomeItemCode;
    const amount = items[code] ?? 0;
    if (code === 'productionCost') net -= amount;
    else if (!EXCLUDED.has(code)) net += amount;
  }
  return net;
}

function excludedOf(items: Items): number {
  let sum = 0;
  for (const key in items) if (EXCLUDED.has(key as IncomeItemCode)) sum += items[key as IncomeItemCode] ?? 0;
  return sum;
}

function add(items: Items, code: IncomeItemCode, amount: number): void {
  if (amount === 0) return;
  items[code] = (items[code] ?? 0) + amount;
}

/** 2018 amounts as the north-west paid them, roughly: the form's items drawn from the household's facts. */
function naturalIncome(rng: Random, d: Draft): Items {
  const items: Items = {};
  const h = d.household;
  let cost = 0;
  d.members.forEach((m, i) => {
    const age = d.ages[i] ?? 0;
    if (m.migrantMonths !== null) {
      const yearly = rng.uniform(15_000, 30_000) * (m.labour === 'skilled' ? 1.2 : 1);
      add(items, 'migrantWage', round100((yearly * m.migrantMonths) / 12));
    } else if ((m.labour === 'ordinary' || m.labour === 'skilled') && age < 60 && rng.chance(0.35)) {
      add(items, 'localWage', round100(rng.uniform(1_500, 8_000)));
    }
    if (age >= 60 && m.pension === true) add(items, 'pension', 1_236); // ≈103 yuan a month basic pension
    if (age >= 80) add(items, 'otherTransfer', 1_200); // 高龄补贴
    if (m.health === 'disabled' && (m.disabilityGrade ?? 4) <= 2) add(items, 'otherTransfer', 1_200); // 残疾人两项补贴
    if (h.attribute === 'tekun') add(items, 'tekun', 5_460 + (m.health === 'disabled' ? 1_200 : 0));
  });
  const labourers = d.members.filter((m) => m.labour === 'ordinary' || m.labour === 'skilled').length;
  if (rng.chance(labourers === 0 ? 0.02 : 0.08)) add(items, 'publicWelfareJob', round100(rng.uniform(5_000, 7_200)));

  const land = h.cultivatedLand ?? 0;
  if (land > 0) {
    const gross = round100(land * rng.uniform(250, 600));
    add(items, 'farming', gross);
    cost += gross * rng.uniform(0.35, 0.5);
    add(items, 'otherTransfer', Math.round(land * 95)); // 耕地地力保护补贴
  }
  if (rng.chance(labourers > 0 ? 0.45 : 0.15)) {
    const gross = round100(rng.uniform(2_000, 12_000));
    add(items, 'livestock', gross);
    cost += gross * rng.uniform(0.4, 0.6);
  }
  if ((h.forestLand ?? 0) > 0 && rng.chance(0.15)) {
    const gross = round100(rng.uniform(500, 3_000));
    add(items, 'forestry', gross);
    cost += gross * 0.1;
  }
  if (labourers > 0 && rng.chance(0.03)) {
    const gross = round100(rng.uniform(5_000, 20_000));
    add(items, rng.chance(0.6) ? 'services' : 'industry', gross);
    cost += gross * 0.5;
  }
  if (rng.chance(0.002)) {
    const gross = round100(rng.uniform(1_000, 4_000));
    add(items, 'fishery', gross);
    cost += gross * 0.4;
  }
  add(items, 'productionCost', Math.round(cost));

  if (rng.chance(0.12)) add(items, 'rent', round100(rng.uniform(300, 2_000)));
  if (rng.chance(0.1)) add(items, 'interest', rng.int(10, 120));
  if (rng.chance(0.2)) add(items, 'dividends', round100(rng.uniform(300, 1_500)));
  if (rng.chance(d.village.poor ? 0.65 : 0.45)) add(items, 'assetIncomeDividend', round100(rng.uniform(500, 2_000)));
  if (h.attribute === 'dibao') {
    const covered = Math.max(1, Math.round(d.members.length * rng.uniform(0.4, 1)));
    const perPerson = rng.weighted([
      [3_960, 10],
      [3_600, 20],
      [1_200, 40],
      [720, 30],
    ] as const);
    add(items, 'dibao', covered * perPerson);
  }
  if (d.ages.some((a) => a >= 60) && rng.chance(0.05)) add(items, 'familyPlanning', 960 * rng.int(1, 2));
  if ((h.forestLand ?? 0) > 0 && rng.chance(0.5)) add(items, 'ecoCompensation', Math.round((h.forestLand ?? 0) * rng.uniform(90, 160)));
  if ((d.ages[0] ?? 0) >= 60 && d.members.length <= 3 && rng.chance(0.6)) add(items, 'childSupport', round100(rng.uniform(1_000, 4_000)));

  // Items the rulebook leaves out, recorded all the same.
  d.members.forEach((m) => {
    if (m.health === 'serious-illness' && rng.chance(0.85)) add(items, 'medicalReimbursement', round100(rng.uniform(3_000, 40_000)));
    else if (m.health === 'chronic' && rng.chance(0.3)) add(items, 'medicalReimbursement', round100(rng.uniform(200, 3_000)));
  });
  const ren = h.housing.renovation;
  if ((ren === 'in-progress' || ren === 'finished' || ren === 'accepted') && rng.chance(0.7)) {
    add(items, 'housingSubsidy', h.housing.grade === 'D' ? 20_000 : 10_000);
  }
  if (h.relocation === 'moved-in' && h.status !== 'exited' && rng.chance(0.3)) add(items, 'relocationSubsidy', 6_000 * d.members.length);
  if (rng.chance(0.04)) add(items, 'oneOffRelief', round100(rng.uniform(500, 3_000)));
  if (rng.chance(0.2)) add(items, 'donorHelp', round100(rng.uniform(200, 1_000)));
  if (labourers > 0 && rng.chance(0.06)) add(items, 'microCredit', rng.chance(0.7) ? 50_000 : 30_000);
  return items;
}

function largestOf(items: Items, codes: readonly IncomeItemCode[]): IncomeItemCode | null {
  let best: IncomeItemCode | null = null;
  let bestAmount = 0;
  for (const c of codes) {
    const a = items[c] ?? 0;
    if (a > bestAmount) {
      best = c;
      bestAmount = a;
    }
  }
  return best;
}

function dropZeros(items: Items): void {
  for (const [code, amount] of Object.entries(items) as [IncomeItemCode, number][]) if (amount === 0) delete items[code];
}

/**
 * Moves the counted net income to exactly `target` yuan by scaling the earned items (wages and
 * production, with their costs) and, when that is not enough downwards, the optional regular
 * transfers and property income. Pensions, 低保金 and 特困供养金 are entitlements and stay.
 * Returns false when even that cannot reach the target (the entitlements alone exceed it).
 */
function adjustTo(items: Items, target: number, canWork: boolean): boolean {
  const flexGross = FLEX.reduce((s, c) => s + (items[c] ?? 0), 0);
  const cost = items.productionCost ?? 0;
  const flexNet = flexGross - cost;
  const fixed = countedNetOf(items) - flexNet;
  const needed = target - fixed;
  let capped = false;
  if (needed >= 0) {
    // More than 2.5 times what the household earns would not be the same household any more:
    // the rest comes from a new source instead.
    let k = flexNet > 0 ? needed / flexNet : 0;
    if (k > 2.5 || flexNet <= 0) {
      capped = true;
      k = Math.min(k, 2.5);
    }
    for (const c of FLEX) if (items[c] !== undefined) items[c] = Math.round((items[c] ?? 0) * k);
    items.productionCost = Math.round(cost * k);
  } else {
    for (const c of FLEX) delete items[c];
    delete items.productionCost;
    const optional = OPTIONAL_FIXED.reduce((s, c) => s + (items[c] ?? 0), 0);
    const k = optional > 0 ? Math.max(0, (optional + needed) / optional) : 0;
    for (const c of OPTIONAL_FIXED) if (items[c] !== undefined) items[c] = Math.round((items[c] ?? 0) * k);
  }
  const diff = target - countedNetOf(items);
  if (diff !== 0) {
    const into = capped ? null : (largestOf(items, FLEX) ?? largestOf(items, OPTIONAL_FIXED));
    if (into !== null && (items[into] ?? 0) + diff >= 0) {
      items[into] = (items[into] ?? 0) + diff;
    } else if (diff > 0) {
      // Nothing earned to scale: local casual work or, without labour, support from children.
      add(items, canWork ? 'localWage' : 'childSupport', diff);
    }
  }
  dropZeros(items);
  return countedNetOf(items) === target;
}

/**
 * Income bands of the in-scope households, by rank of a noisy natural per-capita income, so the
 * poorer households by their own facts are the ones that stay below the line. Exited households
 * are kept above it (they exited on income); the others keep their natural figures.
 */
function assignIncomeBands(rng: Random, drafts: Draft[]): void {
  const line = DEMO_RULES.line;
  const inScope = drafts.filter((d) => d.scope === 'in-scope');
  const ranked = inScope
    .map((d, i) => [(countedNetOf(d.items) / d.members.length) * d.village.incomeFactor * rng.uniform(0.8, 1.25), i] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .map(([, i]) => inScope[i] as Draft);
  const nBelow = Math.round(ranked.length * DEMO_TARGETS.belowLine);
  ranked.forEach((d, i) => (d.band = i < nBelow ? 'below' : 'above'));
  const rest = rng.shuffle(ranked.slice(nBelow));
  const nExact = Math.max(1, Math.round(inScope.length * DEMO_TARGETS.exactLine));
  const nNear = Math.max(2, Math.round(inScope.length * DEMO_TARGETS.nearLine));
  rest.slice(0, nExact).forEach((d) => (d.band = 'exact'));
  rest.slice(nExact, nExact + nNear).forEach((d) => (d.band = 'near'));

  for (const d of drafts) {
    const size = d.members.length;
    const canWork = d.members.some((m) => m.labour === 'ordinary' || m.labour === 'skilled');
    const perCapita = countedNetOf(d.items) / size;
    let target: number | null = null;
    switch (d.band) {
      case 'below':
        if (perCapita >= line - 100) target = Math.round(d.rng.uniform(2_300, line - 110) * size);
        else if (perCapita < 1_000) target = Math.round(d.rng.uniform(1_000, 2_000) * size);
        break;
      case 'near': {
        const offset = d.rng.int(1, 99 * size);
        target = line * size + (d.rng.chance(0.5) ? offset : -offset);
        break;
      }
      case 'exact':
        target = line * size;
        break;
      case 'above':
        if (perCapita <= line + 100) target = Math.round(d.rng.uniform(line + 150, 5_500) * size);
        break;
      case 'natural':
        if (d.scope === 'exited' && perCapita < 4_200) target = Math.round(d.rng.uniform(4_300, 7_500) * size);
        break;
    }
    if (target !== null && !adjustTo(d.items, target, canWork) && d.band !== 'natural') d.band = 'natural';
    dropZeros(d.items);

    // For some low-income households the excluded items would have made the difference.
    const net = countedNetOf(d.items);
    if (d.scope === 'in-scope' && net <= line * size && d.rng.chance(DEMO_TARGETS.excludedItemsMatter)) {
      const lift = line * size - net - excludedOf(d.items) + round100(d.rng.uniform(300, 3_000) * size);
      if (lift > 0) {
        const sick = d.members.some((m) => m.health === 'serious-illness' || m.health === 'chronic');
        const renovating = d.household.housing.renovation !== 'none';
        const code: IncomeItemCode = sick ? 'medicalReimbursement' : renovating ? 'housingSubsidy' : lift <= 5_000 ? 'oneOffRelief' : 'donorHelp';
        add(d.items, code, lift);
      }
    }
  }
}

function incomeNote(d: Draft): string | null {
  const excluded = excludedOf(d.items);
  if (excluded === 0) return null;
  const labels: Partial<Record<IncomeItemCode, string>> = {
    oneOffRelief: '临时救助金',
    medicalReimbursement: '医疗报销',
    housingSubsidy: '危房改造补助',
    relocationSubsidy: '易地搬迁补助',
    microCredit: '扶贫小额信贷',
    donorHelp: '帮扶慰问金（物）',
  };
  const names = DEMO_RULES.excludedItems.filter((c) => (d.items[c] ?? 0) > 0).map((c) => labels[c] ?? c);
  return `${names.join('、')}按规定不计入纯收入`;
}

// ============================================================================ tasks

const SECTORS: Record<TaskIndicator, string> = { water: '水务', education: '教育', medical: '医保', housing: '住建', 'food-clothing': '乡镇' };

const DUE: Record<TaskIndicator, readonly (readonly [string, number])[]> = {
  medical: [
    ['10-31', 40],
    ['11-15', 35],
    ['11-30', 25],
  ],
  education: [
    ['10-31', 50],
    ['11-15', 30],
    ['11-30', 20],
  ],
  water: [
    ['11-30', 35],
    ['12-15', 35],
    ['12-31', 30],
  ],
  housing: [
    ['11-30', 30],
    ['12-20', 35],
    ['12-31', 35],
  ],
  'food-clothing': [
    ['10-31', 60],
    ['11-30', 40],
  ],
};

function taskNote(indicator: TaskIndicator, d: Draft, memberId: string | null): string {
  const m = memberId === null ? null : d.members.find((x) => x.id === memberId);
  const h = d.household;
  switch (indicator) {
    case 'housing': {
      const grade = h.housing.grade === 'D' ? 'D级危房' : 'C级危房';
      const state =
        h.housing.renovation === 'finished'
          ? '已竣工，待验收'
          : h.housing.renovation === 'in-progress'
            ? '改造施工中'
            : h.housing.renovation === 'planned'
              ? '已列入改造计划'
              : '尚未启动改造';
      return `${grade}，${state}`;
    }
    case 'water': {
      const w = h.water;
      if (w.qualityOk === false) return '水质不达标，安装净水设备或接入集中供水';
      if ((w.reliabilityPercent ?? 100) < DEMO_RULES.minReliabilityPercent) return `供水保证率${w.reliabilityPercent}%，改造供水管网`;
      if ((w.litresPerPersonDay ?? 100) < DEMO_RULES.minLitresPerPersonDay) return `供水量每人每天${w.litresPerPersonDay}升，新建水窖或入户管网`;
      return `取水往返${w.fetchMinutes ?? '?'}分钟，自来水入户`;
    }
    case 'education':
      return `${m?.name ?? ''}失学，劝返复学`;
    case 'medical':
      return m?.basicMedical === true ? `${m.name}补缴大病保险` : `${m?.name ?? ''}补办城乡居民基本医疗保险参保`;
    case 'food-clothing':
      return h.foodClothingNote ? `${h.foodClothingNote}，乡镇落实救助` : '落实吃穿保障';
  }
}

/** Creates the household's tasks; returns the indicators left without a qualifying task. */
function makeTasks(d: Draft, gaps: Gap[], year: number, tasks: Task[], counter: { n: number }): TaskIndicator[] {
  const rng = d.rng;
  const byIndicator = new Map<TaskIndicator, Gap[]>();
  for (const g of gaps) byIndicator.set(g.indicator, [...(byIndicator.get(g.indicator) ?? []), g]);
  const unremediable: TaskIndicator[] = [];
  for (const [indicator, list] of byIndicator) {
    const qualifies = !rng.chance(DEMO_TARGETS.noQualifyingTask[indicator] * d.village.lateTaskFactor);
    if (!qualifies) {
      unremediable.push(indicator);
      if (rng.chance(0.5)) continue; // no task at all: nothing can be done this year
    }
    const ren = d.household.housing.renovation;
    for (const gap of list) {
      const due = qualifies ? `${year}-${rng.weighted(DUE[indicator])}` : `${year + 1}-${rng.pick(['03-31', '06-30', '09-30'])}`;
      const status =
        indicator === 'housing' ? (ren === 'in-progress' || ren === 'finished' ? 'in-progress' : 'open') : rng.chance(0.5) ? 'open' : 'in-progress';
      counter.n++;
      tasks.push({
        id: `ZG${year}${pad(counter.n, 6)}`,
        householdId: d.household.id,
        memberId: gap.memberId,
        indicator,
        dueDate: due,
        status,
        sector: SECTORS[indicator],
        note: taskNote(indicator, d, gap.memberId),
      });
    }
  }
  return unremediable;
}
