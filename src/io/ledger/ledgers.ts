// The county's screening ledgers (台账, docs/rulebooks.md) as one workbook: a sheet per exit class
// with every household's reasons and tasks, the out-of-scope households, the village exit
// projection, the township summary and the county criteria. Personal data goes through the one
// masking helper (domain/mask.ts); the default is masked.
import type {
  CountyAssessment,
  Criterion,
  HouseholdAssessment,
  IncomeResult,
  IndicatorCheck,
  TownshipSummary,
  VillageAssessment,
} from '../../domain/assessment.js';
import { OUT_OF_SCOPE } from '../../domain/assessment.js';
import { NO_INCOME_FORM, perCapitaFen } from '../../domain/income.js';
import { TASK_STATUS_LABELS } from '../../domain/labels.js';
import { DEFAULT_MASK, masker } from '../../domain/mask.js';
import type { Masker, MaskOptions } from '../../domain/mask.js';
import type { TaskStatus } from '../../domain/types.js';
import { NON_INCOME_INDICATORS } from '../../domain/rulebook.js';
import type { Rulebook } from '../../domain/rulebook.js';
import { openSheet, openWorkbook, safeSheetName } from './style.js';
import type { CellValue, ColumnKind, ColumnSpec, SheetSpec, StreamWorkbook } from './style.js';

/** A household's assessment plus the registry facts the ledger prints. */
export interface LedgerHousehold extends HouseholdAssessment {
  townshipName: string;
  villageName: string;
  headIdNumber: string | null;
  phone: string | null;
  /** e.g. 一般贫困户 (labels.ts ATTRIBUTE_LABELS). */
  attributeLabel: string;
  /** e.g. 因病; null when not recorded. */
  mainCauseLabel: string | null;
}

export interface LedgerVillage extends VillageAssessment {
  townshipName: string;
}

export interface LedgerInput {
  rulebook: Rulebook;
  countyName: string;
  /** 测算基准日, YYYY-MM-DD. */
  referenceDate: string;
  /** When the export was made (ISO text); printed on every page, never read from the clock here. */
  generatedAt: string;
  households: readonly LedgerHousehold[];
  villages: readonly LedgerVillage[];
  townships: readonly TownshipSummary[];
  county: CountyAssessment;
}

export interface WriteOptions {
  /** What personal data is shown (domain/mask.ts). Default: DEFAULT_MASK (partial masks). */
  mask?: MaskOptions;
}

export interface WrittenSheet {
  name: string;
  /** Rows below the header (data rows and any 合计 row). */
  rows: number;
}

export interface WriteResult {
  sheets: WrittenSheet[];
}

export class LedgerError extends Error {
  override name = 'LedgerError';
}

export const OUT_OF_SCOPE_SHEET = '不在筛查范围';
export const VILLAGE_SHEET = '村退出测算';
export const TOWNSHIP_SHEET = '乡镇汇总';
export const COUNTY_SHEET = '县退出测算';
export const OUT_OF_SCOPE_LABEL = '不在筛查范围';

type ClassDef = Rulebook['classes'][number];

/**
 * `A类（巩固提升）`: the label plus the last clause of the class description, which in the
 * rulebooks is the action for that class; just the label when that would not fit in 31 characters.
 */
export function classSheetTitle(cls: ClassDef): string {
  const clauses = cls.description.replace(/[。.\s]+$/u, '').split(/[，,；;]/u);
  const hint = (clauses[clauses.length - 1] ?? '').trim();
  const full = `${cls.label}（${hint}）`;
  return hint !== '' && full.length <= 31 ? full : cls.label;
}

/** The sheet names writeLedgers produces for a rulebook, in order. */
export function ledgerSheetNames(rulebook: Rulebook): string[] {
  const taken = new Set<string>();
  // Reserve the fixed names first, so a class label cannot take them.
  for (const n of [OUT_OF_SCOPE_SHEET, VILLAGE_SHEET, TOWNSHIP_SHEET, COUNTY_SHEET]) taken.add(n.toLowerCase());
  const classNames = rulebook.classes.map((c) => safeSheetName(classSheetTitle(c), taken));
  return [...classNames, OUT_OF_SCOPE_SHEET, VILLAGE_SHEET, TOWNSHIP_SHEET, COUNTY_SHEET];
}

