// Scenario fixtures for the assessment tests (and the demo/bench): builders with defaults for a
// fully compliant household, and named scenarios that read like the rules they exercise.
// Every builder returns fresh objects, so a test may change what it gets.
// Dates are chosen against REFERENCE_DATE (2018-12-31, the seed rulebooks' assessment date).
import type { Household, HouseholdRecord, IncomeForm, IncomeItemCode, Member, Region, Task, VillageIndicators } from './types.js';
import { makeIdNumber } from './idNumber.js';

export const REFERENCE_DATE = '2018-12-31';
export const COUNTY_CODE = '620521';
export const TOWNSHIP_CODE = '620521101';
export const VILLAGE_CODE = '620521101201';
const ID_REGION = '620521';

// ------------------------------------------------------------------ builders

export function makeHousehold(overrides: Partial<Household> = {}): Household {
  return {
    id: 'H001',
    villageCode: VILLAGE_CODE,
    group: '一组',
    attribute: 'general',
    standard: 'national',
    identifiedYear: 2014,
    mainCause: 'lack-capital',
    otherCauses: [],
    status: 'not-exited',
    exitYear: null,
    relocation: 'none',
    guarantee: false,
    foodClothingOk: true,
    foodClothingNote: null,
    housing: { grade: null, renovation: 'none', area: 96 },
    water: { secured: true, piped: true, fetchMinutes: null, litresPerPersonDay: 60, qualityOk: true, reliabilityPercent: 95 },
    cultivatedLand: 6.5,
    forestLand: null,
    roadDistanceKm: 1.2,
    sanitaryToilet: true,
    cadre: { name: '王建国', unit: '县农业农村局', phone: null },
    workTeam: '县农业农村局驻村工作队',
    phone: null,
    bankAccount: null,
    ...overrides,
  };
}

// The ID number's sequence is derived from name and birth date, so the same member always gets
// the same valid number; odd for men, even for women, as GB 11643 requires.
function sequenceFor(name: string, birthDate: string, sex: 'M' | 'F'): number {
  let h = 0;
  for (const ch of name + birthDate) h = (h * 31 + ch.codePointAt(0)!) % 499;
  return h * 2 + (sex === 'M' ? 1 : 0);
}

/**
 * A healthy, insured adult by default. `id` and `householdId` are filled in by makeRecord
 * (member n of household H001 becomes H001-0n) unless given.
 */
export function makeMember(overrides: Partial<Member> = {}): Member {
  const birthDate = overrides.birthDate === undefined ? '1975-04-12' : overrides.birthDate;
  const sex = overrides.sex ?? 'M';
  const name = overrides.name ?? '张建军';
  return {
    id: '',
    householdId: '',
    name,
    idNumber: birthDate === null ? null : makeIdNumber(ID_REGION, birthDate, sequenceFor(name, birthDate, sex)),
    sex,
    birthDate,
    ethnicity: '汉族',
    relation: 'head',
    education: '初中',
    schoolStatus: 'none',
    outOfSchoolReason: null,
    homeSchooled: false,
    health: 'healthy',
    disabilityGrade: null,
    labour: 'ordinary',
    migrantPlace: null,
    migrantMonths: null,
    basicMedical: true,
    criticalIllness: true,
    pension: true,
    medicalAssistance: null,
    familyDoctor: true,
    phone: null,
    ...overrides,
  };
}

export function makeIncome(items: Partial<Record<IncomeItemCode, number>>, overrides: Partial<IncomeForm> = {}): IncomeForm {
  return { householdId: 'H001', year: 2018, items, note: null, ...overrides };
}

export function makeTask(overrides: Partial<Task> = {}): Task {
  return {
    id: 'T1',
    householdId: 'H001',
    memberId: null,
    indicator: 'housing',
    dueDate: '2018-11-30',
    status: 'in-progress',
    sector: '住建',
    note: null,
    ...overrides,
  };
}

export interface RecordParts {
  household?: Partial<Household>;
  members?: Member[];
  /** undefined = the compliant family's form; null = no form. */
  income?: IncomeForm | null;
  tasks?: Task[];
}

