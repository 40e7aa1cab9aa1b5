/**
 * Roster workbook -> registry records (regions, households, members, income forms, tasks) plus
 * every problem found, with sheet, row, column and value.
 *
 * Layouts accepted (the role of a sheet is decided by its headers, never its name):
 * - one sheet of person rows, household columns on every row or only on the household's first
 *   row (later rows of the same 户编号 leave them blank and inherit them);
 * - separate household (户), member (人) and income (收入) sheets joined by 户编号;
 * - optionally a village sheet (村情) and a task sheet (整改任务);
 * - several sheets of the same kind (e.g. one per township) are read one after another.
 *
 * Speed: a county roster is ~59,000 rows. Each sheet is read once; its columns are resolved to
 * readers once, and the row loop only indexes cells and calls those readers. No schema
 * validation here: the records are built in their final shape (a test checks them with Zod).
 */
import type { IdResult } from '../../domain/idNumber.js';
import {
  ATTRIBUTE_LABELS, CAUSE_LABELS, GRADE_LABELS, HEALTH_LABELS, INDICATOR_LABELS, LABOUR_LABELS, RELATION_LABELS,
  RELOCATION_LABELS, RENOVATION_LABELS, SCHOOL_STATUS_LABELS, SEX_LABELS, STANDARD_LABELS, STATUS_LABELS,
  TASK_STATUS_LABELS,
} from '../../domain/labels.js';
import type { LabelMap } from '../../domain/labels.js';
import { INCOME_ITEMS } from '../../domain/types.js';
import type {
  Cause, Household, IncomeForm, IncomeItemCode, IndicatorCode, Member, Region, Relation, Task, TaskStatus,
  VillageIndicators,
} from '../../domain/types.js';
import { columnIndex } from '../sheets/columns.js';
import type { CellValue, Merge, Sheet, SheetRow, Workbook } from '../sheets/types.js';
import { KIND_ADVICE, cellText } from './errors.js';
import type { RosterIssue } from './errors.js';
import { HEADER_SCAN_ROWS, detectHeader } from './header.js';
import { MergeFill } from './mergeFill.js';
import type { HeaderColumn, HeaderInfo } from './header.js';
import { FIELDS, field, headerSimilarity, normalizeHeader } from './profile.js';
import type { EnumName, FieldDef } from './profile.js';
import {
  enumReader, listReader, parseIdNumberFast, readAmount, readBool, readDate, readDisabilityGrade, readInt, readKey, readMonths,
  readNumber, readPercent, readPhone, readText, readVillageCode, readYear,
} from './values.js';
import type { Reader } from './values.js';

export type SheetRole = 'roster' | 'household' | 'income' | 'village' | 'task' | 'unrecognised' | 'empty';

export const ROLE_LABELS: Readonly<Record<SheetRole, string>> = {
  roster: '花名册（人员）',
  household: '户表',
  income: '收入表',
  village: '村情表',
  task: '整改任务表',
  unrecognised: '未识别（已跳过）',
  empty: '空表（已跳过）',
};

export interface SheetSummary {
  name: string;
  role: SheetRole;
  headerRow: number | null;
  /** Data rows read (records or attempted records). */
  rowsRead: number;
  /** Blank rows, 合计/小计/总计 rows, repeated header rows, a column-number row. */
  rowsSkipped: number;
}

export interface ColumnRef {
  sheet: string;
  column: string;
  header: string;
}

export interface RosterParse {
  regions: Region[];
  households: Household[];
  members: Member[];
  incomes: IncomeForm[];
  tasks: Task[];
  issues: RosterIssue[];
  summary: {
    sheets: SheetSummary[];
    /** Columns whose header names nothing the importer knows (未识别的列): not imported. */
    unknownColumns: ColumnRef[];
    /** Known columns deliberately not imported: totals and figures derived from other columns, 序号. */
    ignoredColumns: ColumnRef[];
  };
}

export interface RosterParseOptions {
  /** Income year for forms whose rows have no 收入年度. */
  incomeYear?: number;
}

/** Name parts used when a derived region code has no county/township name to go on. */
export const MISSING_COUNTY = '未填县';
export const MISSING_TOWNSHIP = '未填乡镇';

// ------------------------------------------------------------------ enums

/** Spellings accepted here on top of labels.ts (proposed for labels.ts; kept local until then). */
const LOCAL_SYNONYMS: Partial<Record<EnumName, Readonly<Record<string, string>>>> = {
  renovation: { 已列入计划: 'planned', 列入计划: 'planned', 已竣工未验收: 'finished', 竣工: 'finished' },
  taskStatus: { 未开始: 'open', 待整改: 'open', 未完成: 'open', 整改中: 'in-progress', 已完成: 'done', 完成: 'done', 已核验: 'verified', 已验证: 'verified', 退回: 'returned', 取消: 'cancelled' },
  indicator: { 吃穿: 'food-clothing', 安全饮水: 'water', 饮水: 'water', 教育: 'education', 医疗: 'medical', 住房: 'housing', 住房安全保障: 'housing', 收入达标: 'income' },
  sex: { 男性: 'M', 女性: 'F' },
  status: { 未脱贫户: 'not-exited', 预脱贫户: 'pre-exit', 已脱贫户: 'exited', 脱贫户: 'exited', 返贫户: 'returned' },
  relocation: { 非搬迁户: 'none', 不是: 'none' },
  grade: { 无: 'A', 安全: 'A' },
  schoolStatus: { 非在校学生: 'none', 不在校: 'none', 无: 'none', 否: 'none' },
  health: { 残疾人: 'disabled', 长期慢性病患者: 'chronic' },
  labour: { 弱劳动力: 'ordinary', 半劳动力: 'ordinary', 弱劳动力或半劳动力: 'ordinary' },
};