// ------------------------------------------------------------------------------ household rows

interface VetoColumn {
  code: (typeof NON_INCOME_INDICATORS)[number];
  label: string;
}

function vetoColumns(rulebook: Rulebook): VetoColumn[] {
  return NON_INCOME_INDICATORS.filter((code) => rulebook.indicators[code].veto).map((code) => ({
    code,
    label: rulebook.indicators[code].label,
  }));
}

function statusLabel(status: string): string {
  return (TASK_STATUS_LABELS.codes as readonly string[]).includes(status) ? TASK_STATUS_LABELS.label(status as TaskStatus) : status;
}

function indicatorText(check: IndicatorCheck | undefined, m: Masker): string {
  if (!check) return '';
  if (check.met) return check.metByVerifiedTask ? '达标（整改已验收）' : '达标';
  const reasons = check.reasons.map((r) => r.text).filter((t) => t !== '');
  const detail = m.healthText(reasons.join('；'));
  return detail === '' ? '未达标' : `未达标：${detail}`;
}

/** Indicator names as the column headers print them (the rulebook's), else the check's own. */
type LabelOf = (check: IndicatorCheck) => string;

function labelsFrom(vetos: readonly VetoColumn[]): LabelOf {
  const byCode = new Map<string, string>(vetos.map((v) => [v.code, v.label]));
  return (check) => byCode.get(check.indicator) ?? check.label;
}

function taskLines(h: HouseholdAssessment, labelOf: LabelOf): string {
  const lines: string[] = [];
  for (const check of h.indicators) {
    for (const t of check.remediation) {
      const note = t.qualifies ? '' : `（不计入补短板：${t.why}）`;
      lines.push(`${labelOf(check)}：${t.taskId}，限${t.dueDate}前完成，${statusLabel(t.status)}${note}`);
    }
  }
  return lines.join('\n');
}

function failureLines(h: HouseholdAssessment, m: Masker, labelOf: LabelOf): string {
  if (m.options.healthDetails === 'show') return h.summary.join('\n');
  // Summary lines can name an illness; say only which indicators fail.
  const lines: string[] = [];
  if (h.income && h.income.year === null) lines.push(NO_INCOME_FORM);
  else if (h.income && !h.income.pass) lines.push('收入未达标');
  for (const check of h.indicators) if (check.veto && !check.met && check.indicator !== 'income') lines.push(`${labelOf(check)}未达标`);
  return lines.join('\n');
}

const IDENTITY_COLUMNS: ColumnSpec[] = [
  { header: '序号', kind: 'int', width: 6 },
  { header: '乡镇', kind: 'text' },
  { header: '行政村', kind: 'text' },
  { header: '户编号', kind: 'text' },
  { header: '户主姓名', kind: 'text' },
  { header: '身份证号', kind: 'text', width: 21 },
  { header: '联系电话', kind: 'text' },
  { header: '家庭人口', kind: 'int', width: 6 },
  { header: '贫困户属性', kind: 'text' },
  { header: '主要致贫原因', kind: 'text' },
];

function identityValues(i: number, h: LedgerHousehold, m: Masker): CellValue[] {
  return [
    i,
    h.townshipName,
    h.villageName,
    h.householdId,
    h.headName ?? '',
    m.idNumber(h.headIdNumber),
    m.phone(h.phone),
    h.size,
    h.attributeLabel,
    h.mainCauseLabel ?? '',
  ];
}

function classColumns(vetos: readonly VetoColumn[]): ColumnSpec[] {
  return [
    ...IDENTITY_COLUMNS,
    { header: '人均纯收入（元）', kind: 'money' },
    { header: '收入线（元）', kind: 'money' },
    { header: '收入是否达标', kind: 'center', width: 10 },
    ...vetos.map((v): ColumnSpec => ({ header: v.label, kind: 'wrap', maxWidth: 36 })),
    { header: '未达标原因', kind: 'wrap', maxWidth: 50 },
    { header: '整改任务', kind: 'wrap', maxWidth: 50 },
  ];
}

