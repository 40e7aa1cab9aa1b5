/**
 * Registry records -> a roster workbook in the importable format (used by the demo generator and
 * for handing a county its own data back). What parseRoster reads, this writes:
 *
 * - 花名册: a title row, then the header row, then one row per person. Household columns are on
 *   every row of the household; the income columns (收入年度, the items, 收入说明) only on the
 *   head's row, since they are one form per household and a member row leaving them blank
 *   inherits nothing wrong. ID numbers, phones and accounts are text cells.
 * - 村情: one row per village with its population, poor-village flag, exit year and indicators.
 * - 整改任务: one row per task.
 *
 * Written with exceljs's streaming writer, so a county of 59,000 people never sits in memory as
 * a workbook object.
 */
import ExcelJS from 'exceljs';
import {
  ATTRIBUTE_LABELS,
  CAUSE_LABELS,
  GRADE_LABELS,
  HEALTH_LABELS,
  INDICATOR_LABELS,
  LABOUR_LABELS,
  RELATION_LABELS,
  SCHOOL_STATUS_LABELS,
  SEX_LABELS,
  STANDARD_LABELS,
  STATUS_LABELS,
  TASK_STATUS_LABELS,
} from '../../domain/labels.js';
import { INCOME_ITEMS } from '../../domain/types.js';
import type { Household, IncomeForm, Member, Region, Relocation, Renovation, Task } from '../../domain/types.js';
import type { CellValue } from '../sheets/types.js';
import { field } from './profile.js';
import { guardFormulaRow } from '../sheets/safeText.js';

export interface RosterData {
  regions: readonly Region[];
  households: readonly Household[];
  members: readonly Member[];
  incomes: readonly IncomeForm[];
  tasks: readonly Task[];
}

export interface WriteRosterOptions {
  /** The title row above the header; default “<县名>建档立卡贫困人口花名册”. */
  title?: string;
  /** When a household has forms for several years, the year to write (one form per household per file). */
  incomeYear?: number;
  /** Called as households are written (the CLI draws a progress bar from it). */
  onProgress?: (done: number, total: number) => void;
}

/** Short forms the importer documents for these two columns (labels.ts prints longer ones). */
const RELOCATION_TEXT: Readonly<Record<Relocation, string>> = { none: '否', planned: '未入住', 'moved-in': '已入住' };
const RENOVATION_TEXT: Readonly<Record<Renovation, string>> = {
  none: '未改造',
  planned: '已列入计划',
  'in-progress': '改造中',
  finished: '已竣工',
  accepted: '已验收',
};

const yesNo = (b: boolean | null): CellValue => (b === null ? null : b ? '是' : '否');

interface PersonRow {
  member: Member;
  household: Household;
  village: Region | undefined;
  township: Region | undefined;
  county: Region | undefined;
  /** The household's form, on the head's row only. */
  income: IncomeForm | null;
}

interface Column<T> {
  key: string;
  get: (r: T) => CellValue | undefined;
  /**
   * Format the column as text ('@') so Excel keeps every digit when someone retypes a cell. The
   * values are written as text cells regardless; the format costs a style lookup per cell in
   * exceljs, so only the ID-number column has it.
   */
  text?: boolean;
  width?: number;
}

const isAdminCode = (code: string): boolean => /^\d{12}$/u.test(code);