/** Ties the parts together: household id propagated to members, income and tasks. */
export function makeRecord(parts: RecordParts = {}): HouseholdRecord {
  const household = makeHousehold(parts.household);
  const members = (parts.members ?? familyOfFour()).map((m, i) => ({
    ...m,
    householdId: household.id,
    id: m.id === '' ? `${household.id}-${String(i + 1).padStart(2, '0')}` : m.id,
  }));
  const income = parts.income === undefined ? compliantIncome() : parts.income;
  return {
    household,
    members,
    income: income === null ? null : { ...income, householdId: household.id },
    tasks: (parts.tasks ?? []).map((t) => ({ ...t, householdId: household.id })),
  };
}

// ------------------------------------------------------------------ members

export const members = {
  head: (o: Partial<Member> = {}) => makeMember({ name: '张建军', relation: 'head', birthDate: '1975-04-12', sex: 'M', ...o }),
  spouse: (o: Partial<Member> = {}) => makeMember({ name: '李秀英', relation: 'spouse', birthDate: '1977-08-20', sex: 'F', education: '小学', ...o }),
  /** 12 at the reference date, in grade 7. */
  pupilAge12: (o: Partial<Member> = {}) => makeMember({ name: '张小明', relation: 'son', birthDate: '2006-03-01', sex: 'M', education: '小学', schoolStatus: 'grade7', labour: 'none', ...o }),
  /** 8 at the reference date, in primary school. */
  pupilAge8: (o: Partial<Member> = {}) => makeMember({ name: '张小红', relation: 'daughter', birthDate: '2010-09-01', sex: 'F', education: null, schoolStatus: 'primary', labour: 'none', ...o }),
  /** 13, left school because the family could not afford it: the classic education gap. */
  dropoutAge13: (o: Partial<Member> = {}) => makeMember({ name: '张小军', relation: 'son', birthDate: '2005-06-15', sex: 'M', education: '小学', schoolStatus: 'none', outOfSchoolReason: '家庭困难辍学', labour: 'none', ...o }),
  /** 15, severely disabled, taught at home (送教上门): covered by the rulebook. */
  severelyDisabledAge15TaughtAtHome: (o: Partial<Member> = {}) => makeMember({ name: '张小兰', relation: 'daughter', birthDate: '2003-10-05', sex: 'F', education: null, schoolStatus: 'none', outOfSchoolReason: '重度残疾', homeSchooled: true, health: 'disabled', disabilityGrade: 1, labour: 'none', ...o }),
  /** The same child without home schooling: out of school, an education gap. */
  severelyDisabledAge15NotTaughtAtHome: (o: Partial<Member> = {}) => makeMember({ name: '张小兰', relation: 'daughter', birthDate: '2003-10-05', sex: 'F', education: null, schoolStatus: 'none', outOfSchoolReason: '重度残疾', homeSchooled: false, health: 'disabled', disabilityGrade: 1, labour: 'none', ...o }),
  /** 16 on the reference date (born 2002-12-31), out of school: past compulsory age. */
  age16OutOfSchool: (o: Partial<Member> = {}) => makeMember({ name: '张大伟', relation: 'son', birthDate: '2002-12-31', sex: 'M', education: '小学', schoolStatus: 'none', outOfSchoolReason: '外出务工', ...o }),
  /** 15 until the day after the reference date: still of compulsory age. */
  age15TurningSixteenTomorrow: (o: Partial<Member> = {}) => makeMember({ name: '张二伟', relation: 'son', birthDate: '2003-01-01', sex: 'M', education: '小学', schoolStatus: 'none', outOfSchoolReason: '外出务工', ...o }),
  /** 14, finished junior high early: compulsory schooling completed. */
  completedJuniorHighAge14: (o: Partial<Member> = {}) => makeMember({ name: '张小华', relation: 'daughter', birthDate: '2004-07-01', sex: 'F', education: '初中', schoolStatus: 'none', ...o }),
  noCriticalIllnessInsurance: (o: Partial<Member> = {}) => makeMember({ name: '张老汉', relation: 'father', birthDate: '1948-02-02', sex: 'M', education: '文盲或半文盲', labour: 'none', criticalIllness: false, ...o }),
  medicalInsuranceNotRecorded: (o: Partial<Member> = {}) => makeMember({ name: '王桂花', relation: 'mother', birthDate: '1950-05-05', sex: 'F', education: '文盲或半文盲', labour: 'none', basicMedical: null, criticalIllness: null, ...o }),
  /** An adult with no birth date and no schooling record: education cannot be judged. */
  noBirthDate: (o: Partial<Member> = {}) => makeMember({ name: '张某', relation: 'brother', birthDate: null, education: '小学', ...o }),
};

