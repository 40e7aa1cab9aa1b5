// Domain objects <-> table rows. Explicit per field: a column added to one side and not the
// other fails the round-trip test instead of vanishing quietly.
import type { Cause, Household, IncomeForm, Member, Region, Task, VillageIndicators } from '../domain/types.js';
import type { HouseholdsTable, IncomeFormsTable, MembersTable, RegionsTable, TaskBaseTable } from './schema.js';

export function toBit(v: boolean): number;
export function toBit(v: boolean | null): number | null;
export function toBit(v: boolean | null): number | null {
  return v === null ? null : v ? 1 : 0;
}

export function fromBit(v: number): boolean;
export function fromBit(v: number | null): boolean | null;
export function fromBit(v: number | null): boolean | null {
  return v === null ? null : v !== 0;
}

export interface DerivedCodes {
  township: string | null;
  county: string | null;
}

// ---------------------------------------------------------------- regions

export function regionToRow(r: Region, codes: DerivedCodes): RegionsTable {
  return {
    code: r.code,
    name: r.name,
    level: r.level,
    parent_code: r.parentCode,
    township_code: codes.township,
    county_code: codes.county,
    rural_population: r.ruralPopulation,
    poor_village: toBit(r.poorVillage),
    exit_year: r.exitYear,
    exited: toBit(r.exited),
    indicators: r.indicators === null ? null : JSON.stringify(r.indicators),
  };
}

export function rowToRegion(row: RegionsTable): Region {
  return {
    code: row.code,
    name: row.name,
    level: row.level as Region['level'],
    parentCode: row.parent_code,
    ruralPopulation: row.rural_population,
    poorVillage: fromBit(row.poor_village),
    exitYear: row.exit_year,
    exited: fromBit(row.exited),
    indicators: row.indicators === null ? null : (JSON.parse(row.indicators) as VillageIndicators),
  };
}

// ---------------------------------------------------------------- households

export function householdToRow(h: Household, codes: DerivedCodes): HouseholdsTable {
  return {
    id: h.id,
    village_code: h.villageCode,
    township_code: codes.township,
    county_code: codes.county,
    group_name: h.group,
    attribute: h.attribute,
    standard: h.standard,
    identified_year: h.identifiedYear,
    main_cause: h.mainCause,
    other_causes: JSON.stringify(h.otherCauses),
    status: h.status,
    exit_year: h.exitYear,
    relocation: h.relocation,
    guarantee: toBit(h.guarantee),
    food_clothing_ok: toBit(h.foodClothingOk),
    food_clothing_note: h.foodClothingNote,
    housing_grade: h.housing.grade,
    housing_renovation: h.housing.renovation,
    housing_area: h.housing.area,
    water_secured: toBit(h.water.secured),
    water_piped: toBit(h.water.piped),
    water_fetch_minutes: h.water.fetchMinutes,
    water_litres: h.water.litresPerPersonDay,
    water_quality_ok: toBit(h.water.qualityOk),
    water_reliability: h.water.reliabilityPercent,
    cultivated_land: h.cultivatedLand,
    forest_land: h.forestLand,
    road_distance_km: h.roadDistanceKm,
    sanitary_toilet: toBit(h.sanitaryToilet),
    cadre_name: h.cadre.name,
    cadre_unit: h.cadre.unit,
    cadre_phone: h.cadre.phone,
    work_team: h.workTeam,
    phone: h.phone,
    bank_account: h.bankAccount,
  };
}

