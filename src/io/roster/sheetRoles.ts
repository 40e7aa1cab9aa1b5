// What a sheet is: its header found, its columns bound to fields, its role decided by those
// fields (never by the sheet's name), and the columns its role requires.
import type { Sheet, SheetRow } from '../sheets/types.js';
import type { ParseContext, SheetRole, SheetState, SheetSummary } from './context.js';
import { HEADER_SCAN_ROWS, detectHeader } from './header.js';
import type { HeaderColumn } from './header.js';
import { field } from './profile.js';
import type { FieldDef } from './profile.js';

/** A sheet opened: its state, the rows read while looking for the header, and the rest. */
export interface OpenedSheet {
  st: SheetState;
  head: SheetRow[];
  rest: Iterator<SheetRow>;
}

/**
 * Finds the sheet's header and binds its columns to fields (the first column of a field wins,
 * later duplicates are reported). Null when the sheet is empty or its header is not found.
 */
export function openSheet(ctx: ParseContext, sheet: Sheet): OpenedSheet | null {
  const index = ctx.sheets.length;
  const summary: SheetSummary = { name: sheet.name, role: 'empty', headerRow: null, rowsRead: 0, rowsSkipped: 0 };
  const st: SheetState = { index, sheet, name: sheet.name, role: 'empty', header: null, cols: new Map(), summary };
  ctx.sheets.push(st);

  const rest = sheet.rows()[Symbol.iterator]();
  const head: SheetRow[] = [];
  let hasContent = false;
  while (head.length < HEADER_SCAN_ROWS) {
    const n = rest.next();
    if (n.done) break;
    head.push(n.value);
    if (!hasContent && n.value.cells.some((c) => c !== null && c !== '')) hasContent = true;
  }
  if (!hasContent) return null;
  const header = detectHeader(head, sheet.merges);
  if (!header) {
    st.role = summary.role = 'unrecognised';
    return null;
  }
  st.header = header;
  summary.headerRow = header.headerRow;

  for (const column of header.columns) {
    const def = column.field;
    if (!def) {
      ctx.unknownColumns.push({ sheet: sheet.name, column: column.letter, header: column.fullHeader });
      continue;
    }
    const first = st.cols.get(def.key);
    if (first) {
      if (def.target !== 'ignored') {
        ctx.warn(
          'duplicate-column',
          index,
          header.headerRow,
          column,
          column.header,
          `与${first.letter}列（${first.header}）是同一项内容，只读取${first.letter}列，本列未导入。如两列内容不同，请删除或改名其中一列`,
        );
      }
      continue;
    }
    st.cols.set(def.key, column);
  }
  const role = roleOf(st.cols);
  st.role = summary.role = role;
  if (role === 'unrecognised') return null;

  // Known columns that do not belong to this kind of sheet are not imported.
  for (const [key, column] of st.cols) {
    const def = field(key);
    if (def.target === 'ignored' || def.target === 'incomeTotal') {
      if (def.target === 'incomeTotal') ctx.ignoredColumns.push({ sheet: sheet.name, column: column.letter, header: column.fullHeader });
      continue;
    }
    if (!belongs(role, def)) {
      st.cols.delete(key);
      ctx.unknownColumns.push({ sheet: sheet.name, column: column.letter, header: column.fullHeader });
    }
  }
  return { st, head, rest };
}

function roleOf(cols: Map<string, HeaderColumn>): SheetRole {
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

function belongs(role: SheetRole, def: FieldDef): boolean {
  switch (role) {
    case 'roster':
      return def.target !== 'village' && def.target !== 'task';
    case 'household':
    case 'income':
      return (
        def.target === 'householdKey' || def.target === 'location' || def.target === 'household' || def.target === 'householdSize' || def.target === 'income'
      );
    case 'village':
      return def.target === 'location' || def.target === 'village';
    case 'task':
      return def.target === 'task' || def.target === 'householdKey' || def.target === 'memberKey';
    default:
      return false;
  }
}

/** Reports missing required columns; false when the sheet's rows cannot be read without them. */
export function checkRequired(ctx: ParseContext, st: SheetState): boolean {
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
    ctx.missingColumn(st, alternatives);
  }
  return ok;
}