function familyOfFour(): Member[] {
  return [members.head(), members.spouse(), members.pupilAge12(), members.pupilAge8()];
}

/** Net 18,000 yuan: 4,500 per person in a family of four. */
function compliantIncome(): IncomeForm {
  return makeIncome({ migrantWage: 14000, farming: 3000, livestock: 500, productionCost: 1500, ecoCompensation: 2000 });
}

// ------------------------------------------------------------------ tasks

export const tasks = {
  /** Housing renovation to be accepted by 2018-11-30 (inside the 2018 deadline). */
  housingRenovation: (o: Partial<Task> = {}) => makeTask({ id: 'T12', indicator: 'housing', dueDate: '2018-11-30', status: 'in-progress', sector: '住建', ...o }),
  /** Housing renovation due in March 2019: after the deadline, cannot make the household B. */
  housingRenovationDueNextYear: (o: Partial<Task> = {}) => makeTask({ id: 'T13', indicator: 'housing', dueDate: '2019-03-31', status: 'in-progress', sector: '住建', ...o }),
  returnToSchool: (memberId: string, o: Partial<Task> = {}) => makeTask({ id: 'T20', indicator: 'education', memberId, dueDate: '2018-09-30', status: 'open', sector: '教育', ...o }),
  insurance: (memberId: string | null, o: Partial<Task> = {}) => makeTask({ id: 'T30', indicator: 'medical', memberId, dueDate: '2018-12-15', status: 'open', sector: '医保', ...o }),
  water: (o: Partial<Task> = {}) => makeTask({ id: 'T40', indicator: 'water', dueDate: '2018-10-31', status: 'open', sector: '水务', ...o }),
};

// ------------------------------------------------------------------ households

/** Head, spouse and the given members, with the compliant income form (18,000 net). */
function familyWith(...extra: Member[]): Member[] {
  return [members.head(), members.spouse(), ...extra];
}

