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
 *
 * The parts: sheetRoles (header, columns, role), householdRows with householdFields and
 * memberFields (the person and household sheets), incomeSheet, villageSheet (and the region
 * tree), taskSheet, and checks (across rows and sheets). This module runs them in order.
 */
import type { Carried } from '../../domain/carried.js';
import type { Household, Member, Region, Task, IncomeForm } from '../../domain/types.js';
import { columnIndex } from '../sheets/columns.js';
import type { Sheet, SheetRow, Workbook } from '../sheets/types.js';
import { ParseContext } from './context.js';
import type { ColumnRef, SheetState, SheetSummary } from './context.js';
import type { RosterIssue } from './errors.js';
import { carriedOf } from './carried.js';
import { checkHouseholdColumns, checkHouseholdSize, checkMembership, checkRequiredValue, checkWorkbook, houseGrade } from './checks.js';
import { HOUSEHOLD_FIELD_KEYS, buildHousehold } from './householdFields.js';
import { readHouseholdRows } from './householdRows.js';
import type { HouseholdBook } from './householdRows.js';
import { IncomeForms } from './incomeSheet.js';
import type { HeaderColumn } from './header.js';
import { cellLimit } from './lengths.js';
import { field } from './profile.js';
import { DataRows } from './rows.js';
import { checkRequired, openSheet } from './sheetRoles.js';
import { Tasks } from './taskSheet.js';
import { MISSING_COUNTY, MISSING_TOWNSHIP, Villages } from './villageSheet.js';

export type { ColumnRef, SheetSummary } from './context.js';
export interface RosterParse {
  regions: Region[];
  households: Household[];
  members: Member[];
  incomes: IncomeForm[];
  tasks: Task[];
  issues: RosterIssue[];
  /** What the file's sheets and columns carry: a re-import keeps everything else as stored. */
  carried: Carried;
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

class RosterParser {
  private readonly ctx = new ParseContext();
  private readonly book: HouseholdBook = {
    drafts: new Map(),
    memberKeys: new Map(),
    idNumbers: new Map(),
    memberRowCount: 0,
    hasHouseholdSheet: false,
  };
  private readonly villages = new Villages(this.ctx);
  private readonly tasks = new Tasks(this.ctx);
  /** Household-level field keys that some household-carrying sheet has a column for. */
  private readonly householdColumnsSeen = new Set<string>();
  /** Field keys of the person sheets and of the village sheets. */
  private readonly memberColumnsSeen = new Set<string>();
  private readonly villageColumnsSeen = new Set<string>();

  constructor(private readonly opts: RosterParseOptions) {}

  parseSheet(sheet: Sheet): void {
    const ctx = this.ctx;
    const opened = openSheet(ctx, sheet);
    if (!opened) return;
    const { st, head, rest } = opened;
    const role = st.role;
    if (role === 'roster' || role === 'household' || role === 'income') {
      for (const key of st.cols.keys()) if (HOUSEHOLD_FIELD_KEYS.has(key)) this.householdColumnsSeen.add(key);
    }
    if (role === 'roster') for (const key of st.cols.keys()) this.memberColumnsSeen.add(key);
    if (role === 'village') for (const key of st.cols.keys()) this.villageColumnsSeen.add(key);
    if (!checkRequired(ctx, st)) return;

    const ignoredCols = new Set<number>();
    for (const [key, c] of st.cols) if (field(key).target === 'ignored') ignoredCols.add(c.col);
    const limited: { col: number; max: number; column: HeaderColumn }[] = [];
    for (const [key, c] of st.cols) if (!ignoredCols.has(c.col)) limited.push({ col: c.col, max: cellLimit(field(key)), column: c });
    const rows = new DataRows(head, st.header!.lastHeaderRow, rest, sheet.merges, ignoredCols, st.summary, (r) => {
      this.formulaCells(st, r);
      this.longCells(st, limited, r);
    });
    switch (role) {
      case 'roster':
      case 'household':
      case 'income':
        readHouseholdRows(ctx, this.book, st, rows);
        break;
      case 'village':
        this.villages.readSheet(st, rows);
        break;
      case 'task':
        this.tasks.readSheet(st, rows);
        break;
      default:
        break;
    }
  }

