/**
 * Reading an outside list: find the sheet and its header row by the kind's column profile, read
 * every row into typed values, and report every problem with sheet, row, column and value (the
 * roster's issue record, so the same formatting and error workbook serve both). A list with any
 * error is rejected: the caller stores nothing of it.
 *
 * The readers are the roster's (xlsx, CSV in UTF-8 or GBK via readWorkbook; cell readers from
 * roster/values.ts); only the profile differs.
 */
import { parseIdNumber } from '../../domain/idNumber.js';
import type { LinkPerson } from '../../domain/linkage/link.js';
import type { RosterIssue } from '../roster/errors.js';
import { cellText } from '../roster/errors.js';
import { HEADER_SCAN_ROWS, MIN_HEADER_SCORE, displayText } from '../roster/header.js';
import { headerSimilarity, normalizeHeader } from '../roster/profile.js';
import { readBool, readDate, readDisabilityGrade, readInt, readKey, readMonths, readNumber, readText, readVillageCode, readYear } from '../roster/values.js';
import { columnLetter } from '../sheets/columns.js';
import type { CellValue, Sheet, SheetRow, Workbook } from '../sheets/types.js';
import { LIST_PROFILES } from './profiles.js';
import type { ListColumn, ListKind, ListProfile } from './profiles.js';

export type ListValue = string | number | boolean | null;

export interface ListRow {
  sheet: string;
  /** 1-based row as Excel shows it. */
  row: number;
  /** Column key -> typed value (ID numbers raw, as the cell held them). */
  values: Record<string, ListValue>;
  /** The person fields the linkage compares. */
  person: LinkPerson;
}

export interface ListParse {
  kind: ListKind;
  profile: ListProfile;
  sheet: string | null;
  headerRow: number | null;
  /** Column key -> the header text it was found under. */
  columns: Record<string, { letter: string; header: string }>;
  rows: ListRow[];
  issues: RosterIssue[];
  /** True when any issue is an error: nothing of the list may be stored. */
  rejected: boolean;
}

interface Header {
  row: number;
  cols: { col: number; letter: string; header: string; column: ListColumn }[];
  unknown: string[];
  score: number;
}

function lookupFor(profile: ListProfile): Map<string, ListColumn> {
  const map = new Map<string, ListColumn>();
  for (const col of profile.columns) {
    for (const text of [col.label, ...col.synonyms]) {
      const key = normalizeHeader(text);
      const existing = map.get(key);
      if (existing && existing !== col) throw new Error(`list profile ${profile.kind}: header “${text}” is claimed by ${existing.key} and ${col.key}`);
      map.set(key, col);
    }
  }
  return map;
}

const LOOKUPS = new Map<ListKind, Map<string, ListColumn>>();
function lookup(profile: ListProfile): Map<string, ListColumn> {
  let m = LOOKUPS.get(profile.kind);
  if (!m) LOOKUPS.set(profile.kind, (m = lookupFor(profile)));
  return m;
}

/** The column a header names in this kind of list, or null. */
export function matchListHeader(profile: ListProfile, text: string): ListColumn | null {
  return lookup(profile).get(normalizeHeader(text)) ?? null;
}

function detect(rows: readonly SheetRow[], profile: ListProfile): Header | null {
  let best: Header | null = null;
  for (const r of rows.slice(0, HEADER_SCAN_ROWS)) {
    const cols: Header['cols'] = [];
    const unknown: string[] = [];
    const keys = new Set<string>();
    r.cells.forEach((v, i) => {
      const text = displayText(v);
      if (text === '') return;
      const column = matchListHeader(profile, text);
      if (column) {
        cols.push({ col: i, letter: columnLetter(i), header: text, column });
        keys.add(column.key);
      } else {
        unknown.push(text);
      }
    });
    if (keys.size >= MIN_HEADER_SCORE && (!best || keys.size > best.score)) best = { row: r.row, cols, unknown, score: keys.size };
  }
  return best;
}

function issue(
  sheet: string,
  row: number | null,
  column: string | null,
  header: string | null,
  value: string | null,
  code: string,
  message: string,
  severity: 'error' | 'warning' = 'error',
): RosterIssue {
  return { severity, sheet, row, column, header, value, message, code };
}