export const households = {
  compliantFamilyOfFour: (p: RecordParts = {}) => makeRecord(p),
  /** An old man living alone on pension and 低保: 5,000 per person. */
  singlePerson: (p: RecordParts = {}) => makeRecord({
    household: { id: 'H002', attribute: 'dibao', mainCause: 'lack-labour' },
    members: [members.head({ name: '赵德胜', birthDate: '1950-01-10', education: '小学', labour: 'none' })],
    income: makeIncome({ pension: 1500, dibao: 3000, ecoCompensation: 500 }),
    ...p,
  }),
  /** Net 14,800 for four = 3,700.00, built from decimals that do not add up exactly in binary. */
  incomeExactlyAtLine: (p: RecordParts = {}) => makeRecord({
    household: { id: 'H003' },
    income: makeIncome({ localWage: 14799.7, interest: 0.1, dividends: 0.2 }),
    ...p,
  }),
  /** 3,600 per person: above the province's 3,500, below the county's 3,700. */
  incomeBetweenProvinceAndCountyLines: (p: RecordParts = {}) => makeRecord({
    household: { id: 'H004' },
    income: makeIncome({ migrantWage: 12000, farming: 3000, productionCost: 600 }),
    ...p,
  }),
  /** Counted 14,000 (3,500 per person) plus 6,000 of excluded items that must not lift it. */
  incomeWithExcludedItems: (p: RecordParts = {}) => makeRecord({
    household: { id: 'H005' },
    income: makeIncome({ migrantWage: 14000, oneOffRelief: 1000, medicalReimbursement: 3000, donorHelp: 2000 }),
    ...p,
  }),
  noIncomeForm: (p: RecordParts = {}) => makeRecord({ household: { id: 'H006' }, income: null, ...p }),
  /** A household whose members have all been moved off the record. */
  noMembers: (p: RecordParts = {}) => makeRecord({ household: { id: 'H007' }, members: [], ...p }),
  dangerousHouseRenovationAccepted: (p: RecordParts = {}) => makeRecord({
    household: { id: 'H010', housing: { grade: 'C', renovation: 'accepted', area: 80 } },
    ...p,
  }),
  dangerousHouseRenovationFinishedNotAccepted: (p: RecordParts = {}) => makeRecord({
    household: { id: 'H011', housing: { grade: 'C', renovation: 'finished', area: 80 } },
    ...p,
  }),
  dangerousHouseNotRenovated: (p: RecordParts = {}) => makeRecord({
    household: { id: 'H012', housing: { grade: 'D', renovation: 'none', area: 60 } },
    ...p,
  }),
  waterFetch40Minutes: (p: RecordParts = {}) => makeRecord({
    household: { id: 'H020', water: { secured: true, piped: false, fetchMinutes: 40, litresPerPersonDay: 30, qualityOk: true, reliabilityPercent: 95 } },
    ...p,
  }),
  /** Only the national system's flag is recorded. */
  waterOnlySecuredFlag: (secured: boolean | null, p: RecordParts = {}) => makeRecord({
    household: { id: 'H021', water: { secured, piped: null, fetchMinutes: null, litresPerPersonDay: null, qualityOk: null, reliabilityPercent: null } },
    ...p,
  }),
  foodClothingNotOk: (p: RecordParts = {}) => makeRecord({
    household: { id: 'H030', foodClothingOk: false, foodClothingNote: '冬季衣被不足' },
    ...p,
  }),
  childDropoutAge13: (p: RecordParts = {}) => makeRecord({ household: { id: 'H040' }, members: familyWith(members.dropoutAge13()), ...p }),
  childSeverelyDisabledTaughtAtHome: (p: RecordParts = {}) => makeRecord({ household: { id: 'H041' }, members: familyWith(members.severelyDisabledAge15TaughtAtHome()), ...p }),
  childSeverelyDisabledNotTaughtAtHome: (p: RecordParts = {}) => makeRecord({ household: { id: 'H042' }, members: familyWith(members.severelyDisabledAge15NotTaughtAtHome()), ...p }),
  grandfatherWithoutCriticalIllnessInsurance: (p: RecordParts = {}) => makeRecord({ household: { id: 'H050' }, members: familyWith(members.noCriticalIllnessInsurance()), ...p }),
  relocationNotMovedIn: (p: RecordParts = {}) => makeRecord({ household: { id: 'H060', relocation: 'planned' }, ...p }),
  relocationMovedIn: (p: RecordParts = {}) => makeRecord({ household: { id: 'H061', relocation: 'moved-in' }, ...p }),
  guaranteed: (p: RecordParts = {}) => makeRecord({ household: { id: 'H062', attribute: 'tekun', guarantee: true }, ...p }),
  exited: (p: RecordParts = {}) => makeRecord({ household: { id: 'H063', status: 'exited', exitYear: 2017 }, ...p }),
  returnedToPoverty: (p: RecordParts = {}) => makeRecord({ household: { id: 'H064', status: 'returned' }, ...p }),
};

// ------------------------------------------------------------------ regions

export function villageIndicatorsAllMet(): VillageIndicators {
  return {
    leadingIndustry: true, cooperative: true, collectiveIncome: 50000, hardenedRoad: true, powerToAllGroups: true,
    cleanEnvironment: true, schoolPlaces: true, clinicWithDoctor: true, pensionCoverage: true, dibaoForAllQualified: true,
  };
}

