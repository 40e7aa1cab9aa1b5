/**
 * Named roster fixtures for the tests: a small county that uses every field, and helpers that
 * turn rows of cells into an in-memory Workbook or an .xlsx file read back with readWorkbook.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { makeIdNumber } from '../../domain/idNumber.js';
import { blankHousehold, blankMember, type Household, type IncomeForm, type Member, type Region, type Task } from '../../domain/types.js';
import type { CellValue, Merge, Sheet, SheetRow, Workbook } from '../sheets/types.js';
import type { RosterData } from './write.js';

// ------------------------------------------------------------------ in-memory workbooks

export interface SheetSpec {
  name: string;
  /** Row arrays from row 1 (or from `startRow`); `null` cells are empty. */
  rows: readonly (readonly CellValue[])[];
  merges?: Merge[];
  startRow?: number;
}

/** A Workbook as readWorkbook would return it, from literal rows (blank rows yield `cells: []`). */
export function memoryWorkbook(...sheets: SheetSpec[]): Workbook {
  return {
    format: 'xlsx',
    sheets: sheets.map((s): Sheet => ({
      name: s.name,
      merges: s.merges ?? [],
      rows: () => {
        const start = s.startRow ?? 1;
        return s.rows.map((cells, i): SheetRow => {
          let end = cells.length;
          while (end > 0 && (cells[end - 1] === null || cells[end - 1] === undefined)) end--;
          return { row: start + i, cells: cells.slice(0, end).map((c) => c ?? null) };
        });
      },
    })),
  };
}

let tempDir: string | null = null;
export function tempFile(name: string): string {
  tempDir ??= mkdtempSync(join(tmpdir(), 'tuopin-roster-'));
  return join(tempDir, name);
}

/** Writes sheets with exceljs (ordinary workbook API: fixtures are small) and returns the path. */
export async function xlsxFile(name: string, ...sheets: (SheetSpec & { textColumns?: number[] })[]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    const start = s.startRow ?? 1;
    s.rows.forEach((cells, i) => {
      const row = ws.getRow(start + i);
      cells.forEach((v, c) => {
        if (v !== null && v !== undefined) row.getCell(c + 1).value = v;
      });
    });
    for (const m of s.merges ?? []) ws.mergeCells(m.top, m.left + 1, m.bottom, m.right + 1);
  }
  const path = tempFile(name);
  await wb.xlsx.writeFile(path);
  return path;
}

// ------------------------------------------------------------------ a small county using every field

export const COUNTY_CODE = '620523';
const TOWNSHIP_A = '620523101';
const TOWNSHIP_B = '620523102';
const VILLAGE_A1 = '620523101201';
const VILLAGE_A2 = '620523101202';
const VILLAGE_B1 = '620523102201';
/** A village of a second county that has no 行政区划代码: its codes are name paths. */
export const NAMED_COUNTY = '清水县';
const NAMED_TOWNSHIP = `${NAMED_COUNTY}/红堡镇`;
const NAMED_VILLAGE = `${NAMED_TOWNSHIP}/山门村`;

const allIndicators = {
  leadingIndustry: true, cooperative: true, collectiveIncome: 52000.5, hardenedRoad: true, powerToAllGroups: true,
  cleanEnvironment: false, schoolPlaces: true, clinicWithDoctor: true, pensionCoverage: true, dibaoForAllQualified: true,
};

export function smallCountyRegions(): Region[] {
  const r = (code: string, name: string, level: Region['level'], parentCode: string | null): Region => ({
    code, name, level, parentCode, ruralPopulation: null, poorVillage: false, exitYear: null, indicators: null,
  });
  return [
    r(COUNTY_CODE, '甘谷县', 'county', null),
    r(NAMED_COUNTY, NAMED_COUNTY, 'county', null),
    r(TOWNSHIP_A, '城关镇', 'township', COUNTY_CODE),
    r(TOWNSHIP_B, '新兴镇', 'township', COUNTY_CODE),
    r(NAMED_TOWNSHIP, '红堡镇', 'township', NAMED_COUNTY),
    { ...r(VILLAGE_A1, '南街村', 'village', TOWNSHIP_A), ruralPopulation: 1830, poorVillage: true, exitYear: 2018, indicators: allIndicators },
    { ...r(VILLAGE_A2, '北山村', 'village', TOWNSHIP_A), ruralPopulation: 960, poorVillage: false,
      indicators: { ...allIndicators, collectiveIncome: null, cooperative: false, hardenedRoad: null } },
    { ...r(VILLAGE_B1, '蔡家村', 'village', TOWNSHIP_B), ruralPopulation: 1200, poorVillage: true },
    r(NAMED_VILLAGE, '山门村', 'village', NAMED_TOWNSHIP),
  ];
}