export function rowToHousehold(row: HouseholdsTable): Household {
  return {
    id: row.id,
    villageCode: row.village_code,
    group: row.group_name,
    attribute: row.attribute as Household['attribute'],
    standard: row.standard as Household['standard'],
    identifiedYear: row.identified_year,
    mainCause: row.main_cause as Household['mainCause'],
    otherCauses: JSON.parse(row.other_causes) as Cause[],
    status: row.status as Household['status'],
    exitYear: row.exit_year,
    relocation: row.relocation as Household['relocation'],
    guarantee: fromBit(row.guarantee),
    foodClothingOk: fromBit(row.food_clothing_ok),
    foodClothingNote: row.food_clothing_note,
    housing: {
      grade: row.housing_grade as Household['housing']['grade'],
      renovation: row.housing_renovation as Household['housing']['renovation'],
      area: row.housing_area,
    },
    water: {
      secured: fromBit(row.water_secured),
      piped: fromBit(row.water_piped),
      fetchMinutes: row.water_fetch_minutes,
      litresPerPersonDay: row.water_litres,
      qualityOk: fromBit(row.water_quality_ok),
      reliabilityPercent: row.water_reliability,
    },
    cultivatedLand: row.cultivated_land,
    forestLand: row.forest_land,
    roadDistanceKm: row.road_distance_km,
    sanitaryToilet: fromBit(row.sanitary_toilet),
    cadre: { name: row.cadre_name, unit: row.cadre_unit, phone: row.cadre_phone },
    workTeam: row.work_team,
    phone: row.phone,
    bankAccount: row.bank_account,
  };
}

// ---------------------------------------------------------------- members

export function memberToRow(m: Member): MembersTable {
  return {
    id: m.id,
    household_id: m.householdId,
    name: m.name,
    id_number: m.idNumber,
    sex: m.sex,
    birth_date: m.birthDate,
    ethnicity: m.ethnicity,
    relation: m.relation,
    education: m.education,
    school_status: m.schoolStatus,
    out_of_school_reason: m.outOfSchoolReason,
    home_schooled: toBit(m.homeSchooled),
    health: m.health,
    disability_grade: m.disabilityGrade,
    labour: m.labour,
    migrant_place: m.migrantPlace,
    migrant_months: m.migrantMonths,
    basic_medical: toBit(m.basicMedical),
    critical_illness: toBit(m.criticalIllness),
    pension: toBit(m.pension),
    medical_assistance: toBit(m.medicalAssistance),
    family_doctor: toBit(m.familyDoctor),
    phone: m.phone,
  };
}

export function rowToMember(row: MembersTable): Member {
  return {
    id: row.id,
    householdId: row.household_id,
    name: row.name,
    idNumber: row.id_number,
    sex: row.sex as Member['sex'],
    birthDate: row.birth_date,
    ethnicity: row.ethnicity,
    relation: row.relation as Member['relation'],
    education: row.education,
    schoolStatus: row.school_status as Member['schoolStatus'],
    outOfSchoolReason: row.out_of_school_reason,
    homeSchooled: fromBit(row.home_schooled),
    health: row.health as Member['health'],
    disabilityGrade: row.disability_grade,
    labour: row.labour as Member['labour'],
    migrantPlace: row.migrant_place,
    migrantMonths: row.migrant_months,
    basicMedical: fromBit(row.basic_medical),
    criticalIllness: fromBit(row.critical_illness),
    pension: fromBit(row.pension),
    medicalAssistance: fromBit(row.medical_assistance),
    familyDoctor: fromBit(row.family_doctor),
    phone: row.phone,
  };
}

// ---------------------------------------------------------------- income forms

export function incomeToRow(f: IncomeForm): IncomeFormsTable {
  return { household_id: f.householdId, year: f.year, items: JSON.stringify(f.items), note: f.note };
}

export function rowToIncome(row: IncomeFormsTable): IncomeForm {
  return {
    householdId: row.household_id,
    year: row.year,
    items: JSON.parse(row.items) as IncomeForm['items'],
    note: row.note,
  };
}

export function incomeKey(f: { householdId: string; year: number }): string {
  return `${f.householdId}:${f.year}`;
}

// ---------------------------------------------------------------- tasks

export function taskToRow(t: Task, createdAt: string, updatedAt: string): TaskBaseTable {
  return {
    id: t.id,
    household_id: t.householdId,
    member_id: t.memberId,
    indicator: t.indicator,
    due_date: t.dueDate,
    status: t.status,
    sector: t.sector,
    note: t.note,
    created_at: createdAt,
    updated_at: updatedAt,
  };
}

export function rowToTask(row: TaskBaseTable): Task {
  return {
    id: row.id,
    householdId: row.household_id,
    memberId: row.member_id,
    indicator: row.indicator as Task['indicator'],
    dueDate: row.due_date,
    status: row.status as Task['status'],
    sector: row.sector,
    note: row.note,
  };
}
