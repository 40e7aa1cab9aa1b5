/**
 * Project library workbook (项目库) -> projects, with every problem found (sheet, row, column,
 * value), in the roster's report style (RosterIssue, formatIssues). One sheet of project rows;
 * the header row is the first of the first rows naming 项目名称; columns are found by header text.
 * Fund source columns are the rulebook's source labels (with or without “（元）”), amounts in
 * yuan; places are village codes or names, several separated by 、 or commas. Anything wrong is an
 * error: the caller stores nothing unless the list is empty.
 */
import { yuanToFen, type Project, type ProjectSettings } from '../../domain/projects.js';
import type { Region } from '../../domain/types.js';
import { columnLetter } from '../sheets/columns.js';
import type { CellValue, Workbook } from '../sheets/types.js';
import { cellText, type RosterIssue } from '../roster/errors.js';
import { readAmount, readDate, readInt, readKey, readText, readYear } from '../roster/values.js';

type Field =
  | 'id'
  | 'name'
  | 'type'
  | 'year'
  | 'status'
  | 'township'
  | 'villages'
  | 'content'
  | 'startDate'
  | 'endDate'
  | 'implementer'
  | 'responsibleName'
  | 'responsibleUnit'
  | 'sector'
  | 'tenderMethod'
  | 'tenderWinner'
  | 'contract'
  | 'qualityTarget'
  | 'benefitHouseholds'
  | 'benefitPeople'
  | 'incomeGain'
  | 'households';

/** Header texts per field (the first is the template's). */
export const PROJECT_COLUMNS: Readonly<Record<Field, readonly string[]>> = {
  id: ['项目编号', '编号'],
  name: ['项目名称'],
  type: ['项目类型', '类型'],
  year: ['年度', '项目年度', '实施年度'],
  status: ['项目状态', '状态'],
  township: ['乡镇'],
  villages: ['实施地点', '行政村', '覆盖村', '建设地点'],
  content: ['建设内容', '建设内容及规模', '项目内容'],
  startDate: ['开工日期', '计划开工日期'],
  endDate: ['完工日期', '计划完工日期'],
  implementer: ['实施单位', '项目实施单位'],
  responsibleName: ['责任人', '项目责任人'],
  responsibleUnit: ['责任单位', '主管单位'],
  sector: ['负责行业', '行业部门'],
  tenderMethod: ['招标方式', '招投标方式'],
  tenderWinner: ['中标单位'],
  contract: ['合同金额（元）', '合同金额'],
  qualityTarget: ['质量目标', '绩效目标'],
  benefitHouseholds: ['受益户数', '受益贫困户数'],
  benefitPeople: ['受益人数', '受益贫困人口数'],
  incomeGain: ['户均增收（元）', '户均增收'],
  households: ['受益户编号', '到户户编号'],
};
const REQUIRED: readonly Field[] = ['name', 'type', 'year', 'villages', 'content'];
const HEADER_SCAN = 20;

const norm = (s: string) =>
  s
    .replace(/[\s\u3000]/gu, '')
    .replace(/\(/gu, '（')
    .replace(/\)/gu, '）');

export interface ProjectParse {
  projects: Project[];
  issues: RosterIssue[];
  /** The sheet read and its data rows. */
  sheet: string | null;
  rows: number;
  /** The sheet row of each project, for problems found later (against the store). */
  rowOf: Map<string, number>;
}

/** Ids of projects given no 项目编号: `XM<year>-<nnnn>` in file order, after the ids already used. */
export type IdSource = (year: number) => string;