const PERSON_COLUMNS: readonly Column<PersonRow>[] = [
  { key: 'householdId', get: (r) => r.household.id, width: 14 },
  { key: 'memberId', get: (r) => r.member.id, width: 14 },
  { key: 'name', get: (r) => r.member.name, width: 8 },
  { key: 'idNumber', get: (r) => r.member.idNumber, text: true, width: 20 },
  { key: 'sex', get: (r) => (r.member.sex ? SEX_LABELS.label(r.member.sex) : null) },
  { key: 'birthDate', get: (r) => r.member.birthDate, width: 11 },
  { key: 'relation', get: (r) => RELATION_LABELS.label(r.member.relation) },
  { key: 'ethnicity', get: (r) => r.member.ethnicity },
  { key: 'education', get: (r) => r.member.education },
  { key: 'schoolStatus', get: (r) => SCHOOL_STATUS_LABELS.label(r.member.schoolStatus) },
  { key: 'outOfSchoolReason', get: (r) => r.member.outOfSchoolReason },
  { key: 'homeSchooled', get: (r) => yesNo(r.member.homeSchooled) },
  { key: 'health', get: (r) => HEALTH_LABELS.label(r.member.health) },
  { key: 'disabilityGrade', get: (r) => r.member.disabilityGrade },
  { key: 'labour', get: (r) => (r.member.labour ? LABOUR_LABELS.label(r.member.labour) : null) },
  { key: 'migrantPlace', get: (r) => r.member.migrantPlace },
  { key: 'migrantMonths', get: (r) => r.member.migrantMonths },
  { key: 'basicMedical', get: (r) => yesNo(r.member.basicMedical) },
  { key: 'criticalIllness', get: (r) => yesNo(r.member.criticalIllness) },
  { key: 'pension', get: (r) => yesNo(r.member.pension) },
  { key: 'medicalAssistance', get: (r) => yesNo(r.member.medicalAssistance) },
  { key: 'familyDoctor', get: (r) => yesNo(r.member.familyDoctor) },
  { key: 'memberPhone', get: (r) => r.member.phone },
  { key: 'county', get: (r) => r.county?.name },
  { key: 'township', get: (r) => r.township?.name },
  { key: 'village', get: (r) => r.village?.name },
  { key: 'villageCode', get: (r) => (isAdminCode(r.household.villageCode) ? r.household.villageCode : null), width: 14 },
  { key: 'group', get: (r) => r.household.group },
  { key: 'attribute', get: (r) => ATTRIBUTE_LABELS.label(r.household.attribute) },
  { key: 'standard', get: (r) => (r.household.standard ? STANDARD_LABELS.label(r.household.standard) : null) },
  { key: 'identifiedYear', get: (r) => r.household.identifiedYear },
  { key: 'mainCause', get: (r) => (r.household.mainCause ? CAUSE_LABELS.label(r.household.mainCause) : null) },
  { key: 'otherCauses', get: (r) => (r.household.otherCauses.length ? r.household.otherCauses.map((c) => CAUSE_LABELS.label(c)).join('、') : null) },
  { key: 'status', get: (r) => STATUS_LABELS.label(r.household.status) },
  { key: 'exitYear', get: (r) => r.household.exitYear },
  { key: 'relocation', get: (r) => RELOCATION_TEXT[r.household.relocation] },
  { key: 'guarantee', get: (r) => yesNo(r.household.guarantee) },
  { key: 'foodClothingOk', get: (r) => yesNo(r.household.foodClothingOk) },
  { key: 'foodClothingNote', get: (r) => r.household.foodClothingNote },
  { key: 'houseGrade', get: (r) => (r.household.housing.grade ? GRADE_LABELS.label(r.household.housing.grade) : null) },
  { key: 'renovation', get: (r) => RENOVATION_TEXT[r.household.housing.renovation] },
  { key: 'houseArea', get: (r) => r.household.housing.area },
  { key: 'waterSecured', get: (r) => yesNo(r.household.water.secured) },
  { key: 'waterPiped', get: (r) => yesNo(r.household.water.piped) },
  { key: 'fetchMinutes', get: (r) => r.household.water.fetchMinutes },
  { key: 'litresPerPersonDay', get: (r) => r.household.water.litresPerPersonDay },
  { key: 'waterQualityOk', get: (r) => yesNo(r.household.water.qualityOk) },
  { key: 'waterReliability', get: (r) => r.household.water.reliabilityPercent },
  { key: 'cultivatedLand', get: (r) => r.household.cultivatedLand },
  { key: 'forestLand', get: (r) => r.household.forestLand },
  { key: 'roadDistanceKm', get: (r) => r.household.roadDistanceKm },
  { key: 'sanitaryToilet', get: (r) => yesNo(r.household.sanitaryToilet) },
  { key: 'cadreName', get: (r) => r.household.cadre.name },
  { key: 'cadreUnit', get: (r) => r.household.cadre.unit },
  { key: 'cadrePhone', get: (r) => r.household.cadre.phone },
  { key: 'workTeam', get: (r) => r.household.workTeam },
  { key: 'householdPhone', get: (r) => r.household.phone },
  { key: 'bankAccount', get: (r) => r.household.bankAccount, width: 22 },
  { key: 'incomeYear', get: (r) => r.income?.year },
  ...INCOME_ITEMS.map((item): Column<PersonRow> => ({ key: `income.${item.code}`, get: (r) => r.income?.items[item.code] })),
  { key: 'incomeNote', get: (r) => r.income?.note },
];