const LABEL_MAPS: Readonly<Record<EnumName, LabelMap<string>>> = {
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

function enumLookup(name: EnumName): (text: string) => string | undefined {
  const map = LABEL_MAPS[name];
  const local = LOCAL_SYNONYMS[name] ?? {};
  return (text) => map.code(text) ?? (Object.hasOwn(local, text) ? local[text] : undefined);
}

/** An unknown value in these columns rejects the import: they decide who is screened at all. */
const STRICT_ENUMS: ReadonlySet<string> = new Set(['attribute', 'status', 'relocation', 'taskIndicator', 'taskStatus']);

function enumChoices(name: EnumName): string {
  const map = LABEL_MAPS[name];
  const labels = map.codes.map((c) => map.label(c));
  if (name === 'relocation') return '否、未入住、已入住';
  if (name === 'renovation') return '未改造、已列入计划、改造中、已竣工、已验收';
  return labels.join('、');
}

function readerFor(def: FieldDef): Reader<unknown> {
  switch (def.kind) {
    case 'key': return readKey;
    case 'text': return readText;
    case 'phone': return readPhone;
    case 'number': return readNumber;
    case 'amount': return readAmount;
    case 'int': return readInt;
    case 'year': return readYear;
    case 'months': return readMonths;
    case 'percent': return readPercent;
    case 'bool': return readBool;
    case 'date': return readDate;
    case 'disabilityGrade': return readDisabilityGrade;
    case 'villageCode': return readVillageCode;
    case 'enum': return enumReader(enumLookup(def.enumName!));
    case 'causes': return listReader(enumLookup('cause'));
    case 'idNumber':
    case 'ignored':
      return readText;
  }
}

// ------------------------------------------------------------------ household-level slots

/** Household-level fields: one value per 户编号, stored by slot while rows are read. */
const SLOT_FIELDS: readonly FieldDef[] = FIELDS.filter(
  (d) => d.target === 'location' || d.target === 'household' || d.target === 'income' || d.target === 'householdSize',
);
const SLOT: ReadonlyMap<string, number> = new Map(SLOT_FIELDS.map((d, i) => [d.key, i]));
const SLOT_COUNT = SLOT_FIELDS.length;
function slot(key: string): number {
  const s = SLOT.get(key);
  if (s === undefined) throw new Error(`no slot for ${key}`);
  return s;
}
const S = {
  county: slot('county'), township: slot('township'), village: slot('village'), villageCode: slot('villageCode'),
  group: slot('group'), attribute: slot('attribute'), standard: slot('standard'), identifiedYear: slot('identifiedYear'),
  mainCause: slot('mainCause'), otherCauses: slot('otherCauses'), status: slot('status'), exitYear: slot('exitYear'),
  relocation: slot('relocation'), guarantee: slot('guarantee'), foodClothingOk: slot('foodClothingOk'),
  foodClothingNote: slot('foodClothingNote'), dangerousHouse: slot('dangerousHouse'), houseGrade: slot('houseGrade'),
  renovation: slot('renovation'), houseArea: slot('houseArea'), waterSecured: slot('waterSecured'),
  waterPiped: slot('waterPiped'), fetchMinutes: slot('fetchMinutes'), litresPerPersonDay: slot('litresPerPersonDay'),
  waterQualityOk: slot('waterQualityOk'), waterReliability: slot('waterReliability'),
  cultivatedLand: slot('cultivatedLand'), forestLand: slot('forestLand'), roadDistanceKm: slot('roadDistanceKm'),
  sanitaryToilet: slot('sanitaryToilet'), cadreName: slot('cadreName'), cadreUnit: slot('cadreUnit'),
  cadrePhone: slot('cadrePhone'), workTeam: slot('workTeam'), householdPhone: slot('householdPhone'),
  bankAccount: slot('bankAccount'), householdSize: slot('householdSize'), incomeYear: slot('incomeYear'),
  incomeNote: slot('incomeNote'),
} as const;
const INCOME_SLOTS: readonly { code: IncomeItemCode; slot: number }[] = INCOME_ITEMS.map((i) => ({
  code: i.code,
  slot: slot(`income.${i.code}`),
}));

interface RowRef {
  sheet: number;
  row: number;
}

/** A row as one number (sheet * 2^21 + row: Excel has at most 2^20 rows), for the big maps. */
const ROW_SPAN = 2 ** 21;
const packRef = (sheet: number, row: number): number => sheet * ROW_SPAN + row;
const unpackRef = (ref: number): RowRef => ({ sheet: Math.floor(ref / ROW_SPAN), row: ref % ROW_SPAN });

class HouseholdDraft {
  /** Parsed value per slot; undefined = not given yet. */
  readonly values: unknown[] = new Array<unknown>(SLOT_COUNT);
  /** The cell that gave it, to skip re-reading identical cells and to quote it in messages. */
  readonly raw: CellValue[] = new Array<CellValue>(SLOT_COUNT);
  /** packRef of the row that gave it, when that is not the household's first row (rarely). */
  src: number[] | null = null;
  readonly members: Member[] = [];
  readonly heads: RowRef[] = [];
  /** Member rows seen for this household, including rejected ones. */
  memberRows = 0;
  /** The first member row, for problems of the household as a whole. */
  firstMember: RowRef | null = null;
  householdRow: RowRef | null = null;
  incomeRow: RowRef | null = null;
  /** The first row of any sheet that mentioned this household. */
  readonly firstRef: number;
  constructor(
    readonly id: string,
    readonly first: RowRef,
  ) {
    this.firstRef = packRef(first.sheet, first.row);
  }

  setSource(slot: number, ref: number): void {
    if (ref === this.firstRef && this.src === null) return;
    this.src ??= new Array<number>(SLOT_COUNT);
    this.src[slot] = ref;
  }

  sourceOf(slot: number): RowRef {
    return unpackRef(this.src?.[slot] ?? this.firstRef);
  }
}

// ------------------------------------------------------------------ per-sheet state

interface Binding {
  col: number;
  column: HeaderColumn;
  def: FieldDef;
  read: Reader<unknown>;
}
interface SlotBinding extends Binding {
  slot: number;
}
type MemberSetter = (m: Member, v: never) => void;
interface MemberBinding extends Binding {
  set: MemberSetter;
}

const MEMBER_SETTERS: Readonly<Record<string, MemberSetter>> = {
  ethnicity: (m, v: string) => { m.ethnicity = v; },
  education: (m, v: string) => { m.education = v; },
  schoolStatus: (m, v: Member['schoolStatus']) => { m.schoolStatus = v; },
  outOfSchoolReason: (m, v: string) => { m.outOfSchoolReason = v; },
  homeSchooled: (m, v: boolean) => { m.homeSchooled = v; },
  health: (m, v: Member['health']) => { m.health = v; },
  disabilityGrade: (m, v: number) => { m.disabilityGrade = v; },
  labour: (m, v: Member['labour']) => { m.labour = v; },
  migrantPlace: (m, v: string) => { m.migrantPlace = v; },
  migrantMonths: (m, v: number) => { m.migrantMonths = v; },
  basicMedical: (m, v: boolean) => { m.basicMedical = v; },
  criticalIllness: (m, v: boolean) => { m.criticalIllness = v; },
  pension: (m, v: boolean) => { m.pension = v; },
  medicalAssistance: (m, v: boolean) => { m.medicalAssistance = v; },
  familyDoctor: (m, v: boolean) => { m.familyDoctor = v; },
  memberPhone: (m, v: string) => { m.phone = v; },
};

interface SheetState {
  index: number;
  sheet: Sheet;
  name: string;
  role: SheetRole;
  header: HeaderInfo | null;
  /** First column bound to each field. */
  cols: Map<string, HeaderColumn>;
  summary: SheetSummary;
}

interface VillageRow {
  ref: RowRef;
  code: string | null;
  county: string | null;
  township: string | null;
  village: string | null;
  ruralPopulation: number | null;
  poorVillage: boolean | null;
  exitYear: number | null;
  indicators: VillageIndicators | null;
}

interface TaskRow {
  ref: RowRef;
  task: Task;
}

const VILLAGE_INDICATOR_KEYS = [
  'leadingIndustry', 'cooperative', 'collectiveIncome', 'hardenedRoad', 'powerToAllGroups', 'cleanEnvironment',
  'schoolPlaces', 'clinicWithDoctor', 'pensionCoverage', 'dibaoForAllQualified',
] as const;

const SPACES = /[\s\u3000]+/gu;

// ------------------------------------------------------------------ the parser

class RosterParser {
  readonly issues: RosterIssue[] = [];
  readonly sheets: SheetState[] = [];
  readonly unknownColumns: ColumnRef[] = [];
  readonly ignoredColumns: ColumnRef[] = [];
  readonly drafts = new Map<string, HouseholdDraft>();
  readonly memberKeys = new Map<string, number>();
  readonly idNumbers = new Map<string, number>();
  readonly villageRows: VillageRow[] = [];
  readonly taskRows: TaskRow[] = [];
  /** Field keys that some household-carrying sheet has a column for. */
  readonly householdColumnsSeen = new Set<string>();
  memberRowCount = 0;
  hasHouseholdSheet = false;

  constructor(readonly opts: RosterParseOptions) {}

  // -------------------------------------------------------------- issues

  private push(
    severity: RosterIssue['severity'],
    code: string,
    sheet: number | string,
    row: number | null,
    column: HeaderColumn | null,
    value: CellValue | undefined,
    message: string,
  ): void {
    this.issues.push({
      severity,
      sheet: typeof sheet === 'number' ? this.sheets[sheet]!.name : sheet,
      row,
      column: column ? column.letter : null,
      header: column ? column.header : null,
      value: cellText(value),
      message,
      code,
    });
  }
  error(code: string, sheet: number | string, row: number | null, column: HeaderColumn | null, value: CellValue | undefined, message: string): void {
    this.push('error', code, sheet, row, column, value, message);
  }
  warn(code: string, sheet: number | string, row: number | null, column: HeaderColumn | null, value: CellValue | undefined, message: string): void {
    this.push('warning', code, sheet, row, column, value, message);
  }

  private placeOf(ref: RowRef, current: number): string {
    return ref.sheet === current ? `第${ref.row}行` : `工作表“${this.sheets[ref.sheet]!.name}”第${ref.row}行`;
  }

  /** The message for a cell its column cannot accept. */
  /** The bound cells of a row, read by their fields; a cell that cannot be read is reported (ok = false). */
  private readValues(st: SheetState, r: SheetRow, bindings: readonly Binding[]): { values: Map<string, unknown>; ok: boolean } {
    const values = new Map<string, unknown>();
    let ok = true;
    for (const b of bindings) {
      const v = r.cells[b.col];
      if (v === null || v === undefined) continue;
      const p = b.read(v);
      if (p === null) continue;
      if (p === undefined) {
        this.badValue(st, r.row, b, v);
        ok = false;
        continue;
      }
      values.set(b.def.key, p);
    }
    return { values, ok };
  }

  badValue(st: SheetState, row: number, b: Binding, v: CellValue): void {
    const def = b.def;
    const text = cellText(v) ?? '';
    if (def.kind === 'enum') {
      const strict = STRICT_ENUMS.has(def.key);
      const msg = `“${text}”不是可识别的${b.column.header}，可填：${enumChoices(def.enumName!)}${strict ? '。请改正后重新导入' : '。已按未填处理，请核实'}`;
      if (strict) this.error('unknown-enum', st.index, row, b.column, v, msg);
      else this.warn('unknown-enum', st.index, row, b.column, v, msg);
      return;
    }
    if (def.kind === 'causes') {
      this.warn('unknown-enum', st.index, row, b.column, v, `“${text}”中有不可识别的致贫原因，可填：${enumChoices('cause')}，多个用“、”分隔。已按未填处理，请核实`);
      return;
    }
    if (def.kind === 'phone') {
      this.warn('float-damaged', st.index, row, b.column, v, `${b.column.header}“${text}”${KIND_ADVICE.phone}。已按未填处理`);
      return;
    }
    const numeric = def.kind === 'number' || def.kind === 'amount' || def.kind === 'int' || def.kind === 'percent' || def.kind === 'months';
    const isText = typeof v === 'string' && !/^[\s\d.,+-]*$/u.test(v);
    const code = numeric && isText ? 'not-a-number' : `bad-${def.kind}`;
    const what = numeric && isText ? `${b.column.header}是数字列，不能填文字“${text}”` : `${b.column.header}“${text}”无法识别`;
    this.error(code, st.index, row, b.column, v, `${what}：${KIND_ADVICE[def.kind] ?? '请改正后重新导入'}`);
  }

  // -------------------------------------------------------------- sheets

  parseSheet(sheet: Sheet): void {
    const index = this.sheets.length;
    const summary: SheetSummary = { name: sheet.name, role: 'empty', headerRow: null, rowsRead: 0, rowsSkipped: 0 };
    const st: SheetState = { index, sheet, name: sheet.name, role: 'empty', header: null, cols: new Map(), summary };
    this.sheets.push(st);

    const it = sheet.rows()[Symbol.iterator]();
    const head: SheetRow[] = [];
    let hasContent = false;
    while (head.length < HEADER_SCAN_ROWS) {
      const n = it.next();
      if (n.done) break;
      head.push(n.value);
      if (!hasContent && n.value.cells.some((c) => c !== null && c !== '')) hasContent = true;
    }
    if (!hasContent) return;
    const header = detectHeader(head, sheet.merges);
    if (!header) {
      st.role = summary.role = 'unrecognised';
      return;
    }
    st.header = header;
    summary.headerRow = header.headerRow;

    // Columns -> fields; the first column of a field wins, later duplicates are reported.
    for (const column of header.columns) {
      const def = column.field;
      if (!def) {
        this.unknownColumns.push({ sheet: sheet.name, column: column.letter, header: column.fullHeader });
        continue;
      }
      const first = st.cols.get(def.key);
      if (first) {
        if (def.target !== 'ignored') {
          this.warn('duplicate-column', index, header.headerRow, column, column.header,
            `与${first.letter}列（${first.header}）是同一项内容，只读取${first.letter}列，本列未导入。如两列内容不同，请删除或改名其中一列`);
        }
        continue;
      }
      st.cols.set(def.key, column);
    }
    const role = this.roleOf(st.cols);
    st.role = summary.role = role;
    if (role === 'unrecognised') return;

    // Known columns that do not belong to this kind of sheet are not imported.
    for (const [key, column] of st.cols) {
      const def = field(key);
      if (def.target === 'ignored' || def.target === 'incomeTotal') {
        if (def.target === 'incomeTotal') this.ignoredColumns.push({ sheet: sheet.name, column: column.letter, header: column.fullHeader });
        continue;
      }
      if (!this.belongs(role, def)) {
        st.cols.delete(key);
        this.unknownColumns.push({ sheet: sheet.name, column: column.letter, header: column.fullHeader });
      }
    }

    if (role === 'roster' || role === 'household' || role === 'income') {
      for (const key of st.cols.keys()) if (SLOT.has(key)) this.householdColumnsSeen.add(key);
    }
    if (!this.checkRequired(st)) return;

    const ignoredCols = new Set<number>();
    for (const [key, c] of st.cols) if (field(key).target === 'ignored') ignoredCols.add(c.col);
    const rows = new DataRows(head, header.lastHeaderRow, it, sheet.merges, ignoredCols, summary);
    switch (role) {
      case 'roster':
      case 'household':
      case 'income':
        this.readHouseholdRows(st, rows);
        break;
      case 'village':
        this.readVillageRows(st, rows);
        break;
      case 'task':
        this.readTaskRows(st, rows);
        break;
    }
  }

  private roleOf(cols: Map<string, HeaderColumn>): SheetRole {
    let member = false;
    let household = false;
    let income = false;
    let village = false;
    let location = false;
    for (const key of cols.keys()) {
      const t = field(key).target;
      if (t === 'member') member = true;
      else if (t === 'household' || t === 'householdSize') household = true;
      else if (t === 'income') income = true;
      else if (t === 'village') village = true;
      else if (t === 'location') location = true;
    }
    if (cols.has('taskId') || (cols.has('taskIndicator') && cols.has('taskDueDate'))) return 'task';
    if (cols.has('householdId')) {
      if (member || cols.has('memberId')) return 'roster';
      if (household || location) return 'household';
      if (income) return 'income';
      return 'unrecognised';
    }
    if (village) return 'village';
    // A person sheet whose 户编号 header is misspelt: reported as a missing column, not skipped.
    if (member && (cols.has('name') || cols.has('idNumber'))) return 'roster';
    if (location && !household && !income) return 'village';
    if (household) return 'household';
    return 'unrecognised';
  }

  private belongs(role: SheetRole, def: FieldDef): boolean {
    switch (role) {
      case 'roster':
        return def.target !== 'village' && def.target !== 'task';
      case 'household':
      case 'income':
        return def.target === 'householdKey' || def.target === 'location' || def.target === 'household' ||
          def.target === 'householdSize' || def.target === 'income';
      case 'village':
        return def.target === 'location' || def.target === 'village';
      case 'task':
        return def.target === 'task' || def.target === 'householdKey' || def.target === 'memberKey';
      default:
        return false;
    }
  }

  /** Reports missing required columns; false when the sheet's rows cannot be read without them. */
  private checkRequired(st: SheetState): boolean {
    const need: string[][] = [];
    switch (st.role) {
      case 'roster':
        need.push(['householdId'], ['memberId', 'idNumber'], ['name'], ['relation']);
        break;
      case 'household':
      case 'income':
        need.push(['householdId']);
        break;
      case 'village':
        need.push(['village', 'villageCode']);
        break;
      case 'task':
        need.push(['taskId'], ['householdId'], ['taskIndicator'], ['taskDueDate']);
        break;
      default:
        break;
    }
    let ok = true;
    for (const alternatives of need) {
      if (alternatives.some((k) => st.cols.has(k))) continue;
      ok = false;
      this.missingColumn(st, alternatives);
    }
    return ok;
  }

  missingColumn(st: SheetState, alternatives: readonly string[]): void {
    const header = st.header!;
    const names = alternatives.map((k) => field(k).label);
    const wanted = alternatives.flatMap((k) => [field(k).label, ...field(k).synonyms]).map(normalizeHeader);
    let nearest: HeaderColumn | null = null;
    let best = 0;
    for (const c of header.columns) {
      if (c.field) continue;
      const h = normalizeHeader(c.header);
      for (const w of wanted) {
        const s = headerSimilarity(w, h);
        if (s > best) {
          best = s;
          nearest = c;
        }
      }
    }
    const what = names.length > 1 ? names.map((n) => `“${n}”`).join('或') : `“${names[0]}”`;
    const hint = nearest && best >= 0.5
      ? `表头中最接近的是${nearest.letter}列“${nearest.header}”，如果就是这一列，请把列名改为“${names[0]}”`
      : `请在表头（第${header.headerRow}行）加上这一列`;
    this.error('missing-column', st.index, header.headerRow, nearest && best >= 0.5 ? nearest : null, null,
      `缺少必需的列${what}（${ROLE_LABELS[st.role]}需要它）：${hint}。可用的列名见《花名册列说明》`);
  }

  private bind(st: SheetState, keys: (d: FieldDef) => boolean): Binding[] {
    const out: Binding[] = [];
    for (const [key, column] of st.cols) {
      const def = field(key);
      if (keys(def)) out.push({ col: column.col, column, def, read: readerFor(def) });
    }
    return out;
  }

  // -------------------------------------------------------------- households and members

  private readHouseholdRows(st: SheetState, rows: DataRows): void {
    const role = st.role;
    const si = st.index;
    const summary = st.summary;
    if (role === 'household') this.hasHouseholdSheet = true;
    const hhCol = st.cols.get('householdId');
    const hhColIndex = hhCol ? hhCol.col : -1;
    const hhHeaderText = hhCol ? hhCol.header : '';

    const slotBindings: SlotBinding[] = this.bind(st, (d) => SLOT.has(d.key)).map((b) => ({ ...b, slot: SLOT.get(b.def.key)! }));
    const slotCount = slotBindings.length;
    const slotCols = Int32Array.from(slotBindings, (b) => b.col);
    const slotIds = Int32Array.from(slotBindings, (b) => b.slot);
    const memberBindings: MemberBinding[] = role === 'roster'
      ? this.bind(st, (d) => Object.hasOwn(MEMBER_SETTERS, d.key)).map((b) => ({ ...b, set: MEMBER_SETTERS[b.def.key]! }))
      : [];
    const totals = this.incomeTotalChecks(st);

    const col = (key: string): HeaderColumn | null => st.cols.get(key) ?? null;
    const memberIdCol = col('memberId');
    const idCol = col('idNumber');
    const nameCol = col('name');
    const relationCol = col('relation');
    const sexCol = col('sex');
    const birthCol = col('birthDate');
    const readRelation = enumReader(enumLookup('relation')) as Reader<Relation>;
    const readSex = enumReader(enumLookup('sex')) as Reader<'M' | 'F'>;
    if (role === 'roster' && idCol) {
      if (!birthCol) this.warn('derived-birth-date', si, st.header!.headerRow, null, null, '表中没有“出生日期”列：出生日期全部按证件号码推算');
      if (!sexCol) this.warn('derived-sex', si, st.header!.headerRow, null, null, '表中没有“性别”列：性别全部按证件号码推算');
    }

    for (let r = rows.next(); r !== null; r = rows.next()) {
      const cells = r.cells;
      const rowNum = r.row;
      // 户编号
      const hhRaw = cells[hhColIndex];
      if (hhRaw === null || hhRaw === undefined || (typeof hhRaw === 'string' && hhRaw.trim() === '')) {
        summary.rowsRead++;
        this.error('missing-household-id', si, rowNum, hhCol ?? null, null,
          '户编号为空：每一行都要填户编号（同一户的成员填同一个户编号），请补填后重新导入');
        continue;
      }
      if (typeof hhRaw === 'string' && hhRaw.trim() === hhHeaderText) {
        summary.rowsSkipped++; // a repeated header row (printed page headers)
        continue;
      }
      summary.rowsRead++;
      const hhId = readKey(hhRaw);
      if (hhId === undefined || hhId === null) {
        this.error('bad-key', si, rowNum, hhCol ?? null, hhRaw, `户编号“${cellText(hhRaw)}”${KIND_ADVICE.key}`);
        continue;
      }
      let d = this.drafts.get(hhId);
      if (!d) {
        d = new HouseholdDraft(hhId, { sheet: si, row: rowNum });
        this.drafts.set(hhId, d);
      }
      if (role === 'household' || role === 'income') {
        const prev = role === 'household' ? d.householdRow : d.incomeRow;
        if (prev) {
          this.error('duplicate-household-row', si, rowNum, hhCol ?? null, hhRaw,
            `户编号“${hhId}”在本表${this.placeOf(prev, si)}已出现过：${ROLE_LABELS[role]}每户只能有一行，请删除或合并重复的行`);
          continue;
        }
        if (role === 'household') d.householdRow = { sheet: si, row: rowNum };
        else d.incomeRow = { sheet: si, row: rowNum };
      }

      // Household-level columns: the first row that fills one sets it; later rows may leave it
      // blank, and must agree when they do fill it.
      const values = d.values;
      const given = d.raw;
      const here = packRef(si, rowNum);
      for (let i = 0; i < slotCount; i++) {
        const v = cells[slotCols[i]!];
        // The same cell content as the row that set it (the usual repeated household column).
        if (v === null || v === undefined || v === given[slotIds[i]!]) continue;
        const b = slotBindings[i]!;
        const p = b.read(v);
        if (p === null) continue;
        if (p === undefined) {
          this.badValue(st, rowNum, b, v);
          continue;
        }
        const prev = values[b.slot];
        if (prev === undefined) {
          values[b.slot] = p;
          given[b.slot] = v;
          if (here !== d.firstRef) d.setSource(b.slot, here);
        } else if (prev !== p && !(Array.isArray(prev) && sameList(prev, p as unknown[]))) {
          const ref = d.sourceOf(b.slot);
          this.error('household-conflict', si, rowNum, b.column, v,
            `同一户（户编号${hhId}）的${b.column.header}不一致：${this.placeOf(ref, si)}是“${cellText(d.raw[b.slot])}”，本行是“${cellText(v)}”。` +
            '户级信息以该户第一次填写的为准，其他成员行请填相同内容或留空');
        }
      }

      if (totals.length > 0) {
        for (const t of totals) {
          if (t.reported) continue;
          const v = cells[t.column.col];
          if (v === null || v === undefined || v === 0 || (typeof v === 'string' && (v.trim() === '' || readAmount(v) === 0))) continue;
          t.reported = true;
          this.push(t.severity, 'income-total-only', si, st.header!.headerRow, t.column, null, t.message);
        }
      }

      if (role !== 'roster') continue;

      // The member.
      this.memberRowCount++;
      d.memberRows++;
      const name = nameCol ? readText(cells[nameCol.col] ?? null) : null;
      let ok = true;
      if (name === null) {
        this.error('missing-name', si, rowNum, nameCol, null, '姓名为空：请填写该成员的姓名');
        ok = false;
      }
      let id: IdResult | null = null;
      if (idCol) {
        const raw = cells[idCol.col];
        if (raw !== null && raw !== undefined && !(typeof raw === 'string' && raw.trim() === '')) {
          id = parseIdNumberFast(raw);
          if (!id.ok) {
            this.error(`id-${id.problem}`, si, rowNum, idCol, raw, `${id.message}。请核对后改正`);
            ok = false;
          }
        }
      }
      const idInfo = id && id.ok ? id.value : null;
      let key: string | null = null;
      if (memberIdCol) {
        const raw = cells[memberIdCol.col];
        const k = raw === undefined ? null : readKey(raw);
        if (k === undefined) {
          this.error('bad-key', si, rowNum, memberIdCol, raw, `人编号“${cellText(raw)}”${KIND_ADVICE.key}`);
          ok = false;
        } else {
          key = k;
        }
      }
      if (key === null && ok) {
        if (idInfo) key = idInfo.normalized;
        else {
          this.error('missing-member-key', si, rowNum, memberIdCol ?? idCol, null,
            '人编号和证件号码都为空，无法确定是哪一个人：请填写人编号，或填写有效的证件号码（没有人编号时以证件号码作为人员编号）');
          ok = false;
        }
      }
      let relation: Relation = 'other';
      if (relationCol) {
        const raw = cells[relationCol.col];
        const rel = raw === undefined ? null : readRelation(raw);
        if (rel === null) {
          this.error('missing-relation', si, rowNum, relationCol, null,
            `与户主关系为空：请填写，可填：${enumChoices('relation')}`);
          ok = false;
        } else if (rel === undefined) {
          this.warn('unknown-relation', si, rowNum, relationCol, raw,
            `“${cellText(raw)}”不是可识别的与户主关系，已按“其他”导入。可填：${enumChoices('relation')}`);
        } else {
          relation = rel;
        }
      }
      // Counted before the row's other checks, so a head rejected for a bad ID is still the head.
      if (relation === 'head') d.heads.push({ sheet: si, row: rowNum });
      if (key !== null) {
        const seenAt = this.memberKeys.get(key);
        if (seenAt !== undefined) {
          const seen = unpackRef(seenAt);
          const byNumber = memberIdCol !== null && readKey(cells[memberIdCol.col] ?? null) === key;
          const c = byNumber ? memberIdCol : idCol;
          this.error('duplicate-member-id', si, rowNum, c, c ? cells[c.col] : key,
            `人编号“${key}”与${this.placeOf(seen, si)}重复：每个人只能出现一次，请核对是否重复录入或编号填错`);
          ok = false;
        } else {
          this.memberKeys.set(key, here);
        }
      }
      if (idInfo) {
        const seenAt = this.idNumbers.get(idInfo.normalized);
        if (seenAt !== undefined) {
          const seen = unpackRef(seenAt);
          this.error('duplicate-id-number', si, rowNum, idCol, cells[idCol!.col],
            `证件号码${idInfo.normalized}与${this.placeOf(seen, si)}重复：同一个证件号码只能出现一次，请核对是否重复录入或号码填错`);
          ok = false;
        } else {
          this.idNumbers.set(idInfo.normalized, here);
        }
        if (idInfo.convertedFrom15) {
          this.warn('id-converted', si, rowNum, idCol, cells[idCol!.col],
            `15位旧身份证号已转换为18位：${idInfo.normalized}`);
        }
      }
      if (!ok || key === null || name === null) continue;

      const m: Member = {
        id: key,
        householdId: hhId,
        name,
        idNumber: idInfo ? idInfo.normalized : null,
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
      for (let i = 0; i < memberBindings.length; i++) {
        const b = memberBindings[i]!;
        const v = cells[b.col];
        if (v === null || v === undefined) continue;
        const p = b.read(v);
        if (p === null) continue;
        if (p === undefined) {
          this.badValue(st, rowNum, b, v);
          continue;
        }
        b.set(m, p as never);
      }

      // Sex and birth date: the ID number is authoritative; a disagreeing cell is reported.
      let sex: 'M' | 'F' | null = null;
      if (sexCol) {
        const raw = cells[sexCol.col];
        const s = raw === undefined ? null : readSex(raw);
        if (s === undefined) {
          if (!idInfo) this.warn('unknown-enum', si, rowNum, sexCol, raw, `性别“${cellText(raw)}”无法识别，应填“男”或“女”；已按未填处理`);
        } else sex = s;
      }
      let birth: string | null = null;
      if (birthCol) {
        const raw = cells[birthCol.col];
        const b = raw === undefined ? null : readDate(raw);
        if (b === undefined) {
          if (!idInfo) this.error('bad-date', si, rowNum, birthCol, raw, `出生日期“${cellText(raw)}”无法识别：${KIND_ADVICE.date}`);
        } else birth = b;
      }
      if (idInfo) {
        if (sexCol && sex === null) {
          this.warn('derived-sex', si, rowNum, sexCol, null, `性别为空，已按证件号码推算为“${idInfo.sex === 'M' ? '男' : '女'}”`);
        } else if (sexCol && sex !== idInfo.sex) {
          this.warn('sex-mismatch', si, rowNum, sexCol, cells[sexCol.col],
            `性别与证件号码不符：证件号码表明是“${idInfo.sex === 'M' ? '男' : '女'}”，已按证件号码导入。请核实性别或证件号码`);
        }
        if (birthCol && birth === null) {
          const raw = cells[birthCol.col];
          if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) {
            this.warn('derived-birth-date', si, rowNum, birthCol, null, `出生日期为空，已按证件号码推算为${idInfo.birthDate}`);
          } else {
            this.warn('birth-date-mismatch', si, rowNum, birthCol, raw,
              `出生日期“${cellText(raw)}”无法识别，已按证件号码采用${idInfo.birthDate}`);
          }
        } else if (birthCol && birth !== idInfo.birthDate) {
          this.warn('birth-date-mismatch', si, rowNum, birthCol, cells[birthCol.col],
            `出生日期与证件号码不符：证件号码中的出生日期是${idInfo.birthDate}，已按证件号码导入。请核实出生日期或证件号码`);
        }
        m.sex = idInfo.sex;
        m.birthDate = idInfo.birthDate;
      } else {
        m.sex = sex;
        m.birthDate = birth;
      }

      d.members.push(m);
      if (!d.firstMember) d.firstMember = { sheet: si, row: rowNum };
    }
  }

  /**
   * A category total (工资性收入 …) cannot be split into the form's items. With its items beside
   * it, it is only a derived figure; alone, its money would silently go missing, so the first
   * non-zero value in such a column is reported.
   */
  private incomeTotalChecks(st: SheetState): { column: HeaderColumn; severity: RosterIssue['severity']; message: string; reported: boolean }[] {
    const categories = new Set<string>();
    let anyItem = false;
    for (const key of st.cols.keys()) {
      const def = field(key);
      if (def.incomeCode) {
        anyItem = true;
        if (def.incomeCategory) categories.add(def.incomeCategory);
      }
    }
    const out: { column: HeaderColumn; severity: RosterIssue['severity']; message: string; reported: boolean }[] = [];
    for (const [key, column] of st.cols) {
      const def = field(key);
      if (def.target !== 'incomeTotal') continue;
      if (def.incomeCategory && !categories.has(def.incomeCategory)) {
        const items = INCOME_ITEMS.filter((i) => i.category === def.incomeCategory).map((i) => i.label);
        out.push({
          column,
          severity: 'error',
          reported: false,
          message: `“${column.header}”是合计数，无法拆分到收入测算表的明细项目（哪些项目计入收入由规则决定），本列不能导入。` +
            `请按明细分列填写：${items.join('、')}`,
        });
      } else if (!def.incomeCategory && !anyItem) {
        out.push({
          column,
          severity: 'warning',
          reported: false,
          message: `“${column.header}”是计算结果，不导入；表中没有收入明细，因此不会生成收入测算表。请另行导入收入明细`,
        });
      }
    }
    return out;
  }

  // -------------------------------------------------------------- villages and tasks

  private readVillageRows(st: SheetState, rows: DataRows): void {
    const si = st.index;
    const bindings = this.bind(st, (d) => d.target === 'location' || d.target === 'village');
    const hasIndicators = bindings.some((b) => b.def.key.startsWith('village.'));
    for (let r = rows.next(); r !== null; r = rows.next()) {
      st.summary.rowsRead++;
      const { values } = this.readValues(st, r, bindings);
      const code = (values.get('villageCode') as string | undefined) ?? null;
      const village = (values.get('village') as string | undefined) ?? null;
      if (code === null && village === null) {
        this.error('missing-village', si, r.row, st.cols.get('village') ?? st.cols.get('villageCode') ?? null, null,
          '行政村和行政区划代码都为空：请至少填写其中一项');
        continue;
      }
      let indicators: VillageIndicators | null = null;
      if (hasIndicators && VILLAGE_INDICATOR_KEYS.some((k) => values.has(`village.${k}`))) {
        const get = (k: string): unknown => values.get(`village.${k}`) ?? null;
        indicators = {
          leadingIndustry: get('leadingIndustry') as boolean | null,
          cooperative: get('cooperative') as boolean | null,
          collectiveIncome: get('collectiveIncome') as number | null,
          hardenedRoad: get('hardenedRoad') as boolean | null,
          powerToAllGroups: get('powerToAllGroups') as boolean | null,
          cleanEnvironment: get('cleanEnvironment') as boolean | null,
          schoolPlaces: get('schoolPlaces') as boolean | null,
          clinicWithDoctor: get('clinicWithDoctor') as boolean | null,
          pensionCoverage: get('pensionCoverage') as boolean | null,
          dibaoForAllQualified: get('dibaoForAllQualified') as boolean | null,
        };
      }
      this.villageRows.push({
        ref: { sheet: si, row: r.row },
        code,
        county: (values.get('county') as string | undefined) ?? null,
        township: (values.get('township') as string | undefined) ?? null,
        village,
        ruralPopulation: (values.get('ruralPopulation') as number | undefined) ?? null,
        poorVillage: (values.get('poorVillage') as boolean | undefined) ?? null,
        exitYear: (values.get('villageExitYear') as number | undefined) ?? null,
        indicators,
      });
    }
  }

  private readTaskRows(st: SheetState, rows: DataRows): void {
    const si = st.index;
    const bindings = this.bind(st, () => true);
    for (let r = rows.next(); r !== null; r = rows.next()) {
      st.summary.rowsRead++;
      const read = this.readValues(st, r, bindings);
      const values = read.values;
      let ok = read.ok;
      const missing = (key: string, what: string): void => {
        ok = false;
        this.error('missing-value', si, r.row, st.cols.get(key) ?? null, null, `${field(key).label}为空：${what}`);
      };
      const id = values.get('taskId') as string | undefined;
      const householdId = values.get('householdId') as string | undefined;
      const indicator = values.get('taskIndicator') as IndicatorCode | undefined;
      const dueDate = values.get('taskDueDate') as string | undefined;
      if (id === undefined) missing('taskId', '每个整改任务都要有唯一的任务编号');
      if (householdId === undefined) missing('householdId', '请填写任务所属户的户编号');
      if (indicator === undefined && !r.cells[st.cols.get('taskIndicator')?.col ?? -1]) {
        missing('taskIndicator', `请填写未达标的指标：${enumChoices('indicator')}`);
      }
      if (dueDate === undefined && !r.cells[st.cols.get('taskDueDate')?.col ?? -1]) missing('taskDueDate', '请填写完成时限（日期）');
      if (!ok || id === undefined || householdId === undefined || indicator === undefined || dueDate === undefined) continue;
      this.taskRows.push({
        ref: { sheet: si, row: r.row },
        task: {
          id,
          householdId,
          memberId: (values.get('memberId') as string | undefined) ?? null,
          indicator,
          dueDate,
          status: (values.get('taskStatus') as TaskStatus | undefined) ?? 'open',
          sector: (values.get('taskSector') as string | undefined) ?? null,
          note: (values.get('taskNote') as string | undefined) ?? null,
        },
      });
    }
  }

  // -------------------------------------------------------------- assembling

  finish(): RosterParse {
    const regions = this.buildRegions();
    const households: Household[] = [];
    const members: Member[] = [];
    const incomes: IncomeForm[] = [];
    const rosterSheets = this.sheets.filter((s) => s.role === 'roster');
    const firstRoster = rosterSheets[0];

    // Workbook-level checks.
    const recognised = this.sheets.filter((s) => s.role !== 'empty' && s.role !== 'unrecognised');
    if (this.sheets.every((s) => s.role === 'empty')) {
      this.error('empty-roster', this.sheets[0]?.name ?? '', null, null, null, '文件中没有任何数据：请检查是否选错了文件，或数据是否在隐藏的工作表中');
    } else if (recognised.length === 0) {
      for (const s of this.sheets) {
        if (s.role === 'unrecognised') {
          this.error('no-header', s.index, null, null, null,
            `找不到表头：前${HEADER_SCAN_ROWS}行中没有一行包含至少${2}个可识别的列名（如户编号、人编号、姓名、证件号码、与户主关系、行政村）。请确认这是建档立卡花名册，列名可参照《花名册列说明》`);
        }
      }
    } else {
      for (const s of this.sheets) {
        if (s.role === 'unrecognised') {
          this.warn('sheet-skipped', s.index, null, null, null,
            `工作表“${s.name}”中找不到可识别的表头，已跳过。如果它也是要导入的数据，请检查列名`);
        }
      }
      if (!firstRoster) {
        this.error('no-roster', recognised[0]!.index, null, null, null,
          '没有找到花名册（人员）表：需要一张包含户编号、人编号或证件号码、姓名、与户主关系的人员表');
      } else if (this.memberRowCount === 0 && rosterSheets.every((s) => s.summary.rowsRead === 0)) {
        const ok = rosterSheets.every((s) => [...['householdId', 'name', 'relation']].every((k) => s.cols.has(k)));
        if (ok) {
          this.error('empty-roster', firstRoster.index, firstRoster.header?.headerRow ?? null, null, null,
            `花名册只有表头，没有人员数据（表头在第${firstRoster.header?.headerRow}行）。请在表头下方填写数据后再导入`);
        }
      }
    }

    // Where households are located.
    const locationKnown = this.householdColumnsSeen.has('village') || this.householdColumnsSeen.has('villageCode');
    const householdSheet = this.sheets.find((s) => s.role === 'household') ?? firstRoster;
    if (!locationKnown && householdSheet && householdSheet.header) {
      this.missingColumn(householdSheet, ['village', 'villageCode']);
    }
    const attributeKnown = this.householdColumnsSeen.has('attribute');
    const statusKnown = this.householdColumnsSeen.has('status');
    if (householdSheet && householdSheet.header && this.drafts.size > 0) {
      if (!attributeKnown) {
        this.warn('column-absent-default', householdSheet.index, householdSheet.header.headerRow, null, null,
          '表中没有“贫困户属性”列：全部按“一般贫困户”导入。如有低保、特困供养户，请加上这一列');
      }
      if (!statusKnown) {
        this.warn('column-absent-default', householdSheet.index, householdSheet.header.headerRow, null, null,
          '表中没有“脱贫属性”列：全部按“未脱贫”导入。如有已脱贫、预脱贫、返贫户，请加上这一列');
      }
    }

    let missingYear: { ref: RowRef; count: number } | null = null;
    for (const d of this.drafts.values()) {
      const si = d.first.sheet;
      const v = d.values;
      const ref = d.firstMember ?? d.householdRow ?? d.first;

      // Membership and heads.
      if (d.members.length === 0) {
        // Rows that were all rejected have been reported already.
        if (this.memberRowCount > 0 && d.memberRows === 0) {
          const from = d.householdRow ?? d.incomeRow ?? d.first;
          this.error('household-without-members', from.sheet, from.row, this.colIn(from.sheet, 'householdId'), d.id,
            `户编号“${d.id}”在花名册中没有任何成员：请在花名册中补上该户成员，或删除本行`);
        }
        continue;
      }
      if (this.hasHouseholdSheet && d.householdRow === null) {
        this.error('member-household-unknown', ref.sheet, ref.row, this.colIn(ref.sheet, 'householdId'), d.id,
          `户编号“${d.id}”在户表中不存在：请在户表中补上该户，或改正成员行的户编号`);
        continue;
      }
      if (d.heads.length === 0) {
        this.error('no-head', ref.sheet, ref.row, this.colIn(ref.sheet, 'relation'), null,
          `户编号“${d.id}”的成员中没有户主：每户必须有且只有一名成员的与户主关系为“户主”，请改正`);
      } else if (d.heads.length > 1) {
        const places = d.heads.map((h) => this.placeOf(h, -1)).join('、');
        const h2 = d.heads[1]!;
        this.error('multiple-heads', h2.sheet, h2.row, this.colIn(h2.sheet, 'relation'), '户主',
          `户编号“${d.id}”有${d.heads.length}名户主（${places}）：每户只能有一名户主，请改正与户主关系`);
      }

      // Required household values.
      const okAttr = this.need(d, ref, S.attribute, 'attribute', attributeKnown);
      const okStatus = this.need(d, ref, S.status, 'status', statusKnown);
      const villageCode = this.villageCodeOf(d);
      if (villageCode === null) {
        if (locationKnown) {
          this.error('missing-village', ref.sheet, ref.row, this.colIn(ref.sheet, 'village') ?? this.colIn(ref.sheet, 'villageCode'), null,
            `户编号“${d.id}”没有填写行政村（或行政区划代码）：请在该户的户主行填写`);
        }
        continue;
      }
      if (!okAttr || !okStatus) continue;

      // Housing: 危房户 (yes/no) is the national system's coarse field; a grade wins when given.
      let grade = (v[S.houseGrade] as Household['housing']['grade'] | undefined) ?? null;
      if (grade === null && v[S.dangerousHouse] === true) {
        grade = 'C';
        this.warn('house-grade-assumed', srcOf(d, S.dangerousHouse).sheet, srcOf(d, S.dangerousHouse).row, this.colIn(srcOf(d, S.dangerousHouse).sheet, 'dangerousHouse'), '是',
          '危房户为“是”但没有危房等级：已按C级危房导入（C、D级都不满足住房安全）。请补填危房等级（A/B/C/D）');
      } else if (grade !== null && v[S.dangerousHouse] !== undefined && v[S.dangerousHouse] !== (grade === 'C' || grade === 'D')) {
        this.warn('house-grade-mismatch', srcOf(d, S.houseGrade).sheet, srcOf(d, S.houseGrade).row, this.colIn(srcOf(d, S.houseGrade).sheet, 'houseGrade'), d.raw[S.houseGrade],
          `危房等级“${cellText(d.raw[S.houseGrade])}”与危房户“${cellText(d.raw[S.dangerousHouse])}”不一致：已按危房等级导入，请核实`);
      }

      const h: Household = {
        id: d.id,
        villageCode,
        group: str(v, S.group),
        attribute: (v[S.attribute] as Household['attribute'] | undefined) ?? 'general',
        standard: (v[S.standard] as Household['standard'] | undefined) ?? null,
        identifiedYear: num(v, S.identifiedYear),
        mainCause: (v[S.mainCause] as Cause | undefined) ?? null,
        otherCauses: (v[S.otherCauses] as Cause[] | undefined) ?? [],
        status: (v[S.status] as Household['status'] | undefined) ?? 'not-exited',
        exitYear: num(v, S.exitYear),
        relocation: (v[S.relocation] as Household['relocation'] | undefined) ?? 'none',
        guarantee: bool(v, S.guarantee) ?? false,
        foodClothingOk: bool(v, S.foodClothingOk),
        foodClothingNote: str(v, S.foodClothingNote),
        housing: {
          grade,
          renovation: (v[S.renovation] as Household['housing']['renovation'] | undefined) ?? 'none',
          area: num(v, S.houseArea),
        },
        water: {
          secured: bool(v, S.waterSecured),
          piped: bool(v, S.waterPiped),
          fetchMinutes: num(v, S.fetchMinutes),
          litresPerPersonDay: num(v, S.litresPerPersonDay),
          qualityOk: bool(v, S.waterQualityOk),
          reliabilityPercent: num(v, S.waterReliability),
        },
        cultivatedLand: num(v, S.cultivatedLand),
        forestLand: num(v, S.forestLand),
        roadDistanceKm: num(v, S.roadDistanceKm),
        sanitaryToilet: bool(v, S.sanitaryToilet),
        cadre: { name: str(v, S.cadreName), unit: str(v, S.cadreUnit), phone: str(v, S.cadrePhone) },
        workTeam: str(v, S.workTeam),
        phone: str(v, S.householdPhone),
        bankAccount: str(v, S.bankAccount),
      };
      households.push(h);
      for (const m of d.members) members.push(m);

      const size = num(v, S.householdSize);
      if (size !== null && size !== d.members.length) {
        this.warn('household-size-mismatch', srcOf(d, S.householdSize).sheet, srcOf(d, S.householdSize).row, this.colIn(srcOf(d, S.householdSize).sheet, 'householdSize'), d.raw[S.householdSize],
          `户编号“${d.id}”填写的家庭人口数是${size}，花名册中该户有${d.members.length}名成员：按成员行导入，请核实`);
      }

      // Income form.
      let items: IncomeForm['items'] | null = null;
      for (const { code, slot: s } of INCOME_SLOTS) {
        const amount = v[s];
        if (amount === undefined) continue;
        items ??= {};
        items[code] = amount as number;
      }
      const note = str(v, S.incomeNote);
      if (items !== null || note !== null) {
        const year = num(v, S.incomeYear) ?? this.opts.incomeYear ?? null;
        if (year === null) {
          if (missingYear) missingYear.count++;
          else missingYear = { ref, count: 1 };
        } else {
          incomes.push({ householdId: d.id, year, items: items ?? {}, note });
        }
      }
    }
    if (missingYear) {
      const { ref, count } = missingYear;
      this.error('no-income-year', ref.sheet, ref.row, this.sheets[ref.sheet]!.cols.get('incomeYear') ?? null, null,
        `有${count}户填了收入但没有收入年度（第一户在${this.placeOf(ref, -1)}）：请在表中加“收入年度”列并填写，或在导入时指定收入年度`);
    }

    const tasks = this.buildTasks();
    const summary = {
      sheets: this.sheets.map((s) => s.summary),
      unknownColumns: this.unknownColumns,
      ignoredColumns: this.ignoredColumns,
    };
    return { regions, households, members, incomes, tasks, issues: this.sortedIssues(), summary };
  }

  /** In reading order: sheet, then row (sheet-level issues first), then column. */
  private sortedIssues(): RosterIssue[] {
    const order = new Map(this.sheets.map((st, i) => [st.name, i]));
    const col = (c: string | null): number => (c === null ? -1 : columnIndex(c));
    return this.issues
      .map((issue, i) => ({ issue, i }))
      .sort((a, b) =>
        (order.get(a.issue.sheet) ?? -1) - (order.get(b.issue.sheet) ?? -1) ||
        (a.issue.row ?? 0) - (b.issue.row ?? 0) ||
        col(a.issue.column) - col(b.issue.column) ||
        a.i - b.i)
      .map((x) => x.issue);
  }

  private colIn(sheet: number, key: string): HeaderColumn | null {
    return this.sheets[sheet]!.cols.get(key) ?? null;
  }

  private need(d: HouseholdDraft, ref: RowRef, slotIndex: number, key: string, known: boolean): boolean {
    if (d.values[slotIndex] !== undefined || !known) return true;
    this.error('missing-value', ref.sheet, ref.row, this.colIn(ref.sheet, key), null,
      `户编号“${d.id}”的${field(key).label}为空：请在该户的户主行填写，可填：${enumChoices(field(key).enumName!)}`);
    return false;
  }

  // -------------------------------------------------------------- regions

  private readonly resolvedCodes = new Map<HouseholdDraft, string | null>();

  private villageCodeOf(d: HouseholdDraft): string | null {
    return this.resolvedCodes.get(d) ?? null;
  }

  /**
   * Regions from the village sheet and the households' location columns. A given 12-digit
   * 行政区划代码 is used as it is (county = first 6 digits, township = first 9). Without one the
   * code is the name path — county `县名`, township `县名/乡镇名`, village `县名/乡镇名/村名` —
   * unless the same path was given a real code elsewhere in the workbook (e.g. in 村情).
   */
  private buildRegions(): Region[] {
    const pathCodes = new Map<string, string>();
    const path = (county: string | null, township: string | null, village: string): string =>
      `${county ?? MISSING_COUNTY}/${township ?? MISSING_TOWNSHIP}/${village}`;
    const loc = (d: HouseholdDraft) => ({
      code: (d.values[S.villageCode] as string | undefined) ?? null,
      county: (d.values[S.county] as string | undefined) ?? null,
      township: (d.values[S.township] as string | undefined) ?? null,
      village: (d.values[S.village] as string | undefined) ?? null,
    });
    for (const r of this.villageRows) if (r.code && r.village) pathCodes.set(path(r.county, r.township, r.village), r.code);
    for (const d of this.drafts.values()) {
      const l = loc(d);
      if (l.code && l.village) {
        const p = path(l.county, l.township, l.village);
        if (!pathCodes.has(p)) pathCodes.set(p, l.code);
      }
    }

    const counties = new Map<string, Region>();
    const townships = new Map<string, Region>();
    const villages = new Map<string, Region>();
    let placeholderWarned = false;
    const place = (
      l: { code: string | null; county: string | null; township: string | null; village: string | null },
      ref: RowRef,
    ): { village: Region; isNew: boolean } | null => {
      const code = l.code ?? (l.village ? pathCodes.get(path(l.county, l.township, l.village)) ?? null : null);
      let countyCode: string;
      let townshipCode: string;
      let villageCode: string;
      if (code) {
        countyCode = code.slice(0, 6);
        townshipCode = code.slice(0, 9);
        villageCode = code;
      } else if (l.village) {
        if ((l.county === null || l.township === null) && !placeholderWarned) {
          placeholderWarned = true;
          this.warn('region-name-missing', ref.sheet, ref.row, null, null,
            `没有行政区划代码，也没有填写${l.county === null ? '县' : ''}${l.county === null && l.township === null ? '和' : ''}${l.township === null ? '乡镇' : ''}：` +
            `区划按“${l.county ?? MISSING_COUNTY}/${l.township ?? MISSING_TOWNSHIP}/${l.village}”编码。建议补上县、乡镇列或行政区划代码`);
        }
        countyCode = l.county ?? MISSING_COUNTY;
        townshipCode = `${countyCode}/${l.township ?? MISSING_TOWNSHIP}`;
        villageCode = `${townshipCode}/${l.village}`;
      } else {
        return null;
      }
      const county = counties.get(countyCode);
      if (!county) counties.set(countyCode, region(countyCode, l.county ?? (code ? countyCode : MISSING_COUNTY), 'county', null));
      else if (l.county !== null && county.name === countyCode) county.name = l.county;
      const township = townships.get(townshipCode);
      if (!township) {
        townships.set(townshipCode, region(townshipCode, l.township ?? (code ? townshipCode : MISSING_TOWNSHIP), 'township', countyCode));
      } else if (l.township !== null && township.name === townshipCode) township.name = l.township;
      let v = villages.get(villageCode);
      const isNew = !v;
      if (!v) {
        v = region(villageCode, l.village ?? villageCode, 'village', townshipCode);
        villages.set(villageCode, v);
      } else if (l.village !== null && v.name === villageCode) v.name = l.village;
      return { village: v, isNew };
    };

    const seenVillageRows = new Map<string, RowRef>();
    for (const r of this.villageRows) {
      const placed = place(r, r.ref);
      if (!placed) continue;
      const v = placed.village;
      const prev = seenVillageRows.get(v.code);
      if (prev) {
        this.error('duplicate-village', r.ref.sheet, r.ref.row, this.sheets[r.ref.sheet]!.cols.get('village') ?? null, r.village,
          `该村在${this.placeOf(prev, r.ref.sheet)}已有一行：村情表每个村只能有一行，请删除或合并`);
        continue;
      }
      seenVillageRows.set(v.code, r.ref);
      v.ruralPopulation = r.ruralPopulation;
      v.poorVillage = r.poorVillage ?? false;
      v.exitYear = r.exitYear;
      v.indicators = r.indicators;
    }
    for (const d of this.drafts.values()) {
      const placed = place(loc(d), d.firstMember ?? d.first);
      this.resolvedCodes.set(d, placed ? placed.village.code : null);
    }
    return [...counties.values(), ...townships.values(), ...villages.values()];
  }

  private buildTasks(): Task[] {
    const out: Task[] = [];
    const seen = new Map<string, RowRef>();
    for (const { ref, task } of this.taskRows) {
      const st = this.sheets[ref.sheet]!;
      const prev = seen.get(task.id);
      if (prev) {
        this.error('duplicate-task', ref.sheet, ref.row, st.cols.get('taskId') ?? null, task.id,
          `任务编号“${task.id}”与${this.placeOf(prev, ref.sheet)}重复：每个任务编号只能用一次`);
        continue;
      }
      seen.set(task.id, ref);
      const d = this.drafts.get(task.householdId);
      if (!d || d.members.length === 0) {
        this.error('task-unknown-household', ref.sheet, ref.row, st.cols.get('householdId') ?? null, task.householdId,
          `户编号“${task.householdId}”在花名册中不存在：请核对整改任务的户编号`);
        continue;
      }
      if (task.memberId !== null && !d.members.some((m) => m.id === task.memberId)) {
        this.error('task-unknown-member', ref.sheet, ref.row, st.cols.get('memberId') ?? null, task.memberId,
          `人编号“${task.memberId}”不是户编号“${task.householdId}”的成员：请核对整改任务的人编号`);
        continue;
      }
      out.push(task);
    }
    return out;
  }
}

function region(code: string, name: string, level: Region['level'], parentCode: string | null): Region {
  return { code, name, level, parentCode, ruralPopulation: null, poorVillage: false, exitYear: null, indicators: null };
}

function str(v: unknown[], s: number): string | null {
  return (v[s] as string | undefined) ?? null;
}
function num(v: unknown[], s: number): number | null {
  return (v[s] as number | undefined) ?? null;
}
function bool(v: unknown[], s: number): boolean | null {
  return (v[s] as boolean | undefined) ?? null;
}

function srcOf(d: HouseholdDraft, s: number): RowRef {
  return d.sourceOf(s);
}

function sameList(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** 'data', or why the row is skipped: blank (序号 alone counts as blank) or a subtotal row. */
function classifyRow(cells: readonly CellValue[], ignoredCols: ReadonlySet<number>): 'data' | 'blank' | 'subtotal' {
  const checkIgnored = ignoredCols.size > 0;
  let seen = 0;
  for (let c = 0; c < cells.length; c++) {
    const v = cells[c];
    if (v === null || v === undefined) continue;
    if (typeof v === 'string') {
      if (v.length === 0) continue;
      const c0 = v.charCodeAt(0);
      if ((c0 <= 32 || c0 === 0x3000 || c0 === 0xa0) && v.trim() === '') continue;
      // 合计/小计/总计 all end in 计: only such cells are worth a closer look.
      if (seen < 2 && v.indexOf('计') >= 0) {
        const t = v.replace(SPACES, '');
        if (t.includes('合计') || t.includes('小计') || t.includes('总计')) return 'subtotal';
      }
    }
    if (checkIgnored && ignoredCols.has(c)) continue;
    seen++;
    if (seen >= 2) return 'data';
  }
  return seen === 0 ? 'blank' : 'data';
}

/** Some templates number the columns (1, 2, 3 …) in the row under the header. */
function isColumnNumberRow(cells: readonly CellValue[]): boolean {
  let count = 0;
  let last = 0;
  for (const v of cells) {
    if (v === null || v === undefined) continue;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/u.test(v.trim()) ? Number(v) : NaN;
    if (!(n === last + 1 || (count === 0 && Number.isInteger(n) && n >= 0))) return false;
    last = n;
    count++;
  }
  return count >= 3;
}

/**
 * The rows below the header: the buffered ones, then the rest of the sheet. Blank rows,
 * 合计/小计/总计 rows and a row of column numbers (1, 2, 3 ...) right under the header are
 * counted as skipped and not returned. Cells covered by a vertical merge get the merge's value.
 * A pull reader rather than a generator: this runs once per row of a county.
 */
class DataRows {
  private headIndex = 0;
  private first = true;
  private readonly fill: MergeFill;

  constructor(
    private readonly head: readonly SheetRow[],
    private readonly lastHeaderRow: number,
    private readonly rest: Iterator<SheetRow>,
    merges: readonly Merge[],
    private readonly ignoredCols: ReadonlySet<number>,
    private readonly summary: SheetSummary,
  ) {
    this.fill = new MergeFill(merges, lastHeaderRow);
  }

  next(): SheetRow | null {
    for (;;) {
      let r: SheetRow;
      if (this.headIndex < this.head.length) {
        r = this.head[this.headIndex++]!;
      } else {
        const n = this.rest.next();
        if (n.done) return null;
        r = n.value;
      }
      if (r.row <= this.lastHeaderRow) continue;
      if (this.fill.active) this.fill.apply(r);
      const kind = classifyRow(r.cells, this.ignoredCols);
      const skip = kind !== 'data' || (this.first && isColumnNumberRow(r.cells));
      this.first = false;
      if (skip) {
        this.summary.rowsSkipped++;
        continue;
      }
      return r;
    }
  }
}

/** Reads a roster workbook into registry records. See the module comment for accepted layouts. */
export function parseRoster(wb: Workbook, opts: RosterParseOptions = {}): RosterParse {
  const parser = new RosterParser(opts);
  for (const sheet of wb.sheets) parser.parseSheet(sheet);
  return parser.finish();
}