export function parseProjectLibrary(wb: Workbook, settings: ProjectSettings, regions: readonly Region[], nextId: IdSource): ProjectParse {
  const issues: RosterIssue[] = [];
  const issue = (sheet: string, row: number | null, col: number | null, header: string | null, value: CellValue | undefined, code: string, message: string) =>
    issues.push({ severity: 'error', sheet, row, column: col === null ? null : columnLetter(col), header, value: cellText(value ?? null), message, code });

  const typeByLabel = new Map(
    Object.entries(settings.types).flatMap(
      ([c, l]) =>
        [
          [norm(l), c],
          [norm(c), c],
        ] as [string, string][],
    ),
  );
  const statusByLabel = new Map(
    settings.statuses.flatMap(
      (s) =>
        [
          [norm(s.label), s.code],
          [norm(s.code), s.code],
        ] as [string, string][],
    ),
  );
  const villages = regions.filter((r) => r.level === 'village');
  const byCode = new Map(villages.map((v) => [v.code, v]));
  const townshipName = new Map(regions.filter((r) => r.level === 'township').map((r) => [r.code, r.name]));
  const county = regions.find((r) => r.level === 'county')?.code ?? null;

  for (const sheet of wb.sheets) {
    if (sheet.hidden) continue;
    const all = [...sheet.rows()];
    const headerRow = all.slice(0, HEADER_SCAN).find((r) => r.cells.some((c) => typeof c === 'string' && PROJECT_COLUMNS.name.includes(norm(c))));
    if (headerRow === undefined) continue;
    const headers = headerRow.cells.map((c) => (typeof c === 'string' ? norm(c) : ''));
    const col = new Map<Field, number>();
    const sourceCols = new Map<number, string>();
    const sourceByHeader = new Map(
      Object.entries(settings.fundSources).flatMap(
        ([code, label]) =>
          [
            [norm(label), code],
            [norm(`${label}（元）`), code],
          ] as [string, string][],
      ),
    );
    headers.forEach((h, i) => {
      if (h === '') return;
      for (const [f, names] of Object.entries(PROJECT_COLUMNS) as [Field, readonly string[]][])
        if (names.some((n) => norm(n) === h) && !col.has(f)) col.set(f, i);
      const src = sourceByHeader.get(h);
      if (src !== undefined) sourceCols.set(i, src);
    });
    const missing = REQUIRED.filter((f) => !col.has(f));
    for (const f of missing)
      issue(sheet.name, headerRow.row, null, PROJECT_COLUMNS[f][0]!, null, 'missing-column', `缺少“${PROJECT_COLUMNS[f][0]}”列，请按项目库模板填写表头`);
    if (sourceCols.size === 0)
      issue(
        sheet.name,
        headerRow.row,
        null,
        null,
        null,
        'missing-fund-columns',
        `没有资金来源列：表头应为资金来源名称，如“${Object.values(settings.fundSources)[0] ?? ''}（元）”`,
      );
    if (missing.length > 0) return { projects: [], issues, sheet: sheet.name, rows: 0, rowOf: new Map() };

    const projects: Project[] = [];
    const seen = new Map<string, number>();
    let rows = 0;
    for (const r of all) {
      if (r.row <= headerRow.row) continue;
      if (r.cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))) continue;
      rows += 1;
      const before = issues.length;
      const cell = (f: Field): CellValue => {
        const i = col.get(f);
        return i === undefined ? null : (r.cells[i] ?? null);
      };
      const bad = (f: Field, code: string, message: string) => issue(sheet.name, r.row, col.get(f) ?? null, PROJECT_COLUMNS[f][0]!, cell(f), code, message);
      const text = (f: Field, max: number): string | null => {
        const t = readText(cell(f));
        if (t !== null && t.length > max) bad(f, 'too-long', `不超过 ${max} 个字`);
        return t;
      };
      const need = (f: Field, max: number): string => {
        const t = text(f, max);
        if (t === null) bad(f, 'required', '必填，不能为空');
        return t ?? '';
      };
      const int = (f: Field): number | null => {
        const n = readInt(cell(f));
        if (n === undefined) bad(f, 'not-int', '应填不小于0的整数');
        return n ?? null;
      };
      const money = (i: number, header: string): number | null => {
        const v = r.cells[i] ?? null;
        const n = readAmount(v);
        if (n === null) return null;
        if (n === undefined || n < 0) {
          issue(sheet.name, r.row, i, header, v, 'not-amount', '应填不小于0的金额（元），可带两位小数');
          return null;
        }
        try {
          return yuanToFen(n);
        } catch (e) {
          issue(sheet.name, r.row, i, header, v, 'not-amount', e instanceof Error ? e.message : String(e));
          return null;
        }
      };
      const date = (f: Field): string | null => {
        const d = readDate(cell(f));
        if (d === undefined) bad(f, 'not-date', '应填日期，如 2018-03-01、2018/3/1 或 2018年3月1日');
        return d ?? null;
      };

      const name = need('name', 100);
      const typeText = need('type', 40);
      const type = typeText === '' ? '' : (typeByLabel.get(norm(typeText)) ?? null);
      if (type === null) bad('type', 'unknown-type', `项目类型应为：${Object.values(settings.types).join('、')}`);
      const year = readYear(cell('year'));
      if (year === null) bad('year', 'required', '必填，应填四位年份，如 2018');
      else if (year === undefined) bad('year', 'not-year', '应填四位年份，如 2018');
      const statusText = text('status', 20);
      const status = statusText === null ? settings.statuses[0]!.code : (statusByLabel.get(norm(statusText)) ?? null);
      if (status === null) bad('status', 'unknown-status', `项目状态应为：${settings.statuses.map((s) => s.label).join('、')}`);
      const content = need('content', 1000);
      const town = text('township', 40);
      const placeText = need('villages', 2000);
      const places: string[] = [];
      for (const part of placeText.split(/[、,，;；\s]+/u).filter((x) => x !== '')) {
        const found = byCode.get(part) ?? villages.filter((v) => v.name === part && (town === null || townshipName.get(v.parentCode ?? '') === town));
        if (!Array.isArray(found)) places.push(found.code);
        else if (found.length === 1) places.push(found[0]!.code);
        else if (found.length === 0) bad('villages', 'unknown-village', `“${part}”不是本县的行政村（可填12位行政区划代码或村名）`);
        else bad('villages', 'ambiguous-village', `“${part}”有 ${found.length} 个同名村，请填“乡镇”列或改填12位行政区划代码`);
      }
      const households: string[] = [];
      const hh = text('households', 200_000);
      if (hh !== null) for (const part of hh.split(/[、,，;；\s]+/u).filter((x) => x !== '')) households.push(readKey(part) ?? part);
      let id = readKey(cell('id'));
      if (id === undefined) bad('id', 'bad-id', '项目编号应为文本');
      if (typeof id === 'string') {
        const dup = seen.get(id);
        if (dup !== undefined) bad('id', 'duplicate-project', `项目编号与第${dup}行重复`);
        else seen.set(id, r.row);
      }
      const startDate = date('startDate');
      const endDate = date('endDate');
      if (startDate !== null && endDate !== null && endDate < startDate) bad('endDate', 'end-before-start', `完工日期早于开工日期 ${startDate}`);
      const fundSources: Record<string, number> = {};
      for (const [i, src] of sourceCols) {
        const fen = money(i, headerRow.cells[i] as string);
        if (fen !== null && fen > 0) fundSources[src] = (fundSources[src] ?? 0) + fen;
      }
      const contractI = col.get('contract');
      const contractFen = contractI === undefined ? null : money(contractI, PROJECT_COLUMNS.contract[0]!);
      const incomeI = col.get('incomeGain');
      const incomeGainFen = incomeI === undefined ? null : money(incomeI, PROJECT_COLUMNS.incomeGain[0]!);
      const benefitHouseholds = int('benefitHouseholds');
      const benefitPeople = int('benefitPeople');
      const more = {
        implementer: text('implementer', 100),
        responsibleName: text('responsibleName', 40),
        responsibleUnit: text('responsibleUnit', 100),
        sector: text('sector', 20),
        tenderMethod: text('tenderMethod', 40),
        tenderWinner: text('tenderWinner', 100),
        qualityTarget: text('qualityTarget', 500),
      };
      if (issues.length > before || year === null || year === undefined || type === null || status === null) continue;
      if (id === null || id === undefined) {
        id = nextId(year);
        seen.set(id, r.row);
      }
      projects.push({
        id,
        countyCode: county,
        name,
        type,
        year,
        startDate,
        endDate,
        content,
        implementer: more.implementer,
        responsibleName: more.responsibleName,
        responsibleUnit: more.responsibleUnit,
        sector: more.sector,
        tenderMethod: more.tenderMethod,
        tenderWinner: more.tenderWinner,
        contractFen,
        qualityTarget: more.qualityTarget,
        benefitHouseholds,
        benefitPeople,
        incomeGainFen,
        status,
        villages: [...new Set(places)].sort(),
        households: [...new Set(households)].sort(),
        fundSources,
      });
    }
    if (rows === 0) issue(sheet.name, null, null, null, null, 'no-rows', '表头下没有项目行');
    return { projects, issues, sheet: sheet.name, rows, rowOf: seen };
  }
  issues.push({
    severity: 'error',
    sheet: wb.sheets[0]?.name ?? '',
    row: null,
    column: null,
    header: null,
    value: null,
    code: 'no-project-sheet',
    message: '没有找到项目库工作表：表头应含“项目名称”“项目类型”“年度”“实施地点”“建设内容”',
  });
  return { projects: [], issues, sheet: null, rows: 0, rowOf: new Map() };
}