/**
 * Per-capita income as the verdict saw it: rounded to the fen (domain/income.ts compares the
 * rounded figure), so the cell, the arithmetic and 达标/未达标 never disagree.
 */
function perCapitaYuan(inc: IncomeResult | null): number | null {
  if (!inc) return null;
  const fen = perCapitaFen(inc);
  return fen === null ? null : fen / 100;
}

function incomeVerdict(inc: IncomeResult | null): string {
  if (!inc || inc.year === null) return NO_INCOME_FORM;
  return inc.pass ? '达标' : '未达标';
}

function classRow(i: number, h: LedgerHousehold, vetos: readonly VetoColumn[], m: Masker, labelOf: LabelOf): CellValue[] {
  const inc = h.income;
  const byCode = new Map(h.indicators.map((c) => [c.indicator, c]));
  return [
    ...identityValues(i, h, m),
    perCapitaYuan(inc),
    inc ? inc.line : null,
    incomeVerdict(inc),
    ...vetos.map((v) => indicatorText(byCode.get(v.code), m)),
    failureLines(h, m, labelOf),
    taskLines(h, labelOf),
  ];
}

const OUT_OF_SCOPE_COLUMNS: ColumnSpec[] = [...IDENTITY_COLUMNS, { header: '不纳入原因', kind: 'wrap', maxWidth: 50 }];

function byVillageThenId(a: HouseholdAssessment, b: HouseholdAssessment): number {
  if (a.villageCode !== b.villageCode) return a.villageCode < b.villageCode ? -1 : 1;
  return a.householdId < b.householdId ? -1 : a.householdId > b.householdId ? 1 : 0;
}

/**
 * The columns and row builder of one household sheet of the workbook (a class sheet, or the
 * out-of-scope sheet for OUT_OF_SCOPE), for other outputs that must show the same table — the
 * web's ledger pages. `row(i, h)` gives the cells exactly as writeLedgers prints them.
 */
export function householdSheetTable(
  rulebook: Rulebook,
  cls: string,
  opts: WriteOptions = {},
): {
  columns: ColumnSpec[];
  row: (i: number, h: LedgerHousehold) => CellValue[];
} {
  const m = masker(opts.mask ?? DEFAULT_MASK);
  if (cls === OUT_OF_SCOPE) {
    return { columns: OUT_OF_SCOPE_COLUMNS, row: (i, h) => [...identityValues(i, h, m), h.scopeReason ?? ''] };
  }
  const vetos = vetoColumns(rulebook);
  const labelOf = labelsFrom(vetos);
  return { columns: classColumns(vetos), row: (i, h) => classRow(i, h, vetos, m, labelOf) };
}

// ------------------------------------------------------------------------------ villages

function villageIndicatorText(check: VillageAssessment['indicators'][number] | undefined): string {
  if (!check || check.value === null) return '未填报';
  if (typeof check.value === 'number') {
    const amount = check.value.toLocaleString('en-US', { maximumFractionDigits: 2 });
    return check.met ? `${amount}元` : `${amount}元（未达标）`;
  }
  if (check.met) return '是';
  return check.value ? '是（未达标）' : '否';
}

function villageColumns(rulebook: Rulebook): ColumnSpec[] {
  return [
    { header: '序号', kind: 'int', width: 6 },
    { header: '乡镇', kind: 'text' },
    { header: '行政村', kind: 'text' },
    { header: '是否贫困村', kind: 'center', width: 8 },
    { header: '是否已退出', kind: 'center', width: 8 },
    { header: '农村户籍人口', kind: 'count' },
    { header: '未脱贫人口', kind: 'count' },
    { header: '预脱贫人口', kind: 'count' },
    { header: '贫困发生率（现）', kind: 'percent', width: 11 },
    { header: '贫困发生率（退出后）', kind: 'percent', width: 11 },
    ...rulebook.village.indicators.map((ind): ColumnSpec => ({ header: ind.label, kind: 'center', maxWidth: 16 })),
    { header: '是否预退出', kind: 'center', width: 8 },
    { header: '原因', kind: 'wrap', maxWidth: 50 },
  ];
}