interface VillageRow {
  village: Region;
  township: Region | undefined;
  county: Region | undefined;
}

const VILLAGE_COLUMNS: readonly Column<VillageRow>[] = [
  { key: 'county', get: (r) => r.county?.name },
  { key: 'township', get: (r) => r.township?.name },
  { key: 'village', get: (r) => r.village.name },
  { key: 'villageCode', get: (r) => (isAdminCode(r.village.code) ? r.village.code : null), text: true, width: 14 },
  { key: 'ruralPopulation', get: (r) => r.village.ruralPopulation },
  { key: 'poorVillage', get: (r) => yesNo(r.village.poorVillage) },
  { key: 'villageExitYear', get: (r) => r.village.exitYear },
  { key: 'villageExited', get: (r) => (r.village.exited ? '已退出' : '未退出') },
  { key: 'village.leadingIndustry', get: (r) => yesNo(r.village.indicators?.leadingIndustry ?? null) },
  { key: 'village.cooperative', get: (r) => yesNo(r.village.indicators?.cooperative ?? null) },
  { key: 'village.collectiveIncome', get: (r) => r.village.indicators?.collectiveIncome },
  { key: 'village.hardenedRoad', get: (r) => yesNo(r.village.indicators?.hardenedRoad ?? null) },
  { key: 'village.powerToAllGroups', get: (r) => yesNo(r.village.indicators?.powerToAllGroups ?? null) },
  { key: 'village.cleanEnvironment', get: (r) => yesNo(r.village.indicators?.cleanEnvironment ?? null) },
  { key: 'village.schoolPlaces', get: (r) => yesNo(r.village.indicators?.schoolPlaces ?? null) },
  { key: 'village.clinicWithDoctor', get: (r) => yesNo(r.village.indicators?.clinicWithDoctor ?? null) },
  { key: 'village.pensionCoverage', get: (r) => yesNo(r.village.indicators?.pensionCoverage ?? null) },
  { key: 'village.dibaoForAllQualified', get: (r) => yesNo(r.village.indicators?.dibaoForAllQualified ?? null) },
];

const TASK_COLUMNS: readonly Column<Task>[] = [
  { key: 'taskId', get: (t) => t.id, text: true, width: 14 },
  { key: 'householdId', get: (t) => t.householdId, text: true, width: 14 },
  { key: 'memberId', get: (t) => t.memberId, text: true, width: 14 },
  { key: 'taskIndicator', get: (t) => INDICATOR_LABELS.label(t.indicator) },
  { key: 'taskSector', get: (t) => t.sector },
  { key: 'taskDueDate', get: (t) => t.dueDate, width: 11 },
  { key: 'taskStatus', get: (t) => TASK_STATUS_LABELS.label(t.status) },
  { key: 'taskNote', get: (t) => t.note, width: 30 },
];

const TITLE_FONT: Partial<ExcelJS.Font> = { bold: true, size: 14 };
const HEADER_FONT: Partial<ExcelJS.Font> = { bold: true };