  /**
   * A formula the file holds no computed value for reads as a blank cell, and a blank would keep
   * a default or clear what is stored: in a column the import reads it is an error instead.
   */
  private formulaCells(st: SheetState, r: SheetRow): void {
    const cols = r.formulasWithoutValue;
    if (cols === undefined) return;
    for (const c of cols) {
      for (const [key, column] of st.cols) {
        if (column.col !== c) continue;
        const target = field(key).target;
        if (target === 'ignored' || target === 'incomeTotal') continue;
        this.ctx.error(
          'formula-without-value',
          st.index,
          r.row,
          column,
          null,
          `${column.header}是公式，但文件中没有保存公式的计算结果，无法知道它的值：请在 Excel/WPS 中打开文件、重新计算并保存，或把公式改为数值后再导入`,
        );
      }
    }
  }

  /** A cell longer than its field may be (src/io/roster/lengths.ts) is an error, its text shortened in the report. */
  private longCells(st: SheetState, limited: readonly { col: number; max: number; column: HeaderColumn }[], r: SheetRow): void {
    for (const { col, max, column } of limited) {
      const v = r.cells[col];
      if (typeof v !== 'string' || v.length <= max) continue;
      const length = [...v.trim()].length;
      if (length <= max) continue;
      this.ctx.error(
        'too-long',
        st.index,
        r.row,
        column,
        `${[...v].slice(0, 20).join('')}…`,
        `${column.header}不能超过 ${max} 个字符（本格有 ${length} 个字符）：请改正后重新导入`,
      );
    }
  }

  finish(): RosterParse {
    const ctx = this.ctx;
    const { drafts } = this.book;
    const regions = this.villages.build(drafts);
    const households: Household[] = [];
    const members: Member[] = [];
    const incomes = new IncomeForms(ctx, this.opts.incomeYear);

    checkWorkbook(ctx, this.book.memberRowCount);
    const known = checkHouseholdColumns(ctx, this.householdColumnsSeen, drafts.size);

    for (const d of drafts.values()) {
      const ref = d.firstMember ?? d.householdRow ?? d.first;
      if (!checkMembership(ctx, d, ref, this.book.memberRowCount > 0, this.book.hasHouseholdSheet)) continue;

      const okAttr = checkRequiredValue(ctx, d, ref, 'attribute', known.attributeKnown);
      const okStatus = checkRequiredValue(ctx, d, ref, 'status', known.statusKnown);
      const villageCode = this.villages.codeOf(d);
      if (villageCode === null) {
        if (known.locationKnown) {
          ctx.error(
            'missing-village',
            ref.sheet,
            ref.row,
            ctx.colIn(ref.sheet, 'village') ?? ctx.colIn(ref.sheet, 'villageCode'),
            null,
            `户编号“${d.id}”没有填写行政村（或行政区划代码）：请在该户的户主行填写`,
          );
        }
        continue;
      }
      if (!okAttr || !okStatus) continue;

      households.push(buildHousehold(d, villageCode, houseGrade(ctx, d)));
      for (const m of d.members) members.push(m);
      checkHouseholdSize(ctx, d);
      incomes.add(d, ref);
    }
    const incomeForms = incomes.finish();

    const tasks = this.tasks.build(drafts);
    const summary = {
      sheets: ctx.sheets.map((s) => s.summary),
      unknownColumns: ctx.unknownColumns,
      ignoredColumns: ctx.ignoredColumns,
    };
    const carried = carriedOf({
      household: this.householdColumnsSeen,
      member: this.memberColumnsSeen,
      village: this.villageColumnsSeen,
      villageRows: this.villages.rowCodes(),
      unnamedRegions: regions.filter((r) => r.name === r.code || r.name === MISSING_COUNTY || r.name === MISSING_TOWNSHIP).map((r) => r.code),
    });
    return { regions, households, members, incomes: incomeForms, tasks, issues: this.sortedIssues(), carried, summary };
  }

  /** In reading order: sheet, then row (sheet-level issues first), then column. */
  private sortedIssues(): RosterIssue[] {
    const ctx = this.ctx;
    const order = new Map(ctx.sheets.map((st, i) => [st.name, i]));
    const col = (c: string | null): number => (c === null ? -1 : columnIndex(c));
    return ctx.issues
      .map((issue, i) => ({ issue, i }))
      .sort(
        (a, b) =>
          (order.get(a.issue.sheet) ?? -1) - (order.get(b.issue.sheet) ?? -1) ||
          (a.issue.row ?? 0) - (b.issue.row ?? 0) ||
          col(a.issue.column) - col(b.issue.column) ||
          a.i - b.i,
      )
      .map((x) => x.issue);
  }
}

/** Reads a roster workbook into registry records. See the module comment for accepted layouts. */
export function parseRoster(wb: Workbook, opts: RosterParseOptions = {}): RosterParse {
  const parser = new RosterParser(opts);
  for (const sheet of wb.sheets) parser.parseSheet(sheet);
  return parser.finish();
}