function villageRow(i: number, v: LedgerVillage, rulebook: Rulebook): CellValue[] {
  const byKey = new Map(v.indicators.map((c) => [c.key, c]));
  return [
    i,
    v.townshipName,
    v.name,
    v.poorVillage ? '是' : '否',
    v.exited ? '是' : '否',
    v.ruralPopulation,
    v.remainingPoor,
    v.preExitPeople,
    v.incidenceNow,
    v.incidenceAfter,
    ...rulebook.village.indicators.map((ind) => villageIndicatorText(byKey.get(ind.key))),
    v.preExit ? '是' : '否',
    v.reasons.join('\n'),
  ];
}

// ------------------------------------------------------------------------------ townships

export interface ClassKey {
  code: string;
  label: string;
  preExit: boolean;
}

export function classKeys(rulebook: Rulebook): ClassKey[] {
  return [
    ...rulebook.classes.map((c) => ({ code: c.code, label: c.label, preExit: c.preExit })),
    { code: OUT_OF_SCOPE, label: OUT_OF_SCOPE_LABEL, preExit: false },
  ];
}

function townshipColumns(keys: readonly ClassKey[]): ColumnSpec[] {
  return [
    { header: '序号', kind: 'int', width: 6 },
    { header: '乡镇', kind: 'text' },
    ...keys.flatMap((k): ColumnSpec[] => [
      { header: `${k.label}户数`, kind: 'count' },
      { header: `${k.label}人数`, kind: 'count' },
    ]),
    { header: '预脱贫户数', kind: 'count' },
    { header: '预脱贫人数', kind: 'count' },
    { header: '未脱贫人口', kind: 'count' },
    { header: '农村户籍人口', kind: 'count' },
    { header: '贫困发生率（现）', kind: 'percent', width: 11 },
    { header: '贫困发生率（退出后）', kind: 'percent', width: 11 },
    { header: '行政村数', kind: 'count' },
    { header: '预退出村数', kind: 'count' },
  ];
}

function townshipCounts(t: Pick<TownshipSummary, 'households' | 'people'>, keys: readonly ClassKey[]): number[] {
  const perClass = keys.flatMap((k) => [t.households[k.code] ?? 0, t.people[k.code] ?? 0]);
  const pre = keys.filter((k) => k.preExit);
  return [...perClass, pre.reduce((s, k) => s + (t.households[k.code] ?? 0), 0), pre.reduce((s, k) => s + (t.people[k.code] ?? 0), 0)];
}

function townshipRow(i: number, t: TownshipSummary, keys: readonly ClassKey[]): CellValue[] {
  return [i, t.name, ...townshipCounts(t, keys), t.remainingPoor, t.ruralPopulation, t.incidenceNow, t.incidenceAfter, t.villages, t.preExitVillages];
}

/**
 * The 合计 row, as numbers rather than formulas so that readers that do not recalculate
 * (openpyxl, previewers, the web) see the same figures as Excel. Incidence is recomputed from
 * the totals (not averaged); after exit, it is the population-weighted mean of the townships'
 * own figures, which is exactly the county-wide ratio whatever the engine's formula.
 */
export function townshipTotalRow(townships: readonly TownshipSummary[], keys: readonly ClassKey[]): CellValue[] {
  const households: Record<string, number> = {};
  const people: Record<string, number> = {};
  for (const t of townships) {
    for (const k of keys) {
      households[k.code] = (households[k.code] ?? 0) + (t.households[k.code] ?? 0);
      people[k.code] = (people[k.code] ?? 0) + (t.people[k.code] ?? 0);
    }
  }
  const sum = (f: (t: TownshipSummary) => number) => townships.reduce((s, t) => s + f(t), 0);
  const rural = sum((t) => t.ruralPopulation);
  const remaining = sum((t) => t.remainingPoor);
  const now = rural > 0 ? remaining / rural : null;
  const withPeople = townships.filter((t) => t.ruralPopulation > 0);
  const after =
    rural > 0 && withPeople.every((t) => t.incidenceAfter !== null)
      ? withPeople.reduce((s, t) => s + (t.incidenceAfter ?? 0) * t.ruralPopulation, 0) / rural
      : null;
  return ['合计', '', ...townshipCounts({ households, people }, keys), remaining, rural, now, after, sum((t) => t.villages), sum((t) => t.preExitVillages)];
}

