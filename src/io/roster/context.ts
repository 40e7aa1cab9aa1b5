// What every part of the roster parser shares: the sheets read so far, the issues found, and
// typed field bindings (a column bound to a field, read into a record keyed by field).
import type { CellValue, Sheet, SheetRow } from '../sheets/types.js';
import { KIND_ADVICE, cellText } from './errors.js';
import type { RosterIssue } from './errors.js';
import type { HeaderColumn, HeaderInfo } from './header.js';
import { STRICT_ENUMS, enumChoices } from './enums.js';
import { FIELDS, field, headerSimilarity, normalizeHeader } from './profile.js';
import type { FieldDef } from './profile.js';
import type { RowRef } from './rows.js';
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

export interface SheetState {
  index: number;
  sheet: Sheet;
  name: string;
  role: SheetRole;
  header: HeaderInfo | null;
  /** First column bound to each field. */
  cols: Map<string, HeaderColumn>;
  summary: SheetSummary;
}

// ------------------------------------------------------------------ typed field bindings

/** A cell reader per field of a record type T, keyed by the profile's field key. */
export type FieldReaders<T> = { readonly [K in keyof T]-?: Reader<NonNullable<T[K]>> };

/** What became of a cell offered to a record. */
export const Take = { Empty: 0, Bad: 1, Set: 2, Same: 3, Conflict: 4 } as const;
export type Take = (typeof Take)[keyof typeof Take];

/** A column bound to one field of the record type T. */
export interface BoundField<T> {
  readonly key: keyof T & string;
  readonly col: number;
  readonly column: HeaderColumn;
  readonly def: FieldDef;
  /** Reads the cell into `into`, replacing what was there. */
  take(cell: CellValue, into: Partial<T>): Take;
  /** Reads the cell into `into` unless it holds a value already; then says whether the two agree. */
  offer(cell: CellValue, into: Partial<T>): Take;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function bindField<T, K extends keyof T & string>(key: K, read: Reader<NonNullable<T[K]>>, column: HeaderColumn): BoundField<T> {
  const def = field(key);
  return {
    key,
    col: column.col,
    column,
    def,
    take(cell, into) {
      const p = read(cell);
      if (p === null) return Take.Empty;
      if (p === undefined) return Take.Bad;
      into[key] = p;
      return Take.Set;
    },
    offer(cell, into) {
      const p = read(cell);
      if (p === null) return Take.Empty;
      if (p === undefined) return Take.Bad;
      const prev = into[key];
      if (prev === undefined) {
        into[key] = p;
        return Take.Set;
      }
      return sameValue(prev, p) ? Take.Same : Take.Conflict;
    },
  };
}

function isField<T>(readers: FieldReaders<T>, key: string): key is keyof T & string {
  return Object.hasOwn(readers, key);
}

/** The sheet's columns that name a field of `readers`, bound to their readers. */
export function bindFields<T>(st: SheetState, readers: FieldReaders<T>): BoundField<T>[] {
  const out: BoundField<T>[] = [];
  for (const [key, column] of st.cols) if (isField(readers, key)) out.push(bindField<T, typeof key>(key, readers[key], column));
  return out;
}

/** The field keys `readers` covers, for checks against the profile. */
export function fieldKeys<T>(readers: FieldReaders<T>): ReadonlySet<string> {
  return new Set(Object.keys(readers));
}

/**
 * The profile decides which columns a part of the parser reads; its reader table must cover
 * exactly those, or a column would be recognised and then silently dropped.
 */
export function assertCovers<T>(readers: FieldReaders<T>, part: string, wanted: (d: FieldDef) => boolean): void {
  const keys = fieldKeys(readers);
  for (const d of FIELDS) {
    if (wanted(d) !== keys.has(d.key)) throw new Error(`roster ${part} fields out of step with the profile: ${d.key}`);
  }
}

// ------------------------------------------------------------------ the shared context

export class ParseContext {
  readonly issues: RosterIssue[] = [];
  readonly sheets: SheetState[] = [];
  readonly unknownColumns: ColumnRef[] = [];
  readonly ignoredColumns: ColumnRef[] = [];

  push(
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

  placeOf(ref: RowRef, current: number): string {
    return ref.sheet === current ? `第${ref.row}行` : `工作表“${this.sheets[ref.sheet]!.name}”第${ref.row}行`;
  }

  colIn(sheet: number, key: string): HeaderColumn | null {
    return this.sheets[sheet]!.cols.get(key) ?? null;
  }

  /**
   * Reads the bound cells of a row into a record of T; a cell that cannot be read is reported
   * (ok = false).
   */
  readRecord<T>(st: SheetState, r: SheetRow, bindings: readonly BoundField<T>[]): { values: Partial<T>; ok: boolean } {
    const values: Partial<T> = {};
    let ok = true;
    for (const b of bindings) {
      const v = r.cells[b.col];
      if (v === null || v === undefined) continue;
      if (b.take(v, values) === Take.Bad) {
        this.badValue(st, r.row, b, v);
        ok = false;
      }
    }
    return { values, ok };
  }

  /** Reports a cell its column cannot accept. */
  badValue(st: SheetState, row: number, b: { def: FieldDef; column: HeaderColumn }, v: CellValue): void {
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
      this.warn(
        'unknown-enum',
        st.index,
        row,
        b.column,
        v,
        `“${text}”中有不可识别的致贫原因，可填：${enumChoices('cause')}，多个用“、”分隔。已按未填处理，请核实`,
      );
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

  /** Reports a required column missing from the sheet, naming the nearest header seen. */
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
    const hint =
      nearest && best >= 0.5
        ? `表头中最接近的是${nearest.letter}列“${nearest.header}”，如果就是这一列，请把列名改为“${names[0]}”`
        : `请在表头（第${header.headerRow}行）加上这一列`;
    this.error(
      'missing-column',
      st.index,
      header.headerRow,
      nearest && best >= 0.5 ? nearest : null,
      null,
      `缺少必需的列${what}（${ROLE_LABELS[st.role]}需要它）：${hint}。可用的列名见《花名册列说明》`,
    );
  }
}
