// Named scenario fixtures for the store's tests and bench: a small county with two townships,
// and households built from a complete default so each scenario states only what it is about.
import { blankHousehold, blankMember, type Household, type HouseholdRecord, type IncomeForm, type Member, type Region, type Task } from '../domain/types.js';
import type { Actor } from './context.js';

export const actors = {
  countyClerk: { id: 'u-county-1', name: '县扶贫办 王会计' } satisfies Actor,
  townshipOfficer: { id: 'u-dp-1', name: '东坪镇 李干部' } satisfies Actor,
};

export const codes = {
  county: '622421',
  dongping: '622421100',
  xihe: '622421200',
  shimen: '622421100201', // 石门村 in 东坪镇
  dongpingVillage: '622421100202', // 东坪村 in 东坪镇
  xiheVillage: '622421200201', // 西河村 in 西河乡
} as const;

function village(code: string, name: string, parentCode: string, extra: Partial<Region> = {}): Region {
  return { code, name, level: 'village', parentCode, ruralPopulation: 800, poorVillage: false, exitYear: null, indicators: null, ...extra };
}

export const regions = {
  county: { code: codes.county, name: '石门县', level: 'county', parentCode: null, ruralPopulation: null, poorVillage: false, exitYear: null, indicators: null } satisfies Region,
  dongping: { code: codes.dongping, name: '东坪镇', level: 'township', parentCode: codes.county, ruralPopulation: null, poorVillage: false, exitYear: null, indicators: null } satisfies Region,
  xihe: { code: codes.xihe, name: '西河乡', level: 'township', parentCode: codes.county, ruralPopulation: null, poorVillage: false, exitYear: null, indicators: null } satisfies Region,
  shimenPoorVillage: village(codes.shimen, '石门村', codes.dongping, {
    ruralPopulation: 1234,
    poorVillage: true,
    exitYear: null,
    indicators: {
      leadingIndustry: true, cooperative: false, collectiveIncome: 52000.5, hardenedRoad: true, powerToAllGroups: null,
      cleanEnvironment: true, schoolPlaces: true, clinicWithDoctor: false, pensionCoverage: true, dibaoForAllQualified: null,
    },
  }),
  dongpingVillage: village(codes.dongpingVillage, '东坪村', codes.dongping),
  xiheVillage: village(codes.xiheVillage, '西河村', codes.xihe, { exitYear: 2017, poorVillage: true }),
};

export const allRegions: Region[] = Object.values(regions);

/** A household with every field filled, Chinese text throughout, booleans both ways. */
export function householdEveryField(id = '6224211002010001', villageCode: string = codes.shimen): Household {
  return {
    id,
    villageCode,
    group: '上庄社（三组）',
    attribute: 'dibao',
    standard: 'provincial',
    identifiedYear: 2014,
    mainCause: 'illness',
    otherCauses: ['lack-skills', 'lack-capital'],
    status: 'pre-exit',
    exitYear: 2019,
    relocation: 'moved-in',
    guarantee: false,
    foodClothingOk: true,
    foodClothingNote: '冬衣已由帮扶单位补齐',
    housing: { grade: 'C', renovation: 'in-progress', area: 86.5 },
    water: { secured: true, piped: false, fetchMinutes: 25, litresPerPersonDay: 42.5, qualityOk: true, reliabilityPercent: 95 },
    cultivatedLand: 7.25,
    forestLand: 0,
    roadDistanceKm: 1.8,
    sanitaryToilet: false,
    cadre: { name: '欧阳𠮷祥', unit: '县农业农村局', phone: '13909320001' },
    workTeam: '县农业农村局驻村工作队',
    phone: '0932-1234567',
    bankAccount: '6228480000000000001',
  };
}

/** Every nullable field null, every boolean false, no other causes. */
export function householdAllNulls(id = '6224211002010002', villageCode: string = codes.shimen): Household {
  return blankHousehold(id, villageCode);
}

export function headEveryField(householdId: string, id = `${householdId}01`): Member {
  return {
    id,
    householdId,
    name: '张建国',
    idNumber: '62242119650315001X',
    sex: 'M',
    birthDate: '1965-03-15',
    ethnicity: '回族',
    relation: 'head',
    education: '小学',
    schoolStatus: 'none',
    outOfSchoolReason: null,
    homeSchooled: false,
    health: 'chronic',
    disabilityGrade: null,
    labour: 'ordinary',
    migrantPlace: '新疆乌鲁木齐',
    migrantMonths: 7.5,
    basicMedical: true,
    criticalIllness: true,
    pension: false,
    medicalAssistance: null,
    familyDoctor: true,
    phone: '13800000000',
  };
}

export function member(householdId: string, suffix: string, overrides: Partial<Member> = {}): Member {
  return { ...blankMember(`${householdId}${suffix}`, householdId, `成员${suffix}`, 'other'), ...overrides };
}

/** A disabled, home-schooled 13-year-old: booleans true, disability grade set. */
export function memberHomeSchooledDisabledChild(householdId: string): Member {
  return member(householdId, '03', {
    name: '张小梅',
    idNumber: '622421201103150028',
    sex: 'F',
    birthDate: '2011-03-15',
    relation: 'granddaughter',
    schoolStatus: 'grade7',
    outOfSchoolReason: '重度残疾，送教上门',
    homeSchooled: true,
    health: 'disabled',
    disabilityGrade: 1,
    labour: 'none',
    basicMedical: true,
    criticalIllness: false,
    pension: false,
    medicalAssistance: true,
    familyDoctor: false,
  });
}

export function incomeForm(householdId: string, year = 2019, items: IncomeForm['items'] = { migrantWage: 18000, farming: 3200.5, productionCost: 1500, dibao: 2940 }): IncomeForm {
  return { householdId, year, items, note: '收入由帮扶责任人核实' };
}

export function task(id: string, householdId: string, overrides: Partial<Task> = {}): Task {
  return {
    id,
    householdId,
    memberId: null,
    indicator: 'housing',
    dueDate: '2019-10-31',
    status: 'open',
    sector: '住建',
    note: 'C 级危房改造',
    ...overrides,
  };
}

export function record(household: Household, members: Member[], income: IncomeForm | null = null, tasks: Task[] = []): HouseholdRecord {
  return { household, members, income, tasks };
}

/** A household in 西河乡 (the other township), for scope tests. */
export function xiheRecord(id = '6224212002010001'): HouseholdRecord {
  const h = householdAllNulls(id, codes.xiheVillage);
  return record(h, [member(id, '01', { name: '李西河', relation: 'head', idNumber: '622421197001010011' })], incomeForm(id));
}

/** The whole fixture county as records: two households in 东坪镇, one in 西河乡. */
export function countyRecords(): HouseholdRecord[] {
  const a = householdEveryField();
  const b = householdAllNulls('6224211002020001', codes.dongpingVillage);
  return [
    record(a, [headEveryField(a.id), member(a.id, '02', { name: '王秀英', relation: 'spouse', sex: 'F' }), memberHomeSchooledDisabledChild(a.id)], incomeForm(a.id)),
    record(b, [member(b.id, '01', { name: '赵东坪', relation: 'head' })], null),
    xiheRecord(),
  ];
}

export function deepClone<T>(v: T): T {
  return structuredClone(v);
}