const ADVICE: Partial<Record<ListColumn['kind'], string>> = {
  date: '应填日期，如 2018-09-01、2018/9/1、20180901 或 2018年9月1日',
  year: '应填四位年份，如 2018',
  bool: '应填“是”或“否”（也可填 √/×、有/无、1/0）',
  number: '应填不小于0的数字',
  int: '应填不小于0的整数',
  months: '应填0—12之间的月数',
  villageCode: '应为12位行政区划代码',
  disabilityGrade: '应填残疾等级1—4级，如“一级”或“2级”',
  key: '应为编号文本；超过15位的编号请先把该列设为“文本”格式再录入',
};

type Reader = (v: CellValue) => ListValue | undefined;

function readerFor(col: ListColumn): Reader {
  switch (col.kind) {
    case 'idNumber':
      return (v) => (v === null || (typeof v === 'string' && v.trim() === '') ? null : typeof v === 'boolean' ? undefined : v);
    case 'name':
      return (v) => {
        const t = readText(v);
        return t === null ? null : t.replace(/[\s\u3000]+/gu, '');
      };
    case 'text':
      return readText;
    case 'key':
      return readKey;
    case 'date':
      return readDate;
    case 'year':
      return readYear;
    case 'bool':
      return readBool;
    case 'number':
      return readNumber;
    case 'int':
      return readInt;
    case 'months':
      return readMonths;
    case 'villageCode':
      return readVillageCode;
    case 'disabilityGrade':
      return readDisabilityGrade;
    case 'enum': {
      const table = new Map<string, string>();
      for (const [k, v] of Object.entries(col.values ?? {})) table.set(canonical(k), v);
      return (v) => {
        const t = readText(v);
        if (t === null) return null;
        return table.get(canonical(t));
      };
    }
  }
}

function canonical(text: string): string {
  return text
    .replace(/[\uff01-\uff5e]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/gu, '')
    .toUpperCase();
}

function choices(col: ListColumn): string {
  const words = Object.keys(col.values ?? {}).filter((w) => !/^[0-9]+$/u.test(w) || col.kind === 'enum');
  const shown = words.slice(0, 8).join('、');
  return words.length > 8 ? `${shown}等` : shown;
}