const baseHousehold = blankHousehold;

const baseMember = blankMember;

function withId(m: Member, birthDate: string, seq: number): Member {
  const idNumber = makeIdNumber(COUNTY_CODE, birthDate, seq);
  return { ...m, idNumber, birthDate, sex: seq % 2 === 1 ? 'M' : 'F' };
}

/**
 * Four households over three villages of two counties, between them setting every household,
 * member, income, village and task field to a non-default value at least once.
 */
export function smallCounty(): RosterData & { regions: Region[]; households: Household[]; members: Member[]; incomes: IncomeForm[]; tasks: Task[] } {
  const h1: Household = {
    ...baseHousehold('6205230001', VILLAGE_A1),
    group: '一组',
    attribute: 'dibao',
    standard: 'national',
    identifiedYear: 2014,
    mainCause: 'illness',
    otherCauses: ['lack-capital', 'lack-skills'],
    status: 'pre-exit',
    exitYear: 2018,
    relocation: 'none',
    guarantee: false,
    foodClothingOk: true,
    foodClothingNote: '口粮充足，四季衣被齐全',
    housing: { grade: 'C', renovation: 'in-progress', area: 86.5 },
    water: { secured: true, piped: true, fetchMinutes: 0, litresPerPersonDay: 60, qualityOk: true, reliabilityPercent: 95 },
    cultivatedLand: 6.5,
    forestLand: 2,
    roadDistanceKm: 0.8,
    sanitaryToilet: true,
    cadre: { name: '王建军', unit: '县财政局', phone: '13909381234' },
    workTeam: '县财政局驻南街村工作队',
    phone: '13893812345',
    bankAccount: '6228480868123456789',
  };
  const h2: Household = {
    ...baseHousehold('6205230002', VILLAGE_A2),
    group: '三组',
    attribute: 'tekun',
    standard: 'provincial',
    identifiedYear: 2016,
    mainCause: 'disability',
    status: 'not-exited',
    relocation: 'planned',
    guarantee: true,
    foodClothingOk: false,
    foodClothingNote: '冬衣不足',
    housing: { grade: 'D', renovation: 'accepted', area: 40 },
    water: { secured: false, piped: false, fetchMinutes: 35, litresPerPersonDay: 15.5, qualityOk: false, reliabilityPercent: 80 },
    sanitaryToilet: false,
  };
  const h3: Household = {
    ...baseHousehold('6205230003', VILLAGE_B1),
    attribute: 'general',
    standard: 'municipal',
    mainCause: 'lack-water',
    otherCauses: ['other'],
    status: 'exited',
    exitYear: 2016,
    relocation: 'moved-in',
    housing: { grade: 'A', renovation: 'finished', area: null },
  };
  const h4: Household = {
    ...baseHousehold('QS-0001', NAMED_VILLAGE),
    status: 'returned',
    housing: { grade: 'B', renovation: 'planned', area: 120 },
  };

  const members: Member[] = [
    {
      ...withId(baseMember('620523000101', h1.id, '李明', 'head'), '1968-03-15', 11),
      ethnicity: '汉族', education: '初中', labour: 'ordinary', migrantPlace: '省外务工', migrantMonths: 8,
      basicMedical: true, criticalIllness: true, pension: true, medicalAssistance: false, familyDoctor: true,
      phone: '13893812345', health: 'chronic',
    },
    {
      ...withId(baseMember('620523000102', h1.id, '张秀兰', 'spouse'), '1970-07-02', 22),
      ethnicity: '回族', education: '小学', labour: 'skilled', basicMedical: true, criticalIllness: false, pension: true,
      health: 'serious-illness',
    },
    {
      ...withId(baseMember('620523000103', h1.id, '李小军', 'son'), '2006-09-01', 31),
      schoolStatus: 'grade7', basicMedical: true, criticalIllness: true,
    },
    {
      ...withId(baseMember('620523000104', h1.id, '李小花', 'daughter'), '2009-11-30', 42),
      schoolStatus: 'none', outOfSchoolReason: '重度残疾', homeSchooled: true, health: 'disabled', disabilityGrade: 1,
      labour: 'none',
    },
    {
      ...withId(baseMember('620523000201', h2.id, '赵老汉', 'head'), '1940-01-01', 51),
      labour: 'lost', health: 'disabled', disabilityGrade: 2, migrantMonths: 0,
    },
    { ...withId(baseMember('620523000202', h2.id, '赵二', 'grandson'), '2003-05-05', 61), schoolStatus: 'secondary-vocational' },
    { ...withId(baseMember('620523000203', h2.id, '赵三妹', 'granddaughter'), '2012-02-29', 72), schoolStatus: 'preschool' },
    { ...withId(baseMember('620523000301', h3.id, '马有福', 'head'), '1985-12-31', 81), schoolStatus: 'none' },
    { ...withId(baseMember('620523000302', h3.id, '马母', 'mother'), '1950-06-15', 92), relation: 'mother' },
    { ...withId(baseMember('620523000303', h3.id, '马儿媳', 'daughter-in-law'), '1990-01-20', 102) },
    { ...withId(baseMember('620523000304', h3.id, '马小', 'son-in-law'), '1988-08-08', 111), schoolStatus: 'college' },
    { ...withId(baseMember('620523000305', h3.id, '马爷', 'grandfather'), '1930-04-04', 121) },
    { ...withId(baseMember('620523000306', h3.id, '马奶', 'grandmother'), '1932-04-04', 132) },
    { ...withId(baseMember('620523000307', h3.id, '马哥', 'brother'), '1983-04-04', 141), schoolStatus: 'high-school' },
    { ...withId(baseMember('620523000308', h3.id, '马姐', 'sister'), '1980-04-04', 152), schoolStatus: 'higher-vocational' },
    { ...withId(baseMember('620523000309', h3.id, '马父', 'father'), '1955-04-04', 161), schoolStatus: 'primary' },
    // No ID number: sex and birth date stand on their own.
    { ...baseMember('QS-000101', h4.id, '杨桂花', 'head'), sex: 'F', birthDate: '1961-10-01', schoolStatus: 'grade8' },
    { ...baseMember('QS-000102', h4.id, '杨小', 'other'), schoolStatus: 'grade9' },
  ];

  const incomes: IncomeForm[] = [
    {
      householdId: h1.id, year: 2018, note: '含外出务工收入，已核实',
      items: {
        migrantWage: 24000, localWage: 3500, publicWelfareJob: 6000, farming: 3200.5, forestry: 100, livestock: 2500,
        fishery: 0, industry: 300, services: 1200, productionCost: 1800, rent: 600, interest: 12.34, dividends: 500,
        assetIncomeDividend: 400, pension: 1236, dibao: 3360, tekun: 0, familyPlanning: 960, ecoCompensation: 282,
        childSupport: 1200, otherTransfer: 150, oneOffRelief: 800, medicalReimbursement: 5000, housingSubsidy: 20000,
        relocationSubsidy: 0, microCredit: 50000, donorHelp: 300,
      },
    },
    { householdId: h2.id, year: 2018, note: null, items: { tekun: 7200, pension: 1236, productionCost: -50 } },
    { householdId: h4.id, year: 2017, note: '仅填报说明', items: {} },
  ];

  const tasks: Task[] = [
    { id: 'RW-001', householdId: h1.id, memberId: null, indicator: 'housing', dueDate: '2018-10-31', status: 'in-progress', sector: '住建局', note: 'C级危房加固' },
    { id: 'RW-002', householdId: h1.id, memberId: '620523000104', indicator: 'education', dueDate: '2018-09-30', status: 'verified', sector: '教育局', note: null },
    { id: 'RW-003', householdId: h2.id, memberId: null, indicator: 'water', dueDate: '2018-12-31', status: 'open', sector: null, note: null },
    { id: 'RW-004', householdId: h2.id, memberId: '620523000201', indicator: 'medical', dueDate: '2018-08-01', status: 'done', sector: '医保局', note: '补缴大病保险' },
    { id: 'RW-005', householdId: h3.id, memberId: null, indicator: 'income', dueDate: '2018-11-15', status: 'returned', sector: '人社局', note: null },
    { id: 'RW-006', householdId: h3.id, memberId: null, indicator: 'food-clothing', dueDate: '2018-11-15', status: 'cancelled', sector: '民政局', note: null },
  ];

  return { regions: smallCountyRegions(), households: [h1, h2, h3, h4], members, incomes, tasks };
}