/** Starts a sheet: column widths and text formats, the merged title row, the header row. */
function startSheet<T>(out: ExcelJS.stream.xlsx.WorkbookWriter, name: string, title: string, columns: readonly Column<T>[]): ExcelJS.Worksheet {
  const ws = out.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.columns = columns.map((c) => ({
    key: c.key,
    width: c.width ?? Math.max(8, field(c.key).label.length * 2 + 2),
    ...(c.text ? { style: { numFmt: '@' } } : {}),
  }));
  const titleRow = ws.addRow([title]);
  titleRow.font = TITLE_FONT;
  ws.mergeCells(1, 1, 1, columns.length);
  titleRow.commit();
  const header = ws.addRow(columns.map((c) => field(c.key).label));
  header.font = HEADER_FONT;
  header.commit();
  return ws;
}

function writeRows<T>(ws: ExcelJS.Worksheet, columns: readonly Column<T>[], items: Iterable<T>): void {
  const n = columns.length;
  for (const item of items) {
    const values: (CellValue | undefined)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const v = columns[i]!.get(item);
      values[i] = v === null ? undefined : v;
    }
    guardFormulaRow(ws.addRow(values)).commit();
  }
  ws.commit();
}

/**
 * Writes `data` as a roster workbook at `path`. Members are written household by household in
 * the order of `data.households`, each household's members in their order in `data.members`.
 * Throws on data that cannot be written in this format (a member of an unknown household, two
 * income forms of one household for the chosen year).
 */
export async function writeRoster(path: string, data: RosterData, opts: WriteRosterOptions = {}): Promise<void> {
  const regions = new Map(data.regions.map((r) => [r.code, r]));
  const byHousehold = new Map<string, Member[]>();
  for (const h of data.households) byHousehold.set(h.id, []);
  for (const m of data.members) {
    const list = byHousehold.get(m.householdId);
    if (!list) throw new Error(`成员 ${m.id} 的户编号 ${m.householdId} 不在户列表中`);
    list.push(m);
  }
  const incomes = new Map<string, IncomeForm>();
  for (const f of data.incomes) {
    if (opts.incomeYear !== undefined && f.year !== opts.incomeYear) continue;
    if (incomes.has(f.householdId)) {
      throw new Error(`户 ${f.householdId} 有多个年度的收入测算表：花名册每户只能写一个年度，请指定 incomeYear`);
    }
    incomes.set(f.householdId, f);
  }

  const counties = data.regions.filter((r) => r.level === 'county');
  const title = opts.title ?? `${counties.length === 1 ? counties[0]!.name : ''}建档立卡贫困人口花名册`;
  const out = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });

  const roster = startSheet(out, '花名册', title, PERSON_COLUMNS);
  const people = function* (): Generator<PersonRow> {
    let done = 0;
    for (const household of data.households) {
      if (opts.onProgress && done % 500 === 0) opts.onProgress(done, data.households.length);
      done++;
      const village = regions.get(household.villageCode);
      const township = village?.parentCode ? regions.get(village.parentCode) : undefined;
      const county = township?.parentCode ? regions.get(township.parentCode) : undefined;
      const members = byHousehold.get(household.id)!;
      const income = incomes.get(household.id) ?? null;
      // Income goes on the head's row; without a head (invalid data) on the first row.
      const carrier = members.find((m) => m.relation === 'head') ?? members[0];
      for (const member of members) {
        yield { member, household, village, township, county, income: member === carrier ? income : null };
      }
    }
  };
  writeRows(roster, PERSON_COLUMNS, people());
  opts.onProgress?.(data.households.length, data.households.length);

  const villages = startSheet(out, '村情', `${counties.length === 1 ? counties[0]!.name : ''}行政村基本情况`, VILLAGE_COLUMNS);
  writeRows(
    villages,
    VILLAGE_COLUMNS,
    (function* (): Generator<VillageRow> {
      for (const village of data.regions) {
        if (village.level !== 'village') continue;
        const township = village.parentCode ? regions.get(village.parentCode) : undefined;
        const county = township?.parentCode ? regions.get(township.parentCode) : undefined;
        yield { village, township, county };
      }
    })(),
  );

  const tasks = startSheet(out, '整改任务', '整改任务清单', TASK_COLUMNS);
  writeRows(tasks, TASK_COLUMNS, data.tasks);

  await out.commit();
}