// ------------------------------------------------------------------------------ county

const COUNTY_COLUMNS: ColumnSpec[] = [
  { header: '项目', kind: 'text', maxWidth: 30 },
  { header: '数值', kind: 'count', width: 14 },
  { header: '标准', kind: 'text', width: 16 },
  { header: '结论', kind: 'center', width: 10 },
  { header: '说明', kind: 'wrap', maxWidth: 60 },
];

const COMPARISON_WORDS: Record<Criterion['comparison'], string> = { '<': '低于', '<=': '不高于', '>=': '不低于' };

/** Criteria thresholds in the rulebook are rates (0..1); a threshold above 1 is read as a count. */
function criterionIsRate(c: Criterion): boolean {
  return c.threshold <= 1;
}

function criterionStandard(c: Criterion): string {
  const t = criterionIsRate(c) ? `${(c.threshold * 100).toFixed(2)}%` : c.threshold.toLocaleString('en-US');
  return `${COMPARISON_WORDS[c.comparison]}${t}`;
}

function verdict(met: boolean | null, yes: string, no: string): string {
  return met === null ? '待核查' : met ? yes : no;
}

interface CountyRow {
  values: CellValue[];
  kinds?: (ColumnKind | undefined)[];
}

function countyRows(c: CountyAssessment, keys: readonly ClassKey[]): CountyRow[] {
  const count = (label: string, value: number | null, note = ''): CountyRow => ({ values: [label, value, '', '', note] });
  const rate = (label: string, value: number | null, note = ''): CountyRow => ({ values: [label, value, '', '', note], kinds: [undefined, 'percent'] });
  const rows: CountyRow[] = [
    count('农村户籍人口', c.ruralPopulation),
    count('建档立卡贫困人口', c.registeredPoor),
    count('未脱贫人口', c.remainingPoor),
    count('筛查范围内户数', c.inScopeHouseholds),
    count('筛查范围内人数', c.inScopePeople),
  ];
  for (const k of keys) {
    rows.push(count(`${k.label}户数`, c.households[k.code] ?? 0), count(`${k.label}人数`, c.people[k.code] ?? 0));
  }
  rows.push(
    rate('贫困发生率（现）', c.incidenceNow),
    rate('贫困发生率（退出后）', c.incidenceAfter),
    count('贫困村数', c.poorVillages),
    count('已退出贫困村数', c.poorVillagesExited),
    count('预退出贫困村数', c.poorVillagesPreExit),
  );
  for (const cr of c.criteria) {
    rows.push({
      values: [cr.label, cr.value, criterionStandard(cr), verdict(cr.met, '达到', '未达到'), cr.note ?? ''],
      kinds: [undefined, criterionIsRate(cr) ? 'percent' : 'count'],
    });
  }
  rows.push({ values: ['是否具备退出条件', null, '', verdict(c.ready, '具备', '不具备'), ''] });
  c.blockers.forEach((b, i) => rows.push({ values: [`待解决问题${i + 1}`, null, '', '', b] }));
  return rows;
}

// ------------------------------------------------------------------------------ the workbook

function pageTexts(input: LedgerInput): Pick<SheetSpec, 'pageHeaderLeft' | 'pageHeaderRight' | 'pageFooterRight'> {
  return {
    pageHeaderLeft: `执行标准：${input.rulebook.name}`,
    pageHeaderRight: `测算基准日：${input.referenceDate}`,
    pageFooterRight: `生成时间：${input.generatedAt}`,
  };
}

function writeSheet(wb: StreamWorkbook, spec: SheetSpec, rows: readonly CellValue[][], total?: CellValue[]): WrittenSheet {
  const sheet = openSheet(wb, spec, total ? [...rows, total] : rows);
  for (const r of rows) sheet.addRow(r);
  if (total) sheet.addRow(total, 'total');
  sheet.commit();
  return { name: sheet.name, rows: sheet.rowCount };
}