export const regions = {
  county: (o: Partial<Region> = {}): Region => ({ code: COUNTY_CODE, name: '示范县', level: 'county', parentCode: null, ruralPopulation: null, poorVillage: false, exitYear: null, indicators: null, ...o }),
  township: (o: Partial<Region> = {}): Region => ({ code: TOWNSHIP_CODE, name: '城关镇', level: 'township', parentCode: COUNTY_CODE, ruralPopulation: null, poorVillage: false, exitYear: null, indicators: null, ...o }),
  /** A poor village, not exited, with 1,000 rural people and every village indicator met. */
  poorVillage: (o: Partial<Region> = {}): Region => ({ code: VILLAGE_CODE, name: '红星村', level: 'village', parentCode: TOWNSHIP_CODE, ruralPopulation: 1000, poorVillage: true, exitYear: null, indicators: villageIndicatorsAllMet(), ...o }),
};

// ------------------------------------------------------------------ a small county by hand

export const TOWNSHIP2_CODE = '620521102';

/**
 * Two townships, four villages, small enough to check by hand (people in brackets):
 * - 红星村 (poor, 300 rural people): compliant A (4), dropout C (3), exited (4), relocation not
 *   moved in (4) -> remaining poor 11, pre-exit 4: incidence 3.67% now, 2.33% after -> pre-exit.
 * - 向阳村 (poor, 100): B with a housing task (4), income exactly at the line C (4)
 *   -> remaining 8, pre-exit 4: 8% now, 4% after -> stays.
 * - 东风村 (not poor, no rural population recorded): compliant A (4).
 * - 新华村 (poor, exited 2017, 500 people, no registered households).
 */
export function smallCounty(): SyntheticCounty {
  const v1 = VILLAGE_CODE;
  const v2 = `${TOWNSHIP_CODE}202`;
  const v3 = `${TOWNSHIP2_CODE}201`;
  const v4 = `${TOWNSHIP2_CODE}202`;
  const regionList: Region[] = [
    regions.county(),
    regions.township(),
    regions.township({ code: TOWNSHIP2_CODE, name: '河西乡' }),
    regions.poorVillage({ code: v1, name: '红星村', ruralPopulation: 300 }),
    regions.poorVillage({ code: v2, name: '向阳村', ruralPopulation: 100 }),
    regions.poorVillage({ code: v3, name: '东风村', parentCode: TOWNSHIP2_CODE, ruralPopulation: null, poorVillage: false, indicators: null }),
    regions.poorVillage({ code: v4, name: '新华村', parentCode: TOWNSHIP2_CODE, ruralPopulation: 500, exitYear: 2017 }),
  ];
  const records: HouseholdRecord[] = [
    households.compliantFamilyOfFour(),
    households.childDropoutAge13(),
    households.exited(),
    households.relocationNotMovedIn(),
    households.dangerousHouseRenovationFinishedNotAccepted({ household: { id: 'H011', villageCode: v2, housing: { grade: 'C', renovation: 'finished', area: 80 } }, tasks: [tasks.housingRenovation()] }),
    households.incomeExactlyAtLine({ household: { id: 'H003', villageCode: v2 } }),
    households.compliantFamilyOfFour({ household: { id: 'H100', villageCode: v3 } }),
  ];
  return { regions: regionList, records };
}

// ------------------------------------------------------------------ a synthetic county

/** A small deterministic generator (mulberry32): reproducible data without Math.random. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticCounty {
  regions: Region[];
  records: HouseholdRecord[];
}

/**
 * A county-sized registry for benchmarks and whole-pipeline tests: `townships` townships of
 * `villagesPerTownship` villages, `households` households of 1–7 members (4 on average),
 * with a realistic mix of gaps, tasks and statuses. Same seed, same county.
 */