/** Reads a workbook as a list of the given kind. */
export function parseList(wb: Workbook, kind: ListKind): ListParse {
  const profile = LIST_PROFILES[kind];
  const issues: RosterIssue[] = [];
  const result = (sheet: string | null, headerRow: number | null, columns: ListParse['columns'], rows: ListRow[]): ListParse => ({
    kind,
    profile,
    sheet,
    headerRow,
    columns,
    rows,
    issues,
    rejected: issues.some((i) => i.severity === 'error'),
  });

  // The sheet whose header names most of the profile's columns.
  let chosen: { sheet: Sheet; header: Header } | null = null;
  for (const sheet of wb.sheets) {
    if (sheet.hidden) continue;
    const head: SheetRow[] = [];
    for (const r of sheet.rows()) {
      head.push(r);
      if (head.length >= HEADER_SCAN_ROWS) break;
    }
    const header = detect(head, profile);
    if (header && (!chosen || header.score > chosen.header.score)) chosen = { sheet, header };
  }
  const firstName = wb.sheets[0]?.name ?? '';
  if (!chosen) {
    issues.push(
      issue(
        firstName,
        null,
        null,
        null,
        null,
        'no-header',
        `没有找到“${profile.label}”的表头：前${HEADER_SCAN_ROWS}行中没有一行包含至少${MIN_HEADER_SCORE}个可识别的列名（如“姓名”“身份证号”）。请确认选择的名单类型正确。`,
      ),
    );
    return result(null, null, {}, []);
  }
  const { sheet, header } = chosen;

  // One column per field: a second column with the same meaning is reported and ignored.
  const byKey = new Map<string, Header['cols'][number]>();
  for (const col of header.cols) {
    const first = byKey.get(col.column.key);
    if (first) {
      issues.push(
        issue(sheet.name, header.row, col.letter, col.header, null, 'duplicate-column', `与${first.letter}列“${first.header}”是同一项，本列不读取`, 'warning'),
      );
      continue;
    }
    byKey.set(col.column.key, col);
  }
  for (const col of profile.columns) {
    if (col.required && !byKey.has(col.key)) {
      const near = nearest(header.unknown, col);
      issues.push(
        issue(
          sheet.name,
          header.row,
          null,
          col.label,
          null,
          'missing-column',
          `缺少必需的列“${col.label}”${near ? `（表中有“${near}”，是否指这一列？请改为“${col.label}”）` : ''}`,
        ),
      );
    }
  }
  for (const group of profile.requireOneOf) {
    if (!group.some((k) => byKey.has(k))) {
      const labels = group.map((k) => `“${profile.columns.find((c) => c.key === k)?.label ?? k}”`).join('或');
      issues.push(issue(sheet.name, header.row, null, null, null, 'missing-column', `缺少${labels}列，无法与建档立卡人员比对`));
    }
  }
  const columns: ListParse['columns'] = {};
  for (const [k, v] of byKey) columns[k] = { letter: v.letter, header: v.header };
  if (issues.some((i) => i.severity === 'error')) return result(sheet.name, header.row, columns, []);

  const readers = [...byKey.values()].map((h) => ({ ...h, read: readerFor(h.column) }));
  const rows: ListRow[] = [];
  for (const r of sheet.rows()) {
    if (r.row <= header.row) continue;
    if (r.cells.every((v) => v === null || (typeof v === 'string' && v.trim() === ''))) continue;
    const values: Record<string, ListValue> = {};
    for (const h of readers) {
      const raw = r.cells[h.col] ?? null;
      const v = h.read(raw);
      if (v === undefined) {
        const advice = h.column.kind === 'enum' ? `应为${choices(h.column)}之一` : (ADVICE[h.column.kind] ?? '无法识别');
        issues.push(issue(sheet.name, r.row, h.letter, h.header, cellText(raw), 'bad-value', `“${h.column.label}”无法识别：${advice}`));
        values[h.column.key] = null;
      } else {
        values[h.column.key] = v;
      }
    }
    const name = typeof values.name === 'string' ? values.name : null;
    const idRaw = values.idNumber ?? null;
    if (name === null && idRaw === null) {
      issues.push(issue(sheet.name, r.row, null, null, null, 'no-person', '本行既没有姓名也没有身份证号，无法比对；请补全或删除该行'));
      continue;
    }
    if (idRaw !== null) {
      const id = parseIdNumber(idRaw);
      // A wrong ID number does not reject the list: the row is still matched by name and birth date.
      if (!id.ok)
        issues.push(
          issue(
            sheet.name,
            r.row,
            byKey.get('idNumber')!.letter,
            byKey.get('idNumber')!.header,
            cellText(idRaw as CellValue),
            `id-${id.problem}`,
            `${id.message}；本行将按姓名、出生日期等比对`,
            'warning',
          ),
        );
    }
    rows.push({
      sheet: sheet.name,
      row: r.row,
      values,
      person: {
        name,
        idNumber: idRaw,
        sex: values.sex === 'M' || values.sex === 'F' ? values.sex : null,
        birthDate: typeof values.birthDate === 'string' ? values.birthDate : null,
        villageCode: typeof values.villageCode === 'string' ? values.villageCode : null,
        relation: typeof values.relation === 'string' ? values.relation : null,
        township: typeof values.township === 'string' ? values.township : null,
        village: typeof values.village === 'string' ? values.village : null,
      },
    });
  }
  if (rows.length === 0 && !issues.some((i) => i.severity === 'error')) {
    issues.push(issue(sheet.name, null, null, null, null, 'no-rows', `表头（第${header.row}行）下面没有任何数据行`));
  }
  return result(sheet.name, header.row, columns, rows);
}

function nearest(unknown: readonly string[], col: ListColumn): string | null {
  let best: string | null = null;
  let score = 0.5;
  for (const text of unknown) {
    for (const name of [col.label, ...col.synonyms]) {
      const s = headerSimilarity(normalizeHeader(text), normalizeHeader(name));
      if (s >= score && (best === null || s > score)) {
        score = s;
        best = text;
      }
    }
  }
  return best;
}