function setProperties(wb: StreamWorkbook, title: string, generatedAt: string): void {
  wb.creator = 'tuopin';
  wb.title = title;
  const when = new Date(generatedAt);
  // The file's own dates follow the export, not the clock, so the same input gives the same file.
  if (!Number.isNaN(when.getTime())) {
    wb.created = when;
    wb.modified = when;
  }
}

export async function writeLedgers(path: string, input: LedgerInput, opts: WriteOptions = {}): Promise<WriteResult> {
  const { rulebook, countyName } = input;
  const m = masker(opts.mask ?? DEFAULT_MASK);
  const year = rulebook.year;
  const names = ledgerSheetNames(rulebook);
  const page = pageTexts(input);

  const classIndex = new Map<string, number>(rulebook.classes.map((c, i) => [c.code, i]));
  const groups: LedgerHousehold[][] = rulebook.classes.map(() => []);
  const outOfScope: LedgerHousehold[] = [];
  for (const h of input.households) {
    if (h.class === OUT_OF_SCOPE) {
      outOfScope.push(h);
      continue;
    }
    const i = classIndex.get(h.class);
    // A household in a class the rulebook does not define would silently vanish from every sheet.
    if (i === undefined) throw new LedgerError(`户 ${h.householdId} 的类别“${h.class}”不在规则库“${rulebook.id}”的类别中`);
    groups[i]!.push(h);
  }

  const wb = openWorkbook(path);
  setProperties(wb, `${countyName}${year}年贫困户退出筛查台账`, input.generatedAt);
  const sheets: WrittenSheet[] = [];

  const vetos = vetoColumns(rulebook);
  const cColumns = classColumns(vetos);
  const labelOf = labelsFrom(vetos);
  rulebook.classes.forEach((cls, ci) => {
    const rows = groups[ci]!.sort(byVillageThenId).map((h, i) => classRow(i + 1, h, vetos, m, labelOf));
    sheets.push(writeSheet(wb, { name: names[ci]!, title: `${countyName}${year}年贫困户退出筛查${cls.label}台账`, columns: cColumns, ...page }, rows));
  });

  const k = rulebook.classes.length;
  const oosRows = outOfScope.sort(byVillageThenId).map((h, i) => [...identityValues(i + 1, h, m), h.scopeReason ?? '']);
  sheets.push(writeSheet(wb, { name: names[k]!, title: `${countyName}${year}年不在筛查范围贫困户台账`, columns: OUT_OF_SCOPE_COLUMNS, ...page }, oosRows));

  const villages = [...input.villages].sort((a, b) =>
    (a.townshipCode ?? '') !== (b.townshipCode ?? '')
      ? (a.townshipCode ?? '') < (b.townshipCode ?? '')
        ? -1
        : 1
      : a.code < b.code
        ? -1
        : a.code > b.code
          ? 1
          : 0,
  );
  sheets.push(
    writeSheet(
      wb,
      { name: names[k + 1]!, title: `${countyName}${year}年贫困村退出测算表`, columns: villageColumns(rulebook), ...page },
      villages.map((v, i) => villageRow(i + 1, v, rulebook)),
    ),
  );

  const keys = classKeys(rulebook);
  const townships = [...input.townships].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  sheets.push(
    writeSheet(
      wb,
      { name: names[k + 2]!, title: `${countyName}${year}年脱贫退出乡镇汇总表`, columns: townshipColumns(keys), ...page },
      townships.map((t, i) => townshipRow(i + 1, t, keys)),
      townshipTotalRow(townships, keys),
    ),
  );

  const cRows = countyRows(input.county, keys);
  const county = openSheet(
    wb,
    { name: names[k + 3]!, title: `${countyName}${year}年贫困县退出测算表`, columns: COUNTY_COLUMNS, ...page },
    cRows.map((r) => r.values),
  );
  for (const r of cRows) county.addRow(r.values, 'normal', r.kinds);
  county.commit();
  sheets.push({ name: county.name, rows: county.rowCount });

  await wb.commit();
  return { sheets };
}