export function syntheticCounty(opts: { households?: number; townships?: number; villagesPerTownship?: number; seed?: number } = {}): SyntheticCounty {
  const nHouseholds = opts.households ?? 15000;
  const nTownships = opts.townships ?? 15;
  const perTownship = opts.villagesPerTownship ?? 20;
  const rnd = mulberry32(opts.seed ?? 2018);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

  const out: Region[] = [regions.county()];
  const villageCodes: string[] = [];
  for (let t = 1; t <= nTownships; t++) {
    const tCode = `${COUNTY_CODE}${String(100 + t)}`;
    out.push(regions.township({ code: tCode, name: `第${t}乡` }));
    for (let v = 1; v <= perTownship; v++) {
      const vCode = `${tCode}${String(200 + v)}`;
      villageCodes.push(vCode);
      out.push(regions.poorVillage({
        code: vCode, name: `第${t}乡${v}村`, parentCode: tCode,
        ruralPopulation: 0, poorVillage: rnd() < 0.4, exitYear: rnd() < 0.2 ? 2017 : null,
      }));
    }
  }

  const records: HouseholdRecord[] = [];
  const peopleByVillage = new Map<string, number>();
  for (let i = 0; i < nHouseholds; i++) {
    const id = `H${String(i + 1).padStart(6, '0')}`;
    const villageCode = villageCodes[i % villageCodes.length]!;
    const size = 1 + Math.floor(rnd() * 4) + Math.floor(rnd() * 4);
    const ms: Member[] = [];
    for (let k = 0; k < size; k++) {
      const year = k < 2 ? 1950 + Math.floor(rnd() * 35) : 1998 + Math.floor(rnd() * 18);
      const birthDate = `${year}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
      const child = k >= 2;
      const dropout = child && rnd() < 0.01;
      ms.push({
        ...makeMember({ birthDate, relation: k === 0 ? 'head' : k === 1 ? 'spouse' : pick(['son', 'daughter', 'grandson', 'granddaughter'] as const), sex: k === 1 ? 'F' : 'M' }),
        id: `${id}-${String(k + 1).padStart(2, '0')}`,
        householdId: id,
        idNumber: null,
        schoolStatus: child && !dropout ? (year >= 2013 ? 'preschool' : year >= 2006 ? 'primary' : year >= 2003 ? 'grade9' : 'high-school') : 'none',
        outOfSchoolReason: dropout ? '家庭困难' : null,
        basicMedical: rnd() > 0.01,
        criticalIllness: rnd() > 0.02,
      });
    }
    const perCapita = 2500 + rnd() * 4000;
    const grade = rnd() < 0.05 ? pick(['C', 'D'] as const) : null;
    const taskList: Task[] = [];
    if (grade !== null && rnd() < 0.7) {
      taskList.push(makeTask({ id: `T${i}`, householdId: id, dueDate: rnd() < 0.8 ? '2018-11-30' : '2019-04-30', status: pick(['open', 'in-progress', 'done', 'verified'] as const) }));
    }
    const status = rnd() < 0.3 ? 'exited' : 'not-exited';
    records.push({
      household: makeHousehold({
        id, villageCode, status, exitYear: status === 'exited' ? 2017 : null,
        relocation: rnd() < 0.03 ? 'planned' : 'none', guarantee: rnd() < 0.05,
        housing: { grade, renovation: grade === null ? 'none' : pick(['none', 'in-progress', 'finished', 'accepted'] as const), area: 80 },
        water: rnd() < 0.03
          ? { secured: true, piped: false, fetchMinutes: 40, litresPerPersonDay: 25, qualityOk: true, reliabilityPercent: 92 }
          : { secured: true, piped: true, fetchMinutes: null, litresPerPersonDay: 50, qualityOk: true, reliabilityPercent: 95 },
      }),
      members: ms,
      income: rnd() < 0.01 ? null : makeIncome({
        migrantWage: Math.round(perCapita * size * 0.6 * 100) / 100,
        farming: Math.round(perCapita * size * 0.3 * 100) / 100,
        productionCost: Math.round(perCapita * size * 0.05 * 100) / 100,
        ecoCompensation: Math.round(perCapita * size * 0.15 * 100) / 100,
        oneOffRelief: 500,
      }, { householdId: id }),
      tasks: taskList,
    });
    peopleByVillage.set(villageCode, (peopleByVillage.get(villageCode) ?? 0) + size);
  }
  // Rural population about 3.5 times the registered poor, as in a deeply poor western county.
  for (const r of out) if (r.level === 'village') r.ruralPopulation = Math.round((peopleByVillage.get(r.code) ?? 0) * 3.5);
  return { regions: out, records };
}
